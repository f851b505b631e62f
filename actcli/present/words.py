"""The sentences actcli prints, built from the data the core and the analysis return.

Every phrase a user reads about a result is written here (or in the renderers that call these),
so that it can be checked, reworded or translated in one place.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from actcli import i18n
from actcli.core.constants import SATURATION_FRACTION
from actcli.i18n import N_, _
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


@contextmanager
def english() -> Iterator[None]:
    """Words in English while the block runs: JSON and CSV are data, the same in every language."""
    saved = i18n._chosen
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n._chosen = saved


def listing(items: list[str]) -> str:
    """Items of a list (conditions, places) separated as the language separates them: ``x < −3, x > 3``."""
    return _(", ").join(items)


def both(items: list[str]) -> str:
    """Places joined by "and": ``x = −1 and x = 1``."""
    return _(" and ").join(items)


#: the cost a custom expression's record states (actcli/custom/activation.py): data of a record
#: that no catalogue module holds, marked here so that compare shows it translated
CUSTOM_COST = N_("compiled from the expression (numpy, high precision where float64 cannot be trusted)")
#: what simulate's loss is, in words
SIMULATE_LOSS = N_("mean squared error of a linear read-out (1 unit, Xavier) against N(0, 1) targets")
#: the JSON's definition of saturation (JSON only, in English in every language: it is data, see
#: present/data.py's ``neutral``; the terminal writes its own sentence, translated)
SATURATION_DEFINITION = (
    f"left: the x below which |f′| < {SATURATION_FRACTION:.0%} of sup |f′| in a tail where f′ → 0 "
    "(right: above which); null where f′ does not tend to 0; undefined when sup |f′| is infinite"
)
MONOTONIC = {
    "increasing": N_("increasing (f′ ≥ 0)"),
    "decreasing": N_("decreasing (f′ ≤ 0)"),
    "none": N_("no (f′ changes sign)"),
    "constant": N_("constant"),
}


def monotonic(props: Properties) -> str:
    """Monotonicity in words; "none" says why: f′ takes both signs, or f jumps (a kink or a pole)."""
    dr = props.derivative_range
    if props.monotonic == "none" and (dr.lo >= 0 or dr.hi <= 0):
        return _("no (f′ keeps one sign, but f jumps back at a kink or across a pole)")
    return _(MONOTONIC[props.monotonic])

CONVENTIONS = {
    "torch": N_("as PyTorch autograd"),
    "jax": N_("as jax.grad (jnp.clip passes half the gradient at a tie)"),
    "sympy": N_("by SymPy's convention Heaviside(0) = ½, sign(0) = 0"),
}


#: how a gated activation's input splits, and how the transformers layout maps onto it
GATED_HALVES = N_("halves along an axis: a first, b second (torch.nn.functional.glu); for transformers' "
                  "act(gate_proj(x)) ⊗ up_proj(x) pass [up, gate]")
#: gpt-oss stores the halves interleaved (gate at even positions, linear at odd ones)
GATED_INTERLEAVED = N_("gpt-oss interleaves the halves: a = x[..., 1::2], b = x[..., ::2]")


def gated_method(lo: float, hi: float, a: float, b: float) -> str:
    return _("Ridders' differences of f(a, b): in b over [{lo}, {hi}] with a = {a}, in a over "
             "the same range with b = {b}, and at the point").format(lo=num(lo), hi=num(hi), a=num(a), b=num(b))


def domain(pieces: tuple[Interval, ...], analysed: Interval, short: bool = False) -> str:
    """``f, f′ and f″ are finite for x > 0; analysed on (0, 7]`` (``short``: from ``finite``)."""
    from actcli.analysis.window import domain_text

    where = domain_text(pieces).replace("<=", "≤").replace(">=", "≥").replace("!=", "≠").replace("-", "−")
    if short:
        return _("finite for {where}; analysed on {window}").format(where=where, window=interval(analysed))
    return _("f, f′ and f″ are finite for {where}; analysed on {window}").format(where=where, window=interval(analysed))


def yes(v: bool) -> str:
    return _("yes") if v else _("no")


def zone(z: Zone) -> str:
    """``x < −5.986``, ``−0.5 < x < 0.5``, ``everywhere``."""
    if z.open_left and z.open_right:
        return _("everywhere")
    if z.open_left:
        return f"x < {num(z.hi, 4)}"
    if z.open_right:
        return f"x > {num(z.lo, 4)}"
    return f"{num(z.lo, 4)} < x < {num(z.hi, 4)}"


def zones(found: list[Zone]) -> str:
    return listing([zone(z) for z in found]) if found else _("none")


def derivative_where(dr: DerivativeRange) -> str:
    """Where |f′| peaks inside a window: ``at x = 0``, ``for 0 < x ≤ 7``."""
    if dr.attained_on is not None:
        iv = dr.attained_on
        left = "≤" if iv.lo_closed else "<"
        right = "≤" if iv.hi_closed else "<"
        return _("for {condition}").format(condition=f"{num(iv.lo, 4)} {left} x {right} {num(iv.hi, 4)}")
    if dr.approached:
        return _("approached as {limit} (not attained)").format(limit=f"x → {num(dr.argmax, 4)}")
    return _("at {point}").format(point=f"x = {num(dr.argmax, 4)}")


def where(iv: Interval, var: str = "x") -> str:
    """An interval as a condition on x: ``x = 1.414``, ``x > 0``, ``-3 < x ≤ 3``, ``all x``."""
    if iv.lo == iv.hi:
        return f"{var} = {num(iv.lo, 4)}"
    if math.isinf(iv.lo) and math.isinf(iv.hi):
        return _("all {var}").format(var=var)
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
        return _("sup |f′| = ∞ (unbounded)")
    if props.attained and props.period is not None:
        return _("max |f′| = {value} at {where} (k ∈ ℤ)").format(
            value=num(props.sup_abs, 4),
            where=both([f"x = {num(iv.lo, 4)} + k·{num(props.period, 4)}" for iv in props.argmax]))
    if props.attained:
        return _("max |f′| = {value} at {where}").format(
            value=num(props.sup_abs, 4), where=both([where(iv, var) for iv in props.argmax]))
    near = listing([_limit_point(x).replace("x", var) for x in props.approached])
    if near:
        return _("sup |f′| = {value}, not attained (approached as {limit})").format(value=num(props.sup_abs, 4), limit=near)
    return _("sup |f′| = {value}, not attained").format(value=num(props.sup_abs, 4))


def saturation(sat: Saturation, var: str = "x") -> str:
    """Per side: ``x < −5.989`` / ``dead for x ≤ 0`` / ``none``; ``undefined`` when sup |f′| = ∞."""
    if not sat.defined:
        return _("undefined (sup |f′| = ∞)")
    parts = []
    dead = _("dead for {condition}")
    if sat.left is not None:
        left = f"{var} < {num(sat.left, 4)}"
        parts.append(dead.format(condition=left) if sat.left_kind == "dead" else left)
    if sat.right is not None:
        right = f"{var} > {num(sat.right, 4)}"
        parts.append(dead.format(condition=right) if sat.right_kind == "dead" else right)
    if not parts and sat.left_kind == sat.right_kind == "dead":  # sparsemax, entmax15: at pᵢ = 0 and pᵢ = 1
        return _("dead on both sides (pᵢ = 0 or pᵢ = 1)")
    return listing(parts) if parts else _("none (f′ does not tend to 0)")


def stationary(props: Properties) -> str:
    if not props.stationary:
        return _("none")
    if props.period is not None:
        p = num(props.period, 4)
        step = f" + k·{num(props.f_step, 4)}" if props.f_step else ""
        return _("{points} (k ∈ ℤ)").format(points=listing([_(STATIONARY.get(s.kind, "{kind} at {point} (f = {f})")).format(
            kind=s.kind, point=f"x = {num(s.x, 4)} + k·{p}", f=f"{num(s.f, 4)}{step}") for s in props.stationary]))
    listed = listing([_(STATIONARY.get(s.kind, "{kind} at {point} (f = {f})")).format(
        kind=s.kind, point=f"x = {num(s.x, 4)}", f=num(s.f, 4)) for s in props.stationary])
    if props.stationary_window is not None:
        lo, hi = props.stationary_window
        return _("{points}; these for {lo} ≤ x ≤ {hi}, and infinitely many beyond").format(
            points=listed, lo=num(lo), hi=num(hi))
    return listed


#: a stationary point of f, by its kind
STATIONARY = {
    "minimum": N_("minimum at {point} (f = {f})"),
    "maximum": N_("maximum at {point} (f = {f})"),
    "inflection": N_("inflection at {point} (f = {f})"),
}


def output_set(props: Properties) -> str:
    return " ∪ ".join(interval(iv) if iv.lo != iv.hi else "{" + num(iv.lo) + "}" for iv in props.output_set)


#: the properties' names as the scope line lists them
SCOPE_NAMES = {"output_set": N_("output set"), "monotonic": N_("monotonicity"), "derivative_range": N_("f′ range"),
               "argmax": "max |f′|", "saturation": N_("saturation"), "stationary_points": N_("stationary points")}


def scope(props: Properties, part: bool = False) -> str:
    """``part``: the function is defined on part of ℝ only (an expression such as log x)."""
    if props.window is None:
        if part:
            return _("proved on all of its domain")
        return _("proved on all of {where}").format(where="ℝ")
    lo, hi = num(props.window[0]), num(props.window[1])
    if props.proved:
        return _("proved: {names}; the rest estimated on [{lo}, {hi}] (not proved)").format(
            names=listing([_(SCOPE_NAMES[n]) for n in props.proved]), lo=lo, hi=hi)
    return _("estimated on [{lo}, {hi}] (not proved)").format(lo=lo, hi=hi)


def peak(p: Peak) -> str:
    """Where sup |f′| is reached, for compare's table."""
    if p.at_s is not None:
        if p.attained:
            return _("at uniform logits (sᵢ = 1/2 for two classes)")
        return _("as {limit}").format(limit=f"sᵢ → {num(p.at_s)}")
    if not p.attained:
        if p.approached_at is None:
            return _("(not attained)")
        return _("(not attained; approached as {limit})").format(limit=_limit_point(p.approached_at))
    return _("at {point}").format(point=both([where(iv) for iv in p.argmax]))


