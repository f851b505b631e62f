"""Piecewise activations of issue 14's catalogue: jax's sparse_sigmoid, ISRLU (identity above 0,
ISRU below), hard_mish (timm), HardELiSH and SReLU (four learned parameters).

At a kink each derivative takes the value of the framework that ships the function: jax's autodiff
for sparse_sigmoid (``jnp.clip`` passes half the gradient at a tie), PyTorch autograd of the
shipped or published formula for the others (``torch.clamp`` passes the gradient at both ends of
its range; a piecewise definition written with ``torch.where`` takes the closed piece's slope).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.catalogue._common import JAX, _f, _he, _power_of_two, _static, _step, _xavier, blockwise, per_block
from actcli.catalogue.classic import isru_d1_into, isru_d2, isru_into
from actcli.catalogue.parametric import _slope
from actcli.core.record import INF, Claims, Formula, Interval, Kink, Param, Params, Record
from actcli.errors import ParameterError, num

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


def _wide(x: Array) -> Array:
    """x in float64 (the formulas below are computed there and rounded once to x's dtype)."""
    return x.astype(np.float64, copy=False)


def _back(x: Array, y: Array) -> Array:
    """y in x's dtype, NaN wherever x is NaN."""
    return np.where(np.isnan(x), np.nan, y).astype(x.dtype, copy=False)


# --- jax's sparse_sigmoid ----------------------------------------------------------------------------


@blockwise
def sparse_sigmoid(x: Array, y: Array) -> None:
    """½·clip(x + 1, 0, 2) in x's own dtype: x + 1 is exact near −1 (Sterbenz) and rounded once
    elsewhere, and halving is exact, so the result is correctly rounded."""
    np.add(x, 1.0, out=y)
    np.clip(y, 0.0, 2.0, out=y)
    np.multiply(y, 0.5, out=y)


@blockwise
def sparse_sigmoid_d1(x: Array, y: Array) -> None:
    """½ on (−1, 1), 0 outside; ¼ at ±1, as jax.grad (jnp.clip splits the gradient of a tie):
    (sign(1 − |x|) + 1)/4, where 1 − |x| is 0 exactly at |x| = 1 (IEEE: a − b = 0 only if a = b)."""
    np.abs(x, out=y)
    np.subtract(1.0, y, out=y)
    np.sign(y, out=y)
    np.add(y, 1.0, out=y)
    np.multiply(y, 0.25, out=y)


def sparse_sigmoid_d2(x: Array) -> Array:
    """0 everywhere (jax's second derivative at ±1 is 0 too)."""
    return _back(x, np.zeros(x.shape))


SPARSE_SIGMOID = Record(
    name="sparse_sigmoid",
    summary="jax.nn.sparse_sigmoid: 0 for x ≤ −1, (x + 1)/2 on (−1, 1), 1 for x ≥ 1; sigmoid's sparse twin "
    "and sparse_plus's derivative.",
    kind="elementwise",
    aliases=("sparsesigmoid",),
    formula=Formula("sparse_sigmoid(x) = ½·clip(x + 1, 0, 2) = 0 if x ≤ −1;  (x + 1)/2 if −1 < x < 1;  1 if x ≥ 1",
                    r"f(x) = \begin{cases}0 & x \le -1\\ \frac{x + 1}{2} & -1 < x < 1\\ 1 & x \ge 1\end{cases}"),
    derivative=Formula("sparse_sigmoid′(x) = ½ if −1 < x < 1 else 0  (¼ at x = ±1, as jax.grad)",
                       r"f'(x) = \begin{cases}\frac{1}{2} & -1 < x < 1\\ \frac{1}{4} & x = \pm 1\\ 0 & |x| > 1\end{cases}"),
    second=Formula("sparse_sigmoid″(x) = 0 (x ≠ ±1)", r"f''(x) = 0 \quad (x \neq \pm 1)"),
    claims=_static(
        Claims(
            Interval(0, 1, True, True),
            True,
            0,
            Interval(0, 0.5, True, True),
            kinks=(Kink(-1.0, 0.25, 0.0, 0.5, convention="jax"), Kink(1.0, 0.25, 0.5, 0.0, convention="jax")),
            dead_zones=(Interval(-INF, -1), Interval(1, INF)),
        )
    ),
    cost="1 add, 1 clip, 1 multiply",
    init=lambda p: _xavier("bounded in [0, 1]: the Xavier (Glorot) family"),
    references=(JAX + " (sparse_sigmoid)",
                "Blondel, Martins & Niculae (2020), Learning with Fenchel-Young Losses, JMLR 21, §6.2"),
    expression=lambda p: "min(max(x + 1, 0), 2)/2",
    fn=sparse_sigmoid,
    d1=sparse_sigmoid_d1,
    d2=sparse_sigmoid_d2,
)


# --- ISRLU ----------------------------------------------------------------------------------------


@blockwise(wide=lambda alpha: not _power_of_two(alpha))
def isrlu(x: Array, y: Array, alpha: float) -> None:
    """max(x, 0) + isru(min(x, 0)): isru(0) = 0, so each side takes its own piece with no mask
    (isru's kernel, in x's dtype when α is a power of two, as isru)."""
    m = np.minimum(x, 0.0)
    isru_into(m, y, alpha)
    np.maximum(x, 0.0, out=m)
    np.add(y, m, out=y)


@blockwise(wide=True)
def isrlu_d1(x: Array, y: Array, alpha: float) -> None:
    """isru′(min(x, 0)): 1 for x ≥ 0 (isru′(0) = 1), (1 + αx²)^{−3/2} below; NaN at NaN."""
    m = np.minimum(x, 0.0)
    isru_d1_into(m, y, alpha)


def isrlu_d2(x: Array, alpha: float) -> Array:
    """0 for x ≥ 0, −3αx(1 + αx²)^{−5/2} below: both 0 at x = 0, so f″ is continuous there."""
    return np.where(x >= 0, 0.0, isru_d2(x, alpha=alpha)).astype(x.dtype, copy=False)


ISRLU = Record(
    name="isrlu",
    summary="Inverse square root linear unit: x for x ≥ 0, x/√(1 + αx²) below; ELU's shape without an exp, "
    "C² at 0 (f‴ jumps there).",
    kind="elementwise",
    params=(Param("alpha", 1.0, "α: the output tends to −1/√α as x → −∞", "Carlile et al. (2017) leave α a "
                  "hyperparameter (α = 1 in their figures); no library ships a default", lo=0.0),),
    formula=Formula("isrlu(x) = x if x ≥ 0 else x/√(1 + αx²)",
                    r"f(x) = \begin{cases}x & x \ge 0\\ \frac{x}{\sqrt{1 + \alpha x^2}} & x < 0\end{cases}"),
    derivative=Formula("isrlu′(x) = 1 if x ≥ 0 else (1 + αx²)^{−3/2}",
                       r"f'(x) = \begin{cases}1 & x \ge 0\\ \left(1 + \alpha x^2\right)^{-3/2} & x < 0\end{cases}"),
    second=Formula("isrlu″(x) = 0 if x ≥ 0 else −3αx·(1 + αx²)^{−5/2}",
                   r"f''(x) = \begin{cases}0 & x \ge 0\\ -3\alpha x\left(1 + \alpha x^2\right)^{-5/2} & x < 0\end{cases}"),
    claims=lambda p: Claims(Interval(-1.0 / math.sqrt(_f(p, "alpha")), INF), True, 2, Interval(0, 1, False, True)),
    cost="1 compare, 1 hypot, 1 divide",
    init=lambda p: _he("unbounded above (ELU-like): the He (Kaiming) family"),
    references=("Carlile, Delamarter, Kinney, Marti & Whitney (2017), Improving Deep Learning by Inverse "
                "Square Root Linear Units (ISRLUs), arXiv:1710.09967",),
    expression=lambda p: "max(x, 0) + min(x, 0)/sqrt(1 + alpha*min(x, 0)^2)",
    fn=isrlu,
    d1=isrlu_d1,
    d2=isrlu_d2,
)


# --- hard_mish --------------------------------------------------------------------------------------


@blockwise
def hard_mish(x: Array, y: Array) -> None:
    """½·x·clamp(x + 2, 0, 2): 0 for x ≤ −2, x(x + 2)/2 on (−2, 0), x for x ≥ 0 (timm's hard_mish),
    in x's dtype as m·min(m + 2, 2)/2 with m = max(x, −2) (no −inf·0 below −2; NaN stays NaN).
    m + 2 is exact near −2 (Sterbenz), so the result is within two roundings."""
    m = np.maximum(x, -2.0)
    np.add(m, 2.0, out=y)
    np.minimum(y, 2.0, out=y)
    np.multiply(y, 0.5, out=y)  # exact, and before the product (2·x overflows at the top)
    np.multiply(y, m, out=y)
    np.add(y, 0.0, out=y)  # −0 (−2·0 at x ≤ −2) is +0


@blockwise
def hard_mish_d1(x: Array, y: Array) -> None:
    """x + 1 on [−2, 0] (torch.clamp passes the gradient at both ends: −1 at −2), 0 below, 1 above:
    (min(m, 0) + 1)·[x ≥ −2] with m = max(x, −3) (finite where the mask is 0; NaN stays NaN)."""
    m = np.maximum(x, -3.0)
    np.greater_equal(m, -2.0, out=y, casting="unsafe")
    np.minimum(m, 0.0, out=m)
    np.add(m, 1.0, out=m)
    np.multiply(y, m, out=y)


def hard_mish_d2(x: Array) -> Array:
    """1 on [−2, 0] (autograd's double backward at both ends), 0 elsewhere."""
    w = _wide(x)
    return _back(x, np.where((w >= -2.0) & (w <= 0.0), 1.0, 0.0))


HARD_MISH = Record(
    name="hard_mish",
    summary="Hard Mish (timm): x/2·clamp(x + 2, 0, 2) — 0 for x ≤ −2, x(x + 2)/2 on (−2, 0), x for x ≥ 0.",
    kind="elementwise",
    aliases=("hardmish",),
    formula=Formula("hard_mish(x) = x/2·min(2, max(0, x + 2))",
                    r"f(x) = \frac{x}{2}\,\min\bigl(2, \max(0, x + 2)\bigr)"),
    derivative=Formula("hard_mish′(x) = 0 if x < −2;  x + 1 if −2 ≤ x ≤ 0;  1 if x > 0",
                       r"f'(x) = \begin{cases}0 & x < -2\\ x + 1 & -2 \le x \le 0\\ 1 & x > 0\end{cases}"),
    second=Formula("hard_mish″(x) = 1 if −2 < x < 0 else 0  (1 used at −2 and 0, as PyTorch)",
                   r"f''(x) = \begin{cases}1 & -2 \le x \le 0\\ 0 & x < -2 \text{ or } x > 0\end{cases}"),
    claims=_static(
        Claims(
            Interval(-0.5, INF, True),
            False,
            0,
            Interval(-1, 1, True, True),
            kinks=(Kink(-2.0, -1.0, 0.0, -1.0),),
            dead_zones=(Interval(-INF, -2),),
            d2_kinks=(0.0,),
        )
    ),
    cost="1 add, 1 clip, 2 multiply",
    init=lambda p: _he("unbounded above (ReLU-like): the He (Kaiming) family"),
    references=("timm layers/activations.py (hard_mish, HardMish), https://github.com/huggingface/pytorch-image-models",
                "Misra (2019), Mish: A Self Regularized Non-Monotonic Activation Function, arXiv:1908.08681 "
                "(the smooth original)"),
    expression=lambda p: "x/2*min(max(x + 2, 0), 2)",
    fn=hard_mish,
    d1=hard_mish_d1,
    d2=hard_mish_d2,
)


# --- HardELiSH --------------------------------------------------------------------------------------


def _hard_sigmoid(w: Array) -> Array:
    return np.clip((w + 1.0) * 0.5, 0.0, 1.0)


@blockwise(wide=True)
def hard_elish(x: Array, y: Array) -> None:
    """x·h(x) for x ≥ 0, expm1(x)·h(x) below, h(x) = max(0, min(1, (x + 1)/2)): the two sides as
    (max(x, 0) + expm1(min(x, 0)))·h(x), one of the two terms 0 on each side."""
    np.minimum(x, 0.0, out=y)
    np.expm1(y, out=y)
    h = np.maximum(x, 0.0)
    np.add(y, h, out=y)
    np.add(x, 1.0, out=h)
    np.multiply(h, 0.5, out=h)
    np.clip(h, 0.0, 1.0, out=h)
    np.multiply(y, h, out=y)


def _hard_elish_d1(x: Array) -> Array:
    """x + ½ on [0, 1]; 1 above; (eˣ(x + 1) + eˣ − 1)/2 on [−1, 0); 0 below. At the kinks PyTorch's
    values: torch.clamp passes h′ = ½ at both ends of [−1, 1], so (e⁻¹ − 1)/2 at −1 and 3/2 at 1."""
    w = _wide(x)
    neg = np.minimum(w, 0.0)
    with np.errstate(invalid="ignore"):
        left = 0.5 * (np.exp(neg) * (neg + 1.0) + np.expm1(neg))
    y = np.where(w > 1.0, 1.0, np.where(w >= 0, w + 0.5, np.where(w >= -1.0, left, 0.0)))
    return _back(x, y)


hard_elish_d1 = per_block(_hard_elish_d1)


def hard_elish_d2(x: Array) -> Array:
    """1 on [0, 1]; eˣ(x + 3)/2 on (−1, 0); 0 outside [−1, 1]; e⁻¹ at −1 (PyTorch's double backward)."""
    w = _wide(x)
    neg = np.minimum(w, 0.0)
    left = 0.5 * np.exp(neg) * (neg + 3.0)
    y = np.where(w > 1.0, 0.0, np.where(w >= 0, 1.0, np.where(w > -1.0, left, 0.0)))
    return _back(x, np.where(w == -1.0, math.exp(-1.0), y))


def _hard_elish_minimum() -> tuple[float, float]:
    """Where f′ = 0 on (−1, 0): eˣ(x + 2) = 1, by Newton's method; there f = −(x + 1)²/(2(x + 2))."""
    t = -0.44
    for _ in range(50):
        step = (math.exp(t) * (t + 2.0) - 1.0) / (math.exp(t) * (t + 3.0))
        t -= step
        if abs(step) < 1e-17:
            break
    return t, -((t + 1.0) ** 2) / (2.0 * (t + 2.0))


_HE_LEFT = 0.5 * math.expm1(-1.0)  # f′(−1⁺) = (e⁻¹ − 1)/2


def _hard_elish_claims() -> Claims:
    _, lowest = _hard_elish_minimum()
    return Claims(
        Interval(lowest, INF, True),
        False,
        0,
        Interval(_HE_LEFT, 1.5, True, True),
        kinks=(Kink(-1.0, _HE_LEFT, 0.0, _HE_LEFT), Kink(1.0, 1.5, 1.5, 1.0)),
        dead_zones=(Interval(-INF, -1),),
        d2_kinks=(0.0,),
    )


HARD_ELISH = Record(
    name="hard_elish",
    summary="HardELiSH (Basirat & Roth): x·h(x) for x ≥ 0, (eˣ − 1)·h(x) below, with the hard sigmoid "
    "h(x) = max(0, min(1, (x + 1)/2)).",
    kind="elementwise",
    aliases=("hardelish",),
    formula=Formula("hard_elish(x) = x·h(x) if x ≥ 0 else (eˣ − 1)·h(x),  h(x) = max(0, min(1, (x + 1)/2))",
                    r"f(x) = \begin{cases}x\,h(x) & x \ge 0\\ (e^x - 1)\,h(x) & x < 0\end{cases},\quad "
                    r"h(x) = \max\left(0, \min\left(1, \tfrac{x + 1}{2}\right)\right)"),
    derivative=Formula("hard_elish′(x) = 0 (x < −1);  (eˣ(x + 2) − 1)/2 (−1 ≤ x < 0);  x + ½ (0 ≤ x ≤ 1);  1 (x > 1)",
                       r"f'(x) = \begin{cases}0 & x < -1\\ \frac{e^x(x + 2) - 1}{2} & -1 \le x < 0\\ "
                       r"x + \frac{1}{2} & 0 \le x \le 1\\ 1 & x > 1\end{cases}"),
    second=Formula("hard_elish″(x) = eˣ(x + 3)/2 (−1 ≤ x < 0);  1 (0 ≤ x ≤ 1);  0 (|x| > 1)",
                   r"f''(x) = \begin{cases}\frac{e^x (x + 3)}{2} & -1 \le x < 0\\ 1 & 0 \le x \le 1\\ 0 & |x| > 1\end{cases}"),
    claims=_static(_hard_elish_claims()),
    cost="1 expm1, 1 exp (for f′), 1 clip, 2 multiply",
    init=lambda p: _he("unbounded above (ReLU-like): the He (Kaiming) family"),
    references=("Basirat & Roth (2018), The Quest for the Golden Activation Function, arXiv:1808.00783",),
    expression=lambda p: "(max(x, 0) + expm1(min(x, 0)))*min(max((x + 1)/2, 0), 1)",
    fn=hard_elish,
    d1=hard_elish_d1,
    d2=hard_elish_d2,
)


# --- SReLU ------------------------------------------------------------------------------------------


def _srelu_values(p: Params) -> tuple[float, float, float, float]:
    return _f(p, "t_left"), _f(p, "a_left"), _f(p, "t_right"), _f(p, "a_right")


def _srelu_check(p: Params) -> None:
    tl, _, tr, _ = _srelu_values(p)
    if not tl < tr:
        raise ParameterError(f"srelu: t_left ({num(tl)}) must be below t_right ({num(tr)})",
                             "the middle piece f(x) = x lies between them")


def _srelu_wide(t_left: float, a_left: float, t_right: float, a_right: float) -> bool:
    """t + a·(x − t) adds two terms of one sign (no cancellation: within two roundings of its
    dtype) when t ≤ 0 ≤ a on the left and t ≥ 0, a ≥ 0 on the right; otherwise float64."""
    return not (t_left <= 0.0 <= a_left and t_right >= 0.0 and a_right >= 0.0)


@blockwise(wide=_srelu_wide)
def _srelu_into(x: Array, y: Array, t_left: float, a_left: float, t_right: float, a_right: float) -> None:
    """clip(x, t_l, t_r) + a_l·min(x − t_l, 0) + a_r·max(x − t_r, 0): each piece is t + a·(x − t) or
    x, plus exact zeros; a slope of 0 drops its term (no 0·inf)."""
    np.clip(x, t_left, t_right, out=y)
    d = np.empty_like(x)
    for t, a, side in ((t_left, a_left, np.minimum), (t_right, a_right, np.maximum)):
        if a != 0.0:
            np.subtract(x, t, out=d)
            side(d, 0.0, out=d)
            np.multiply(d, a, out=d)
            np.add(y, d, out=y)


def srelu(x: Array, t_left: float, a_left: float, t_right: float, a_right: float) -> Array:
    if a_right == 1.0 and t_left == 0.0 and 0.0 <= a_left <= 1.0:  # the middle piece runs on to +∞:
        return _slope(x, a_left)  # leaky_relu's max(x, a·x)
    return _srelu_into(x, t_left=t_left, a_left=a_left, t_right=t_right, a_right=a_right)


@blockwise
def srelu_d1(x: Array, y: Array, t_left: float, a_left: float, t_right: float, a_right: float) -> None:
    """a_l for x ≤ t_l, 1 between, a_r for x ≥ t_r (the closed pieces' slopes at the thresholds):
    a_l·(1 − s) + (s − m) + a_r·m with s = [x > t_l] (NaN at NaN) and m = [x ≥ t_r], each term the
    slope itself or an exact 0."""
    np.subtract(x, t_left, out=y)
    _step(y, y)
    d = np.subtract(1.0, y)
    np.multiply(d, a_left, out=d)
    if a_right != 1.0:
        m = np.empty_like(x)
        np.greater_equal(x, t_right, out=m, casting="unsafe")
        np.subtract(y, m, out=y)
        np.multiply(m, a_right, out=m)
        np.add(y, m, out=y)
    np.add(y, d, out=y)


def srelu_d2(x: Array, **_: Any) -> Array:
    return _back(x, np.zeros(x.shape))


def _srelu_grad(piece: str, kind: str) -> Any:
    def grad(x: Array, t_left: float, a_left: float, t_right: float, a_right: float) -> Array:
        w = _wide(x)
        t, a = (t_left, a_left) if piece == "left" else (t_right, a_right)
        on = w <= t_left if piece == "left" else w >= t_right
        with np.errstate(invalid="ignore"):
            value = (1.0 - a) * np.ones(w.shape) if kind == "t" else w - t
        return _back(x, np.where(on, value, 0.0))

    grad.__doc__ = (f"∂f/∂{kind}_{piece}: " + ("1 − a" if kind == "t" else "x − t") + " on the " + piece
                    + " piece (threshold included), 0 elsewhere")
    return grad


def _srelu_claims(p: Params) -> Claims:
    tl, al, tr, ar = _srelu_values(p)
    # below: −∞ if the left piece falls to the left or the right piece falls to the right, else
    # t_l (every piece stays at or above it); above: the mirror image, +∞ or t_r
    low, low_closed = (-INF, False) if al > 0 or ar < 0 else (tl, True)
    high, high_closed = (INF, False) if al < 0 or ar > 0 else (tr, True)
    slopes = (al, 1.0, ar)
    kinks = tuple(k for k in (Kink(tl, al, al, 1.0) if al != 1.0 else None,
                              Kink(tr, ar, 1.0, ar) if ar != 1.0 else None) if k is not None)
    dead = tuple(z for z in (Interval(-INF, tl) if al == 0 else None, Interval(tr, INF) if ar == 0 else None)
                 if z is not None)
    return Claims(
        Interval(low, high, low_closed, high_closed),
        al >= 0 and ar >= 0,
        0 if kinks else None,
        Interval(min(slopes), max(slopes), True, True),
        kinks=kinks,
        dead_zones=dead,
        nonlinear=bool(kinks),
    )


SRELU = Record(
    name="srelu",
    summary="S-shaped ReLU: slope a_l below t_l, the identity between t_l and t_r, slope a_r above t_r; all "
    "four learned.",
    kind="elementwise",
    aliases=("s_relu",),
    params=(
        Param("t_left", 0.0, "t_l, the left threshold, learned", "keras-contrib SReLU initialises t_left to 0",
              learnable=True),
        Param("a_left", 0.5, "a_l, the slope below t_l, learned", "keras-contrib SReLU draws a_left from U(0, 1); "
              "its mean 0.5 is used here", learnable=True),
        Param("t_right", 2.5, "t_r, the right threshold, learned (> t_l)", "keras-contrib SReLU draws its offset "
              "from U(0, 5) (t_right = t_left + |offset|); its mean 2.5 is used here", learnable=True),
        Param("a_right", 1.0, "a_r, the slope above t_r, learned", "keras-contrib SReLU initialises a_right to 1",
              learnable=True),
    ),
    formula=Formula("srelu(x) = t_r + a_r·(x − t_r) if x ≥ t_r;  x if t_l < x < t_r;  t_l + a_l·(x − t_l) if x ≤ t_l",
                    r"f(x) = \begin{cases}t_r + a_r (x - t_r) & x \ge t_r\\ x & t_l < x < t_r\\ "
                    r"t_l + a_l (x - t_l) & x \le t_l\end{cases}"),
    derivative=Formula("srelu′(x) = a_l (x ≤ t_l), 1 (t_l < x < t_r), a_r (x ≥ t_r);  ∂f/∂t = 1 − a, ∂f/∂a = x − t "
                       "on each outer piece",
                       r"f'(x) = \begin{cases}a_r & x \ge t_r\\ 1 & t_l < x < t_r\\ a_l & x \le t_l\end{cases},\quad "
                       r"\frac{\partial f}{\partial t_l} = (1 - a_l)\,[x \le t_l],\ "
                       r"\frac{\partial f}{\partial a_l} = (x - t_l)\,[x \le t_l],\ "
                       r"\frac{\partial f}{\partial t_r} = (1 - a_r)\,[x \ge t_r],\ "
                       r"\frac{\partial f}{\partial a_r} = (x - t_r)\,[x \ge t_r]"),
    second=Formula("srelu″(x) = 0 (x ≠ t_l, t_r)", r"f''(x) = 0 \quad (x \neq t_l, t_r)"),
    claims=_srelu_claims,
    cost="2 compare, 1 multiply, 2 add",
    init=lambda p: _he("unbounded (ReLU-like): the He (Kaiming) family"),
    references=("Jin, Xu, Feng, Wei, Xiong & Yan (2016), Deep Learning with S-shaped Rectified Linear "
                "Activation Units, AAAI, arXiv:1512.07030",
                "keras-contrib layers/advanced_activations (SReLU), https://github.com/keras-team/keras-contrib"),
    expression=lambda p: ("min(max(x, t_left), t_right) + a_left*min(x - t_left, 0) + a_right*max(x - t_right, 0)"),
    check=_srelu_check,
    fn=srelu,
    d1=srelu_d1,
    d2=srelu_d2,
    param_grads=(("t_left", _srelu_grad("left", "t")), ("a_left", _srelu_grad("left", "a")),
                 ("t_right", _srelu_grad("right", "t")), ("a_right", _srelu_grad("right", "a"))),
)

