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
band leaves half the band's log for the fluctuations (≤ √BAND); everywhere else the advice adds
LSUV (Mishkin & Matas 2016, "All you need is a good init"): orthogonal weights (Saxe et al. 2014)
times the gain, then each layer's weights rescaled on one mini-batch so its Var Z equals the first
layer's. ``tests/test_init_band.py`` runs actcli's own simulate at depth 20, width 256 over 5
seeds for every activation and checks the band with its advised init; where even LSUV does not hold
it (``UNMET``, measured there), the advice says so with the figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from actcli.core.activation import Activation
from actcli.core.choices import check_choice

INITS = ("he", "xavier", "lecun", "normal", "small")
#: other names of the same schemes (PyTorch's torch.nn.init spells them kaiming_* and xavier_*)
INIT_ALIASES = {"kaiming": "he", "glorot": "xavier"}
#: the depth the advised gain is tuned for, and the band it must keep Var Z in (max/min)
DEPTH = 20
BAND = 2.0
#: the largest slope d log q_{l+1}/d log q_l at the mean-field fixed point for which the gain alone is
#: advised: the finite-width fluctuation of each layer is then damped, its stationary spread at
#: most 1/√(1 − 0.9²) ≈ 2.3 times one layer's, against √19 ≈ 4.4 times for a random walk over 20 layers
STABLE_SLOPE = 0.9
#: activations (by spec) whose Var Z leaves the band in simulate even with LSUV: (mean, sample sd, max) of
#: max/min Var Z over layers 1-20, width 256, batch 64, seeds 0-4 (tests/test_init_band.py measures
#: them again and checks these figures); all three infinite: Var Z leaves every band, overflowing or
#: underflowing within the 20 layers in some seed (f grows like x² for x > 0, so each layer squares the
#: small mismatch between the batch LSUV calibrates on and any other batch)
UNMET: dict[str, tuple[float, float, float]] = {
    "tanhshrink": (6.77, 6.26, 14.0),
    "softshrink:lambd=0.5": (2.52, 1.43, 4.19),
    "squared_relu": (math.inf, math.inf, math.inf),
    "xielu:alpha_p=0.8,alpha_n=0.8,beta=0.5,eps=-1e-06": (math.inf, math.inf, math.inf),
    # SIREN's init (fixed by the method, no LSUV): with unit-variance inputs Var z₁ = gain², and every
    # later Var z = gain²·E[sin²(ω₀z)] < gain²/2, so no gain keeps layer 1 within ×2 of the others
    "sine:w0=30.0": (2.60, 0.0181, 2.63),
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
    factor 2 of the variance gain keeps Var Z within BAND, so torch's is kept) or "variance" (the
    one-layer variance gain: custom expressions, for which the search is not run). ``lsuv``: the
    gain alone does not hold Var Z at finite width (see the module doc), so LSUV follows it."""

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


def _second_moments(act: Activation, q: np.ndarray) -> np.ndarray:
    """E[f(√q·ξ)²] for each q (trapezoid on [−10, 10]; the tails weigh < 1e-22)."""
    x = np.sqrt(q)[:, None] * _XS[None, :]
    with np.errstate(all="ignore"):
        f = np.asarray(act(x), dtype=np.float64)
        return np.asarray(np.sum(f * f * _W[None, :], axis=1))


def mean_field_spread(act: Activation, gains: np.ndarray, depth: int = DEPTH) -> np.ndarray:
    """max/min of the mean-field Var Z over ``depth`` layers, per gain (inf when it collapses or overflows)."""
    g2 = np.asarray(gains, dtype=np.float64) ** 2
    q = g2.copy()
    lo, hi = q.copy(), q.copy()
    with np.errstate(all="ignore"):
        for _ in range(depth - 1):
            q = g2 * _second_moments(act, np.where(np.isfinite(q) & (q < 1e12), q, 1e12))
            lo, hi = np.minimum(lo, q), np.maximum(hi, q)
        spread = hi / lo
    return np.where(np.isfinite(spread) & (lo > 0), spread, np.inf)


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
    lsuv = source != "method" and not (spread <= math.sqrt(BAND) and slope <= STABLE_SLOPE)
    unmet = UNMET.get(act.spec) if lsuv or source == "method" else None
    return Advice(rec.scheme, float(gain), variance_gain, rec.torch_gain, source, spread, torch_spread,
                  lsuv, slope, unmet)


def advice(act: Activation) -> Advice:
    """The scheme and gain actcli advises for ``act`` (see the module doc); cached per activation."""
    key = (id(act.record), act.spec)
    found = _CACHE.get(key)
    if found is None or found[0] is not act.record:  # the record kept: an id is never reused for it
        found = _CACHE[key] = (act.record, _advice(act))
    return found[1]


def resolve_init(act: Activation, init: str | None) -> tuple[str, float]:
    """The scheme and its gain: by default actcli's advice (:func:`advice`); a scheme chosen by
    name gets torch's calculate_gain for this activation where the scheme is its family and torch
    defines one, else the scheme's usual gain (he: √2, xavier and lecun: 1)."""
    chosen = check_choice("init", init, INITS + tuple(INIT_ALIASES))
    scheme = INIT_ALIASES.get(chosen or "", chosen)
    if scheme is None:
        a = advice(act)
        return a.scheme, a.gain
    torch = act.init.torch_gain if act.init.scheme == scheme else None
    if scheme == "he":
        return scheme, float(torch or math.sqrt(2.0))
    if scheme == "xavier":
        return scheme, float(torch or 1.0)
    return scheme, 1.0


def uses_lsuv(act: Activation, init: str | None) -> bool:
    """Whether the init ``resolve_init`` gives is followed by LSUV: only the advice (no scheme
    chosen by name) for an activation whose gain alone does not hold Var Z (see :class:`Advice`)."""
    return init is None and advice(act).lsuv


def orthogonal(rng: np.random.Generator, n: int, gain: float) -> np.ndarray:
    """An n × n orthogonal matrix times ``gain``, uniform (Haar) over the orthogonal group: the Q
    of a Gaussian matrix's QR with the signs of R's diagonal moved into it (Mezzadri 2007), as
    torch.nn.init.orthogonal_ draws it. Var of each entry is gain²/n, as with He or LeCun."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return np.asarray(q * np.sign(np.diagonal(r)) * gain)


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
