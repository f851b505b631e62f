"""Activations of transformer-era models under the names their libraries use: squared ReLU (Primer,
transformers' 'relu2'), StarReLU (MetaFormer), the GELU tanh approximations transformers ships as
gelu_new / gelu_pytorch_tanh / gelu_accurate and gelu_fast, and MEGA's 'laplace' gate."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.catalogue._common import JAX, _at_inf, _f, _he, _nan_where_nan, _ones, _static, _step, _xavier, blockwise
from actcli.catalogue.self_gated import GELU, _gelu_erf_d1_into, _gelu_erf_into, _gelu_narrow, gelu, gelu_d1, gelu_d2
from actcli.catalogue.sigmoidal import _sigmoid_into, sigmoid_d1, sigmoid_d2
from actcli.core.record import INF, Claims, Formula, Interval, Kink, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


TRANSFORMERS = "transformers activations.py (ACT2CLS), https://github.com/huggingface/transformers/blob/main/src/transformers/activations.py"


PRIMER = "So et al. (2021), Primer: Searching for Efficient Transformers for Language Modeling, arXiv:2109.08668"


# --- squared ReLU and StarReLU ---------------------------------------------------------------------


@blockwise
def squared_relu(x: Array, y: Array) -> None:
    np.maximum(x, 0.0, out=y)
    np.square(y, out=y)


@blockwise
def squared_relu_d1(x: Array, y: Array) -> None:
    """2·max(x, 0): 0 at x = 0 (2·relu(0)·relu′(0) in autograd)."""
    np.maximum(x, 0.0, out=y)
    np.multiply(y, 2.0, out=y)


def squared_relu_d2(x: Array) -> Array:
    """2 for x > 0, else 0; at 0 autograd's 2·relu′(0)² = 0."""
    y = np.empty_like(x)
    _step(x, y)
    return y * 2.0


def _squared_claims(b: float) -> Claims:
    # f′ = 2s·max(x, 0) is continuous; f″ jumps from 0 to 2s at 0; f′ ≡ 0 on (−∞, 0]
    return Claims(
        Interval(b, INF, True),
        True,
        1,
        Interval(0, INF, True),
        dead_zones=(Interval(-INF, 0, False, True),),
        d2_kinks=(0.0,),
    )


SQUARED_RELU = Record(
    name="squared_relu",
    summary="max(0, x)²: Primer's squared ReLU (transformers 'relu2'), used in transformer feed-forward layers.",
    kind="elementwise",
    aliases=("relu2", "relu_squared", "relusquared"),
    formula=Formula("squared_relu(x) = max(0, x)²", r"f(x) = \max(0, x)^2"),
    derivative=Formula("squared_relu′(x) = 2·max(0, x)", r"f'(x) = 2\max(0, x)"),
    second=Formula("squared_relu″(x) = 2 if x > 0 else 0 (0 used at x = 0)",
                   r"f''(x) = \begin{cases}2 & x > 0\\ 0 & x \le 0\end{cases}"),
    claims=lambda p: _squared_claims(0.0),
    cost="1 compare, 1 multiply",
    init=lambda p: _he("unbounded above (ReLU-like): the He (Kaiming) family"),
    references=(PRIMER, TRANSFORMERS + " 'relu2' (ReLUSquaredActivation)"),
    expression=lambda p: "max(x, 0)^2",
    fn=squared_relu,
    d1=squared_relu_d1,
    d2=squared_relu_d2,
)


@blockwise(wide=True)  # s·x² + b cancels near its zero x = √(−b/s): computed in float64
def star_relu(x: Array, y: Array, scale: float, bias: float) -> None:
    np.maximum(x, 0.0, out=y)
    np.square(y, out=y)
    np.multiply(y, scale, out=y)
    np.add(y, bias, out=y)


@blockwise
def star_relu_d1(x: Array, y: Array, scale: float, bias: float) -> None:
    np.maximum(x, 0.0, out=y)
    np.multiply(y, 2.0 * scale, out=y)


def star_relu_d2(x: Array, scale: float, bias: float) -> Array:
    y = np.empty_like(x)
    _step(x, y)
    return y * (2.0 * scale)


