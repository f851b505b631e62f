"""Write docs/seed-claims.md: each claim of the seed tutorial, what actcli measures about it, the
command that shows it, and whether the measurement supports it (``make seed-claims``;
tests/test_meta.py fails when the file drifts from what this script writes).

Every number and verdict below is computed here from actcli's own results; only the tutorial's
claims themselves are typed in (paraphrased into English from the Chinese original).
"""

from __future__ import annotations

import math
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this source tree, not an installed copy

import numpy as np  # noqa: E402

import actcli  # noqa: E402
from actcli.analysis.derive import derive  # noqa: E402
from actcli.analysis.profile import Profile, profile  # noqa: E402
from actcli.core.record import Interval  # noqa: E402
from actcli.nn.simulate import simulate  # noqa: E402
from actcli.present.numbers import interval, num  # noqa: E402
from actcli.recommend.rules import RULES  # noqa: E402

OUT = ROOT / "docs" / "seed-claims.md"
SEEDS = (0, 1, 2, 3, 4)
NET = {"depth": 10, "width": 128, "batch": 128}  # as compare's measured row
INF = float("inf")

SUPPORTED, LOOSE, CONTRADICTED, ELSEWHERE = "supported", "supported, loosely", "**contradicted**", "not measured here"


@dataclass(frozen=True)
class Claim:
    where: str  # the tutorial's section
    says: str  # the claim, in English
    measured: str  # what actcli finds
    command: str  # the command that shows it
    verdict: str


# --- the tutorial's six criteria for each of its six functions (§2.2–2.7), as it states them --------

SIX = {
    # name: (section, non-linear, differentiable, monotonic, output range, cost words, cheap?, gradient words)
    "sigmoid": ("§2.2", True, True, True, Interval(0, 1, False, False), "slower (exponential)", False,
                "may cause vanishing gradients"),
    "tanh": ("§2.3", True, True, True, Interval(-1, 1, False, False), "slower (exponential)", False,
             "somewhat better than sigmoid, may still vanish"),
    "relu": ("§2.4", True, False, True, Interval(0, INF, True, False), "efficient", True,
             "effective, less vanishing, but may cause dead neurons"),
    "leaky_relu": ("§2.5", True, True, True, Interval(-INF, INF, False, False), "efficient", True,
                   "effective, fewer dead neurons"),
    "softmax": ("§2.6", True, True, True, Interval(0, 1, True, True), "moderate (exponentials, a normalisation)",
                False, "effective, suits back-propagation"),
    "identity": ("§2.7", False, True, True, Interval(-INF, INF, False, False), "efficient", True,
                 "no effect: the gradient neither vanishes nor explodes"),
}


def row(*cells: str) -> str:
    """A Markdown table row; a literal | (as in |x|) would end its cell on GitHub."""
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def yes(v: bool) -> str:
    return "yes" if v else "no"


def same_interval(a: Interval, b: Interval) -> tuple[bool, bool]:
    """(same ends, same ends and brackets)."""
    ends = a.lo == b.lo and a.hi == b.hi
    return ends, ends and a.lo_closed == b.lo_closed and a.hi_closed == b.hi_closed


def differentiable_text(p: Profile) -> str:
    if not p.kinks:
        return "yes, everywhere"
    return "no: " + "; ".join(f"f′ jumps from {num(k.left)} to {num(k.right)} at x = {num(k.x)}" for k in p.kinks)


def expensive(ops: str) -> bool:
    return any(word in ops for word in ("exp", "tanh", "erf", "log"))


def gradient_text(p: Profile) -> tuple[str, bool]:
    """What actcli finds about gradient propagation, and whether it bears out the tutorial's words."""
    name = p.act.name
    peak = p.peak.value
    if p.act.kind == "vector":
        report = derive(p.act)
        assert report.vector is not None
        err = report.vector.cross_entropy_max_abs_error
        return (f"with cross-entropy ∂L/∂z = s − y, checked by finite differences (max error {err:.0e}); "
                f"|∂sᵢ/∂zᵢ| ≤ {num(peak)}", err < 1e-6)
    edge = saturation_edge(p)
    sat = f"|x| > {num(edge, 4)}" if edge is not None else "nowhere"
    if name in ("sigmoid", "tanh"):
        bound = p.depth_factor.get(5, peak**5)
        text = f"max |f′| = {num(peak)}, so 5 layers pass back at most {num(bound, 3)}; saturated for {sat}"
        return text, edge is not None and peak <= 1
    if p.dead_zones:
        return f"f′ = 1 for x > 0 (never saturates there); dead zone (f′ ≡ 0) for {dead(p)}", peak == 1
    lo, hi = p.derivative_range.lo, p.derivative_range.hi
    if lo == hi:
        return f"f′ ≡ {num(lo)}: passes the gradient back unchanged", True
    return (f"f′ between {num(lo)} and {num(hi)}: no dead zone, nothing saturates",
            not p.dead_zones and saturation_edge(p) is None)


