"""The pieces under a custom expression's speed, each held against an independent truth: the float64
operations against mpmath (the error bound assumes each is within 4u of the exact value), the
bisection that finds roots (a root at 0 takes tens of steps, not a thousand), the limits taken by
the rules of limits (against Gruntz's algorithm in SymPy) and the exact domain (against SymPy's
continuous_domain), and a polynomial times a Gaussian, proved within the work bound.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from actcli.custom import compile as cc
from actcli.custom import proof, symbolic
from actcli.custom.activation import CustomRecord, custom_activation
from actcli.custom.budget import BoundError, Budget
from actcli.custom.domain import conditions
from actcli.custom.parse import parse

X = symbolic.X
U = 2.0**-53

# what each operation computes, written here from the definitions (mpmath at 60 digits)
TRUTH = {
    "exp": mp.exp, "log": mp.log, "log1p": mp.log1p, "expm1": mp.expm1, "sin": mp.sin, "cos": mp.cos,
    "tanh": mp.tanh, "sinh": mp.sinh, "cosh": mp.cosh, "erf": mp.erf, "erfc": mp.erfc, "sech": mp.sech,
    "sigmoid": lambda u: 1 / (1 + mp.exp(-u)), "softplus": lambda u: mp.log1p(mp.exp(u)),
    "logcosh": lambda u: _logcosh(u),
}


def _logcosh(u: Any) -> Any:
    """log cosh u with enough digits: cosh u − 1 ≈ u²/2 must survive beside the 1."""
    with mp.workdps(60 + 2 * max(0, int(-mp.log10(abs(u)))) if u else 60):
        return +mp.log(mp.cosh(u))


def _points() -> Any:
    rng = np.random.default_rng(7)
    tiny = 10 ** rng.uniform(-300, -1, 300) * rng.choice([-1.0, 1.0], 300)
    return np.concatenate([rng.uniform(-30, 30, 1500), rng.uniform(-1, 1, 500), rng.uniform(-700, 700, 300), tiny,
                           np.linspace(0.5, 26.5, 300)])


@pytest.mark.parametrize("op", sorted(TRUTH))
def test_each_float64_operation_is_within_the_bound_it_is_charged(op: str) -> None:
    """_step adds 4u·|v| for the rounding of every unary operation: it must hold (scipy's erfc is
    500u off near x = 20, its erf 4.05u: the bound was false before erf came from the C library)."""
    xs = _points()
    with np.errstate(all="ignore"):
        got, _ = cc._unary_f(op, xs)
    checked = 0
    with mp.workdps(60):
        for x, g in zip(xs.tolist(), got.tolist()):
            try:
                t = TRUTH[op](mp.mpf(x))
            except (ValueError, ZeroDivisionError):
                continue
            if isinstance(t, mp.mpc) or not mp.isfinite(t) or abs(t) < mp.mpf("1e-290") or abs(t) > mp.mpf("1e308"):
                continue
            assert abs(g - t) <= 4 * U * abs(t), (op, x, g, float(t))
            checked += 1
    assert checked > 1000, (op, checked)


def test_logcosh_in_high_precision_keeps_its_digits_near_zero() -> None:
    """|u| + log1p(e^(−2|u|)) − log 2 cancels every digit at u = 1e−30 even at 50 digits."""
    for u in (1e-30, -3e-12, 0.2, 0.999, 1.0, 5.0):
        with mp.workdps(50):
            got = cc._mp_unary("logcosh", mp.mpf(u), 0.5)
        with mp.workdps(200):
            want = mp.log(mp.cosh(mp.mpf(u)))
        assert abs(got - want) <= mp.mpf("1e-45") * abs(want), (u, got, want)


class Counting:
    """A program stand-in that counts how often it is evaluated."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.calls = 0

    def rough(self, xs: Any) -> Any:
        self.calls += 1
        return self.fn(np.asarray(xs, dtype=np.float64))


