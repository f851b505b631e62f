"""Where an expression and its first two derivatives are real and finite.

The conditions come from the tree (log u: u > 0; log1p u: u > −1; u^p with p not an integer:
u ≥ 0, or u > 0 for p < 0; u^−n and 1/u: u ≠ 0; u^v: u > 0); their boundaries are found by
scanning each condition's argument on a grid over [−1e6, 1e6] (dense near 0) and bisecting every
sign change. Poles are boundaries, never kinks.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import log1p

from actcli.core.record import Interval
from actcli.custom.budget import BoundError, Budget
from actcli.custom.compile import Program, distinct, roots
from actcli.custom.symbolic import X

MAX_BREAKS = 200
EDGE = 1e6
ALL = (Interval(-math.inf, math.inf),)


def grid() -> Any:
    tail = np.logspace(-300, math.log10(EDGE), 3001)
    return distinct(np.concatenate([-tail, [0.0], tail, np.linspace(-50, 50, 20001)]))


def conditions(exprs: list[Any]) -> list[tuple[Any, str]]:
    out: dict[tuple[Any, str], None] = {}
    for expr in exprs:
        for e in sp.preorder_traversal(expr):
            if not e.has(X):
                continue
            if isinstance(e, sp.log):
                out[(e.args[0], ">0")] = None
            elif isinstance(e, log1p):
                out[(e.args[0] + 1, ">0")] = None
            elif e.is_Pow:
                b, p = e.args
                if not b.has(X):
                    continue
                if p.is_Integer:
                    if p < 0:
                        out[(b, "!=0")] = None
                elif not p.has(X):
                    out[(b, ">=0" if p > 0 else ">0")] = None
                else:
                    out[(b, ">0")] = None
    return list(out)


def _holds(v: Any, kind: str) -> Any:
    with np.errstate(invalid="ignore"):
        if kind == ">0":
            return v > 0
        if kind == ">=0":
            return v >= 0
        return (v != 0) & ~np.isnan(v)


def domain(exprs: list[Any], budget: Budget) -> tuple[Interval, ...]:
    """The intervals where every expression in ``exprs`` is real and finite (ALL if no condition)."""
    conds = conditions(exprs)
    if not conds:
        return ALL
    xs = grid()
    progs = [(Program(g, budget), kind) for g, kind in conds]
    breaks: set[float] = set()
    for prog, _kind in progs:
        breaks.update(roots(prog, xs, MAX_BREAKS, "domain boundaries"))
        if len(breaks) > MAX_BREAKS:
            raise BoundError(f"the expression changes its domain more than {MAX_BREAKS} times",
                             hint="the bound on domain boundaries", code="domain_bound")
    points = sorted(breaks)
    fs = [Program(e, budget) for e in exprs]

    def inside(t: float) -> bool:
        arr = np.array([t])
        if not all(bool(_holds(p(arr), kind)[0]) for p, kind in progs):
            return False
        return all(bool(np.isfinite(f(arr))[0]) for f in fs)

    edges = [-math.inf, *points, math.inf]
    pieces: list[Interval] = []
    for i, (a, b) in enumerate(zip(edges[:-1], edges[1:])):
        mid = (-EDGE if math.isinf(a) and math.isinf(b) else
               (b - 1 - abs(b) if math.isinf(a) else (a + 1 + abs(a) if math.isinf(b) else 0.5 * (a + b))))
        if math.isinf(a) and math.isinf(b):
            mid = 0.0
        if not inside(mid):
            continue
        a_in = i > 0 and inside(a)
        b_in = i < len(edges) - 2 and inside(b)
        if pieces and pieces[-1].hi == a and pieces[-1].hi_closed and a_in:
            last = pieces.pop()
            pieces.append(Interval(last.lo, b, last.lo_closed, b_in))
        else:
            pieces.append(Interval(a, b, a_in, b_in))
    return tuple(pieces)