def saturation_edge(p: Profile) -> float | None:
    """Where |f′| falls below 1 % of its supremum on the right, in a saturating tail (None if not)."""
    sat = p.props.saturation
    return sat.right if sat.right is not None and sat.right_kind == "saturating" else None


def monotonic(p: Profile) -> bool:
    return p.monotonic in ("increasing", "decreasing", "constant")


def dead(p: Profile) -> str:
    return ", ".join("x < " + num(z.hi) for z in p.dead_zones)


def six_criteria(profiles: dict[str, Profile]) -> list[str]:
    rows = ["| function | criterion | the tutorial says | actcli finds | verdict |", "|---|---|---|---|---|"]
    for name, (where, nonlin, diff, mono, rng, cost_words, cheap, grad_words) in SIX.items():
        p = profiles[name]
        ends, exact = same_interval(rng, p.output_range)
        grad_found, grad_ok = gradient_text(p)
        cells = [
            ("non-linearity", yes(nonlin), yes(p.nonlinear), SUPPORTED if nonlin == p.nonlinear else CONTRADICTED),
            ("differentiability", yes(diff), differentiable_text(p),
             SUPPORTED if diff == p.differentiable else CONTRADICTED),
            ("monotonicity", yes(mono),
             p.monotonic + (" in its own logit (each output rises with its own logit, falls with the others)"
                            if p.act.kind == "vector" else ""),
             SUPPORTED if mono == monotonic(p) else CONTRADICTED),
            ("output range", interval(rng) + (", summing to 1" if p.act.kind == "vector" else ""),
             interval(p.output_range) + (" (the ends are limits, not reached in exact arithmetic)"
                                         if not exact and ends else ""),
             SUPPORTED if exact else LOOSE if ends else CONTRADICTED),
            ("compute efficiency", cost_words, f"{p.cost.ops} per value",
             SUPPORTED if cheap != expensive(p.cost.ops) else CONTRADICTED),
            ("gradient propagation", grad_words, grad_found, SUPPORTED if grad_ok else CONTRADICTED),
        ]
        for i, (criterion, says, found, verdict) in enumerate(cells):
            label = f"`{name}` ({where})" if i == 0 else ""
            rows.append(row(label, criterion, says, found, verdict))
    return rows


# --- the claims in the text ------------------------------------------------------------------------


def spread(values: list[float], fmt: Callable[[float], str]) -> str:
    """mean ± standard deviation over the seeds, with the range."""
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{fmt(mean)} ± {fmt(sd)} (from {fmt(min(values))} to {fmt(max(values))})"


def runs(name: str, init: str | None = None) -> list[actcli.Activation]:  # type: ignore[name-defined]
    return [simulate(actcli.get(name), seed=s, init=init, **NET) for s in SEEDS]  # type: ignore[arg-type]


