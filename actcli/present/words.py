"""The sentences actcli prints, built from the data the core and the analysis return.

Every phrase a user reads about a result is written here (or in the renderers that call these),
so that it can be checked, reworded or translated in one place.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from actcli.core.constants import SATURATION_FRACTION
from actcli.present.numbers import interval, label, num, value

if TYPE_CHECKING:
    from actcli.analysis.derivative import DerivativeRange
    from actcli.analysis.profile import Peak, Profile
    from actcli.analysis.properties import Properties, Saturation
    from actcli.analysis.verify import VectorCheck, Verification
    from actcli.analysis.zones import Zone
    from actcli.core.record import Interval, Kink
    from actcli.nn.init import Advice
    from actcli.nn.simulate import Summary
    from actcli.recommend.engine import Risk
    from actcli.recommend.rules import Rule

#: what simulate's loss is, in words
SIMULATE_LOSS = "mean squared error of a linear read-out (1 unit, Xavier) against N(0, 1) targets"
SATURATED = f"|f′| < {SATURATION_FRACTION:.0%} of sup |f′|"
SATURATION_DEFINITION = (
    f"left: the x below which |f′| < {SATURATION_FRACTION:.0%} of sup |f′| in a tail where f′ → 0 "
    "(right: above which); null where f′ does not tend to 0; undefined when sup |f′| is infinite"
)
MONOTONIC = {
    "increasing": "increasing (f′ ≥ 0)",
    "decreasing": "decreasing (f′ ≤ 0)",
    "none": "no (f′ changes sign)",
    "constant": "constant",
}


def monotonic(props: Properties) -> str:
    """Monotonicity in words; "none" says why: f′ takes both signs, or f jumps (a kink or a pole)."""
    dr = props.derivative_range
    if props.monotonic == "none" and (dr.lo >= 0 or dr.hi <= 0):
        return "no (f′ keeps one sign, but f jumps back at a kink or across a pole)"
    return MONOTONIC[props.monotonic]

CONVENTIONS = {
    "torch": "as PyTorch autograd",
    "jax": "as jax.grad (jnp.clip passes half the gradient at a tie)",
    "sympy": "by SymPy's convention Heaviside(0) = ½, sign(0) = 0",
}


#: how a gated activation's input splits, and how the transformers layout maps onto it
GATED_HALVES = ("halves along an axis: a first, b second (torch.nn.functional.glu); for transformers' "
                "act(gate_proj(x)) ⊗ up_proj(x) pass [up, gate]")
#: gpt-oss stores the halves interleaved (gate at even positions, linear at odd ones)
GATED_INTERLEAVED = "gpt-oss interleaves the halves: a = x[..., 1::2], b = x[..., ::2]"


def gated_method(lo: float, hi: float, a: float, b: float) -> str:
    return (f"Ridders' differences of f(a, b): in b over [{num(lo)}, {num(hi)}] with a = {num(a)}, in a over "
            f"the same range with b = {num(b)}, and at the point")


def domain(pieces: tuple[Interval, ...], analysed: Interval) -> str:
    """``f, f′ and f″ are finite for x > 0; analysed on (0, 7]``."""
    from actcli.analysis.window import domain_text

    where = domain_text(pieces).replace("<=", "≤").replace(">=", "≥").replace("!=", "≠").replace("-", "−")
    return f"f, f′ and f″ are finite for {where}; analysed on {interval(analysed)}"


def yes(v: bool) -> str:
    return "yes" if v else "no"


def zone(z: Zone) -> str:
    """``x < −5.986``, ``−0.5 < x < 0.5``, ``everywhere``."""
    if z.open_left and z.open_right:
        return "everywhere"
    if z.open_left:
        return f"x < {num(z.hi, 4)}"
    if z.open_right:
        return f"x > {num(z.lo, 4)}"
    return f"{num(z.lo, 4)} < x < {num(z.hi, 4)}"


def zones(found: list[Zone]) -> str:
    return ", ".join(zone(z) for z in found) if found else "none"


def derivative_where(dr: DerivativeRange) -> str:
    """Where |f′| peaks inside a window: ``at x = 0``, ``for 0 < x ≤ 7``."""
    if dr.attained_on is not None:
        iv = dr.attained_on
        left = "≤" if iv.lo_closed else "<"
        right = "≤" if iv.hi_closed else "<"
        return f"for {num(iv.lo, 4)} {left} x {right} {num(iv.hi, 4)}"
    if dr.approached:
        return f"approached as x → {num(dr.argmax, 4)} (not attained)"
    return f"at x = {num(dr.argmax, 4)}"


def where(iv: Interval, var: str = "x") -> str:
    """An interval as a condition on x: ``x = 1.414``, ``x > 0``, ``-3 < x ≤ 3``, ``all x``."""
    if iv.lo == iv.hi:
        return f"{var} = {num(iv.lo, 4)}"
    if math.isinf(iv.lo) and math.isinf(iv.hi):
        return f"all {var}"
    if math.isinf(iv.hi):
        return f"{var} {'≥' if iv.lo_closed else '>'} {num(iv.lo, 4)}"
    if math.isinf(iv.lo):
        return f"{var} {'≤' if iv.hi_closed else '<'} {num(iv.hi, 4)}"
    left = "≤" if iv.lo_closed else "<"
    right = "≤" if iv.hi_closed else "<"
    return f"{num(iv.lo, 4)} {left} {var} {right} {num(iv.hi, 4)}"


def _limit_point(x: float) -> str:
    return "x → ∞" if x == math.inf else "x → −∞" if x == -math.inf else f"x → {num(x, 4)}"


def sup_derivative(props: Properties) -> str:
    """``max |f′| = 1 for x > 0`` or ``sup |f′| = 1 (not attained; approached as x → ∞)``."""
    var = "u" if props.variable != "x" else "x"
    if not math.isfinite(props.sup_abs):
        return "sup |f′| = ∞ (unbounded)"
    if props.attained and props.period is not None:
        return (f"max |f′| = {num(props.sup_abs, 4)} at "
                + " and ".join(f"x = {num(iv.lo, 4)} + k·{num(props.period, 4)}" for iv in props.argmax) + " (k ∈ ℤ)")
    if props.attained:
        return f"max |f′| = {num(props.sup_abs, 4)} at " + " and ".join(where(iv, var) for iv in props.argmax)
    near = ", ".join(_limit_point(x).replace("x", var) for x in props.approached)
    return f"sup |f′| = {num(props.sup_abs, 4)}, not attained" + (f" (approached as {near})" if near else "")


def saturation(sat: Saturation, var: str = "x") -> str:
    """Per side: ``x < −5.989`` / ``dead for x ≤ 0`` / ``none``; ``undefined`` when sup |f′| = ∞."""
    if not sat.defined:
        return "undefined (sup |f′| = ∞)"
    parts = []
    if sat.left is not None:
        parts.append(("dead for " if sat.left_kind == "dead" else "") + f"{var} < {num(sat.left, 4)}")
    if sat.right is not None:
        parts.append(("dead for " if sat.right_kind == "dead" else "") + f"{var} > {num(sat.right, 4)}")
    if not parts and sat.left_kind == sat.right_kind == "dead":  # sparsemax, entmax15: at pᵢ = 0 and pᵢ = 1
        return "dead on both sides (pᵢ = 0 or pᵢ = 1)"
    return ", ".join(parts) if parts else "none (f′ does not tend to 0)"


def stationary(props: Properties) -> str:
    if not props.stationary:
        return "none"
    if props.period is not None:
        p = num(props.period, 4)
        step = f" + k·{num(props.f_step, 4)}" if props.f_step else ""
        return ", ".join(f"{s.kind} at x = {num(s.x, 4)} + k·{p} (f = {num(s.f, 4)}{step})"
                         for s in props.stationary) + " (k ∈ ℤ)"
    listed = ", ".join(f"{s.kind} at x = {num(s.x, 4)} (f = {num(s.f, 4)})" for s in props.stationary)
    if props.stationary_window is not None:
        lo, hi = props.stationary_window
        return f"{listed}; these for {num(lo)} ≤ x ≤ {num(hi)}, and infinitely many beyond"
    return listed


def output_set(props: Properties) -> str:
    return " ∪ ".join(interval(iv) if iv.lo != iv.hi else "{" + num(iv.lo) + "}" for iv in props.output_set)


#: the properties' names as the scope line lists them
SCOPE_NAMES = {"output_set": "output set", "monotonic": "monotonicity", "derivative_range": "f′ range",
               "argmax": "max |f′|", "saturation": "saturation", "stationary_points": "stationary points"}


def scope(props: Properties, where: str = "ℝ") -> str:
    if props.window is None:
        return f"proved on all of {where}"
    window = f"estimated on [{num(props.window[0])}, {num(props.window[1])}] (not proved)"
    if props.proved:
        return f"proved: {', '.join(SCOPE_NAMES[n] for n in props.proved)}; the rest {window}"
    return window


def peak(p: Peak) -> str:
    """Where sup |f′| is reached, for compare's table."""
    if p.at_s is not None:
        return "at uniform logits (sᵢ = 1/2 for two classes)" if p.attained else f"as sᵢ → {num(p.at_s)}"
    if not p.attained:
        if p.approached_at is None:
            return "(not attained)"
        return f"(not attained; approached as {_limit_point(p.approached_at)})"
    return "at " + " and ".join(where(iv) for iv in p.argmax)


