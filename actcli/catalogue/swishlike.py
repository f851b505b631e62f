"""More self-gated functions, x·g(x) in shape: ELiSH (an exponential left half on a swish), TeLU
(x·tanh(eˣ)), Logish, Smish and Serf."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actcli.catalogue._common import _at_inf, _he, _static, blockwise, fast_path
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


@blockwise(wide=True, compiled=True)
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
    expression=lambda p: "(max(x, 0) + expm1(min(x, 0)))/(1 + exp(-x))",
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


@blockwise(compiled=True)
def telu(x: Array, y: Array) -> None:
    """x·tanh(u), u = e^{min(x, 7)} (beyond 7, tanh u = 1 in float64). For float32 x, u is computed
    in float64 and rounded, then numpy's float32 tanh (within 1.37 ulp of tanh on (0, 10], measured
    on every 7th float32 there; tanh's condition number 2u/sinh 2u is below 1) and the product
    in float32: within 2.58 ulp of telu on every float32 of [−80, 100] with |x| > 1e-8 (at
    x = −3.408; the bar is 3), where float64's tanh costs 4.5 times as much. Below x = −20
    (u < 3e-9, subnormal in float32 from −87), tanh u = u to 1e-17 and f = x·eˣ is taken in
    float64 for the blocks that reach it."""
    if x.dtype == np.float32:
        w = np.minimum(x, 7.0, dtype=np.float64)
        np.exp(w, out=w)
        np.copyto(y, w, casting="same_kind")
        np.tanh(y, out=y)
        _times_x(x, y)  # −inf·0 → 0
        if x.size and np.fmin.reduce(x, axis=None) < -20.0:  # fmin: a NaN does not hide the rest
            far = np.flatnonzero((x < -20.0) & (x > -np.inf))
            v = x[far].astype(np.float64)
            y[far] = v * np.exp(v)
        return
    np.minimum(x, 7.0, out=y)
    np.exp(y, out=y)
    np.tanh(y, out=y)
    _times_x(x, y)  # −inf·0 → 0


@blockwise(wide=True, compiled=True)
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
    second=Formula("telu″(x) = u·sech²(u)·(2 + x − 2x·u·tanh u),  u = eˣ",
                   r"f''(x) = u\operatorname{sech}^2(u)\left(2 + x - 2x\,u\tanh u\right),\; u = e^{x}"),
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


# --- Logish, Smish and Serf: x·g(softplus-like) gates -------------------------------------------------


def _sig_parts(x: Array) -> tuple[Array, Array, Array, Array]:
    """x made finite, s = σ(x), s′ = σ(x)σ(−x) and s″ = −s′·tanh(x/2) (no 1 − 2σ cancellation)."""
    xf = np.clip(x, -1e300, 1e300)
    s = np.empty_like(xf)
    _sigmoid_into(xf, s)
    sm = np.empty_like(xf)
    _sigmoid_into(-xf, sm)
    d = s * sm
    return xf, s, d, -d * np.tanh(0.5 * xf)


def _times_x(x: Array, y: Array) -> None:
    """y = x·g with g = y a gate that is 0 at x = −inf, where the product is its limit 0 (not
    −inf·0 = NaN): fixed for the blocks where the product raised (:func:`fast_path`)."""
    def product() -> None:
        np.multiply(y, x, out=y)

    if not fast_path(product):
        y[np.flatnonzero(x == -np.inf)] = 0.0


def _sig_d1(x: Array, s: Array) -> tuple[Array, Array]:
    """x made finite and σ′ = s(1 − s) from s = σ(x) (1 − s loses digits only where σ′ < ε·s,
    far right, where it is an absolute ε of the sums it enters)."""
    d = np.subtract(1.0, s)
    np.multiply(d, s, out=d)
    return np.clip(x, -1e300, 1e300), d


@blockwise(wide=True, compiled=True)
def logish(x: Array, y: Array) -> None:
    """x·ln(1 + σ(x))."""
    _sigmoid_into(x, y)
    np.log1p(y, out=y)
    _times_x(x, y)


@blockwise(wide=True, compiled=True)
def logish_d1(x: Array, y: Array) -> None:
    """ln(1 + s) + x·s′/(1 + s)."""
    s = np.empty_like(x)
    _sigmoid_into(x, s)
    xf, d = _sig_d1(x, s)
    np.log1p(s, out=y)
    np.add(s, 1.0, out=s)
    np.divide(d, s, out=d)
    np.multiply(d, xf, out=d)
    np.add(y, d, out=y)


def logish_d2(x: Array) -> Array:
    """2s′/(1 + s) + x·(s″(1 + s) − s′²)/(1 + s)²."""
    xf, s, d, d2 = _sig_parts(x)
    p = 1.0 + s
    return _at_inf(x, 2.0 * d / p + xf * (d2 * p - d * d) / (p * p), 0.0, 0.0)


LOGISH = Record(
    name="logish",
    summary="Logish x·ln(1 + σ(x)): a self-gate whose slope tends to ln 2 for large x, 0 for x → −∞.",
    kind="elementwise",
    formula=Formula("logish(x) = x·ln(1 + σ(x))", r"f(x) = x\ln\left(1 + \sigma(x)\right)"),
    derivative=Formula("logish′(x) = ln(1 + σ) + x·σ′/(1 + σ)",
                       r"f'(x) = \ln(1 + \sigma) + \frac{x\,\sigma'}{1 + \sigma}"),
    second=Formula("logish″(x) = 2σ′/(1 + σ) + x·(σ″(1 + σ) − σ′²)/(1 + σ)²",
                   r"f''(x) = \frac{2\sigma'}{1 + \sigma} + x\,\frac{\sigma''(1 + \sigma) - \sigma'^2}{(1 + \sigma)^2}"),
    # extremes by mpmath (40 digits): min f at x = −1.3725, f′ at the roots of f″ (−2.5334, 2.3168)
    claims=_static(
        Claims(
            Interval(-0.25276881678944035, INF, True),
            False,
            None,
            Interval(-0.08982878552089006, 0.7463111804127397, True, True),
        )
    ),
    cost="1 sigmoid, 1 log1p, 1 multiply",
    init=lambda p: _he("unbounded above (slope ln 2 far right): the He (Kaiming) family"),
    references=("Zhu, Zeng, Huang & Wu (2021), Logish: A new nonlinear nonmonotonic activation function "
                "for convolutional neural network, Neurocomputing 458",),
    expression=lambda p: "x*log1p(1/(1 + exp(-x)))",
    fn=logish,
    d1=logish_d1,
    d2=logish_d2,
)


def _smish_gate(s: Array) -> tuple[Array, Array, Array]:
    """g(s) = tanh(ln(1 + s)) = s(s + 2)/(s² + 2s + 2) and its s-derivatives
    g′ = 4(s + 1)/D², g″ = −4(3s² + 6s + 2)/D³, D = s² + 2s + 2 (no cancellation for s in [0, 1])."""
    dd = (s + 2.0) * s + 2.0
    return s * (s + 2.0) / dd, 4.0 * (s + 1.0) / (dd * dd), -4.0 * ((3.0 * s + 6.0) * s + 2.0) / (dd * dd * dd)


@blockwise(wide=True, compiled=True)
def smish(x: Array, y: Array) -> None:
    """x·tanh(ln(1 + σ(x))) = x·n/(n + 2), n = s(s + 2), s = σ(x): no log, no tanh."""
    _sigmoid_into(x, y)
    n = np.add(y, 2.0)
    np.multiply(n, y, out=n)
    np.add(n, 2.0, out=y)
    np.divide(n, y, out=y)
    _times_x(x, y)


@blockwise(wide=True)
def smish_d1(x: Array, y: Array) -> None:
    """g(s) + x·g′(s)·s′, g = n/D, g′ = 4(s + 1)/D², n = s(s + 2), D = n + 2."""
    s = np.empty_like(x)
    _sigmoid_into(x, s)
    xf, d = _sig_d1(x, s)
    n = np.add(s, 2.0)
    np.multiply(n, s, out=n)
    np.add(n, 2.0, out=y)  # D
    np.add(s, 1.0, out=s)
    np.multiply(s, 4.0, out=s)
    np.divide(s, y, out=s)
    np.divide(s, y, out=s)  # g′
    np.divide(n, y, out=y)  # g
    np.multiply(s, d, out=s)
    np.multiply(s, xf, out=s)
    np.add(y, s, out=y)


def smish_d2(x: Array) -> Array:
    """2g′s′ + x·(g″s′² + g′s″)."""
    xf, s, d, d2 = _sig_parts(x)
    _, g1, g2 = _smish_gate(s)
    return _at_inf(x, 2.0 * g1 * d + xf * (g2 * d * d + g1 * d2), 0.0, 0.0)


SMISH = Record(
    name="smish",
    summary="Smish x·tanh(ln(1 + σ(x))): Mish's shape with a sigmoid inside; slope → 3/5 for large x.",
    kind="elementwise",
    formula=Formula("smish(x) = x·tanh(ln(1 + σ(x))) = x·σ(σ + 2)/(σ² + 2σ + 2)",
                    r"f(x) = x\tanh\left(\ln(1 + \sigma(x))\right)"),
    derivative=Formula("smish′(x) = g(σ) + x·g′(σ)·σ′,  g(s) = s(s + 2)/D, g′(s) = 4(s + 1)/D², D = s² + 2s + 2",
                       r"f'(x) = g(\sigma) + x\,g'(\sigma)\,\sigma',\; g(s) = \frac{s(s + 2)}{D},\; "
                       r"g'(s) = \frac{4(s + 1)}{D^2},\; D = s^2 + 2s + 2"),
    second=Formula("smish″(x) = 2g′(σ)σ′ + x·(g″(σ)σ′² + g′(σ)σ″),  g′(s) = 4(s + 1)/D², "
                   "g″(s) = −4(3s² + 6s + 2)/D³, D = s² + 2s + 2",
                   r"f''(x) = 2g'(\sigma)\,\sigma' + x\left(g''(\sigma)\,\sigma'^2 + g'(\sigma)\,\sigma''\right),\; "
                   r"g'(s) = \frac{4(s + 1)}{D^2},\; g''(s) = -\frac{4(3s^2 + 6s + 2)}{D^3},\; D = s^2 + 2s + 2"),
    # extremes by mpmath (40 digits): min f at x = −1.3945, f′ at the roots of f″ (−2.5511, 2.2154)
    claims=_static(
        Claims(
            Interval(-0.24999366366012948, INF, True),
            False,
            None,
            Interval(-0.08915320523502031, 0.6368842228812263, True, True),
        )
    ),
    cost="1 sigmoid, 2 add, 1 divide, 2 multiply",
    init=lambda p: _he("unbounded above (slope 3/5 far right): the He (Kaiming) family"),
    references=("Wang, Ren & Wang (2022), Smish: A Novel Activation Function for Deep Learning Methods, "
                "Electronics 11(4)",),
    expression=lambda p: "x*tanh(log1p(1/(1 + exp(-x))))",
    fn=smish,
    d1=smish_d1,
    d2=smish_d2,
)


_TWO_OVER_SQRT_PI = 1.1283791670955126  # 2/√π


def _serf_parts(x: Array) -> tuple[Array, Array, Array, Array, Array, Array]:
    """x made finite, p = softplus(x) = max(x, 0) + log1p(e^{−|x|}), erf(p), (2/√π)e^{−p²}
    (0 beyond p = 40), σ(x) and σ′(x)."""
    from scipy.special import erf  # lazy: scipy is only needed for the erf family

    xf, s, d, _ = _sig_parts(x)
    p = np.maximum(xf, 0.0) + np.log1p(np.exp(-np.abs(xf)))
    pc = np.minimum(p, 40.0)
    e = _TWO_OVER_SQRT_PI * np.exp(-pc * pc)
    return xf, p, np.asarray(erf(p)), e, s, d


@blockwise(wide=True, compiled=True)
def serf(x: Array, y: Array) -> None:
    """x·erf(softplus(x))."""
    _, _, er, _, _, _ = _serf_parts(x)
    np.multiply(er, x, out=y)
    np.copyto(y, _at_inf(x, y, 0.0, np.inf))


@blockwise(wide=True, compiled=True)
def serf_d1(x: Array, y: Array) -> None:
    """erf(p) + x·(2/√π)e^{−p²}·σ(x)."""
    xf, _, er, e, s, _ = _serf_parts(x)
    np.add(er, xf * e * s, out=y)


def serf_d2(x: Array) -> Array:
    """(2/√π)e^{−p²}·(2σ + x·(σ′ − 2p·σ²))."""
    xf, p, _, e, s, d = _serf_parts(x)
    pc = np.minimum(p, 40.0)  # beyond, e = 0 and the bracket must stay finite
    return _at_inf(x, e * (2.0 * s + xf * (d - 2.0 * pc * s * s)), 0.0, 0.0)


SERF = Record(
    name="serf",
    summary="Serf x·erf(ln(1 + eˣ)): a self-gate with an erf of softplus; slope → 1 for large x.",
    kind="elementwise",
    formula=Formula("serf(x) = x·erf(ln(1 + eˣ))", r"f(x) = x\operatorname{erf}\left(\ln(1 + e^{x})\right)"),
    derivative=Formula("serf′(x) = erf(p) + x·(2/√π)·e^{−p²}·σ(x),  p = ln(1 + eˣ)",
                       r"f'(x) = \operatorname{erf}(p) + x\,\tfrac{2}{\sqrt\pi}e^{-p^2}\sigma(x),\; p = \ln(1 + e^{x})"),
    second=Formula("serf″(x) = (2/√π)·e^{−p²}·(2σ + x·(σ′ − 2p·σ²)),  p = ln(1 + eˣ)",
                   r"f''(x) = \tfrac{2}{\sqrt\pi}e^{-p^2}\left(2\sigma + x(\sigma' - 2p\,\sigma^2)\right),\; "
                   r"p = \ln(1 + e^{x})"),
    # extremes by mpmath (40 digits): min f at x = −1.1931, f′ at the roots of f″ (−2.2565, 1.0960)
    claims=_static(
        Claims(
            Interval(-0.3484374587596064, INF, True),
            False,
            None,
            Interval(-0.1269685890579054, 1.086125444150997, True, True),
        )
    ),
    cost="1 erf, 1 exp, 1 log1p, 1 sigmoid, 4 multiply",
    init=lambda p: _he("unbounded above (ReLU-like for x > 0): the He (Kaiming) family"),
    references=("Nag, Bhattacharyya, Chakraborty & Mukherjee (2023), SERF: Towards better training of deep "
                "neural networks using log-Softplus ERror activation Function, WACV 2023, arXiv:2108.09598",),
    expression=lambda p: "x*erf(log1p(exp(x)))",
    fn=serf,
    d1=serf_d1,
    d2=serf_d2,
)