def star_relu_dscale(x: Array, scale: float, bias: float) -> Array:
    """∂f/∂s = max(0, x)²."""
    return np.square(np.maximum(x, 0.0))


def star_relu_dbias(x: Array, scale: float, bias: float) -> Array:
    """∂f/∂b = 1."""
    return _ones(x)


STAR_RELU = Record(
    name="star_relu",
    summary="MetaFormer's StarReLU s·max(0, x)² + b, with s and b learned (0.8944 and −0.4472 initially).",
    kind="elementwise",
    aliases=("starrelu",),
    params=(
        Param("scale", 0.8944, "scale s, learned with the network", "the MetaFormer paper's s = 0.8944 "
              "≈ 1/√Var(relu(z)²) = 1/√(5/4) for z ~ N(0, 1) (its code and timm's StarReLU default to 1.0)",
              lo=0.0, learnable=True),
        Param("bias", -0.4472, "bias b, learned with the network", "the MetaFormer paper's b = −0.4472 "
              "≈ −s·E[relu(z)²] = −s/2, which centres the output (its code and timm default to 0.0)",
              learnable=True),
    ),
    formula=Formula("star_relu(x) = s·max(0, x)² + b   (s > 0 and b learned)", r"f(x) = s\max(0, x)^2 + b"),
    derivative=Formula("star_relu′(x) = 2s·max(0, x);   ∂f/∂s = max(0, x)²,  ∂f/∂b = 1",
                       r"f'(x) = 2s\max(0, x),\quad \frac{\partial f}{\partial s} = \max(0, x)^2,\quad "
                       r"\frac{\partial f}{\partial b} = 1"),
    second=Formula("star_relu″(x) = 2s if x > 0 else 0 (0 used at x = 0)",
                   r"f''(x) = \begin{cases}2s & x > 0\\ 0 & x \le 0\end{cases}"),
    claims=lambda p: _squared_claims(_f(p, "bias")),
    cost="1 compare, 2 multiply, 1 add",
    init=lambda p: _he("unbounded above (ReLU-like): the He (Kaiming) family"),
    references=("Yu et al. (2022), MetaFormer Baselines for Vision, arXiv:2210.13452",
                "timm layers (StarReLU), https://github.com/huggingface/pytorch-image-models"),
    expression=lambda p: "scale*max(x, 0)^2 + bias",
    fn=star_relu,
    d1=star_relu_d1,
    d2=star_relu_d2,
    param_grads=(("scale", star_relu_dscale), ("bias", star_relu_dbias)),
)


# --- jax's sparse_plus ------------------------------------------------------------------------------


@blockwise
def sparse_plus(x: Array, y: Array) -> None:
    """0 for x ≤ −1, (x + 1)²/4 between, x for x ≥ 1: ¼·clip(x + 1, 0, 2)² + max(x − 1, 0)."""
    np.add(x, 1.0, out=y)
    np.clip(y, 0.0, 2.0, out=y)
    np.square(y, out=y)
    np.multiply(y, 0.25, out=y)
    np.copyto(y, x, where=x >= 1.0)


@blockwise
def sparse_plus_d1(x: Array, y: Array) -> None:
    """½·clip(x + 1, 0, 2): jax's sparse_sigmoid; at ±1 the where-branches give 0 and 1."""
    np.add(x, 1.0, out=y)
    np.clip(y, 0.0, 2.0, out=y)
    np.multiply(y, 0.5, out=y)


def sparse_plus_d2(x: Array) -> Array:
    """½ for −1 < x < 1, else 0 (jax's where-branches: 0 at both ends)."""
    inside = np.empty_like(x)
    _step(np.minimum(x + 1.0, 1.0 - x), inside)
    return inside * 0.5


