"""The x window of an analysis, and the curves drawn over it: cut at every kink."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actcli.core.activation import Activation
from actcli.core.numerics import pieces
from actcli.core.record import Interval
from actcli.errors import ParameterError, num

if TYPE_CHECKING:  # numpy.typing is slow to import and only needed by type checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


MAX_POINTS = 1_000_000
MAX_ABS_X = 1e6


def check_range(lo: float, hi: float) -> tuple[float, float]:
    """A usable x range: finite, ordered, not absurdly wide."""
    if math.isnan(lo) or math.isnan(hi):
        raise ParameterError("the range must be two numbers, not NaN", hint="e.g. -7 7", option="range")
    if math.isinf(lo) or math.isinf(hi):
        raise ParameterError("the range must be finite", hint="e.g. -7 7", option="range")
    if not lo < hi:
        raise ParameterError(
            f"the range minimum ({num(lo)}) must be less than its maximum ({num(hi)})", hint="e.g. -7 7",
            option="range",
        )
    if max(abs(lo), abs(hi)) > MAX_ABS_X:
        raise ParameterError(f"the range must lie within +-{MAX_ABS_X:g}", hint="e.g. -50 50", option="range")
    return float(lo), float(hi)


def check_points(n: int) -> int:
    if n < 2:
        raise ParameterError(f"points must be at least 2, not {n}", option="points")
    if n > MAX_POINTS:
        raise ParameterError(f"points must be at most {MAX_POINTS:,}, not {n:,}", option="points")
    return n


def domain_text(domain: tuple[Interval, ...]) -> str:
    """``x > 0``, ``x != 0.5``, ``-1 <= x < 1`` (ASCII, for messages; present/words.py words it)."""
    if len(domain) == 2 and domain[0].lo == -math.inf and domain[1].hi == math.inf \
            and domain[0].hi == domain[1].lo and not domain[0].hi_closed and not domain[1].lo_closed:
        return f"x != {num(domain[0].hi)}"
    parts = []
    for d in domain:
        left = "" if d.lo == -math.inf else f"{num(d.lo)} {'<=' if d.lo_closed else '<'} "
        right = "" if d.hi == math.inf else f" {'<=' if d.hi_closed else '<'} {num(d.hi)}"
        if not left and not right:
            parts.append("every x")
        elif not left:
            parts.append("x" + right)
        elif not right:
            parts.append("x " + (">=" if d.lo_closed else ">") + f" {num(d.lo)}")
        else:
            parts.append(left + "x" + right)
    return " or ".join(parts)


def restrict(lo: float, hi: float, domain: tuple[Interval, ...]) -> tuple[float, float, Interval] | None:
    """The widest piece of [lo, hi] inside the domain (where f, f′ and f″ are finite), as the
    (first, last) x to sample and the piece itself; None if no piece of the range is inside.
    An open end is sampled from 1e-9 of the piece's width inside it."""
    best: tuple[float, float, Interval] | None = None
    for d in domain:
        a, a_closed = (lo, True) if d.lo < lo else (d.lo, d.lo_closed)
        b, b_closed = (hi, True) if d.hi > hi else (d.hi, d.hi_closed)
        if not a < b:
            continue
        if best is not None and b - a <= best[2].hi - best[2].lo:
            continue
        margin = 1e-9 * (b - a)
        best = (a if a_closed else a + margin, b if b_closed else b - margin, Interval(a, b, a_closed, b_closed))
    return best


def kinks_in(act: Activation, lo: float, hi: float, order: int = 1) -> list[float]:
    """Points in [lo, hi] where the derivative of this order does not exist."""
    claims = act.claims
    points = [k.x for k in claims.kinks] + boundaries(act)
    if order == 2:
        points += list(claims.d2_kinks)
    return sorted({x for x in points if lo <= x <= hi})


def boundaries(act: Activation) -> list[float]:
    """Finite ends of the domain (poles, ends of log's or sqrt's domain): curves break there."""
    return [e for d in act.record.domain for e in (d.lo, d.hi) if math.isfinite(e)]


def segments(act: Activation, lo: float, hi: float, n: int, order: int = 1) -> list[Array]:
    """The range cut at every kink of the derivative of this order."""
    return pieces(lo, hi, n, kinks_in(act, lo, hi, order))


def curve(act: Activation, lo: float, hi: float, n: int, order: int) -> tuple[Array, Array]:
    """x and f (order 0) / f′ / f″ ready to draw: pieces between kinks joined by NaN breaks.

    f itself breaks only where it jumps, and keeps its corners on the grid so they look sharp."""
    if order == 0:
        jumps = [k.x for k in act.claims.kinks if not k.continuous] + boundaries(act)
        corners = [k.x for k in act.claims.kinks if lo < k.x < hi]
        parts = [np.union1d(xs, [c for c in corners if xs[0] < c < xs[-1]]) for xs in pieces(lo, hi, n, jumps)]
    else:
        parts = segments(act, lo, hi, n, order)
    ends = boundaries(act)
    if ends:  # beside a pole, one ulp away, f is ~1e16: start the curve at the next grid point
        parts = [xs[[not any(abs(x - e) <= 2 * np.spacing(e) for e in ends) for x in xs]] for xs in parts]
    xs_all: list[Array] = []
    ys_all: list[Array] = []
    for i, xs in enumerate(parts):
        ys = act(xs) if order == 0 else act.derivative(xs, order=order)
        ys = np.where(np.isfinite(ys), ys, np.nan)
        if i:
            xs_all.append(np.array([np.nan]))
            ys_all.append(np.array([np.nan]))
        xs_all.append(xs)
        ys_all.append(ys)
    return np.concatenate(xs_all), np.concatenate(ys_all)
