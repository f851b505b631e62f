"""Rectifiers with learned or random parameters: prelu (learnable slope), rrelu (random slope in
training, its mean at evaluation) and xielu (learnable curvatures on both sides)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.catalogue._common import REAL, TORCH, _f, _he, blockwise, per_block, zero_d2
from actcli.catalogue.rectifiers import leaky_relu, leaky_relu_d1, relu
from actcli.core.record import INF, Claims, Formula, Init, Interval, Kink, Param, Params, Record
from actcli.errors import ParameterError, num

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


@blockwise
def _slope_into(x: Array, y: Array, a: float) -> None:
    """max(x, 0) + a·min(x, 0): x for x > 0, a·x below (any real a; a ≠ 0)."""
    np.minimum(x, 0.0, out=y)
    np.multiply(y, a, out=y)
    np.add(y, np.maximum(x, 0.0), out=y)


@blockwise
def _steeper_into(x: Array, y: Array, a: float) -> None:
    """min(x, a·x): x for x > 0, a·x below, for a ≥ 1 (two passes, as leaky_relu's max(x, a·x))."""
    np.multiply(x, a, out=y)
    np.minimum(y, x, out=y)


def _slope(x: Array, a: float) -> Array:
    # a = 0 is relu: a·min(x, 0) would give 0·(−inf) = NaN at −inf; for 0 < a ≤ 1 the slope is
    # leaky_relu's max(x, a·x), for a > 1 min(x, a·x): two passes where the sum of parts takes four
    if a == 0.0:
        return relu(x)
    if 0.0 < a <= 1.0:
        result: Array = leaky_relu(x, negative_slope=a)
        return result
    if a > 1.0:
        return _steeper_into(x, a=a)
    return _slope_into(x, a=a)


def _slope_claims(a: float) -> Claims:
    """Claims of x ↦ x (x > 0), a·x (x ≤ 0) for any real a; f′(0) = a, as PyTorch's prelu and
    leaky_relu backward (x > 0 ? 1 : a)."""
    if a == 1.0:
        return Claims(REAL, True, None, Interval(1, 1, True, True), nonlinear=False)
    kink = Kink(0.0, a, a, 1.0)
    if a > 0:
        return Claims(REAL, True, 0, Interval(min(a, 1.0), max(a, 1.0), True, True), kinks=(kink,))
    if a == 0:
        return Claims(Interval(0, INF, True), True, 0, Interval(0, 1, True, True), kinks=(kink,),
                      dead_zones=(Interval(-INF, 0),))
    # a < 0: |a|·|x| on the left, so f ≥ 0 with its minimum 0 at x = 0
    return Claims(Interval(0, INF, True), False, 0, Interval(a, 1, True, True), kinks=(kink,))


def prelu(x: Array, weight: float) -> Array:
    return _slope(x, weight)


def prelu_d1(x: Array, weight: float) -> Array:
    """1 for x > 0, else a: prelu′(0) = a as PyTorch's prelu backward."""
    result: Array = leaky_relu_d1(x, negative_slope=weight)
    return result


def prelu_d2(x: Array, weight: float) -> Array:
    return zero_d2(x)


def prelu_dweight(x: Array, weight: float) -> Array:
    """∂f/∂a = min(x, 0) (0 at x = 0, as PyTorch's weight gradient: x > 0 ? 0 : x)."""
    return np.minimum(x, 0.0)


PRELU = Record(
    name="prelu",
    summary="Parametric ReLU: x for x > 0, a·x below, with the slope a learned (one per layer or channel).",
    kind="elementwise",
    aliases=("parametric_relu",),
    params=(
        Param(
            "weight",
            0.25,
            "slope a for x ≤ 0, learned with the network",
            "PyTorch nn.PReLU(init=0.25) and He et al. (2015) initialise a = 0.25",
            learnable=True,
        ),
    ),
    formula=Formula("prelu(x) = max(0, x) + a·min(0, x)   (a = weight, learned; 0.25 by default)",
                    r"\mathrm{prelu}(x) = \max(0, x) + a\,\min(0, x) \quad (a = \text{weight})"),
    derivative=Formula("prelu′(x) = 1 if x > 0 else a;   ∂prelu/∂a = min(0, x)",
                       r"\mathrm{prelu}'(x) = \begin{cases}1 & x > 0\\ a & x \le 0\end{cases},\quad \frac{\partial\,\mathrm{prelu}}{\partial a} = \min(0, x)"),
    second=Formula("prelu″(x) = 0 (x ≠ 0)", r"\mathrm{prelu}''(x) = 0 \quad (x \neq 0)"),
    claims=lambda p: _slope_claims(_f(p, "weight")),
    cost="1 compare, 1 multiply",
    init=lambda p: Init(
        "he",
        None,
        "He et al. (2015) derive Var w = 2/((1 + a²)·fan_in) for PReLU; torch's calculate_gain has no "
        "'prelu' entry (calculate_gain('leaky_relu', a) gives the same √(2/(1 + a²)))",
    ),
    references=(
        TORCH,
        "He, Zhang, Ren & Sun (2015), Delving Deep into Rectifiers, arXiv:1502.01852",
        "transformers activations.py ACT2CLS 'prelu' (nn.PReLU)",
    ),
    expression=lambda p: "max(x, 0) + weight*min(x, 0)",
    fn=prelu,
    d1=prelu_d1,
    d2=prelu_d2,
    param_grads=(("weight", prelu_dweight),),
)


def _rrelu_slope(p: Params) -> float:
    return (_f(p, "lower") + _f(p, "upper")) / 2


def _rrelu_check(p: Params) -> None:
    lo, hi = _f(p, "lower"), _f(p, "upper")
    if not lo <= hi:
        raise ParameterError(f"rrelu: lower ({num(lo)}) must not exceed upper ({num(hi)})")


def rrelu(x: Array, lower: float, upper: float) -> Array:
    return _slope(x, (lower + upper) / 2)


def rrelu_d1(x: Array, lower: float, upper: float) -> Array:
    """1 for x > 0, else (l + u)/2: at 0 the slope, as PyTorch's leaky_relu backward in eval mode."""
    result: Array = leaky_relu_d1(x, negative_slope=(lower + upper) / 2)
    return result


def rrelu_d2(x: Array, **_: Any) -> Array:
    return zero_d2(x)


RRELU = Record(
    name="rrelu",
    summary="Randomized leaky ReLU, evaluation mode: slope (l + u)/2 for x ≤ 0. In training each "
    "element draws its slope from U(l, u) instead; that random function is not what is analysed here.",
    kind="elementwise",
    aliases=("randomized_relu",),
    params=(
        Param("lower", 0.125, "lower end l of the training slope's uniform range", "PyTorch default 1/8",
              lo=0.0, hi=1.0, lo_closed=True, hi_closed=True),
        Param("upper", 1.0 / 3.0, "upper end u of the training slope's uniform range", "PyTorch default 1/3",
              lo=0.0, hi=1.0, lo_closed=True, hi_closed=True),
    ),
    formula=Formula("rrelu(x) = x if x > 0 else a·x,  a = (l + u)/2 at evaluation (a ~ U(l, u) in training)   "
                    "(l = lower, u = upper)",
                    r"\mathrm{rrelu}(x) = \begin{cases}x & x > 0\\ \frac{l + u}{2}\,x & x \le 0\end{cases}"
                    r"\quad (l = \text{lower},\ u = \text{upper})"),
    derivative=Formula("rrelu′(x) = 1 if x > 0 else (l + u)/2",
                       r"\mathrm{rrelu}'(x) = \begin{cases}1 & x > 0\\ \frac{l + u}{2} & x \le 0\end{cases}"),
    second=Formula("rrelu″(x) = 0 (x ≠ 0)", r"\mathrm{rrelu}''(x) = 0 \quad (x \neq 0)"),
    claims=lambda p: _slope_claims(_rrelu_slope(p)),
    cost="1 compare, 1 multiply",
    init=lambda p: Init(
        "he",
        None,
        "He (Kaiming) with the evaluation slope a = (l + u)/2: calculate_gain('leaky_relu', a) = √(2/(1 + a²)); "
        "torch's calculate_gain has no 'rrelu' entry",
    ),
    references=(TORCH, "Xu, Wang, Chen & Li (2015), Empirical Evaluation of Rectified Activations in "
                "Convolutional Network, arXiv:1505.00853"),
    expression=lambda p: "max(x, 0) + (lower + upper)/2*min(x, 0)",
    check=_rrelu_check,
    fn=rrelu,
    d1=rrelu_d1,
    d2=rrelu_d2,
)


# --- xIELU ---------------------------------------------------------------------------------------------


def _xielu_pieces(x: Array, eps: float) -> tuple[Any, Any, Any]:
    """Masks of the three pieces: x > 0, ε < x ≤ 0 (where min(x, ε) = ε), and x < ε."""
    return x > 0, (x > eps) & (x <= 0), x < eps


def _xielu(x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Array:
    """α_p·x² + βx for x > 0, α_n·(expm1(min(x, ε)) − x) + βx for x ≤ 0, the latter as
    α_n·expm1(min(x, ε)) + (β − α_n)·x. Computed in float64: the two terms cancel near f's
    zero below 0, which float32 arithmetic would not survive."""
    x64 = x.astype(np.float64, copy=False)
    right = (alpha_p * x64 + beta) * x64
    left = alpha_n * np.expm1(np.minimum(x64, eps)) + (beta - alpha_n) * x64  # +inf at −inf
    return np.where(x64 > 0, right, left).astype(x.dtype, copy=False)


def _xielu_d1_whole(x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Array:
    return _xielu_d1(x.astype(np.float64, copy=False), alpha_p, alpha_n, beta, eps).astype(x.dtype, copy=False)


xielu = per_block(_xielu)
xielu_d1 = per_block(_xielu_d1_whole)


def _xielu_d1(x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Array:
    """2α_p·x + β (x > 0); β − α_n on (ε, 0]; α_n·expm1(x) + β below ε; at x = ε PyTorch's
    value: torch.min passes half the gradient to each side of a tie, so ½α_n·e^ε − α_n + β."""
    pos, mid, low = _xielu_pieces(x, eps)
    y = np.where(pos, 2.0 * alpha_p * x + beta, np.where(mid, beta - alpha_n, alpha_n * np.expm1(x) + beta))
    at_eps = 0.5 * (alpha_n * (np.expm1(eps) + 1.0)) - alpha_n + beta
    return np.where(x == eps, at_eps, y)


def xielu_d2(x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Array:
    """2α_p (x > 0); 0 on (ε, 0]; α_n·eˣ below ε; at x = ε PyTorch's double backward, α_n·e^ε/4."""
    pos, mid, _ = _xielu_pieces(x, eps)
    y = np.where(pos, 2.0 * alpha_p, np.where(mid, 0.0, alpha_n * np.exp(x)))
    y = np.where(x == eps, 0.25 * alpha_n * np.exp(eps), y)
    return np.where(np.isnan(x), np.nan, y)


def xielu_dalpha_p(x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Array:
    """∂f/∂α_p = x² for x > 0, else 0."""
    return np.where(x > 0, x * x, np.where(np.isnan(x), np.nan, 0.0))


def xielu_dalpha_n(x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Array:
    """∂f/∂α_n = expm1(min(x, ε)) − x for x ≤ 0, else 0."""
    return np.where(x > 0, 0.0, np.expm1(np.minimum(x, eps)) - x)


def _xielu_values(p: Params) -> tuple[float, float, float, float]:
    return _f(p, "alpha_p"), _f(p, "alpha_n"), _f(p, "beta"), _f(p, "eps")


def _xielu_check(p: Params) -> None:
    _, an, b, eps = _xielu_values(p)
    if not an > b:
        raise ParameterError(f"xielu: alpha_n ({num(an)}) must exceed beta ({num(b)})",
                             "xIELU sets alpha_n = beta + softplus(a) > beta")
    if not math.log1p(-b / an) < eps:
        raise ParameterError(f"xielu: the minimum ln(1 - beta/alpha_n) must lie below eps ({num(eps)})")


def _xielu_claims(p: Params) -> Claims:
    _, an, b, eps = _xielu_values(p)
    # below ε, f′ = α_n(eˣ − 1) + β vanishes at eˣ = 1 − β/α_n: f's minimum, −β + (β − α_n)·x*;
    # on (ε, 0] f falls with slope β − α_n < 0 to α_n·expm1(ε) at 0, then jumps up to 0⁺
    x_min = math.log1p(-b / an)
    lowest = min(-b + (b - an) * x_min, an * math.expm1(eps))
    at_eps = 0.5 * (an * (math.expm1(eps) + 1.0)) - an + b
    return Claims(
        Interval(lowest, INF, True),
        False,
        -1,
        Interval(b - an, INF, True),
        kinks=(
            Kink(eps, at_eps, an * math.expm1(eps) + b, b - an),
            Kink(0.0, b - an, b - an, b, continuous=False),
        ),
    )


XIELU = Record(
    name="xielu",
    summary="xIELU (Apertus): α_p·x² + βx for x > 0, α_n(expm1(min(x, ε)) − x) + βx below, with α_p, α_n "
    "learned. With ε = −1e−6 the two halves miss each other at 0 by α_n·expm1(ε) ≈ −8e−7.",
    kind="elementwise",
    params=(
        Param("alpha_p", 0.8, "α_p, the curvature for x > 0, learned", "transformers XIELUActivation "
              "alpha_p_init = 0.8 (stored as softplus⁻¹(0.8))", lo=0.0, learnable=True),
        Param("alpha_n", 0.8, "α_n, the scale of the negative half, learned (> β)", "transformers "
              "XIELUActivation alpha_n_init = 0.8 (stored as softplus⁻¹(0.8 − β), so α_n > β)", lo=0.0,
              learnable=True),
        Param("beta", 0.5, "β, the slope at 0⁺ (fixed)", "the xIELU paper and transformers: 0.5", lo=0.0),
        Param("eps", -1e-6, "ε, where the exponential is cut off (fixed)", "the xIELU paper and transformers: "
              "−1e−6 (transformers stores it in the module's dtype, bfloat16 by default: −9.98e−7)", hi=0.0),
    ),
    formula=Formula("xielu(x) = α_p·x² + βx if x > 0 else α_n·(expm1(min(x, ε)) − x) + βx",
                    r"f(x) = \begin{cases}\alpha_p x^2 + \beta x & x > 0\\ "
                    r"\alpha_n\left(e^{\min(x, \varepsilon)} - 1 - x\right) + \beta x & x \le 0\end{cases}"),
    derivative=Formula("xielu′(x) = 2α_p·x + β (x > 0);  β − α_n (ε < x ≤ 0);  α_n·(½e^ε − 1) + β (x = ε: torch.min halves the "
                       "gradient at a tie);  α_n·(eˣ − 1) + β (x < ε);  "
                       "∂f/∂α_p = x² (x > 0),  ∂f/∂α_n = expm1(min(x, ε)) − x (x ≤ 0)",
                       r"f'(x) = \begin{cases}2\alpha_p x + \beta & x > 0\\ \beta - \alpha_n & \varepsilon < x \le 0\\ "
                       r"\alpha_n\left(\tfrac{1}{2}e^{\varepsilon} - 1\right) + \beta & x = \varepsilon\\ "
                       r"\alpha_n(e^{x} - 1) + \beta & x < \varepsilon\end{cases},\quad "
                       r"\frac{\partial f}{\partial \alpha_p} = x^2\,[x > 0],\ "
                       r"\frac{\partial f}{\partial \alpha_n} = \left(e^{\min(x, \varepsilon)} - 1 - x\right)[x \le 0]"),
    second=Formula("xielu″(x) = 2α_p (x > 0);  0 (ε < x ≤ 0);  α_n·e^ε/4 (x = ε: torch.min's ½, squared);  α_n·eˣ (x < ε)",
                   r"f''(x) = \begin{cases}2\alpha_p & x > 0\\ 0 & \varepsilon < x \le 0\\ "
                   r"\tfrac{1}{4}\alpha_n e^{\varepsilon} & x = \varepsilon\\ \alpha_n e^{x} & x < \varepsilon\end{cases}"),
    claims=_xielu_claims,
    cost="1 compare, 1 expm1, 4 multiply, 2 add",
    init=lambda p: _he("unbounded above (quadratic for x > 0): the He (Kaiming) family"),
    references=("Huang & Schlag (2024), Deriving Activation Functions Using Integration, arXiv:2411.13010",
                "transformers activations.py 'xielu' (XIELUActivation, its Python path)"),
    check=_xielu_check,
    fn=xielu,
    d1=xielu_d1,
    d2=xielu_d2,
    param_grads=(("alpha_p", xielu_dalpha_p), ("alpha_n", xielu_dalpha_n)),
)