@pytest.mark.parametrize(("fn", "root"), [
    (lambda x: x * (x * x + 1), 0.0),  # odd: a root at 0, the bracket not symmetric about it
    (lambda x: x - 1e-300, 1e-300),
    (lambda x: x**3 - 2, 2 ** (1 / 3)),
    (lambda x: 1e-200 - x * x, 1e-100),
])
def test_bisection_reaches_any_root_in_tens_of_steps(fn: Any, root: float) -> None:
    prog = Counting(fn)
    xs = np.linspace(-50, 50, 20001)  # −0.005000000000002558 and 0.004999999999995453 beside 0
    found = cc.roots(prog, xs, 10, "zeros")  # type: ignore[arg-type]
    near = [r for r in found if abs(r - root) <= 1e-15 * max(1.0, abs(root)) + 1e-310]
    assert near, (found, root)
    assert prog.calls <= 80, prog.calls  # halving by value took ~1,100 steps to reach 0 or 1e−300


def test_middle_stays_inside_and_ends_on_adjacent_doubles() -> None:
    a = np.array([-0.005, 0.0, 1e-300, 1.0, -8.0, -2.0])
    b = np.array([0.004999, 0.005, 1.0, 1.5, -1.0, 0.0])
    m = cc._middle(a, b)
    assert np.all((a <= m) & (m <= b))
    assert m[0] == 0.0 and m[3] == 1.25
    lo, hi = np.array([1.0]), np.array([np.nextafter(1.0, 2.0)])
    assert cc._middle(lo, hi)[0] in (lo[0], hi[0])


def _plain(text: str) -> Any:
    return symbolic.build(parse(text), {"x": X}, text, opaque=False)


LIMITS = ["exp(-x**2)", "x*exp(-x**2)", "exp(-x**2)*(x**5-3*x**3+x)", "x*(1+erf(x/sqrt(2)))/2", "x**3", "-x**3+x",
          "tanh(x)-x", "x**2/(1+x**2)", "1/(1+exp(-x))", "erf(x)", "exp(x)-x", "cosh(x)", "x*exp(x)", "x**2*exp(-x)",
          "(x**3+1)/(x**2+1)", "exp(-x**2)/(1+x**2)", "tanh(-x**3)", "sqrt(x**2+1)-1", "log(1+x**2)",
          "x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))/2"]


@pytest.mark.parametrize("text", LIMITS)
def test_limits_by_the_rules_agree_with_gruntz(text: str) -> None:
    f = _plain(text)
    exprs = [f, sp.diff(f, X), sp.diff(f, X, 2)]
    for e in exprs:
        for end, s in ((sp.oo, 1), (-sp.oo, -1)):
            fast = proof._at_infinity(e, s)
            if fast is None:
                continue
            want = sp.limit(e, X, end, "-" if s > 0 else "+")
            assert fast == want or (fast.is_finite and want.is_finite and abs(sp.N(fast - want, 30)) < 1e-25), \
                (text, e, end, fast, want)


def test_the_rules_decline_what_they_cannot_settle() -> None:
    for text, s in (("sin(x)", 1), ("x - x**2", 1), ("x*exp(-x)", -1), ("exp(x)*x", -1), ("exp(sin(x))*x", 1)):
        e = _plain(text)
        got = proof._at_infinity(e, s)
        want = sp.limit(e, X, sp.oo if s > 0 else -sp.oo)
        assert got is None or got == want, (text, got, want)
    assert proof._at_infinity(_plain("x*exp(x)"), -1) is None or proof._at_infinity(_plain("x*exp(x)"), -1) == 0


DOMAINS = ["log(x)", "sqrt(x)", "x^1.5", "1/x", "1/(x - 0.5)", "log(1+x)", "x*log(x)", "sqrt(1 - x^2)",
           "1/(1 + x)^2", "x^x", "log(x-100)", "sqrt(x^2-4)/(x-3)", "log(x**2)", "1/(x^2-2)", "log(x^3-x)"]


@pytest.mark.parametrize("text", DOMAINS)
def test_exact_domain_agrees_with_continuous_domain(text: str) -> None:
    from sympy.calculus.util import continuous_domain

    f = _plain(text)
    exprs = [f, sp.diff(f, X), sp.diff(f, X, 2)]
    mine: Any = sp.S.Reals
    for g, kind in conditions(exprs):
        where = proof._where(g, kind)
        assert where is not None, (text, g)
        mine = mine.intersect(where)
    theirs: Any = sp.S.Reals
    for e in exprs:
        theirs = theirs.intersect(continuous_domain(e, X, sp.S.Reals))
    parts = list(mine.args) if isinstance(mine, sp.Union) else [mine]
    want = list(theirs.args) if isinstance(theirs, sp.Union) else [theirs]
    assert len(parts) == len(want), (text, mine, theirs)
    for a, b in zip(parts, want):
        assert (a.left_open, a.right_open) == (b.left_open, b.right_open), (text, mine, theirs)
        for p, q in ((a.start, b.start), (a.end, b.end)):
            assert p == q or abs(sp.N(p - q, 30)) < 1e-25, (text, mine, theirs)


