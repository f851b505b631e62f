"""Smooth shapes from the older literature that models still use: the Gaussian (radial-basis
networks), ISRU (inverse square root unit) and the bent identity."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import REAL, _at_inf, _f, _he, _power_of_two, _static, _xavier, blockwise, fast_path
from actcli.core.record import Claims, Formula, Interval, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


_SPLIT = 134217729.0  # 2^27 + 1, Veltkamp's splitter for float64


def _gauss(x: Array) -> tuple[Array, Array, Array]:
    """x clamped to ±40 (where e^{−x²} is 0 in float64), e^{−x²}, and 2x² − 1, the last two with x²
    taken exactly as hi + lo (Dekker), so that e^{−x²} is not off by x²·ε and 2x² − 1 is exact
    near its zeros ±1/√2."""
    xc = np.clip(x, -40.0, 40.0)
    c = _SPLIT * xc
    xh = c - (c - xc)
    xl = xc - xh
    hi = xc * xc
    lo = ((xh * xh - hi) + 2.0 * xh * xl) + xl * xl
    g = np.exp(-hi) * (1.0 - lo)  # e^{−lo} = 1 − lo to within lo² < 1e-28
    q = (2.0 * hi - 1.0) + 2.0 * lo  # 2·hi − 1 is exact near hi = ½ (Sterbenz)
    return xc, g, q


@blockwise(wide=True, compiled=True)
def gaussian(x: Array, y: Array) -> None:
    """e^{−x²} in float64: for float32 x (widened) x² is exact (48 bits); for float64 x its rounding
    moves the exponent by at most x²·2⁻⁵³ ≤ 8.3e-14 where e^{−x²} is not 0 (x² < 745), the
    result's relative error by as much: within the 1e-12 bar without the exact square f″ keeps."""
    with np.errstate(over="ignore"):  # x² = inf far out: e^{−inf} = 0
        np.multiply(x, x, out=y)
    np.negative(y, out=y)
    np.exp(y, out=y)


@blockwise(wide=True, compiled=True)
def gaussian_d1(x: Array, y: Array) -> None:
    """−2x·e^{−x²} with x clamped to ±40 (where e^{−x²} is 0: no inf·0), x² as in f."""
    c = np.clip(x, -40.0, 40.0)
    np.multiply(c, c, out=y)
    np.negative(y, out=y)
    np.exp(y, out=y)
    np.multiply(c, -2.0, out=c)
    np.multiply(y, c, out=y)


def gaussian_d2(x: Array) -> Array:
    _, g, q = _gauss(x)
    return 2.0 * q * g


_GAUSS_SLOPE = 0.8577638849607068  # √2·e^{−1/2}, |f′| at x = ∓1/√2


GAUSSIAN = Record(
    name="gaussian",
    summary="e^{−x²}: the Gaussian bump of radial-basis networks; bounded, not monotonic, peak 1 at 0.",
    kind="elementwise",
    aliases=("gauss",),
    formula=Formula("gaussian(x) = e^{−x²}", r"f(x) = e^{-x^2}"),
    derivative=Formula("gaussian′(x) = −2x·e^{−x²}", r"f'(x) = -2x\,e^{-x^2}"),
    second=Formula("gaussian″(x) = (4x² − 2)·e^{−x²}", r"f''(x) = (4x^2 - 2)\,e^{-x^2}"),
    claims=_static(
        Claims(Interval(0, 1, False, True), False, None, Interval(-_GAUSS_SLOPE, _GAUSS_SLOPE, True, True))
    ),
    cost="1 exp, 2 multiply",
    init=lambda p: _xavier("bounded in (0, 1]: the Xavier (Glorot) family"),
    references=("Broomhead & Lowe (1988), Multivariable Functional Interpolation and Adaptive Networks, "
                "Complex Systems 2",),
    expression=lambda p: "exp(-x^2)",
    fn=gaussian,
    d1=gaussian_d1,
    d2=gaussian_d2,
)


def _isru_parts(x: Array, alpha: float) -> tuple[Array, Array]:
    """(x/h, 1/h) with h = √(1 + αx²) = s·hypot(1/s, x), s = √α: no √α·x to overflow."""
    s = math.sqrt(alpha)
    q = np.hypot(1.0 / s, x)
    if s == 1.0:
        return x / q, 1.0 / q
    return x / q / s, 1.0 / q / s