def kink(k: Kink) -> str:
    """What happens to f′ at a kink and which value is used there."""
    return (
        f"f′ jumps from {num(k.left)} to {num(k.right)}"
        f"{'' if k.continuous else ' (f itself jumps)'}; "
        f"{num(k.derivative)} is used there, {CONVENTIONS[k.convention]}"
    )


def smoothness(order: int | None) -> str:
    if order is None:
        return "C∞"
    if order < 0:
        return "discontinuous"
    return f"C{order}"


def verification_method(v: Verification) -> str:
    what = "central differences of f" if v.order == 1 else "second differences of f"
    start = "0.1·min(max(1, |x|), |f/f′|, |f′/f″|)" if v.scaled else "0.1·max(1, |x|)"
    return f"{what}, Ridders-Richardson extrapolated from h = {start} down by 1.6 per step"


def vector_method(vc: VectorCheck) -> str:
    return f"central differences, h = {vc.step:g}, at z = [{', '.join(num(v) for v in vc.z)}]"


def cost_method(size: int, repeats: int) -> str:
    return (f"median over up to {repeats} back-to-back pairs of (time of f) / (time of a copy, what identity costs), "
            f"on the same {size:,} float64 values (in cache), one thread; ±20 % between runs on a quiet machine")


MEASURED_HOW = "actcli simulate: rms dZ of layer 1 ÷ layer 10, N(0,1) inputs, MSE read-out"