def kink(k: Kink) -> str:
    """What happens to f′ at a kink and which value is used there."""
    if k.continuous:
        text = _("f′ jumps from {left} to {right}; {value} is used there, {convention}")
    else:
        text = _("f′ jumps from {left} to {right} (f itself jumps); {value} is used there, {convention}")
    return text.format(left=num(k.left), right=num(k.right), value=num(k.derivative),
                       convention=_(CONVENTIONS[k.convention]))


def smoothness(order: int | None) -> str:
    if order is None:
        return "C∞"
    if order < 0:
        return _("discontinuous")
    return f"C{order}"


def verification_method(v: Verification) -> str:
    start = "0.1·min(max(1, |x|), |f/f′|, |f′/f″|)" if v.scaled else "0.1·max(1, |x|)"
    if v.order == 1:
        text = _("central differences of f, Ridders-Richardson extrapolated from h = {start} down by 1.6 per step")
    else:
        text = _("second differences of f, Ridders-Richardson extrapolated from h = {start} down by 1.6 per step")
    return text.format(start=start)


def vector_method(vc: VectorCheck) -> str:
    return _("central differences, h = {step}, at z = [{z}]").format(
        step=f"{vc.step:g}", z=", ".join(num(v) for v in vc.z))


def cost_method(size: int, repeats: int) -> str:
    """How compare's time ÷ identity is measured (JSON only, in English in every language)."""
    return (f"median over up to {repeats} back-to-back pairs of (time of f) / (time of a copy, what identity costs), "
            f"on the same {size:,} float64 values (in cache), one thread; ±20 % between runs on a quiet machine")


