"""Squashing functions: sigmoid, tanh, logsigmoid, softsign and their piecewise-linear cousins."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import JAX, SEED, TORCH, _f, _inside, _static, _xavier, blockwise, fast_path, zero_d2
from actcli.core.record import INF, Claims, Formula, Init, Interval, Kink, Param, Params, Record
from actcli.errors import ParameterError, num

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def _sigmoid_into(x: Array, y: Array) -> None:
    r"""y = σ(x) = eˣ/(1 + eˣ): three passes, and the left tail keeps its digits down to the
    smallest subnormal (σ(x) = eˣ there, rounded once by exp). Where eˣ overflows (σ is 1 to the
    last bit there; +inf gives inf/inf), 1/(1 + e^{−x}) instead, for the blocks whose exp or
    division raised (:func:`fast_path`). ``y`` may be ``x`` (then the slow way only)."""

    def fast() -> None:  # eˣ straight into y, 1 + eˣ in a temporary: x is read once
        np.exp(x, out=y)
        d = np.add(y, 1.0)
        np.divide(y, d, out=y)

    if y is not x and not np.may_share_memory(x, y) and fast_path(fast):
        return
    edge = math.log(float(np.finfo(x.dtype).max)) - 1.0
    right = x > edge if x.size and np.fmax.reduce(x, axis=None) > edge else None
    big = np.negative(x[right]) if right is not None else None
    d = np.exp(x)
    np.add(d, 1.0, out=y)
    np.divide(d, y, out=y)
    if big is not None:
        np.exp(big, out=big)
        y[right] = 1.0 / (1.0 + big)


@blockwise(wide=True, compiled=True)  # numpy's float32 exp and two roundings reach 3.3 ulp (x = −4.1565943)
def sigmoid(x: Array, y: Array) -> None:
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`, as eˣ/(1 + eˣ)."""
    _sigmoid_into(x, y)


@blockwise(wide=True)  # in float32 arithmetic numpy's exp or cosh and the roundings after it reach 3.6 ulp
def _sigmoid_d1(x: Array, y: Array) -> None:
    r""":math:`\sigma'(x) = \sigma(x)\sigma(-x) = \operatorname{sech}^2(x/2)/4 = (1/(4\cosh(x/2)))/\cosh(x/2)`:
    one cosh and two divisions (x/2 is exact), in float64. Not (1/(2 cosh))²: squaring a value
    just under 1/2 doubles its rounding error against the finer ulp of σ′ just under 1/4 (3.3 ulp
    at x = 0.3)."""
    c = np.multiply(x, 0.5)
    np.cosh(c, out=c)
    np.divide(0.25, c, out=y)
    np.divide(y, c, out=y)


@blockwise(wide=True, compiled=True)
def sigmoid_d1_narrow(x: Array, y: Array) -> None:
    """σ′ = 1/(4cosh²(x/2)) for float32 (and narrower) input, in float64: a product where
    :func:`_sigmoid_d1` divides twice (cheaper; the float64 rounding it adds is far below half an
    ulp of float32, and cosh² overflows only where σ′ is 0 in float32). Its compiled loop
    (csrc/logistic.c) computes t/(1 + t)² with t = e^{−|x|} in float64, rounded once."""
    np.multiply(x, 0.5, out=y)
    np.cosh(y, out=y)
    np.multiply(y, y, out=y)
    np.divide(0.25, y, out=y)


def sigmoid_d1(x: Array) -> Array:
    r""":math:`\sigma'(x)`, by :func:`sigmoid_d1_narrow` for a float32 (or narrower) array."""
    return sigmoid_d1_narrow(x) if x.dtype.itemsize < 8 else _sigmoid_d1(x)


def sigmoid_d2(x: Array) -> Array:
    r""":math:`\sigma''(x) = \sigma'(x)(1 - 2\sigma(x)) = -\sigma'(x)\tanh(x/2)`."""
    return -sigmoid_d1(x) * np.tanh(0.5 * x)


@blockwise
def tanh(x: Array, y: Array) -> None:
    np.tanh(x, out=y)


