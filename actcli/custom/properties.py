"""What an expression's record claims: kinks, smoothness, ranges, dead zones and an accuracy check.

Nothing here is proved: every property is measured on the scan window (``SCAN``, plus far points
and the limits at ±1e150) and labelled so in the record's summary; :mod:`actcli.custom.proof`
replaces what SymPy can prove. Smoothness is computed at every switch point: the order of the
first derivative that jumps there (f itself: discontinuous; f′: C⁰; f⁽ᵏ⁾: Cᵏ⁻¹), derivatives
built up to MAX_ORDER; without switch points the expression is analytic on its domain (C∞). Kinks are the switch points of
max, min, abs, sign and the registry's piecewise functions inside the window, with the value the
derivative takes there by PyTorch autograd's conventions. Ends of ranges are closed only where
they are attained: at a critical point (a sign change of the derivative), or where high precision
confirms the extreme value exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from actcli.core.numerics import runs
from actcli.core.record import Claims, Interval, Kink
from actcli.custom.budget import BoundError, Budget
from actcli.custom.compile import Program, distinct, roots
from actcli.custom.symbolic import Registered, X

SCAN = (-50.0, 50.0)
SCAN_POINTS = 20001
FAR = (1e2, 1e3, 1e4, 1e5, 1e6)
LIMIT = 1e150
MAX_KINKS = 200
ACCURACY = 1e-12
#: the highest derivative examined at switch points where f, f′ and f″ are continuous
MAX_ORDER = 8
#: the properties actcli.analysis.properties names (and actcli.custom.proof proves)
PROPERTY_NAMES = ("output_set", "monotonic", "derivative_range", "argmax", "saturation", "stationary_points")


@dataclass(frozen=True)
class Measured:
    claims: Claims
    fragile: str | None


def switches(expr: Any) -> list[Any]:
    """The functions whose zeros are the points where max/min/abs/sign/registry pieces switch."""
    out: dict[Any, None] = {}
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Max, sp.Min)):
            a = node.args
            for i in range(len(a)):
                for j in range(i + 1, len(a)):
                    out[a[i] - a[j]] = None
        elif isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
            out[node.args[0]] = None
        elif isinstance(node, Registered):
            from actcli.custom.compile import _bound

            claims = _bound(type(node)).claims
            for k in [kk.x for kk in claims.kinks] + list(claims.d2_kinks):
                out[node.args[0] - k] = None
    return [g for g in out if g.has(X)]


def switch_points(expr: Any, budget: Budget) -> list[float]:
    xs = np.linspace(*SCAN, SCAN_POINTS)
    found: set[float] = set()
    for g in switches(expr):
        found.update(roots(Program(g, budget), xs, MAX_KINKS, "switch points (kinks)"))
        if len(found) > MAX_KINKS:
            raise BoundError(f"the expression has more than {MAX_KINKS} switch points (kinks) in the scanned window",
                             hint="the bound on switch points (kinks)", code="count_bound")
    return sorted(found)


def _clean(v: float) -> float:
    return float(f"{v:.12g}") if math.isfinite(v) else v


def _one(p: Program, t: float) -> float:
    return float(p(np.array([t]))[0])


def kinks(f: Program, d1: Program, d2: Program, points: list[float]) -> tuple[list[Kink], list[float], list[float]]:
    """Kinks (f′ jumps), f″ jumps, and the switch points where f, f′ and f″ are all continuous."""
    out: list[Kink] = []
    d2_jumps: list[float] = []
    smooth: list[float] = []
    for x0 in points:
        if not math.isfinite(_one(f, x0)):
            continue  # a pole or a point outside the domain: a singularity, not a kink
        xl, xr = float(np.nextafter(x0, -np.inf)), float(np.nextafter(x0, np.inf))
        fl, fr = _one(f, xl), _one(f, xr)
        gl, gr = _one(d1, xl), _one(d1, xr)
        hl, hr = _one(d2, xl), _one(d2, xr)
        step = xr - xl
        continuous = abs(fr - fl) <= 1e-9 * max(1.0, abs(fl), abs(fr)) + (abs(gl) + abs(gr)) * step
        if not continuous or abs(gr - gl) > 1e-9 * max(1.0, abs(gl), abs(gr)) + (abs(hl) + abs(hr)) * step:
            out.append(Kink(x0, _clean(_one(d1, x0)), _clean(gl), _clean(gr), bool(continuous), convention="torch"))
        elif abs(hr - hl) > 1e-7 * max(1.0, abs(hl), abs(hr)):
            d2_jumps.append(x0)
        else:
            smooth.append(x0)
    return out, d2_jumps, smooth


def _jumps(p: Program, x0: float) -> bool:
    xl, xr = float(np.nextafter(x0, -np.inf)), float(np.nextafter(x0, np.inf))
    gl, gr = _one(p, xl), _one(p, xr)
    if not (math.isfinite(gl) and math.isfinite(gr)):
        return not (gl == gr)
    return abs(gr - gl) > 1e-7 * max(1.0, abs(gl), abs(gr))


def higher_order(d2: Any, points: list[float], budget: Budget) -> tuple[int, int | None]:
    """(k, n): f is Cᵏ at the switch points where f, f′, f″ are continuous, f⁽ᵏ⁺¹⁾ jumping at one
    of them (n None); or no jump was found up to f⁽ⁿ⁾ = f⁽ᵏ⁾, the last derivative built (n =
    MAX_ORDER, or less where a registry function's third derivative or the size bound stops it)."""
    from actcli.custom.symbolic import derivative

    expr = d2
    for order in range(3, MAX_ORDER + 1):
        try:
            expr = derivative(expr, f"its derivative of order {order}", budget)
            prog = Program(expr, budget)
        except BoundError:
            if budget.left() <= 0:
                raise
            return order - 1, order - 1
        if any(_jumps(prog, x0) for x0 in points):
            return order - 1, None
    return MAX_ORDER, MAX_ORDER


def _extreme(g: Program, dg: Program, xs: Any, vals: Any, pick: Any, kink_xs: list[float],
             ends: list[float]) -> tuple[float, bool]:
    """min or max of g over the scan, and whether it is attained."""
    i = int(pick(vals))
    best = _one(g, float(xs[i]))
    attained = False
    if 0 < i < xs.size - 1:
        a, b = float(xs[i - 1]), float(xs[i + 1])
        if any(a <= k <= b for k in kink_xs):
            attained = True
        da, db = _one(dg, a), _one(dg, b)
        if math.isfinite(da) and math.isfinite(db) and da * db < 0:
            found = roots(dg, np.array([a, b]), 10, "critical points")
            root = found[0] if found else None
            droot = _one(dg, root) if root is not None else math.nan
            if root is not None and abs(droot) <= min(abs(da), abs(db)):  # a critical point, not a pole
                v = _one(g, root)
                best = min(best, v) if pick is np.argmin else max(best, v)
                attained = True
    if not attained:  # an exactly constant stretch (relu's 0) is attained; a saturated float (σ's 1) is not
        j = i + 1 if i + 1 < xs.size else i - 1
        exact, beside = g.mp(float(xs[i]), 40, strict=False), g.mp(float(xs[j]), 40, strict=False)
        attained = bool(mpmath.isfinite(exact)) and exact == beside and float(exact) == best
    if any((e < best) if pick is np.argmin else (e > best) for e in ends):
        return best, False
    return best, attained


def _limit(g: Program, end: float, inward: float) -> tuple[float, bool]:
    """g's limit at an end of the domain, estimated from two points approaching it, and whether g
    keeps running away there (beyond 1e100, or growing by more than half and by more than 10)."""
    if math.isinf(end):
        near, nearest = -inward * LIMIT, -inward * 1e300
    else:
        near = end + inward * 1e-8 * max(1.0, abs(end))
        nearest = float(np.nextafter(end, end + inward))
    a, b = _one(g, near), _one(g, nearest)
    if math.isnan(b):
        return b, False
    if abs(b) > 1e100 or (abs(b - a) > 10 and abs(b) > 1.5 * abs(a)):
        return b, True
    return (0.0 if abs(b) < 1e-100 else b), False


def _range(g: Program, dg: Program, xs: Any, kink_xs: list[float], domain: tuple[Interval, ...],
           vals: Any) -> Interval:
    """The range of g over the domain from its values ``vals`` on the scan ``xs``."""
    fin = np.isfinite(vals)
    if not np.any(fin):
        return Interval(-math.inf, math.inf)
    xs_f, v_f = xs[fin], vals[fin]
    ends: list[float] = []
    lo_inf = hi_inf = False
    for piece in domain:
        for end, inward in ((piece.lo, 1.0), (piece.hi, -1.0)):
            v, running = _limit(g, end, inward)
            if math.isnan(v):
                continue
            if running and v > 0:
                hi_inf = True
            elif running:
                lo_inf = True
            else:
                ends.append(v)
    lo, lo_closed = _extreme(g, dg, xs_f, v_f, np.argmin, kink_xs, ends)
    hi, hi_closed = _extreme(g, dg, xs_f, v_f, np.argmax, kink_xs, ends)
    lo = min([lo, *ends]) + 0.0
    hi = max([hi, *ends]) + 0.0
    return Interval(-math.inf if lo_inf else lo, math.inf if hi_inf else hi,
                    lo_closed and not lo_inf, hi_closed and not hi_inf)


def _dead(d1: Program, xs: Any, v1: Any, kink_xs: list[float]) -> list[Interval]:
    out = []
    for s, e in runs(v1 == 0):
        if e - s < 10:
            continue
        # probed off the kinks: at a kink the convention picks f′ (SymPy's Heaviside(0) = ½ in high
        # precision), and a run ending at max(x − 1, 0)'s kink x = 1 is still flat up to it
        inner = [float(t) for t in (xs[s], xs[(s + e) // 2], xs[e], xs[s + 1], xs[e - 1])]
        probes = {t for t in inner if t not in kink_xs}
        if any(d1.mp(t, 40, strict=False) != 0 for t in probes):
            continue  # an underflow, not a flat stretch
        lo = -math.inf if s == 0 else float(xs[s])
        hi = math.inf if e == xs.size - 1 else float(xs[e])
        for k in kink_xs:
            if s > 0 and float(xs[s - 1]) <= k <= float(xs[s]):
                lo = k
            if e < xs.size - 1 and float(xs[e]) <= k <= float(xs[e + 1]):
                hi = k
        # open at a kink, as the registry's (relu's dead zone is (−∞, 0)): f′ has no value there
        out.append(Interval(lo, hi, math.isfinite(lo) and lo not in kink_xs, math.isfinite(hi) and hi not in kink_xs))
    return out


def _inside(xs: Any, domain: tuple[Interval, ...]) -> Any:
    """Which points lie in the domain (Interval.contains, for a whole array at once)."""
    keep = np.zeros(xs.shape, dtype=bool)
    for d in domain:
        above = (xs > d.lo) | ((xs == d.lo) if d.lo_closed else False)
        below = (xs < d.hi) | ((xs == d.hi) if d.hi_closed else False)
        keep |= above & below
    return keep


def measure(f: Program, d1: Program, d2: Program, expr: Any, domain: tuple[Interval, ...],
            budget: Budget, d2_expr: Any = None) -> tuple[Claims, list[float], int | None]:
    """The measured claims, the switch points, and the highest derivative order examined for
    smoothness (None: no switch point needed one beyond f″)."""
    points = switch_points(expr, budget)
    ks, d2_jumps, smooth_points = kinks(f, d1, d2, points)
    kink_xs = [k.x for k in ks]
    far = np.array([-v for v in FAR[::-1]] + list(FAR))
    xs = distinct(np.concatenate([np.linspace(*SCAN, SCAN_POINTS), far, kink_xs]))
    xs = xs[_inside(xs, domain)]
    if xs.size < 2:
        raise BoundError("the expression is not finite anywhere it was scanned", code="nowhere_finite")
    v1 = d1.scan(xs)  # once: the range of f′ and the monotonicity and dead zones below read it
    out_range = _range(f, d1, xs, kink_xs, domain, f.scan(xs))
    d_range = _range(d1, d2, xs, kink_xs, domain, v1)
    one_sided = [v for k in ks for v in (k.left, k.right)]
    monotonic = bool(np.all(v1[np.isfinite(v1)] >= 0)) and all(v >= 0 for v in one_sided)
    v2 = d2.scan(xs[::25])
    nonlinear = bool(ks) or bool(np.any((v2 != 0) & np.isfinite(v2)))
    examined: int | None = None
    if any(not k.continuous for k in ks):
        smoothness: int | None = -1
    elif ks:
        smoothness = 0
    elif d2_jumps:
        smoothness = 1
    elif smooth_points and d2_expr is not None:
        smoothness, examined = higher_order(d2_expr, smooth_points, budget)
    elif smooth_points:
        smoothness, examined = 2, 2
    else:
        smoothness = None
    claims = Claims(
        output_range=out_range,
        monotonic=monotonic,
        smoothness=smoothness,
        derivative_range=d_range,
        kinks=tuple(ks),
        dead_zones=tuple(_dead(d1, xs, v1, kink_xs)),
        nonlinear=nonlinear,
        d2_kinks=tuple(d2_jumps),
    )
    return claims, points, examined


def probes(f: Program, d1: Program, d2: Program, domain: tuple[Interval, ...]) -> Any:
    """Where accuracy is checked: a grid on [−7, 7], the tails (±20, ±40, ±375, out to ±1e300), 0,
    tiny |x|, and the
    neighbourhoods of zeros of f, f′ and f″ inside [−50, 50]."""
    tail = np.array([1e-300, 1e-30, 20.0, 40.0, 375.0, 1e3, 1e5, 1e30, 1e300])
    xs = distinct(np.concatenate([np.linspace(-7, 7, 15), -tail, tail, [0.0, 1e-8, -1e-8]]))
    grid = np.linspace(*SCAN, 2001)
    extra = []
    for p in (f, d1, d2):
        for r in roots(p, grid, 10**6, "zeros")[:20]:
            extra += [float(np.nextafter(r, -np.inf)), r, float(np.nextafter(r, np.inf)), r * (1 + 1e-9) + 1e-12]
    xs = distinct(np.concatenate([xs, extra]))
    return xs[_inside(xs, domain)]


def accuracy(fast: list[Program], reference: list[Program], xs: Any, avoid: list[float]) -> str | None:
    """Compare the float64 route with an independent high-precision evaluation of the unrewritten
    expression; a sentence where they differ by more than 1e-12 relative, else None."""
    names = ("f", "f′", "f″")
    worst, where, which = 0.0, 0.0, ""
    pts = [float(t) for t in xs if all(abs(t - k) > 1e-6 * max(1.0, abs(k)) for k in avoid)]
    for name, p, ref in zip(names, fast, reference):
        got = p(np.array(pts))
        for t, g in zip(pts, got.tolist()):
            r = ref.precise(t)
            if not math.isfinite(r) or abs(r) < 1e-290:
                continue
            rel = abs(g - r) / abs(r) if math.isfinite(g) else math.inf
            if rel > worst:
                worst, where, which = rel, t, name
    if worst > ACCURACY:
        return f"{which} is computed with a relative error of {worst:.1e} near x = {where:g}"
    return None
