"""Self-gated functions x·g(x): gelu, silu, quick_gelu, mish, hardswish."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import TORCH, _at_inf, _he, _nan_where_nan, _static, blockwise, fast_path
from actcli.catalogue.sigmoidal import sigmoid, sigmoid_d1, sigmoid_d2
from actcli.core.record import INF, Claims, Formula, Interval, Kink, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


_INV_SQRT_2PI = 0.3989422804014327  # 1/√(2π)


_SQRT2_HI = 1.4142135623730951  # √2 = _SQRT2_HI + _SQRT2_LO to ~1e-32


_SQRT2_LO = -9.667293313452913e-17


_GELU_K = 0.7978845608028654  # √(2/π)


_GELU_C = 0.044715


def _ndtr(x: Array, out: Array | None = None) -> Array:
    from scipy.special import ndtr  # lazy: scipy is only needed for the GELU family

    if out is not None:
        ndtr(x, out=out)
        return out
    return np.asarray(ndtr(x), dtype=x.dtype)


def _phi(x: Array) -> Array:
    return _INV_SQRT_2PI * np.exp(-0.5 * x * x)


def _finite(x: Array) -> Array:
    """x with ±inf replaced by ±(largest finite): keeps inf·0 out of products whose limit is 0 or x."""
    big = float(np.finfo(x.dtype).max)
    return np.clip(x, -big, big)


def _above_min(x: Array) -> Array:
    """x with −inf replaced by the most negative finite value: x·g(x) is then 0, not −inf·0."""
    return np.maximum(x, -float(np.finfo(x.dtype).max))


def _gelu_erf_into(x: Array, y: Array) -> None:
    _ndtr(x, out=y)
    np.multiply(y, _above_min(x), out=y)


def _gelu_erf_d1_into(x: Array, y: Array) -> None:
    xc = _finite(x)
    np.multiply(xc, xc, out=y)
    np.multiply(y, -0.5, out=y)
    np.exp(y, out=y)
    np.multiply(y, _INV_SQRT_2PI, out=y)
    np.multiply(y, xc, out=y)
    np.add(y, _ndtr(x, out=xc), out=y)


def _gelu_erf_d2(x: Array) -> Array:
    # φ(x)(2 − x²), with 2 − x² = (√2 − |x|)(√2 + |x|) so that it is exact near x = ±√2.
    a = np.abs(x)
    y = (_phi(x) * ((_SQRT2_HI - a) + _SQRT2_LO)) * ((_SQRT2_HI + a) + _SQRT2_LO)
    return _at_inf(x, y, 0.0, 0.0)


def _gelu_tanh_parts(x: Array) -> tuple[Array, Array, Array]:
    # 0.5·x·(1 + tanh u) = x·σ(2u); v = 2u and its derivatives. Beyond |x| = 50, σ′(v) is 0 in
    # float64, so x is clamped there to keep x³ finite.
    xc = np.clip(x, -50.0, 50.0)
    v = 2.0 * _GELU_K * (xc + _GELU_C * xc * xc * xc)
    dv = 2.0 * _GELU_K * (1.0 + 3.0 * _GELU_C * xc * xc)
    d2v = 2.0 * _GELU_K * 6.0 * _GELU_C * xc
    return v, dv, d2v


def _left_tail(x: Array, y: Array, below: float, fn64: Callable[[Array], Array]) -> None:
    """Recompute y where x < below (−inf included) by ``fn64`` in float64: the far left, where a
    fast formula overflows (e^{−v} = inf) or, in float32, where its gate is subnormal and has lost
    its digits while the product is still a normal number. A NaN-skipping minimum (one read, where
    a mask costs a write and a read) tells whether the block has any such x."""
    if x.size == 0 or not np.fmin.reduce(x, axis=None) < below:
        return
    tail = x < below
    y[tail] = fn64(x[tail].astype(np.float64))


def _overflow_edge(x: Array, a: float = 1.0, margin: float = 1.0) -> float:
    """Below this x, e^{−a·x} is not finite in x's dtype (with ``margin`` left in the exponent)."""
    return (margin - math.log(float(np.finfo(x.dtype).max))) / a


