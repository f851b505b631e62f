"""Independent high-precision definitions of every elementwise activation, f, f′ and f″, in mpmath.

Written from the mathematical definitions, not from actcli's code. Where the textbook form would
cancel even at 40 digits (x − tanh x near 0, squareplus far left) the working precision is raised
instead of changing the formula. The derivatives are themselves checked against mpmath's numerical
differentiation of ``f`` in ``test_reference_derivatives``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import mpmath as mp

mp.mp.dps = 40

Mpf = Any
RefFn = Callable[..., Mpf]

SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")


def sig(x: Mpf) -> Mpf:
    return 1 / (1 + mp.exp(-x))


def dsig(x: Mpf) -> Mpf:
    return sig(x) * sig(-x)


def sech2(x: Mpf) -> Mpf:
    return 1 / mp.cosh(x) ** 2


def _extra_digits(x: Mpf) -> int:
    """Digits lost to cancellation of order x² relative (x − tanh x ≈ x³/3)."""
    if x == 0:
        return 0
    return max(0, int(-2 * mp.log10(abs(x)))) + 10


def _tanhshrink(x: Mpf) -> Mpf:
    with mp.workdps(mp.mp.dps + _extra_digits(x)):
        return +(x - mp.tanh(x))


def _squareplus(x: Mpf, b: Mpf) -> Mpf:
    with mp.workdps(mp.mp.dps + (int(2 * mp.log10(abs(x))) if abs(x) > 1 else 0) + 10):
        return +((x + mp.sqrt(x * x + b)) / 2)


def _squareplus_d1(x: Mpf, b: Mpf) -> Mpf:
    with mp.workdps(mp.mp.dps + (int(2 * mp.log10(abs(x))) if abs(x) > 1 else 0) + 10):
        return +((1 + x / mp.sqrt(x * x + b)) / 2)


def _cut(x: Mpf, p: Mapping[str, Any], tie: bool = False) -> bool:
    """PyTorch's softplus cut-off (torch.nn.functional.softplus: x where beta*x > threshold), decided
    as torch decides it, on the product rounded to the float64 it is computed in; ``tie`` includes
    beta*x = threshold (its double backward masks with beta*x < threshold)."""
    threshold = float(p.get("threshold", mp.inf))
    bx = float(x) * float(p["beta"])
    return threshold != float("inf") and (bx >= threshold if tie else bx > threshold)


K = mp.sqrt(2 / mp.pi)
C = mp.mpf("0.044715")


def _gelu_tanh_v(x: Mpf) -> Mpf:
    return 2 * K * (x + C * x**3)


def _gelu_tanh(x: Mpf) -> Mpf:
    return x / 2 * (1 + mp.tanh(K * (x + C * x**3)))


def _gelu_tanh_d1(x: Mpf) -> Mpf:
    u = K * (x + C * x**3)
    du = K * (1 + 3 * C * x**2)
    return (1 + mp.tanh(u)) / 2 + x / 2 * sech2(u) * du


def _gelu_tanh_d2(x: Mpf) -> Mpf:
    u = K * (x + C * x**3)
    du = K * (1 + 3 * C * x**2)
    d2u = K * 6 * C * x
    s2 = sech2(u)
    return s2 * du + x / 2 * (-2 * mp.tanh(u) * s2 * du * du + s2 * d2u)


def _sp(x: Mpf) -> Mpf:
    return mp.log1p(mp.exp(x))


def _mish_d1(x: Mpf) -> Mpf:
    return mp.tanh(_sp(x)) + x * sech2(_sp(x)) * sig(x)


def _mish_d2(x: Mpf) -> Mpf:
    t, s2, s = mp.tanh(_sp(x)), sech2(_sp(x)), sig(x)
    # d/dx [t + x s2 s] with t' = s2 s, s2' = −2 t s2 s, s' = s(1 − s)
    return s2 * s + s2 * s + x * (-2 * t * s2 * s * s) + x * s2 * s * (1 - s)


def ncdf(x: Mpf) -> Mpf:
    """Φ(x); beyond |x| = 1e100 mpmath's erfc overflows a float internally, and Φ is 0 or 1
    there to far more than 40 digits."""
    if abs(x) > mp.mpf("1e100"):
        return mp.mpf(0) if x < 0 else mp.mpf(1)
    return mp.ncdf(x)


def npdf(x: Mpf) -> Mpf:
    if abs(x) > mp.mpf("1e100"):
        return mp.mpf(0)
    return mp.npdf(x)


def _step(cond: bool, a: Mpf, b: Mpf) -> Mpf:
    return a if cond else b


Q = mp.mpf("1.702")

# name → (f, f′, f″); each takes (x, params) with params as mpf / str
REF: dict[str, tuple[RefFn, RefFn, RefFn]] = {
    "sigmoid": (lambda x, p: sig(x), lambda x, p: dsig(x), lambda x, p: dsig(x) * (1 - 2 * sig(x))),
    "tanh": (
        lambda x, p: mp.tanh(x),
        lambda x, p: sech2(x),
        lambda x, p: -2 * mp.tanh(x) * sech2(x),
    ),
    "relu": (
        lambda x, p: max(x, 0),
        lambda x, p: _step(x > 0, 1, 0),
        lambda x, p: mp.mpf(0),
    ),
    "leaky_relu": (
        lambda x, p: _step(x > 0, x, p["negative_slope"] * x),
        lambda x, p: _step(x > 0, 1, p["negative_slope"]),
        lambda x, p: mp.mpf(0),
    ),
    "identity": (lambda x, p: x, lambda x, p: mp.mpf(1), lambda x, p: mp.mpf(0)),
    "elu": (
        lambda x, p: _step(x > 0, x, p["alpha"] * mp.expm1(x)),
        lambda x, p: _step(x > 0, 1, p["alpha"] * mp.exp(x)),
        lambda x, p: _step(x > 0, 0, p["alpha"] * mp.exp(x)),
    ),
    "selu": (
        lambda x, p: SELU_SCALE * _step(x > 0, x, SELU_ALPHA * mp.expm1(x)),
        lambda x, p: SELU_SCALE * _step(x > 0, 1, SELU_ALPHA * mp.exp(x)),
        lambda x, p: SELU_SCALE * _step(x > 0, 0, SELU_ALPHA * mp.exp(x)),
    ),
    "celu": (
        lambda x, p: max(0, x) + min(0, p["alpha"] * mp.expm1(x / p["alpha"])),
        lambda x, p: _step(x > 0, 1, mp.exp(x / p["alpha"])),
        lambda x, p: _step(x > 0, 0, mp.exp(x / p["alpha"]) / p["alpha"]),
    ),
    "gelu": (
        lambda x, p: _gelu_tanh(x) if p["approximate"] == "tanh" else x * ncdf(x),
        lambda x, p: _gelu_tanh_d1(x) if p["approximate"] == "tanh" else ncdf(x) + x * npdf(x),
        lambda x, p: _gelu_tanh_d2(x) if p["approximate"] == "tanh" else npdf(x) * (2 - x * x),
    ),
    "silu": (
        lambda x, p: x * sig(x),
        lambda x, p: sig(x) + x * dsig(x),
        lambda x, p: 2 * dsig(x) + x * dsig(x) * (1 - 2 * sig(x)),
    ),
    "quick_gelu": (
        lambda x, p: x * sig(Q * x),
        lambda x, p: sig(Q * x) + Q * x * dsig(Q * x),
        lambda x, p: 2 * Q * dsig(Q * x) + Q * Q * x * dsig(Q * x) * (1 - 2 * sig(Q * x)),
    ),
    "mish": (lambda x, p: x * mp.tanh(_sp(x)), lambda x, p: _mish_d1(x), lambda x, p: _mish_d2(x)),
    "softplus": (
        lambda x, p: x if _cut(x, p) else mp.log1p(mp.exp(p["beta"] * x)) / p["beta"],
        lambda x, p: mp.mpf(1) if _cut(x, p) else sig(p["beta"] * x),
        lambda x, p: mp.mpf(0) if _cut(x, p, tie=True) else p["beta"] * dsig(p["beta"] * x),
    ),
    "logsigmoid": (lambda x, p: -mp.log1p(mp.exp(-x)), lambda x, p: sig(-x), lambda x, p: -dsig(x)),
    "softsign": (
        lambda x, p: x / (1 + abs(x)),
        lambda x, p: 1 / (1 + abs(x)) ** 2,
        lambda x, p: -2 * mp.sign(x) / (1 + abs(x)) ** 3,
    ),
    "squareplus": (
        lambda x, p: _squareplus(x, p["b"]),
        lambda x, p: _squareplus_d1(x, p["b"]),
        lambda x, p: p["b"] / (2 * (x * x + p["b"]) ** mp.mpf(1.5)),
    ),
    "exponential": (lambda x, p: mp.exp(x), lambda x, p: mp.exp(x), lambda x, p: mp.exp(x)),
    "tanhshrink": (
        lambda x, p: _tanhshrink(x),
        lambda x, p: mp.tanh(x) ** 2,
        lambda x, p: 2 * mp.tanh(x) * sech2(x),
    ),
    "hardsigmoid": (
        lambda x, p: min(max((x + 3) / 6, 0), 1),
        lambda x, p: _step(-3 < x < 3, mp.mpf(1) / 6, 0),
        lambda x, p: mp.mpf(0),
    ),
    "hardtanh": (
        lambda x, p: min(max(x, p["min_val"]), p["max_val"]),
        lambda x, p: _step(p["min_val"] < x < p["max_val"], 1, 0),
        lambda x, p: mp.mpf(0),
    ),
    "relu6": (
        lambda x, p: min(max(x, 0), 6),
        lambda x, p: _step(0 < x < 6, 1, 0),
        lambda x, p: mp.mpf(0),
    ),
    "hardswish": (
        lambda x, p: x * min(max(x + 3, 0), 6) / 6,
        lambda x, p: 0 if x <= -3 else ((2 * x + 3) / 6 if x < 3 else 1),
        lambda x, p: _step(-3 < x < 3, mp.mpf(1) / 3, 0),
    ),
    "softshrink": (
        lambda x, p: x - p["lambd"] if x > p["lambd"] else (x + p["lambd"] if x < -p["lambd"] else 0),
        lambda x, p: _step(abs(x) > p["lambd"], 1, 0),
        lambda x, p: mp.mpf(0),
    ),
    "hardshrink": (
        lambda x, p: _step(abs(x) > p["lambd"], x, 0),
        lambda x, p: _step(abs(x) > p["lambd"], 1, 0),
        lambda x, p: mp.mpf(0),
    ),
    "threshold": (
        lambda x, p: _step(x > p["threshold"], x, p["value"]),
        lambda x, p: _step(x > p["threshold"], 1, 0),
        lambda x, p: mp.mpf(0),
    ),
}


def mp_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, str) else mp.mpf(v)) for k, v in params.items()}


def _guard_digits(x: Mpf, name: str, params: Mapping[str, Any]) -> int:
    """Extra working digits so that no textbook form cancels: 1 − σ(x) loses |x|/ln 10 digits in
    the tails, 1 + tanh(u) in GELU-tanh loses 2|u|/ln 10 with u ≈ 0.036x³, and x − tanh x or
    1 − 2σ(x) lose 2·log10(1/|x|) near 0."""
    ax = abs(x)
    small = int(-2 * mp.log10(ax)) if 0 < ax < 1 else 0
    if name == "gelu" and params.get("approximate") != "tanh":
        return small + 10  # Φ and φ do not cancel; erfc at hundreds of digits is slow
    tail = min(ax, mp.mpf(1000))
    if name == "gelu":
        tail = min(mp.mpf("0.0713") * tail**3 + 2 * tail, mp.mpf(2000))
    return int(tail / 2.3) + small + 10


def ref_value(name: str, order: int, x: float, params: Mapping[str, Any]) -> Mpf:
    """The exact value (to 40 significant digits) of f (order 0), f′ or f″ at the float x."""
    xm = mp.mpf(x)
    with mp.workdps(40 + _guard_digits(xm, name, params)):
        value = REF[name][order](xm, mp_params(params))
    return +value


# the activations added with issue 14's catalogue, defined in their own module
from tests.reference_new import REF_NEW  # noqa: E402

REF.update(REF_NEW)
