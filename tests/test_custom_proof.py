"""Properties SymPy proves for an expression, held against truth written here in mpmath from the
mathematics (critical points solved by hand), and the labels: what is proved says so, the rest
carries its window. Also the smoothness order, computed from the first derivative that jumps.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import mpmath as mp
import pytest

import actcli
from actcli.analysis.properties import NAMES, properties
from actcli.core.record import Interval
from tests.conftest import invoke

INF = mp.inf
E = mp.e
SQ2 = mp.sqrt(2)


def phi(x: Any) -> Any:
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def Phi(x: Any) -> Any:  # noqa: N802  (the normal CDF's usual name)
    return mp.ncdf(x)


def iv(lo: Any, hi: Any, lo_closed: bool, hi_closed: bool) -> tuple[Any, Any, bool, bool]:
    return (lo, hi, lo_closed, hi_closed)


# expression → (output range, f′ range, stationary points (x, f(x), kind)) on the whole domain,
# derived by hand: f′ = 0 and f″ = 0 solved, limits at the ends taken
PROVED: dict[str, dict[str, Any]] = {
    "x**3": dict(out=iv(-INF, INF, False, False), d=iv(0, INF, True, False), st=[(0, 0, "inflection")]),
    "exp(-x**2)": dict(out=iv(0, 1, False, True), d=iv(-SQ2 * mp.exp(-0.5), SQ2 * mp.exp(-0.5), True, True),
                       st=[(0, 1, "maximum")], argmax=[-1 / SQ2, 1 / SQ2]),
    "tanh(x)-x": dict(out=iv(-INF, INF, False, False), d=iv(-1, 0, False, True), st=[(0, 0, "inflection")]),
    "sqrt(x**2+1)-1": dict(out=iv(0, INF, True, False), d=iv(-1, 1, False, False), st=[(0, 0, "minimum")]),
    "x*exp(x)": dict(out=iv(-1 / E, INF, True, False), d=iv(-mp.exp(-2), INF, True, False),
                     st=[(-1, -1 / E, "minimum")]),
    "log(1+x**2)": dict(out=iv(0, INF, True, False), d=iv(-1, 1, True, True), st=[(0, 0, "minimum")],
                        argmax=[-1, 1]),
    "x**2/(1+x**2)": dict(out=iv(0, 1, True, False), d=iv(-9 / (8 * mp.sqrt(3)), 9 / (8 * mp.sqrt(3)), True, True),
                          st=[(0, 0, "minimum")], argmax=[-1 / mp.sqrt(3), 1 / mp.sqrt(3)]),
    "x/(1+x**2)": dict(out=iv(-0.5, 0.5, True, True), d=iv(-mp.mpf(1) / 8, 1, True, True),
                       st=[(-1, -0.5, "minimum"), (1, 0.5, "maximum")], argmax=[0]),
    "1/(1+exp(-x))": dict(out=iv(0, 1, False, False), d=iv(0, 0.25, False, True), st=[], argmax=[0]),
    "erf(x)": dict(out=iv(-1, 1, False, False), d=iv(0, 2 / mp.sqrt(mp.pi), False, True), st=[], argmax=[0]),
    "x": dict(out=iv(-INF, INF, False, False), d=iv(1, 1, True, True), st=[]),
    "exp(x)-x": dict(out=iv(1, INF, True, False), d=iv(-1, INF, False, False), st=[(0, 1, "minimum")]),
    "cosh(x)": dict(out=iv(1, INF, True, False), d=iv(-INF, INF, False, False), st=[(0, 1, "minimum")]),
    "log(x)": dict(out=iv(-INF, INF, False, False), d=iv(0, INF, False, False), st=[]),
    "sqrt(x)": dict(out=iv(0, INF, False, False), d=iv(0, INF, False, False), st=[]),
    "1/x": dict(out=iv(-INF, INF, False, False), d=iv(-INF, 0, False, False), st=[],
                pieces=[iv(-INF, 0, False, False), iv(0, INF, False, False)]),
    "(x**999+1)**999": dict(out=iv(-INF, INF, False, False), d=iv(0, INF, True, False),
                            st=[(-1, 0, "inflection"), (0, 1, "inflection")]),
}

# only the range of f′ is provable (f′ = 0 is transcendental; f″ = φ(x)(2 − x²) is not)
GELU = "x*(1+erf(x/sqrt(2)))/2"
GELU_D = iv(Phi(-SQ2) - SQ2 * phi(SQ2), Phi(SQ2) + SQ2 * phi(SQ2), True, True)

# nothing provable by this route: transcendental zeros of f′ and f″, switch points, periodic zeros
UNPROVED = ["x*tanh(softplus(x))", "x/(1+exp(-x))", "max(x,0)*tanh(x)", "sin(x)"]


def close(got: float, want: Any) -> bool:
    if mp.isinf(want):
        return got == (math.inf if want > 0 else -math.inf)
    return abs(got - float(want)) <= 1e-14 * max(1.0, abs(float(want)))


def same(got: Interval, want: tuple[Any, Any, bool, bool]) -> None:
    lo, hi, lo_closed, hi_closed = want
    assert close(got.lo, lo) and close(got.hi, hi), (got, want)
    assert (got.lo_closed, got.hi_closed) == (lo_closed, hi_closed), (got, want)


@pytest.mark.parametrize("text", sorted(PROVED))
def test_proved_properties_match_mpmath(text: str) -> None:
    truth = PROVED[text]
    act = actcli.get(text)
    props = properties(act)
    for name in ("output_set", "monotonic", "derivative_range", "argmax", "stationary_points"):
        assert name in props.proved, (text, props.proved)
    same(act.claims.output_range, truth["out"])
    same(props.derivative_range, truth["d"])
    if "pieces" in truth:
        assert len(props.output_set) == len(truth["pieces"])
        for got, want in zip(props.output_set, truth["pieces"]):
            same(got, want)
    assert len(props.stationary) == len(truth["st"]), props.stationary
    for s, (x, fx, kind) in zip(props.stationary, truth["st"]):
        assert close(s.x, x) and close(s.f, fx) and s.kind == kind, (s, x, fx, kind)
    if "argmax" in truth:
        assert [p.lo for p in props.argmax] == pytest.approx([float(a) for a in truth["argmax"]], rel=1e-14, abs=1e-300)
        assert all(p.lo == p.hi for p in props.argmax) and props.attained
    want_mono = float(truth["d"][0]) >= 0
    assert act.claims.monotonic is want_mono
    if set(props.proved) == set(NAMES):
        assert props.window is None
    else:
        assert props.window == (-50.0, 50.0)


# expression → (|f′| as an mpmath function, sup |f′|, where the 1 % level is crossed, near): f′ → 0
# in both tails, monotonically beyond the outermost zeros of f″, so the crossing holds on all of ℝ
def _gauss(x: Any) -> Any:
    return 2 * x * mp.exp(-x * x)


def _logistic(x: Any) -> Any:
    return mp.exp(-x) / (1 + mp.exp(-x)) ** 2


def _cauchy(x: Any) -> Any:
    return (x * x - 1) / (1 + x * x) ** 2


SATURATION: dict[str, tuple[Callable[[Any], Any], Any, float]] = {
    "exp(-x**2)": (_gauss, SQ2 * mp.exp(-0.5), 2.5),
    "1/(1+exp(-x))": (_logistic, mp.mpf(1) / 4, 6),
    "x/(1+x**2)": (_cauchy, 1, 10),
}


@pytest.mark.parametrize("text", sorted(SATURATION))
def test_saturation_is_proved_beyond_the_last_zero_of_f2(text: str) -> None:
    g, sup, near = SATURATION[text]
    props = properties(actcli.get(text))
    assert props.window is None and "saturation" in props.proved
    edge = mp.findroot(lambda x: g(x) - sup / 100, near)
    assert props.saturation.right == pytest.approx(float(edge), rel=1e-9)
    assert props.saturation.left == pytest.approx(-float(edge), rel=1e-9)


def test_a_steep_saturation_is_proved() -> None:
    props = properties(actcli.get("tanh(1000*x)"))  # 1000·sech²(1000x) = 10 where cosh(1000x) = 10
    assert props.window is None
    assert props.saturation.right == pytest.approx(float(mp.acosh(10) / 1000), rel=1e-9)


def test_saturation_too_far_out_stays_measured() -> None:
    props = properties(actcli.get("log(1+x**2)"))  # |f′| = 2|x|/(1 + x²) falls to 1 % only near |x| = 200
    assert "saturation" not in props.proved and props.window == (-50.0, 50.0)


def test_partly_proved_says_which() -> None:
    act = actcli.get(GELU)
    props = properties(act)
    assert props.proved == ("derivative_range", "argmax", "saturation")
    assert props.window == (-50.0, 50.0)
    same(props.derivative_range, GELU_D)
    # f′ → 0 on the left only (→ 1 on the right): φ-weighted, |f′| = 1 % of sup near x = −3.02
    sup = GELU_D[1]
    edge = mp.findroot(lambda t: Phi(t) + t * phi(t) + sup / 100, -3)
    assert props.saturation.left == pytest.approx(float(edge), rel=1e-9) and props.saturation.right is None
    assert [p.lo for p in props.argmax] == pytest.approx([math.sqrt(2)], rel=1e-15)
    # the minimum of f is a root of a transcendental equation: measured, and close to the truth
    x0 = mp.findroot(lambda t: Phi(t) + t * phi(t), -0.75)
    assert act.claims.output_range.lo == pytest.approx(float(x0 * Phi(x0)), rel=1e-12)


@pytest.mark.parametrize("text", UNPROVED)
def test_the_rest_carries_its_window(text: str) -> None:
    act = actcli.get(text)
    props = properties(act)
    assert props.proved == ()
    assert props.window == (-50.0, 50.0)
    assert "measured on [-50, 50]" in act.record.summary


def test_json_scope_lists_what_is_proved() -> None:
    scan = {"min": -50.0, "max": 50.0, "min_inclusive": True, "max_inclusive": True}
    for text, window in (("x**3", None), ("log(1+x**2)", scan), ("x*tanh(softplus(x))", scan)):
        result = invoke("derive", text, "--json")
        assert result.exit_code == 0, result.stderr
        scope = json.loads(result.stdout)["properties"]["scope"]
        assert scope["window"] == window
        assert scope["proved"] == list(properties(actcli.get(text)).proved)
    table = " ".join(invoke("derive", "log(1+x**2)").stdout.split())  # as read, across the wrap at 80
    assert "proved: output set, monotonicity, f′ range, max |f′|, stationary points; the rest estimated" in table


# expression → k of Cᵏ, from the order of the first derivative that jumps at a switch point
SMOOTHNESS = [
    ("max(x, 0)", 0),
    ("abs(x)", 0),
    ("max(x, 0)**2", 1),
    ("max(x,0)*tanh(x)", 1),  # f″ jumps from 0 to 2 at 0
    ("max(x, 0)**3", 2),
    ("abs(x)**3*x", 3),  # x⁴·sign(x): f⁽⁴⁾ = 24·sign(x)
    ("max(x, 0)**6 + x", 5),
    ("max(x-1, 0)**4 + max(x, 0)**2", 1),  # the least smooth switch point decides
]


@pytest.mark.parametrize(("text", "k"), SMOOTHNESS)
def test_smoothness_is_the_order_of_the_first_jump(text: str, k: int) -> None:
    act = actcli.get(text)
    assert act.claims.smoothness == k
    assert "not examined" not in act.record.summary


def test_smoothness_beyond_the_examined_order_is_said() -> None:
    act = actcli.get("max(x, 0)**9")  # C⁸: f⁽⁹⁾ jumps, beyond the last derivative built
    assert act.claims.smoothness == 8
    assert "derivatives beyond f^(8) not examined for smoothness" in act.record.summary
    act = actcli.get("relu(x)**3")  # the registry's relu has no third derivative to build
    assert act.claims.smoothness == 2
    assert "derivatives beyond f^(2) not examined for smoothness" in act.record.summary
    assert actcli.get("x*tanh(softplus(x))").claims.smoothness is None  # no switch point: analytic
