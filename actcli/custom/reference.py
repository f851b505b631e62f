"""Exact values of a record's closed form: SymPy builds it from the grammar, mpmath evaluates it
with as many digits as it takes (used to measure float precision, ``actcli precision``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from actcli.core.activation import Activation

Reference = tuple["NDArray[np.float64]", "NDArray[np.float64]", "NDArray[np.bool_]"]


def exact_values(act: Activation, order: int, xs: NDArray[np.float64]) -> Reference:
    """f (order 0) or f′ (order 1) at ``xs`` as (hi, lo, nonzero): hi + lo is the exact value to
    ~32 digits, nonzero says it is not 0 (also where it lies below float64's range)."""
    import sympy as sp

    from actcli.custom.symbolic import record_expression

    x = sp.Symbol("x", real=True)
    expr = record_expression(act.record, act.params, x)
    if order:
        expr = sp.diff(expr, x)
    fn = sp.lambdify(x, expr, modules=["mpmath"])
    hi = np.empty(xs.size)
    lo = np.zeros(xs.size)
    nonzero = np.zeros(xs.size, dtype=bool)
    for i, v in enumerate(xs):
        try:
            e = _settled(fn, float(v))
            h = float(e)
            hi[i] = h
            lo[i] = float(e - h) if math.isfinite(h) else 0.0
            nonzero[i] = e != 0  # also where it is below float64's range
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            hi[i] = np.nan
    return hi, lo, nonzero


def _settled(fn: Callable[[Any], Any], v: float) -> Any:
    """fn at v with enough digits: 40, doubled until two evaluations agree to 1e-30 (a textbook
    closed form such as 1 + tanh(u) cancels for large negative u, even at 40 digits)."""
    import mpmath

    dps, prev = 40, None
    while True:
        with mpmath.workdps(dps):
            cur = fn(mpmath.mpf(v))
            if prev is not None and (cur == prev or abs(cur - prev) <= mpmath.mpf("1e-30") * abs(cur)):
                return +cur
        if dps >= 2560:
            return cur
        prev, dps = cur, dps * 2