def text_claims(profiles: dict[str, Profile]) -> list[Claim]:
    sig, tanh, relu = actcli.get("sigmoid"), actcli.get("tanh"), actcli.get("relu")
    out: list[Claim] = []
    net = f"depth {NET['depth']}, width {NET['width']}, batch {NET['batch']}, seeds {SEEDS[0]}–{SEEDS[-1]}"
    sim = "actcli simulate {} --seed S"

    d_range = profiles["sigmoid"].derivative_range
    out.append(Claim("§2.2", "sigmoid′ takes values in (0, 0.25)", f"f′ over ℝ: {interval(d_range)}: "
                     f"0.25 is reached, at x = 0", "actcli derive sigmoid",
                     LOOSE if d_range.hi == 0.25 and d_range.hi_closed else CONTRADICTED))
    f5 = float(sig.derivative(5.0))
    edge = saturation_edge(profiles["sigmoid"]) or math.inf
    out.append(Claim("§2.2", "for inputs below −5 or above 5 sigmoid′ is close to 0",
                     f"σ′(5) = {num(f5, 3)}, {f5 / 0.25:.1%} of its maximum; below 1% of it for |x| > {num(edge, 4)}",
                     "actcli derive sigmoid --at 5", SUPPORTED if f5 / 0.25 < 0.05 else CONTRADICTED))
    out.append(Claim("§2.2", "outputs differ clearly only for inputs in [−5, 5], best in [−3, 3]",
                     f"σ(3) = {num(float(sig(3.0)), 4)}, σ(5) = {num(float(sig(5.0)), 4)}, σ(100) = 1 in float64",
                     "actcli derive sigmoid --at 3 --at 5 --at 100", SUPPORTED))
    bound = profiles["sigmoid"].depth_factor.get(5, 0.25**5)
    # the claim is about sigmoid networks as the seed's era built them (Xavier, calculate_gain 1);
    # actcli's advice (LSUV) is measured beside it
    sig_runs = runs("sigmoid", "xavier")
    back = [float(r.summary.layers_to_vanish) for r in sig_runs if r.summary.layers_to_vanish is not None]
    ratio = [r.summary.gradient_ratio for r in sig_runs]
    within = len(back) == len(sig_runs) and max(back) <= 5
    advised = runs("sigmoid")
    a_back = [float(r.summary.layers_to_vanish) for r in advised if r.summary.layers_to_vanish is not None]
    out.append(Claim(
        "§2.2", "a sigmoid network's gradient vanishes within 5 layers",
        f"bound: 5 layers of σ′ ≤ 1/4 pass back at most 0.25⁵ = {num(bound, 3)}. Measured ({net}, "
        f"{sig_runs[0].init} init): rms dZ falls below 1% of the last layer's "
        + (f"{spread(back, lambda v: f'{v:.1f}')} layers back from the output" if back else "in no run")
        + f"; layer 1 ÷ layer 10 = {spread(ratio, lambda v: f'{v:.2e}')}. With actcli's advice ({advised[0].init} "
        f"init) it falls below 1% " + (f"{spread(a_back, lambda v: f'{v:.1f}')} layers back" if a_back else "in no run")
        + f", layer 1 ÷ layer 10 = {spread([r.summary.gradient_ratio for r in advised], lambda v: f'{v:.2e}')}",
        sim.format("sigmoid") + " --init xavier", SUPPORTED + " (Xavier init)" if within else CONTRADICTED))
    mean = profiles["sigmoid"].mean_output
    out.append(Claim("§2.2", "sigmoid is not zero-centred, which slows convergence",
                     f"E[σ(Z)] = {num(mean or 0.0, 3)} for Z ~ N(0, 1): not zero-centred. Convergence is a training "
                     "claim: see [the training claims](seed-claims-training.md)", "actcli compare sigmoid tanh",
                     SUPPORTED + " (first half)" if mean and abs(mean) > 0.1 else CONTRADICTED))
    out.append(Claim("§2.2", "sigmoid is generally used only for binary output layers",
                     "rule `output-binary-sigmoid`; rule `hidden-avoid-sigmoid` keeps it out of hidden layers",
                     "actcli recommend --task binary", SUPPORTED if rule_uses("output-binary-sigmoid", "sigmoid")
                     else CONTRADICTED))

    t25 = float(tanh(2.5))
    out.append(Claim("§2.3", "tanh maps inputs below −2.5 or above 2.5 to about −1 or 1",
                     f"tanh(2.5) = {num(t25, 4)}", "actcli derive tanh --at 2.5", SUPPORTED if t25 > 0.98 else LOOSE))
    t_range = profiles["tanh"].derivative_range
    out.append(Claim("§2.3", "tanh′ takes values in (0, 1)", f"f′ over ℝ: {interval(t_range)}: 1 is reached, at x = 0",
                     "actcli derive tanh", LOOSE if t_range.hi == 1 and t_range.hi_closed else CONTRADICTED))
    t_edge = saturation_edge(profiles["tanh"]) or math.inf
    out.append(Claim("§2.3", "tanh′ is close to 0 for inputs below −3 or above 3",
                     f"|tanh′| below 1% of its maximum for |x| > {num(t_edge, 4)}", "actcli derive tanh",
                     SUPPORTED if abs(t_edge - 3) < 0.25 else LOOSE))
    t_mean = profiles["tanh"].mean_output or 0.0
    out.append(Claim("§2.3", "tanh is zero-centred", f"E[tanh(Z)] = {num(0.0 if abs(t_mean) < 1e-12 else t_mean)}, "
                     "and tanh is odd", "actcli compare tanh",
                     SUPPORTED if profiles["tanh"].zero_centered else CONTRADICTED))
    out.append(Claim("§2.3", "being zero-centred, tanh converges faster than sigmoid, with fewer iterations",
                     "a training claim: see [the training claims](seed-claims-training.md)", "—", ELSEWHERE))
    out.append(Claim("§2.3", "tanh is common in recurrent networks (RNN)",
                     "rule `hidden-tanh-for-rnn` (PyTorch's nn.RNN defaults to tanh)",
                     "actcli recommend --architecture rnn --layer hidden",
                     SUPPORTED if rule_uses("hidden-tanh-for-rnn", "tanh") else CONTRADICTED))

    r = profiles["relu"]
    values = np.unique(np.asarray(relu.derivative(np.linspace(-7.0, 7.0, 1401))))
    out.append(Claim("§2.4", "relu′ is 0 for x < 0 and does not saturate for x > 0; it takes only the values 0 and 1",
                     f"f′ takes {', '.join(num(float(v)) for v in values)} on [−7, 7]; dead zone {dead(r)}",
                     "actcli derive relu", SUPPORTED if set(values.tolist()) == {0.0, 1.0} else CONTRADICTED))
    relu_runs = runs("relu")
    dead_share = [100 * x.summary.dead_fraction for x in relu_runs]
    out.append(Claim("§2.4", "as training goes on, some inputs fall below 0 and their weights stop updating "
                     "(\"dead neurons\")",
                     f"at initialisation ({net}, {relu_runs[0].init} init) {spread(dead_share, lambda v: f'{v:.1f}%')} "
                     "of units are dead for the whole batch, averaged over layers; what training does to that: "
                     "see [the training claims](seed-claims-training.md)", sim.format("relu"),
                     SUPPORTED + " (at initialisation)" if min(dead_share) > 0 else CONTRADICTED))
    out.append(Claim("§2.4", "dead neurons can also ease overfitting", "not measured: it needs held-out data", "—",
                     ELSEWHERE))
    leaky_runs = runs("leaky_relu")
    leaky_dead = [100 * x.summary.dead_fraction for x in leaky_runs]
    out.append(Claim("§2.5", "Leaky ReLU avoids dead neurons",
                     f"f′ ≥ {num(profiles['leaky_relu'].derivative_range.lo)} everywhere, no dead zone; measured "
                     f"({net}): {spread(leaky_dead, lambda v: f'{v:.1f}%')} dead units", sim.format("leaky_relu"),
                     SUPPORTED if max(leaky_dead) == 0 and not profiles["leaky_relu"].dead_zones else CONTRADICTED))

    softmax = actcli.get("softmax")
    zs = np.linspace(-30.0, 30.0, 601)
    pairs = np.stack([zs, np.zeros_like(zs)], axis=-1)
    gap = float(np.max(np.abs(np.asarray(softmax(pairs))[:, 0] - np.asarray(sig(zs)))))
    out.append(Claim("§2.6", "softmax generalises sigmoid to several classes",
                     f"softmax([z, 0])₁ = σ(z): largest difference {gap:.0e} over z ∈ [−30, 30]",
                     "actcli derive softmax --at 2 --at 0", SUPPORTED if gap < 1e-15 else CONTRADICTED))
    report = derive(softmax)
    assert report.vector is not None
    err = report.vector.cross_entropy_max_abs_error
    out.append(Claim("§2.6", "with cross-entropy the softmax gradient simplifies to s − y",
                     f"∂L/∂z = s − y, checked by finite differences: max error {err:.0e}",
                     "actcli derive softmax --at 1 --at 2 --at 3", SUPPORTED if err < 1e-6 else CONTRADICTED))
    i_range = profiles["identity"].derivative_range
    out.append(Claim("§2.7", "identity′ is always 1", f"f′ over ℝ: {interval(i_range)}", "actcli derive identity",
                     SUPPORTED if i_range.lo == i_range.hi == 1 else CONTRADICTED))
    return out