_GELU_TANH_EDGE = -18.0  # v(−18) ≈ −445: e^{−v} and x·v′·e^{−v} are finite above it in float64


def _gelu_tanh_neg_v(x: Array, out: Array) -> Array:
    """out = −v = −2k·x(1 + c·x²) at x clamped to ±50 (beyond, σ(v) is 0 or 1 to the last bit);
    returns the clamped x."""
    xc = np.clip(x, -50.0, 50.0)
    np.multiply(xc, xc, out=out)
    np.multiply(out, -2.0 * _GELU_K * _GELU_C, out=out)
    np.add(out, -2.0 * _GELU_K, out=out)
    np.multiply(out, xc, out=out)
    return xc


def _gelu_tanh_tail(t: Array, order: int) -> Array:
    """The far left (v ≪ 0) in float64 from E = e^{v}: x·E/(1 + E), or σ(v)(1 + x·v′/(1 + E))."""
    v, dv, _ = _gelu_tanh_parts(t)
    e = np.exp(v)
    s = e / (1.0 + e)
    if order == 0:
        return np.maximum(t, -float(np.finfo(np.float64).max)) * s
    return s * (1.0 + np.clip(t, -50.0, 50.0) * dv / (1.0 + e))


def _gelu_tanh_into(x: Array, y: Array) -> None:
    """x/2·(1 + tanh u) = x·σ(v) = x/(1 + e^{−v}), v = 2u; the far left from e^{v} (for the blocks
    where e^{−v} overflowed or −inf met inf: :func:`fast_path`)."""

    def fast() -> None:
        _gelu_tanh_neg_v(x, y)
        np.exp(y, out=y)
        np.add(y, 1.0, out=y)
        np.divide(x, y, out=y)

    if not fast_path(fast):
        fast()
        _left_tail(x, y, _GELU_TANH_EDGE, lambda t: _gelu_tanh_tail(t, 0))


def _gelu_tanh_d1_into(x: Array, y: Array) -> None:
    """σ(v) + x·v′·σ′(v) = (d + x·v′·e)/d² with e = e^{−v}, d = 1 + e, v′ = 2k(1 + 3c·x²); the far
    left from e^{v}, for the blocks where a term overflowed (:func:`fast_path`)."""

    def fast() -> None:
        xc = _gelu_tanh_neg_v(x, y)
        np.exp(y, out=y)  # e
        w = np.multiply(xc, xc)
        np.multiply(w, 6.0 * _GELU_K * _GELU_C, out=w)
        np.add(w, 2.0 * _GELU_K, out=w)  # v′
        np.multiply(w, xc, out=w)
        np.multiply(w, y, out=w)  # x·v′·e
        np.add(y, 1.0, out=y)  # d
        np.add(w, y, out=w)
        np.divide(w, y, out=w)
        np.divide(w, y, out=y)

    if not fast_path(fast):
        fast()
        _left_tail(x, y, _GELU_TANH_EDGE, lambda t: _gelu_tanh_tail(t, 1))


@blockwise(wide=True, compiled=True)  # v rounded in float32 would cost ~|v|/2 ulp in e^{−v}
def gelu_tanh(x: Array, y: Array) -> None:
    """The tanh GELU (gelu:approximate=tanh, gelu_new): :func:`_gelu_tanh_into`, or its compiled
    twin (csrc/tanh_forms.c: the same forms from one exp)."""
    _gelu_tanh_into(x, y)


@blockwise(wide=True, compiled=True)
def gelu_tanh_d1(x: Array, y: Array) -> None:
    """The tanh GELU's f′: :func:`_gelu_tanh_d1_into`, or its compiled twin."""
    _gelu_tanh_d1_into(x, y)


