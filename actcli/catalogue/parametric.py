"""Rectifiers with a parameter for the negative side: prelu (learnable slope) and rrelu (random slope
in training, its mean at evaluation)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.catalogue._common import REAL, TORCH, _f, blockwise, zero_d2
from actcli.catalogue.rectifiers import leaky_relu_d1, relu
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


def _slope(x: Array, a: float) -> Array:
    # a = 0 is relu: a·min(x, 0) would give 0·(−inf) = NaN at −inf
    return relu(x) if a == 0.0 else _slope_into(x, a=a)


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
    formula=Formula("prelu(x) = max(0, x) + a·min(0, x)   (a learned; 0.25 initially)",
                    r"\mathrm{prelu}(x) = \max(0, x) + a\,\min(0, x)"),
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
    formula=Formula("rrelu(x) = x if x > 0 else a·x,  a = (l + u)/2 at evaluation (a ~ U(l, u) in training)",
                    r"\mathrm{rrelu}(x) = \begin{cases}x & x > 0\\ \frac{l + u}{2}\,x & x \le 0\end{cases}"),
    derivative=Formula("rrelu′(x) = 1 if x > 0 else (l + u)/2",
                       r"\mathrm{rrelu}'(x) = \begin{cases}1 & x > 0\\ \frac{l + u}{2} & x \le 0\end{cases}"),
    second=Formula("rrelu″(x) = 0 (x ≠ 0)", r"\mathrm{rrelu}''(x) = 0 \quad (x \neq 0)"),
    claims=lambda p: _slope_claims(_rrelu_slope(p)),
    cost="1 compare, 1 multiply",
    init=lambda p: Init(
        "he",
        math.sqrt(2.0 / (1.0 + _rrelu_slope(p) ** 2)),
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
