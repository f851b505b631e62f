"""Where the gradient vanishes: dead zones (f′ ≡ 0) and saturation (|f′| below 1 % of its peak)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.activation import Activation
from actcli.core.numerics import SATURATION_FRACTION, bisect, runs

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


@dataclass(frozen=True)
class Zone:
    lo: float
    hi: float
    kind: str  # "dead" (f′ ≡ 0) or "saturated" (0 < |f′| < 1 % of max)
    open_left: bool = False  # extends to −∞ beyond the range
    open_right: bool = False  # extends to +∞ beyond the range


def reference_peak(act: Activation, lo: float, hi: float) -> float:
    """The max |f′| that "1 % of max" refers to: the global one when finite, else over the range."""
    dr = act.claims.derivative_range
    peak = max(abs(dr.lo), abs(dr.hi))
    if math.isfinite(peak) and peak > 0:
        return peak
    return float(np.max(np.abs(act.derivative(np.linspace(lo, hi, 2001)))))


def zones(act: Activation, lo: float, hi: float, n: int = 20001) -> list[Zone]:
    """Dead zones (exact, from the claims) and saturation zones (|f′| < 1 % of max), in [lo, hi]."""
    out: list[Zone] = []
    for z in act.claims.dead_zones:
        a, b = max(z.lo, lo), min(z.hi, hi)
        if a < b:
            out.append(Zone(a, b, "dead", open_left=z.lo < lo, open_right=z.hi > hi))
    threshold = SATURATION_FRACTION * reference_peak(act, lo, hi)
    xs = np.linspace(lo, hi, n)
    d = np.abs(act.derivative(xs))
    dead = np.zeros_like(xs, dtype=bool)
    for z in act.claims.dead_zones:
        dead |= (xs > z.lo) & (xs < z.hi) | ((xs == z.lo) & z.lo_closed) | ((xs == z.hi) & z.hi_closed)
    # an isolated zero of f′ (hardswish′(−1.5)) or one that only underflows (gelu′ below −38.6)
    # belongs to the saturated run around it; the exact dead zones come from the claims
    low = (d < threshold) & ~dead
    g = lambda t: abs(float(act.derivative(t))) - threshold  # noqa: E731
    for i, j in runs(low):
        if j - i < 3:
            continue
        a = float(xs[i]) if i == 0 else _crossing(g, float(xs[i - 1]), float(xs[i]))
        b = float(xs[j]) if j == xs.size - 1 else _crossing(g, float(xs[j]), float(xs[j + 1]))
        open_left = i == 0 and _stays_low(act, threshold, lo, -1)
        open_right = j == xs.size - 1 and _stays_low(act, threshold, hi, +1)
        out.append(Zone(a, b, "saturated", open_left, open_right))
    return sorted(out, key=lambda z: z.lo)


def _crossing(g: Any, a: float, b: float) -> float:
    """Where g changes sign between two grid points (the grid guarantees that it does)."""
    root = bisect(g, a, b)
    return 0.5 * (a + b) if root is None else root


def _stays_low(act: Activation, threshold: float, edge: float, direction: int) -> bool:
    """Does |f′| stay below the threshold from the range edge out to infinity on that side?"""
    far = edge + direction * np.geomspace(1e-3, 1e6, 400)
    d = np.abs(act.derivative(far))
    limit = abs(float(act.derivative(direction * np.inf)))
    return bool(np.all(d < threshold) and limit < threshold)