#: how compare's measured gradient ratio is obtained (JSON only, in English in every language)
MEASURED_HOW = "actcli simulate: rms dZ of layer 1 ÷ layer 10, N(0,1) inputs, MSE read-out"


def risk(r: Risk) -> str:
    """One warning of ``recommend --current``."""
    name = label(r.act)
    if r.code == "avoided":
        return _("{name} is on the avoid list for hidden layers (see the rules below)").format(name=name)
    if r.code == "not_recommended":
        return _("the rules recommend {choice} here and do not list {name} among the alternatives ({rule})").format(
            choice=r.choice, name=name, rule=r.rule)
    if r.code == "linear":
        return _("{name} is linear: a stack of linear layers collapses into a single linear map, "
                 "so hidden layers need a non-linear activation").format(name=name)
    assert r.depth is not None and r.peak is not None and r.log10_bound is not None
    bound = _power_of_ten(r.log10_bound)
    if r.code == "vanishing":
        return _(
            "with {depth} {name} layers the activations' own factor in the gradient is at most "
            "{power} ≈ {bound}: unless the weights scale it back, it vanishes"
        ).format(depth=r.depth, name=r.act.name, power=f"sup|f′|^{r.depth} = {r.peak:g}^{r.depth}", bound=bound)
    return _(
        "{peak} > 1: over {depth} layers the activations alone may amplify the gradient up to {power} ≈ {bound}"
    ).format(peak=f"sup|f′| = {r.peak:.4g}", depth=r.depth, power=f"{r.peak:.4g}^{r.depth}", bound=bound)


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
    return ", ".join(f"{k}={'|'.join(v)}" for k, v in r.when.items()) or _("always")