def _gelu_tanh_d2(x: Array) -> Array:
    v, dv, d2v = _gelu_tanh_parts(x)
    xc = np.clip(x, -50.0, 50.0)
    y = sigmoid_d1(v) * (2.0 * dv + xc * d2v) + xc * dv * dv * sigmoid_d2(v)
    return _at_inf(x, y, 0.0, 0.0)


#: Φ(−a) = t·exp(P(t) − a²/2), t = 1/(1 + a/(2√2)) (erfc(z) = 2Φ(−√2 z) in the form of Numerical
#: Recipes' erfcc, with ln ½ folded into the constant): P of degree 12, fitted by least squares
#: to ln(erfc(z)/t) + z² at 400 Chebyshev points of t over z ∈ [0, 10.5] (mpmath, 50 digits);
#: relative error ≤ 1.8e-10 there, 0.003 ulp of float32. Beyond a = 14.9 gelu is 0 in float32.
_PHI_TAIL = (
    -1.9586523809386385, 0.999755021506137, 0.3788636307048409, 0.04742536744328459,
    0.1330217039696767, -1.0656824815621406, 2.64925740637318, -5.732661556774887,
    8.517234982090711, -7.866347029248419, 4.391175860697298, -1.3723493293653135,
    0.18581162471667673,
)


_PHI_TAIL_P = 0.5 / _SQRT2_HI  # t = 1/(1 + a·p), p = 1/(2√2): z = a/√2 and NR's t = 1/(1 + z/2)


def _gelu_narrow(x: Array, y: Array) -> None:
    """GELU for float32 (and narrower) input: max(x, 0) − a·Φ(−a) with a = |x| (x − x·Φ(−x) for
    x > 0, x·Φ(x) below: no cancellation, the product is at most half the result), Φ(−a) from
    :data:`_PHI_TAIL` in 36 float64 passes where scipy's ndtr is a scalar loop. Only the
    rounding to float32 needs it to ~1e-9; float64 keeps ndtr. A block with ±inf (inf·0) takes
    the ndtr way."""

    def fast() -> None:
        a = np.abs(x)
        t = np.multiply(a, _PHI_TAIL_P)
        np.add(t, 1.0, out=t)
        np.divide(1.0, t, out=t)
        q = np.multiply(t, _PHI_TAIL[-1])
        for c in reversed(_PHI_TAIL[1:-1]):
            np.add(q, c, out=q)
            np.multiply(q, t, out=q)
        np.add(q, _PHI_TAIL[0], out=q)
        w = np.multiply(a, a)
        np.multiply(w, -0.5, out=w)
        np.add(q, w, out=q)
        np.exp(q, out=q)
        np.multiply(q, t, out=q)  # Φ(−a)
        np.multiply(q, a, out=q)
        np.maximum(x, 0.0, out=y)
        np.subtract(y, q, out=y)

    if not fast_path(fast):
        _gelu_erf_into(x, y)


@blockwise(wide=True, narrow=True, compiled=True)
def gelu_erf(x: Array, y: Array, narrow: bool = False) -> None:
    """The exact GELU x·Φ(x): by :func:`_gelu_narrow` for a block to be rounded to float32 (or
    narrower), by scipy's ndtr for float64."""
    (_gelu_narrow if narrow else _gelu_erf_into)(x, y)


@blockwise(wide=True, compiled=True)
def gelu_erf_d1(x: Array, y: Array) -> None:
    """The exact GELU's f′, Φ(x) + x·φ(x)."""
    _gelu_erf_d1_into(x, y)


def gelu(x: Array, approximate: str) -> Array:
    """x·Φ(x) (:func:`gelu_erf`), or its tanh approximation (:func:`gelu_tanh`)."""
    return gelu_tanh(x) if approximate == "tanh" else gelu_erf(x)


