"""Smooth rectifiers: softplus and squareplus."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import JAX, TORCH, _f, _he, _power_of_two, _static, _step, blockwise
from actcli.catalogue.sigmoidal import _sigmoid_into, sigmoid_d1
from actcli.core.record import INF, Claims, Formula, Interval, Kink, Param, Params, Record
from actcli.errors import ParameterError

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def _cut(x: Array, y: Array, beta: float, threshold: float, value: float | None) -> None:
    """PyTorch's cut-off: where β·x > threshold, y = x (f) or ``value`` (f′ = 1, f″ = 0)."""
    if threshold != INF:
        above = np.multiply(x, beta) > threshold
        np.copyto(y, x if value is None else value, where=above)


@blockwise(wide=lambda beta, threshold=INF: not _power_of_two(beta))  # β·x rounded in float32 costs ~|βx|/2 ulp in e^{βx}
def softplus(x: Array, y: Array, beta: float, threshold: float = INF) -> None:
    """(1/β)·log(1 + e^{βx}) = max(x, 0) + log1p(e^{−β|x|})/β, exact; with a finite threshold,
    x where β·x > threshold (PyTorch's linear cut-off)."""
    np.abs(x, out=y)
    np.multiply(y, -beta, out=y)
    np.exp(y, out=y)
    np.log1p(y, out=y)
    if beta != 1.0:
        np.divide(y, beta, out=y)
    np.add(y, np.maximum(x, 0.0), out=y)
    _cut(x, y, beta, threshold, None)


@blockwise(wide=True)  # σ in float32 arithmetic: 3.3 ulp (βx = −4.1565943)
def softplus_d1(x: Array, y: Array, beta: float, threshold: float = INF) -> None:
    """σ(βx); 1 where β·x > threshold (what PyTorch's backward computes)."""
    np.multiply(x, beta, out=y)
    _sigmoid_into(y, y)
    _cut(x, y, beta, threshold, 1.0)


def softplus_d2(x: Array, beta: float, threshold: float = INF) -> Array:
    """β·σ′(βx); 0 where β·x ≥ threshold: PyTorch's double backward masks with β·x < threshold, so
    the tie itself is 0 (its backward, f′, keeps σ there)."""
    y: Array = beta * sigmoid_d1(beta * x)
    if threshold != INF:
        y = np.where(np.multiply(x, beta) >= threshold, 0.0, y)
    return y


