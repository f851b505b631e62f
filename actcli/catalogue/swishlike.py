"""More self-gated functions x·g(x)-like in shape: ELiSH (an exponential left half on a swish) and
TeLU (x·tanh(eˣ))."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import _at_inf, _he, _static, blockwise
from actcli.catalogue.self_gated import silu, silu_d1, silu_d2
from actcli.catalogue.sigmoidal import _sigmoid_into
from actcli.core.record import INF, Claims, Formula, Interval, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


# --- ELiSH -------------------------------------------------------------------------------------------

_A_HI = 0.41421356237309503  # √2 − 1 = _A_HI + _A_LO to ~1e-33
_A_LO = 1.4349369327986523e-17
_B = 2.414213562373095  # √2 + 1


def _left_g(x: Array) -> Array:
    """g = eˣ on the left half (x clamped to ≤ 0, so the unused right half never overflows)."""
    return np.exp(np.minimum(x, 0.0))


@blockwise(wide=True)
def elish(x: Array, y: Array) -> None:
    """x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) below."""
    left = np.minimum(x, 0.0)
    _sigmoid_into(left, y)
    np.multiply(y, np.expm1(left), out=y)
    np.copyto(y, silu(x), where=x >= 0)


@blockwise(wide=True)
def elish_d1(x: Array, y: Array) -> None:
    """Left: g(g² + 2g − 1)/(1 + g)² with g = eˣ, its zero factored as (g − (√2 − 1))(g + √2 + 1)."""
    g = _left_g(x)
    np.subtract(g, _A_HI, out=y)
    np.subtract(y, _A_LO, out=y)
    np.multiply(y, g + _B, out=y)
    np.multiply(y, g, out=y)
    np.divide(y, np.square(1.0 + g), out=y)
    np.copyto(y, silu_d1(x), where=x >= 0)


def elish_d2(x: Array) -> Array:
    """Left: g(g³ + 3g² + 5g − 1)/(1 + g)³; at x = 0 the right half's silu″(0) = ½."""
    g = _left_g(x)
    left = g * (((g + 3.0) * g + 5.0) * g - 1.0) / (1.0 + g) ** 3
    return np.where(x >= 0, silu_d2(x), left)


ELISH = Record(
    name="elish",
    summary="Exponential linear squashing: x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) below; C¹, not monotonic.",
    kind="elementwise",
    formula=Formula("elish(x) = x·σ(x) if x ≥ 0 else (eˣ − 1)·σ(x)",
                    r"f(x) = \begin{cases}x\,\sigma(x) & x \ge 0\\ (e^{x} - 1)\,\sigma(x) & x < 0\end{cases}"),
    derivative=Formula("elish′(x) = σ(x)(1 + x(1 − σ(x))) if x ≥ 0 else g(g² + 2g − 1)/(1 + g)², g = eˣ",
                       r"f'(x) = \begin{cases}\sigma(x)\left(1 + x(1 - \sigma(x))\right) & x \ge 0\\ "
                       r"\frac{g(g^2 + 2g - 1)}{(1 + g)^2},\ g = e^{x} & x < 0\end{cases}"),
    second=Formula("elish″(x) = σ′(x)(2 − x·tanh(x/2)) if x ≥ 0 else g(g³ + 3g² + 5g − 1)/(1 + g)³ "
                   "(x ≥ 0 branch at 0: ½)",
                   r"f''(x) = \begin{cases}\sigma'(x)\left(2 - x\tanh\frac{x}{2}\right) & x \ge 0\\ "
                   r"\frac{g(g^3 + 3g^2 + 5g - 1)}{(1 + g)^3},\ g = e^{x} & x < 0\end{cases}"),
    # f′ = ½ from both sides at 0, f″ jumps from 1 to ½; the extremes (mpmath, 40 digits): min f at
    # eˣ = √2 − 1, min f′ at the root of g³ + 3g² + 5g − 1, max f′ is silu′'s at x = 2.3994
    claims=_static(
        Claims(
            Interval(-0.1715728752538099, INF, True),
            False,
            1,
            Interval(-0.07854684787555588, 1.099839320128867, True, True),
            d2_kinks=(0.0,),
        )
    ),
    cost="1 exp, 1 expm1, 1 sigmoid, 3 multiply",
    init=lambda p: _he("unbounded above (swish-like): the He (Kaiming) family"),
    references=("Basirat & Roth (2018), The Quest for the Golden Activation Function, arXiv:1808.00783",),
    fn=elish,
    d1=elish_d1,
    d2=elish_d2,
)


# --- TeLU ---------------------------------------------------------------------------------------------


def _telu_parts(x: Array) -> tuple[Array, Array, Array, Array]:
    """x clamped to ≤ 7 (beyond, tanh(eˣ) = 1 and u·sech²(u) < 1e-900), u = eˣ, tanh u, and
    u·sech²(u) = 4u·e^{−2u}/(1 + e^{−2u})² (no 1 − tanh² cancellation)."""
    xc = np.minimum(x, 7.0)
    u = np.exp(xc)
    w = np.exp(-2.0 * u)
    us2 = 4.0 * u * w / np.square(1.0 + w)
    return xc, u, np.tanh(u), us2


@blockwise(wide=True)
def telu(x: Array, y: Array) -> None:
    np.exp(np.minimum(x, 7.0), out=y)
    np.tanh(y, out=y)
    np.multiply(y, np.maximum(x, -float(np.finfo(x.dtype).max)), out=y)  # −inf·0 → 0


@blockwise(wide=True)
def telu_d1(x: Array, y: Array) -> None:
    """tanh(u) + x·u·sech²(u), u = eˣ."""
    xc, _, t, us2 = _telu_parts(x)
    np.multiply(np.maximum(xc, -1e300), us2, out=y)
    np.add(y, t, out=y)


def telu_d2(x: Array) -> Array:
    """u·sech²(u)·(2 + x − 2x·u·tanh u)."""
    xc, u, t, us2 = _telu_parts(x)
    xf = np.maximum(xc, -1e300)
    return _at_inf(x, us2 * (2.0 + xf - 2.0 * xf * u * t), 0.0, 0.0)


TELU = Record(
    name="telu",
    summary="TeLU x·tanh(eˣ): identity-like for x > 0 (tanh(eˣ) → 1 fast), a smooth dip below 0.",
    kind="elementwise",
    formula=Formula("telu(x) = x·tanh(eˣ)", r"f(x) = x\tanh\left(e^{x}\right)"),
    derivative=Formula("telu′(x) = tanh(u) + x·u·sech²(u),  u = eˣ",
                       r"f'(x) = \tanh u + x\,u\operatorname{sech}^2 u,\; u = e^{x}"),
    second=Formula("telu″(x) = u·sech²(u)·(2 + x − 2x·u·tanh u)",
                   r"f''(x) = u\operatorname{sech}^2(u)\left(2 + x - 2x\,u\tanh u\right)"),
    # extremes by mpmath (40 digits): min f at x = −1.0789, f′ at the roots of f″ (−2.0660, 0.6966)
    claims=_static(
        Claims(
            Interval(-0.35328577784821125, INF, True),
            False,
            None,
            Interval(-0.13157003618971583, 1.061975308717916, True, True),
        )
    ),
    cost="2 exp, 1 tanh, 4 multiply",
    init=lambda p: _he("unbounded above (ReLU-like for x > 0): the He (Kaiming) family"),
    references=("Fernandez & Mali (2024), TeLU Activation Function for Fast and Stable Deep Learning",),
    fn=telu,
    d1=telu_d1,
    d2=telu_d2,
)