SCHEMES = {"he": "He (Kaiming)", "xavier": "Xavier (Glorot)", "lecun": "LeCun"}


def init_advice(a: Advice) -> str:
    """The advised init, where its gain comes from, and what torch's calculate_gain gives.

    Only JSON carries this text (``init.advice``, in English in every language: it is data, see
    present/data.py's ``neutral``); the terminal shows the scheme and gain alone (:func:`gain`),
    translated. Its sentences are therefore not marked for the catalogue, nor are its helpers'."""
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
    elif a.source == "near-linear":
        why = _near_linear(a, torch)
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
    if math.isfinite(a.spread) and a.source != "near-linear":
        band = f"; mean-field Var Z spread over 20 layers ×{num(a.spread, 3)}"
    return f"{scheme}, gain {num(a.gain, 4)} ({why}{band}){_lsuv(a)}"


FIXED_POINT_OVERFLOW = ("; there LSUV does not keep Var Z bounded: over 20 layers of width 256 in simulate "
                        "(batch 64, 5 seeds) it overflows or underflows in some seed")
FIXED_POINT_BAND = ("; there LSUV lets Var Z spread ×{mean} ± {sd} (max ×{top}) over 20 layers of width 256 in "
                    "simulate (batch 64, 5 seeds)")
NEAR_LINEAR_LSUV = ("; then LSUV (Mishkin & Matas 2016): orthogonal weights times this gain, each later layer "
                    "rescaled on one mini-batch to the first layer's Var Z (gain² = {q}), which the gain alone "
                    "does not hold")


def _near_linear(a: Advice, torch: str) -> str:
    """Why the gain is not the mean-field one: the map is too steep there for LSUV, and nowhere stable."""
    assert a.fixed_point_gain is not None
    if a.fixed_point_band is None:
        there = ""
    elif math.isinf(a.fixed_point_band[0]):
        there = FIXED_POINT_OVERFLOW
    else:
        mean, sd, top = a.fixed_point_band
        there = FIXED_POINT_BAND.format(mean=num(mean, 3), sd=num(sd, 2), top=num(top, 3))
    from actcli.nn.init import NEAR_LINEAR_SLOPE, SLOPE_WINDOW

    values = {"fixed": num(a.fixed_point_gain, 4), "fixed_slope": num(a.fixed_point_slope, 3), "there": there,
              "lo": f"{SLOPE_WINDOW[0]:.0e}", "hi": f"{SLOPE_WINDOW[1]:.0e}", "low": num(a.min_slope, 5),
              "most": num(NEAR_LINEAR_SLOPE), "slope": num(a.slope, 4), "torch": torch}
    if a.min_slope > 1:
        return NEAR_LINEAR_UNSTABLE.format(**values)
    return NEAR_LINEAR_STABLE_ELSEWHERE.format(**values)


NEAR_LINEAR_UNSTABLE = (
    "computed: the mean-field fixed-point gain {fixed} gives the map q → gain²·E[f(√q·ξ)²] a slope "
    "d log q′/d log q of {fixed_slope}{there}; the slope is above 1 at every q sampled in [{lo}, {hi}] "
    "(20 a decade; smallest {low}), so no gain gives the map a stable fixed point, and it comes near 1 "
    "only where f is nearly linear at the scale of Z; this gain is the one nearest {fixed} whose slope "
    "is at most {most} ({slope}); {torch}")
NEAR_LINEAR_STABLE_ELSEWHERE = (
    "computed: the mean-field fixed-point gain {fixed} gives the map q → gain²·E[f(√q·ξ)²] a slope "
    "d log q′/d log q of {fixed_slope}{there}; this gain is the one nearest {fixed} whose slope is at "
    "most {most} ({slope}; q sampled in [{lo}, {hi}], 20 a decade); {torch}")