def _isru_q(x: Array, y: Array, alpha: float) -> None:
    np.multiply(x, x, out=y)
    if alpha != 1.0:
        np.multiply(y, alpha, out=y)
    np.add(y, 1.0, out=y)


def isru_into(x: Array, y: Array, alpha: float) -> None:
    """y = x/√(αx² + 1) in x's dtype: within 3u relative (u the unit roundoff: x², αx² + 1, the
    square root and the quotient each rounded once, the root halving the error before it; α a power
    of two multiplies exactly), so within 3 ulp of float32 for float32 x. Where αx² overflows
    (x = ±inf among them: inf/inf), those elements are taken from hypot in float64."""

    def fast() -> None:
        _isru_q(x, y, alpha)
        np.sqrt(y, out=y)
        np.divide(x, y, out=y)

    if fast_path(fast):
        return
    with np.errstate(over="ignore", invalid="ignore"):
        fast()
        q = np.empty_like(x)
        _isru_q(x, q, alpha)
    far = np.flatnonzero(np.isinf(q))
    w = x[far].astype(np.float64)
    t, _ = _isru_parts(w, alpha)
    bound = 1.0 / math.sqrt(alpha)
    y[far] = _at_inf(w, t, -bound, bound)  # ±inf/inf


def isru_d1_into(x: Array, y: Array, alpha: float) -> None:
    """y = (αx² + 1)^{−3/2} = 1/(q·√q) (computed in float64 by its callers); where q·√q
    overflows, r³ with r = 1/h from hypot (r³ may still be representable there)."""

    def fast() -> None:
        _isru_q(x, y, alpha)
        np.multiply(y, np.sqrt(y), out=y)
        np.divide(1.0, y, out=y)

    if fast_path(fast):
        return
    with np.errstate(over="ignore", invalid="ignore"):
        q = np.empty_like(x)
        _isru_q(x, q, alpha)
        np.multiply(q, np.sqrt(q), out=q)
        np.divide(1.0, q, out=y)
    far = np.flatnonzero(np.isinf(q))
    _, r = _isru_parts(x[far], alpha)
    y[far] = r * r * r


@blockwise(wide=lambda alpha: not _power_of_two(alpha))
def isru(x: Array, y: Array, alpha: float) -> None:
    isru_into(x, y, alpha)


@blockwise(wide=True)
def isru_d1(x: Array, y: Array, alpha: float) -> None:
    """(1 + αx²)^{−3/2} = r³, r = 1/h."""
    isru_d1_into(x, y, alpha)


def isru_d2(x: Array, alpha: float) -> Array:
    """−3αx(1 + αx²)^{−5/2} = −3α·(x/h)·r⁴ (x/h first, so that r⁴ alone never underflows early)."""
    t, r = _isru_parts(x, alpha)
    r2 = r * r
    return _at_inf(x, (-3.0 * alpha) * t * r2 * r2, 0.0, 0.0)


def _isru_claims(p: Params) -> Claims:
    bound = 1.0 / math.sqrt(_f(p, "alpha"))
    return Claims(Interval(-bound, bound), True, None, Interval(0, 1, False, True))


ISRU = Record(
    name="isru",
    summary="Inverse square root unit x/√(1 + αx²): a sigmoid-shaped curve in (−1/√α, 1/√α) with no exp.",
    kind="elementwise",
    params=(Param("alpha", 1.0, "α: the output saturates at ±1/√α", "Carlile et al. (2017) leave α a "
                  "hyperparameter; no library ships a default, 1.0 is chosen here", lo=0.0),),
    formula=Formula("isru(x) = x/√(1 + αx²)", r"f(x) = \frac{x}{\sqrt{1 + \alpha x^2}}"),
    derivative=Formula("isru′(x) = (1 + αx²)^{−3/2}", r"f'(x) = \left(1 + \alpha x^2\right)^{-3/2}"),
    second=Formula("isru″(x) = −3αx·(1 + αx²)^{−5/2}", r"f''(x) = -3\alpha x\left(1 + \alpha x^2\right)^{-5/2}"),
    claims=_isru_claims,
    cost="1 hypot, 1 divide",
    init=lambda p: _xavier("bounded and odd: the Xavier (Glorot) family"),
    references=("Carlile, Delamarter, Kinney, Marti & Whitney (2017), Improving Deep Learning by Inverse "
                "Square Root Linear Units (ISRLUs), arXiv:1710.09967",),
    expression=lambda p: "x/sqrt(1 + alpha*x^2)",
    fn=isru,
    d1=isru_d1,
    d2=isru_d2,
)


