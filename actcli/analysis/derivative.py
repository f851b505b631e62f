"""The range of f′ over a window, and where |f′| is largest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actcli.analysis.window import kinks_in, segments
from actcli.core.activation import Activation
from actcli.core.numerics import bisect
from actcli.core.record import Interval

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


@dataclass(frozen=True)
class DerivativeRange:
    lo: float
    hi: float
    argmax: float  # where |f′| is largest (the first such point)
    attained_on: Interval | None  # the max holds on a whole interval (relu: (0, 7])
    approached: bool  # the max is a one-sided limit at a kink, not a value (hardswish′ → 1.5)
    over: tuple[float, float]


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
        root = bisect(second, float(xs[i - 1]), float(xs[i + 1]), polish=True)
        if root is not None:
            argmax = root
            value = float(act.derivative(root))
            dmax, dmin = max(dmax, value), min(dmin, value)
    j = int(np.argmin(d))
    if 0 < j < xs.size - 1:
        root = bisect(second, float(xs[j - 1]), float(xs[j + 1]), polish=True)
        if root is not None:
            dmin = min(dmin, float(act.derivative(root)))
    return DerivativeRange(dmin, dmax, argmax, None, False, (lo, hi))
