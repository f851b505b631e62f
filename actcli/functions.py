r"""Activation functions and their first and second derivatives, as pure numpy functions.

Every function takes a float64 numpy array (the caller, :class:`actcli.registry.Activation`, has
converted the input and silenced floating-point warnings) plus the activation's parameters as
keyword arguments, and returns an array of the same shape.

They are written for accuracy, not brevity. The textbook forms lose everything in the tails:
``σ(x)(1 − σ(x))`` is 0 for x ≥ 37 although σ′(37) ≈ 8.5e-17, and ``1 − tanh²(x)`` is 0 for
x ≥ 19.1. Here every derivative is built from ``e = exp(−|x|)`` (no cancellation, no overflow),
constants that need more than 53 bits are split in two (√2 in GELU″), and small-argument
cancellation (``x − tanh x``) uses a series. Each formula is checked against mpmath in
``tests/test_accuracy.py``.

At a point where a derivative jumps, the value returned is the one PyTorch autograd returns there
(relu′(0) = 0, leaky_relu′(0) = negative_slope, hardswish′(−3) = 0, …); each record in
:mod:`actcli.activations` states it and ``tests/test_kinks.py`` pins it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # numpy.typing costs ~30 ms to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

# ---------------------------------------------------------------------------------------------
# shared building blocks
# ---------------------------------------------------------------------------------------------


def _at_inf(x: Array, y: Array, at_neg_inf: float, at_pos_inf: float) -> Array:
    """Replace results at ±inf by the function's limits (where a product gives inf·0)."""
    return np.where(x == -np.inf, at_neg_inf, np.where(x == np.inf, at_pos_inf, y))


def _nan_where_nan(x: Array, y: Array) -> Array:
    return np.where(np.isnan(x), np.nan, y)


def sigmoid(x: Array) -> Array:
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`, from ``exp(−|x|)`` on both sides."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_d1(x: Array) -> Array:
    r""":math:`\sigma'(x) = \sigma(x)\sigma(-x) = e/(1+e)^2` with :math:`e = e^{-|x|}`."""
    e = np.exp(-np.abs(x))
    d = 1.0 + e
    return e / (d * d)


def sigmoid_d2(x: Array) -> Array:
    r""":math:`\sigma''(x) = \sigma'(x)(1 - 2\sigma(x)) = -\sigma'(x)\tanh(x/2)`."""
    return -sigmoid_d1(x) * np.tanh(0.5 * x)


def tanh(x: Array) -> Array:
    return np.tanh(x)


def sech2(x: Array) -> Array:
    r""":math:`\operatorname{sech}^2 x = 4e/(1+e)^2` with :math:`e = e^{-2|x|}` (never 1 − tanh²)."""
    e = np.exp(-2.0 * np.abs(x))
    d = 1.0 + e
    return 4.0 * e / (d * d)


def tanh_d1(x: Array) -> Array:
    return sech2(x)


def tanh_d2(x: Array) -> Array:
    return -2.0 * np.tanh(x) * sech2(x)


def _zeros(x: Array) -> Array:
    return _nan_where_nan(x, np.zeros_like(x))


def _ones(x: Array) -> Array:
    return _nan_where_nan(x, np.ones_like(x))


# ---------------------------------------------------------------------------------------------
# the seed's elementwise functions
# ---------------------------------------------------------------------------------------------


def identity(x: Array) -> Array:
    return x.copy()


def identity_d1(x: Array) -> Array:
    return _ones(x)


def identity_d2(x: Array) -> Array:
    return _zeros(x)


def relu(x: Array) -> Array:
    return np.maximum(x, 0.0)


def relu_d1(x: Array) -> Array:
    """1 for x > 0, else 0: relu′(0) = 0 as in PyTorch and jax."""
    return _nan_where_nan(x, np.where(x > 0, 1.0, 0.0))


def leaky_relu(x: Array, negative_slope: float) -> Array:
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_d1(x: Array, negative_slope: float) -> Array:
    """1 for x > 0, else negative_slope: leaky_relu′(0) = negative_slope as in PyTorch."""
    return _nan_where_nan(x, np.where(x > 0, 1.0, negative_slope))