def gelu_d1(x: Array, approximate: str) -> Array:
    return gelu_tanh_d1(x) if approximate == "tanh" else gelu_erf_d1(x)


def gelu_d2(x: Array, approximate: str) -> Array:
    return _gelu_tanh_d2(x) if approximate == "tanh" else _gelu_erf_d2(x)


def _scaled_silu_tail(t: Array, a: float, order: int) -> Array:
    """x·σ(ax) (order 0) or σ(ax)(1 + ax·σ(−ax)) (order 1) in float64 for ax ≪ 0, from
    E = e^{ax} (x clamped to −10⁵, where both are 0 whichever way they are computed)."""
    at = a * np.maximum(t, -1e5)
    e = np.exp(at)
    s = e / (1.0 + e)
    if order == 0:
        return np.maximum(t, -float(np.finfo(np.float64).max)) * s
    return s * (1.0 + at / (1.0 + e))


def _scaled_silu_into(x: Array, y: Array, a: float) -> None:
    """x·σ(ax) = x/(1 + e^{−ax}): no product with a rounded σ, and no subnormal gate in float32
    (the quotient is rounded once); the far left, where e^{−ax} overflows, from e^{ax}, for the
    blocks where it did (:func:`fast_path`)."""

    def fast() -> None:
        np.multiply(x, -a, out=y)
        np.exp(y, out=y)
        np.add(y, 1.0, out=y)
        np.divide(x, y, out=y)

    if not fast_path(fast):
        fast()
        _left_tail(x, y, _overflow_edge(x, a), lambda t: _scaled_silu_tail(t, a, 0))


def _scaled_silu_d1_into(x: Array, y: Array, a: float) -> None:
    """σ(ax) + ax·σ′(ax) = (d + ax·e)/d² with e = e^{−ax}, d = 1 + e. A block where a term
    overflowed or ±inf met 0 (:func:`fast_path`) is computed again with x clamped to ±750 (beyond,
    the derivative is 1 or 0 to the last bit) and its left end from e^{ax}."""

    def fast(clamp: bool) -> None:
        ax = np.clip(x, -750.0, 750.0) if clamp else x
        if a != 1.0:
            ax = np.multiply(ax, a, out=ax if clamp else None)
        np.negative(ax, out=y)
        np.exp(y, out=y)  # e
        w = np.multiply(ax, y)  # ax·e
        np.add(y, 1.0, out=y)  # d
        np.add(w, y, out=w)
        np.divide(w, y, out=w)
        np.divide(w, y, out=y)

    if not fast_path(lambda: fast(False)):  # an exp that overflowed, or ±inf·0
        fast(True)
        _left_tail(x, y, _overflow_edge(x, a, 8.0), lambda t: _scaled_silu_tail(t, a, 1))  # ax·e < 750·e


def _scaled_silu_d2(x: Array, a: float) -> Array:
    # a·σ′(ax)·(2 − ax·tanh(ax/2))
    ax = a * x
    return _at_inf(x, a * sigmoid_d1(ax) * (2.0 - ax * np.tanh(0.5 * ax)), 0.0, 0.0)


@blockwise(compiled=True)  # x/(1 + e^{−x}) keeps float32's accuracy; its derivative cancels near its zero, so is wide
def silu(x: Array, y: Array) -> None:
    _scaled_silu_into(x, y, 1.0)


@blockwise(wide=True, compiled=True)
def silu_d1(x: Array, y: Array) -> None:
    _scaled_silu_d1_into(x, y, 1.0)


def silu_d2(x: Array) -> Array:
    return _scaled_silu_d2(x, 1.0)


QUICK_GELU_SCALE = 1.702


@blockwise(wide=True, compiled=True)  # 1.702·x rounded in float32 costs ~|1.702x|/2 ulp in e^{−1.702x}
def quick_gelu(x: Array, y: Array) -> None:
    _scaled_silu_into(x, y, QUICK_GELU_SCALE)


