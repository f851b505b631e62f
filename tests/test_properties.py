"""Every property compare --json states, held against an independent mpmath computation.

For every registry activation (and two or more parameter settings of each parametrised one) the
output set, monotonicity, where |f′| reaches its supremum, the saturation thresholds and the
stationary points are recomputed here from the high-precision definitions in ``tests/reference.py``
— mpmath limits at ±∞, roots of f′ and f″ by mp.findroot, exact thresholds — never from the
record's own numbers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.api import records
from actcli.core.activation import Activation
from tests.conftest import invoke
from tests.reference import REF, mp_params

SPECS = [r.name for r in records() if r.kind == "elementwise"] + [
    "leaky_relu:negative_slope=0.3",
    "leaky_relu:negative_slope=0.5",
    "elu:alpha=2",
    "elu:alpha=0.5",
    "celu:alpha=3",
    "celu:alpha=0.5",
    "gelu:approximate=tanh",
    "softplus:beta=3",
    "softplus:beta=0.5",
    "squareplus:b=1",
    "hardtanh:min_val=-2,max_val=0.5",
    "hardtanh:min_val=-0.5,max_val=3",
    "softshrink:lambd=1",
    "softshrink:lambd=0.2",
    "hardshrink:lambd=2",
    "hardshrink:lambd=0.1",
    "threshold:threshold=1,value=-2",
    "threshold:threshold=-1,value=2",
    "threshold:threshold=1,value=-1",
]
GRID = np.linspace(-40.0, 40.0, 401)
FAR = mp.mpf("1e30")


def _props(specs: list[str]) -> dict[str, dict[str, Any]]:
    """compare --json for these specs, keyed by each activation's canonical spec (output keeps order)."""
    result = invoke("compare", *specs, "--json", "--no-timing")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["activations"]
    assert len(data) == len(specs)
    return {actcli.get(spec).spec: d["properties"] for spec, d in zip(specs, data)}


@pytest.fixture(scope="module")
def props() -> dict[str, dict[str, Any]]:
    return _props(SPECS)


def _ref(spec: str) -> tuple[Any, Any, Any, Any]:
    act = actcli.get(spec)
    p = mp_params(act.params)

    def at(g: Any) -> Any:
        def h(x: Any) -> Any:
            with mp.workdps(60):
                return g(mp.mpf(x), p)

        return h

    f, d1, d2 = (at(g) for g in REF[act.name])
    return act, f, d1, d2


def S(name: str) -> str:
    return actcli.get(name).spec


def _num(v: Any) -> float:
    return {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}[v] if isinstance(v, str) else float(v)


def _in(iv: dict[str, Any], v: Any) -> bool:
    """Is the mpmath value v in the interval? Each finite end is a float rounding of the exact
    bound, so it gets a 1e-15 relative margin (whether the end is attained is test_claims' job)."""
    lo, hi = _num(iv["min"]), _num(iv["max"])

    def margin(e: float) -> float:
        return 1e-15 * max(1.0, abs(e))

    # an open end that is a float (selu's −λα) may round the exact bound either way: the same margin
    above = v >= lo - margin(lo) if iv["min_inclusive"] or math.isfinite(lo) else v > lo
    below = v <= hi + margin(hi) if iv["max_inclusive"] or math.isfinite(hi) else v < hi
    return bool(above and below)


def _off_kinks(act: Activation, xs: Iterable[float]) -> list[float]:
    ks = [k.x for k in act.claims.kinks] + list(act.claims.d2_kinks)
    return [float(x) for x in xs if all(abs(x - k) > 1e-6 for k in ks)]


@pytest.mark.parametrize("spec", SPECS)
def test_output_set_holds_every_value(spec: str, props: dict[str, dict[str, Any]]) -> None:
    act, f, _, _ = _ref(spec)
    sets = props[act.spec]["output_set"]
    xs = _off_kinks(act, GRID) + [k.x for k in act.claims.kinks]
    for x in xs:
        v = f(x)
        assert any(_in(iv, v) for iv in sets), (spec, x, v, sets)
    # the hull is output_range
    lo = min(_num(iv["min"]) for iv in sets)
    hi = max(_num(iv["max"]) for iv in sets)
    rng = props[act.spec]["output_range"]
    assert (lo, hi) == (_num(rng["min"]), _num(rng["max"]))