def leaky_relu_d2(x: Array, negative_slope: float) -> Array:
    return _zeros(x)


# ---------------------------------------------------------------------------------------------
# the exponential-linear family
# ---------------------------------------------------------------------------------------------


def elu(x: Array, alpha: float) -> Array:
    return np.where(x > 0, x, alpha * np.expm1(x))


def elu_d1(x: Array, alpha: float) -> Array:
    """1 for x > 0, else α·eˣ: elu′(0) = α as in PyTorch (x ≤ 0 branch)."""
    return _nan_where_nan(x, np.where(x > 0, 1.0, alpha * np.exp(x)))


def elu_d2(x: Array, alpha: float) -> Array:
    """α·eˣ for x < 0, else 0: elu″(0) = 0 as PyTorch's double backward."""
    return _nan_where_nan(x, np.where(x < 0, alpha * np.exp(x), 0.0))


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
# λα rounded once from the exact product (1.75809934084737686…); PyTorch multiplies the two rounded
# constants and gets 1.7580993408473766, one ulp lower.
SELU_SCALE_ALPHA = 1.7580993408473768


def selu(x: Array) -> Array:
    return np.where(x > 0, SELU_SCALE * x, SELU_SCALE_ALPHA * np.expm1(x))


def selu_d1(x: Array) -> Array:
    return _nan_where_nan(x, np.where(x > 0, SELU_SCALE, SELU_SCALE_ALPHA * np.exp(x)))


def selu_d2(x: Array) -> Array:
    return _nan_where_nan(x, np.where(x < 0, SELU_SCALE_ALPHA * np.exp(x), 0.0))


def celu(x: Array, alpha: float) -> Array:
    return np.where(x > 0, x, alpha * np.expm1(x / alpha))


def celu_d1(x: Array, alpha: float) -> Array:
    return _nan_where_nan(x, np.where(x > 0, 1.0, np.exp(x / alpha)))


def celu_d2(x: Array, alpha: float) -> Array:
    return _nan_where_nan(x, np.where(x < 0, np.exp(x / alpha) / alpha, 0.0))


# ---------------------------------------------------------------------------------------------
# smooth gates: GELU, SiLU, QuickGELU, Mish
# ---------------------------------------------------------------------------------------------

_INV_SQRT_2PI = 0.3989422804014327  # 1/√(2π)
_SQRT2_HI = 1.4142135623730951  # √2 = _SQRT2_HI + _SQRT2_LO to ~1e-32
_SQRT2_LO = -9.667293313452913e-17
_GELU_K = 0.7978845608028654  # √(2/π)
_GELU_C = 0.044715


def _ndtr(x: Array) -> Array:
    from scipy.special import ndtr  # lazy: scipy is only needed for the GELU family

    return np.asarray(ndtr(x), dtype=np.float64)


def _phi(x: Array) -> Array:
    return _INV_SQRT_2PI * np.exp(-0.5 * x * x)


def _gelu_erf(x: Array) -> Array:
    return _at_inf(x, x * _ndtr(x), 0.0, np.inf)


def _gelu_erf_d1(x: Array) -> Array:
    return _at_inf(x, _ndtr(x) + x * _phi(x), 0.0, 1.0)


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


def _gelu_tanh(x: Array) -> Array:
    v = 2.0 * _GELU_K * (x + _GELU_C * x * x * x)
    return _at_inf(x, x * sigmoid(v), 0.0, np.inf)


def _gelu_tanh_d1(x: Array) -> Array:
    v, dv, _ = _gelu_tanh_parts(x)
    xc = np.clip(x, -50.0, 50.0)
    return _at_inf(x, sigmoid(v) + xc * dv * sigmoid_d1(v), 0.0, 1.0)


def _gelu_tanh_d2(x: Array) -> Array:
    v, dv, d2v = _gelu_tanh_parts(x)
    xc = np.clip(x, -50.0, 50.0)
    y = sigmoid_d1(v) * (2.0 * dv + xc * d2v) + xc * dv * dv * sigmoid_d2(v)
    return _at_inf(x, y, 0.0, 0.0)