def risk(r: Risk) -> str:
    """One warning of ``recommend --current``."""
    name = label(r.act)
    if r.code == "avoided":
        return f"{name} is on the avoid list for hidden layers (see the rules below)"
    if r.code == "not_recommended":
        return f"the rules recommend {r.choice} here and do not list {name} among the alternatives ({r.rule})"
    if r.code == "linear":
        return (f"{name} is linear: a stack of linear layers collapses into a single linear map, "
                "so hidden layers need a non-linear activation")
    assert r.depth is not None and r.peak is not None and r.log10_bound is not None
    bound = _power_of_ten(r.log10_bound)
    if r.code == "vanishing":
        return (
            f"with {r.depth} {r.act.name} layers the activations' own factor in the gradient is at most "
            f"sup|f′|^{r.depth} = {r.peak:g}^{r.depth} ≈ {bound}: unless the weights scale it back, it vanishes"
        )
    return (
        f"sup|f′| = {r.peak:.4g} > 1: over {r.depth} layers the activations alone may amplify the "
        f"gradient up to {r.peak:.4g}^{r.depth} ≈ {bound}"
    )


def _power_of_ten(log10: float) -> str:
    """10^x as ``9.5e-07``, without overflowing for huge x."""
    if not math.isfinite(log10):
        return "∞"
    exponent = math.floor(log10)
    mantissa = 10 ** (log10 - exponent)
    if mantissa >= 9.95:
        mantissa, exponent = 1.0, exponent + 1
    return f"{mantissa:.1f}e{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"


def when(r: Rule) -> str:
    """The conditions of a rule: ``task=binary``, ``always``."""
    return ", ".join(f"{k}={'|'.join(v)}" for k, v in r.when.items()) or "always"


SCHEMES = {"he": "He (Kaiming)", "xavier": "Xavier (Glorot)", "lecun": "LeCun"}