def test_polynomial_times_gaussian_is_proved_within_the_bound() -> None:
    """f = e^(−x²)(x⁵ − 3x³ + x): f′ = e^(−x²)(−2x⁶ + 11x⁴ − 11x² + 1), zero where t = x² solves
    −2t³ + 11t² − 11t + 1 = 0 (three positive roots: six stationary points)."""
    text = "exp(-x**2)*(x**5-3*x**3+x)"
    budget = Budget()
    record = custom_activation(text, budget).record
    assert isinstance(record, CustomRecord)
    found = record.proof
    assert {"output_set", "monotonic", "stationary_points", "derivative_range"} <= set(found.proved)
    with mp.workdps(40):
        ts = sorted(mp.polyroots([-2, 11, -11, 1]))
        xs = sorted([-mp.sqrt(t) for t in ts] + [mp.sqrt(t) for t in ts])

        def f(x: Any) -> Any:
            return mp.exp(-x * x) * (x**5 - 3 * x**3 + x)

        got = [s[0] for s in found.stationary]
        assert len(got) == 6
        for g, want in zip(got, xs):
            assert abs(g - float(want)) <= 1e-14 * max(1.0, abs(float(want)))
        values = [f(x) for x in xs]
        lo, hi = min(values), max(values)
    rng = found.output_range
    assert math.isclose(rng.lo, float(lo), rel_tol=1e-14) and math.isclose(rng.hi, float(hi), rel_tol=1e-14)
    assert rng.lo_closed and rng.hi_closed
    assert budget.spent < budget.units // 2, budget.spent  # it spent 2.5 million units in float64 bisection before


# --- what makes evaluation cheaper must not change a value ------------------------------------------

SHORTCUT_EXPRESSIONS = ["x*tanh(softplus(x))", "x*sigmoid(1.5*x) + 0.1*max(x, 0)", "gelu(x)", "exp(-x**2)", "log(x)",
                        "1/(x - 0.5)", "sqrt(1 - x^2)", "x^x", "hardswish(x)", "(1 + x^2)^-1", "log(cosh(x))",
                        "x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))/2", "abs(x)^3", "x^1.5", "2^x", "celu(x, alpha=2)"]


def _grid_with_tails() -> Any:
    tail = np.array([1e-300, 1e-30, 1e-8, 1e-3, 0.5, 1.0, 19.0, 40.0, 375.0, 709.0, 710.0, 1e5, 1e30, 1e150, 1e300])
    return np.concatenate([-tail, [0.0, -0.0], tail, np.linspace(-30, 30, 601), _points()[:400]])


@pytest.mark.parametrize("text", SHORTCUT_EXPRESSIONS)
def test_rough_values_are_the_float64_values_bit_for_bit(text: str) -> None:
    """Bisection reads values without error bounds (Program.rough); they must be the very doubles
    the bounded evaluation (Program.floats) computes, NaN, inf and the sign of zero included."""
    xs = _grid_with_tails()
    for prog in programs_of(text):
        got = prog.rough(xs)
        want = np.broadcast_to(prog.floats(xs)[0], xs.shape)
        assert got.tobytes() == np.ascontiguousarray(want, dtype=np.float64).tobytes(), text
        for t in xs[::37]:  # one point at a time, as a bisection asks
            one = np.array([t])
            assert prog.rough(one).tobytes() == np.asarray(prog.floats(one)[0], dtype=np.float64).reshape(1).tobytes()


def programs_of(text: str) -> list[Any]:
    from actcli.custom.activation import programs

    return list(programs(text))


