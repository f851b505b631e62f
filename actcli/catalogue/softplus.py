"""Smooth rectifiers: softplus and squareplus."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import JAX, TORCH, _at_inf, _he, _static
from actcli.catalogue.sigmoidal import sigmoid, sigmoid_d1
from actcli.core.record import INF, Claims, Formula, Interval, Param, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def softplus(x: Array, beta: float) -> Array:
    """(1/β)·log(1 + e^{βx}) = max(x, 0) + log1p(e^{−β|x|})/β, exact (no linear cut-off)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-beta * np.abs(x))) / beta


def softplus_d1(x: Array, beta: float) -> Array:
    return sigmoid(beta * x)


def softplus_d2(x: Array, beta: float) -> Array:
    return beta * sigmoid_d1(beta * x)


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


SOFTPLUS = Record(
    name="softplus",
    summary="Smooth ReLU: (1/β)·ln(1 + e^{βx}); exact, without PyTorch's linear cut-off at βx > 20.",
    kind="elementwise",
    aliases=("smooth_relu",),
    params=(Param("beta", 1.0, "sharpness (→ ReLU as β → ∞)", "PyTorch default 1 (jax and Keras have no β)", lo=0.0),),
    formula=Formula("softplus(x) = (1/β)·ln(1 + e^{βx})", r"\mathrm{softplus}(x) = \frac{1}{\beta}\ln\left(1 + e^{\beta x}\right)"),
    derivative=Formula("softplus′(x) = σ(βx)", r"\mathrm{softplus}'(x) = \sigma(\beta x)"),
    second=Formula("softplus″(x) = β·σ′(βx)", r"\mathrm{softplus}''(x) = \beta\,\sigma'(\beta x)"),
    claims=_static(Claims(Interval(0, INF), True, None, Interval(0, 1))),
    cost="1 exp, 1 log1p, 2 multiply",
    init=lambda p: _he(),
    references=(TORCH, "Dugas et al. (2001), Incorporating Second-Order Functional Knowledge for Better Option Pricing"),
    expression=lambda p: "log1p(exp(beta*x))/beta",
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
