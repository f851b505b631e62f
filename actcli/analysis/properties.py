"""The properties compare and derive state, each with its scope: proved for all of ℝ or measured.

For a registry activation every property here holds on the whole real line: the output set,
monotonicity and the range of f′ come from the record's claims (each recomputed from mpmath in the
tests); where |f′| peaks, where it falls below 1 % of its supremum in a tail, and the stationary
points of f come from the limits of f′ at ±∞ and the roots of f′ and f″, located on a grid that
reaches ±1e6 and polished by bisection. A custom expression's claims are estimated on a window,
and every property built from them is labelled with that window, except those SymPy proved on its
whole domain (its record's ``proof``, see actcli.custom.proof), which are labelled proved.

Vector kinds are described in a unit's own logit: with u = zᵢ − log Σ_{j≠i} e^{zⱼ} (the margin of
unit i over the others), softmax's sᵢ = σ(u), so ∂sᵢ/∂zᵢ = σ′(u) for every K ≥ 2; the entries of
the whole Jacobian are summarised per K (:class:`JacobianEntries`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.activation import Activation
from actcli.core.constants import SATURATION_FRACTION
from actcli.core.numerics import bisect, runs
from actcli.core.record import Interval

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

#: the window a custom expression's claims are estimated on (see actcli.custom)
ESTIMATED_WINDOW = (-50.0, 50.0)
#: the dense part of the grid; beyond it the grid is geometric out to ±FAR
DENSE = 60.0
FAR = 1e6
#: every property name, in the order the JSON lists them
NAMES = ("output_set", "monotonic", "derivative_range", "argmax", "saturation", "stationary_points")
#: the variable a vector kind's properties are stated in (softmin's logits enter negated)
MARGIN = "u = zᵢ − log Σ_{j≠i} e^{zⱼ}"
MARGIN_NEGATED = "u = zᵢ + log Σ_{j≠i} e^{−zⱼ}"


@dataclass(frozen=True)
class Saturation:
    """Per side, the x beyond which |f′| < 1 % of sup |f′| in a tail where f′ → 0.

    ``left`` / ``right`` are None where f′ does not tend to 0 (or when ``defined`` is false: sup
    |f′| = ∞ leaves "1 % of the supremum" without meaning). ``left_kind`` says whether that tail is
    ``"dead"`` (f′ ≡ 0 there) or ``"saturating"`` (f′ → 0 without vanishing)."""

    left: float | None
    right: float | None
    defined: bool
    threshold: float  # SATURATION_FRACTION × sup |f′| (inf when undefined)
    limits: tuple[float, float]  # lim f′ at −∞ and +∞
    left_kind: str | None = None
    right_kind: str | None = None


@dataclass(frozen=True)
class Stationary:
    """A point where f′ = 0 that is not inside a dead zone: a minimum, maximum or inflection of f."""

    x: float
    f: float
    kind: str  # "minimum" | "maximum" | "inflection"


@dataclass(frozen=True)
class JacobianEntries:
    """The range of every entry ∂sᵢ/∂zⱼ of a vector kind's Jacobian, for K classes."""

    k: str  # "1", "2" or ">=3"
    diagonal: Interval
    off_diagonal: Interval | None  # None for K = 1


@dataclass(frozen=True)
class Properties:
    output_set: tuple[Interval, ...]
    output_range: Interval  # the hull of output_set
    monotonic: str  # "increasing" | "decreasing" | "none" | "constant" (non-strict: f′ ≥ 0 or ≤ 0)
    derivative_range: Interval  # a closed end is attained
    sup_abs: float  # sup |f′|
    attained: bool
    argmax: tuple[Interval, ...]  # where |f′| = sup |f′| (empty when only approached)
    approached: tuple[float, ...]  # where an unattained supremum is approached: kinks or ±inf
    saturation: Saturation
    stationary: tuple[Stationary, ...]
    proved: tuple[str, ...]
    window: tuple[float, float] | None  # where the others were measured (None: all proved)
    variable: str = "x"
    jacobian: tuple[JacobianEntries, ...] = ()
    # f′ periodic (sine, snake): argmax and stationary hold the points of one period [0, p), each
    # repeating at x + k·p for every integer k; f(x + p) = f(x) + ``f_step`` (0 for sine, p for snake)
    period: float | None = None
    f_step: float = 0.0
    # infinitely many stationary points, not periodic (sinc): those listed lie in this window
    stationary_window: tuple[float, float] | None = None