def _bent_parts(x: Array) -> tuple[Array, Array]:
    """(x/(h + 1), 1/h) with h = √(x² + 1) = hypot(x, 1): (h − 1)/2 = x·(x/(h + 1))/2 without
    the cancellation of h − 1 near 0 or the overflow of x² far out."""
    h = np.hypot(x, 1.0)
    return x / (h + 1.0), 1.0 / h


@blockwise(wide=True, compiled=True)
def bent_identity(x: Array, y: Array) -> None:
    """x + (√(x² + 1) − 1)/2 = x + x²/(2(h + 1)), h = √(x² + 1): no cancellation in h − 1 near 0,
    and the two terms never cancel (the second is below |x|/2). Where x² overflows (|x| > 1e154
    in float64, ±inf), those elements from hypot."""
    q = np.empty_like(x)

    def fast() -> None:
        np.multiply(x, x, out=q)
        np.add(q, 1.0, out=y)
        np.sqrt(y, out=y)
        np.add(y, 1.0, out=y)
        np.multiply(y, 2.0, out=y)
        np.divide(q, y, out=y)
        np.add(y, x, out=y)

    if fast_path(fast):
        return
    with np.errstate(over="ignore", invalid="ignore"):
        fast()
    far = np.flatnonzero(np.isinf(q))
    w = x[far]
    t, _ = _bent_parts(w)
    y[far] = _at_inf(w, w + 0.5 * w * t, -np.inf, np.inf)  # inf/inf in t


@blockwise(wide=True)
def bent_identity_d1(x: Array, y: Array) -> None:
    """1 + x/(2√(x² + 1)), in (½, 3/2); where x² overflows, 1 ± ½."""
    with np.errstate(over="ignore"):
        np.multiply(x, x, out=y)
    far = np.flatnonzero(np.isinf(y)) if not np.isfinite(y).all() else None
    np.add(y, 1.0, out=y)
    np.sqrt(y, out=y)
    np.multiply(y, 2.0, out=y)
    with np.errstate(invalid="ignore"):  # inf/inf at ±inf: set below
        np.divide(x, y, out=y)
    np.add(y, 1.0, out=y)
    if far is not None:
        y[far] = 1.0 + 0.5 * np.sign(x[far])


def bent_identity_d2(x: Array) -> Array:
    """1/(2(x² + 1)^{3/2}) = r³/2."""
    _, r = _bent_parts(x)
    return 0.5 * r * r * r


BENT_IDENTITY = Record(
    name="bent_identity",
    summary="x + (√(x² + 1) − 1)/2: slope ½ far left, 3/2 far right, smooth and monotonic.",
    kind="elementwise",
    aliases=("bentidentity",),
    formula=Formula("bent_identity(x) = x + (√(x² + 1) − 1)/2", r"f(x) = x + \frac{\sqrt{x^2 + 1} - 1}{2}"),
    derivative=Formula("bent_identity′(x) = 1 + x/(2√(x² + 1))", r"f'(x) = 1 + \frac{x}{2\sqrt{x^2 + 1}}"),
    second=Formula("bent_identity″(x) = 1/(2(x² + 1)^{3/2})", r"f''(x) = \frac{1}{2\left(x^2 + 1\right)^{3/2}}"),
    claims=_static(Claims(REAL, True, None, Interval(0.5, 1.5))),
    cost="1 hypot, 1 divide, 2 multiply, 1 add",
    init=lambda p: _he("unbounded on both sides with slopes ½ and 3/2: the He (Kaiming) family"),
    references=("Wikipedia, Activation function (table of functions), https://en.wikipedia.org/wiki/Activation_function",),
    expression=lambda p: "x + (sqrt(x^2 + 1) - 1)/2",
    fn=bent_identity,
    d1=bent_identity_d1,
    d2=bent_identity_d2,
)