def _half_hypot(x: Array, b: float) -> Array:
    """√(x² + b)/2 for finite x, without overflow: x² is formed only up to |x| = 2^{e/2−2} (e the
    dtype's exponent range); beyond it √(x² + b) is |x| to the last bit."""
    lim = 2.0 ** (np.finfo(x.dtype).maxexp // 2 - 2)
    h = np.clip(x, -lim, lim)
    np.multiply(h, h, out=h)
    np.add(h, b, out=h)
    np.sqrt(h, out=h)
    np.maximum(h, np.abs(x), out=h)
    np.multiply(h, 0.5, out=h)
    return h


@blockwise(compiled=True)
def squareplus(x: Array, y: Array, b: float) -> None:
    """(x + √(x² + b))/2 as a = √(x² + b)/2 + |x|/2 (no cancellation, no overflow for finite x);
    that is f for x ≥ 0, and f = (b/4)/a for x < 0, where x + √(x² + b) would cancel. Both are
    ≥ 0, so fmax(a·[x ≥ 0], (b/4)/a·[x < 0]) selects without a masked pass (and is 0 at −inf)."""
    big = float(np.finfo(x.dtype).max)
    a = _half_hypot(np.clip(x, -big, big), b)
    np.abs(x, out=y)
    np.multiply(y, 0.5, out=y)
    np.add(a, y, out=a)  # a (inf at ±inf)
    m = np.empty_like(x)
    _step(x, m)  # 1 for x > 0
    np.divide(0.25 * b, a, out=y)
    np.multiply(a, m, out=a)
    np.subtract(1.0, m, out=m)
    np.multiply(y, m, out=y)
    np.fmax(y, a, out=y)


@blockwise(wide=True, compiled=True)  # in float32, the roundings reach 3.9 ulp
def squareplus_d1(x: Array, y: Array, b: float) -> None:
    """(1 + x/h)/2 for x ≥ 0; for x < 0, (b/2)/h/(h + |x|), where 1 + x/h would cancel; x is
    clipped to the finite range first, so that x/h is 1 (not inf/inf) at +inf."""
    big = float(np.finfo(x.dtype).max)
    x = np.clip(x, -big, big)
    h = _half_hypot(x, b)
    np.multiply(h, 2.0, out=h)
    np.divide(x, h, out=y)
    np.multiply(y, 0.5, out=y)
    np.add(y, 0.5, out=y)
    m = np.empty_like(x)
    _step(x, m)
    np.multiply(y, m, out=y)
    left = np.divide(0.5 * b, h)
    np.add(h, np.abs(x), out=h)
    np.divide(left, h, out=left)
    np.subtract(1.0, m, out=m)
    np.multiply(left, m, out=left)
    np.add(y, left, out=y)


def squareplus_d2(x: Array, b: float) -> Array:
    h = np.hypot(x, np.sqrt(b))
    return (0.5 * b) / h / h / h


_SOFTPLUS_FORMULAS = (
    Formula("softplus(x) = (1/β)·ln(1 + e^{βx})", r"\mathrm{softplus}(x) = \frac{1}{\beta}\ln\left(1 + e^{\beta x}\right)"),
    Formula("softplus′(x) = σ(βx)", r"\mathrm{softplus}'(x) = \sigma(\beta x)"),
    Formula("softplus″(x) = β·σ′(βx)", r"\mathrm{softplus}''(x) = \beta\,\sigma'(\beta x)"),
)
_SOFTPLUS_CUT = (
    Formula("softplus(x) = (1/β)·ln(1 + e^{βx}) if βx ≤ t else x   (t = threshold)",
            r"\mathrm{softplus}(x) = \begin{cases}\frac{1}{\beta}\ln\left(1 + e^{\beta x}\right) & \beta x \le t\\ x & \beta x > t\end{cases}"
            r"\quad (t = \text{threshold})"),
    Formula("softplus′(x) = σ(βx) if βx ≤ t else 1",
            r"\mathrm{softplus}'(x) = \begin{cases}\sigma(\beta x) & \beta x \le t\\ 1 & \beta x > t\end{cases}"),
    Formula("softplus″(x) = β·σ′(βx) if βx < t else 0",
            r"\mathrm{softplus}''(x) = \begin{cases}\beta\,\sigma'(\beta x) & \beta x < t\\ 0 & \beta x \ge t\end{cases}"),
)


def _softplus_claims(p: Params) -> Claims:
    """The textbook function (threshold = inf) is smooth and increasing. With PyTorch's cut-off at
    x₀ = t/β, f drops from softplus(x₀) to x₀⁺ (by ln(1 + e^{−t})/β > 0), so f is discontinuous and
    not monotonic; its values are (min(0, x₀), ∞) and f′ runs over (0, σ(t)] ∪ {1}."""
    beta, t = _f(p, "beta"), _f(p, "threshold")
    if t == INF:
        return Claims(Interval(0, INF), True, None, Interval(0, 1))
    x0 = t / beta
    left = 1.0 / (1.0 + math.exp(-t)) if t > -700 else 0.0
    # x0 itself falls on the side the float test β·x0 > t puts it (t/β rounded may land past t)
    above = x0 * beta > t
    at = 1.0 if above else (1.0 / (1.0 + math.exp(-x0 * beta)) if x0 * beta > -700 else 0.0)
    return Claims(Interval(min(0.0, x0), INF, above and x0 < 0), False, -1, Interval(0, 1, False, True),
                  kinks=(Kink(x0, at, left, 1.0, continuous=False),))


def _softplus_check(p: Params) -> None:
    beta, t = _f(p, "beta"), _f(p, "threshold")
    if t != INF and not math.isfinite(t / beta):
        raise ParameterError(f"softplus: the cut-off threshold/beta = {t!r}/{beta!r} is beyond the float range",
                             hint="choose a threshold nearer 0 or a larger beta")


def _softplus_expression(p: Params) -> str:
    if _f(p, "threshold") != INF:
        raise ParameterError("softplus with a threshold (PyTorch's cut-off) has no closed form in actcli's grammar",
                             hint="leave threshold out for the textbook softplus", code="no_closed_form")
    return "log1p(exp(beta*x))/beta"


SOFTPLUS = Record(
    name="softplus",
    summary="Smooth ReLU: (1/β)·ln(1 + e^{βx}), exact; threshold = t adds PyTorch's cut-off, x for βx > t.",
    kind="elementwise",
    aliases=("smooth_relu",),
    params=(
        Param("beta", 1.0, "sharpness (→ ReLU as β → ∞)", "PyTorch default 1 (jax and Keras have no β)", lo=0.0),
        Param("threshold", INF, "PyTorch's cut-off: f(x) = x where βx > threshold (inf: none, the textbook function)",
              "PyTorch default 20 (--framework torch); inf, no cut-off, in jax, Keras and TensorFlow", hi_closed=True),
    ),
    formula=_SOFTPLUS_FORMULAS[0],
    derivative=_SOFTPLUS_FORMULAS[1],
    second=_SOFTPLUS_FORMULAS[2],
    formulas=lambda p: _SOFTPLUS_FORMULAS if _f(p, "threshold") == INF else _SOFTPLUS_CUT,
    claims=_softplus_claims,
    check=_softplus_check,
    cost="1 exp, 1 log1p, 2 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Dugas et al. (2001), Incorporating Second-Order Functional Knowledge for Better Option Pricing"),
    expression=_softplus_expression,
    fn=softplus,
    d1=softplus_d1,
    d2=softplus_d2,
)


SQUAREPLUS = Record(
    name="squareplus",
    summary="(x + √(x² + b))/2: a softplus-like curve with only algebraic operations.",
    kind="elementwise",
    aliases=("square_plus",),
    params=(Param("b", 4.0, "smoothness near 0 (b = 0 is ReLU)", "jax.nn.squareplus default b = 4", lo=0.0),),
    formula=Formula("squareplus(x) = (x + √(x² + b)) / 2", r"\mathrm{squareplus}(x) = \frac{x + \sqrt{x^2 + b}}{2}"),
    derivative=Formula("squareplus′(x) = (1 + x/√(x² + b)) / 2", r"\mathrm{squareplus}'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)"),
    second=Formula("squareplus″(x) = b / (2(x² + b)^{3/2})", r"\mathrm{squareplus}''(x) = \frac{b}{2\,(x^2 + b)^{3/2}}"),
    claims=_static(Claims(Interval(0, INF), True, None, Interval(0, 1))),
    cost="1 multiply, 1 add, 1 sqrt, 1 divide",
    init=lambda p: _he(),
    references=(JAX, "Barron (2021), Squareplus: A Softplus-Like Algebraic Rectifier, arXiv:2112.11687"),
    expression=lambda p: "(x + sqrt(x^2 + b))/2",
    fn=squareplus,
    d1=squareplus_d1,
    d2=squareplus_d2,
)