def test_output_sets_that_are_not_intervals(props: dict[str, dict[str, Any]]) -> None:
    # hardshrink(λ = 2) never takes a value in (−2, 0) ∪ (0, 2]: mpmath at points that would
    hs = props[actcli.get("hardshrink:lambd=2").spec]["output_set"]
    assert [(_num(i["min"]), _num(i["max"]), i["min_inclusive"], i["max_inclusive"]) for i in hs] == [
        (-math.inf, -2.0, False, False), (0.0, 0.0, True, True), (2.0, math.inf, False, False)]
    _, f, _, _ = _ref("hardshrink:lambd=2")
    assert f(mp.mpf("2.0000001")) > 2 and f(2) == 0 and f(mp.mpf("-1.9")) == 0
    th = props[actcli.get("threshold:threshold=1,value=-1").spec]["output_set"]
    assert [(_num(i["min"]), _num(i["max"]), i["min_inclusive"], i["max_inclusive"]) for i in th] == [
        (-1.0, -1.0, True, True), (1.0, math.inf, False, False)]


@pytest.mark.parametrize("spec", SPECS)
def test_monotonic_against_mpmath(spec: str, props: dict[str, dict[str, Any]]) -> None:
    act, f, _, _ = _ref(spec)
    xs = sorted(set(_off_kinks(act, np.linspace(-20, 20, 801)) + [v for k in act.claims.kinks
                                                                    for v in (k.x - 1e-9, k.x, k.x + 1e-9)]))
    vals = [f(x) for x in xs]
    diffs = [b - a for a, b in zip(vals, vals[1:])]
    up = any(d > 1e-30 for d in diffs)
    down = any(d < -1e-30 for d in diffs)
    expected = "constant" if not up and not down else "increasing" if not down else "decreasing" if not up else "none"
    assert props[act.spec]["monotonic"] == expected


@pytest.mark.parametrize("spec", SPECS)
def test_argmax_is_where_the_supremum_holds(spec: str, props: dict[str, dict[str, Any]]) -> None:
    act, _, d1, d2 = _ref(spec)
    p = props[act.spec]
    sup = _num(p["sup_abs_derivative"])
    if not math.isfinite(sup):
        assert p["argmax"] == [] and not p["sup_attained"]
        return
    # sup really is the supremum: mpmath never exceeds it, and reaches it (or its limit)
    grid = _off_kinks(act, np.linspace(-30, 30, 1201))
    assert max(abs(d1(x)) for x in grid) <= sup * (1 + 1e-12)
    if not p["argmax"]:
        assert not p["sup_attained"]
        # not attained: strictly below it on the grid, and approached where it says (compared at the
        # references' own precision: abs() rounds to the global one, and σ(90) = 1 − 8e−40)
        with mp.workdps(60):
            assert all(abs(d1(x)) < sup for x in grid)
        for where in p["sup_approached_at"]:
            w = _num(where)
            if math.isinf(w):
                assert abs(d1(math.copysign(FAR, w))) == pytest.approx(sup, rel=1e-12)
            else:
                kink = next(k for k in act.claims.kinks if k.x == w)
                assert max(abs(kink.left), abs(kink.right)) == pytest.approx(sup, rel=1e-12)
        return
    assert p["sup_attained"]
    for iv in p["argmax"]:
        lo, hi = _num(iv["min"]), _num(iv["max"])
        if lo == hi:
            value = abs(act.derivative(lo))  # at a kink the used value is the convention's
            on_kink = any(k.x == lo for k in act.claims.kinks)
            if not on_kink:
                # a smooth peak: a root of f″ found by mpmath, where |f′| = sup
                root = mp.findroot(d2, lo) if abs(d2(lo)) > 0 else mp.mpf(lo)
                assert float(root) == pytest.approx(lo, abs=1e-9)
                value = abs(d1(lo))
            assert float(value) == pytest.approx(sup, rel=1e-12)
            continue
        inner = [x for x in np.linspace(max(lo, -30), min(hi, 30), 41)[1:-1] if all(abs(x - k.x) > 1e-9 for k in act.claims.kinks)]
        assert inner and all(abs(d1(x)) == pytest.approx(sup, rel=1e-12) for x in inner)
        for end, closed, outward in ((lo, iv["min_inclusive"], -1), (hi, iv["max_inclusive"], 1)):
            if math.isinf(end):
                assert abs(d1(math.copysign(FAR, end))) == pytest.approx(sup, rel=1e-12)
                continue
            beyond = end + outward * 1e-6
            # the set really ends there (where f′ leaves sup smoothly, isrlu's 1 − 1.5e−12 at −1e−6, at
            # the references' precision)
            with mp.workdps(60):
                assert abs(d1(beyond)) < sup
            assert (abs(float(act.derivative(end))) == pytest.approx(sup, rel=1e-12)) is closed


