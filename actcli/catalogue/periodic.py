"""Periodic and oscillating activations: SIREN's sine sin(ω₀x), Snake x + sin²(αx)/α (α learned)
and the normalised sinc sin(πx)/(πx).

Their arguments are formed without rounding: ω₀·x is split into p + e exactly (Dekker's product),
and sin(p + e) = sin p·cos e + cos p·sin e to within a rounding, so sin(30x) stays accurate where 30x has
lost the last bits of x (|x| = 10⁵ would otherwise cost six digits). sinc reduces x to the nearest
integer exactly, and uses its Taylor series near 0, where the closed forms of f′ and f″ cancel.

Where the compiled loops were built (csrc/periodic.c), f and f′ of sine and Snake run there: the
same exact product, reduced by a three-part π and a Taylor series of sin, one pass over the array;
the numpy kernels below stay the fallback and the reference.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.catalogue._common import REAL, TORCH, _f, _static, blockwise, fast_path
from actcli.core.record import Claims, Formula, Init, Interval, Param, Params, Record

if TYPE_CHECKING:  # numpy.typing is slow to import; annotations only need it for checkers
    from numpy.typing import NDArray

    Array = NDArray[np.float64]


_SPLIT = 134217729.0  # 2²⁷ + 1: Veltkamp's splitting constant for float64
_BIG = 2.0**1021  # beyond this |w·x| the product could overflow: x is scaled down by a power of 2
_PI_LO = 1.2246467991473532e-16  # π − float64(π)


def _halves(v: Any) -> tuple[Any, Any]:
    """hi + lo = v exactly, each with at most 26 significant bits (Veltkamp's split of the mantissa,
    so that no float overflows)."""
    m, k = np.frexp(v)
    c = _SPLIT * m
    hi = c - (c - m)
    return np.ldexp(hi, k), np.ldexp(m - hi, k)


def _product(w: float, x: Array) -> tuple[Array, Array]:
    """p + e = w·x exactly (Dekker), for |w·x| below 2¹⁰²¹ and above the subnormals' scale."""
    p = w * x
    wh, wl = _halves(w)
    xh, xl = _halves(x)
    e = ((wh * xh - p) + wh * xl + wl * xh) + wl * xl
    return p, e


#: below this |e|, sin e = e − e³/6 and cos e = 1 − e²/2 to within e⁵/120 and e⁴/24 (< 2⁻¹¹⁰): two
#: multiplies each where numpy's sin and cos are scalar libm calls
_SMALL_ANGLE = 2.0**-26


def _small_sin_cos(e: Array) -> tuple[Array, Array]:
    """sin e and cos e: the two-term series when every |e| is below :data:`_SMALL_ANGLE` (NaN
    skipped), else numpy's."""
    if e.size and not np.fmax.reduce(np.abs(e), axis=None) < _SMALL_ANGLE:
        return np.sin(e), np.cos(e)
    e2 = e * e
    return e - e * e2 / 6.0, 1.0 - 0.5 * e2


def _sin_cos(w: float, x: Array) -> tuple[Array, Array]:
    """sin(w·x) and cos(w·x) of a float64 array, with w·x never rounded. Where |w·x| is near the
    float64 limit, x is scaled down by 2ˢ (exactly) and the angle doubled back s times; so is x
    itself beyond 2¹⁰²¹ (for |w| < 1), whose split would round up to 2¹⁰²⁴ = inf in the top binade."""
    with np.errstate(over="ignore", invalid="ignore"):
        big = ~(np.abs(x) * max(abs(w), 1.0) < _BIG) & np.isfinite(x)
        steps = 0
        if big.any():
            steps = max(1, math.ceil(math.log2(float(np.max(np.abs(x[big])))) + math.log2(abs(w)) - 1021))
            x = np.where(big, np.ldexp(x, -steps), x)
        p, e = _product(w, x)
        tiny = np.abs(x) < 1e-280  # the split would lose bits in the subnormals: w·x is exact enough
        e = np.where(tiny | ~np.isfinite(e), 0.0, e)
        # sin(p + e) by the addition formula: e is below half an ulp of p, but that is more than 1 once
        # |p| > 2⁵³ (numpy's sin and cos reduce any float64 argument exactly)
        sp, cp = np.sin(p), np.cos(p)
        se, ce = _small_sin_cos(e)
        s = sp * ce + cp * se
        c = cp * ce - sp * se
        if steps:
            bs, bc = s[big], c[big]
            for _ in range(steps):
                bs, bc = 2.0 * bs * bc, (bc - bs) * (bc + bs)
            s[big], c[big] = bs, bc
    return s, c


