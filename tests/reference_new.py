"""Independent mpmath definitions (f, f′, f″) of the activations added with issue 14's catalogue.

Written from each paper's or library's definition, never from actcli's code; ``tests/reference.py``
merges :data:`REF_NEW` into its table, so every registry-wide test (accuracy, claims, properties,
dtypes) checks these too. Each derivative is itself checked against mpmath's numerical
differentiation of f in ``tests/test_accuracy.py::test_reference_derivatives``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath as mp

Mpf = Any
RefFn = Callable[..., Mpf]

HUGE = mp.mpf("1e100")


def _sig(x: Mpf) -> Mpf:
    return 1 / (1 + mp.exp(-x))


def _dsig(x: Mpf) -> Mpf:
    return _sig(x) * _sig(-x)


def _d2sig(x: Mpf) -> Mpf:
    return _dsig(x) * (_sig(-x) - _sig(x))


def _slope(x: Mpf, a: Mpf) -> Mpf:
    return x if x > 0 else a * x


def _rr(p: dict[str, Mpf]) -> Mpf:
    return (p["lower"] + p["upper"]) / 2


# ½x(1 + tanh(k·(x + c·x³))) = x·σ(v) with v = 2k(x + c·x³): the same function, written without
# the cancellation of 1 + tanh u for u ≪ 0
def _gelu_tanh_family(k: Mpf) -> tuple[RefFn, RefFn, RefFn]:
    c = mp.mpf("0.044715")

    def v(x: Mpf) -> tuple[Mpf, Mpf, Mpf]:
        return 2 * k * (x + c * x**3), 2 * k * (1 + 3 * c * x**2), 12 * k * c * x

    def f(x: Mpf, p: Any) -> Mpf:
        if abs(x) > HUGE:  # σ(v) is 0 or 1 to millions of digits
            return x if x > 0 else mp.mpf(0)
        return x * _sig(v(x)[0])

    def d1(x: Mpf, p: Any) -> Mpf:
        if abs(x) > HUGE:
            return mp.mpf(1) if x > 0 else mp.mpf(0)
        a, da, _ = v(x)
        return _sig(a) + x * _dsig(a) * da

    def d2(x: Mpf, p: Any) -> Mpf:
        if abs(x) > HUGE:
            return mp.mpf(0)
        a, da, d2a = v(x)
        return _dsig(a) * (2 * da + x * d2a) + x * da * da * _d2sig(a)

    return f, d1, d2


def _ncdf(t: Mpf) -> Mpf:
    if abs(t) > HUGE:
        return mp.mpf(0) if t < 0 else mp.mpf(1)
    return mp.ncdf(t)


def _npdf(t: Mpf) -> Mpf:
    return mp.mpf(0) if abs(t) > HUGE else mp.npdf(t)


def _lap_t(x: Mpf, p: Any) -> Mpf:
    return (x - p["mu"]) / p["sigma"]


def _gauss(x: Mpf) -> Mpf:
    return mp.exp(-x * x)


def _bent(x: Mpf) -> Mpf:
    return x + (mp.sqrt(x * x + 1) - 1) / 2


def _elish(x: Mpf) -> Mpf:
    return x * _sig(x) if x >= 0 else mp.expm1(x) * _sig(x)


def _elish_d1(x: Mpf) -> Mpf:
    # d/dx of each half, by the product rule
    if x >= 0:
        return _sig(x) + x * _dsig(x)
    return mp.exp(x) * _sig(x) + mp.expm1(x) * _dsig(x)


def _elish_d2(x: Mpf) -> Mpf:
    if x >= 0:
        return 2 * _dsig(x) + x * _d2sig(x)
    return mp.exp(x) * _sig(x) + 2 * mp.exp(x) * _dsig(x) + mp.expm1(x) * _d2sig(x)


# TeLU: beyond x = 10, 1 − tanh(eˣ) < 1e-19000 and u·sech²(u) < 1e-19000: far below any float
def _telu(x: Mpf) -> Mpf:
    return x if x > 10 else x * mp.tanh(mp.exp(x))


def _telu_d1(x: Mpf) -> Mpf:
    if x > 10:
        return mp.mpf(1)
    u = mp.exp(x)
    return mp.tanh(u) + x * u / mp.cosh(u) ** 2


def _telu_d2(x: Mpf) -> Mpf:
    if x > 10:
        return mp.mpf(0)
    u = mp.exp(x)
    # d/dx [tanh u + x·u·sech²u] with u′ = u and (sech²u)′ = −2 tanh(u)·sech²(u)·u′
    s2 = 1 / mp.cosh(u) ** 2
    return u * s2 + (u * s2 + x * u * s2 + x * u * (-2 * mp.tanh(u) * s2 * u))


def _sparse_plus(x: Mpf) -> Mpf:
    return mp.mpf(0) if x <= -1 else (x if x >= 1 else (x + 1) ** 2 / 4)


# the x·g(·) gates: Logish x·ln(1 + σ), Smish x·tanh(ln(1 + σ)), Serf x·erf(ln(1 + eˣ)); the
# derivatives by the chain rule, with σ′ = σ(1 − σ), σ″ = σ′(1 − 2σ) and, for Serf,
# p = ln(1 + eˣ), p′ = σ, erf′(p) = (2/√π)e^{−p²}
def _logish(x: Mpf, order: int) -> Mpf:
    s, d, d2 = _sig(x), _dsig(x), _d2sig(x)
    if order == 0:
        return x * mp.log1p(s)
    if order == 1:
        return mp.log1p(s) + x * d / (1 + s)
    return 2 * d / (1 + s) + x * (d2 / (1 + s) - d * d / (1 + s) ** 2)


def _smish(x: Mpf, order: int) -> Mpf:
    s, d, d2 = _sig(x), _dsig(x), _d2sig(x)
    u = mp.log1p(s)  # tanh(u)′ = sech²(u)·u′, u′ = σ′/(1 + σ)
    du = d / (1 + s)
    d2u = d2 / (1 + s) - d * d / (1 + s) ** 2
    t, s2 = mp.tanh(u), 1 / mp.cosh(u) ** 2
    if order == 0:
        return x * t
    if order == 1:
        return t + x * s2 * du
    return 2 * s2 * du + x * (-2 * t * s2 * du * du + s2 * d2u)


def _serf(x: Mpf, order: int) -> Mpf:
    if x > HUGE:  # erf(p) = 1 and e^{−p²} = 0 to millions of digits
        return x if order == 0 else mp.mpf(1 if order == 1 else 0)
    p = mp.log1p(mp.exp(x))
    s, d = _sig(x), _dsig(x)
    g = 2 / mp.sqrt(mp.pi) * mp.exp(-p * p)
    if order == 0:
        return x * mp.erf(p)
    if order == 1:
        return mp.erf(p) + x * g * s
    # d/dx [g·s] = g·(−2p·s)·s + g·σ′
    return g * s + g * s + x * (g * (-2 * p * s) * s + g * d)


# xIELU as the paper and transformers write it: α_p·x² + βx for x > 0,
# α_n·(expm1(min(x, ε)) − x) + βx for x ≤ 0 (min(x, ε) = ε on (ε, 0])
def _xielu(x: Mpf, p: Any, order: int) -> Mpf:
    ap, an, b, eps = p["alpha_p"], p["alpha_n"], p["beta"], p["eps"]
    if x > 0:
        return (ap * x * x + b * x, 2 * ap * x + b, 2 * ap)[order]
    if x > eps:
        return (an * (mp.expm1(eps) - x) + b * x, b - an, mp.mpf(0))[order]
    return (an * (mp.expm1(x) - x) + b * x, an * mp.expm1(x) + b, an * mp.exp(x))[order]


# transformers' gelu_10: clip(x·Φ(x), −10, 10); the cap binds where x·Φ(x) > 10
def _gelu_10(x: Mpf, order: int) -> Mpf:
    capped = x * _ncdf(x) > 10
    if order == 0:
        return mp.mpf(10) if capped else x * _ncdf(x)
    if capped:
        return mp.mpf(0)
    return _ncdf(x) + x * _npdf(x) if order == 1 else _npdf(x) * (2 - x * x)


# --- the nine that complete issue 14's list -------------------------------------------------------------


def _sparse_sigmoid(x: Mpf, order: int) -> Mpf:
    # jax.nn.sparse_sigmoid's docstring: 0 (x ≤ −1), (x + 1)/2 (−1 < x < 1), 1 (x ≥ 1)
    inside = -1 < x < 1
    if order == 0:
        return (x + 1) / 2 if inside else mp.mpf(0 if x <= -1 else 1)
    return mp.mpf(1) / 2 if order == 1 and inside else mp.mpf(0)


def _isrlu(x: Mpf, p: Any, order: int) -> Mpf:
    # Carlile et al. (2017): x for x ≥ 0, x/√(1 + αx²) for x < 0
    if x >= 0:
        return (x, mp.mpf(1), mp.mpf(0))[order]
    a = p["alpha"]
    q = 1 + a * x * x
    return (x / mp.sqrt(q), q ** mp.mpf(-1.5), -3 * a * x * q ** mp.mpf(-2.5))[order]


def _hard_mish(x: Mpf, order: int) -> Mpf:
    # timm: x/2·min(2, max(0, x + 2)), written out by pieces
    if x <= -2:
        return mp.mpf(0)
    if x < 0:
        return (x * (x + 2) / 2, x + 1, mp.mpf(1))[order]
    return (x, mp.mpf(1), mp.mpf(0))[order]


def _hard_elish(x: Mpf, order: int) -> Mpf:
    # Basirat & Roth (2018): x·h(x) (x ≥ 0), (eˣ − 1)·h(x) (x < 0), h(x) = max(0, min(1, (x + 1)/2));
    # on each open piece h′ is ½ or 0 and h″ = 0, so the product rule gives f′ and f″
    h = max(mp.mpf(0), min(mp.mpf(1), (x + 1) / 2))
    dh = mp.mpf(1) / 2 if -1 < x < 1 else mp.mpf(0)
    if x >= 0:
        return (x * h, h + x * dh, 2 * dh)[order]
    e = mp.exp(x)
    return ((e - 1) * h, e * h + (e - 1) * dh, e * h + 2 * e * dh)[order]


def _srelu(x: Mpf, p: Any, order: int) -> Mpf:
    # Jin et al. (2016), eq. 1
    tl, al, tr, ar = p["t_left"], p["a_left"], p["t_right"], p["a_right"]
    if x >= tr:
        return (tr + ar * (x - tr), ar, mp.mpf(0))[order]
    if x <= tl:
        return (tl + al * (x - tl), al, mp.mpf(0))[order]
    return (x, mp.mpf(1), mp.mpf(0))[order]


def _soft_exponential(x: Mpf, p: Any, order: int) -> Mpf:
    # Godfrey & Gashler (2015), eq. 2, all three branches
    a = p["alpha"]
    if a == 0:
        return (x, mp.mpf(1), mp.mpf(0))[order]
    if a < 0:
        q = 1 - a * (x + a)
        return (-mp.log(q) / a, 1 / q, a / q**2)[order]
    return ((mp.exp(a * x) - 1) / a + a, mp.exp(a * x), a * mp.exp(a * x))[order]


def _sine(x: Mpf, p: Any, order: int) -> Mpf:
    # SIREN: sin(ω₀x); ω₀·x of two floats is exact at 40 digits and mpmath reduces huge arguments exactly
    w = p["w0"]
    return (mp.sin(w * x), w * mp.cos(w * x), -w * w * mp.sin(w * x))[order]


def _snake(x: Mpf, p: Any, order: int) -> Mpf:
    # Ziyin et al. (2020): x + sin²(αx)/α
    a = p["alpha"]
    return (x + mp.sin(a * x) ** 2 / a, 1 + mp.sin(2 * a * x), 2 * a * mp.cos(2 * a * x))[order]


def _sinc(x: Mpf, order: int) -> Mpf:
    # sin(πx)/(πx), 1 at 0; sinpi and cospi are exact for huge x. The closed forms cancel near 0,
    # where reference.py's guard digits (2·log10(1/|x|) more) keep 40 significant ones
    if x == 0:
        return (mp.mpf(1), mp.mpf(0), -mp.pi**2 / 3)[order]
    s, c, t = mp.sinpi(x), mp.cospi(x), mp.pi * x
    if order == 0:
        return s / t
    if order == 1:
        return (t * c - s) / (mp.pi * x * x)
    return ((2 - t * t) * s - 2 * t * c) / (mp.pi * x**3)


REF_NEW: dict[str, tuple[RefFn, RefFn, RefFn]] = {
    "sparse_sigmoid": (lambda x, p: _sparse_sigmoid(x, 0), lambda x, p: _sparse_sigmoid(x, 1),
                       lambda x, p: _sparse_sigmoid(x, 2)),
    "isrlu": (lambda x, p: _isrlu(x, p, 0), lambda x, p: _isrlu(x, p, 1), lambda x, p: _isrlu(x, p, 2)),
    "hard_mish": (lambda x, p: _hard_mish(x, 0), lambda x, p: _hard_mish(x, 1), lambda x, p: _hard_mish(x, 2)),
    "hard_elish": (lambda x, p: _hard_elish(x, 0), lambda x, p: _hard_elish(x, 1), lambda x, p: _hard_elish(x, 2)),
    "srelu": (lambda x, p: _srelu(x, p, 0), lambda x, p: _srelu(x, p, 1), lambda x, p: _srelu(x, p, 2)),
    "soft_exponential": (lambda x, p: _soft_exponential(x, p, 0), lambda x, p: _soft_exponential(x, p, 1),
                         lambda x, p: _soft_exponential(x, p, 2)),
    "sine": (lambda x, p: _sine(x, p, 0), lambda x, p: _sine(x, p, 1), lambda x, p: _sine(x, p, 2)),
    "snake": (lambda x, p: _snake(x, p, 0), lambda x, p: _snake(x, p, 1), lambda x, p: _snake(x, p, 2)),
    "sinc": (lambda x, p: _sinc(x, 0), lambda x, p: _sinc(x, 1), lambda x, p: _sinc(x, 2)),
    "prelu": (
        lambda x, p: _slope(x, p["weight"]),
        lambda x, p: mp.mpf(1) if x > 0 else p["weight"],
        lambda x, p: mp.mpf(0),
    ),
    "rrelu": (
        lambda x, p: _slope(x, _rr(p)),
        lambda x, p: mp.mpf(1) if x > 0 else _rr(p),
        lambda x, p: mp.mpf(0),
    ),
    "xielu": (lambda x, p: _xielu(x, p, 0), lambda x, p: _xielu(x, p, 1), lambda x, p: _xielu(x, p, 2)),
    "squared_relu": (
        lambda x, p: max(x, 0) ** 2,
        lambda x, p: 2 * max(x, 0),
        lambda x, p: mp.mpf(2) if x > 0 else mp.mpf(0),
    ),
    "star_relu": (
        lambda x, p: p["scale"] * max(x, 0) ** 2 + p["bias"],
        lambda x, p: 2 * p["scale"] * max(x, 0),
        lambda x, p: 2 * p["scale"] if x > 0 else mp.mpf(0),
    ),
    "gelu_new": _gelu_tanh_family(mp.sqrt(2 / mp.pi)),
    "gelu_fast": _gelu_tanh_family(mp.mpf("0.7978845608")),
    "gelu_10": (lambda x, p: _gelu_10(x, 0), lambda x, p: _gelu_10(x, 1), lambda x, p: _gelu_10(x, 2)),
    "laplace": (
        lambda x, p: _ncdf(_lap_t(x, p)),
        lambda x, p: _npdf(_lap_t(x, p)) / p["sigma"],
        lambda x, p: -_lap_t(x, p) * _npdf(_lap_t(x, p)) / p["sigma"] ** 2,
    ),
    "gaussian": (
        lambda x, p: _gauss(x),
        lambda x, p: -2 * x * _gauss(x),
        lambda x, p: (4 * x * x - 2) * _gauss(x),
    ),
    "isru": (
        lambda x, p: x / mp.sqrt(1 + p["alpha"] * x * x),
        lambda x, p: (1 + p["alpha"] * x * x) ** mp.mpf(-1.5),
        lambda x, p: -3 * p["alpha"] * x * (1 + p["alpha"] * x * x) ** mp.mpf(-2.5),
    ),
    "bent_identity": (
        lambda x, p: _bent(x),
        lambda x, p: 1 + x / (2 * mp.sqrt(x * x + 1)),
        lambda x, p: 1 / (2 * (x * x + 1) ** mp.mpf(1.5)),
    ),
    "elish": (lambda x, p: _elish(x), lambda x, p: _elish_d1(x), lambda x, p: _elish_d2(x)),
    "telu": (lambda x, p: _telu(x), lambda x, p: _telu_d1(x), lambda x, p: _telu_d2(x)),
    "sparse_plus": (
        lambda x, p: _sparse_plus(x),
        lambda x, p: mp.mpf(0) if x <= -1 else (mp.mpf(1) if x >= 1 else (x + 1) / 2),
        lambda x, p: mp.mpf(1) / 2 if -1 < x < 1 else mp.mpf(0),
    ),
    "logish": (lambda x, p: _logish(x, 0), lambda x, p: _logish(x, 1), lambda x, p: _logish(x, 2)),
    "smish": (lambda x, p: _smish(x, 0), lambda x, p: _smish(x, 1), lambda x, p: _smish(x, 2)),
    "serf": (lambda x, p: _serf(x, 0), lambda x, p: _serf(x, 1), lambda x, p: _serf(x, 2)),
}