@blockwise(wide=True, compiled=True)
def quick_gelu_d1(x: Array, y: Array) -> None:
    _scaled_silu_d1_into(x, y, QUICK_GELU_SCALE)


def quick_gelu_d2(x: Array) -> Array:
    return _scaled_silu_d2(x, QUICK_GELU_SCALE)


def _mish_n(x: Array, right: float) -> tuple[Array, Array, Array]:
    """u = eˣ, n = u(u + 2) and n + 2 at x clamped to ≤ ``right``, with T = tanh(softplus x) =
    n/(n + 2): n = (1 + eˣ)² − 1, a sum of positive terms, so neither side cancels. Above x = 20,
    2/(n + 2) < 1e-17 and T is 1 to the last bit in float64; the clamp keeps u² finite."""
    u = np.minimum(x, right)
    np.exp(u, out=u)
    n = np.add(u, 2.0)
    np.multiply(n, u, out=n)
    return u, n, np.add(n, 2.0)


def _mish_parts(x: Array) -> tuple[Array, Array]:
    """T = tanh(softplus x) and D = sech²(softplus x) without overflow or cancellation, for f″
    (two branches selected by np.where; f and f′ use :func:`_mish_n`).

    With n = eˣ(eˣ + 2): T = n/(n + 2) and D = 4(n + 1)/(n + 2)²; for x > 0 the same in
    e = e⁻ˣ: T = (1 + 2e)/(1 + 2e + 2e²), D = 4e²(1 + e)²/(1 + 2e + 2e²)².
    """
    neg = x <= 0
    e = np.exp(np.where(neg, x, -x))
    n = e * (e + 2.0)
    t_neg = n / (n + 2.0)
    d_neg = 4.0 * (n + 1.0) / ((n + 2.0) * (n + 2.0))
    q = 1.0 + 2.0 * e + 2.0 * e * e
    t_pos = (1.0 + 2.0 * e) / q
    d_pos = 4.0 * (e * (1.0 + e) / q) ** 2
    return np.where(neg, t_neg, t_pos), np.where(neg, d_neg, d_pos)


@blockwise(wide=True)  # in float32, numpy's exp (up to 2.5 ulp) and the roundings reached 4 ulp
def mish(x: Array, y: Array) -> None:
    """x·n/(n + 2) (see :func:`_mish_n`); at x = −inf, 0 (not −inf·0)."""
    _, n, s = _mish_n(x, 20.0)
    np.divide(n, s, out=y)
    np.multiply(y, x, out=y)
    _left_tail(x, y, -float(np.finfo(x.dtype).max), np.zeros_like)


@blockwise(wide=True)
def mish_d1(x: Array, y: Array) -> None:
    """T + x·σ(x)·D with T = n/(n + 2), σ(x) = u/(1 + u) and D = sech²(softplus x) = 4(n + 1)/(n + 2)²
    = 4(1 + u)²/(n + 2)²: (n + 4x·u(1 + u)/(n + 2))/(n + 2). x is clamped to [−800, 40]: beyond,
    the result is 0 or 1 to the last bit (at 40 the second term is below 1e-32)."""
    xc = np.clip(x, -800.0, 40.0)
    u, n, s = _mish_n(xc, 40.0)
    np.add(u, 1.0, out=y)
    np.multiply(y, u, out=y)
    np.multiply(y, xc, out=y)
    np.multiply(y, 4.0, out=y)
    np.divide(y, s, out=y)
    np.add(y, n, out=y)
    np.divide(y, s, out=y)


def mish_d2(x: Array) -> Array:
    # σ·D·(2 + x(σ(−x) − 2Tσ))
    # beyond |x| = 800 the result underflows to 0; clamping keeps 0·∞ out
    xc = np.clip(x, -800.0, 800.0)
    t, d = _mish_parts(xc)
    s = sigmoid(xc)
    y = s * d * (2.0 + xc * (sigmoid(-xc) - 2.0 * t * s))
    return _at_inf(x, y, 0.0, 0.0)