SPARSE_PLUS = Record(
    name="sparse_plus",
    summary="jax.nn.sparse_plus: 0 for x ≤ −1, (x + 1)²/4 on (−1, 1), x for x ≥ 1; softplus's sparse twin, C¹.",
    kind="elementwise",
    aliases=("sparseplus",),
    formula=Formula("sparse_plus(x) = 0 if x ≤ −1;  (x + 1)²/4 if −1 < x < 1;  x if x ≥ 1",
                    r"f(x) = \begin{cases}0 & x \le -1\\ \frac{(x + 1)^2}{4} & -1 < x < 1\\ x & x \ge 1\end{cases}"),
    derivative=Formula("sparse_plus′(x) = 0 if x ≤ −1;  (x + 1)/2 if −1 < x < 1;  1 if x ≥ 1  (jax's sparse_sigmoid)",
                       r"f'(x) = \begin{cases}0 & x \le -1\\ \frac{x + 1}{2} & -1 < x < 1\\ 1 & x \ge 1\end{cases}"),
    second=Formula("sparse_plus″(x) = ½ if −1 < x < 1 else 0 (0 used at ±1)",
                   r"f''(x) = \begin{cases}\frac{1}{2} & -1 < x < 1\\ 0 & \text{otherwise}\end{cases}"),
    claims=_static(
        Claims(
            Interval(0, INF, True),
            True,
            1,
            Interval(0, 1, True, True),
            dead_zones=(Interval(-INF, -1, False, True),),
            d2_kinks=(-1.0, 1.0),
        )
    ),
    cost="1 add, 1 clip, 2 multiply, 1 compare",
    init=lambda p: _he("unbounded above (ReLU-like): the He (Kaiming) family"),
    references=(JAX + " (sparse_plus; keras.activations.sparse_plus too)",
                "Blondel, Martins & Niculae (2020), Learning with Fenchel-Young Losses, JMLR 21"),
    expression=lambda p: "min(max(x + 1, 0), 2)^2/4 + max(x - 1, 0)",
    fn=sparse_plus,
    d1=sparse_plus_d1,
    d2=sparse_plus_d2,
)


# --- the GELU tanh approximations ------------------------------------------------------------------


_TANH = {"approximate": "tanh"}


def gelu_new(x: Array) -> Array:
    result: Array = gelu(x, approximate="tanh")
    return result


def gelu_new_d1(x: Array) -> Array:
    result: Array = gelu_d1(x, approximate="tanh")
    return result


def gelu_new_d2(x: Array) -> Array:
    result: Array = gelu_d2(x, approximate="tanh")
    return result


def _renamed(formula: Formula, old: str, new: str) -> Formula:
    """gelu:approximate=tanh's formula under another record's name (its left-hand side only)."""
    tex_old, tex_new = (r"\mathrm{" + n.replace("_", r"\_") + "}" for n in (old, new))
    return Formula(formula.text.replace(old, new, 1), formula.latex.replace(tex_old, tex_new, 1))


_NEW_FORMULAS = tuple(_renamed(f, "gelu", "gelu_new") for f in GELU.formulas_for(_TANH))


GELU_NEW = Record(
    name="gelu_new",
    summary="The GELU tanh approximation, ½x(1 + tanh(√(2/π)(x + 0.044715x³))), under transformers' names "
    "(= gelu:approximate=tanh).",
    kind="elementwise",
    aliases=("gelu_pytorch_tanh", "gelu_accurate", "gelu_python_tanh", "new_gelu"),
    formula=_NEW_FORMULAS[0],
    derivative=_NEW_FORMULAS[1],
    second=_NEW_FORMULAS[2],
    claims=lambda p: GELU.claims(_TANH),
    cost="1 tanh, 5 multiply, 2 add",
    init=lambda p: GELU.init(_TANH),
    references=(TRANSFORMERS + ": 'gelu_new' (NewGELUActivation), 'gelu_pytorch_tanh' and 'gelu_python_tanh' "
                "(GELUTanh), 'gelu_accurate' (AccurateGELUActivation), all this formula",
                "Hendrycks & Gimpel (2016), Gaussian Error Linear Units, arXiv:1606.08415"),
    expression=lambda p: "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))/2",
    fn=gelu_new,
    d1=gelu_new_d1,
    d2=gelu_new_d2,
)


_FAST_K = 0.7978845608  # transformers' literal, not √(2/π) = 0.79788456080286535…
_FAST_C = 0.044715


