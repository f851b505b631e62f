"""Where the gradient vanishes: dead zones (f′ ≡ 0) and saturation (|f′| below 1 % of its peak)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.core.activation import Activation
from actcli.core.numerics import bisect

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


def zones(act: Activation, lo: float, hi: float, n: int = 20001) -> list[Zone]:
    """Dead zones (exact, from the claims) and saturation zones, clipped to [lo, hi].

    A saturation zone is a tail where f′ → 0 and |f′| < 1 % of sup |f′| (from
    :func:`~actcli.analysis.properties.properties`); an interior zero of f′ (gelu's minimum) is a
    stationary point, never a zone, and with sup |f′| = ∞ there is none (undefined). ``n`` is
    kept for callers; the thresholds are exact, not read off a grid."""
    from actcli.analysis.properties import properties

    out: list[Zone] = []
    for z in act.claims.dead_zones:
        a, b = max(z.lo, lo), min(z.hi, hi)
        if a < b:
            out.append(Zone(a, b, "dead", open_left=z.lo < lo, open_right=z.hi > hi))
    if act.kind != "elementwise":
        return out
    sat = properties(act).saturation
    if sat.left is not None and sat.left_kind == "saturating" and sat.left > lo:
        out.append(Zone(lo, min(sat.left, hi), "saturated", open_left=True, open_right=sat.left > hi))
    if sat.right is not None and sat.right_kind == "saturating" and sat.right < hi:
        out.append(Zone(max(sat.right, lo), hi, "saturated", open_left=sat.right < lo, open_right=True))
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