def _unique(xs: Array) -> Array:
    """The sorted distinct values of a grid without NaN (``np.unique`` would import numpy.ma)."""
    xs = np.sort(xs)
    return xs[np.concatenate(([True], xs[1:] != xs[:-1]))] if xs.size else xs


def _grid(act: Activation) -> Array:
    """Dense on [−60, 60], geometric out to ±1e6, with every kink and its neighbouring floats."""
    dense = np.linspace(-DENSE, DENSE, 24001)
    far = np.geomspace(DENSE, FAR, 600)
    ks = [k.x for k in act.claims.kinks] + list(act.claims.d2_kinks)
    extra = [v for k in ks for v in (k, np.nextafter(k, -np.inf), np.nextafter(k, np.inf))]
    return _unique(np.concatenate([-far, dense, far, np.asarray(extra, dtype=np.float64)]))


def _window_grid(lo: float, hi: float, act: Activation) -> Array:
    ks = [k.x for k in act.claims.kinks if lo <= k.x <= hi]
    extra = [v for k in ks for v in (k, np.nextafter(k, -np.inf), np.nextafter(k, np.inf))]
    return _unique(np.concatenate([np.linspace(lo, hi, 20001), np.asarray(extra, dtype=np.float64)]))


def _bisect_level(g: Callable[[float], float], a: float, b: float) -> float:
    """The boundary between a (g < 0) and b (g ≥ 0), to the last float (core's one bisection)."""
    root = bisect(g, a, b)
    return b if root is None else root


def _snap(x: float, kinks: list[float]) -> float:
    for k in kinks:
        if abs(x - k) <= 4 * np.spacing(max(abs(k), 1e-300)) or x == k:
            return k
    return x


def _in_dead(x: Array, act: Activation) -> Array:
    dead = np.zeros(x.shape, dtype=bool)
    for z in act.claims.dead_zones:
        dead |= ((x > z.lo) & (x < z.hi)) | ((x == z.lo) & z.lo_closed) | ((x == z.hi) & z.hi_closed)
    return dead


def monotonic(act: Activation) -> str:
    """From the sign of f′ over ℝ (its claimed range) and the direction of every jump of f."""
    dr = act.claims.derivative_range
    if dr.lo == 0 and dr.hi == 0:
        return "constant"
    if dr.lo >= 0:
        direction = 1
    elif dr.hi <= 0:
        direction = -1
    else:
        return "none"
    for k in act.claims.kinks:
        if k.continuous:
            continue
        left = float(act(np.nextafter(k.x, -np.inf)))
        right = float(act(np.nextafter(k.x, np.inf)))
        at = float(act(k.x))
        tol = 1e-12 * max(1.0, abs(left), abs(right))
        if direction * (at - left) < -tol or direction * (right - at) < -tol:
            return "none"
    # a gap in the domain (a pole of 1/x) breaks monotonicity unless the pieces stay in order
    pieces = act.record.domain
    for before, after in zip(pieces[:-1], pieces[1:]):
        with np.errstate(all="ignore"):
            left = float(act(np.nextafter(before.hi, -np.inf)))
            right = float(act(np.nextafter(after.lo, np.inf)))
        if not direction * (right - left) >= 0:
            return "none"
    return "increasing" if direction > 0 else "decreasing"


