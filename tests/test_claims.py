"""Every record's claims, established independently with the mpmath reference (not restated).

Range ends, monotonicity, the range of f′, dead zones, kinks (one-sided limits of f′ and
continuity of f), the smoothness class and non-linearity are each recomputed here from the
high-precision definitions in ``tests/reference.py``.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.api import records
from actcli.core.activation import Activation
from tests.reference import REF, mp_params

SPECS = [r.name for r in records() if r.kind == "elementwise"] + [
    "leaky_relu:negative_slope=0.3",
    "elu:alpha=2",
    "elu:alpha=0.5",
    "celu:alpha=3",
    "gelu:approximate=tanh",
    "softplus:beta=3",
    "softplus:beta=10,threshold=0.4",  # PyTorch's cut-off: f jumps down at x = 0.04
    "softplus:beta=2,threshold=-1",
    "hardtanh:min_val=-2,max_val=0.5",
    "softshrink:lambd=1",
    "hardshrink:lambd=2",
    "threshold:threshold=1,value=-2",
    "threshold:threshold=-1,value=2",
]

# ±40 keeps 1 − σ(x) and 1 − tanh(x) well inside 40 significant digits
GRID = sorted(set(np.concatenate([np.linspace(-40, 40, 1601), np.linspace(-6, 6, 1201)]).tolist()))
FAR = mp.mpf("1e30")


def _fns(spec: str) -> tuple[Any, Any, Any, Any]:
    act = actcli.get(spec)
    p = mp_params(act.params)
    def at80(g: Any) -> Any:
        def h(x: Any) -> Any:
            with mp.workdps(80):  # so that 1 − σ(3·40) ≈ 1e-52 is still seen as < 1
                return g(mp.mpf(x), p)

        return h

    f, d1, d2 = (at80(g) for g in REF[act.name])
    return act, f, d1, d2


def _off_kinks(act: Activation, xs: list[float]) -> list[float]:
    ks = [k.x for k in act.claims.kinks]
    return [x for x in xs if all(abs(x - k) > 1e-9 for k in ks)]


@pytest.mark.parametrize("spec", SPECS)
def test_output_range(spec: str) -> None:
    act, f, d1, _ = _fns(spec)
    rng = act.claims.output_range
    near_kinks = [f(k.x + s) for k in act.claims.kinks for s in (-1e-12, 1e-12)]
    values = [f(x) for x in GRID] + near_kinks + [f(-FAR), f(FAR)]
    # compared in mpmath (σ(40) is 1.0 in float64 but < 1 here); an irrational end such as
    # selu's −λα is stored as the nearest float64, so it is honoured to within its own ulp
    lo_slack = np.spacing(abs(rng.lo)) if math.isfinite(rng.lo) else 0.0
    hi_slack = np.spacing(abs(rng.hi)) if math.isfinite(rng.hi) else 0.0
    for v in values[:-2]:
        assert v > rng.lo - lo_slack or (rng.lo_closed and v == rng.lo), (spec, float(v))
        assert v < rng.hi + hi_slack or (rng.hi_closed and v == rng.hi), (spec, float(v))
    lo, hi = min(values), max(values)
    for end, closed, extreme, sign in ((rng.lo, rng.lo_closed, lo, -1), (rng.hi, rng.hi_closed, hi, 1)):
        if math.isinf(end):
            assert sign * extreme > 1e20, (spec, "unbounded side", end, extreme)
        elif closed:
            # attained: the extreme on the grid, refined at a root of f′, equals the end
            i = min(range(len(GRID)), key=lambda j: abs(f(GRID[j]) - end))
            x0 = GRID[i]
            if abs(f(x0) - end) > 1e-12:
                x0 = mp.findroot(d1, x0)
            assert abs(f(x0) - end) < 1e-12, (spec, "closed end not attained", end)
        else:
            # open: approached (at ±∞) but every value stays strictly on the inside
            assert abs(extreme - end) < 1e-10, (spec, "open end not approached", end, extreme)
            slack = lo_slack if sign < 0 else hi_slack
            assert all(sign * (end - v) > -slack for v in values[:-2]), (spec, "open end reached", end)


@pytest.mark.parametrize("spec", SPECS)
def test_monotonic_and_derivative_range(spec: str) -> None:
    act, f, d1, _ = _fns(spec)
    c = act.claims
    xs = _off_kinks(act, GRID)
    slopes = [d1(x) for x in xs] + [d1(-FAR), d1(FAR)]
    # one-sided limits at kinks belong to the closure of f′'s range
    slopes += [mp.mpf(v) for k in c.kinks for v in (k.left, k.right)]
    jumps_down = any(
        f(k.x + 1e-9) < f(k.x - 1e-9) for k in c.kinks if not k.continuous
    )
    assert c.monotonic == (min(slopes) >= 0 and not jumps_down), spec
    lo, hi = min(slopes), max(slopes)
    dr = c.derivative_range

    polished: list[float] = []

    def refine(extreme: Any, slope_values: list[Any], end: float) -> Any:
        # an interior extremum of f′ sits at a root of f″: polish the grid's best point there
        if abs(extreme - end) < 1e-9:
            return extreme
        x0 = xs[min(range(len(xs)), key=lambda j: abs(slope_values[j] - extreme))]
        root = mp.findroot(d2, x0)
        polished.append(float(root))
        return d1(root)

    d2 = _fns(spec)[3]
    if math.isinf(dr.hi):
        assert hi > 1e20
    else:
        assert abs(refine(hi, slopes, dr.hi) - dr.hi) < 1e-12, (spec, "sup f′", float(hi), dr.hi)
    assert abs(refine(lo, slopes, dr.lo) - dr.lo) < 1e-12, (spec, "inf f′", float(lo), dr.lo)
    # a closed end is attained by derivative() somewhere (a grid point or a kink), an open one not
    ours = np.concatenate([act.derivative(np.array(xs + polished)), act.derivative(np.array([k.x for k in c.kinks]))])
    for end, closed in ((dr.lo, dr.lo_closed), (dr.hi, dr.hi_closed)):
        if math.isinf(end):
            continue
        hit = np.any(np.abs(ours - end) < 1e-6)
        if closed:
            assert hit, (spec, "closed end of f′ range never attained", end)
        else:  # in exact arithmetic no point reaches it (float64 may round onto it far out)
            assert all(v != end for v in slopes[: len(xs)]), (spec, "open end of f′ attained", end)
            assert all(k.derivative != end for k in c.kinks), (spec, "kink value on open end", end)


@pytest.mark.parametrize("spec", SPECS)
def test_dead_zones(spec: str) -> None:
    act, _, d1, _ = _fns(spec)
    zones = act.claims.dead_zones
    for x in _off_kinks(act, GRID):
        inside = any(z.contains(x) for z in zones)
        if inside:
            assert d1(x) == 0, (spec, x, float(d1(x)))
        elif d1(x) == 0:  # an isolated zero (tanhshrink′(0), hardswish′(−1.5)) is no zone
            assert d1(x - 1e-3) != 0 and d1(x + 1e-3) != 0, (spec, "unlisted dead zone at", x)


@pytest.mark.parametrize("spec", SPECS)
def test_kinks(spec: str) -> None:
    act, f, d1, _ = _fns(spec)
    eps = 1e-12
    found = []
    for k in act.claims.kinks:
        left, right = d1(k.x - eps), d1(k.x + eps)
        assert abs(left - k.left) < 1e-9 and abs(right - k.right) < 1e-9, (spec, k)
        assert k.left != k.right or not k.continuous, (spec, "not a kink", k)
        continuous = abs(f(k.x + eps) - f(k.x - eps)) < 1e-9
        assert continuous == k.continuous, (spec, k)
        assert float(act.derivative(k.x)) == k.derivative, (spec, k)
        found.append(k.x)
    # no other kinks: f′ has no jump between any two close grid points elsewhere
    xs = np.array(_off_kinks(act, GRID))
    ours = act.derivative(xs)
    steps = np.abs(np.diff(ours))
    gaps = np.diff(xs)
    suspicious = [
        (xs[i], xs[i + 1]) for i in np.nonzero(steps > 50 * gaps * max(1.0, float(np.max(np.abs(act.derivative(xs, order=2))))))[0]
    ]
    for a, b in suspicious:
        assert any(a <= x <= b for x in found), (spec, "unlisted jump of f′ in", a, b)


@pytest.mark.parametrize("spec", SPECS)
def test_smoothness_class(spec: str) -> None:
    act, f, d1, d2 = _fns(spec)
    c = act.claims
    eps = 1e-12
    if c.smoothness == -1:
        assert any(not k.continuous for k in c.kinks), spec
    elif c.smoothness == 0:
        assert c.kinks and all(k.continuous for k in c.kinks), spec
    elif c.smoothness == 1:
        assert not c.kinks and c.d2_kinks, spec
        for x0 in c.d2_kinks:
            assert abs(d2(x0 - eps) - d2(x0 + eps)) > 1e-3, (spec, "f″ does not jump", x0)
            assert abs(d1(x0 - eps) - d1(x0 + eps)) < 1e-9, (spec, "f′ jumps", x0)
    else:
        # C∞, or Cᵏ with k ≥ 2 (isrlu: f‴ jumps at 0, tested with the record): f″ has no jump either way
        assert (c.smoothness is None or c.smoothness >= 2) and not c.kinks and not c.d2_kinks, spec
        # analytic pieces everywhere: f″ continuous across the grid (no jumps anywhere); a periodic f′
        # gets at least 1000 points per period (sine's f″ = −900·sin(30x) turns fast)
        n = 40001 if c.period is None else max(40001, int(16 / c.period * 1000))
        xs = np.linspace(-8, 8, n)  # fine enough that steep smooth f″ (laplace, isru) shows no step
        second = actcli.get(spec).derivative(xs, order=2)
        assert np.max(np.abs(np.diff(second))) < 0.01 * max(1.0, float(np.max(np.abs(second)))), spec


@pytest.mark.parametrize("spec", SPECS)
def test_nonlinear(spec: str) -> None:
    act, _, _, d2 = _fns(spec)
    curved = any(abs(d2(x)) > 1e-12 for x in _off_kinks(act, GRID[::7]))
    assert act.claims.nonlinear == (curved or bool(act.claims.kinks)), spec