@blockwise(compiled=True)
def hardswish(x: Array, y: Array) -> None:
    """x·((clip(x, −3, 3) + 3)/6): x·0 for x ≤ −3, so only x = −inf (−inf·0, an invalid operation
    that :func:`fast_path` sees) needs the tail's 0;
    the factor in [0, 1] is formed first, so that x·6 never overflows."""

    def fast() -> None:
        np.clip(x, -3.0, 3.0, out=y)
        np.add(y, 3.0, out=y)
        np.multiply(y, 1.0 / 6.0, out=y)  # cheaper than a division; 1/6 rounded adds half an ulp
        np.multiply(y, x, out=y)

    if not fast_path(fast):  # −inf·0
        fast()
        _left_tail(x, y, -float(np.finfo(x.dtype).max), np.zeros_like)


@blockwise(compiled=True)
def hardswish_d1(x: Array, y: Array) -> None:
    """0 for x ≤ −3, (2x + 3)/6 for −3 < x < 3, 1 for x ≥ 3 (PyTorch: 0 at −3, 1 at 3), as
    (a + 1.5 − 1.5·trunc(a/3))/3 with a = clip(x, −3, 3): trunc(a/3) is −1, 0 or 1 exactly, and
    a + 1.5 is exact near the zero at −1.5."""
    np.clip(x, -3.0, 3.0, out=y)
    c = np.divide(y, 3.0)
    np.trunc(c, out=c)
    np.multiply(c, 1.5, out=c)
    np.add(y, 1.5, out=y)
    np.subtract(y, c, out=y)
    np.divide(y, 3.0, out=y)


def hardswish_d2(x: Array) -> Array:
    return _nan_where_nan(x, np.where((x > -3.0) & (x < 3.0), 1.0 / 3.0, 0.0))


_GELU_EXACT = (
    Formula("gelu(x) = x·Φ(x) = x/2·(1 + erf(x/√2))",
            r"\mathrm{gelu}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)"),
    Formula("gelu′(x) = Φ(x) + x·φ(x),  φ(x) = e^{−x²/2}/√(2π)",
            r"\mathrm{gelu}'(x) = \Phi(x) + x\,\varphi(x),\; \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}"),
    Formula("gelu″(x) = φ(x)(2 − x²),  φ(x) = e^{−x²/2}/√(2π)",
            r"\mathrm{gelu}''(x) = \varphi(x)\,(2 - x^2),\; \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}"),
)


_GELU_TANH = (
    Formula("gelu(x) = x/2·(1 + tanh u),  u = √(2/π)(x + 0.044715x³)",
            r"\mathrm{gelu}(x) = \frac{x}{2}\left(1 + \tanh u\right),\; u = \sqrt{2/\pi}\,(x + 0.044715x^3)"),
    Formula("gelu′(x) = (1 + tanh u)/2 + x/2·sech²(u)·u′,  u′ = √(2/π)(1 + 0.134145x²)",
            r"\mathrm{gelu}'(x) = \frac{1 + \tanh u}{2} + \frac{x}{2}\operatorname{sech}^2(u)\,u',\; "
            r"u' = \sqrt{2/\pi}\,(1 + 0.134145x^2)"),
    Formula("gelu″(x) = sech²(u)·(u′ − x·tanh(u)·u′² + x·u″/2),  u′ = √(2/π)(1 + 0.134145x²), u″ = √(2/π)·0.26829x",
            r"\mathrm{gelu}''(x) = \operatorname{sech}^2(u)\left(u' - x\tanh(u)\,u'^2 + \tfrac{x}{2}u''\right),\; "
            r"u' = \sqrt{2/\pi}\,(1 + 0.134145x^2),\; u'' = \sqrt{2/\pi}\,0.26829\,x"),
)