def init_advice(a: Advice) -> str:
    """The advised init, where its gain comes from, and what torch's calculate_gain gives."""
    scheme = SCHEMES.get(a.scheme, a.scheme)
    torch = "torch has no calculate_gain entry" if a.torch_gain is None else f"torch's calculate_gain: {num(a.torch_gain, 4)}"
    if a.source == "method":
        why = f"fixed by the method (Var w = {num(a.gain * a.gain, 4)}/fan_in)"
        if a.torch_gain is not None and a.torch_spread is not None:
            why += f"; {torch}, under which mean-field Var Z spreads ×{num(a.torch_spread, 3)} over 20 layers"
    elif a.source == "torch":
        why = f"{torch}; it keeps mean-field Var Z constant"
    elif a.source == "variance":
        why = "the one-layer variance gain 1/√E[f(Z)²]; the 20-layer search is not run for expressions"
    elif a.source == "torch-unmet":
        why = (f"{torch}, kept: no gain within a factor 2 of the variance gain keeps mean-field Var Z "
               "within ×2 over 20 layers")
    else:
        why = ("computed: the gain nearest the variance gain whose mean-field Var Z stays within ×2 over 20 layers"
               if a.spread <= 2 else "computed: the gain within a factor 2 of the variance gain whose mean-field "
               "Var Z stays in the narrowest band over 20 layers")
        if a.torch_gain is not None and a.torch_spread is not None:
            why += f"; {torch} lets it spread ×{num(a.torch_spread, 3)}"
        else:
            why += f"; {torch}"
    band = ""
    if math.isfinite(a.spread):
        band = f"; mean-field Var Z spread over 20 layers ×{num(a.spread, 3)}"
    if a.source == "method" and a.unmet is not None:
        mean, sd, top = a.unmet
        band += (f"; Var Z spreads ×{num(mean, 3)} ± {num(sd, 2)} (max ×{num(top, 3)}) over 20 layers of width "
                 "256 in simulate (batch 64, 5 seeds): the ×2 band is not met")
    return f"{scheme}, gain {num(a.gain, 4)} ({why}{band}){_lsuv(a)}"


def _lsuv(a: Advice) -> str:
    """Why LSUV follows the gain, and the measured band where even it misses ×2."""
    if not a.lsuv:
        return ""
    if a.spread > math.sqrt(2):
        reason = f"mean-field Var Z alone spreads ×{num(a.spread, 3)} over 20 layers"
    else:
        reason = (f"the mean-field map's slope d log q'/d log q at its fixed point is {num(a.slope, 3)}, so the "
                  "random drift of Var Z at finite width is not damped")
    out = (f"; then LSUV (Mishkin & Matas 2016): orthogonal weights times this gain, each later layer rescaled "
           f"on one mini-batch to the first layer's Var Z, because {reason}")
    if a.unmet is not None and math.isinf(a.unmet[0]):
        out += ("; even so Var Z does not stay bounded: over 20 layers of width 256 in simulate (batch 64, "
                "5 seeds) it overflows or underflows, since f grows like x² and each layer squares what is "
                "left of LSUV's calibration error: the ×2 band is not met")
    elif a.unmet is not None:
        mean, sd, top = a.unmet
        out += (f"; even so Var Z spreads ×{num(mean, 3)} ± {num(sd, 2)} (max ×{num(top, 3)}) over 20 layers "
                "of width 256 in simulate (batch 64, 5 seeds): the ×2 band is not met")
    return out


def gain(p: Profile) -> str:
    a = p.init
    scheme = SCHEMES.get(a.scheme, a.scheme)
    torch = "none" if a.torch_gain is None else num(a.torch_gain, 4)
    return f"{scheme}, gain {num(a.gain, 4)}{' + LSUV' if a.lsuv else ''} (torch: {torch})"


def kinks_text(p: Profile) -> str:
    if not p.differentiable and not p.kinks:  # sparsemax: piecewise linear in z
        return "not where the support changes (∂pᵢ := 0 at its edge)"
    if not p.kinks:
        return "everywhere"
    return "not at " + "; ".join(f"x = {num(k.x)} (f′ := {num(k.derivative)})" for k in p.kinks)


CRITERIA = (
    "1 non-linearity",
    "2 differentiability",
    "3 monotonicity",
    "4 output range",
    "5 compute efficiency",
    "6 gradient propagation",
    "set-up",
)


