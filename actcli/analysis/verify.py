"""An independent check of analytic derivatives: finite differences of f, never of f′."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actcli.analysis.vector import cross_entropy, cross_entropy_gradient
from actcli.analysis.window import kinks_in
from actcli.core.activation import Activation

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


@dataclass(frozen=True)
class Verification:
    max_abs_error: float
    max_rel_error: float
    points: int
    skipped: int
    order: int  # 1: five-point central differences of f; 2: five-point second differences
    tolerance: float
    scaled: bool = False  # steps also scaled to min(|f/f′|, |f′/f″|) (custom expressions)
    # points left out because differences of f cannot resolve the derivative there: f's own
    # rounding at the largest step (4ε|f|/h) exceeds the tolerance, or the stencil overflows
    unresolvable: int = 0

    @property
    def ok(self) -> bool:
        """No checked point disagrees (a window where nothing could be checked is not a failure:
        :attr:`points` is then 0 and the report says so)."""
        return self.max_rel_error <= self.tolerance


#: Ridders' extrapolation: the first step (× max(1, |x|)), how it shrinks, and how many steps
RIDDERS_H0 = 0.1
RIDDERS_SHRINK = 1.6
RIDDERS_STEPS = 22


def numeric_derivative(act: Activation, xs: Array, order: int, h0: Array | None = None) -> Array:
    """f′ or f″ from central differences of f (never of f′), by Ridders' method: the step starts at
    h0 (0.1·max(1, |x|), or less where a kink is near) and shrinks 22 times by 1.6, each new
    difference extrapolated towards h → 0 (Richardson, error ∝ h²); the estimate whose
    extrapolations agree best is kept. A steep f (tanh(1000x)) gets a step small enough for it,
    a gentle one a step large enough to keep rounding out."""
    def f(t: Array) -> Array:
        return np.asarray(act(t), dtype=np.float64)

    xs = np.asarray(xs, dtype=np.float64)
    shape = xs.shape
    xs = xs.reshape(-1)  # the tableau updates arrays in place: no 0-d ones
    h = RIDDERS_H0 * np.maximum(1.0, np.abs(xs)) if h0 is None else \
        np.array(np.broadcast_to(np.asarray(h0, dtype=np.float64), shape)).reshape(-1)
    f0 = f(xs) if order == 2 else None
    record = getattr(act, "record", None)  # a gated activation's partials come as plain callables
    exact_steps = record is not None and record.estimated

    def diff(step: Array) -> Array:
        if exact_steps:
            # a step the floats represent exactly: x ± h rounds, and for a custom expression as steep
            # as (x^999 + 1)^999 (f′/f ~ 1e6) that rounding alone moves f by 1e-10 of itself
            step = (xs + step) - xs
        if order == 1:
            out: Array = (f(xs + step) - f(xs - step)) / (2 * step)
        else:
            assert f0 is not None
            out = (f(xs + step) - 2 * f0 + f(xs - step)) / (step * step)
        return out

    con2 = RIDDERS_SHRINK**2
    with np.errstate(all="ignore"):
        prev = [diff(h)]
        best = prev[0].copy()
        err = np.full(xs.shape, np.inf)
        for _ in range(1, RIDDERS_STEPS):
            h = h / RIDDERS_SHRINK
            row = [diff(h)]
            fac = con2
            for j in range(1, len(prev) + 1):
                row.append((row[j - 1] * fac - prev[j - 1]) / (fac - 1))
                fac *= con2
                errt = np.abs(row[j] - row[j - 1])
                np.maximum(errt, np.abs(row[j] - prev[j - 1]), out=errt)
                np.copyto(best, row[j], where=errt <= err)  # the latest of the best estimates so far
                np.fmin(err, errt, out=err)  # (a NaN error changes neither)
            prev = row
    return best.reshape(shape)


def _scale(act: Activation, xs: Array) -> Array:
    """The length over which f or f′ changes by its own size, min(|f/f′|, |f′/f″|), kept within
    [1e-9, 1]·max(1, |x|): x¹⁰⁰⁰ changes by a factor e within x/1000, so a first step of
    0.1·|x| would measure nothing. (f′ and f″ only choose the step; the differences are of f alone.)"""
    base = np.maximum(1.0, np.abs(xs))
    with np.errstate(all="ignore"):
        f0 = np.abs(np.asarray(act(xs), dtype=np.float64))
        f1 = np.abs(np.asarray(act.derivative(xs), dtype=np.float64))
        f2 = np.abs(np.asarray(act.derivative(xs, order=2), dtype=np.float64))
        # a ratio whose terms overflowed (f″ = inf near the top of the range) says nothing: skip it
        r1 = np.where(np.isfinite(f0) & np.isfinite(f1) & (f1 > 0), f0 / f1, np.nan)
        r2 = np.where(np.isfinite(f1) & np.isfinite(f2) & (f2 > 0), f1 / f2, np.nan)
        ratio = np.fmin(r1, r2)
    ratio = np.where(np.isfinite(ratio) & (ratio > 0), ratio, base)
    return np.asarray(np.clip(ratio, 1e-9 * base, base))


def _kink_room(act: Activation, xs: Array, order: int) -> Array:
    """The first step of each point's differences: 0.1·max(1, |x|) — for custom expressions, which
    can grow like x¹⁰⁰⁰, 0.1·:func:`_scale` — at most half the way to a kink."""
    h = RIDDERS_H0 * (_scale(act, xs) if act.record.estimated else np.maximum(1.0, np.abs(xs)))
    for k in kinks_in(act, -math.inf, math.inf, order=2):
        h = np.minimum(h, 0.5 * np.abs(xs - k))
    return np.maximum(h, 1e-300)


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
    tolerance = 1e-7 if order == 1 else 1e-4
    analytic = act.derivative(keep, order=order)
    h0 = _kink_room(act, keep, order)
    with np.errstate(all="ignore"):
        # what differences of f can resolve: f's rounding, 4ε·max|f| over the widest stencil,
        # divided by the step (squared for f″), must stay under the tolerance; and no overflow
        around = np.stack([np.asarray(act(t), dtype=np.float64) for t in (keep - h0, keep, keep + h0)])
        floor = 4 * np.finfo(np.float64).eps * np.max(np.abs(around), axis=0) / (h0 if order == 1 else h0 * h0)
        resolvable = np.all(np.isfinite(around), axis=0) & (floor <= 0.1 * tolerance * (1.0 + np.abs(analytic)))
    numeric = numeric_derivative(act, keep, order, h0)
    finite = np.isfinite(analytic) & np.isfinite(numeric) & resolvable
    err = np.abs(analytic[finite] - numeric[finite])
    scale = 1.0 + np.abs(analytic[finite])
    return Verification(
        max_abs_error=float(np.max(err)) if err.size else 0.0,
        max_rel_error=float(np.max(err / scale)) if err.size else 0.0,
        points=int(err.size),
        skipped=int(near.sum()),
        order=order,
        tolerance=tolerance,
        scaled=act.record.estimated,
        unresolvable=int(keep.size - err.size),
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
    nu = numeric_derivative(act, arr, order, _kink_room(act, arr, order))
    # a difference quotient across a kink measures nothing: leave it out (NaN) there
    eps = np.finfo(np.float64).eps
    reach = 2.5 * eps ** (1 / 6) * np.maximum(1.0, np.abs(arr))
    for k in kinks_in(act, -math.inf, math.inf, order):
        nu = np.where(np.abs(arr - k) <= reach, np.nan, nu)
    if order == 1:
        # where only f″ jumps (elu at 0) f′ is still continuous: average two one-sided
        # second-order differences that stay on their own side
        h = eps ** (1 / 3) * np.maximum(1.0, np.abs(arr))
        with np.errstate(all="ignore"):  # inf − inf near overflow: NaN, shown as such
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


@dataclass(frozen=True)
class VectorCheck:
    jacobian_max_abs_error: float
    vjp_max_abs_error: float
    cross_entropy_max_abs_error: float
    points: int
    z: tuple[float, ...]  # where it was checked
    step: float  # of the central differences
    tolerance: float = 1e-6  # absolute, on entries of size at most 1

    @property
    def ok(self) -> bool:
        worst = max(self.jacobian_max_abs_error, self.vjp_max_abs_error, self.cross_entropy_max_abs_error)
        return bool(worst <= self.tolerance)


def verify_vector(act: Activation, z: Array, seed: int = 0) -> VectorCheck:
    """The Jacobian at ``z`` against central differences of f; the vjp against vᵀJ for a random v;
    the cross-entropy gradient s − y against differences of the loss (a random one-hot y)."""
    rng = np.random.default_rng(seed)
    z = np.asarray(z, dtype=np.float64)
    k = z.size
    # at extreme z (1e308, a class of probability 0) differences overflow and log(0) = -inf:
    # the errors then read inf/nan, which is what they are, without numpy's warnings
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
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
            z=tuple(float(v) for v in z),
            step=h,
        )
