"""The seed tutorial's six criteria (and a few more), computed for one activation.

An expression finite only on part of ℝ (log(x), sqrt(x), 1/x) is analysed on the widest piece of
[−50, 50] inside its domain, as ``derive`` does with its range; E[f(Z)] for Z ~ N(0, 1) and the
simulated network need f on all of ℝ and are left out (None, not measured) for it.

non-linearity, differentiability, monotonicity, output range, compute efficiency and gradient
propagation — each from the activation's functions and its record's verified claims, never typed
in. The tests hold every number against an independent computation.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actcli.analysis.properties import Properties, properties
from actcli.analysis.window import domain_text
from actcli.analysis.zones import Zone, zones
from actcli.core.activation import Activation
from actcli.core.record import Interval, Kink
from actcli.errors import NotElementwiseError, UsageError
from actcli.nn.init import Advice, advice

SCAN = (-50.0, 50.0)  # where saturation thresholds and the peak of |f′| are looked for
ZERO_CENTRED_TOL = 1e-3
DEPTHS = (5, 10)
COST_SIZE = 1 << 16  # float64 values per call (512 KiB: stays in a core's L2 cache)
COST_REPEATS = 15  # timed pairs (f, copy); the median ratio is reported
COST_CALLS = 3  # calls per timing
COST_BUDGET = 0.1  # seconds a slow function may take (fewer pairs then)
#: the network the measured gradient ratio comes from (as ``actcli simulate`` builds it)
MEASURE = {"depth": 10, "width": 128, "batch": 128, "seed": 0}


@dataclass(frozen=True)
class Cost:
    ops: str  # what one evaluation costs, in operations (from the record)
    relative: float | None  # median time of f on COST_SIZE float64 values ÷ that of a copy


@dataclass(frozen=True)
class Peak:
    """Where |f′| reaches sup |f′|.

    Elementwise kinds: ``argmax`` holds the points and intervals of x where the supremum is
    attained (empty when it is only approached). Vector kinds: the supremum of |∂sᵢ/∂zᵢ| as a
    function of the unit's own output sᵢ, reached at ``at_s`` (attained or only approached)."""

    value: float
    argmax: tuple[Interval, ...] = ()
    at_s: float | None = None
    attained: bool = True
    approached_at: float | None = None  # a one-sided limit at a kink or at ±inf


@dataclass(frozen=True)
class Profile:
    act: Activation
    nonlinear: bool
    differentiable: bool
    kinks: tuple[Kink, ...]
    monotonic: str  # "increasing" | "decreasing" | "none" | "constant"
    output_range: Interval
    zero_centered: bool
    mean_output: float | None  # E[f(Z)], Z ~ N(0, 1)
    second_moment: float | None  # E[f(Z)²]
    smoothness: int | None  # k for Cᵏ, None for C∞, −1 when f itself jumps
    identity_near_zero: bool
    derivative_range: Interval
    peak: Peak
    dead_zones: list[Zone]
    depth_factor: dict[int, float]  # max|f′|^n: the most the activations can pass back over n layers
    init: Advice
    init_note: str
    cost: Cost
    props: Properties
    measured: dict[str, Any] = field(default_factory=dict)  # filled by simulate, when run
    # an expression finite only on part of ℝ (log, sqrt, /): its domain and the piece of SCAN
    # analysed (dead zones); E[f(Z)] and the simulated network need all of ℝ and are left out
    domain: tuple[Interval, ...] | None = None
    analysed: Interval | None = None

    @property
    def max_abs_derivative(self) -> float:
        return self.peak.value


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
        with np.errstate(over="ignore"):  # f² beyond the largest float: the moment is inf
            mean += float(h / 3 * np.sum(weights * f * w))
            second += float(h / 3 * np.sum(weights * f * f * w))
    return mean, second


def identity_near_zero(act: Activation) -> bool:
    """f(0) = 0 and f′ → 1 from both sides of 0: the function starts out as the identity."""
    f0 = float(act(0.0))
    left = float(act.derivative(np.nextafter(0.0, -1.0)))
    right = float(act.derivative(np.nextafter(0.0, 1.0)))
    return abs(f0) < 1e-12 and abs(left - 1) < 1e-9 and abs(right - 1) < 1e-9


def measure_cost(act: Activation, size: int = COST_SIZE, repeats: int = COST_REPEATS) -> float:
    """How many times a plain copy (what identity costs) f takes: the median over ``repeats``
    pairs (fewer, down to 5, for a function slow enough to take more than COST_BUDGET) of the ratio (time of f) ÷ (time of ``x.copy()``), each timed over COST_CALLS calls back
    to back on the same ``size`` float64 values (N(0, 1), seed 0; small enough to stay in cache,
    so that memory traffic and machine load weigh little). Each pair is timed together, so a
    change of load between pairs cancels in its ratio; the median drops the pairs a load spike hit."""
    x = np.random.default_rng(0).normal(size=size)
    if act.kind == "vector":
        x = x.reshape(-1, 256)
    t0 = time.perf_counter()
    act(x)  # warm up (imports, caches), and how long one call takes
    once = time.perf_counter() - t0
    # at most ~COST_BUDGET seconds for slow functions (softmax, erf), but never fewer than 5 pairs
    pairs = max(5, min(repeats, int(COST_BUDGET / max(COST_CALLS * once, 1e-9))))
    ratios = []
    for _ in range(pairs):
        t0 = time.perf_counter()
        for _ in range(COST_CALLS):
            act(x)
        t1 = time.perf_counter()
        for _ in range(COST_CALLS):
            x.copy()
        t2 = time.perf_counter()
        ratios.append((t1 - t0) / max(t2 - t1, 1e-9))
    return float(np.median(ratios))