# --- the selection rules (§2.8) --------------------------------------------------------------------

SELECTION = (
    ("hidden layers: prefer ReLU", "hidden-relu-default", "relu", "actcli recommend --layer hidden"),
    ("if ReLU does not work well, try others such as Leaky ReLU", "hidden-leaky-when-dead", "leaky_relu",
     "actcli recommend --layer hidden --symptom dead-neurons"),
    ("with ReLU, watch for dead units; avoid large gradients that kill too many", "hidden-leaky-when-dead", None,
     "actcli recommend --explain hidden-leaky-when-dead"),
    ("tanh may be tried; do not use sigmoid", "hidden-avoid-sigmoid", None, "actcli recommend --explain hidden-avoid-sigmoid"),
    ("output layer, binary classification: sigmoid", "output-binary-sigmoid", "sigmoid", "actcli recommend --task binary"),
    ("output layer, multiclass classification: softmax", "output-multiclass-softmax", "softmax",
     "actcli recommend --task multiclass"),
    ("output layer, regression: identity", "output-regression-identity", "identity", "actcli recommend --task regression"),
)


def rule_uses(rule_id: str, choice: str | None) -> bool:
    rule = next((r for r in RULES if r.id == rule_id), None)
    return rule is not None and (choice is None or rule.choice == choice)


