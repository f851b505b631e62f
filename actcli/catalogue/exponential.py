"""The exponential-linear family (elu, selu, celu) and the plain exponential."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import (
    TORCH,
    _blend,
    _f,
    _he,
    _nan_where_nan,
    _power_of_two,
    _static,
    _step,
    _xavier,
    blockwise,
)
from actcli.core.record import INF, Claims, Formula, Init, Interval, Kink, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def _expm1_left(x: Array, y: Array, scale: float, div: float = 1.0) -> None:
    """y = max(x, 0) + scale·expm1(min(x, 0)/div): x for x > 0 (plus an exact 0), the
    exponential branch for x ≤ 0, one formula for both (ELU, SELU and CELU)."""
    np.minimum(x, 0.0, out=y)
    if div != 1.0:
        np.divide(y, div, out=y)
    np.expm1(y, out=y)
    if scale != 1.0:
        np.multiply(y, scale, out=y)
    np.add(y, np.maximum(x, 0.0), out=y)


def _exp_left(x: Array, y: Array, right: float, scale: float, div: float = 1.0) -> None:
    """y = right for x > 0, scale·e^{x/div} for x ≤ 0 (NaN at NaN): the derivatives of the above."""
    np.minimum(x, 0.0, out=y)
    if div != 1.0:
        np.divide(y, div, out=y)
    np.exp(y, out=y)
    if scale != 1.0:
        np.multiply(y, scale, out=y)
    if scale != right:
        m = np.empty_like(x)
        _step(x, m)
        _blend(y, m, right)


@blockwise
def elu(x: Array, y: Array, alpha: float) -> None:
    _expm1_left(x, y, alpha)


@blockwise
def elu_d1(x: Array, y: Array, alpha: float) -> None:
    """1 for x > 0, else α·eˣ: elu′(0) = α as in PyTorch (x ≤ 0 branch)."""
    _exp_left(x, y, 1.0, alpha)


def elu_d2(x: Array, alpha: float) -> Array:
    """α·eˣ for x < 0, else 0: elu″(0) = 0 as PyTorch's double backward."""
    return _nan_where_nan(x, np.where(x < 0, alpha * np.exp(x), 0.0))


SELU_ALPHA = 1.6732632423543772848170429916717


SELU_SCALE = 1.0507009873554804934193349852946


# λα rounded once from the exact product (1.75809934084737686…); PyTorch multiplies the two rounded
# constants and gets 1.7580993408473766, one ulp lower.
SELU_SCALE_ALPHA = 1.7580993408473768


@blockwise
def selu(x: Array, y: Array) -> None:
    """λ·max(x, 0) + λα·expm1(min(x, 0))."""
    np.minimum(x, 0.0, out=y)
    np.expm1(y, out=y)
    np.multiply(y, SELU_SCALE_ALPHA, out=y)
    right = np.maximum(x, 0.0)
    np.multiply(right, SELU_SCALE, out=right)
    np.add(y, right, out=y)


@blockwise
def selu_d1(x: Array, y: Array) -> None:
    _exp_left(x, y, SELU_SCALE, SELU_SCALE_ALPHA)


def selu_d2(x: Array) -> Array:
    return _nan_where_nan(x, np.where(x < 0, SELU_SCALE_ALPHA * np.exp(x), 0.0))


@blockwise(wide=lambda alpha: not _power_of_two(alpha))  # x/α rounded in float32 costs ~|x/α|/2 ulp in e^{x/α}
def celu(x: Array, y: Array, alpha: float) -> None:
    _expm1_left(x, y, alpha, alpha)


@blockwise(wide=lambda alpha: not _power_of_two(alpha))
def celu_d1(x: Array, y: Array, alpha: float) -> None:
    _exp_left(x, y, 1.0, 1.0, alpha)


def celu_d2(x: Array, alpha: float) -> Array:
    return _nan_where_nan(x, np.where(x < 0, np.exp(x / alpha) / alpha, 0.0))


@blockwise
def exponential(x: Array, y: Array) -> None:
    np.exp(x, out=y)


exponential_d1 = exponential


exponential_d2 = exponential


def _elu_claims(p: Params) -> Claims:
    a = _f(p, "alpha")
    if a == 1.0:  # f′ is continuous (1 from both sides) but f″ jumps from 1 to 0
        return Claims(Interval(-a, INF), True, 1, Interval(0, 1, False, True), d2_kinks=(0.0,))
    return Claims(
        Interval(-a, INF),
        True,
        0,
        Interval(0, max(1.0, a), False, True),
        kinks=(Kink(0.0, a, a, 1.0),),
    )