def _shifted_sin(w: float, x: Array, shift: float, shift_lo: float) -> Array:
    """sin(w·x + shift) with the sum kept as two floats (its zeros then keep their relative
    accuracy). Beyond |w·x| = 2⁵⁰ the product's error term may exceed the shift and absorb it: there
    sin(θ + shift) = sin θ·cos(shift) + cos θ·sin(shift), accurate to an absolute rounding."""
    with np.errstate(over="ignore", invalid="ignore"):
        p, e = _product(w, x)
        e = np.where(np.abs(x) < 1e-280, 0.0, e)
        hi = p + shift
        lo = (shift - (hi - p)) + (p - (hi - (hi - p)))  # Knuth's two-sum: hi + lo = p + shift
        lo = lo + e + shift_lo
        sl, cl = _small_sin_cos(lo)
        out = np.sin(hi) * cl + np.cos(hi) * sl
        big = ~(np.abs(x) * abs(w) < 2.0**50) & np.isfinite(x)
        if big.any():
            s, c = _sin_cos(w, x[big])
            out[big] = s * math.cos(shift) + c * math.sin(shift)
    return np.asarray(out)


def _wide(x: Array) -> Array:
    return x.astype(np.float64, copy=False)


def _back(x: Array, y: Array) -> Array:
    return np.where(np.isnan(x), np.nan, y).astype(x.dtype, copy=False)


# --- sine (SIREN) -----------------------------------------------------------------------------------


def _exact_for_float32(w: float) -> bool:
    """w·x is exact in float64 for every float32 x: w has at most 29 significant bits (24 + 29 =
    53), and w·x stays clear of float64's overflow and subnormals."""
    m, _ = math.frexp(w)
    return m == 0.0 or (m * 2.0**29).is_integer() and 2.0**-800 < abs(w) < 2.0**800


def _trig_of_product(trig: Any, w: float, x: Array) -> Array | None:
    """trig(w·x) of a float32 array, in float64, when w·x is exact in float64 (one sin or cos,
    where the general way takes four): None otherwise."""
    if x.dtype != np.float32 or not _exact_for_float32(w):
        return None
    p = x.astype(np.float64)
    np.multiply(p, w, out=p)
    with np.errstate(invalid="ignore"):  # sin(±inf) is NaN
        trig(p, out=p)
    return p


def _sine(x: Array, w0: float) -> Array:
    fast = _trig_of_product(np.sin, w0, x)
    if fast is not None:
        return _back(x, fast)
    s, _ = _sin_cos(w0, _wide(x))
    return _back(x, s)


def _sine_d1(x: Array, w0: float) -> Array:
    fast = _trig_of_product(np.cos, w0, x)
    if fast is not None:
        return _back(x, w0 * fast)
    _, c = _sin_cos(w0, _wide(x))
    return _back(x, w0 * c)


@blockwise(compiled=True)
def sine(x: Array, y: Array, w0: float) -> None:
    """sin(ω₀x) block by block (the compiled loop, where built: csrc/periodic.c)."""
    np.copyto(y, _sine(x, w0))


@blockwise(compiled=True)
def sine_d1(x: Array, y: Array, w0: float) -> None:
    """ω₀·cos(ω₀x) block by block (the compiled loop, where built: csrc/periodic.c)."""
    np.copyto(y, _sine_d1(x, w0))


def sine_d2(x: Array, w0: float) -> Array:
    s, _ = _sin_cos(w0, _wide(x))
    return _back(x, -(w0 * w0) * s)