def selection_rows() -> list[str]:
    rows = ["| the tutorial says | actcli's rule | command | verdict |", "|---|---|---|---|"]
    for says, rule_id, choice, command in SELECTION:
        rule = next(r for r in RULES if r.id == rule_id)
        what = f"`{rule_id}`: " + "; ".join(part for part in (
            f"use {rule.choice}" if rule.choice else "", "avoid " + ", ".join(rule.avoid) if rule.avoid else "") if part)
        if rule_id == "hidden-avoid-sigmoid":
            default = next(r for r in RULES if r.id == "hidden-relu-default")
            ok = "sigmoid" in rule.avoid and "tanh" in default.alternatives
            what += "; tanh is among the alternatives of `hidden-relu-default`" if ok else ""
        elif choice is None:
            ok = "learning rate" in rule.why
            what = f"`{rule_id}` says why: \"{rule.why.split('. ')[-1].rstrip('.')}\""
        else:
            ok = rule_uses(rule_id, choice)
        rows.append(row(says, what, f"`{command}`", "adopted" if ok else CONTRADICTED))
    return rows


def render() -> str:
    profiles = {n: profile(actcli.get(n), timing=False, measure=False) for n in SIX}
    claims = text_claims(profiles)
    lines = [
        "# What the seed tutorial claims, and what actcli measures",
        "",
        "actcli grew out of a Chinese-language tutorial on neural-network basics and common activation "
        "functions (\"the seed tutorial\"). This page lists its claims, what actcli computes about each, the "
        "command that shows it, and whether the result supports the claim. It is written by "
        "`scripts/seed_claims.py` from actcli's own results (`make seed-claims`); a test fails when it drifts. "
        "Claims about training (convergence speed, units dying during training) are measured in "
        "[seed-claims-training.md](seed-claims-training.md).",
        "",
        "Verdicts: *supported*; *supported, loosely* (right in substance, imprecise in a detail the row names); "
        "**contradicted**; *not measured here*.",
        "",
        "## The six criteria for each function (§2.1–2.7)",
        "",
        "Computed by `actcli compare sigmoid tanh relu leaky_relu softmax identity --no-timing`. Compute "
        "efficiency is judged by the operations per value (exponentials cost more than comparisons); the "
        "time each takes is machine-dependent and shown by `actcli compare` itself.",
        "",
        *six_criteria(profiles),
        "",
        "## Claims in the text",
        "",
        "| § | the tutorial says | actcli finds | command | verdict |",
        "|---|---|---|---|---|",
        *[row(c.where, c.says, c.measured, "—" if c.command == "—" else f"`{c.command}`", c.verdict) for c in claims],
        "",
        "## The selection rules (§2.8)",
        "",
        *selection_rows(),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.exists() and OUT.read_text(encoding="utf-8") == text else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
