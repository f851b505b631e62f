"""An actcli plugin with one activation: arctan, f(x) = atan(x).

A plugin is a Record beside its numpy functions, exactly like a shipped activation; the entry
point in ``pyproject.toml`` makes actcli find it. Every claim below holds on all of R:
atan maps R onto (-pi/2, pi/2), f' = 1/(1 + x^2) lies in (0, 1] with its maximum 1 at x = 0.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from actcli.core.record import Claims, Formula, Init, Interval, Record


def _parts(x: Any) -> tuple[Any, Any]:
    """(x*r, r) with r = 1/sqrt(1 + x^2) = 1/hypot(1, x): finite for every finite x."""
    r = 1.0 / np.hypot(1.0, x)
    return np.where(np.isinf(x), np.sign(x), x * r), r


def arctan(x: Any) -> Any:
    return np.arctan(x)


def arctan_d1(x: Any) -> Any:
    """1/(1 + x^2) = r^2."""
    _, r = _parts(x)
    return r * r


def arctan_d2(x: Any) -> Any:
    """-2x/(1 + x^2)^2 = -2 (x r) r^3."""
    xr, r = _parts(x)
    return -2.0 * xr * r * r * r


ARCTAN = Record(
    name="arctan",
    summary="atan(x): a sigmoid-shaped curve in (-pi/2, pi/2) whose tails decay like 1/x, not exponentially.",
    kind="elementwise",
    aliases=("atan",),
    formula=Formula("arctan(x) = atan(x)", r"f(x) = \arctan x"),
    derivative=Formula("arctan'(x) = 1/(1 + x^2)", r"f'(x) = \frac{1}{1 + x^2}"),
    second=Formula("arctan''(x) = -2x/(1 + x^2)^2", r"f''(x) = -\frac{2x}{(1 + x^2)^2}"),
    claims=lambda p: Claims(
        Interval(-math.pi / 2, math.pi / 2), True, None, Interval(0.0, 1.0, False, True)
    ),
    cost="1 atan",
    init=lambda p: Init("xavier", None, "bounded and odd: the Xavier (Glorot) family; torch's calculate_gain has no entry for it"),
    references=("actcli example plugin (examples/actcli-plugin-example)",),
    fn=arctan,
    d1=arctan_d1,
    d2=arctan_d2,
)