def _sine_init(p: Params) -> Init:
    w0 = _f(p, "w0")
    return Init(
        "he",
        None,
        f"SIREN (Sitzmann et al. 2020): hidden layers W ~ U(−√(6/fan_in)/ω₀, √(6/fan_in)/ω₀), i.e. "
        f"Var w = 2/(ω₀²·fan_in): the He variance divided by ω₀² (gain √2/ω₀ = {math.sqrt(2.0) / w0:.6g}); "
        "the first layer draws U(−1/fan_in, 1/fan_in) instead. actcli's simulate uses this gain in every layer, "
        "on unit-variance inputs: there Var z₁ = gain² while every later Var z = gain²·E[sin²(ω₀z)] < gain²/2, so "
        "LSUV follows it and rescales each later layer to the first one's Var Z; "
        "torch's calculate_gain has no entry for it",
        fixed_gain=math.sqrt(2.0) / w0,
    )


SINE = Record(
    name="sine",
    summary="sin(ω₀x): SIREN's periodic activation (ω₀ = 30), for implicit neural representations; needs "
    "SIREN's initialisation.",
    kind="elementwise",
    aliases=("siren",),
    params=(Param("w0", 30.0, "ω₀, the frequency the pre-activation is scaled by (fixed)", "SIREN (Sitzmann et "
                  "al. 2020) uses ω₀ = 30", lo=0.0),),
    formula=Formula("sine(x) = sin(ω₀·x)   (ω₀ = 30 in SIREN)", r"f(x) = \sin(\omega_0 x)"),
    derivative=Formula("sine′(x) = ω₀·cos(ω₀·x)", r"f'(x) = \omega_0 \cos(\omega_0 x)"),
    second=Formula("sine″(x) = −ω₀²·sin(ω₀·x)", r"f''(x) = -\omega_0^2 \sin(\omega_0 x)"),
    claims=lambda p: Claims(Interval(-1, 1, True, True), False, None,
                            Interval(-_f(p, "w0"), _f(p, "w0"), True, True), period=2 * math.pi / _f(p, "w0")),
    cost="1 multiply, 1 sin (plus an exact product: 10 flops)",
    init=_sine_init,
    references=("Sitzmann, Martel, Bergman, Lindell & Wetzstein (2020), Implicit Neural Representations with "
                "Periodic Activation Functions (SIREN), NeurIPS, arXiv:2006.09661",
                "torch.sin, as SIREN's SineLayer applies it to ω₀·(Wx + b)"),
    expression=lambda p: "sin(w0*x)",
    fn=sine,
    d1=sine_d1,
    d2=sine_d2,
)


# --- Snake --------------------------------------------------------------------------------------------


def _snake(x: Array, alpha: float) -> Array:
    """x + sin²(αx)/α (±∞ at ±∞: the bounded term has no limit, the sum does)."""
    w = _wide(x)
    fast = _trig_of_product(np.sin, alpha, x)
    s = fast if fast is not None else _sin_cos(alpha, w)[0]
    with np.errstate(invalid="ignore"):
        y = w + s * s / alpha
    return _back(x, np.where(np.isinf(w), w, y))


@blockwise(compiled=True)
def snake(x: Array, y: Array, alpha: float) -> None:
    """x + sin²(αx)/α block by block (the compiled loop, where built: csrc/periodic.c)."""
    np.copyto(y, _snake(x, alpha))


def _snake_d1(x: Array, alpha: float) -> Array:
    """1 + sin(2αx) = 2·sin²(αx + π/4): a square, so its zeros keep their relative accuracy."""
    t = _shifted_sin(alpha, _wide(x), math.pi / 4, _PI_LO / 4)
    return _back(x, 2.0 * t * t)


@blockwise(compiled=True)
def snake_d1(x: Array, y: Array, alpha: float) -> None:
    """1 + sin(2αx) block by block (the compiled loop, where built: csrc/periodic.c)."""
    np.copyto(y, _snake_d1(x, alpha))