def _fast_parts(x: Array) -> tuple[Array, Array, Array, Array]:
    # ½x(1 + tanh u) = x·σ(v), v = 2u = 2k·x(1 + c·x²); beyond |x| = 50 σ′(v) is 0 in float64,
    # so x is clamped there inside v to keep x³ finite
    xc = np.clip(x, -50.0, 50.0)
    x2 = xc * xc
    v = (2.0 * _FAST_K) * xc * (1.0 + _FAST_C * x2)
    dv = (2.0 * _FAST_K) * (1.0 + (3.0 * _FAST_C) * x2)
    d2v = (12.0 * _FAST_K * _FAST_C) * xc
    return xc, v, dv, d2v


def _above_min(x: Array) -> Array:
    """x with −inf replaced by the most negative finite value: x·σ(v) is then 0, not −inf·0."""
    return np.maximum(x, -float(np.finfo(x.dtype).max))


@blockwise(wide=True, compiled=True)
def gelu_fast(x: Array, y: Array) -> None:
    _, v, _, _ = _fast_parts(x)
    _sigmoid_into(v, y)
    np.multiply(y, _above_min(x), out=y)


@blockwise(wide=True, compiled=True)
def gelu_fast_d1(x: Array, y: Array) -> None:
    """σ(v) + x·σ′(v)·v′."""
    xc, v, dv, _ = _fast_parts(x)
    d = sigmoid_d1(v)
    d *= dv
    d *= xc
    _sigmoid_into(v, y)
    np.add(y, d, out=y)


def gelu_fast_d2(x: Array) -> Array:
    """σ′(v)(2v′ + x·v″) + x·v′²·σ″(v)."""
    xc, v, dv, d2v = _fast_parts(x)
    y = sigmoid_d1(v) * (2.0 * dv + xc * d2v) + xc * dv * dv * sigmoid_d2(v)
    return _at_inf(x, y, 0.0, 0.0)


GELU_FAST = Record(
    name="gelu_fast",
    summary="transformers' gelu_fast: the GELU tanh approximation with √(2/π) typed as 0.7978845608 "
    "(differs from gelu_new by up to ~1e-11).",
    kind="elementwise",
    aliases=("fast_gelu",),
    formula=Formula("gelu_fast(x) = ½x(1 + tanh u),  u = kx(1 + cx²), k = 0.7978845608, c = 0.044715",
                    r"f(x) = \tfrac{1}{2}x\left(1 + \tanh u\right),\; u = kx(1 + cx^2),\; k = 0.7978845608,\; "
                    r"c = 0.044715"),
    derivative=Formula("gelu_fast′(x) = (1 + tanh u)/2 + x/2·sech²(u)·u′,  u′ = k(1 + 3cx²)",
                       r"f'(x) = \frac{1 + \tanh u}{2} + \frac{x}{2}\operatorname{sech}^2(u)\,u',\; u' = k(1 + 3cx^2)"),
    second=Formula("gelu_fast″(x) = sech²(u)·(u′ − x·tanh(u)·u′² + x·u″/2),  u′ = k(1 + 3cx²), u″ = 6kcx",
                   r"f''(x) = \operatorname{sech}^2(u)\left(u' - x\tanh(u)\,u'^2 + \tfrac{x}{2}u''\right),\; "
                   r"u' = k(1 + 3cx^2),\; u'' = 6kcx"),
    # extremes found with mpmath (40 digits) at the roots of f′ and f″ for k = 0.7978845608
    claims=lambda p: Claims(
        Interval(-0.17004075057183596, INF, True),
        False,
        None,
        Interval(-0.1289930686589378, 1.1289930686589378, True, True),
    ),
    cost="1 tanh, 5 multiply, 2 add",
    init=lambda p: _he(),
    references=(TRANSFORMERS + ": 'gelu_fast' (FastGELUActivation)",
                "Hendrycks & Gimpel (2016), Gaussian Error Linear Units, arXiv:1606.08415"),
    expression=lambda p: "x*(1 + tanh(0.7978845608*x*(1 + 0.044715*x^2)))/2",
    fn=gelu_fast,
    d1=gelu_fast_d1,
    d2=gelu_fast_d2,
)


