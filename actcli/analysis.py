"""Numerical analysis of one activation over a range: the shape of f′, where it vanishes, and an
independent check of the analytic derivative by finite differences.

Everything here works from an :class:`~actcli.registry.Activation`'s functions (numpy only); the
exact facts (kinks, dead zones, the global range of f′) come from its record's claims, which the
test suite verifies against mpmath.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.errors import ParameterError
from actcli.record import Interval, Kink
from actcli.registry import Activation

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

DEFAULT_RANGE = (-7.0, 7.0)  # as the PyTorch docs draw activations
VANISH_FRACTION = 0.01  # |f′| below 1 % of its maximum counts as "effectively vanished"
MAX_POINTS = 1_000_000
MAX_ABS_X = 1e6


def check_range(lo: float, hi: float) -> tuple[float, float]:
    """A usable x range: finite, ordered, not absurdly wide."""
    if math.isnan(lo) or math.isnan(hi):
        raise ParameterError("the range must be two numbers, not NaN", hint="e.g. --range -7 7")
    if math.isinf(lo) or math.isinf(hi):
        raise ParameterError("the range must be finite", hint="e.g. --range -7 7")
    if not lo < hi:
        raise ParameterError(
            f"the range minimum ({lo:g}) must be less than its maximum ({hi:g})", hint="e.g. --range -7 7"
        )
    if max(abs(lo), abs(hi)) > MAX_ABS_X:
        raise ParameterError(f"the range must lie within ±{MAX_ABS_X:g}", hint="e.g. --range -50 50")
    return float(lo), float(hi)


def check_points(n: int) -> int:
    if n < 2:
        raise ParameterError(f"--points must be at least 2, not {n}")
    if n > MAX_POINTS:
        raise ParameterError(f"--points must be at most {MAX_POINTS:,}, not {n:,}")
    return n


def kinks_in(act: Activation, lo: float, hi: float, order: int = 1) -> list[float]:
    """Points in [lo, hi] where the derivative of this order does not exist."""
    claims = act.claims
    points = [k.x for k in claims.kinks]
    if order == 2:
        points += list(claims.d2_kinks)
    return sorted({x for x in points if lo <= x <= hi})


def _pieces(lo: float, hi: float, n: int, cuts: list[float]) -> list[Array]:
    """[lo, hi] cut at ``cuts``, ~n points in all, each piece stopping one ulp short of a cut so
    that both one-sided values there are sampled."""
    inner = sorted({c for c in cuts if lo < c < hi})
    edges = [lo, *inner, hi]
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        xs = np.linspace(a, b, max(2, int(round(n * (b - a) / (hi - lo)))))
        if a in inner or a in cuts:
            xs[0] = np.nextafter(a, np.inf)
        if b in inner or b in cuts:
            xs[-1] = np.nextafter(b, -np.inf)
        out.append(xs)
    return out


def segments(act: Activation, lo: float, hi: float, n: int, order: int = 1) -> list[Array]:
    """The range cut at every kink of the derivative of this order."""
    return _pieces(lo, hi, n, kinks_in(act, lo, hi, order))


def curve(act: Activation, lo: float, hi: float, n: int, order: int) -> tuple[Array, Array]:
    """x and f (order 0) / f′ / f″ ready to draw: pieces between kinks joined by NaN breaks.

    f itself breaks only where it jumps, and keeps its corners on the grid so they look sharp."""
    if order == 0:
        jumps = [k.x for k in act.claims.kinks if not k.continuous]
        corners = [k.x for k in act.claims.kinks if lo < k.x < hi]
        pieces = [np.union1d(xs, [c for c in corners if xs[0] < c < xs[-1]]) for xs in _pieces(lo, hi, n, jumps)]
    else:
        pieces = segments(act, lo, hi, n, order)
    xs_all: list[Array] = []
    ys_all: list[Array] = []
    for i, xs in enumerate(pieces):
        ys = act(xs) if order == 0 else act.derivative(xs, order=order)
        ys = np.where(np.isfinite(ys), ys, np.nan)
        if i:
            xs_all.append(np.array([np.nan]))
            ys_all.append(np.array([np.nan]))
        xs_all.append(xs)
        ys_all.append(ys)
    return np.concatenate(xs_all), np.concatenate(ys_all)


@dataclass(frozen=True)
class DerivativeRange:
    lo: float
    hi: float
    argmax: float  # where |f′| is largest (the first such point)
    attained_on: Interval | None  # the max holds on a whole interval (relu: (0, 7])
    approached: bool  # the max is a one-sided limit at a kink, not a value (hardswish′ → 1.5)
    over: tuple[float, float]

    def where(self) -> str:
        if self.attained_on is not None:
            iv = self.attained_on
            left = "≤" if iv.lo_closed else "<"
            right = "≤" if iv.hi_closed else "<"
            return f"for {_g(iv.lo)} {left} x {right} {_g(iv.hi)}"
        if self.approached:
            return f"approached as x → {_g(self.argmax)} (not attained)"
        return f"at x = {_g(self.argmax)}"


def _bisect_root(g: Any, a: float, b: float) -> float | None:
    """A root of g in [a, b] where g changes sign (exact zeros returned as they are met)."""
    ga, gb = g(a), g(b)
    if ga == 0:
        return a
    if gb == 0:
        return b
    if (ga > 0) == (gb > 0):
        return None
    for _ in range(200):
        m = 0.5 * (a + b)
        if m in (a, b):
            break
        gm = g(m)
        if gm == 0:
            return m
        if (gm > 0) == (ga > 0):
            a, ga = m, gm
        else:
            b = m
    root = 0.5 * (a + b)
    # prefer a rounder number where g is no larger (sigmoid″ vanishes at 0, not at −3e−63)
    rounded = round(root, 12) + 0.0
    return rounded if abs(g(rounded)) <= abs(g(root)) else root


def _snap(x: float, kinks: list[float]) -> tuple[float, bool]:
    """A grid end placed next to a kink (nextafter) is reported as the kink itself."""
    for k in kinks:
        if x in (np.nextafter(k, np.inf), np.nextafter(k, -np.inf)):
            return k, True
    return x, False


def derivative_range(act: Activation, lo: float, hi: float, n: int = 20001) -> DerivativeRange:
    """min and max of f′ over [lo, hi] (with one-sided values at kinks) and where |f′| peaks."""
    ks = kinks_in(act, lo, hi)
    xs = np.concatenate(segments(act, lo, hi, n))
    d = act.derivative(xs)
    finite = np.isfinite(d)
    xs, d = xs[finite], d[finite]
    dmin, dmax = float(np.min(d)), float(np.max(d))
    mag = np.abs(d)
    i = int(np.argmax(mag))
    peak = float(mag[i])
    second = lambda t: float(act.derivative(t, order=2))  # noqa: E731
    on = np.nonzero(mag >= peak * (1 - 1e-12))[0]
    if on.size > 3 and float(xs[on[-1]] - xs[on[0]]) > 10 * (hi - lo) / n:
        # a plateau: the maximum holds over a whole interval
        a, a_kink = _snap(float(xs[on[0]]), ks)
        b, b_kink = _snap(float(xs[on[-1]]), ks)
        closed_a = not a_kink or abs(float(act.derivative(a))) >= peak * (1 - 1e-12)
        closed_b = not b_kink or abs(float(act.derivative(b))) >= peak * (1 - 1e-12)
        # argmax: a point where the maximum really holds (the plateau's middle)
        return DerivativeRange(dmin, dmax, 0.5 * (a + b), Interval(a, b, closed_a, closed_b), False, (lo, hi))
    argmax, at_kink = _snap(float(xs[i]), ks)
    if at_kink:
        approached = abs(float(act.derivative(argmax))) < peak * (1 - 1e-12)
        return DerivativeRange(dmin, dmax, argmax, None, approached, (lo, hi))
    # an interior peak of a smooth f′ sits at a root of f″ (gelu′ peaks at √2): polish it there
    if 0 < i < xs.size - 1:
        root = _bisect_root(second, float(xs[i - 1]), float(xs[i + 1]))
        if root is not None:
            argmax = root
            value = float(act.derivative(root))
            dmax, dmin = max(dmax, value), min(dmin, value)
    j = int(np.argmin(d))
    if 0 < j < xs.size - 1:
        root = _bisect_root(second, float(xs[j - 1]), float(xs[j + 1]))
        if root is not None:
            dmin = min(dmin, float(act.derivative(root)))
    return DerivativeRange(dmin, dmax, argmax, None, False, (lo, hi))


@dataclass(frozen=True)
class Zone:
    lo: float
    hi: float
    kind: str  # "dead" (f′ ≡ 0) or "saturated" (0 < |f′| < 1 % of max)
    open_left: bool = False  # extends to −∞ beyond the range
    open_right: bool = False  # extends to +∞ beyond the range

    def describe(self) -> str:
        if self.open_left and self.open_right:
            return "everywhere"
        if self.open_left:
            return f"x < {_g(self.hi)}"
        if self.open_right:
            return f"x > {_g(self.lo)}"
        return f"{_g(self.lo)} < x < {_g(self.hi)}"


def _g(v: float) -> str:
    return f"{v:.4g}".replace("-", "−")


def reference_peak(act: Activation, lo: float, hi: float) -> float:
    """The max |f′| that "1 % of max" refers to: the global one when finite, else over the range."""
    dr = act.claims.derivative_range
    peak = max(abs(dr.lo), abs(dr.hi))
    if math.isfinite(peak) and peak > 0:
        return peak
    return float(np.max(np.abs(act.derivative(np.linspace(lo, hi, 2001)))))


def _bisect(g: Any, a: float, b: float) -> float:
    ga = g(a)
    for _ in range(200):
        m = 0.5 * (a + b)
        if m in (a, b):
            break
        gm = g(m)
        if (gm > 0) == (ga > 0):
            a, ga = m, gm
        else:
            b = m
    return 0.5 * (a + b)


def zones(act: Activation, lo: float, hi: float, n: int = 20001) -> list[Zone]:
    """Dead zones (exact, from the claims) and saturation zones (|f′| < 1 % of max), in [lo, hi]."""
    out: list[Zone] = []
    for z in act.claims.dead_zones:
        a, b = max(z.lo, lo), min(z.hi, hi)
        if a < b:
            out.append(Zone(a, b, "dead", open_left=z.lo < lo, open_right=z.hi > hi))
    threshold = VANISH_FRACTION * reference_peak(act, lo, hi)
    xs = np.linspace(lo, hi, n)
    d = np.abs(act.derivative(xs))
    dead = np.zeros_like(xs, dtype=bool)
    for z in act.claims.dead_zones:
        dead |= (xs > z.lo) & (xs < z.hi) | ((xs == z.lo) & z.lo_closed) | ((xs == z.hi) & z.hi_closed)
    # an isolated zero of f′ (hardswish′(−1.5)) or one that only underflows (gelu′ below −38.6)
    # belongs to the saturated run around it; the exact dead zones come from the claims
    low = (d < threshold) & ~dead
    runs = _runs(low)
    g = lambda t: abs(float(act.derivative(t))) - threshold  # noqa: E731
    for i, j in runs:
        if j - i < 3:
            continue
        a = float(xs[i]) if i == 0 else _bisect(g, float(xs[i - 1]), float(xs[i]))
        b = float(xs[j]) if j == xs.size - 1 else _bisect(g, float(xs[j]), float(xs[j + 1]))
        open_left = i == 0 and _stays_low(act, threshold, lo, -1)
        open_right = j == xs.size - 1 and _stays_low(act, threshold, hi, +1)
        out.append(Zone(a, b, "saturated", open_left, open_right))
    return sorted(out, key=lambda z: z.lo)


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    runs = []
    i = 0
    n = mask.size
    while i < n:
        if mask[i]:
            j = i
            while j + 1 < n and mask[j + 1]:
                j += 1
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    return runs


def _stays_low(act: Activation, threshold: float, edge: float, direction: int) -> bool:
    """Does |f′| stay below the threshold from the range edge out to infinity on that side?"""
    far = edge + direction * np.geomspace(1e-3, 1e6, 400)
    d = np.abs(act.derivative(far))
    limit = abs(float(act.derivative(direction * np.inf)))
    return bool(np.all(d < threshold) and limit < threshold)


# --- verification by finite differences ----------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    max_abs_error: float
    max_rel_error: float
    points: int
    skipped: int
    method: str
    tolerance: float

    @property
    def ok(self) -> bool:
        return self.max_rel_error <= self.tolerance


def numeric_derivative(act: Activation, xs: Array, order: int) -> Array:
    """Five-point central differences of f (never of f′), step scaled to |x|."""
    eps = np.finfo(np.float64).eps
    def f(t: Array) -> Array:
        return np.asarray(act(t), dtype=np.float64)

    if order == 1:
        h = eps ** (1 / 5) * np.maximum(1.0, np.abs(xs))
        d1: Array = (-f(xs + 2 * h) + 8 * f(xs + h) - 8 * f(xs - h) + f(xs - 2 * h)) / (12 * h)
        return d1
    h = eps ** (1 / 6) * np.maximum(1.0, np.abs(xs))
    d2: Array = (-f(xs + 2 * h) + 16 * f(xs + h) - 30 * f(xs) + 16 * f(xs - h) - f(xs - 2 * h)) / (12 * h * h)
    return d2


def verify(act: Activation, lo: float, hi: float, order: int = 1, n: int = 4001) -> Verification:
    """Compare the analytic derivative with finite differences of f over a dense grid of the
    range, skipping points whose stencil would straddle a kink (or f″'s kinks)."""
    xs = np.linspace(lo, hi, n)
    eps = np.finfo(np.float64).eps
    reach = 2.5 * eps ** (1 / 6) * np.maximum(1.0, np.abs(xs))
    near = np.zeros_like(xs, dtype=bool)
    # the stencil assumes f is smooth across it: skip kinks of f′ and of f″ (elu at 0) alike
    for k in kinks_in(act, lo - 1, hi + 1, order=2):
        near |= np.abs(xs - k) <= reach
    keep = xs[~near]
    analytic = act.derivative(keep, order=order)
    numeric = numeric_derivative(act, keep, order)
    finite = np.isfinite(analytic) & np.isfinite(numeric)
    err = np.abs(analytic[finite] - numeric[finite])
    scale = 1.0 + np.abs(analytic[finite])
    method = (
        "5-point central differences of f, h = ε^(1/5)·max(1, |x|)"
        if order == 1
        else "5-point second differences of f, h = ε^(1/6)·max(1, |x|)"
    )
    return Verification(
        max_abs_error=float(np.max(err)) if err.size else 0.0,
        max_rel_error=float(np.max(err / scale)) if err.size else 0.0,
        points=int(err.size),
        skipped=int(n - err.size),
        method=method,
        tolerance=1e-7 if order == 1 else 1e-4,
    )


@dataclass(frozen=True)
class Sample:
    x: float
    f: float
    analytic: float
    numeric: float

    @property
    def difference(self) -> float:
        return self.analytic - self.numeric


def samples(act: Activation, xs: list[float] | Array, order: int = 1) -> list[Sample]:
    arr = np.asarray(xs, dtype=np.float64)
    fx = act(arr)
    an = act.derivative(arr, order=order)
    nu = numeric_derivative(act, arr, order)
    # a difference quotient across a kink measures nothing: leave it out (NaN) there
    eps = np.finfo(np.float64).eps
    reach = 2.5 * eps ** (1 / 6) * np.maximum(1.0, np.abs(arr))
    for k in kinks_in(act, -math.inf, math.inf, order):
        nu = np.where(np.abs(arr - k) <= reach, np.nan, nu)
    if order == 1:
        # where only f″ jumps (elu at 0) f′ is still continuous: average two one-sided
        # second-order differences that stay on their own side
        h = eps ** (1 / 3) * np.maximum(1.0, np.abs(arr))
        right = (-3 * act(arr) + 4 * act(arr + h) - act(arr + 2 * h)) / (2 * h)
        left = (3 * act(arr) - 4 * act(arr - h) + act(arr - 2 * h)) / (2 * h)
        for k in act.claims.d2_kinks:
            nu = np.where(np.abs(arr - k) <= reach, 0.5 * (left + right), nu)
    out = []
    for x, f_, a, m in zip(arr, np.atleast_1d(fx), np.atleast_1d(an), np.atleast_1d(nu)):
        out.append(Sample(float(x), float(f_), float(a), float(m)))
    return out


def default_sample_points(lo: float, hi: float) -> list[float]:
    """A short table of round points: the ends, their halves, ±1 and 0 when in range."""
    if lo < 0 < hi:
        pts = {lo, lo / 2, -1.0, 0.0, 1.0, hi / 2, hi}
    else:
        pts = {float(f"{v:.4g}") for v in np.linspace(lo, hi, 7)}
    return sorted(p for p in pts if lo <= p <= hi)


# --- vector kinds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VectorCheck:
    jacobian_max_abs_error: float
    vjp_max_abs_error: float
    cross_entropy_max_abs_error: float
    points: int
    method: str


def verify_vector(act: Activation, seed: int = 0, k: int = 6) -> VectorCheck:
    """Jacobian against central differences of f at a random z; the vjp against vᵀJ; and the
    cross-entropy gradient s − y against differences of the loss."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=k)
    jac = act.jacobian(z)
    h = 1e-6
    numeric = np.empty((k, k))
    for j in range(k):
        e = np.zeros(k)
        e[j] = h
        numeric[:, j] = (act(z + e) - act(z - e)) / (2 * h)
    v = rng.normal(size=k)
    vjp_err = float(np.max(np.abs(act.vjp(z, v) - v @ jac)))
    y = np.zeros(k)
    y[int(rng.integers(k))] = 1.0
    grad = cross_entropy_gradient(act, z, y)
    num_grad = np.array([
        (cross_entropy(act, z + h * np.eye(k)[j], y) - cross_entropy(act, z - h * np.eye(k)[j], y)) / (2 * h)
        for j in range(k)
    ])
    return VectorCheck(
        jacobian_max_abs_error=float(np.max(np.abs(jac - numeric))),
        vjp_max_abs_error=vjp_err,
        cross_entropy_max_abs_error=float(np.max(np.abs(grad - num_grad))),
        points=k * k,
        method="central differences, h = 1e-6, at a random z of length 6",
    )


def probabilities(act: Activation, z: Array) -> Array:
    """The distribution a vector activation's output stands for (exp of log_softmax)."""
    out = np.asarray(act(z), dtype=np.float64)
    return np.exp(out) if act.name == "log_softmax" else out


def cross_entropy(act: Activation, z: Array, y: Array) -> float:
    p = probabilities(act, z)
    return float(-np.sum(y * np.log(p)))


def cross_entropy_gradient(act: Activation, z: Array, y: Array) -> Array:
    """∂/∂z of −Σ y log p(z): s − y for softmax and log_softmax, −(s − y) for softmin."""
    s = probabilities(act, z)
    grad = s * np.sum(y) - y
    return -grad if act.name == "softmin" else grad


def seed_softmax_example(n: int = 1000, every: int = 20) -> tuple[Array, Array]:
    """The seed tutorial's picture: n logits linearly from 1 to 10, every 20th the true class.

    The target puts equal mass on the true classes (so it sums to 1, as cross-entropy needs)."""
    z = np.linspace(1.0, 10.0, n)
    y = np.zeros(n)
    y[::every] = 1.0
    return z, y / y.sum()


@dataclass(frozen=True)
class DeriveReport:
    act: Activation
    order: int
    lo: float
    hi: float
    kinks: list[Kink] = field(default_factory=list)
    derivative_range: DerivativeRange | None = None
    zones: list[Zone] = field(default_factory=list)
    values: list[Sample] = field(default_factory=list)
    verification: Verification | None = None
    vector: VectorCheck | None = None
    global_range: Interval | None = None
    values_vector: tuple[list[float], list[float], list[list[float]]] | None = None


def derive(act: Activation, order: int = 1, lo: float = -7.0, hi: float = 7.0,
           at: list[float] | None = None) -> DeriveReport:
    """Everything ``actcli derive`` prints, computed."""
    if order not in (1, 2):
        raise ParameterError(f"--order must be 1 or 2, not {order}")
    lo, hi = check_range(lo, hi)
    if at is not None:
        for x in at:
            if not math.isfinite(x):
                raise ParameterError(f"--at needs a finite number, not {x}")
    if act.kind == "vector":
        if order != 1:
            raise ParameterError(f"{act.name} is a vector function: derive shows its Jacobian (--order 1)")
        z = np.asarray(at if at else [1.0, 2.0, 3.0], dtype=np.float64)
        values = (z.tolist(), act(z).tolist(), act.jacobian(z).tolist())
        return DeriveReport(act, order, lo, hi, vector=verify_vector(act), values_vector=values)
    kinks = [k for k in act.claims.kinks if lo <= k.x <= hi]
    points = at if at else default_sample_points(lo, hi)
    return DeriveReport(
        act,
        order,
        lo,
        hi,
        kinks=kinks,
        derivative_range=derivative_range(act, lo, hi),
        zones=zones(act, lo, hi),
        values=samples(act, points, order),
        verification=verify(act, lo, hi, order),
        global_range=act.claims.derivative_range,
    )