def gelu(x: Array, approximate: str) -> Array:
    return _gelu_tanh(x) if approximate == "tanh" else _gelu_erf(x)


def gelu_d1(x: Array, approximate: str) -> Array:
    return _gelu_tanh_d1(x) if approximate == "tanh" else _gelu_erf_d1(x)


def gelu_d2(x: Array, approximate: str) -> Array:
    return _gelu_tanh_d2(x) if approximate == "tanh" else _gelu_erf_d2(x)


def _scaled_silu(x: Array, a: float) -> Array:
    return _at_inf(x, x * sigmoid(a * x), 0.0, np.inf)


def _scaled_silu_d1(x: Array, a: float) -> Array:
    ax = a * x
    return _at_inf(x, sigmoid(ax) + ax * sigmoid_d1(ax), 0.0, 1.0)


def _scaled_silu_d2(x: Array, a: float) -> Array:
    # a·σ′(ax)·(2 − ax·tanh(ax/2))
    ax = a * x
    return _at_inf(x, a * sigmoid_d1(ax) * (2.0 - ax * np.tanh(0.5 * ax)), 0.0, 0.0)


def silu(x: Array) -> Array:
    return _scaled_silu(x, 1.0)


def silu_d1(x: Array) -> Array:
    return _scaled_silu_d1(x, 1.0)


def silu_d2(x: Array) -> Array:
    return _scaled_silu_d2(x, 1.0)


QUICK_GELU_SCALE = 1.702


def quick_gelu(x: Array) -> Array:
    return _scaled_silu(x, QUICK_GELU_SCALE)


def quick_gelu_d1(x: Array) -> Array:
    return _scaled_silu_d1(x, QUICK_GELU_SCALE)


def quick_gelu_d2(x: Array) -> Array:
    return _scaled_silu_d2(x, QUICK_GELU_SCALE)


def _mish_parts(x: Array) -> tuple[Array, Array]:
    """T = tanh(softplus x) and D = sech²(softplus x) without overflow or cancellation.

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


def mish(x: Array) -> Array:
    t, _ = _mish_parts(x)
    return _at_inf(x, x * t, 0.0, np.inf)


def mish_d1(x: Array) -> Array:
    t, d = _mish_parts(x)
    return _at_inf(x, t + x * sigmoid(x) * d, 0.0, 1.0)


def mish_d2(x: Array) -> Array:
    # σ·D·(2 + x(σ(−x) − 2Tσ))
    # beyond |x| = 800 the result underflows to 0; clamping keeps 0·∞ out
    xc = np.clip(x, -800.0, 800.0)
    t, d = _mish_parts(xc)
    s = sigmoid(xc)
    y = s * d * (2.0 + xc * (sigmoid(-xc) - 2.0 * t * s))
    return _at_inf(x, y, 0.0, 0.0)


# ---------------------------------------------------------------------------------------------
# softplus and friends
# ---------------------------------------------------------------------------------------------


def softplus(x: Array, beta: float) -> Array:
    """(1/β)·log(1 + e^{βx}) = max(x, 0) + log1p(e^{−β|x|})/β, exact (no linear cut-off)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-beta * np.abs(x))) / beta


def softplus_d1(x: Array, beta: float) -> Array:
    return sigmoid(beta * x)


def softplus_d2(x: Array, beta: float) -> Array:
    return beta * sigmoid_d1(beta * x)


def logsigmoid(x: Array) -> Array:
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def logsigmoid_d1(x: Array) -> Array:
    return sigmoid(-x)


def logsigmoid_d2(x: Array) -> Array:
    return -sigmoid_d1(x)


def softsign(x: Array) -> Array:
    return _at_inf(x, x / (1.0 + np.abs(x)), -1.0, 1.0)


def softsign_d1(x: Array) -> Array:
    d = 1.0 + np.abs(x)
    return 1.0 / (d * d)


def softsign_d2(x: Array) -> Array:
    """−2·sign(x)/(1 + |x|)³; 0 at x = 0 (sign(0) = 0, as autograd)."""
    d = 1.0 + np.abs(x)
    return -2.0 * np.sign(x) / d / d / d