# --- transformers' gelu_10 ----------------------------------------------------------------------------


_GELU_NONE = {"approximate": "none"}


@blockwise(wide=True, narrow=True, compiled=True)
def gelu_10(x: Array, y: Array, narrow: bool = False) -> None:
    """clip(gelu(x), −10, 10) = min(gelu(x), 10) (gelu ≥ −0.17, so the lower clip never acts); 10
    is a float in every dtype, so the minimum taken before the rounding to x's dtype is the one
    after it."""
    (_gelu_narrow if narrow else _gelu_erf_into)(x, y)
    np.minimum(y, 10.0, out=y)


def _clipped(x: Array) -> Any:
    """Where gelu(x) > 10: there torch.clip passes no gradient; at a tie (x = 10, where gelu rounds
    to 10) it passes it, as PyTorch's clamp backward does. Near 10, 1 − Φ(x) < 1e-22 is far below
    half an ulp of float64, so gelu(x) rounds to x itself in every dtype, and gelu(x) > 10 is
    x > 10 (below 10, gelu(x) ≤ x < 10): no second GELU for the test."""
    return x > 10.0


@blockwise(wide=True, compiled=True)
def gelu_10_d1(x: Array, y: Array) -> None:
    """gelu′(x), 0 where the clip binds (:func:`_clipped`)."""
    _gelu_erf_d1_into(x, y)
    np.copyto(y, 0.0, where=_clipped(x))


def gelu_10_d2(x: Array) -> Array:
    return np.where(_clipped(x), 0.0, gelu_d2(x, approximate="none"))


GELU_10 = Record(
    name="gelu_10",
    summary="transformers' gelu_10 (ClippedGELUActivation(−10, 10)): exact GELU capped at 10, for "
    "quantisation; flat beyond x = 10.",
    kind="elementwise",
    aliases=("clipped_gelu",),
    formula=Formula("gelu_10(x) = clip(x·Φ(x), −10, 10) = min(x·Φ(x), 10)",
                    r"f(x) = \min\left(x\,\Phi(x), 10\right)"),
    derivative=Formula("gelu_10′(x) = Φ(x) + x·φ(x) where x·Φ(x) ≤ 10, else 0;  φ(x) = e^{−x²/2}/√(2π)",
                       r"f'(x) = \begin{cases}\Phi(x) + x\varphi(x) & x\Phi(x) \le 10\\ 0 & \text{otherwise}\end{cases}"
                       r"\quad \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}"),
    second=Formula("gelu_10″(x) = φ(x)(2 − x²) where x·Φ(x) ≤ 10, else 0;  φ(x) = e^{−x²/2}/√(2π)",
                   r"f''(x) = \begin{cases}\varphi(x)(2 - x^2) & x\Phi(x) \le 10\\ 0 & \text{otherwise}\end{cases}"
                   r"\quad \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}"),
    # the cap is reached at x·Φ(x) = 10, x = 10 + 7.6e−23: 10 in float64, where PyTorch's clip
    # passes the gradient (f′ = gelu′(10) = 1 to double precision); below, gelu's own extremes
    claims=lambda p: Claims(
        Interval(GELU.claims(_GELU_NONE).output_range.lo, 10.0, True, True),
        False,
        0,
        GELU.claims(_GELU_NONE).derivative_range,
        kinks=(Kink(10.0, 1.0, 1.0, 0.0),),
        dead_zones=(Interval(10.0, INF),),
    ),
    cost="1 erf, 3 multiply, 1 compare",
    init=lambda p: GELU.init(_GELU_NONE),
    references=(TRANSFORMERS + ": 'gelu_10' (ClippedGELUActivation with min −10, max 10)",
                "Wu, Judd, Zhang, Isaev & Micikevicius (2020), Integer Quantization for Deep Learning Inference: "
                "Principles and Empirical Evaluation, arXiv:2004.09602 (cited by transformers for the clip)"),
    fn=gelu_10,
    d1=gelu_10_d1,
    d2=gelu_10_d2,
)