def comparison_rows(profiles: list[Profile]) -> list[tuple[str, str, list[str]]]:
    """(criterion, property, one text per activation): the table, Markdown and CSV share it."""
    rows: list[tuple[str, str, list[str]]] = []

    def add(group: str, name: str, fn: Callable[[Profile], str]) -> None:
        rows.append((group, name, [fn(p) for p in profiles]))

    c = CRITERIA
    if any(p.domain is not None for p in profiles):
        add(c[0], "domain", lambda p: "all of ℝ" if p.domain is None or p.analysed is None
            else domain(p.domain, p.analysed).replace("f, f′ and f″ are ", ""))
    add(c[0], "non-linear", lambda p: yes(p.nonlinear))
    add(c[0], "≈ identity near 0", lambda p: yes(p.identity_near_zero))
    add(c[1], "differentiable", kinks_text)
    add(c[1], "smoothness", lambda p: smoothness(p.smoothness))
    add(c[2], "monotonic", lambda p: monotonic(p.props) + (" in own logit" if p.act.kind == "vector" else ""))
    add(c[2], "stationary points", lambda p: stationary(p.props))
    add(c[3], "output set", lambda p: output_set(p.props))
    add(c[3], "zero-centred", lambda p: (
        "n/a (E[f(Z)] needs f on all of ℝ)" if p.domain is not None
        else yes(p.zero_centered) if p.mean_output is None
        else f"{yes(p.zero_centered)} (E[f(Z)] = {num(0.0 if abs(p.mean_output) < 1e-12 else p.mean_output, 3)})"))
    add(c[4], "operations", lambda p: p.cost.ops)
    add(c[4], "time ÷ identity", lambda p: "not measured" if p.cost.relative is None else f"{p.cost.relative:.1f}×")
    add(c[5], "f′ range", lambda p: interval(p.derivative_range) + (" (∂sᵢ/∂zᵢ, K ≥ 2)" if p.act.kind == "vector" else ""))
    add(c[5], "sup |f′|", lambda p: sup_derivative(p.props))
    add(c[5], "saturates (<1% of sup)", lambda p: saturation(p.props.saturation, "x" if p.act.kind != "vector" else "u"))
    add(c[5], "dead zone (f′ ≡ 0)", lambda p: "n/a (vector)" if p.act.kind == "vector" else zones(p.dead_zones))
    for n in sorted(profiles[0].depth_factor) if profiles else ():
        add(c[5], f"sup|f′|^{n} ({n} layers)", lambda p, n=n: (  # type: ignore[misc]
            "unbounded" if math.isinf(p.depth_factor[n]) else num(p.depth_factor[n], 3)))
    if any(p.measured for p in profiles):
        add(c[5], "measured dZ₁ ÷ dZ₁₀", lambda p: (
            num(p.measured["gradient_ratio"], 3) + (f" (init {p.measured['init']})") if p.measured else "n/a"))
    add(c[6], "parameters", lambda p: ", ".join(f"{k}={value(v)}" for k, v in p.act.params.items()) or "—")
    add(c[6], "weight init", gain)
    add(c[6], "variance gain 1/rms", lambda p: "—" if p.init.variance_gain is None else num(p.init.variance_gain, 4))
    add(c[6], "scope", lambda p: scope(p.props))
    return rows


def simulate_verdict(s: Summary) -> str:
    """What the gradient did, named: stable, vanishing, exploding, overflow or dead."""
    from actcli.present.numbers import sci

    ratio = sci(s.gradient_ratio)
    if s.verdict == "overflow":
        return (f"OVERFLOW: {s.nonfinite} — the forward or backward pass produced inf or NaN "
                f"(from layer {s.first_nonfinite_layer}); no gradient ratio is meaningful")
    if s.verdict == "dead":
        what = "every gradient is exactly 0" if s.zero_gradients else "the units collapsed"
        return f"DEAD: {what} (dead units {s.dead_fraction:.1%}, saturated {s.saturated_fraction:.1%})"
    if s.verdict == "vanishing":
        where = "" if s.vanishes_at_layer is None else (
            f"; it falls below 1% of the last layer's by layer {s.vanishes_at_layer} "
            f"({s.layers_to_vanish} layers back from the output)")
        return f"VANISHING: layer 1 ÷ last = {ratio} (below 1/100){where}"
    if s.verdict == "exploding":
        return f"EXPLODING: layer 1 ÷ last = {ratio} (above 100)"
    return f"stable: layer 1 ÷ last = {ratio}, within 1/100 to 100"