ELU = Record(
    name="elu",
    summary="Exponential linear unit: identity for x > 0, α(eˣ − 1) below; smooth negatives.",
    kind="elementwise",
    params=(Param("alpha", 1.0, "saturation value −α for x → −∞", "PyTorch, jax and Keras default 1.0", lo=0.0),),
    formula=Formula("elu(x) = x if x > 0 else α(eˣ − 1)", r"\mathrm{elu}(x) = \begin{cases}x & x > 0\\ \alpha(e^{x} - 1) & x \le 0\end{cases}"),
    derivative=Formula("elu′(x) = 1 if x > 0 else α·eˣ", r"\mathrm{elu}'(x) = \begin{cases}1 & x > 0\\ \alpha e^{x} & x \le 0\end{cases}"),
    second=Formula("elu″(x) = 0 if x > 0 else α·eˣ (0 used at x = 0)", r"\mathrm{elu}''(x) = \begin{cases}0 & x \ge 0\\ \alpha e^{x} & x < 0\end{cases}"),
    claims=_elu_claims,
    cost="1 compare, 1 expm1, 1 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Clevert, Unterthiner & Hochreiter (2016), arXiv:1511.07289"),
    expression=lambda p: "max(x, 0) + min(0, alpha*expm1(x))",
    fn=elu,
    d1=elu_d1,
    d2=elu_d2,
)


_LA = SELU_SCALE_ALPHA  # λα = 1.75809934084737686… rounded to nearest


SELU = Record(
    name="selu",
    summary="Scaled ELU with fixed λ, α that make deep MLPs self-normalising.",
    kind="elementwise",
    formula=Formula(
        "selu(x) = λ·x if x > 0 else λα(eˣ − 1)   (λ ≈ 1.0507, α ≈ 1.6733)",
        r"\mathrm{selu}(x) = \lambda\begin{cases}x & x > 0\\ \alpha(e^{x} - 1) & x \le 0\end{cases}",
    ),
    derivative=Formula("selu′(x) = λ if x > 0 else λα·eˣ", r"\mathrm{selu}'(x) = \lambda\begin{cases}1 & x > 0\\ \alpha e^{x} & x \le 0\end{cases}"),
    second=Formula("selu″(x) = 0 if x > 0 else λα·eˣ (0 used at x = 0)", r"\mathrm{selu}''(x) = \begin{cases}0 & x \ge 0\\ \lambda\alpha e^{x} & x < 0\end{cases}"),
    claims=_static(
        Claims(
            Interval(-_LA, INF),
            True,
            0,
            Interval(0, _LA, False, True),
            kinks=(Kink(0.0, _LA, _LA, SELU_SCALE),),
        )
    ),
    cost="1 compare, 1 expm1, 2 multiply",
    init=lambda p: Init(
        "lecun",
        0.75,
        "the SELU paper's LeCun normal needs Var w = 1/fan_in (gain 1) for self-normalisation; "
        "torch's calculate_gain('selu') = 3/4 deliberately trades that for stabler training",
        fixed_gain=1.0,
    ),
    references=(TORCH, "Klambauer et al. (2017), Self-Normalizing Neural Networks, arXiv:1706.02515"),
    expression=lambda p: "1.0507009873554804934193349852946*(max(x, 0) + min(0, 1.6732632423543772848170429916717*expm1(x)))",
    fn=selu,
    d1=selu_d1,
    d2=selu_d2,
)


CELU = Record(
    name="celu",
    summary="Continuously differentiable ELU: max(0, x) + min(0, α(e^{x/α} − 1)).",
    kind="elementwise",
    params=(Param("alpha", 1.0, "saturation value −α for x → −∞", "PyTorch and jax default 1.0", lo=0.0),),
    formula=Formula("celu(x) = max(0, x) + min(0, α(e^{x/α} − 1))", r"\mathrm{celu}(x) = \max(0, x) + \min\!\left(0, \alpha\left(e^{x/\alpha} - 1\right)\right)"),
    derivative=Formula("celu′(x) = 1 if x > 0 else e^{x/α}", r"\mathrm{celu}'(x) = \begin{cases}1 & x > 0\\ e^{x/\alpha} & x \le 0\end{cases}"),
    second=Formula("celu″(x) = 0 if x > 0 else e^{x/α}/α (0 used at x = 0)", r"\mathrm{celu}''(x) = \begin{cases}0 & x \ge 0\\ e^{x/\alpha}/\alpha & x < 0\end{cases}"),
    claims=lambda p: Claims(
        Interval(-_f(p, "alpha"), INF), True, 1, Interval(0, 1, False, True), d2_kinks=(0.0,)
    ),
    cost="1 compare, 1 divide, 1 expm1, 1 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Barron (2017), Continuously Differentiable Exponential Linear Units, arXiv:1704.07483"),
    expression=lambda p: "max(x, 0) + min(0, alpha*expm1(x/alpha))",
    fn=celu,
    d1=celu_d1,
    d2=celu_d2,
)


EXPONENTIAL = Record(
    name="exponential",
    summary="eˣ (Keras 'exponential'); unbounded gradient, use with care.",
    kind="elementwise",
    aliases=("exp",),
    formula=Formula("exponential(x) = eˣ", r"f(x) = e^{x}"),
    derivative=Formula("exponential′(x) = eˣ", r"f'(x) = e^{x}"),
    second=Formula("exponential″(x) = eˣ", r"f''(x) = e^{x}"),
    claims=_static(Claims(Interval(0, INF), True, None, Interval(0, INF))),
    cost="1 exp",
    init=lambda p: _xavier("positive output: Xavier (Glorot) with small weights"),
    references=("Keras activations docs, https://keras.io/api/layers/activations/",),
    expression=lambda p: "exp(x)",
    fn=exponential,
    d1=exponential_d1,
    d2=exponential_d2,
)
