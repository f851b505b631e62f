"""The seed tutorial's six criteria (and a few more), computed for one activation.

non-linearity, differentiability, monotonicity, output range, compute efficiency and gradient
propagation — each from the activation's functions and its record's verified claims, never typed
in. ``tests/test_compare.py`` holds every number against an independent computation.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actcli import analysis
from actcli.record import Interval, Kink
from actcli.registry import Activation

SCAN = (-50.0, 50.0)  # where saturation thresholds and the peak of |f′| are looked for  # where saturation thresholds are looked for
ZERO_CENTRED_TOL = 1e-3
DEPTHS = (5, 10)
COST_SIZE = 1_000_000
COST_REPEATS = 7


@dataclass(frozen=True)
class Cost:
    ops: str
    relative: float | None  # median time of f on 10⁶ float64 values ÷ that of identity
    method: str


@dataclass(frozen=True)
class Profile:
    act: Activation
    nonlinear: bool
    differentiable: bool
    kinks: tuple[Kink, ...]
    monotonic: bool
    output_range: Interval
    zero_centered: bool
    mean_output: float | None  # E[f(Z)], Z ~ N(0, 1)
    second_moment: float | None  # E[f(Z)²]
    smoothness: str
    identity_near_zero: bool
    derivative_range: Interval
    max_abs_derivative: float
    argmax: str
    saturation: list[analysis.Zone]
    dead_zones: list[analysis.Zone]
    saturates: tuple[bool, bool]  # f′ → 0 as x → −∞, +∞
    depth_factor: dict[int, float]  # max|f′|^n: the most the activations can pass back over n layers
    init_scheme: str
    init_gain: float | None
    init_note: str
    variance_gain: float | None  # 1/√E[f(Z)²]: the gain that keeps E[a²] = 1 for N(0,1) pre-activations
    cost: Cost
    measured: dict[str, Any] = field(default_factory=dict)  # filled by simulate, when run


def render_num(v: float) -> str:
    return f"{v:.4g}".replace("-", "−")


def smoothness_text(order: int | None) -> str:
    if order is None:
        return "C∞"
    if order < 0:
        return "discontinuous"
    return f"C{order}"


def gaussian_moments(act: Activation) -> tuple[float, float]:
    """E[f(Z)] and E[f(Z)²] for Z ~ N(0, 1): composite Simpson on [−12, 12] cut at every kink
    (each piece smooth, its ends taken one-sidedly); the tails beyond ±12 weigh < 1e-32."""
    cuts = [-12.0, *sorted({k.x for k in act.claims.kinks if -12 < k.x < 12}), 12.0]
    mean = second = 0.0
    for a, b in zip(cuts[:-1], cuts[1:]):
        n = 2 * max(8, int(round(4000 * (b - a) / 24)))  # an even number of intervals
        xs = np.linspace(a, b, n + 1)
        xs[0], xs[-1] = np.nextafter(a, b), np.nextafter(b, a)
        w = np.exp(-0.5 * xs * xs) / math.sqrt(2 * math.pi)
        f = act(xs)
        weights = np.ones(n + 1)
        weights[1:-1:2], weights[2:-1:2] = 4.0, 2.0
        h = (b - a) / n
        mean += float(h / 3 * np.sum(weights * f * w))
        second += float(h / 3 * np.sum(weights * f * f * w))
    return mean, second


def identity_near_zero(act: Activation) -> bool:
    """f(0) = 0 and f′ → 1 from both sides of 0: the function starts out as the identity."""
    f0 = float(act(0.0))
    left = float(act.derivative(np.nextafter(0.0, -1.0)))
    right = float(act.derivative(np.nextafter(0.0, 1.0)))
    return abs(f0) < 1e-12 and abs(left - 1) < 1e-9 and abs(right - 1) < 1e-9


def measure_cost(act: Activation, identity: Activation, size: int = COST_SIZE, repeats: int = COST_REPEATS) -> float:
    """Median wall time of f on ``size`` float64 values, divided by identity's, measured in
    alternation so that both see the same machine load."""
    x = np.random.default_rng(0).normal(size=size)
    if act.kind == "vector":
        x = x.reshape(-1, 1000)
    ours, base = [], []
    act(x)
    identity(x)
    for _ in range(repeats):
        t0 = time.perf_counter()
        act(x)
        t1 = time.perf_counter()
        identity(x)
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        base.append(t2 - t1)
    return float(np.median(ours) / np.median(base))


MEASURE = {"depth": 10, "width": 128, "batch": 128, "seed": 0}


def measured_gradient(act: Activation) -> dict[str, Any]:
    """The seed's claim measured: a 10-layer network with the activation's recommended init."""
    from actcli.simulate import simulate

    run = simulate(act, MEASURE["depth"], MEASURE["width"], MEASURE["batch"], None, MEASURE["seed"])
    return {
        **MEASURE,
        "init": run.init,
        "gradient_ratio": run.summary.gradient_ratio,
        "vanishes_at_layer": run.summary.vanishes_at_layer,
        "dead_fraction": run.summary.dead_fraction,
        "how": "actcli simulate: rms dZ of layer 1 ÷ layer 10, N(0,1) inputs, MSE read-out",
    }


def profile(act: Activation, timing: bool = True, measure: bool = False) -> Profile:
    """Every property ``actcli compare`` shows, for one activation."""
    from actcli.registry import get

    claims = act.claims
    init = act.init
    cost = Cost(
        ops=act.record.cost,
        relative=measure_cost(act, get("identity")) if timing else None,
        method=f"median of {COST_REPEATS} runs of f on {COST_SIZE:,} float64 values, "
        "alternating with identity (a copy) on the same array",
    )
    dr = claims.derivative_range
    peak = max(abs(dr.lo), abs(dr.hi))
    depth = {n: (peak**n if math.isfinite(peak) else math.inf) for n in DEPTHS}
    if act.kind == "vector":
        zero_centered = claims.output_range.lo < 0 < claims.output_range.hi
        return Profile(
            act=act, nonlinear=claims.nonlinear, differentiable=True, kinks=(),
            monotonic=claims.monotonic, output_range=claims.output_range, zero_centered=zero_centered,
            mean_output=None, second_moment=None, smoothness=smoothness_text(claims.smoothness),
            identity_near_zero=False, derivative_range=dr, max_abs_derivative=peak,
            argmax="at uniform logits (sᵢ = 1/2 for two classes)" if act.name != "log_softmax" else "as sᵢ → 0",
            saturation=[], dead_zones=[], saturates=(True, True), depth_factor=depth,
            init_scheme=init.scheme, init_gain=init.gain, init_note=init.note, variance_gain=None,
            cost=cost,
        )
    mean, second = gaussian_moments(act)
    lo, hi = SCAN
    zones = analysis.zones(act, lo, hi)
    rng = analysis.derivative_range(act, lo, hi)
    if not math.isfinite(peak):
        argmax = "as x → ∞"
    elif rng.attained_on is not None and rng.attained_on.hi == hi:
        # a plateau that runs to the end of the scan: relu′ = 1 for every x > 0
        start = rng.attained_on
        argmax = f"for x {'≥' if start.lo_closed else '>'} {render_num(start.lo)}"
    else:
        argmax = rng.where()
    return Profile(
        act=act,
        nonlinear=claims.nonlinear,
        differentiable=claims.differentiable,
        kinks=claims.kinks,
        monotonic=claims.monotonic,
        output_range=claims.output_range,
        zero_centered=abs(mean) < ZERO_CENTRED_TOL,
        mean_output=mean,
        second_moment=second,
        smoothness=smoothness_text(claims.smoothness),
        identity_near_zero=identity_near_zero(act),
        derivative_range=dr,
        max_abs_derivative=peak,
        argmax=argmax,
        saturation=[z for z in zones if z.kind == "saturated"],
        dead_zones=[z for z in zones if z.kind == "dead"],
        # saturating: f′ → 0 at that end without being identically 0 there (that is a dead zone)
        saturates=(
            float(act.derivative(-math.inf)) == 0.0 and not any(z.open_left for z in zones if z.kind == "dead"),
            float(act.derivative(math.inf)) == 0.0 and not any(z.open_right for z in zones if z.kind == "dead"),
        ),
        depth_factor=depth,
        init_scheme=init.scheme,
        init_gain=init.gain,
        init_note=init.note,
        variance_gain=1 / math.sqrt(second) if second > 0 else None,
        cost=cost,
        measured=measured_gradient(act) if measure else {},
    )