def _gelu_claims(p: Params) -> Claims:
    if p["approximate"] == "tanh":
        return Claims(
            Interval(-0.17004075057125405, INF, True),
            False,
            None,
            Interval(-0.12899306865877177, 1.1289930686587718, True, True),
        )
    return Claims(
        Interval(-0.16997120747990366, INF, True),
        False,
        None,
        Interval(-0.12890414518515479, 1.1289041451851548, True, True),
    )


GELU = Record(
    name="gelu",
    summary="Gaussian error linear unit x·Φ(x) (transformers). Exact by default.",
    kind="elementwise",
    params=(
        Param(
            "approximate",
            "none",
            "'none' for the exact x·Φ(x), 'tanh' for the tanh approximation",
            "PyTorch default 'none' (exact); jax.nn.gelu defaults to approximate=True",
            choices=("none", "tanh"),
        ),
    ),
    formula=_GELU_EXACT[0],
    derivative=_GELU_EXACT[1],
    second=_GELU_EXACT[2],
    formulas=lambda p: _GELU_TANH if p["approximate"] == "tanh" else _GELU_EXACT,
    claims=_gelu_claims,
    cost="1 erf (or 1 tanh), 3 multiply, 1 add",
    init=lambda p: _he(),
    references=(TORCH, "Hendrycks & Gimpel (2016), Gaussian Error Linear Units, arXiv:1606.08415"),
    expression=lambda p: (
        "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))/2" if p["approximate"] == "tanh" else "x*(1 + erf(x/sqrt(2)))/2"
    ),
    fn=gelu,
    d1=gelu_d1,
    d2=gelu_d2,
)


SILU = Record(
    name="silu",
    summary="Sigmoid linear unit x·σ(x), a.k.a. swish (β = 1).",
    kind="elementwise",
    aliases=("swish", "swish1"),
    formula=Formula("silu(x) = x·σ(x)", r"\mathrm{silu}(x) = x\,\sigma(x)"),
    derivative=Formula("silu′(x) = σ(x)(1 + x·σ(−x))", r"\mathrm{silu}'(x) = \sigma(x)\left(1 + x\,\sigma(-x)\right)"),
    second=Formula("silu″(x) = σ′(x)(2 − x·tanh(x/2))", r"\mathrm{silu}''(x) = \sigma'(x)\left(2 - x\tanh\tfrac{x}{2}\right)"),
    claims=_static(
        Claims(
            Interval(-0.2784645427610738, INF, True),
            False,
            None,
            Interval(-0.099839320128866917, 1.0998393201288669, True, True),
        )
    ),
    cost="1 exp, 1 add, 1 divide, 1 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Ramachandran, Zoph & Le (2017), Searching for Activation Functions, arXiv:1710.05941"),
    expression=lambda p: "x/(1 + exp(-x))",
    fn=silu,
    d1=silu_d1,
    d2=silu_d2,
)


QUICK_GELU = Record(
    name="quick_gelu",
    summary="x·σ(1.702x): the fast GELU approximation used by CLIP.",
    kind="elementwise",
    formula=Formula("quick_gelu(x) = x·σ(1.702x)", r"\mathrm{quick\_gelu}(x) = x\,\sigma(1.702\,x)"),
    derivative=Formula("quick_gelu′(x) = σ(1.702x) + 1.702x·σ′(1.702x)", r"f'(x) = \sigma(1.702x) + 1.702\,x\,\sigma'(1.702x)"),
    second=Formula("quick_gelu″(x) = 1.702·σ′(1.702x)(2 − 1.702x·tanh(0.851x))", r"f''(x) = 1.702\,\sigma'(1.702x)\left(2 - 1.702x\tanh(0.851x)\right)"),
    claims=_static(
        Claims(
            Interval(-0.16361018963635358, INF, True),
            False,
            None,
            Interval(-0.099839320128866917, 1.0998393201288669, True, True),
        )
    ),
    cost="1 exp, 1 add, 1 divide, 2 multiply",
    init=lambda p: _he(),
    references=("timm / open_clip QuickGELU", "Hendrycks & Gimpel (2016), arXiv:1606.08415, §2"),
    expression=lambda p: "x/(1 + exp(-1.702*x))",
    fn=quick_gelu,
    d1=quick_gelu_d1,
    d2=quick_gelu_d2,
)


