"""Soft exponential (Godfrey & Gashler 2015): one learned α moves f from the logarithm (α < 0)
through the identity (α = 0) to the exponential (α > 0).

Only α ≥ 0 is offered: for α < 0 the logarithmic branch −ln(1 − α(x + α))/α is real only for
x > 1/α − α, and every property actcli states is one of all of ℝ.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import REAL, _f, _he
from actcli.catalogue.periodic import _product
from actcli.catalogue.rectifiers import identity_d1
from actcli.core.record import INF, Claims, Formula, Interval, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def _exp_parts(x: Array, alpha: float) -> tuple[Array, Array]:
    """expm1(αx) and e^{αx}, with αx = p + e never rounded (expm1(p + e) = expm1(p) + e·eᵖ)."""
    w = x.astype(np.float64, copy=False)
    with np.errstate(over="ignore", invalid="ignore"):
        p, e = _product(alpha, w)
        e = np.where(np.isfinite(e) & (np.abs(w) > 1e-280), e, 0.0)
        ep = np.exp(p)
        return np.where(e == 0, np.expm1(p), np.expm1(p) + e * ep), np.where(e == 0, ep, ep + e * ep)


def _back(x: Array, y: Array) -> Array:
    return np.where(np.isnan(x), np.nan, y).astype(x.dtype, copy=False)


def soft_exponential(x: Array, alpha: float) -> Array:
    if alpha == 0.0:
        return x.copy()
    m, _ = _exp_parts(x, alpha)
    return _back(x, m / alpha + alpha)


def soft_exponential_d1(x: Array, alpha: float) -> Array:
    if alpha == 0.0:  # the identity's 1, NaN at NaN
        result: Array = identity_d1(x)
        return result
    _, ex = _exp_parts(x, alpha)
    return _back(x, ex)


def soft_exponential_d2(x: Array, alpha: float) -> Array:
    if alpha == 0.0:
        return _back(x, np.zeros(x.shape))
    _, ex = _exp_parts(x, alpha)
    return _back(x, alpha * ex)


def soft_exponential_dalpha(x: Array, alpha: float) -> Array:
    """∂f/∂α = (αx·e^{αx} − expm1(αx))/α² + 1; at α = 0 its limit 1 + x²/2 (the same from α < 0)."""
    w = x.astype(np.float64, copy=False)
    if alpha == 0.0:
        return _back(x, 1.0 + 0.5 * w * w)
    m, ex = _exp_parts(x, alpha)
    with np.errstate(invalid="ignore", over="ignore"):
        t = alpha * w
        # αx·e^{αx} − expm1(αx) = (αx − 1)·e^{αx} + 1: the second form once αx > 1 (no inf − inf)
        top = np.where(t > 1.0, (t - 1.0) * ex + 1.0, t * ex - m)
        # for |αx| < ½ the difference cancels to (αx)²/2 + …: x²·Σ (k + 1)(αx)^k/(k + 2)! instead
        series = np.zeros_like(t)
        for k in range(_SERIES_TERMS - 1, -1, -1):
            series = series * t + (k + 1) / math.factorial(k + 2)
        return _back(x, np.where(np.abs(t) < 0.5, w * w * series, top / (alpha * alpha)) + 1.0)


#: terms of the series of (t·eᵗ − expm1 t)/t² used for |t| < ½: the next is below 1e-22 of the first
_SERIES_TERMS = 18


def _claims(p: Params) -> Claims:
    a = _f(p, "alpha")
    if a == 0.0:
        return Claims(REAL, True, None, Interval(1, 1, True, True), nonlinear=False)
    # expm1(αx)/α + α falls to α − 1/α as x → −∞; f′ = e^{αx} runs over (0, ∞)
    return Claims(Interval(a - 1.0 / a, INF), True, None, Interval(0, INF))


SOFT_EXPONENTIAL = Record(
    name="soft_exponential",
    summary="Soft exponential: (e^{αx} − 1)/α + α for α > 0, the identity at α = 0, with α learned (its "
    "logarithmic branch α < 0 is not offered: it is real only for x > 1/α − α).",
    kind="elementwise",
    aliases=("softexponential", "soft_exp"),
    params=(Param("alpha", 0.0, "α, learned with the network (α ≥ 0 here)", "Godfrey & Gashler (2015) learn α; "
                  "the common PyTorch implementations start at α = 0, the identity", lo=0.0, lo_closed=True,
                  learnable=True),),
    formula=Formula("soft_exponential(x) = x if α = 0;  (e^{αx} − 1)/α + α if α > 0",
                    r"f(x) = \begin{cases}x & \alpha = 0\\ \frac{e^{\alpha x} - 1}{\alpha} + \alpha & \alpha > 0\end{cases}"),
    derivative=Formula("soft_exponential′(x) = e^{αx} (α ≥ 0);   ∂f/∂α = (αx·e^{αx} − e^{αx} + 1)/α² + 1 "
                       "(1 + x²/2 at α = 0)",
                       r"f'(x) = e^{\alpha x},\quad \frac{\partial f}{\partial \alpha} = \begin{cases}"
                       r"\frac{\alpha x e^{\alpha x} - e^{\alpha x} + 1}{\alpha^2} + 1 & \alpha > 0\\ "
                       r"1 + \frac{x^2}{2} & \alpha = 0\end{cases}"),
    second=Formula("soft_exponential″(x) = α·e^{αx}", r"f''(x) = \alpha e^{\alpha x}"),
    claims=_claims,
    cost="1 expm1, 1 exp, 1 divide, 1 add (plus an exact product)",
    init=lambda p: _he("unbounded above: the He (Kaiming) family"),
    references=("Godfrey & Gashler (2015), A continuum among logarithmic, linear, and exponential functions, and "
                "its potential to improve generalization in neural networks, arXiv:1602.01321",),
    expression=lambda p: "x" if _f(p, "alpha") == 0.0 else "expm1(alpha*x)/alpha + alpha",
    fn=soft_exponential,
    d1=soft_exponential_d1,
    d2=soft_exponential_d2,
    param_grads=(("alpha", soft_exponential_dalpha),),
)


