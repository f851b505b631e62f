"""How far apart two definitions of one name are: the largest |f_a − f_b| and |f_a′ − f_b′| and
where they occur. Numbers only; :mod:`actcli.present.frameworks` words them.

Two activations with the same record and parameters are one function: their difference is 0 on all
of ℝ, proved by construction. Otherwise the difference is measured on a window: a uniform grid
with both functions' kinks (and the floats on either side of each) added, then a finer grid over
the two grid steps around the largest value found. The result is labelled with that window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from actcli.core.activation import Activation

#: points of the finer grid laid around the largest difference of the first pass
REFINE = 2001
#: the grid for an expression in x, evaluated in high precision where float64 cannot be trusted
CUSTOM_POINTS = 2001


@dataclass(frozen=True)
class Extreme:
    """The largest |difference| found and where (``at_edge``: at an end of the window, so it may
    be larger outside it)."""

    value: float
    x: float | None  # None when the difference is 0 everywhere
    at_edge: bool = False


@dataclass(frozen=True)
class Difference:
    name: str  # the name as the frameworks call it
    first: str  # framework names
    second: str
    first_spec: str
    second_spec: str
    same: bool  # one definition: the difference is 0 on all of ℝ (proved)
    f: Extreme | None  # None: not measured (vector or gated functions with different definitions)
    d1: Extreme | None
    lo: float
    hi: float
    points: int


def _kinks(act: Activation, lo: float, hi: float) -> list[float]:
    xs: list[float] = []
    for k in act.claims.kinks:
        if lo <= k.x <= hi:
            xs += [float(np.nextafter(k.x, -np.inf)), k.x, float(np.nextafter(k.x, np.inf))]
    return xs


def _largest(a: Activation, b: Activation, order: int, xs: np.ndarray, lo: float, hi: float) -> Extreme:
    def gap(x: np.ndarray) -> np.ndarray:
        if order == 0:
            out: np.ndarray = np.abs(np.asarray(a(x), float) - np.asarray(b(x), float))
        else:
            out = np.abs(np.asarray(a.derivative(x), float) - np.asarray(b.derivative(x), float))
        return out

    d = gap(xs)
    i = int(np.nanargmax(d)) if np.any(np.isfinite(d)) else 0
    best, where = float(d[i]), float(xs[i])
    if best == 0.0:
        return Extreme(0.0, None)
    step = (hi - lo) / max(1, len(xs) - 1)
    fine = np.linspace(max(lo, where - 2 * step), min(hi, where + 2 * step), REFINE if len(xs) > CUSTOM_POINTS + 10 else 201)
    df = gap(fine)
    j = int(np.nanargmax(df))
    if df[j] > best:
        best, where = float(df[j]), float(fine[j])
    # at an end of the window the largest value may grow beyond it, unless the difference is as large
    # just inside (a constant gap, such as two slopes' 0.19 on all of x < 0, does not grow)
    inside = fine[1] if where == lo else fine[-2] if where == hi else where
    grows = where in (lo, hi) and float(gap(np.array([inside]))[0]) < best
    return Extreme(best, where, grows)


def difference(first: str, a: Activation, second: str, b: Activation, lo: float, hi: float, points: int,
               name: str) -> Difference:
    """The largest |f_a − f_b| and |f_a′ − f_b′| on [lo, hi] (or 0, proved, for one definition)."""
    same = a.spec == b.spec
    f = d1 = None
    if same:
        f = d1 = Extreme(0.0, None)
    elif a.kind == "elementwise" and b.kind == "elementwise":
        # the window widened to take in every kink (torch's softplus cut-off at x = 20) with 1 to spare
        cuts = [k.x for act in (a, b) for k in act.claims.kinks if np.isfinite(k.x) and abs(k.x) <= 1e6]
        lo, hi = min([lo, *(c - 1.0 for c in cuts)]), max([hi, *(c + 1.0 for c in cuts)])
        if a.record.estimated or b.record.estimated:  # an expression in x: high precision costs work
            points = min(points, CUSTOM_POINTS)
        xs = np.unique(np.concatenate([np.linspace(lo, hi, points), _kinks(a, lo, hi), _kinks(b, lo, hi)]))
        f = _largest(a, b, 0, xs, lo, hi)
        d1 = _largest(a, b, 1, xs, lo, hi)
    return Difference(name, first, second, short_spec(a), short_spec(b), same, f, d1, lo, hi, points)


def short_spec(act: Activation) -> str:
    """The spec with only the parameters that differ from the defaults (``softplus:threshold=20``)."""
    changed = act.changed_params()
    if act.record.estimated or not changed:
        return act.name
    text = ",".join(f"{k}={int(v) if isinstance(v, float) and v.is_integer() else v}" for k, v in changed.items())
    return f"{act.name}:{text}"