# --- MEGA's laplace ----------------------------------------------------------------------------------


_INV_SQRT_2PI = 0.3989422804014327  # 1/√(2π)


def _ndtr_into(t: Array, out: Array) -> None:
    from scipy.special import ndtr  # lazy: scipy is only needed here and by the GELU family

    ndtr(t, out=out)


def _standard(x: Array, mu: float, sigma: float) -> Array:
    return np.divide(np.subtract(x, mu), sigma)


@blockwise(wide=True, compiled=True)
def laplace(x: Array, y: Array, mu: float, sigma: float) -> None:
    _ndtr_into(_standard(x, mu, sigma), y)


def _pdf(t: Array) -> tuple[Array, Array]:
    tc = np.clip(t, -1e3, 1e3)  # φ is 0 beyond |t| = 39 already; keeps t² and t·φ finite
    return tc, _INV_SQRT_2PI * np.exp(-0.5 * tc * tc)


@blockwise(wide=True, compiled=True)
def laplace_d1(x: Array, y: Array, mu: float, sigma: float) -> None:
    _, phi = _pdf(_standard(x, mu, sigma))
    np.divide(phi, sigma, out=y)


def laplace_d2(x: Array, mu: float, sigma: float) -> Array:
    tc, phi = _pdf(_standard(x, mu, sigma))
    return _nan_where_nan(x, -tc * phi / sigma / sigma)


def _laplace_claims(p: Params) -> Claims:
    peak = 1.0 / (_f(p, "sigma") * math.sqrt(2.0 * math.pi))  # f′(μ) = φ(0)/σ
    return Claims(Interval(0, 1), True, None, Interval(0, peak, False, True))


LAPLACE = Record(
    name="laplace",
    summary="MEGA's 'laplace' attention gate ½(1 + erf((x − μ)/(σ√2))) = Φ((x − μ)/σ), a Gaussian CDF: "
    "with μ ≈ 1/√2, σ ≈ 1/(2√π) it matches max(0, x)² at x = 1/√2 to 6 digits (value ½, slope √2).",
    kind="elementwise",
    params=(
        Param("mu", 0.707107, "centre μ (f(μ) = ½)", "transformers LaplaceActivation.forward default 0.707107 (≈ 1/√2)"),
        Param("sigma", 0.282095, "width σ", "transformers LaplaceActivation.forward default 0.282095 (≈ 1/(2√π))",
              lo=0.0),
    ),
    formula=Formula("laplace(x) = ½(1 + erf((x − μ)/(σ√2))) = Φ((x − μ)/σ)",
                    r"f(x) = \tfrac{1}{2}\left(1 + \operatorname{erf}\frac{x - \mu}{\sigma\sqrt{2}}\right)"),
    derivative=Formula("laplace′(x) = φ(t)/σ,  t = (x − μ)/σ, φ(t) = e^{−t²/2}/√(2π)",
                       r"f'(x) = \frac{\varphi(t)}{\sigma},\; t = \frac{x - \mu}{\sigma},\; "
                       r"\varphi(t) = \frac{e^{-t^2/2}}{\sqrt{2\pi}}"),
    second=Formula("laplace″(x) = −t·φ(t)/σ²,  t = (x − μ)/σ, φ(t) = e^{−t²/2}/√(2π)",
                   r"f''(x) = -\frac{t\,\varphi(t)}{\sigma^2},\; t = \frac{x - \mu}{\sigma},\; "
                   r"\varphi(t) = \frac{e^{-t^2/2}}{\sqrt{2\pi}}"),
    claims=_laplace_claims,
    cost="1 erfc, 1 subtract, 1 divide",
    init=lambda p: _xavier("bounded in (0, 1): the Xavier (Glorot) family"),
    references=(TRANSFORMERS + ": 'laplace' (LaplaceActivation)",
                "Ma et al. (2022), Mega: Moving Average Equipped Gated Attention, arXiv:2209.10655"),
    fn=laplace,
    d1=laplace_d1,
    d2=laplace_d2,
)

