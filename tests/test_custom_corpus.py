"""A corpus of expressions held against independent mpmath truth: f, f′ and f″ on a grid that runs
from the tails (±1e5, ±1000, ±710) through the cancellation zones (±1e-8, ±1e-3) to 0.

Each truth is written here by hand in mpmath from the mathematical definition (not from actcli's
code); derivatives are mpmath's numerical differentiation of that definition at 400 digits.
The promise checked: within 1e-12 relative wherever the exact value is at least 1e-290 in
magnitude, ±inf where it overflows float64.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath as mp
import numpy as np
import pytest

from actcli.custom.activation import programs

GRID = [-1e5, -1000.0, -710.0, -100.0, -30.0, -19.0, -5.0, -1.0, -0.3, -1e-3, -1e-8, 0.0, 1e-8, 1e-3, 0.3, 1.0,
        2.5, 5.0, 19.0, 30.0, 100.0, 375.0, 710.0, 1000.0, 1e5]


def sig(x: Any) -> Any:
    return 1 / (1 + mp.exp(-x))


def softplus(x: Any) -> Any:
    return mp.log1p(mp.exp(x))


def relu(x: Any) -> Any:
    return x if x > 0 else mp.mpf(0)


SQ2 = mp.sqrt(2)
K = mp.sqrt(2 / mp.pi)
SELU_A = mp.mpf("1.6732632423543772848170429916717")
SELU_S = mp.mpf("1.0507009873554804934193349852946")

# (expression, truth, kinks): typed-in registry functions, cancellation cases, domain-limited,
# singular and piecewise functions
CORPUS: list[tuple[str, Callable[[Any], Any], tuple[float, ...]]] = [
    # the registry's smooth functions, typed in
    ("x*tanh(log(1+exp(x)))", lambda x: x * mp.tanh(softplus(x)), ()),
    ("x*tanh(log1p(exp(x)))", lambda x: x * mp.tanh(softplus(x)), ()),
    ("x*tanh(softplus(x))", lambda x: x * mp.tanh(softplus(x)), ()),
    ("x/(1+exp(-x))", lambda x: x * sig(x), ()),
    ("x*sigmoid(x)", lambda x: x * sig(x), ()),
    ("x*exp(x)/(1+exp(x))", lambda x: x * sig(x), ()),
    ("log(1+exp(x))", softplus, ()),
    ("log1p(exp(x))", softplus, ()),
    ("log(1+exp(2*x))/2", lambda x: softplus(2 * x) / 2, ()),
    ("1/(1+exp(-x))", sig, ()),
    ("exp(x)/(1+exp(x))", sig, ()),
    ("x/(1+exp(-1.702*x))", lambda x: x * sig(mp.mpf("1.702") * x), ()),
    ("x*sigmoid(1.702*x)", lambda x: x * sig(mp.mpf("1.702") * x), ()),
    ("x*(1+erf(x/sqrt(2)))/2", lambda x: x * (1 + mp.erf(x / SQ2)) / 2, ()),
    ("0.5*x*(1+erf(x/sqrt(2)))", lambda x: x * (1 + mp.erf(x / SQ2)) / 2, ()),
    ("x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))/2",
     lambda x: x * (1 + mp.tanh(K * (x + mp.mpf("0.044715") * x**3))) / 2, ()),
    ("-log(1+exp(-x))", lambda x: -softplus(-x), ()),
    ("log(1/(1+exp(-x)))", lambda x: -softplus(-x), ()),
    ("-log1p(exp(-x))", lambda x: -softplus(-x), ()),
    ("tanh(x)", mp.tanh, ()),
    ("x - tanh(x)", lambda x: x - mp.tanh(x), ()),
    ("(x + sqrt(x^2 + 4))/2", lambda x: (x + mp.sqrt(x * x + 4)) / 2, ()),
    ("exp(x)", mp.exp, ()),
    ("sinh(x)", mp.sinh, ()),
    ("cosh(x)", mp.cosh, ()),
    ("erf(x)", mp.erf, ()),
    ("1 - tanh(x)^2", lambda x: 1 - mp.tanh(x) ** 2, ()),
    ("tanh(tanh(x))", lambda x: mp.tanh(mp.tanh(x)), ()),
    ("sigmoid(sigmoid(x))", lambda x: sig(sig(x)), ()),
    ("softplus(x, beta=2)", lambda x: softplus(2 * x) / 2, ()),
    ("gelu(x)", lambda x: x * (1 + mp.erf(x / SQ2)) / 2, ()),
    ("gelu(x, approximate='tanh')", lambda x: x * (1 + mp.tanh(K * (x + mp.mpf("0.044715") * x**3))) / 2, ()),
    ("silu(x) + mish(x)", lambda x: x * sig(x) + x * mp.tanh(softplus(x)), ()),
    ("logsigmoid(x)", lambda x: -softplus(-x), ()),
    ("tanhshrink(x)", lambda x: x - mp.tanh(x), ()),
    ("squareplus(x)", lambda x: (x + mp.sqrt(x * x + 4)) / 2, ()),
    # cancellation
    ("log(cosh(x))", lambda x: mp.log(mp.cosh(x)), ()),
    ("sqrt(x^2+1)-1", lambda x: mp.sqrt(x * x + 1) - 1, ()),
    ("1-cos(x)", lambda x: 1 - mp.cos(x), ()),
    ("exp(x)-1", mp.expm1, ()),
    ("expm1(x)", mp.expm1, ()),
    ("log(1+x^2)", lambda x: mp.log1p(x * x), ()),
    ("sinh(x)-x", lambda x: mp.sinh(x) - x, ()),
    ("cosh(x)-1", lambda x: mp.cosh(x) - 1, ()),
    ("x*exp(-x^2)*exp(x^2)", lambda x: x, ()),
    ("exp(-x^2)", lambda x: mp.exp(-x * x), ()),
    ("x*exp(-x)", lambda x: x * mp.exp(-x), ()),
    ("x^2*sigmoid(x)", lambda x: x * x * sig(x), ()),
    ("sqrt(x^2 + 1e-20) - abs(x)", lambda x: mp.sqrt(x * x + mp.mpf("1e-20")) - abs(x), (0.0,)),
    ("softplus(x) - relu(x)", lambda x: softplus(x) - relu(x), (0.0,)),
    ("x^3", lambda x: x**3, ()),
    ("x^1000", lambda x: x**1000, ()),
    ("(1 + x^2)^-1", lambda x: 1 / (1 + x * x), ()),
    ("x/(1+x^2)", lambda x: x / (1 + x * x), ()),
    ("sin(x)*exp(-x^2/2)", lambda x: mp.sin(x) * mp.exp(-x * x / 2), ()),
    # piecewise (kinks skipped for derivatives)
    ("max(x, 0.1*x)", lambda x: max(x, x / 10), (0.0,)),
    ("max(x, 0)*tanh(x)", lambda x: relu(x) * mp.tanh(x), (0.0,)),
    ("abs(x - 2)", lambda x: abs(x - 2), (2.0,)),
    ("abs(x)^3", lambda x: abs(x) ** 3, (0.0,)),
    ("min(x, 1) + max(x, -1)", lambda x: min(x, 1) + max(x, -1), (-1.0, 1.0)),
    ("relu(x)*x", lambda x: relu(x) * x, (0.0,)),
    ("x/(1+abs(x))", lambda x: x / (1 + abs(x)), (0.0,)),
    ("elu(x)", lambda x: x if x > 0 else mp.expm1(x), (0.0,)),
    ("max(x, 0) + min(0, expm1(x))", lambda x: x if x > 0 else mp.expm1(x), (0.0,)),
    ("selu(x)", lambda x: SELU_S * (x if x > 0 else SELU_A * mp.expm1(x)), (0.0,)),
    ("celu(x, alpha=2)", lambda x: x if x > 0 else 2 * mp.expm1(x / 2), (0.0,)),
    ("hardswish(x)", lambda x: x * min(max(x + 3, 0), 6) / 6, (-3.0, 3.0)),
    ("hardtanh(x) + hardsigmoid(x)", lambda x: min(max(x, -1), 1) + min(max((x + 3) / 6, 0), 1), (-3.0, -1.0, 1.0, 3.0)),
    ("leaky_relu(x, negative_slope=0.2)", lambda x: x if x > 0 else x / 5, (0.0,)),
    ("relu6(x) - softshrink(x)", lambda x: min(max(x, 0), 6) - (x - mp.mpf("0.5") if x > 0.5 else (x + mp.mpf("0.5") if x < -0.5 else 0)),
     (-0.5, 0.0, 0.5, 6.0)),
    # domain-limited and singular
    ("log(x)", mp.log, ()),
    ("sqrt(x)", mp.sqrt, ()),
    ("x^0.5", mp.sqrt, ()),
    ("x^1.5", lambda x: x ** mp.mpf(1.5), ()),
    ("1/x", lambda x: 1 / x, ()),
    ("1/(x - 0.5)", lambda x: 1 / (x - mp.mpf("0.5")), ()),
    ("log(abs(x))", lambda x: mp.log(abs(x)), ()),
    ("log(1+x)", lambda x: mp.log1p(x), ()),
    ("log1p(x)", lambda x: mp.log1p(x), ()),
    ("x*log(x)", lambda x: x * mp.log(x), ()),
    ("sqrt(1 - x^2)", lambda x: mp.sqrt(1 - x * x), ()),
    ("1/(1 + x)^2", lambda x: 1 / (1 + x) ** 2, ()),
    ("2^x", lambda x: mp.power(2, x), ()),
    ("x^x", lambda x: mp.power(x, x), ()),
]


def _truth(fn: Callable[[Any], Any], x: float, order: int) -> float | None:
    """The exact value (to float), None where it is not a real number."""
    with mp.workdps(400):  # the textbook forms cancel by e^(−2|x|) in the tails; exact zeros stay below 1e-290
        try:
            v = fn(mp.mpf(x)) if order == 0 else mp.diff(fn, mp.mpf(x), order)
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
        if isinstance(v, mp.mpc):
            if abs(v.imag) > 1e-30 * abs(v):
                return None
            v = v.real
        if not mp.isfinite(v):
            return None
        return float(v) if abs(v) < mp.mpf("1.7976931348623157e308") else (math.inf if v > 0 else -math.inf)


def _defined(fn: Callable[[Any], Any], x: float) -> bool:
    """Defined and real in a neighbourhood of x (so that its derivatives exist there)."""
    return all(_truth(fn, x + d, 0) is not None for d in (-1e-9 * max(1, abs(x)), 0.0, 1e-9 * max(1, abs(x))))


@pytest.mark.parametrize(("text", "truth", "kinks"), CORPUS, ids=[c[0] for c in CORPUS])
def test_values_and_derivatives_match_mpmath(text: str, truth: Callable[[Any], Any], kinks: tuple[float, ...]) -> None:
    progs = programs(text)
    xs = [x for x in GRID if _defined(truth, x)]
    assert xs, text
    checked = 0
    for order, prog in enumerate(progs):
        pts = [x for x in xs if order == 0 or all(abs(x - k) > 1e-6 for k in kinks)]
        ours = prog(np.array(pts))
        for x, got in zip(pts, ours.tolist()):
            t = _truth(truth, x, order)
            if t is None:
                continue
            if math.isinf(t):
                assert got == t, (text, order, x, got, t)
            elif abs(t) >= 1e-290:
                assert abs(got - t) <= 1e-12 * abs(t), (text, order, x, got, t)
                checked += 1
            else:
                assert abs(got) <= 1e-280, (text, order, x, got, t)
    assert checked >= 5, (text, checked)
