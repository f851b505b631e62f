"""Weight initialisation: the schemes simulate can use, and the gain actcli advises for each activation.

The advice is computed, not copied: with weights N(0, gain²/fan_in) and N(0, 1) inputs, the
mean-field recursion of a wide network is q₁ = gain², q_{l+1} = gain²·E[f(√q_l·ξ)²] (ξ ~ N(0, 1)),
q_l the variance of layer l's pre-activations Z. :func:`advice` picks the gain that keeps
q₁ … q₂₀ within a band max/min ≤ 2, nearest the one-layer variance gain 1/√E[f(ξ)²] (or the
narrowest band within a factor of 2 of it when none does), or the method's own gain where one is fixed (SELU's
LeCun normal, Var w = 1/fan_in), or torch's calculate_gain where that already keeps the
mean-field band within BAND.

A fixed gain holds only the mean of Var Z: at width n each layer multiplies it by a random factor
whose log has a spread of order √(1/n) (the draw of W, and the finite sum over units; Hanin &
Rolnick 2018). Near a fixed point q* of the map above with slope s = d log q_{l+1}/d log q_l, those
fluctuations are damped by s each layer when s < 1, add up as a random walk when s = 1 (relu, every
positively homogeneous f) and grow when s > 1 (silu, gelu, mish, hardswish, the shrinks). So the
gain alone is advised only where the fixed point is stable (s ≤ STABLE_SLOPE) and the mean-field
band leaves half the band's log for the fluctuations (≤ √BAND) — a method's own gain too;
everywhere else the advice adds LSUV (Mishkin & Matas 2016, "All you need is a good init"):
orthogonal weights (Saxe et al. 2014)
times the gain, then each layer's weights rescaled on one mini-batch so its Var Z equals the first
layer's. ``tests/test_init_band.py`` runs actcli's own simulate at depth 20, width 256 over 5
seeds for every activation and checks the band with its advised init; where even LSUV does not hold
it (``UNMET``, measured there), the advice says so with the figures.

LSUV pins the calibration batch's Var Z at q₁ = gain² in every layer, but any other batch (and each
example) still drifts from it by s(q₁) per layer, s(q) = d log m/d log q the map's slope at q. LSUV
was measured to hold the band up to s = 1.20 (hardswish) and not at s = 1.33 (softshrink) or above.
Where s at the fixed-point gain exceeds LSUV_SLOPE, the gain is moved to the q₁ nearest that gain
(in log) where s ≤ NEAR_LINEAR_SLOPE: f is nearly linear at that scale of Z (tanhshrink and
softshrink for large |x|, where they are x ∓ a bounded term; xielu for small |x|, where it is
≈ βx), and LSUV holds Var Z there as in a linear network. For these activations s > 1 at every q of
SLOPE_WINDOW, so no gain gives the map a stable fixed point (the advice says so, with the figures
LSUV gives at the fixed-point gain, ``FIXED_POINT_BANDS``). Calibrating LSUV better does not do it:
iterating is a no-op (without biases Var Z is exactly quadratic in a layer's scale), and a
calibration batch of 1,024 rows instead of 64 narrows the band at the fixed-point gain (tanhshrink
6.77 ± 6.26 → 2.39 ± 1.39, softshrink 2.52 ± 1.43 → 1.57 ± 0.44 with a largest of 2.22; same
measurement) but does not bring it within 2, and makes xielu's worse (its Var Z is dominated by
the largest rows, and a larger batch holds more of them).

squared_relu's s is 2 at every q, and its band cannot be met by any initialisation at all.
f(x) = max(x, 0)² is positively homogeneous of degree 2: f(λx) = λ²f(x) for λ > 0. Without
biases, for any weights W₁ … W_L whatsoever, an input batch λX gives Z_l(λX) = λ^(2^(l−1))·Z_l(X)
(induction: Z₁ is linear in X, and each layer squares the factor), so
Var Z_l(λX)/Var Z_l(X) = λ^(2^l). If both X and λX kept max/min of Var Z over layers 1 … 20 within
2, then v₂₀/v₁ would lie in [1/2, 2] for both, and their quotient λ^(2^20 − 2) in [1/4, 4]:
|log λ| ≤ log 4/(2^20 − 2) ≈ 1.3e-6. So no weights, data-independent or calibrated on any batch,
hold the band for two inputs whose scales differ by more than 1.3e-6 relative; the RMS of an
N(0, 1) batch of 64 × 256 varies by 1/√(2·64·256) ≈ 0.55 % (one sd), that of a single row of width
256 by 1/√512 ≈ 4.4 %. In the mean-field picture q_{l+1} = c·q_l², a relative mismatch ε of q₁
becomes ≈ 2^(L−1)·ε in log q after L layers: the mean square of such a batch varies by
√(2/(64·256)) ≈ 1.1 %, and 2^19 × 1.1 % ≈ 5,800 in log Var Z at layer 20, far beyond float64's
range (≈ ±709): Var Z underflows or overflows (tests/test_init_band.py checks the λ^(2^l) scaling
on networks, and where simulate's Var Z leaves float64).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from actcli.core.activation import Activation
from actcli.core.choices import check_choice

INITS = ("he", "xavier", "lecun", "normal", "small", "lsuv")
#: other names of the same schemes (PyTorch's torch.nn.init spells them kaiming_* and xavier_*)
INIT_ALIASES = {"kaiming": "he", "glorot": "xavier"}
#: the depth the advised gain is tuned for, and the band it must keep Var Z in (max/min)
DEPTH = 20
BAND = 2.0
#: the largest slope d log q_{l+1}/d log q_l at the mean-field fixed point for which the gain alone is
#: advised: the finite-width fluctuation of each layer is then damped, its stationary spread at
#: most 1/√(1 − 0.9²) ≈ 2.3 times one layer's, against √19 ≈ 4.4 times for a random walk over 20 layers
STABLE_SLOPE = 0.9
#: the largest slope s = d log q_{l+1}/d log q_l at q₁ = gain² for which LSUV is trusted to hold the band:
#: between the largest at which it was measured to (hardswish, 1.20) and the smallest at which it did not
#: (softshrink at its fixed-point gain, 1.33); above it the gain moves to where s ≤ NEAR_LINEAR_SLOPE
LSUV_SLOPE = 1.25
#: the slope the moved gain is chosen for: 1.05¹⁹ ≈ 2.5, so over 20 layers a drift of Var Z grows at
#: most 2.5-fold more than in a linear network (s = 1), which LSUV holds within ×1.07 at width 256
NEAR_LINEAR_SLOPE = 1.05
#: the Var Z range (q) searched for that gain, and on which "s > 1 at every q" is stated
SLOPE_WINDOW = (1e-6, 1e6)
_Q = np.geomspace(SLOPE_WINDOW[0], SLOPE_WINDOW[1], 241)  # 20 points a decade
#: activations (by spec) that are positively homogeneous of degree 2 (f(λx) = λ²f(x), λ > 0): no
#: initialisation keeps their Var Z within BAND (the proof is in the module doc)
DEGREE_2 = ("squared_relu",)
#: where their Var Z leaves float64 in simulate (width 256, batch 64, seeds 0-4, the advised init):
#: (seeds in which it underflows to 0, seeds in which it overflows, the layer by which it has in every seed)
LEAVES_FLOAT64: dict[str, tuple[int, int, int]] = {"squared_relu": (4, 1, 16)}
#: activations (by spec) whose Var Z leaves the band in simulate even with the advice: (mean, sample sd,
#: max) of max/min Var Z over layers 1-20, width 256, batch 64, seeds 0-4 (tests/test_init_band.py
#: measures them again and checks these figures); infinite: Var Z overflows or underflows within the
#: 20 layers in every seed
UNMET: dict[str, tuple[float, float, float]] = {
    "squared_relu": (math.inf, math.inf, math.inf),
}
#: what LSUV gives at the fixed-point gain where the advice moves the gain (NEAR_LINEAR_SLOPE), measured
#: as UNMET is; infinite: Var Z overflows or underflows in some seed
FIXED_POINT_BANDS: dict[str, tuple[float, float, float]] = {
    "tanhshrink": (6.77, 6.26, 14.0),
    "softshrink:lambd=0.5": (2.52, 1.43, 4.19),
    "xielu:alpha_p=0.8,alpha_n=0.8,beta=0.5,eps=-1e-06": (math.inf, math.inf, math.inf),
}
#: the measurement those figures come from
BAND_RUNS = {"depth": DEPTH, "width": 256, "batch": 64, "seeds": 5}

_XS = np.linspace(-10.0, 10.0, 2001)
_W = np.exp(-0.5 * _XS * _XS) / math.sqrt(2 * math.pi) * (_XS[1] - _XS[0])
_W[0] *= 0.5
_W[-1] *= 0.5


@dataclass(frozen=True)
class Advice:
    """The initialisation actcli advises: scheme and gain, with how the gain was chosen.

    ``source``: "torch" (calculate_gain already keeps Var Z steady), "method" (fixed by the method,
    SELU's LeCun normal), "computed" (the mean-field gain; torch has none, or its own lets Var Z
    drift — ``torch_spread`` says how far over DEPTH layers) "torch-unmet" (no gain within a
    factor 2 of the variance gain keeps Var Z within BAND, so torch's is kept), "near-linear" (the
    fixed-point gain's slope exceeds LSUV_SLOPE, so the gain nearest it where the slope is at most
    NEAR_LINEAR_SLOPE: ``fixed_point_gain`` is the one it replaces) or "variance" (the one-layer
    variance gain: custom expressions, for which the search is not run). ``lsuv``: the gain alone
    does not hold Var Z at finite width (see the module doc), so LSUV follows it."""

    scheme: str
    gain: float
    variance_gain: float | None  # 1/√E[f(ξ)²]: keeps E[a²] = 1 for N(0, 1) pre-activations (one layer)
    torch_gain: float | None
    source: str
    spread: float  # mean-field max/min of Var Z over DEPTH layers with this gain
    torch_spread: float | None
    lsuv: bool = False  # orthogonal weights × gain, then each layer rescaled on a mini-batch (LSUV)
    slope: float = math.nan  # d log q_{l+1}/d log q_l of the mean-field map at q_DEPTH
    # (mean, sd, max) of the Var Z band measured in simulate when even the advice misses it (UNMET)
    unmet: tuple[float, float, float] | None = None
    # "near-linear": the mean-field gain it replaces, the map's slope there, and LSUV's measured band there
    fixed_point_gain: float | None = None
    fixed_point_slope: float = math.nan
    fixed_point_band: tuple[float, float, float] | None = None
    # the smallest slope of the map on SLOPE_WINDOW (above 1: no gain gives it a stable fixed point);
    # computed where the slope at the advised gain exceeds LSUV_SLOPE
    min_slope: float = math.nan
    degree_2: bool = False  # positively homogeneous of degree 2: no initialisation meets the band
    leaves_float64: tuple[int, int, int] | None = None  # LEAVES_FLOAT64's figures


def _second_moments(act: Activation, q: np.ndarray) -> np.ndarray:
    """E[f(√q·ξ)²] for each q (trapezoid on [−10, 10]; the tails weigh < 1e-22)."""
    x = np.sqrt(q)[:, None] * _XS[None, :]
    with np.errstate(all="ignore"):
        f = np.asarray(act(x), dtype=np.float64)
        return np.asarray(np.sum(f * f * _W[None, :], axis=1))


def mean_field_spread(act: Activation, gains: np.ndarray, depth: int = DEPTH, exact: bool = False) -> np.ndarray:
    """max/min of the mean-field Var Z over ``depth`` layers, per gain (inf when it collapses or overflows).
    The map is followed up to Var Z = 1e12 and held there (so a search can still rank exploding gains by
    how early they explode); ``exact``: inf wherever it got there."""
    g2 = np.asarray(gains, dtype=np.float64) ** 2
    q = g2.copy()
    lo, hi = q.copy(), q.copy()
    capped = np.zeros(q.shape, dtype=bool)
    with np.errstate(all="ignore"):
        for _ in range(depth - 1):
            capped |= ~(np.isfinite(q) & (q < 1e12))  # past 1e12 the map is not followed: Var Z explodes
            q = g2 * _second_moments(act, np.where(capped, 1e12, q))
            lo, hi = np.minimum(lo, q), np.maximum(hi, q)
        spread = hi / lo
    ok = np.isfinite(spread) & (lo > 0) & (~capped if exact else True)
    return np.where(ok, spread, np.inf)


def mean_field_slope(act: Activation, gain: float, depth: int = DEPTH) -> float:
    """d log q_{l+1}/d log q_l of the mean-field map at q_depth (a central difference in log q):
    below 1 the fixed point the recursion settles on is stable, above 1 it is not."""
    g2 = gain * gain
    q = g2
    with np.errstate(all="ignore"):
        for _ in range(depth - 1):
            q = g2 * float(_second_moments(act, np.array([q]))[0])
        if not (math.isfinite(q) and 0 < q < 1e12):
            return math.inf
        h = 1e-3
        lo, hi = _second_moments(act, np.array([q * math.exp(-h), q * math.exp(h)]))
    if not (lo > 0 and hi > 0 and math.isfinite(lo) and math.isfinite(hi)):
        return math.inf
    return float((math.log(hi) - math.log(lo)) / (2 * h))


def slope_at(act: Activation, q: np.ndarray) -> np.ndarray:
    """d log m/d log q of m(q) = E[f(√q·ξ)²] at each q (a central difference in log q): the slope of the
    map q → gain²·m(q) wherever LSUV holds Var Z at q (NaN where m is 0 or not finite)."""
    h = 1e-3
    q = np.asarray(q, dtype=np.float64)
    with np.errstate(all="ignore"):
        lo = _second_moments(act, q * math.exp(-h))
        hi = _second_moments(act, q * math.exp(h))
        s = (np.log(hi) - np.log(lo)) / (2 * h)
    return np.where((lo > 0) & (hi > 0) & np.isfinite(lo) & np.isfinite(hi), s, np.nan)


def _near_linear_gain(act: Activation, gain: float) -> tuple[float | None, float]:
    """The gain nearest ``gain`` (in log) whose q₁ = gain² on SLOPE_WINDOW has slope ≤ NEAR_LINEAR_SLOPE
    (None if no q there has), and the smallest slope on the window."""
    s = slope_at(act, _Q)
    finite = np.isfinite(s)
    low = float(np.min(s[finite])) if finite.any() else math.nan
    ok = np.nonzero(finite & (s <= NEAR_LINEAR_SLOPE))[0]
    if not ok.size:
        return None, low
    i = int(ok[np.argmin(np.abs(np.log(_Q[ok] / (gain * gain))))])
    return math.sqrt(float(_Q[i])), low


def _computed_gain(act: Activation, around: float) -> tuple[float, float]:
    """The gain nearest ``around`` (the one-layer variance gain) whose mean-field band is within
    BAND; if none within a factor of 2 of it is, the narrowest band there (further out a bounded
    function only keeps its variance by saturating)."""
    gains = np.geomspace(around / 2, around * 2, 49)
    s = mean_field_spread(act, gains)
    ok = np.nonzero(s <= BAND)[0]
    if ok.size:
        i = int(ok[np.argmin(np.abs(np.log(gains[ok] / around)))])
        return float(gains[i]), float(s[i])
    i = int(np.argmin(s))
    a, b = float(gains[max(i - 1, 0)]), float(gains[min(i + 1, gains.size - 1)])
    for _ in range(25):  # golden-section search on the bracket
        c, d = b - 0.618 * (b - a), a + 0.618 * (b - a)
        sc, sd = mean_field_spread(act, np.array([c, d]))
        if sc <= sd:
            b = d
        else:
            a = c
    g = 0.5 * (a + b)
    return g, float(mean_field_spread(act, np.array([g]))[0])


_CACHE: dict[tuple[int, str], tuple[object, Advice]] = {}


def _advice(act: Activation) -> Advice:
    rec = act.init
    m2 = float(_second_moments(act, np.array([1.0]))[0])
    variance_gain = 1 / math.sqrt(m2) if m2 > 0 and math.isfinite(m2) else None
    if act.record.estimated:
        # a custom expression: the 20-layer mean-field search evaluates it at ~10⁶ points, many of
        # them in high precision; its advice is the one-layer variance gain, said to be that
        return Advice(rec.scheme, variance_gain or 1.0, variance_gain, rec.torch_gain, "variance", math.nan, None)
    torch_spread = None
    if rec.torch_gain is not None:
        torch_spread = float(mean_field_spread(act, np.array([rec.torch_gain]))[0])
    if rec.fixed_gain is not None:
        gain, source = rec.fixed_gain, "method"
        spread = float(mean_field_spread(act, np.array([gain]))[0])
    elif rec.torch_gain is not None and torch_spread is not None and torch_spread <= BAND:
        gain, source, spread = rec.torch_gain, "torch", torch_spread
    else:
        gain, spread = _computed_gain(act, variance_gain or 1.0)
        source = "computed"
        if spread > BAND and rec.torch_gain is not None and torch_spread is not None:
            # no gain near the variance gain meets the band: a gain at the edge of the search is no
            # better advice than the one torch users know, so that one is kept (and the miss said)
            gain, spread, source = rec.torch_gain, torch_spread, "torch-unmet"
    slope = mean_field_slope(act, gain)
    # the same criterion for a method's own gain: SELU's holds its band alone, SIREN's sine (first layer on
    # unit-variance inputs, every later one near half of it) does not
    lsuv = not (spread <= math.sqrt(BAND) and slope <= STABLE_SLOPE)
    unmet = UNMET.get(act.spec) if lsuv else None
    if not lsuv or not float(slope_at(act, np.array([gain * gain]))[0]) > LSUV_SLOPE:
        return Advice(rec.scheme, float(gain), variance_gain, rec.torch_gain, source, spread, torch_spread,
                      lsuv, slope, unmet)
    # LSUV holds Var Z at gain², where the map is too steep for it: move to where it is nearly linear
    moved, low = _near_linear_gain(act, gain)
    degree_2 = act.spec in DEGREE_2
    if moved is None:
        return Advice(rec.scheme, float(gain), variance_gain, rec.torch_gain, source, spread, torch_spread,
                      lsuv, slope, unmet, min_slope=low, degree_2=degree_2,
                      leaves_float64=LEAVES_FLOAT64.get(act.spec))
    return Advice(rec.scheme, moved, variance_gain, rec.torch_gain, "near-linear",
                  float(mean_field_spread(act, np.array([moved]), exact=True)[0]), torch_spread, True,
                  float(slope_at(act, np.array([moved * moved]))[0]), unmet, fixed_point_gain=float(gain),
                  fixed_point_slope=slope, fixed_point_band=FIXED_POINT_BANDS.get(act.spec), min_slope=low,
                  degree_2=degree_2)


def advice(act: Activation) -> Advice:
    """The scheme and gain actcli advises for ``act`` (see the module doc); cached per activation."""
    key = (id(act.record), act.spec)
    found = _CACHE.get(key)
    if found is None or found[0] is not act.record:  # the record kept: an id is never reused for it
        found = _CACHE[key] = (act.record, _advice(act))
    return found[1]


def resolve_init(act: Activation, init: str | None) -> tuple[str, float]:
    """The scheme and its gain: by default (and for "lsuv", which :func:`uses_lsuv` then adds)
    actcli's advice (:func:`advice`); a scheme chosen by name gets torch's calculate_gain for this
    activation where the scheme is its family and torch defines one, else the scheme's usual gain
    (he: √2, xavier and lecun: 1)."""
    chosen = check_choice("init", init, INITS + tuple(INIT_ALIASES))
    scheme = INIT_ALIASES.get(chosen or "", chosen)
    if scheme is None or scheme == "lsuv":
        a = advice(act)
        return a.scheme, a.gain
    torch = act.init.torch_gain if act.init.scheme == scheme else None
    if scheme == "he":
        return scheme, float(torch or math.sqrt(2.0))
    if scheme == "xavier":
        return scheme, float(torch or 1.0)
    return scheme, 1.0


def uses_lsuv(act: Activation, init: str | None) -> bool:
    """Whether the init ``resolve_init`` gives is followed by LSUV: "lsuv" chosen by name, or the
    advice (no scheme chosen) for an activation whose gain alone does not hold Var Z (see :class:`Advice`)."""
    if init is None:
        return advice(act).lsuv
    return check_choice("init", init, INITS + tuple(INIT_ALIASES)) == "lsuv"


def orthogonal(rng: np.random.Generator, n: int, gain: float) -> np.ndarray:
    """An n × n orthogonal matrix times ``gain``, uniform (Haar) over the orthogonal group: the Q
    of a Gaussian matrix's QR with the signs of R's diagonal moved into it (Mezzadri 2007), as
    torch.nn.init.orthogonal_ draws it. Var of each entry is gain²/n, as with He or LeCun."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return np.asarray(q * np.sign(np.diagonal(r)) * gain)