@blockwise(wide=True)  # in float32 arithmetic numpy's cosh or exp and the roundings after it reach 4–6 ulp
def sech2(x: Array, y: Array) -> None:
    r""":math:`\operatorname{sech}^2 x = (1/\cosh x)/\cosh x` (never 1 − tanh², which cancels): one
    cosh and two divisions, in float64; 1/cosh x is formed first, so that the result stays normal
    where cosh² alone would overflow (and not its square: see :func:`_sigmoid_d1`)."""
    c = np.cosh(x)
    np.divide(1.0, c, out=y)
    np.divide(y, c, out=y)


@blockwise(wide=True, compiled=True)
def sech2_narrow(x: Array, y: Array) -> None:
    """sech² x = 1/cosh² x for float32 (and narrower) input, in float64: a product where
    :func:`sech2` divides twice (cheaper; the float64 rounding it adds is far below half an ulp of
    float32, and cosh² overflows only where sech² is 0 in float32). Its compiled loop
    (csrc/logistic.c) computes 4t/(1 + t)² with t = e^{−2|x|} in float64, rounded once."""
    np.cosh(x, out=y)
    np.multiply(y, y, out=y)
    np.divide(1.0, y, out=y)


def tanh_d1(x: Array) -> Array:
    return sech2_narrow(x) if x.dtype.itemsize < 8 else sech2(x)


def tanh_d2(x: Array) -> Array:
    return -2.0 * np.tanh(x) * sech2(x)


@blockwise
def logsigmoid(x: Array, y: Array) -> None:
    """min(x, 0) − log1p(e^{−|x|})."""
    np.abs(x, out=y)
    np.negative(y, out=y)
    np.exp(y, out=y)
    np.log1p(y, out=y)
    np.subtract(np.minimum(x, 0.0), y, out=y)


@blockwise(wide=True)  # σ in float32 arithmetic: 3.3 ulp (x = 4.1565943)
def logsigmoid_d1(x: Array, y: Array) -> None:
    """σ(−x)."""
    _sigmoid_into(np.negative(x), y)


def logsigmoid_d2(x: Array) -> Array:
    return -sigmoid_d1(x)


@blockwise
def softsign(x: Array, y: Array) -> None:
    """x/(1 + |x|), with x clipped to the finite range first so that ±inf gives ±1."""
    big = float(np.finfo(x.dtype).max)
    np.clip(x, -big, big, out=y)
    d = np.abs(y)
    np.add(d, 1.0, out=d)
    np.divide(y, d, out=y)


@blockwise(wide=True)  # in float32, three roundings reach 3.3 ulp
def softsign_d1(x: Array, y: Array) -> None:
    np.abs(x, out=y)
    np.add(y, 1.0, out=y)
    np.multiply(y, y, out=y)
    np.divide(1.0, y, out=y)


def softsign_d2(x: Array) -> Array:
    """−2·sign(x)/(1 + |x|)³; 0 at x = 0 (sign(0) = 0, as autograd)."""
    d = 1.0 + np.abs(x)
    return -2.0 * np.sign(x) / d / d / d


@blockwise(compiled=True)
def hardsigmoid(x: Array, y: Array) -> None:
    """relu6(x + 3)/6, computed as (x + 3)·(1/6) so that it is accurate near x = −3 (x + 3 is
    exact there); a product costs less than a division, and 1/6 rounded adds half an ulp."""
    np.add(x, 3.0, out=y)
    np.multiply(y, 1.0 / 6.0, out=y)
    np.clip(y, 0.0, 1.0, out=y)


@blockwise(compiled=True)
def hardsigmoid_d1(x: Array, y: Array) -> None:
    _inside(x, -3.0, 3.0, y)
    np.multiply(y, 1.0 / 6.0, out=y)


@blockwise
def hardtanh(x: Array, y: Array, min_val: float, max_val: float) -> None:
    np.clip(x, min_val, max_val, out=y)


@blockwise
def hardtanh_d1(x: Array, y: Array, min_val: float, max_val: float) -> None:
    _inside(x, min_val, max_val, y)