MISH = Record(
    name="mish",
    summary="x·tanh(softplus(x)): smooth, non-monotonic self-gate.",
    kind="elementwise",
    formula=Formula("mish(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + eˣ))", r"\mathrm{mish}(x) = x\tanh\!\left(\ln(1 + e^{x})\right)"),
    derivative=Formula(
        "mish′(x) = tanh(sp(x)) + x·σ(x)·sech²(sp(x)),  sp = softplus",
        r"\mathrm{mish}'(x) = \tanh(\mathrm{sp}(x)) + x\,\sigma(x)\operatorname{sech}^2(\mathrm{sp}(x)),\; "
        r"\mathrm{sp} = \mathrm{softplus}",
    ),
    second=Formula(
        "mish″(x) = σ(x)·sech²(sp(x))·(2 + x(σ(−x) − 2σ(x)·tanh(sp(x)))),  sp = softplus",
        r"\mathrm{mish}''(x) = \sigma(x)\operatorname{sech}^2(\mathrm{sp}(x))\left(2 + x\left(\sigma(-x) - 2\sigma(x)\tanh(\mathrm{sp}(x))\right)\right),\; "
        r"\mathrm{sp} = \mathrm{softplus}",
    ),
    claims=_static(
        Claims(
            Interval(-0.30884341301725041, INF, True),
            False,
            None,
            Interval(-0.11252612238946256, 1.0884981612517279, True, True),
        )
    ),
    cost="1 exp, 1 log1p, 1 tanh, 2 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Misra (2019), Mish: A Self Regularized Non-Monotonic Activation Function, arXiv:1908.08681"),
    expression=lambda p: "x*tanh(log1p(exp(x)))",
    fn=mish,
    d1=mish_d1,
    d2=mish_d2,
)


HARDSWISH = Record(
    name="hardswish",
    summary="x·relu6(x + 3)/6: piecewise swish (MobileNetV3).",
    kind="elementwise",
    aliases=("hard_swish", "hard_silu", "hardsilu"),
    formula=Formula("hardswish(x) = x·relu6(x + 3)/6", r"\mathrm{hardswish}(x) = x\,\frac{\mathrm{relu6}(x + 3)}{6}"),
    derivative=Formula(
        "hardswish′(x) = 0 if x ≤ −3, (2x + 3)/6 if −3 < x < 3, 1 if x ≥ 3",
        r"\mathrm{hardswish}'(x) = \begin{cases}0 & x \le -3\\ (2x + 3)/6 & -3 < x < 3\\ 1 & x \ge 3\end{cases}",
    ),
    second=Formula("hardswish″(x) = 1/3 if −3 < x < 3 else 0", r"\mathrm{hardswish}''(x) = \begin{cases}1/3 & -3 < x < 3\\ 0 & \text{otherwise}\end{cases}"),
    claims=_static(
        Claims(
            Interval(-0.375, INF, True),
            False,
            0,
            Interval(-0.5, 1.5),
            kinks=(Kink(-3.0, 0.0, 0.0, -0.5), Kink(3.0, 1.0, 1.5, 1.0)),
            dead_zones=(Interval(-INF, -3),),
        )
    ),
    cost="1 add, 2 compare, 2 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Howard et al. (2019), Searching for MobileNetV3, arXiv:1905.02244"),
    expression=lambda p: "x*min(max(x + 3, 0), 6)/6",
    fn=hardswish,
    d1=hardswish_d1,
    d2=hardswish_d2,
)