def snake_d2(x: Array, alpha: float) -> Array:
    """2α·cos(2αx) = 2α·sin(2αx + π/2)."""
    t = _shifted_sin(2.0 * alpha, _wide(x), math.pi / 2, _PI_LO / 2)
    return _back(x, 2.0 * alpha * t)


def snake_dalpha(x: Array, alpha: float) -> Array:
    """∂f/∂α = x·sin(2αx)/α − sin²(αx)/α² = (2x·sin·cos − sin²/α)/α."""
    w = _wide(x)
    s, c = _sin_cos(alpha, w)
    with np.errstate(invalid="ignore"):
        return _back(x, (2.0 * w * s * c - s * s / alpha) / alpha)


SNAKE = Record(
    name="snake",
    summary="Snake x + sin²(αx)/α (Ziyin et al. 2020): the identity plus a periodic ripple, monotonic, α learned "
    "(BigVGAN, DAC).",
    kind="elementwise",
    params=(Param("alpha", 1.0, "α, the ripple's frequency, learned with the network (> 0)", "Ziyin et al. (2020) "
                  "and BigVGAN's Snake initialise α = 1", lo=0.0, learnable=True),),
    formula=Formula("snake(x) = x + sin²(αx)/α   (α learned; 1 by default)", r"f(x) = x + \frac{\sin^2(\alpha x)}{\alpha}"),
    derivative=Formula("snake′(x) = 1 + sin(2αx);   ∂snake/∂α = x·sin(2αx)/α − sin²(αx)/α²",
                       r"f'(x) = 1 + \sin(2\alpha x),\quad \frac{\partial f}{\partial \alpha} = "
                       r"\frac{x \sin(2\alpha x)}{\alpha} - \frac{\sin^2(\alpha x)}{\alpha^2}"),
    second=Formula("snake″(x) = 2α·cos(2αx)", r"f''(x) = 2\alpha \cos(2\alpha x)"),
    claims=lambda p: Claims(REAL, True, None, Interval(0, 2, True, True), period=math.pi / _f(p, "alpha")),
    cost="1 multiply, 1 sin, 1 square, 1 divide, 1 add",
    init=lambda p: Init("he", None, "unbounded, f′ = 1 on average: the He (Kaiming) family; torch's "
                        "calculate_gain has no entry for it"),
    references=("Ziyin, Hartwig & Ueda (2020), Neural Networks Fail to Learn Periodic Functions and How to Fix "
                "It, NeurIPS, arXiv:2006.08195",
                "BigVGAN activations.py (Snake, alpha learned per channel), https://github.com/NVIDIA/BigVGAN"),
    expression=lambda p: "x + sin(alpha*x)^2/alpha",
    fn=snake,
    d1=snake_d1,
    d2=snake_d2,
    param_grads=(("alpha", snake_dalpha),),
)


# --- sinc ----------------------------------------------------------------------------------------------

#: Taylor coefficients in z = x² of sinc (sin πx/(πx)), of sinc′/x and of sinc″, for |x| < ½
_TERMS = 24
_C0 = [(-1) ** k * math.pi ** (2 * k) / math.factorial(2 * k + 1) for k in range(_TERMS)]
_C1 = [(-1) ** k * 2 * k * math.pi ** (2 * k) / math.factorial(2 * k + 1) for k in range(1, _TERMS)]
_C2 = [(-1) ** k * 2 * k * (2 * k - 1) * math.pi ** (2 * k) / math.factorial(2 * k + 1) for k in range(1, _TERMS)]
#: h(t) = t·cos t − sin t = Σ (−1)ᵏ·2k·t^{2k+1}/(2k+1)!, in u = t² after a factor t³
_CH = [(-1) ** k * 2 * k / math.factorial(2 * k + 1) for k in range(1, _TERMS)]
_SERIES = 0.5


