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
    from actcli.analysis.verify import VectorCheck, Verification
    from actcli.analysis.zones import Zone
    from actcli.core.record import Interval, Kink
    from actcli.recommend.engine import Risk
    from actcli.recommend.rules import Rule

#: what simulate's loss is, in words
SIMULATE_LOSS = "mean squared error of a linear read-out (1 unit, Xavier) against N(0, 1) targets"
SATURATED = f"|f′| < {SATURATION_FRACTION:.0%} of max"

CONVENTIONS = {
    "torch": "as PyTorch autograd",
    "sympy": "by SymPy's convention Heaviside(0) = ½, sign(0) = 0",
}


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


def peak(p: Peak) -> str:
    """Where sup |f′| is reached, for compare's table."""
    if p.at_s is not None:
        return "at uniform logits (sᵢ = 1/2 for two classes)" if p.attained else f"as sᵢ → {num(p.at_s)}"
    if not p.attained:
        if p.approached_at is not None and math.isinf(p.approached_at):
            return "as x → ∞" if p.approached_at > 0 else "as x → −∞"
        return f"approached as x → {num(p.approached_at or 0.0, 4)} (not attained)"
    parts = []
    for iv in p.argmax:
        if iv.lo == iv.hi:
            parts.append(f"at x = {num(iv.lo, 4)}")
        elif math.isinf(iv.hi):
            parts.append(f"for x {'≥' if iv.lo_closed else '>'} {num(iv.lo, 4)}")
        else:
            left = "≤" if iv.lo_closed else "<"
            right = "≤" if iv.hi_closed else "<"
            parts.append(f"for {num(iv.lo, 4)} {left} x {right} {num(iv.hi, 4)}")
    return ", ".join(parts)


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
    scale = "min(max(1, |x|), |f/f′|, |f′/f″|)" if v.scaled else "max(1, |x|)"
    if v.order == 1:
        return f"5-point central differences of f, h = ε^(1/5)·{scale}"
    return f"5-point second differences of f, h = ε^(1/6)·{scale}"


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
        return f"the rules recommend {r.choice} here, not {name} ({r.rule})"
    assert r.depth is not None and r.peak is not None and r.log10_bound is not None
    bound = _power_of_ten(r.log10_bound)
    if r.code == "vanishing":
        return (
            f"with {r.depth} {r.act.name} layers the activations alone scale the gradient by at most "
            f"max|f′|^{r.depth} = {r.peak:g}^{r.depth} ≈ {bound}: expect it to vanish"
        )
    return (
        f"max|f′| = {r.peak:.4g} > 1: over {r.depth} layers the activations alone may amplify the "
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


def gain(p: Profile) -> str:
    scheme = {"he": "He (Kaiming)", "xavier": "Xavier (Glorot)", "lecun": "LeCun"}[p.init_scheme]
    return f"{scheme}, gain {num(p.init_gain, 4)}" if p.init_gain is not None else f"{scheme}, no torch gain"


def kinks_text(p: Profile) -> str:
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
    add(c[0], "non-linear", lambda p: yes(p.nonlinear))
    add(c[0], "≈ identity near 0", lambda p: yes(p.identity_near_zero))
    add(c[1], "differentiable", kinks_text)
    add(c[1], "smoothness", lambda p: smoothness(p.smoothness))
    add(c[2], "monotonic", lambda p: yes(p.monotonic))
    add(c[3], "output range", lambda p: interval(p.output_range))
    add(c[3], "zero-centred", lambda p: (
        yes(p.zero_centered) if p.mean_output is None
        else f"{yes(p.zero_centered)} (E[f(Z)] = {num(0.0 if abs(p.mean_output) < 1e-12 else p.mean_output, 3)})"))
    add(c[4], "operations", lambda p: p.cost.ops)
    add(c[4], "time ÷ identity", lambda p: "not measured" if p.cost.relative is None else f"{p.cost.relative:.1f}×")
    add(c[5], "f′ range", lambda p: interval(p.derivative_range))
    add(c[5], "max |f′|", lambda p: f"{num(p.peak.value, 4)} {peak(p.peak)}".strip())
    add(c[5], "saturated (<1% of max)", lambda p: "n/a (vector)" if p.act.kind == "vector" else zones(p.saturation))
    add(c[5], "dead zone (f′ ≡ 0)", lambda p: "n/a (vector)" if p.act.kind == "vector" else zones(p.dead_zones))
    for n in sorted(profiles[0].depth_factor) if profiles else ():
        add(c[5], f"max|f′|^{n} ({n} layers)", lambda p, n=n: (  # type: ignore[misc]
            "unbounded" if math.isinf(p.depth_factor[n]) else num(p.depth_factor[n], 3)))
    if any(p.measured for p in profiles):
        add(c[5], "measured dZ₁ ÷ dZ₁₀", lambda p: (
            num(p.measured["gradient_ratio"], 3) + (f" (init {p.measured['init']})") if p.measured else "n/a"))
    add(c[6], "parameters", lambda p: ", ".join(f"{k}={value(v)}" for k, v in p.act.params.items()) or "—")
    add(c[6], "weight init", gain)
    add(c[6], "variance gain 1/rms", lambda p: "—" if p.variance_gain is None else num(p.variance_gain, 4))
    return rows


def simulate_verdict(vanishes_at_layer: int | None, layers_to_vanish: int | None) -> str:
    if vanishes_at_layer is not None:
        return (f"falls below 1% of the last layer's by layer {vanishes_at_layer} "
                f"({layers_to_vanish} layers back from the output)")
    return "stays above 1% of the last layer's in every layer"