SIGMOID = Record(
    name="sigmoid",
    summary="Logistic function; squashes to (0, 1). Output layer for binary tasks.",
    kind="elementwise",
    aliases=("logistic", "sigmoid_fn", "expit"),
    formula=Formula("σ(x) = 1 / (1 + e⁻ˣ)", r"\sigma(x) = \frac{1}{1 + e^{-x}}"),
    derivative=Formula("σ′(x) = σ(x)·σ(−x) = σ(x)(1 − σ(x))", r"\sigma'(x) = \sigma(x)\,\sigma(-x)"),
    second=Formula("σ″(x) = σ′(x)(1 − 2σ(x))", r"\sigma''(x) = \sigma'(x)\,(1 - 2\sigma(x))"),
    claims=_static(Claims(Interval(0, 1), True, None, Interval(0, 0.25, False, True))),
    cost="1 exp, 1 add, 1 divide",
    init=lambda p: Init("xavier", 1.0, "Xavier (Glorot); calculate_gain('sigmoid') = 1"),
    references=(SEED, TORCH),
    in_seed=True,
    expression=lambda p: "1/(1 + exp(-x))",
    fn=sigmoid,
    d1=sigmoid_d1,
    d2=sigmoid_d2,
)


TANH = Record(
    name="tanh",
    summary="Hyperbolic tangent; zero-centred squashing to (−1, 1). Common in RNNs.",
    kind="elementwise",
    aliases=("hyperbolic_tangent",),
    formula=Formula("tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)", r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"),
    derivative=Formula("tanh′(x) = sech²(x) = 1 − tanh²(x)", r"\tanh'(x) = \operatorname{sech}^2 x = 1 - \tanh^2 x"),
    second=Formula("tanh″(x) = −2·tanh(x)·sech²(x)", r"\tanh''(x) = -2\tanh(x)\operatorname{sech}^2 x"),
    claims=_static(Claims(Interval(-1, 1), True, None, Interval(0, 1, False, True))),
    cost="2 exp (or 1 tanh), 3 add/divide",
    init=lambda p: Init("xavier", 5.0 / 3.0, "Xavier (Glorot); calculate_gain('tanh') = 5/3"),
    references=(SEED, TORCH),
    in_seed=True,
    expression=lambda p: "tanh(x)",
    fn=tanh,
    d1=tanh_d1,
    d2=tanh_d2,
)


LOGSIGMOID = Record(
    name="logsigmoid",
    summary="log σ(x) = −softplus(−x); numerically stable log-probability.",
    kind="elementwise",
    aliases=("log_sigmoid",),
    formula=Formula("logsigmoid(x) = ln σ(x) = −ln(1 + e⁻ˣ)", r"\log\sigma(x) = -\ln\left(1 + e^{-x}\right)"),
    derivative=Formula("logsigmoid′(x) = σ(−x) = 1 − σ(x)", r"(\log\sigma)'(x) = \sigma(-x)"),
    second=Formula("logsigmoid″(x) = −σ′(x)", r"(\log\sigma)''(x) = -\sigma'(x)"),
    claims=_static(Claims(Interval(-INF, 0), True, None, Interval(0, 1))),
    cost="1 exp, 1 log1p",
    init=lambda p: _xavier("saturating: Xavier (Glorot)"),
    references=(TORCH, JAX),
    expression=lambda p: "-log1p(exp(-x))",
    fn=logsigmoid,
    d1=logsigmoid_d1,
    d2=logsigmoid_d2,
)


SOFTSIGN = Record(
    name="softsign",
    summary="x/(1 + |x|): like tanh but with polynomial (slower) saturation.",
    kind="elementwise",
    aliases=("soft_sign",),
    formula=Formula("softsign(x) = x / (1 + |x|)", r"\mathrm{softsign}(x) = \frac{x}{1 + |x|}"),
    derivative=Formula("softsign′(x) = 1 / (1 + |x|)²", r"\mathrm{softsign}'(x) = \frac{1}{(1 + |x|)^2}"),
    second=Formula("softsign″(x) = −2·sign(x) / (1 + |x|)³ (0 used at x = 0)", r"\mathrm{softsign}''(x) = \frac{-2\,\mathrm{sign}(x)}{(1 + |x|)^3}"),
    claims=_static(Claims(Interval(-1, 1), True, 1, Interval(0, 1, False, True), d2_kinks=(0.0,))),
    cost="1 abs, 1 add, 1 divide",
    init=lambda p: _xavier(),
    references=(TORCH, "Bergstra et al. (2009); Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward neural networks"),
    expression=lambda p: "x/(1 + abs(x))",
    fn=softsign,
    d1=softsign_d1,
    d2=softsign_d2,
)


HARDSIGMOID = Record(
    name="hardsigmoid",
    summary="Piecewise-linear sigmoid relu6(x + 3)/6 (MobileNetV3).",
    kind="elementwise",
    aliases=("hard_sigmoid",),
    formula=Formula("hardsigmoid(x) = relu6(x + 3)/6 = clip(x/6 + 1/2, 0, 1)", r"\mathrm{hardsigmoid}(x) = \frac{\mathrm{relu6}(x + 3)}{6}"),
    derivative=Formula("hardsigmoid′(x) = 1/6 if −3 < x < 3 else 0", r"\mathrm{hardsigmoid}'(x) = \begin{cases}1/6 & -3 < x < 3\\ 0 & \text{otherwise}\end{cases}"),
    second=Formula("hardsigmoid″(x) = 0 (x ≠ ±3)", r"\mathrm{hardsigmoid}''(x) = 0 \quad (x \neq \pm 3)"),
    claims=_static(
        Claims(
            Interval(0, 1, True, True),
            True,
            0,
            Interval(0, 1.0 / 6.0, True, True),
            kinks=(Kink(-3.0, 0.0, 0.0, 1.0 / 6.0), Kink(3.0, 0.0, 1.0 / 6.0, 0.0)),
            dead_zones=(Interval(-INF, -3), Interval(3, INF)),
        )
    ),
    cost="1 add, 1 divide, 2 compare",
    init=lambda p: _xavier("bounded: Xavier (Glorot)"),
    references=(TORCH, "Howard et al. (2019), Searching for MobileNetV3, arXiv:1905.02244 (Keras < 3 used 0.2x + 0.5)"),
    expression=lambda p: "min(max((x + 3)/6, 0), 1)",
    fn=hardsigmoid,
    d1=hardsigmoid_d1,
    d2=zero_d2,
)


def _hardtanh_check(p: Params) -> None:
    lo, hi = _f(p, "min_val"), _f(p, "max_val")
    if not lo < hi:
        raise ParameterError(f"hardtanh: min_val ({num(lo)}) must be less than max_val ({num(hi)})")


def _hardtanh_claims(p: Params) -> Claims:
    lo, hi = _f(p, "min_val"), _f(p, "max_val")
    return Claims(
        Interval(lo, hi, True, True),
        True,
        0,
        Interval(0, 1, True, True),
        kinks=(Kink(lo, 0.0, 0.0, 1.0), Kink(hi, 0.0, 1.0, 0.0)),
        dead_zones=(Interval(-INF, lo), Interval(hi, INF)),
    )


HARDTANH = Record(
    name="hardtanh",
    summary="clip(x, min_val, max_val): piecewise-linear tanh.",
    kind="elementwise",
    aliases=("hard_tanh",),
    params=(
        Param("min_val", -1.0, "lower clip value (must be < max_val)", "PyTorch default −1"),
        Param("max_val", 1.0, "upper clip value (must be > min_val)", "PyTorch default 1"),
    ),
    formula=Formula("hardtanh(x) = min(max(x, min_val), max_val)", r"\mathrm{hardtanh}(x) = \min(\max(x, a), b) \quad (a = \text{min\_val},\ b = \text{max\_val})"),
    derivative=Formula("hardtanh′(x) = 1 if min_val < x < max_val else 0", r"\mathrm{hardtanh}'(x) = \begin{cases}1 & a < x < b\\ 0 & \text{otherwise}\end{cases}"),
    second=Formula("hardtanh″(x) = 0 (x ≠ min_val, max_val)", r"\mathrm{hardtanh}''(x) = 0 \quad (x \neq a, b)"),
    claims=_hardtanh_claims,
    cost="2 compare",
    init=lambda p: _xavier("bounded: Xavier (Glorot)"),
    references=(TORCH,),
    expression=lambda p: "min(max(x, min_val), max_val)",
    check=_hardtanh_check,
    fn=hardtanh,
    d1=hardtanh_d1,
    d2=zero_d2,
)