def squareplus(x: Array, b: float) -> Array:
    """(x + √(x² + b))/2, as b/(2(√(x² + b) − x)) for x < 0 so the left tail keeps its digits."""
    h = np.hypot(x, np.sqrt(b))
    left = (0.5 * b) / (h - x)
    # beyond |x| ~ 1e300, h − x overflows: divide through by −x first
    far = ((0.5 * b) / -x) / (np.hypot(1.0, np.sqrt(b) / x) + 1.0)
    left = np.where(x < -1e300, far, left)
    return _at_inf(x, np.where(x >= 0, 0.5 * x + 0.5 * h, left), 0.0, np.inf)


def squareplus_d1(x: Array, b: float) -> Array:
    h = np.hypot(x, np.sqrt(b))
    left = (0.5 * b) / h / (h - x)
    return _at_inf(x, np.where(x >= 0, 0.5 * (1.0 + x / h), left), 0.0, 1.0)


def squareplus_d2(x: Array, b: float) -> Array:
    h = np.hypot(x, np.sqrt(b))
    return (0.5 * b) / h / h / h


def exponential(x: Array) -> Array:
    return np.exp(x)


exponential_d1 = exponential
exponential_d2 = exponential


@cache
def _tanh_series() -> tuple[float, ...]:
    """Coefficients c₂, c₃, … of x − tanh x = Σ c_n x^{2n−1}, from t′ = 1 − t² in exact fractions."""
    from fractions import Fraction

    n_odd = 24
    a: dict[int, Fraction] = {1: Fraction(1)}  # tanh x = Σ a_k x^k over odd k
    for k in range(3, 2 * n_odd + 2, 2):
        # k·a_k = −Σ_{i+j=k−1} a_i a_j (i, j odd)
        s = sum((a[i] * a[k - 1 - i] for i in range(1, k - 1, 2)), Fraction(0))
        a[k] = -s / k
    return tuple(float(-a[k]) for k in range(3, 2 * n_odd + 2, 2))


def tanhshrink(x: Array) -> Array:
    """x − tanh x; below |x| = 0.5 by its series, where the subtraction would cancel."""
    coeffs = _tanh_series()
    small = np.abs(x) < 0.5
    xs = np.where(small, x, 0.0)
    y = xs * xs
    acc = np.zeros_like(x)
    for c in reversed(coeffs):
        acc = acc * y + c
    series = xs * y * acc
    return np.where(small, series, x - np.tanh(x))


def tanhshrink_d1(x: Array) -> Array:
    t = np.tanh(x)
    return t * t


def tanhshrink_d2(x: Array) -> Array:
    return 2.0 * np.tanh(x) * sech2(x)


# ---------------------------------------------------------------------------------------------
# piecewise-linear functions (kink conventions as PyTorch autograd)
# ---------------------------------------------------------------------------------------------


def hardsigmoid(x: Array) -> Array:
    """relu6(x + 3)/6, computed as (x + 3)/6 so that it is exact near x = −3."""
    return np.clip((x + 3.0) / 6.0, 0.0, 1.0)


def hardsigmoid_d1(x: Array) -> Array:
    return _nan_where_nan(x, np.where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0))


def hardtanh(x: Array, min_val: float, max_val: float) -> Array:
    return np.clip(x, min_val, max_val)


def hardtanh_d1(x: Array, min_val: float, max_val: float) -> Array:
    return _nan_where_nan(x, np.where((x > min_val) & (x < max_val), 1.0, 0.0))


def relu6(x: Array) -> Array:
    return np.clip(x, 0.0, 6.0)


def relu6_d1(x: Array) -> Array:
    return _nan_where_nan(x, np.where((x > 0.0) & (x < 6.0), 1.0, 0.0))


def hardswish(x: Array) -> Array:
    return _at_inf(x, x * (np.clip(x + 3.0, 0.0, 6.0) / 6.0), 0.0, np.inf)


