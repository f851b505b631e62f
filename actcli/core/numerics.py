"""Numerical building blocks shared by the analysis: one bisection, one sampler, the constants.

numpy only. Every root, threshold and grid in actcli comes from here, so each is written once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from actcli.core.constants import DEFAULT_RANGE, SATURATION_FRACTION

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

__all__ = ["DEFAULT_RANGE", "SATURATION_FRACTION", "bisect", "pieces", "runs"]


def bisect(g: Callable[[float], float], a: float, b: float, *, polish: bool = False) -> float | None:
    """A root of ``g`` in [a, b] where it changes sign, to the last bit; None without a change.

    Exact zeros met on the way are returned as they are. With ``polish``, a rounder number is
    preferred where ``g`` is no larger there (sigmoid″ vanishes at 0, not at −3e−63, nor at the
    subnormal where its value underflows to 0)."""
    root = _bisect(g, a, b)
    if root is None or not polish:
        return root
    rounded = round(root, 12) + 0.0
    return rounded if abs(g(rounded)) <= abs(g(root)) else root


def _bisect(g: Callable[[float], float], a: float, b: float) -> float | None:
    ga, gb = g(a), g(b)
    if ga == 0:
        return a
    if gb == 0:
        return b
    if math.isnan(ga) or math.isnan(gb) or (ga > 0) == (gb > 0):
        return None
    for _ in range(2100):  # ≥ 2·1074: enough halvings for any pair of doubles
        m = 0.5 * (a + b)
        if m in (a, b) or not math.isfinite(m):
            break
        gm = g(m)
        if gm == 0:
            return m
        if (gm > 0) == (ga > 0):
            a, ga = m, gm
        else:
            b = m
    return 0.5 * (a + b)


def pieces(lo: float, hi: float, n: int, cuts: Sequence[float]) -> list[Array]:
    """[lo, hi] cut at ``cuts``, about n points in all; each piece stops one ulp short of a cut so
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


def runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """The (first, last) index of every run of True in a boolean array."""
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return [(int(s), int(e) - 1) for s, e in zip(edges[::2], edges[1::2])]