@pytest.mark.parametrize("spec", SPECS)
def test_saturation_thresholds_are_exact(spec: str, props: dict[str, dict[str, Any]]) -> None:
    act, _, d1, _ = _ref(spec)
    p = props[act.spec]
    sat = p["saturation"]
    sup = _num(p["sup_abs_derivative"])
    if not math.isfinite(sup):
        assert sat["defined"] is False and sat["left"] is None and sat["right"] is None
        return
    assert sat["defined"] is True
    thr = mp.mpf(sup) / 100
    for side, sign in (("left", -1), ("right", 1)):
        limit = abs(d1(sign * FAR))
        x = sat[side]
        if limit > thr / 1e6:
            assert x is None, (side, limit)  # f′ does not tend to 0 there
            continue
        assert x is not None, side
        x = float(x)
        # beyond x, |f′| < 1 % of sup all the way out (mpmath on a geometric grid); inside, it is not
        tail = [x + sign * t for t in np.geomspace(1e-7, 1e6, 200)]
        assert all(abs(d1(t)) < thr for t in _off_kinks(act, tail))
        if sat[f"{side}_kind"] == "dead":
            assert abs(d1(x - sign * 1e-9)) >= thr
        else:
            root = mp.findroot(lambda t: abs(d1(t)) - thr, x)
            assert float(root) == pytest.approx(x, rel=1e-10, abs=1e-12)


def test_saturation_named_cases(props: dict[str, dict[str, Any]]) -> None:
    # softsign′(9) = 1/100 exactly: the threshold is 9, not a grid's 9.005
    ss = props[S("softsign")]["saturation"]
    assert ss["left"] == pytest.approx(-9.0, abs=1e-12) and ss["right"] == pytest.approx(9.0, abs=1e-12)
    # exponential: sup |f′| = ∞, so "1 % of sup" is undefined on both sides
    ex = props[S("exponential")]["saturation"]
    assert ex == {**ex, "left": None, "right": None, "defined": False}
    # gelu's minimum is a stationary point, not saturation: only the far-left tail saturates
    g = props[S("gelu")]
    assert g["saturation"]["right"] is None and g["saturation"]["left"] < -3
    assert [s["kind"] for s in g["stationary_points"]] == ["minimum"]