def measured_gradient(act: Activation) -> dict[str, Any]:
    """The seed's claim measured: rms dZ of layer 1 over layer 10 of the network ``simulate``
    builds (N(0, 1) inputs, MSE read-out), with the activation's recommended init."""
    from actcli.nn.simulate import simulate

    run = simulate(act, MEASURE["depth"], MEASURE["width"], MEASURE["batch"], None, MEASURE["seed"])
    return {
        **MEASURE,
        "init": run.init,
        "gradient_ratio": run.summary.gradient_ratio,
        "vanishes_at_layer": run.summary.vanishes_at_layer,
        "dead_fraction": run.summary.dead_fraction,
    }


def _peak(props: Properties) -> Peak:
    """Where |f′| reaches its supremum (from :func:`~actcli.analysis.properties.properties`)."""
    approached = props.approached[0] if props.approached else None
    return Peak(props.sup_abs, argmax=props.argmax, attained=props.attained, approached_at=approached)


def _power(value: float, n: int) -> float:
    """value**n, inf when it is beyond the largest float (elu:alpha=1e300)."""
    try:
        return value**n if math.isfinite(value) else math.inf
    except OverflowError:
        return math.inf


def one_variable(act: Activation) -> None:
    """Refuse a gated activation: compare's criteria are about functions of one variable."""
    gate = act.record.gate
    if gate is not None:
        raise NotElementwiseError(
            f"{act.name} is a gated activation f(a, b) of two halves: the criteria compare functions of one variable",
            hint=f"compare its gate, {gate.name}, or see both partials with 'actcli derive {act.name}'",
        )


def profile(act: Activation, timing: bool = True, measure: bool = False) -> Profile:
    """Every property ``actcli compare`` shows, for one activation."""
    one_variable(act)
    claims = act.claims
    init = act.init
    cost = Cost(ops=act.record.cost, relative=measure_cost(act) if timing else None)
    dr = claims.derivative_range
    props = properties(act)
    value = props.sup_abs
    depth = {n: _power(value, n) for n in DEPTHS}
    if act.kind == "vector":
        zero_centered = claims.output_range.lo < 0 < claims.output_range.hi
        return Profile(
            act=act, nonlinear=claims.nonlinear, differentiable=claims.smoothness != 0, kinks=(),
            monotonic=props.monotonic, output_range=claims.output_range, zero_centered=zero_centered,
            mean_output=None, second_moment=None, smoothness=claims.smoothness,
            identity_near_zero=False, derivative_range=dr, peak=_peak(props),
            dead_zones=[],
            depth_factor=depth, init=_vector_advice(init), init_note=init.note, cost=cost, props=props,
        )
    whole = act.record.domain == (Interval(-math.inf, math.inf),)
    lo, hi, analysed = SCAN[0], SCAN[1], None
    if not whole:
        from actcli.analysis.window import restrict

        cut = restrict(SCAN[0], SCAN[1], act.record.domain)
        if cut is None:
            raise UsageError(f"f, f' and f'' are finite only for {domain_text(act.record.domain)}: "
                             f"no part of [{SCAN[0]:g}, {SCAN[1]:g}], the window compare analyses",
                             hint="'actcli derive SPEC --range A B' analyses any range", code="outside_domain")
        lo, hi, analysed = cut
    mean, second = gaussian_moments(act) if whole else (None, None)
    found = [z for z in zones(act, lo, hi) if z.kind == "dead"]
    return Profile(
        act=act,
        nonlinear=claims.nonlinear,
        differentiable=claims.differentiable,
        kinks=claims.kinks,
        monotonic=props.monotonic,
        output_range=claims.output_range,
        zero_centered=mean is not None and abs(mean) < ZERO_CENTRED_TOL,
        mean_output=mean,
        second_moment=second,
        smoothness=claims.smoothness,
        identity_near_zero=identity_near_zero(act),
        derivative_range=dr,
        peak=_peak(props),
        dead_zones=[z for z in found if z.kind == "dead"],
        # saturating: f′ → 0 at that end without being identically 0 there (that is a dead zone)
        depth_factor=depth,
        init=advice(act),
        init_note=init.note,
        cost=cost,
        props=props,
        measured=measured_gradient(act) if measure and whole else {},
        domain=None if whole else act.record.domain,
        analysed=analysed,
    )


def _vector_advice(init: Any) -> Advice:
    """An output layer's init: the record's scheme and torch's gain (no hidden-layer recursion)."""
    gain = init.torch_gain if init.torch_gain is not None else 1.0
    return Advice(init.scheme, gain, None, init.torch_gain, "torch", math.nan, None)