DEGREE_2 = ("; even so Var Z does not stay bounded, and no initialisation can keep it: f is positively "
            "homogeneous of degree 2 (f(λx) = λ²f(x) for λ > 0), so for any weights an input scaled by λ "
            "has the Var Z of layer l scaled by λ^(2^l), and two inputs whose scales differ by more than "
            "{limit} (relative) cannot both keep Var Z within ×2 over 20 layers; the RMS of an N(0, 1) "
            "batch of 64 × 256 varies by {batch} (one sd), and in simulate (width 256, batch 64, 5 seeds) "
            "Var Z overflows or underflows: the ×2 band is not met")
LEAVES_FLOAT64 = ("; by layer {layer} Var Z has left float64 in every seed (underflowing to 0 in {under}, "
                  "overflowing in {over})")


def _degree_2(a: Advice) -> str:
    """Why no initialisation holds a degree-2 homogeneous activation (the proof is in actcli.nn.init)."""
    out = DEGREE_2.format(limit=num(math.log(4) / (2**20 - 2), 2), batch=f"{1 / math.sqrt(2 * 64 * 256):.2%}")
    if a.leaves_float64 is not None:
        under, over, layer = a.leaves_float64
        out += LEAVES_FLOAT64.format(layer=layer, under=under, over=over)
    return out


def _lsuv(a: Advice) -> str:
    """Why LSUV follows the gain, and the measured band where even it misses ×2."""
    if not a.lsuv:
        return ""
    if a.source == "near-linear":
        return NEAR_LINEAR_LSUV.format(q=num(a.gain * a.gain, 3))
    if a.spread > math.sqrt(2):
        reason = f"mean-field Var Z alone spreads ×{num(a.spread, 3)} over 20 layers"
    else:
        reason = (f"the mean-field map's slope d log q'/d log q at its fixed point is {num(a.slope, 3)}, so the "
                  "random drift of Var Z at finite width is not damped")
    out = (f"; then LSUV (Mishkin & Matas 2016): orthogonal weights times this gain, each later layer rescaled "
           f"on one mini-batch to the first layer's Var Z, because {reason}")
    if a.unmet is not None and a.degree_2:
        out += _degree_2(a)
    elif a.unmet is not None and math.isinf(a.unmet[0]):
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
    torch = _("none") if a.torch_gain is None else num(a.torch_gain, 4)
    return _("{scheme}, gain {gain} (torch: {torch})").format(
        scheme=scheme, gain=num(a.gain, 4) + (" + LSUV" if a.lsuv else ""), torch=torch)


def kinks_text(p: Profile) -> str:
    if not p.differentiable and not p.kinks:  # sparsemax: piecewise linear in z
        return _("not where the support changes (∂pᵢ := 0 at its edge)")
    if not p.kinks:
        return _("everywhere")
    return _("not at {points}").format(points="; ".join(f"x = {num(k.x)} (f′ := {num(k.derivative)})" for k in p.kinks))


CRITERIA = (
    N_("1 non-linearity"),
    N_("2 differentiability"),
    N_("3 monotonicity"),
    N_("4 output range"),
    N_("5 compute efficiency"),
    N_("6 gradient propagation"),
    N_("set-up"),
)