@pytest.mark.parametrize("spec", SPECS)
def test_stationary_points_are_the_roots_of_f_prime(spec: str, props: dict[str, dict[str, Any]]) -> None:
    act, f, d1, _ = _ref(spec)
    if "period" in props[act.spec]:
        return  # one period's points, each repeating: test_catalogue_new.py::test_periodic_stationary_points
    stated = props[act.spec]["stationary_points"]
    dead = act.claims.dead_zones
    window = props[act.spec].get("stationary_window")  # sinc: infinitely many, listed on a window
    lo, hi = (-30.0, 30.0) if window is None else (_num(window["min"]), _num(window["max"]))
    xs = [x for x in _off_kinks(act, np.linspace(lo, hi, 1201))
          if not any(z.lo <= x <= z.hi for z in dead)]
    signs = [mp.sign(d1(x)) for x in xs]
    expected = []
    for a, b, sa, sb in zip(xs, xs[1:], signs, signs[1:]):
        if sa != 0 and sb != 0 and sa != sb and not any(a < k.x < b for k in act.claims.kinks):
            expected.append(mp.findroot(d1, (a, b), solver="bisect" if False else "anderson"))
    expected += [mp.mpf(x) for x, s in zip(xs, signs) if s == 0]
    assert len(stated) == len(expected), (stated, expected)
    for st, root in zip(sorted(stated, key=lambda s: s["x"]), sorted(expected)):
        assert st["x"] == pytest.approx(float(root), abs=1e-9)
        assert st["f"] == pytest.approx(float(f(root)), abs=1e-12)
        left, right = mp.sign(d1(root - mp.mpf("1e-4"))), mp.sign(d1(root + mp.mpf("1e-4")))
        kind = "minimum" if (left, right) == (-1, 1) else "maximum" if (left, right) == (1, -1) else "inflection"
        assert st["kind"] == kind


def test_gelu_minimum_is_stationary_at_minus_0_7518(props: dict[str, dict[str, Any]]) -> None:
    st = props[S("gelu")]["stationary_points"]
    root = mp.findroot(lambda x: mp.ncdf(x) + x * mp.npdf(x), -0.75)
    assert len(st) == 1 and st[0]["x"] == pytest.approx(float(root), abs=1e-12) and f"{float(root):.4f}" == "-0.7518"


def test_supremum_is_not_called_a_maximum(props: dict[str, dict[str, Any]]) -> None:
    for name, where in (("softplus", "inf"), ("logsigmoid", "-inf"), ("squareplus", "inf")):
        assert props[S(name)]["argmax"] == [] and not props[S(name)]["sup_attained"]
        assert props[S(name)]["sup_approached_at"] == [where]
    assert props[S("tanhshrink")]["sup_approached_at"] == ["-inf", "inf"]
    # softshrink and hardshrink: the maximum holds on |x| > λ, never on (−λ, λ) where f′ = 0
    for name in ("softshrink", "hardshrink"):
        am = props[S(name)]["argmax"]
        assert [(a["min"], a["max"]) for a in am] == [("-inf", -0.5), (0.5, "inf")]


def test_scope_says_what_is_proved(props: dict[str, dict[str, Any]]) -> None:
    assert props[S("gelu")]["scope"] == {"proved": ["output_set", "monotonic", "derivative_range", "argmax",
                                                 "saturation", "stationary_points"], "window": None}
    custom = _props(["tanh(x) - x", "x*tanh(softplus(x))"])
    p, mish = custom.values()
    assert p["scope"] == {"proved": ["output_set", "monotonic", "derivative_range", "argmax", "saturation",
                                     "stationary_points"], "window": None}  # SymPy proves them all
    assert p["monotonic"] == "decreasing"  # tanh(x) − x has f′ = −tanh² ≤ 0
    # Mish's f′ = 0 is transcendental: not proved, measured on the stated window
    assert mish["scope"]["proved"] == [] and mish["scope"]["window"] == {"min": -50.0, "max": 50.0,
                                                                         "min_inclusive": True, "max_inclusive": True}


def test_monotonic_named_cases(props: dict[str, dict[str, Any]]) -> None:
    assert props[S("tanhshrink")]["monotonic"] == "increasing"
    assert props[actcli.get("threshold:threshold=-1,value=2").spec]["monotonic"] == "none"  # jumps down at −1
    vec = _props(["softmax", "softmin", "log_softmax"])
    assert [v["monotonic"] for v in vec.values()] == ["increasing", "decreasing", "increasing"]