def _argmax(act: Activation, xs: Array, d: Array, sup: float) -> tuple[tuple[Interval, ...], bool]:
    """The points and intervals where |f′| = sup; a smooth peak is polished onto a root of f″."""
    mag = np.abs(d)
    kinks = [k.x for k in act.claims.kinks] + list(act.claims.d2_kinks)
    on = mag >= sup * (1 - 1e-12)
    out: list[Interval] = []
    for i, j in runs(on):
        if j == i or float(xs[j] - xs[i]) <= 1e-9 * max(1.0, abs(float(xs[i]))):
            # one grid point, or a point and its neighbouring floats: a single point
            mid = _snap(float(xs[(i + j) // 2]), kinks)
            out.append(Interval(mid, mid, True, True))
        else:
            lo, lo_closed = _end(xs, i, -1, kinks, act, sup)
            hi, hi_closed = _end(xs, j, +1, kinks, act, sup)
            out.append(Interval(lo, hi, lo_closed, hi_closed))
    n = xs.size
    if not out:
        # a smooth peak between grid points: the local maxima of |f′| near sup, polished
        def second(t: float) -> float:
            return float(act.derivative(t, order=2))

        near = np.nonzero(mag >= sup * (1 - 1e-3))[0]
        for k in near.tolist():
            i = int(k)
            if 0 < i < n - 1 and mag[i] >= mag[i - 1] and mag[i] >= mag[i + 1]:
                a, b = float(xs[i - 1]), float(xs[i + 1])
                sa, sb = second(a), second(b)
                if sa * sb > 0:
                    continue
                up = 1.0 if sa < 0 else -1.0

                def level(t: float, up: float = up) -> float:
                    return second(t) * up

                root = _bisect_level(level, a, b)
                if abs(float(act.derivative(root))) >= sup * (1 - 1e-9):
                    out.append(Interval(root, root, True, True))
    merged: list[Interval] = []
    for iv in out:
        if merged and iv.lo == iv.hi and merged[-1].lo == merged[-1].hi and abs(iv.lo - merged[-1].lo) < 1e-9:
            continue
        merged.append(iv)
    return tuple(merged), bool(merged)


def _end(xs: Array, i: int, side: int, kinks: list[float], act: Activation, sup: float) -> tuple[float, bool]:
    """Where a run of |f′| = sup ends on one side, and whether the end belongs to it."""
    if (side < 0 and i == 0) or (side > 0 and i == xs.size - 1):
        return side * math.inf, False
    x, beyond = float(xs[i]), float(xs[i + side])
    if x in kinks:
        return x, True
    if beyond in kinks:
        return beyond, False
    return _snap(x, kinks), abs(float(act.derivative(_snap(x, kinks)))) >= sup * (1 - 1e-12)


def _approached(act: Activation, sup: float, limits: tuple[float, float]) -> tuple[float, ...]:
    out: list[float] = []
    if abs(limits[0]) == sup:
        out.append(-math.inf)
    for k in act.claims.kinks:
        if max(abs(k.left), abs(k.right)) == sup:
            out.append(k.x)
    if abs(limits[1]) == sup:
        out.append(math.inf)
    return tuple(out)


def saturation(act: Activation, xs: Array, d: Array, sup: float, limits: tuple[float, float],
               whole_line: bool) -> Saturation:
    defined = math.isfinite(sup) and sup > 0
    if not defined:
        return Saturation(None, None, False, math.inf, limits)
    threshold = SATURATION_FRACTION * sup
    kinks = [k.x for k in act.claims.kinks]
    g = lambda t: abs(float(act.derivative(t))) - threshold  # noqa: E731
    low = np.abs(d) < threshold
    ends: list[float | None] = [None, None]
    kinds: list[str | None] = [None, None]
    for side, limit in ((0, limits[0]), (1, limits[1])):
        if whole_line and abs(limit) > 1e-12 * sup:
            continue  # f′ does not tend to 0 on this side
        order = np.arange(xs.size) if side == 0 else np.arange(xs.size)[::-1]
        if not low[order[0]]:
            continue
        high = np.nonzero(~low[order])[0]
        if high.size == 0:
            continue  # |f′| is below the threshold everywhere (never with a positive sup)
        inside, outside = float(xs[order[high[0] - 1]]), float(xs[order[high[0]]])
        x = _snap(_bisect_level(g, inside, outside), kinks)
        ends[side] = x
        tail = (-math.inf, x) if side == 0 else (x, math.inf)
        dead = any(z.lo <= tail[0] and z.hi >= tail[1] for z in act.claims.dead_zones)
        kinds[side] = "dead" if dead else "saturating"
    return Saturation(ends[0], ends[1], True, threshold, limits, kinds[0], kinds[1])


def stationary_points(act: Activation, xs: Array, d: Array) -> tuple[Stationary, ...]:
    """Isolated zeros of f′ outside the dead zones, each with the sign of f′ on either side."""
    keep = np.logical_not(_in_dead(xs, act)) & np.isfinite(d)
    kinks = [k.x for k in act.claims.kinks]
    xs, d = xs[keep], d[keep]
    sign = np.sign(d)
    found: list[tuple[float, int, int]] = []  # x, sign before, sign after
    nz = np.nonzero(sign != 0)[0]
    # only neighbours with one zero between them, or whose signs differ, can hold a root: the
    # others (nearly all of the grid) are left out before the loop, which looks at each pair
    a_all, b_all = nz[:-1], nz[1:]
    gap = b_all - a_all
    candidates = (gap == 2) | ((gap == 1) & (sign[a_all] != sign[b_all]))
    for a, b in zip(a_all[candidates], b_all[candidates]):
        sa, sb = int(sign[a]), int(sign[b])
        if b - a > 2:
            continue  # a run of underflowed zeros, not an isolated root
        if any(xs[a] < k < xs[b] or k in (xs[a], xs[b]) for k in kinks):
            continue  # f′ jumps here: a corner, not a stationary point
        if b - a == 2:  # an exact zero on the grid
            found.append((float(xs[a + 1]), sa, sb))
        elif sa != sb:
            def level(t: float, s: int = sa) -> float:
                return -s * float(act.derivative(t))

            root = _bisect_level(level, float(xs[a]), float(xs[b]))
            found.append((root, sa, sb))
    out = []
    for x, sa, sb in found:
        kind = "minimum" if (sa, sb) == (-1, 1) else "maximum" if (sa, sb) == (1, -1) else "inflection"
        out.append(Stationary(x, float(act(x)), kind))
    return tuple(out)


#: the variable sparsemax's and entmax15's properties are stated in
OWN_LOGIT = "zᵢ (the other logits fixed)"


def _sparse(act: Activation) -> Properties:
    """sparsemax and entmax15 in a unit's own logit: pᵢ is non-decreasing; ∂pᵢ/∂zᵢ ≡ 0 on both
    sides (pᵢ = 0 below the others' threshold, pᵢ = 1 once zᵢ leads every other logit by
    1/(α − 1)), its supremum 1 approached only as K → ∞; the Jacobian's entries per K are the
    record's (each proved in its docstring and checked in the tests)."""
    claims = act.claims
    dr = claims.derivative_range
    sup = max(abs(dr.lo), abs(dr.hi))
    entries = tuple(JacobianEntries(k, diag, off) for k, diag, off in act.record.jacobian_entries)
    return Properties(
        output_set=(claims.output_range,), output_range=claims.output_range, monotonic="increasing",
        derivative_range=dr, sup_abs=sup, attained=False, argmax=(), approached=(),
        saturation=Saturation(None, None, True, SATURATION_FRACTION * sup, (0.0, 0.0), "dead", "dead"),
        stationary=(), proved=NAMES, window=None, variable=OWN_LOGIT, jacobian=entries,
    )


def _vector(act: Activation) -> Properties:
    """softmax, log_softmax, softmin in a unit's own margin u (see the module doc)."""
    if act.record.jacobian_entries:
        return _sparse(act)
    claims = act.claims
    dr = claims.derivative_range
    sup = max(abs(dr.lo), abs(dr.hi))
    threshold = SATURATION_FRACTION * sup
    quarter = 0.25
    if act.record.log_output:
        # ∂ℓᵢ/∂zᵢ = 1 − sᵢ = σ(−u): → 1 as u → −∞ (not attained), → 0 as u → +∞
        right = math.log(1 / SATURATION_FRACTION - 1)
        sat = Saturation(None, right, True, threshold, (1.0, 0.0), None, "saturating")
        entries = (
            JacobianEntries("1", Interval(0, 0, True, True), None),
            JacobianEntries("2", Interval(0, 1), Interval(-1, 0)),
            JacobianEntries(">=3", Interval(0, 1), Interval(-1, 0)),
        )
        argmax: tuple[Interval, ...] = ()
        approached: tuple[float, ...] = (-math.inf,)
    else:
        # |∂sᵢ/∂zᵢ| = σ′(u): 1/4 at u = 0 (sᵢ = 1/2), below 1 % of that for |u| > ln((1 + √(1 − 4c))/(1 − √…))
        c = SATURATION_FRACTION * quarter
        r = math.sqrt(1 - 4 * c)
        edge = math.log((1 + r) / (1 - r))
        sat = Saturation(-edge, edge, True, threshold, (0.0, 0.0), "saturating", "saturating")
        sign = act.record.logit_sign
        diag = Interval(0, quarter, False, True) if sign > 0 else Interval(-quarter, 0, True, False)
        off2 = Interval(-quarter, 0, True, False) if sign > 0 else Interval(0, quarter, False, True)
        off3 = Interval(-quarter, 0) if sign > 0 else Interval(0, quarter)
        entries = (
            JacobianEntries("1", Interval(0, 0, True, True), None),
            JacobianEntries("2", diag, off2),
            JacobianEntries(">=3", diag, off3),
        )
        argmax = (Interval(0.0, 0.0, True, True),)
        approached = ()
    return Properties(
        output_set=(claims.output_range,), output_range=claims.output_range,
        monotonic="increasing" if act.record.logit_sign > 0 else "decreasing",
        derivative_range=dr, sup_abs=sup, attained=bool(argmax), argmax=argmax, approached=approached,
        saturation=sat, stationary=(), proved=NAMES, window=None,
        variable=MARGIN if act.record.logit_sign > 0 else MARGIN_NEGATED, jacobian=entries,
    )


#: properties per activation: derive and compare ask for them more than once per command
#: (the record is kept with them, so that an id is never mistaken for a later record's)
_MEMO: dict[tuple[int, str], tuple[object, Properties]] = {}


def properties(act: Activation) -> Properties:
    """Every property compare and derive state, with its scope (see the module doc)."""
    key = (id(act.record), act.spec)
    found = _MEMO.get(key)
    if found is None or found[0] is not act.record:
        found = _MEMO[key] = (act.record, _properties(act))
    return found[1]


#: how far the grid of an oscillating f′ (sinc) is dense, and the window its stationary points are listed on
OSCILLATING_DENSE = 1000.0
STATIONARY_WINDOW = (-3.0, 3.0)


def _reduce(x: float, p: float) -> float:
    """x moved into [0, p) by a multiple of the period (0 for a point within rounding of p)."""
    r = math.fmod(x, p)
    r = r + p if r < 0 else r
    return 0.0 if abs(r) <= 1e-12 * p or abs(r - p) <= 1e-12 * p else r


def _extrema(act: Activation, xs: Array, mag: Array, sup: float, top: bool) -> list[float]:
    """Grid points where |f′| has a local maximum reaching sup (top) or a local minimum touching 0,
    each polished onto the root of f″ between its neighbours; only those within 1e−9·sup kept."""
    out: list[float] = []
    near = mag >= sup * (1 - 1e-3) if top else mag <= sup * 1e-3
    for i in np.nonzero(near)[0].tolist():
        if not 0 < i < xs.size - 1:
            continue
        if top and not (mag[i] >= mag[i - 1] and mag[i] >= mag[i + 1]):
            continue
        if not top and not (mag[i] <= mag[i - 1] and mag[i] <= mag[i + 1]):
            continue
        a, b = float(xs[i - 1]), float(xs[i + 1])
        sa = float(act.derivative(a, order=2))
        sb = float(act.derivative(b, order=2))
        if sa * sb > 0:
            continue
        up = 1.0 if sa < 0 else -1.0

        def level(t: float, up: float = up) -> float:
            return float(act.derivative(t, order=2)) * up

        root = _bisect_level(level, a, b)
        value = abs(float(act.derivative(root)))
        if (top and value >= sup * (1 - 1e-9)) or (not top and value <= sup * 1e-9):
            out.append(root)
    return out


def _periodic(act: Activation) -> Properties:
    """f′ periodic with period p: |f′| peaks and f′ vanishes at the points of one period, repeated
    every p; f′ has no limit at ±∞ (it keeps oscillating), so no tail saturates. The grid covers
    1.5 periods at 20001 points (a peak or a root is polished by bisection)."""
    claims = act.claims
    p = claims.period
    assert p is not None
    dr = claims.derivative_range
    sup = max(abs(dr.lo), abs(dr.hi))
    xs = np.linspace(-0.25 * p, 1.25 * p, 20001)
    d = np.asarray(act.derivative(xs), dtype=np.float64)
    argmax: list[Interval] = []
    for x in _extrema(act, xs, np.abs(d), sup, top=True):
        x = _reduce(x, p)
        if all(abs(x - a.lo) > 1e-9 * p for a in argmax):
            argmax.append(Interval(x, x, True, True))
    # where f′ changes sign, and where it touches 0 without changing sign (snake: f′ = 2·sin²(αx + π/4))
    found = [(st.x, st.kind) for st in stationary_points(act, xs, d)]
    found += [(x, "inflection") for x in _extrema(act, xs, np.abs(d), sup, top=False)]
    stationary: list[Stationary] = []
    for x, kind in found:
        x = _reduce(x, p)
        if all(abs(x - o.x) > 1e-9 * p for o in stationary):
            stationary.append(Stationary(x, float(act(x)), kind))
    # f(x + p) − f(x) = ∫ f′ over a period, the same for every x
    step = float(act(1.25 * p)) - float(act(0.25 * p))
    return Properties(
        output_set=claims.output_set or (claims.output_range,), output_range=claims.output_range,
        monotonic=monotonic(act), derivative_range=dr, sup_abs=sup, attained=bool(argmax),
        argmax=tuple(sorted(argmax, key=lambda iv: iv.lo)), approached=(),
        saturation=Saturation(None, None, True, SATURATION_FRACTION * sup, (math.nan, math.nan)),
        stationary=tuple(sorted(stationary, key=lambda s: s.x)), proved=NAMES, window=None,
        period=p, f_step=0.0 if abs(step) <= 1e-12 * p else step,
    )


def _properties(act: Activation) -> Properties:
    if act.kind == "vector":
        return _vector(act)
    if act.claims.period is not None:
        return _periodic(act)
    claims = act.claims
    estimated = act.record.estimated
    dr = claims.derivative_range
    sup = max(abs(dr.lo), abs(dr.hi))
    attained_claim = (abs(dr.hi) == sup and dr.hi_closed) or (abs(dr.lo) == sup and dr.lo_closed)
    # a custom expression: what SymPy proved on its whole domain (actcli.custom.proof) replaces the window's
    proof: Any = getattr(act.record, "proof", None) if estimated else None
    proved: tuple[str, ...] = tuple(proof.proved) if proof is not None else ()
    if estimated:
        xs = _window_grid(*ESTIMATED_WINDOW, act)
        limits = (float(act.derivative(ESTIMATED_WINDOW[0])), float(act.derivative(ESTIMATED_WINDOW[1])))
        if "derivative_range" in proved and proof.limits is not None:  # proved implies a proof
            limits = proof.limits
    else:
        xs = _grid(act)
        if claims.oscillating:
            # dense to ±1000, so that no ripple of f′ is missed where it can still reach 1 % of sup
            # (the record's tail bound; sinc: |f′| ≤ 1/|x| + 1/(π x²), below 1 % of sup beyond 1000)
            dense = np.linspace(-OSCILLATING_DENSE, OSCILLATING_DENSE, 200001)
            xs = _unique(np.concatenate([xs, dense]))
        limits = (float(act.derivative(-math.inf)), float(act.derivative(math.inf)))
    d = np.asarray(act.derivative(xs), dtype=np.float64)
    if math.isfinite(sup) and sup > 0 and attained_claim:
        argmax, attained = _argmax(act, xs, d, sup)
    else:
        argmax, attained = (), False
    approached = () if attained or not math.isfinite(sup) else _approached(act, sup, limits)
    if not math.isfinite(sup):
        approached = tuple(v for v, lim in ((-math.inf, limits[0]), (math.inf, limits[1])) if math.isinf(lim))
    if "argmax" in proved:
        argmax, attained, approached = proof.argmax, bool(proof.argmax), proof.approached
    stationary_window = None
    if claims.oscillating:
        stationary_window = STATIONARY_WINDOW
        inside = (xs >= STATIONARY_WINDOW[0]) & (xs <= STATIONARY_WINDOW[1])
        stationary = stationary_points(act, xs[inside], d[inside])
    else:
        stationary = stationary_points(act, xs, d)
    if "stationary_points" in proved:
        stationary = tuple(Stationary(x, fx, kind) for x, fx, kind in proof.stationary)
    sat = saturation(act, xs, d, sup, limits, whole_line=not estimated)
    if "derivative_range" in proved and proof.tails is not None and "saturation" not in proved:
        # f′ is monotonic beyond the outermost zeros of f″: a crossing found there is the only one
        whole = saturation(act, xs, d, sup, limits, whole_line=True)
        inner: tuple[float, float] = proof.tails
        sides = ((limits[0], whole.left, -1.0, inner[0]), (limits[1], whole.right, 1.0, inner[1]))
        if whole.defined and all((at is not None and side * (at - edge) > 0) if lim == 0 else at is None
                                 for lim, at, side, edge in sides):
            sat, proved = whole, (*proved, "saturation")
    output_set = claims.output_set or (claims.output_range,)
    return Properties(
        output_set=output_set,
        output_range=claims.output_range,
        monotonic=monotonic(act),
        derivative_range=dr,
        sup_abs=sup,
        attained=attained,
        argmax=argmax,
        approached=approached,
        saturation=sat,
        stationary=stationary,
        proved=tuple(n for n in NAMES if n in proved) if estimated else NAMES,
        window=ESTIMATED_WINDOW if estimated and set(proved) != set(NAMES) else None,
        stationary_window=stationary_window,
    )