def semi_orthogonal(draw: np.ndarray, std: float) -> np.ndarray:
    """The (semi-)orthogonal factor of a Gaussian fan_in × fan_out ``draw`` (Haar-distributed, signs as
    :func:`orthogonal`), scaled so that each entry's variance is ``std²`` as in the Gaussian scheme:
    orthonormal columns when fan_in ≥ fan_out, orthonormal rows otherwise (torch.nn.init.orthogonal_)."""
    fan_in, fan_out = draw.shape
    tall = fan_in >= fan_out
    q, r = np.linalg.qr(draw if tall else draw.T)
    q = q * np.sign(np.diagonal(r))
    return np.asarray((q if tall else q.T) * (std * math.sqrt(max(fan_in, fan_out))))


def lsuv(act: Activation, weights: list[np.ndarray], x: np.ndarray) -> list[float]:
    """Layer-sequential unit-variance scaling (Mishkin & Matas 2016, Algorithm 1), in place: pass
    the mini-batch ``x`` forward and rescale each layer's weights after the first so that its Var Z
    on that batch equals the first layer's (the variance the advised gain sets; LSUV's own target is
    1, which only fixes the scale). Without biases Var Z is exactly quadratic in the scale, so one
    step per layer reaches the target (the paper iterates to a tolerance). Returns the factors."""
    scales: list[float] = []
    a = x
    target = math.nan
    with np.errstate(all="ignore"):
        for i, w in enumerate(weights):
            z = a @ w
            v = float(z.var())
            if i == 0:
                target = v
            elif math.isfinite(v) and v > 0 and math.isfinite(target):
                c = math.sqrt(target / v)
                w *= c
                z *= c
                scales.append(c)
            a = np.asarray(act(z))
    return scales


def init_std(scheme: str, gain: float, fan_in: int, fan_out: int) -> float:
    if scheme == "he":
        return gain / math.sqrt(fan_in)
    if scheme == "xavier":
        return gain * math.sqrt(2.0 / (fan_in + fan_out))
    if scheme == "lecun":
        return gain / math.sqrt(fan_in)
    if scheme == "normal":
        return 1.0
    return 0.01  # small