def comparison_rows(profiles: list[Profile]) -> list[tuple[str, str, list[str]]]:
    """(criterion, property, one text per activation): the table, Markdown and CSV share it; in the
    language in use (CSV asks for English)."""
    rows: list[tuple[str, str, list[str]]] = []

    def add(group: str, name: str, fn: Callable[[Profile], str]) -> None:
        rows.append((_(group), name, [fn(p) for p in profiles]))

    c = CRITERIA
    if any(p.domain is not None for p in profiles):
        add(c[0], _("domain"), lambda p: _("all of ℝ") if p.domain is None or p.analysed is None
            else domain(p.domain, p.analysed, short=True))
    add(c[0], _("non-linear"), lambda p: yes(p.nonlinear))
    add(c[0], _("≈ identity near 0"), lambda p: yes(p.identity_near_zero))
    add(c[1], _("differentiable"), kinks_text)
    add(c[1], _("smoothness"), lambda p: smoothness(p.smoothness))
    own = _("{monotonic} in own logit")
    add(c[2], _("monotonic"), lambda p: own.format(monotonic=monotonic(p.props)) if p.act.kind == "vector"
        else monotonic(p.props))
    add(c[2], _("stationary points"), lambda p: stationary(p.props))
    add(c[3], _("output set"), lambda p: output_set(p.props))
    add(c[3], _("zero-centred"), lambda p: (
        _("n/a (E[f(Z)] needs f on all of ℝ)") if p.domain is not None
        else yes(p.zero_centered) if p.mean_output is None
        else _("{answer} (E[f(Z)] = {mean})").format(
            answer=yes(p.zero_centered), mean=num(0.0 if abs(p.mean_output) < 1e-12 else p.mean_output, 3))))
    add(c[4], _("operations"), lambda p: _(p.cost.ops))
    add(c[4], _("time ÷ identity"), lambda p: _("not measured") if p.cost.relative is None
        else f"{p.cost.relative:.1f}×")
    add(c[5], _("f′ range"), lambda p: interval(p.derivative_range) + (" (∂sᵢ/∂zᵢ, K ≥ 2)" if p.act.kind == "vector" else ""))
    add(c[5], "sup |f′|", lambda p: sup_derivative(p.props))
    add(c[5], _("saturates (<1% of sup)"),
        lambda p: saturation(p.props.saturation, "x" if p.act.kind != "vector" else "u"))
    add(c[5], _("dead zone (f′ ≡ 0)"), lambda p: _("n/a (vector)") if p.act.kind == "vector" else zones(p.dead_zones))
    for n in sorted(profiles[0].depth_factor) if profiles else ():
        add(c[5], _("{power} ({n} layers)").format(power=f"sup|f′|^{n}", n=n), lambda p, n=n: (  # type: ignore[misc]
            _("unbounded") if math.isinf(p.depth_factor[n]) else num(p.depth_factor[n], 3)))
    if any(p.measured for p in profiles):
        add(c[5], _("measured dZ₁ ÷ dZ₁₀"), lambda p: (
            _("{ratio} (init {init})").format(ratio=num(p.measured["gradient_ratio"], 3), init=p.measured["init"])
            if p.measured else _("n/a")))
    add(c[6], _("parameters"), lambda p: ", ".join(f"{k}={value(v)}" for k, v in p.act.params.items()) or "—")
    add(c[6], _("weight init"), gain)
    add(c[6], _("variance gain 1/rms"),
        lambda p: "—" if p.init.variance_gain is None else num(p.init.variance_gain, 4))
    add(c[6], _("scope"), lambda p: scope(p.props, p.domain is not None))
    return rows


#: what simulate finds gone inf or NaN, as nn.simulate lists it
NONFINITE = (N_("activations"), N_("gradients"), N_("loss"), N_("activations, gradients"), N_("activations, loss"),
             N_("gradients, loss"), N_("activations, gradients, loss"))


def simulate_verdict(s: Summary) -> str:
    """What the gradient did, named: stable, vanishing, exploding, overflow or dead."""
    from actcli.present.numbers import sci

    ratio = sci(s.gradient_ratio)
    if s.verdict == "overflow":
        return _("OVERFLOW: {what} — the forward or backward pass produced inf or NaN "
                 "(from layer {layer}); no gradient ratio is meaningful").format(
            what=_(s.nonfinite), layer=s.first_nonfinite_layer)
    if s.verdict == "dead":
        text = (_("DEAD: every gradient is exactly 0 (dead units {dead}, saturated {saturated})") if s.zero_gradients
                else _("DEAD: the units collapsed (dead units {dead}, saturated {saturated})"))
        return text.format(dead=f"{s.dead_fraction:.1%}", saturated=f"{s.saturated_fraction:.1%}")
    if s.verdict == "vanishing":
        if s.vanishes_at_layer is None:
            return _("VANISHING: layer 1 ÷ last = {ratio} (below 1/100)").format(ratio=ratio)
        return _("VANISHING: layer 1 ÷ last = {ratio} (below 1/100); it falls below 1% of the last layer's "
                 "by layer {layer} ({back} layers back from the output)").format(
            ratio=ratio, layer=s.vanishes_at_layer, back=s.layers_to_vanish)
    if s.verdict == "exploding":
        return _("EXPLODING: layer 1 ÷ last = {ratio} (above 100)").format(ratio=ratio)
    return _("stable: layer 1 ÷ last = {ratio}, within 1/100 to 100").format(ratio=ratio)


#: the variable of a vector activation's properties as analysis names it (analysis/properties.py's
#: OWN_LOGIT), marked here for the catalogue: derive shows it translated, JSON as it is
VARIABLES = (N_("zᵢ (the other logits fixed)"),)