def hardswish_d1(x: Array) -> Array:
    """0 for x ≤ −3, (2x + 3)/6 for −3 < x < 3, 1 for x ≥ 3 (PyTorch: 0 at −3, 1 at 3)."""
    inner = (2.0 * x + 3.0) / 6.0
    return _nan_where_nan(x, np.where(x <= -3.0, 0.0, np.where(x < 3.0, inner, 1.0)))


def hardswish_d2(x: Array) -> Array:
    return _nan_where_nan(x, np.where((x > -3.0) & (x < 3.0), 1.0 / 3.0, 0.0))


def softshrink(x: Array, lambd: float) -> Array:
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, x * 0.0))


def softshrink_d1(x: Array, lambd: float) -> Array:
    return _nan_where_nan(x, np.where(np.abs(x) > lambd, 1.0, 0.0))


def hardshrink(x: Array, lambd: float) -> Array:
    return np.where(np.abs(x) > lambd, x, x * 0.0)


def hardshrink_d1(x: Array, lambd: float) -> Array:
    return softshrink_d1(x, lambd)


def threshold(x: Array, threshold: float, value: float) -> Array:
    return np.where(x > threshold, x, np.where(np.isnan(x), np.nan, value))


def threshold_d1(x: Array, threshold: float, value: float) -> Array:
    return _nan_where_nan(x, np.where(x > threshold, 1.0, 0.0))


def zero_d2(x: Array, **_: Any) -> Array:
    """Second derivative of a piecewise-linear function: 0 everywhere it exists (and at kinks)."""
    return _zeros(x)


# ---------------------------------------------------------------------------------------------
# vector functions (along one axis)
# ---------------------------------------------------------------------------------------------


def log_softmax(x: Array, axis: int) -> Array:
    """x − max − log1p(Σ_{j≠argmax} e^{x_j − max}): exact even when one logit dominates.

    A +inf logit takes all the mass (log-probability 0 there, −inf elsewhere); all −inf is NaN.
    """
    m = np.max(x, axis=axis, keepdims=True)
    shifted = x - m
    e = np.exp(shifted)
    idx = np.argmax(x, axis=axis)
    np.put_along_axis(e, np.expand_dims(idx, axis), 0.0, axis=axis)
    rest = np.sum(e, axis=axis, keepdims=True)
    out = shifted - np.log1p(rest)
    # a +inf logit: inf − inf is NaN above; the limit is uniform over the +inf entries
    pos_inf = np.isposinf(x)
    n_inf = np.sum(pos_inf, axis=axis, keepdims=True)
    limit = np.where(pos_inf, -np.log(np.maximum(n_inf, 1)), -np.inf)
    return np.where(n_inf > 0, limit, out)


def softmax(x: Array, axis: int) -> Array:
    return np.exp(log_softmax(x, axis))


def softmin(x: Array, axis: int) -> Array:
    return softmax(-x, axis)


def softmax_jacobian(x: Array) -> Array:
    """diag(s) − s sᵀ for a 1-D x."""
    s = softmax(x, -1)
    return np.diag(s) - np.outer(s, s)


def log_softmax_jacobian(x: Array) -> Array:
    """I − 1 sᵀ: ∂ log s_i/∂x_j = δ_ij − s_j."""
    s = softmax(x, -1)
    return np.eye(x.shape[0]) - np.broadcast_to(s, (x.shape[0], x.shape[0]))


def softmin_jacobian(x: Array) -> Array:
    return -softmax_jacobian(-x)


def softmax_vjp(x: Array, v: Array, axis: int) -> Array:
    """vᵀJ = s ⊙ (v − ⟨v, s⟩)."""
    s = softmax(x, axis)
    out: Array = s * (v - np.sum(v * s, axis=axis, keepdims=True))
    return out


def log_softmax_vjp(x: Array, v: Array, axis: int) -> Array:
    """vᵀJ = v − s·Σv."""
    s = softmax(x, axis)
    out: Array = v - s * np.sum(v, axis=axis, keepdims=True)
    return out


def softmin_vjp(x: Array, v: Array, axis: int) -> Array:
    return -softmax_vjp(-x, v, axis)

