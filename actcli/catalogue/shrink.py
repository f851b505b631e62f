"""Shrinkage functions: tanhshrink, softshrink, hardshrink."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import REAL, TORCH, _f, _outside, _static, _xavier, blockwise, inexact32, zero_d2
from actcli.catalogue.sigmoidal import sech2
from actcli.core.record import INF, Claims, Formula, Interval, Kink, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


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


#: below this |x|, x − tanh x is its series: in float64, tanh's rounding (ε·|x|) is up to 3ε/x² of
#: x − tanh x ≈ x³/3, 1.5e-14 at 0.15 (float64's result); 5.5e-9, a tenth of float32's half ulp,
#: at 2⁻¹² (a result rounded to float32 or narrower)
_SERIES_BELOW = 0.15
_SERIES_BELOW_NARROW = 2.0**-12


@blockwise(wide=True, narrow=True, compiled=True)  # x − tanh x cancels in float32 below |x| ≈ 2
def tanhshrink(x: Array, y: Array, narrow: bool = False) -> None:
    """x − tanh x in float64 (a float32 block is widened and the result rounded once), odd to the
    last bit as numpy's tanh is. Below |x| = 0.15 (2⁻¹² for a result rounded to float32), where
    x − tanh x ≈ x³/3 cancels, it is its series, gathered by index (a few % of 3·N(0, 1) at 0.15;
    for float32 the search is skipped for a block whose smallest |x| is above the bound): the terms
    fall by (2x/π)² < 0.01 each, and 9 of them leave < 1e-18 of the value."""
    np.tanh(x, out=y)
    np.subtract(x, y, out=y)
    a = np.abs(x)
    bound = _SERIES_BELOW_NARROW if narrow else _SERIES_BELOW
    if narrow and not (a.size and np.fmin.reduce(a, axis=None) < bound):  # fmin: a NaN does not hide the rest
        return
    idx = np.flatnonzero(np.less(a, bound))
    if not idx.size:
        return
    xs = x.take(idx)
    sq = xs * xs
    acc = np.zeros_like(xs)
    for c in reversed(_tanh_series()[:9]):
        acc *= sq
        acc += c
    acc *= sq
    acc *= xs
    y.put(idx, acc)


@blockwise(wide=True, compiled=True)  # in float32, numpy's tanh (1.2 ulp) squared and rounded reaches 3.0 ulp
def tanhshrink_d1(x: Array, y: Array) -> None:
    np.tanh(x, out=y)
    np.multiply(y, y, out=y)


def tanhshrink_d2(x: Array) -> Array:
    return 2.0 * np.tanh(x) * sech2(x)


@blockwise(wide=lambda lambd: inexact32(lambd), compiled=True)  # a rounded λ moves the band
def softshrink(x: Array, y: Array, lambd: float) -> None:
    """x − clip(x, −λ, λ): x − λ above λ, x + λ below −λ, 0 between."""
    np.clip(x, -lambd, lambd, out=y)
    np.subtract(x, y, out=y)


@blockwise(wide=lambda lambd: inexact32(lambd), compiled=True)  # a rounded λ moves the band
def softshrink_d1(x: Array, y: Array, lambd: float) -> None:
    _outside(x, lambd, y)


@blockwise(wide=lambda lambd: inexact32(lambd), compiled=True)  # a rounded λ moves the band
def hardshrink(x: Array, y: Array, lambd: float) -> None:
    """x·[|x| > λ]: x outside the band, a signed 0 inside it (NaN stays NaN: NaN·0). The mask is
    written as 1.0/0.0 by the comparison itself (a bool mask times a float costs a casting pass)."""
    np.abs(x, out=y)
    np.greater(y, lambd, out=y, casting="unsafe")
    np.multiply(x, y, out=y)


hardshrink_d1 = softshrink_d1


TANHSHRINK = Record(
    name="tanhshrink",
    summary="x − tanh(x): near-zero response around 0, linear in the tails.",
    kind="elementwise",
    aliases=("tanh_shrink",),
    formula=Formula("tanhshrink(x) = x − tanh(x)", r"\mathrm{tanhshrink}(x) = x - \tanh x"),
    derivative=Formula("tanhshrink′(x) = tanh²(x)", r"\mathrm{tanhshrink}'(x) = \tanh^2 x"),
    second=Formula("tanhshrink″(x) = 2·tanh(x)·sech²(x)", r"\mathrm{tanhshrink}''(x) = 2\tanh x\operatorname{sech}^2 x"),
    claims=_static(Claims(REAL, True, None, Interval(0, 1, True, False))),
    cost="1 tanh, 1 subtract",
    init=lambda p: _xavier("odd: Xavier (Glorot)"),
    references=(TORCH,),
    expression=lambda p: "x - tanh(x)",
    fn=tanhshrink,
    d1=tanhshrink_d1,
    d2=tanhshrink_d2,
)


def _shrink_claims(p: Params, *, soft: bool) -> Claims:
    lam = _f(p, "lambd")
    if soft:
        kinks = (Kink(-lam, 0.0, 1.0, 0.0), Kink(lam, 0.0, 0.0, 1.0))
    else:
        kinks = (
            Kink(-lam, 0.0, 1.0, 0.0, continuous=False),
            Kink(lam, 0.0, 0.0, 1.0, continuous=False),
        )
    # hardshrink skips (−λ, λ) \ {0}: its values are (−∞, −λ) ∪ {0} ∪ (λ, ∞) (all of ℝ when λ = 0)
    gaps = () if soft or lam == 0 else (Interval(-INF, -lam), Interval(0, 0, True, True), Interval(lam, INF))
    return Claims(
        REAL,
        True,
        0 if soft else -1,
        Interval(0, 1, True, True),
        kinks=kinks,
        dead_zones=(Interval(-lam, lam),),
        output_set=gaps,
    )


_LAMBD = Param("lambd", 0.5, "half-width of the zeroed band [−λ, λ]", "PyTorch default 0.5", lo=0.0)


SOFTSHRINK = Record(
    name="softshrink",
    summary="Soft thresholding: shrinks x towards 0 by λ, zero inside [−λ, λ].",
    kind="elementwise",
    aliases=("soft_shrink",),
    params=(_LAMBD,),
    formula=Formula("softshrink(x) = x − λ if x > λ; x + λ if x < −λ; else 0", r"\mathrm{softshrink}(x) = \begin{cases}x - \lambda & x > \lambda\\ x + \lambda & x < -\lambda\\ 0 & \text{otherwise}\end{cases}"),
    derivative=Formula("softshrink′(x) = 1 if |x| > λ else 0", r"\mathrm{softshrink}'(x) = \begin{cases}1 & |x| > \lambda\\ 0 & |x| \le \lambda\end{cases}"),
    second=Formula("softshrink″(x) = 0 (x ≠ ±λ)", r"\mathrm{softshrink}''(x) = 0 \quad (x \neq \pm\lambda)"),
    claims=lambda p: _shrink_claims(p, soft=True),
    cost="2 compare, 1 add",
    init=lambda p: _xavier("odd: Xavier (Glorot)"),
    references=(TORCH,),
    expression=lambda p: "max(x - lambd, 0) + min(x + lambd, 0)",
    fn=softshrink,
    d1=softshrink_d1,
    d2=zero_d2,
)


HARDSHRINK = Record(
    name="hardshrink",
    summary="Hard thresholding: x where |x| > λ, else 0 (discontinuous at ±λ).",
    kind="elementwise",
    aliases=("hard_shrink",),
    params=(_LAMBD,),
    formula=Formula("hardshrink(x) = x if |x| > λ else 0", r"\mathrm{hardshrink}(x) = \begin{cases}x & |x| > \lambda\\ 0 & |x| \le \lambda\end{cases}"),
    derivative=Formula("hardshrink′(x) = 1 if |x| > λ else 0", r"\mathrm{hardshrink}'(x) = \begin{cases}1 & |x| > \lambda\\ 0 & |x| \le \lambda\end{cases}"),
    second=Formula("hardshrink″(x) = 0 (x ≠ ±λ)", r"\mathrm{hardshrink}''(x) = 0 \quad (x \neq \pm\lambda)"),
    claims=lambda p: _shrink_claims(p, soft=False),
    cost="2 compare",
    init=lambda p: _xavier("odd: Xavier (Glorot)"),
    references=(TORCH,),
    fn=hardshrink,
    d1=hardshrink_d1,
    d2=zero_d2,
)