@pytest.mark.parametrize("text", ["x*tanh(softplus(x))", "gelu(x)", "x - tanh(x)", "sqrt(x^2+1)-1", "relu(x)*x"])
def test_remembered_points_answer_and_charge_as_if_computed_again(text: str) -> None:
    """precise() answers a point it has seen from memory, and programs share the values of common
    sub-expressions at a point: every value and every charge must be those of a fresh program
    computing alone (no memory of any kind)."""
    plain = symbolic.build(parse(text), {"x": X}, text, opaque=False)
    d1 = symbolic.derivative(plain, "f'", Budget(10**9))
    exprs = [plain, d1, symbolic.derivative(d1, "f''", Budget(10**9))]
    points = [1.0, -2.5, 1.0, 0.0, -0.0, 1e-8, 1.0, 30.0, -2.5, 1e300, -7.25]
    alone: dict[tuple[int, int], tuple[float, int]] = {}
    for i, expr in enumerate(exprs):
        for j, t in enumerate(points):
            cc._NODE_VALUES.clear()
            budget = Budget(10**9)
            alone[i, j] = (cc.Program(expr, budget).precise(t), budget.spent)
    cc._NODE_VALUES.clear()
    shared = [cc.Program(expr, Budget(10**9)) for expr in exprs]
    for j, t in enumerate(points):  # as the accuracy check does: f, f′, f″ at one point, then the next
        for i, prog in enumerate(shared):
            before = prog.budget.spent
            got = prog.precise(t)
            want, units = alone[i, j]
            assert got == want or (math.isnan(got) and math.isnan(want)), (text, i, t, got, want)
            assert math.copysign(1.0, got) == math.copysign(1.0, want), (text, i, t)
            assert prog.budget.spent - before == units, (text, i, t)
    assert all(len(prog._known) < len(points) for prog in shared)  # the repeated points were remembered


def test_remembered_points_run_out_of_budget_where_computing_did() -> None:
    """The work bound is hit at the same call with memory as without: a hit is charged its cost."""
    expr = symbolic.build(parse("x*tanh(softplus(x))"), {"x": X}, "x*tanh(softplus(x))", opaque=False)
    cost = cc.Program(expr, Budget(10**9))
    cost.precise(0.7)
    units = cost.budget.spent
    prog = cc.Program(expr, Budget(3 * units))
    for _ in range(3):
        prog.precise(0.7)
    with pytest.raises(BoundError):
        prog.precise(0.7)


def test_distinct_is_what_numpy_unique_returns() -> None:
    rng = np.random.default_rng(3)
    grids = [np.array([0.0, -0.0, 1.0, -0.0, 1.0]), np.array([-0.0, 0.0]), np.array([], dtype=np.float64),
             np.concatenate([np.linspace(-50, 50, 20001), [-1e6, 1e6, 0.0, -0.0, 3.0], rng.uniform(-1, 1, 500)]),
             np.round(rng.normal(size=3000), 2)]
    for xs in grids:
        assert cc.distinct(xs).tobytes() == np.unique(xs).tobytes()


def test_a_registry_function_is_recognised_by_its_own_record() -> None:
    """The parser looks up the one name it meets; it must accept exactly the names the full list holds."""
    from actcli.catalogue import registry
    from actcli.custom.parse import _registry_function, _registry_names

    names = set(_registry_names())
    candidates = set(registry().names()) | {"Softplus", "swish", "SiLU", "GELU", "leakyrelu", "hard_tanh", "foo", "x"}
    for record in registry().records():
        candidates.update(getattr(record, "aliases", ()))
    assert names and all((c in names) == _registry_function(c) for c in candidates)


@pytest.mark.parametrize("text", ["x*tanh(softplus(x))", "log(x)", "1/(x - 0.5)", "sqrt(1 - x^2)", "x - tanh(x)"])
def test_one_point_is_answered_as_any_array_is(text: str) -> None:
    """A call with one point (a bisection's) takes a shorter path: value, type and shape must be
    what the array path gives — float64 where it is trusted, the high-precision value where not."""
    for prog in programs_of(text):
        for t in [0.0, -0.0, 1e-8, -1e-300, 0.5, 1.4905711794854288, -1.1924312145154943, 710.0, -710.0, 1e300,
                  math.nan, 3.0]:
            for shape in [(), (1,), (1, 1)]:
                arr = np.full(shape, t)
                got = prog(arr)
                two = prog(np.array([t, 0.25]))  # the array path, with a second point beside it
                want = np.full(shape, two[0]) if shape else np.float64(two[0])
                assert type(got) is type(want) and np.shape(got) == np.shape(want), (text, t, shape)
                assert np.asarray(got).tobytes() == np.asarray(want).tobytes(), (text, t, shape, got, want)