def _horner(coeffs: list[float], z: Array) -> Array:
    acc = np.full(z.shape, coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc = acc * z + c
    return acc


def _reduced(w: Array) -> tuple[Array, Array, Array, Array]:
    """n = round(x), r = x − n (exact), sign = (−1)ⁿ, and sin(πr), cos(πr) accurately."""
    n = np.rint(w)
    r = w - n
    sign = 1.0 - 2.0 * np.abs(np.fmod(n, 2.0))
    th, te = _product(math.pi, r)
    te = np.where(np.abs(r) < 1e-280, 0.0, te) + _PI_LO * r
    sh, ch = np.sin(th), np.cos(th)
    return n, sign, sh + te * ch, ch - te * sh


def _parity_sign(n: Array, out: Array, scratch: Array) -> None:
    """(−1)ⁿ of the integers n, as 1 − 4·(n/2 − ⌊n/2⌋), into ``out`` (which may be n itself;
    ``scratch`` is a third array of their size)."""
    np.multiply(n, 0.5, out=out)
    np.floor(out, out=scratch)
    np.subtract(out, scratch, out=out)
    np.multiply(out, -4.0, out=out)
    np.add(out, 1.0, out=out)


@blockwise(wide=True)
def sinc(x: Array, y: Array) -> None:
    """(−1)ⁿ·sin(πr)/(πx), n = round(x), r = x − n (exact): one sin of |πr| ≤ π/2, whose rounding
    (2⁻⁵³ relative, π's own included) sin passes on undamped, so within a few units of float64's
    roundoff, with no cancellation anywhere (near 0, n = 0 and the quotient is sin(πx)/(πx) of
    the same rounded πx). x = 0 (0/0) and ±inf (inf − inf) are set, for the blocks where they
    raised."""
    n = np.rint(x)
    t = np.empty_like(x)

    def compute() -> None:
        np.subtract(x, n, out=t)
        np.multiply(t, math.pi, out=t)
        np.sin(t, out=t)
        _parity_sign(n, n, y)
        np.multiply(x, math.pi, out=y)
        np.divide(t, y, out=y)
        np.multiply(y, n, out=y)

    if fast_path(compute):
        return
    np.rint(x, out=n)
    with np.errstate(invalid="ignore", over="ignore"):
        compute()
    y[np.flatnonzero(x == 0.0)] = 1.0
    y[np.flatnonzero(np.isinf(x))] = 0.0


def _sinc_d1_closed(x: Array) -> Array:
    """sinc′ as sinc″ needs it (its −2·sinc′/x amplifies sinc′'s rounding): (πx·cos πx − sin πx)/(πx²)
    = ±(πn·cos πr + h(πr))/(πx²), h(t) = t cos t − sin t from its series (the cancellation of the
    closed form near integers moved into h); the Taylor series for |x| < ½."""
    w = _wide(x)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        n, sign, _, c = _reduced(w)
        t = math.pi * (w - n)
        h = t * t * t * _horner(_CH, t * t)
        y = sign * ((n / w) * c + h / (math.pi * w)) / w
    near = np.abs(w) < _SERIES
    y = np.where(near, w * _horner(_C1, w * w), y)
    return _back(x, np.where(np.isinf(w), 0.0, y))


#: below this |x|, sinc′ is its Taylor series: above it h(t) = t·cos t − sin t taken as it stands
#: (≈ −t³/3, its rounding up to 3ε/t² of it) stays within 1.3e-14 of sinc′ = h/(πx²)
_D1_SERIES = 0.05


@blockwise(wide=True)
def sinc_d1(x: Array, y: Array) -> None:
    """(πx·cos πx − sin πx)/(πx²) = (−1)ⁿ·((n/x)·cos t + h(t)/(πx))/x with n = round(x), t = π(x − n)
    (|t| ≤ π/2: sin and cos of a reduced argument, libm's fast range) and h(t) = t·cos t − sin t,
    which cancels only for n = 0, where the sum has no other term: there, below |x| = 0.05, the
    Taylor series of sinc′, for the elements that need it. ±inf give 0."""
    n = np.rint(x)
    t = np.empty_like(x)
    c = np.empty_like(x)
    s = np.empty_like(x)

    def compute() -> None:
        np.subtract(x, n, out=t)
        np.multiply(t, math.pi, out=t)
        np.cos(t, out=c)
        np.sin(t, out=s)
        np.multiply(t, c, out=t)
        np.subtract(t, s, out=t)  # h(t)
        _parity_sign(n, s, y)
        np.divide(n, x, out=n)
        np.multiply(n, c, out=n)
        np.multiply(x, math.pi, out=y)
        np.divide(t, y, out=t)
        np.add(n, t, out=n)
        np.divide(n, x, out=y)
        np.multiply(y, s, out=y)

    if not fast_path(compute):
        np.rint(x, out=n)
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            compute()
        y[np.flatnonzero(np.isinf(x))] = 0.0
    np.abs(x, out=t)
    near = np.flatnonzero(np.less(t, _D1_SERIES))
    if near.size:
        w = x[near]
        y[near] = w * _horner(_C1, w * w)


def sinc_d2(x: Array) -> Array:
    """−π²·sinc(x) − 2·sinc′(x)/x (from x·f = sin(πx)/π differentiated twice); the Taylor series for |x| < ½."""
    w = _wide(x)
    f = sinc(w)
    d = _wide(_sinc_d1_closed(w))
    with np.errstate(invalid="ignore", divide="ignore"):
        y = -(math.pi**2) * f - 2.0 * (d / w)
    near = np.abs(w) < _SERIES
    y = np.where(near, _horner(_C2, w * w), y)
    return _back(x, np.where(np.isinf(w), 0.0, y))



def _sinc_extremes() -> tuple[float, float]:
    """min sinc (at the first root of tan πx = πx beyond 0) and max sinc′ (at the first root of
    sinc″ below 0), by Newton's method on the closed forms."""
    def f(t: float) -> float:
        return math.sin(math.pi * t) / (math.pi * t)

    def d1(t: float) -> float:
        return (math.cos(math.pi * t) - f(t)) / t

    def d2(t: float) -> float:
        return -(math.pi**2) * f(t) - 2 * d1(t) / t

    def d3(t: float) -> float:
        return (-(math.pi**2) * f(t) - math.pi**2 * t * d1(t) - 3 * d2(t)) / t

    a = 1.43
    for _ in range(60):
        a -= d1(a) / d2(a)
    b = -0.66
    for _ in range(60):
        b -= d2(b) / d3(b)
    return f(a), d1(b)


def _sinc_claims() -> Claims:
    low, slope = _sinc_extremes()
    # f′ is odd: its range is [−max, max], the maximum at the first root of f″ below 0
    return Claims(Interval(low, 1, True, True), False, None, Interval(-slope, slope, True, True), oscillating=True)


SINC = Record(
    name="sinc",
    summary="Normalised sinc sin(πx)/(πx), 1 at x = 0 (a removable singularity): an even, decaying "
    "oscillation (torch.sinc, numpy.sinc).",
    kind="elementwise",
    formula=Formula("sinc(x) = sin(πx)/(πx),  sinc(0) = 1",
                    r"f(x) = \begin{cases}\frac{\sin(\pi x)}{\pi x} & x \neq 0\\ 1 & x = 0\end{cases}"),
    derivative=Formula("sinc′(x) = (cos(πx) − sinc(x))/x,  sinc′(0) = 0",
                       r"f'(x) = \frac{\cos(\pi x) - f(x)}{x}\ (x \neq 0),\quad f'(0) = 0"),
    second=Formula("sinc″(x) = −π²·sinc(x) − 2·sinc′(x)/x,  sinc″(0) = −π²/3",
                   r"f''(x) = -\pi^2 f(x) - \frac{2 f'(x)}{x}\ (x \neq 0),\quad f''(0) = -\frac{\pi^2}{3}"),
    claims=_static(_sinc_claims()),
    cost="1 round, 1 sin, 1 multiply, 1 divide",
    init=lambda p: Init("xavier", None, "bounded: the Xavier (Glorot) family; torch's calculate_gain has no entry for it"),
    references=(TORCH.replace("nn.html#non-linear-activations-weighted-sum-nonlinearity", "generated/torch.sinc.html")
                + " (torch.sinc; jax.numpy.sinc and numpy.sinc are the same function)",),
    fn=sinc,
    d1=sinc_d1,
    d2=sinc_d2,
)
