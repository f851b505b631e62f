"""Number formatting, one function per medium: terminal text (Unicode minus, ∞), JSON (plain
floats, infinities as strings) and plain ASCII (CSV, file names)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actcli.core.activation import Activation
    from actcli.core.record import Interval, ParamValue


def num(v: float, digits: int = 6) -> str:
    """A number for people: at most ``digits`` significant digits, ∞ and the minus sign, no −0."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v)).replace("-", "−")
    return f"{v:.{digits}g}".replace("-", "−")


def sci(v: float, digits: int = 2) -> str:
    """Scientific notation for errors and per-layer statistics: ``2.1e−14``, ``∞``."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return f"{v:.{digits}e}".replace("-", "−")


def interval(iv: Interval) -> str:
    """``[0, ∞)``, ``(−1, 1)``: closed ends in square brackets."""
    left = "[" if iv.lo_closed else "("
    right = "]" if iv.hi_closed else ")"
    return f"{left}{num(iv.lo)}, {num(iv.hi)}{right}"


def json_num(v: float) -> float | str:
    """JSON has no infinities: write them as the strings "inf" / "-inf" (and NaN as "nan")."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def value(v: ParamValue) -> str:
    """A parameter value for people: numbers as :func:`num`, choices as they are."""
    return num(v) if isinstance(v, float) else str(v)


def label(act: Activation) -> str:
    """``leaky_relu (negative_slope=0.2)``: the name, with the parameters that differ from default."""
    changed = act.changed_params()
    if not changed:
        return act.name
    return f"{act.name} ({', '.join(f'{k}={value(v)}' for k, v in changed.items())})"
