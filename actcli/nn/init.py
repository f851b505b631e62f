"""Weight initialisation: the schemes simulate can use, and the gain actcli advises for each activation.

The advice is computed, not copied: with weights N(0, gain²/fan_in) and N(0, 1) inputs, the
mean-field recursion of a wide network is q₁ = gain², q_{l+1} = gain²·E[f(√q_l·ξ)²] (ξ ~ N(0, 1)),
q_l the variance of layer l's pre-activations Z. :func:`advice` picks the gain that keeps
q₁ … q₂₀ within a band max/min ≤ 2, nearest the one-layer variance gain 1/√E[f(ξ)²] (or the
narrowest band within a factor of 2 of it when none does), or the method's own gain where one is fixed (SELU's
LeCun normal, Var w = 1/fan_in), or torch's calculate_gain where that already keeps the
mean-field band within BAND. ``tests/test_init.py`` runs actcli's own simulate at depth 20, width 256 over seeds
and checks the band it reports; where the variance-preserving fixed point is unstable (the
self-gated and shrinking functions) no gain holds Var Z for 20 layers at finite width, and the
advice says so (``spread``).
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
    one-layer variance gain: custom expressions, for which the search is not run)."""

    scheme: str
    gain: float
    variance_gain: float | None  # 1/√E[f(ξ)²]: keeps E[a²] = 1 for N(0, 1) pre-activations (one layer)
    torch_gain: float | None
    source: str
    spread: float  # mean-field max/min of Var Z over DEPTH layers with this gain
    torch_spread: float | None


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
    return Advice(rec.scheme, float(gain), variance_gain, rec.torch_gain, source, spread, torch_spread)


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
