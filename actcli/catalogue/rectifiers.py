"""Rectifiers and the identity: relu, leaky_relu, relu6, threshold."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import (
    REAL,
    SEED,
    TORCH,
    _f,
    _he,
    _inside,
    _static,
    _step,
    _zeros,
    blockwise,
    zero_d2,
)
from actcli.core.record import INF, Claims, Formula, Init, Interval, Kink, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


@blockwise
def identity(x: Array, y: Array) -> None:
    np.copyto(y, x)


@blockwise
def identity_d1(x: Array, y: Array) -> None:
    """1 everywhere, NaN at NaN: clip(x, 1, 1)."""
    np.clip(x, 1.0, 1.0, out=y)


def identity_d2(x: Array) -> Array:
    return _zeros(x)


@blockwise
def relu(x: Array, y: Array) -> None:
    np.maximum(x, 0.0, out=y)


@blockwise
def relu_d1(x: Array, y: Array) -> None:
    """1 for x > 0, else 0: relu′(0) = 0 as in PyTorch and jax."""
    _step(x, y)


@blockwise(compiled=True)
def leaky_relu(x: Array, y: Array, negative_slope: float) -> None:
    """max(x, a·x), which is leaky_relu for 0 ≤ a ≤ 1 (the parameter's range)."""
    np.multiply(x, negative_slope, out=y)
    np.maximum(y, x, out=y)


@blockwise
def leaky_relu_d1(x: Array, y: Array, negative_slope: float) -> None:
    """1 for x > 0, else negative_slope: leaky_relu′(0) = a as in PyTorch."""
    m = np.empty_like(x)
    _step(x, m)
    np.subtract(1.0, m, out=y)
    np.multiply(y, negative_slope, out=y)
    np.add(y, m, out=y)


def leaky_relu_d2(x: Array, negative_slope: float) -> Array:
    return _zeros(x)


@blockwise
def relu6(x: Array, y: Array) -> None:
    np.clip(x, 0.0, 6.0, out=y)


@blockwise
def relu6_d1(x: Array, y: Array) -> None:
    _inside(x, 0.0, 6.0, y)


@blockwise
def threshold(x: Array, y: Array, threshold: float, value: float) -> None:
    """max(x, t)·[x > t] + value·[x ≤ t]: max(x, t) is finite where the mask is 0 (t is finite), so
    −inf gives value, not −inf·0; NaN·0 keeps NaN. The mask is written as 1.0/0.0 by the comparison
    itself (a bool mask times a float costs a casting pass). When value = t, that is max(x, t)."""
    if value == threshold:
        np.maximum(x, threshold, out=y)
        return
    m = np.empty_like(x)
    np.greater(x, threshold, out=m, casting="unsafe")
    np.maximum(x, threshold, out=y)
    np.multiply(y, m, out=y)
    if value != 0.0:
        np.subtract(1.0, m, out=m)
        np.multiply(m, value, out=m)
        np.add(y, m, out=y)


@blockwise
def threshold_d1(x: Array, y: Array, threshold: float, value: float) -> None:
    np.subtract(x, threshold, out=y)
    _step(y, y)


IDENTITY = Record(
    name="identity",
    summary="No activation: f(x) = x. Output layer for regression.",
    kind="elementwise",
    aliases=("linear", "none", "id"),
    formula=Formula("identity(x) = x", r"f(x) = x"),
    derivative=Formula("identity′(x) = 1", r"f'(x) = 1"),
    second=Formula("identity″(x) = 0", r"f''(x) = 0"),
    claims=_static(Claims(REAL, True, None, Interval(1, 1, True, True), nonlinear=False)),
    cost="none",
    init=lambda p: Init("xavier", 1.0, "Xavier (Glorot); calculate_gain('linear') = 1"),
    references=(SEED, TORCH),
    in_seed=True,
    expression=lambda p: "x",
    fn=identity,
    d1=identity_d1,
    d2=identity_d2,
)


RELU = Record(
    name="relu",
    summary="Rectified linear unit; the default for hidden layers. Dead for x < 0.",
    kind="elementwise",
    aliases=("rectifier", "rectified_linear"),
    formula=Formula("relu(x) = max(0, x)", r"\mathrm{relu}(x) = \max(0, x)"),
    derivative=Formula("relu′(x) = 1 if x > 0 else 0", r"\mathrm{relu}'(x) = \begin{cases}1 & x > 0\\ 0 & x \le 0\end{cases}"),
    second=Formula("relu″(x) = 0 (x ≠ 0)", r"\mathrm{relu}''(x) = 0 \quad (x \neq 0)"),
    claims=_static(
        Claims(
            Interval(0, INF, True),
            True,
            0,
            Interval(0, 1, True, True),
            kinks=(Kink(0.0, 0.0, 0.0, 1.0),),
            dead_zones=(Interval(-INF, 0),),
        )
    ),
    cost="1 compare",
    init=lambda p: Init("he", math.sqrt(2.0), "He (Kaiming); calculate_gain('relu') = √2"),
    references=(SEED, TORCH, "Glorot, Bordes & Bengio (2011), Deep Sparse Rectifier Neural Networks"),
    in_seed=True,
    expression=lambda p: "max(x, 0)",
    fn=relu,
    d1=relu_d1,
    d2=zero_d2,
)


def _leaky_claims(p: Params) -> Claims:
    a = _f(p, "negative_slope")
    return Claims(REAL, True, 0, Interval(a, 1, True, True), kinks=(Kink(0.0, a, a, 1.0),))


LEAKY_RELU = Record(
    name="leaky_relu",
    summary="ReLU with a small slope for x < 0, so no unit dies.",
    kind="elementwise",
    aliases=("leakyrelu", "lrelu"),
    params=(
        Param(
            "negative_slope",
            0.01,
            "slope for x < 0",
            "PyTorch and jax default 0.01 (the seed's value); Keras uses 0.2",
            lo=0.0,
            hi=1.0,
        ),
    ),
    formula=Formula("leaky_relu(x) = x if x > 0 else a·x   (a = negative_slope)", r"\mathrm{leaky\_relu}(x) = \begin{cases}x & x > 0\\ a x & x \le 0\end{cases}"
                    r"\quad (a = \text{negative\_slope})"),
    derivative=Formula("leaky_relu′(x) = 1 if x > 0 else a", r"\mathrm{leaky\_relu}'(x) = \begin{cases}1 & x > 0\\ a & x \le 0\end{cases}"),
    second=Formula("leaky_relu″(x) = 0 (x ≠ 0)", r"\mathrm{leaky\_relu}''(x) = 0 \quad (x \neq 0)"),
    claims=_leaky_claims,
    cost="1 compare, 1 multiply",
    init=lambda p: Init(
        "he",
        math.sqrt(2.0 / (1.0 + _f(p, "negative_slope") ** 2)),
        "He (Kaiming); calculate_gain('leaky_relu', a) = √(2/(1 + a²))",
    ),
    references=(SEED, TORCH, "Maas, Hannun & Ng (2013), Rectifier Nonlinearities Improve Neural Network Acoustic Models"),
    in_seed=True,
    expression=lambda p: "max(x, negative_slope*x)",
    fn=leaky_relu,
    d1=leaky_relu_d1,
    d2=leaky_relu_d2,
)


RELU6 = Record(
    name="relu6",
    summary="min(max(0, x), 6): ReLU capped at 6 (mobile networks).",
    kind="elementwise",
    aliases=("relu_6",),
    formula=Formula("relu6(x) = min(max(0, x), 6)", r"\mathrm{relu6}(x) = \min(\max(0, x), 6)"),
    derivative=Formula("relu6′(x) = 1 if 0 < x < 6 else 0", r"\mathrm{relu6}'(x) = \begin{cases}1 & 0 < x < 6\\ 0 & \text{otherwise}\end{cases}"),
    second=Formula("relu6″(x) = 0 (x ≠ 0, 6)", r"\mathrm{relu6}''(x) = 0 \quad (x \neq 0, 6)"),
    claims=_static(
        Claims(
            Interval(0, 6, True, True),
            True,
            0,
            Interval(0, 1, True, True),
            kinks=(Kink(0.0, 0.0, 0.0, 1.0), Kink(6.0, 0.0, 1.0, 0.0)),
            dead_zones=(Interval(-INF, 0), Interval(6, INF)),
        )
    ),
    cost="2 compare",
    init=lambda p: _he(),
    references=(TORCH, "Krizhevsky (2010), Convolutional Deep Belief Networks on CIFAR-10"),
    expression=lambda p: "min(max(x, 0), 6)",
    fn=relu6,
    d1=relu6_d1,
    d2=zero_d2,
)


def _threshold_claims(p: Params) -> Claims:
    th, v = _f(p, "threshold"), _f(p, "value")
    out = Interval(v, INF, True) if v <= th else Interval(th, INF)
    # the values are {v} ∪ (th, ∞): one interval unless v < th leaves a gap
    pieces = (Interval(v, v, True, True), Interval(th, INF)) if v < th else ()
    return Claims(
        out,
        v <= th,
        0 if v == th else -1,
        Interval(0, 1, True, True),
        kinks=(Kink(th, 0.0, 0.0, 1.0, continuous=(v == th)),),
        dead_zones=(Interval(-INF, th),),
        output_set=pieces,
    )


THRESHOLD = Record(
    name="threshold",
    summary="x if x > threshold else value (with the defaults 0, 0 it is ReLU).",
    kind="elementwise",
    params=(
        Param("threshold", 0.0, "the cut", "PyTorch has no default (both required); 0 makes it ReLU"),
        Param("value", 0.0, "output below the cut", "PyTorch has no default (both required); 0 makes it ReLU"),
    ),
    formula=Formula("threshold(x) = x if x > t else v   (t = threshold, v = value)",
                    r"f(x) = \begin{cases}x & x > t\\ v & x \le t\end{cases} \quad (t = \text{threshold},\ v = \text{value})"),
    derivative=Formula("threshold′(x) = 1 if x > t else 0", r"f'(x) = \begin{cases}1 & x > t\\ 0 & x \le t\end{cases}"),
    second=Formula("threshold″(x) = 0 (x ≠ t)", r"f''(x) = 0 \quad (x \neq t)"),
    claims=_threshold_claims,
    cost="1 compare",
    init=lambda p: _he(),
    references=(TORCH,),
    fn=threshold,
    d1=threshold_d1,
    d2=zero_d2,
)
