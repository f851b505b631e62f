"""The activations added with issue 14's catalogue, and plugins.

The registry-wide tests (test_accuracy, test_claims, test_properties, test_dtypes) already hold every
new record at its defaults to the bars of the shipped ones, against ``tests/reference_new.py``.
Here: the same checks at other parameter values, the points where relative accuracy is impossible
(interior zeros, held to an absolute bar), the parameter gradients, the library names, and the
plugin mechanism with the example plugin in ``examples/`` installed for real.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
import tests.test_accuracy as accuracy
import tests.test_claims as claims
import tests.test_properties as properties
from actcli.catalogue import plugins
from actcli.catalogue.plugins import EntryPoint
from actcli.core.registry import Registry
from tests.conftest import ACTCLI, ROOT
from tests.kernel_paths import paths
from tests.reference import REF, mp_params, ref_value

NEW = ["prelu", "rrelu", "xielu", "squared_relu", "star_relu", "gelu_new", "gelu_fast", "gelu_10", "laplace", "sparse_plus", "elish",
       "telu", "logish", "smish", "serf", "gaussian", "isru", "bent_identity", "sparse_sigmoid", "isrlu", "hard_mish",
       "hard_elish", "srelu", "soft_exponential", "sine", "snake", "sinc"]

# parameter values other than the defaults: each branch of the claims (prelu's slope < 0, = 0, = 1, > 1)
VARIANTS = [
    "prelu:weight=-0.5", "prelu:weight=0", "prelu:weight=1", "prelu:weight=2.5",
    "rrelu:lower=0,upper=0", "rrelu:lower=0.3,upper=0.5",
    "star_relu:scale=2,bias=1", "star_relu:scale=0.1,bias=-3",
    "isru:alpha=4", "isru:alpha=0.25",
    "laplace:mu=0,sigma=1", "laplace:mu=-1,sigma=3",
    "xielu:alpha_p=2,alpha_n=1.5,beta=0.25,eps=-0.01",
    "isrlu:alpha=4", "isrlu:alpha=0.3",
    # srelu: both kinks; flat tails (dead zones, a bounded range); a falling left piece (not monotonic)
    "srelu:t_left=-1,a_left=0.2,t_right=1,a_right=0.3", "srelu:t_left=-2,a_left=0,t_right=1,a_right=0",
    "srelu:t_left=-1,a_left=-0.5,t_right=2,a_right=2",
    "soft_exponential:alpha=0.5", "soft_exponential:alpha=2",
    "sine:w0=1", "sine:w0=3.7", "snake:alpha=0.5", "snake:alpha=3",
]


def test_every_new_record_is_registered_with_a_reference() -> None:
    assert set(NEW) <= set(actcli.names())
    assert set(NEW) <= set(REF)


@pytest.mark.parametrize(("spec", "order", "path"), [(s, o, p) for s in VARIANTS for o in (0, 1, 2) for p in paths(s, o)])
def test_variants_against_mpmath(spec: str, order: int, path: str) -> None:
    accuracy.test_float64_against_mpmath(spec, order, path)
    accuracy.test_float32_within_a_few_ulp(spec, order, path)


@pytest.mark.parametrize("spec", VARIANTS)
def test_variants_claims(spec: str) -> None:
    claims.test_output_range(spec)
    claims.test_monotonic_and_derivative_range(spec)
    claims.test_dead_zones(spec)
    claims.test_kinks(spec)
    claims.test_smoothness_class(spec)
    claims.test_nonlinear(spec)


@pytest.fixture(scope="module")
def variant_props() -> dict[str, dict[str, Any]]:
    return properties._props(VARIANTS)


@pytest.mark.parametrize("spec", VARIANTS)
def test_variants_properties(spec: str, variant_props: dict[str, dict[str, Any]]) -> None:
    """compare --json's properties at these parameters, against mpmath as test_properties holds the
    defaults (periodic f′: the stationary points in test_periodic_stationary_points_and_argmax)."""
    properties.test_output_set_holds_every_value(spec, variant_props)
    properties.test_monotonic_against_mpmath(spec, variant_props)
    properties.test_argmax_is_where_the_supremum_holds(spec, variant_props)
    properties.test_saturation_thresholds_are_exact(spec, variant_props)
    properties.test_stationary_points_are_the_roots_of_f_prime(spec, variant_props)


# Interior zeros of f, f′ or f″ (located here by mpmath): relative accuracy is impossible there for
# any fixed-precision formula, so the bar is absolute, about half an ulp of the terms' scale.
INTERIOR_ZEROS = [
    ("gaussian", 2, -0.707), ("gaussian", 2, 0.707), ("elish", 1, -0.881), ("elish", 2, -1.72),
    ("telu", 1, -1.08), ("telu", 2, -2.07), ("telu", 2, 0.697), ("gelu_fast", 1, -0.75),
    ("gelu_fast", 2, 1.42), ("gelu_fast", 2, -1.42), ("gelu_new", 1, -0.75), ("laplace", 2, 0.707),
    ("star_relu", 0, 0.707), ("bent_identity", 0, 0.0), ("isru", 2, 0.0),
    ("logish", 1, -1.37), ("logish", 2, -2.53), ("logish", 2, 2.32), ("smish", 1, -1.39), ("smish", 2, -2.55),
    ("smish", 2, 2.22), ("serf", 1, -1.19), ("serf", 2, -2.26), ("serf", 2, 1.10), ("xielu", 1, -0.981),
    ("hard_elish", 1, -0.443), ("hard_mish", 1, -1.0), ("soft_exponential:alpha=0.5", 0, -0.575),
    ("sinc", 1, 1.43), ("sinc", 1, -2.46), ("sinc", 1, 12.49), ("sinc", 2, 0.82), ("sinc", 2, -1.9),
    ("sine", 0, 0.1047), ("sine", 2, -0.2094), ("sine", 1, 0.05236), ("snake", 2, 0.785), ("snake", 2, -2.356),
]


@pytest.mark.parametrize(("spec", "order", "guess"), INTERIOR_ZEROS)
def test_absolute_error_at_interior_zeros(spec: str, order: int, guess: float) -> None:
    act = actcli.get(spec)
    with mp.workdps(50):
        params = mp_params(act.params)
        root = mp.findroot(lambda t: REF[act.name][order](t, params), guess)
        scale = max(1.0, abs(float(REF[act.name][order](root + mp.mpf("1e-3"), params))) * 1e3)
        for off in (0.0, 1e-15, 1e-12, 1e-9, 1e-6, *np.linspace(1e-4, 1e-3, 10).tolist()):
            for sign in (-1, 1):
                x = float(root + sign * off)
                exact = ref_value(act.name, order, x, act.params)
                got = float(act(x) if order == 0 else act.derivative(x, order=order))
                assert abs(got - exact) <= 2.5e-16 * scale, (spec, order, x, got, float(exact))


# --- parameter gradients -------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "name"), [("prelu", "weight"), ("prelu:weight=-0.3", "weight"),
                                             ("star_relu", "scale"), ("star_relu", "bias"),
                                             ("xielu", "alpha_p"), ("xielu", "alpha_n")])
def test_parameter_gradients_against_mpmath(spec: str, name: str) -> None:
    """∂f/∂p against mpmath's derivative of the reference f in the parameter."""
    act = actcli.get(spec)
    assert any(p.name == name and p.learnable for p in act.record.params)
    xs = np.array([-1e5, -3.7, -1.0, -1e-8, 0.0, 1e-8, 0.5, 2.0, 1e5])
    got = act.param_gradient(xs, name)
    f = REF[act.name][0]
    params = mp_params(act.params)
    for x, g in zip(xs, got):

        def in_p(v: Any, x: float = float(x)) -> Any:
            return f(mp.mpf(x), {**params, name: v})

        exact = mp.diff(in_p, params[name])
        assert abs(g - exact) <= 1e-13 * max(1, abs(exact)), (spec, name, x, g, exact)


@pytest.mark.parametrize(("spec", "name"), [
    ("snake", "alpha"), ("snake:alpha=0.5", "alpha"), ("snake:alpha=3", "alpha"),
    ("soft_exponential", "alpha"), ("soft_exponential:alpha=0.5", "alpha"), ("soft_exponential:alpha=2", "alpha"),
    # α starts at 0 and is learned: just above it, αx·e^{αx} − expm1(αx) cancels to (αx)²/2
    ("soft_exponential:alpha=1e-12", "alpha"), ("soft_exponential:alpha=1e-08", "alpha"),
    *[("srelu:t_left=-1.5,a_left=0.2,t_right=1.5,a_right=0.3", n) for n in ("t_left", "a_left", "t_right", "a_right")],
    *[("srelu:t_left=-2,a_left=-0.5,t_right=0.5,a_right=2", n) for n in ("t_left", "a_left", "t_right", "a_right")],
])
def test_new_parameter_gradients_against_mpmath(spec: str, name: str) -> None:
    """∂f/∂p of the nine against mpmath's derivative of the reference f in p, on a grid with both
    tails, 0 and its neighbours; where the exact value overflows float64, inf."""
    act = actcli.get(spec)
    assert any(p.name == name and p.learnable for p in act.record.params)
    xs = np.concatenate([[-700.0, -1e5, -30.0, -3.7, -1.0, -1e-8, 0.0, 1e-8, 0.5, 2.0, 30.0, 700.0, 1e5],
                         np.linspace(-6.3, 6.3, 61)])
    xs = xs[~np.isin(xs, [v for v in act.params.values() if isinstance(v, float)])]  # not at srelu's kinks
    got = act.param_gradient(xs, name)
    f = REF[act.name][0]
    params = mp_params(act.params)
    for x, g in zip(xs, got):

        def in_p(v: Any, x: float = float(x)) -> Any:
            return f(mp.mpf(x), {**params, name: v})

        if act.name == "soft_exponential" and params[name] == 0:
            # α = 0 is the end of the offered range, and f is C¹ but not C² in α there: the
            # one-sided difference quotient from the exponential side, at a step far below 1e-13
            with mp.workdps(120):
                h = mp.mpf("1e-40")
                exact = (in_p(h) - in_p(mp.mpf(0))) / h
        else:
            with mp.workdps(60):
                exact = mp.diff(in_p, params[name])
        if abs(exact) > mp.mpf(np.finfo(np.float64).max):
            assert g == np.sign(float(mp.sign(exact))) * np.inf, (spec, name, x, g)
            continue
        assert abs(g - exact) <= 1e-13 * max(1, abs(exact)), (spec, name, x, g, exact)


def test_soft_exponential_offers_alpha_from_0_and_is_the_identity_there() -> None:
    """α < 0 is refused (its branch is real only for x > 1/α − α); at α = 0 the three branches meet:
    f is x, and ∂f/∂α is the same limit 1 + x²/2 from the logarithmic and the exponential side."""
    with pytest.raises(actcli.ParameterError):
        actcli.get("soft_exponential:alpha=-0.5")
    act = actcli.get("soft_exponential")
    xs = np.linspace(-5, 5, 11)
    assert np.array_equal(act(xs), xs) and not act.claims.nonlinear
    f = REF["soft_exponential"][0]
    for x in xs:
        for side in (-1, 1):
            with mp.workdps(120):
                h = side * mp.mpf("1e-40")
                slope = (f(mp.mpf(x), {"alpha": h}) - f(mp.mpf(x), {"alpha": mp.mpf(0)})) / h
            assert abs(slope - (1 + mp.mpf(x) ** 2 / 2)) < 1e-12
    assert np.allclose(act.param_gradient(xs, "alpha"), 1 + xs * xs / 2, rtol=1e-15, atol=0)


def test_srelu_refuses_thresholds_out_of_order() -> None:
    with pytest.raises(actcli.ParameterError, match="must be below t_right"):
        actcli.get("srelu:t_left=1,t_right=0.5")


def test_isrlu_is_c2_and_not_c3_at_0() -> None:
    """The claim smoothness = 2: f, f′ and f″ match at 0 (1, 1 and 0 from both sides), f‴ does not
    (−3α from the left, 0 from the right), by mpmath's one-sided limits of the reference."""
    d2 = REF["isrlu"][2]
    for spec in ("isrlu", "isrlu:alpha=4"):
        act = actcli.get(spec)
        assert act.claims.smoothness == 2 and not act.claims.kinks and not act.claims.d2_kinks
        p = mp_params(act.params)
        eps = mp.mpf("1e-30")
        for order, ref in enumerate(REF["isrlu"]):
            assert abs(ref(-eps, p) - ref(eps, p)) < 1e-25, (spec, order)
        left = mp.diff(lambda t, p=p: d2(t, p), -mp.mpf("1e-20"))
        right = mp.diff(lambda t, p=p: d2(t, p), mp.mpf("1e-20"))
        assert abs(left + 3 * p["alpha"]) < 1e-12 and right == 0


# the values at kinks, as the framework that ships each function computes them (jax.grad of
# jax.nn.sparse_sigmoid; PyTorch autograd of timm's hard_mish and of HardELiSH written with
# torch.clamp, and of SReLU's pieces with torch.where), measured with jax.grad and torch 2.13 autograd
KINK_VALUES = [
    ("sparse_sigmoid", -1.0, 0.25, 0.0), ("sparse_sigmoid", 1.0, 0.25, 0.0),
    ("hard_mish", -2.0, -1.0, 1.0), ("hard_mish", 0.0, 1.0, 1.0),
    ("hard_elish", -1.0, (math.exp(-1) - 1) / 2, math.exp(-1)), ("hard_elish", 0.0, 0.5, 1.0),
    ("hard_elish", 1.0, 1.5, 1.0),
    ("srelu:t_left=-1,a_left=0.2,t_right=1,a_right=0.3", -1.0, 0.2, 0.0),
    ("srelu:t_left=-1,a_left=0.2,t_right=1,a_right=0.3", 1.0, 0.3, 0.0),
]


@pytest.mark.parametrize(("spec", "x", "d1", "d2"), KINK_VALUES)
def test_values_at_kinks_follow_the_shipping_framework(spec: str, x: float, d1: float, d2: float) -> None:
    act = actcli.get(spec)
    assert float(act.derivative(x)) == pytest.approx(d1, rel=1e-15)
    assert float(act.derivative(x, order=2)) == pytest.approx(d2, rel=1e-15)
    kinks = {k.x: k for k in act.claims.kinks}
    if x in kinks:
        assert kinks[x].derivative == pytest.approx(d1, rel=1e-15)
        assert kinks[x].convention == ("jax" if act.name == "sparse_sigmoid" else "torch")


# --- periodic and oscillating ---------------------------------------------------------------------

PERIODIC = ["sine", "sine:w0=1", "sine:w0=3.7", "snake", "snake:alpha=0.5", "snake:alpha=3"]


@pytest.fixture(scope="module")
def periodic_props() -> dict[str, Any]:
    result = subprocess.run([ACTCLI, "compare", *PERIODIC, "sinc", "--json", "--no-timing"], capture_output=True,
                            text=True, timeout=600, check=True, env={**os.environ, "NO_COLOR": "1"})
    data = json.loads(result.stdout)["activations"]
    return {spec: d["properties"] for spec, d in zip([*PERIODIC, "sinc"], data)}


@pytest.mark.parametrize("spec", PERIODIC)
def test_periodic_stationary_points_and_argmax(spec: str, periodic_props: dict[str, Any]) -> None:
    """One period's stationary points and peaks of |f′|, against mpmath: the period is 2π/ω₀ (sine)
    or π/α (snake); each stated point is a zero of f′ (or a peak of |f′| = sup) of the stated kind;
    and no other zero or peak lies in the period: on a 4000-point mpmath grid every sign change of
    f′ and every local minimum of |f′| that reaches 0 (snake's f′ = 2·sin²(αx + π/4) only touches 0)
    is one of the stated points."""
    act = actcli.get(spec)
    props = periodic_props[spec]
    p = mp_params(act.params)
    f, d1, d2 = REF[act.name]
    period = 2 * mp.pi / p["w0"] if act.name == "sine" else mp.pi / p["alpha"]
    assert props["period"] == pytest.approx(float(period), rel=1e-15)
    assert props["f_step"] == pytest.approx(0.0 if act.name == "sine" else float(period), rel=1e-12, abs=1e-15)
    sup = float(props["sup_abs_derivative"])
    assert sup == (float(p["w0"]) if act.name == "sine" else 2.0)
    grid = [period * k / 4000 for k in range(4001)]
    values = [d1(x, p) for x in grid]
    zeros, peaks = [], []
    for i in range(1, 4000):
        a, b, c = values[i - 1], values[i], values[i + 1]
        if a * b < 0:
            zeros.append(mp.findroot(lambda t: d1(t, p), (grid[i - 1], grid[i]), solver="anderson"))
        if abs(b) <= abs(a) and abs(b) <= abs(c) and abs(b) < 1e-3 * sup:
            root = mp.findroot(lambda t: d2(t, p), grid[i])
            if abs(d1(root, p)) < 1e-20:
                zeros.append(root)
        if abs(b) >= abs(a) and abs(b) >= abs(c) and abs(b) > (1 - 1e-3) * sup:
            peaks.append(mp.findroot(lambda t: d2(t, p), grid[i]))
    if abs(values[0]) == sup:  # sine: |f′| peaks at 0 itself
        peaks.append(mp.mpf(0))
    stated = props["stationary_points"]
    assert sorted(float(z) for z in zeros) == pytest.approx(sorted(s["x"] for s in stated), abs=1e-12)
    for st in stated:
        x = mp.mpf(st["x"])
        assert st["f"] == pytest.approx(float(f(x, p)), rel=1e-12, abs=1e-15)
        left, right = mp.sign(d1(x - period / 1000, p)), mp.sign(d1(x + period / 1000, p))
        kind = "minimum" if (left, right) == (-1, 1) else "maximum" if (left, right) == (1, -1) else "inflection"
        assert st["kind"] == kind
    argmax = [iv["min"] for iv in props["argmax"]]
    assert all(iv["min"] == iv["max"] for iv in props["argmax"])
    assert sorted(float(v) % float(period) for v in peaks) == pytest.approx(sorted(argmax), abs=1e-12)
    assert all(abs(d1(mp.mpf(v), p)) == pytest.approx(sup, rel=1e-15) for v in argmax)
    assert props["saturation"]["left"] is None and props["saturation"]["right"] is None
    assert props["monotonic"] == ("increasing" if act.name == "snake" else "none")


def test_sinc_lists_its_stationary_points_on_a_window(periodic_props: dict[str, Any]) -> None:
    props = periodic_props["sinc"]
    assert props["stationary_window"] == {"min": -3.0, "max": 3.0, "min_inclusive": True, "max_inclusive": True}
    assert "period" not in props
    xs = [s["x"] for s in props["stationary_points"]]
    assert len(xs) == 5 and xs[2] == 0.0 and props["stationary_points"][2]["f"] == 1.0
    # tan(πx) = πx: each root in (k, k + ½), k = 1, 2, and its mirror
    for k, x in zip(range(1, 3), xs[3:]):
        assert k < x < k + 0.5 and xs[2 - k] == -x
        assert abs(mp.tan(mp.pi * x) - mp.pi * x) < 1e-12 * x
    # sup |f′| at the first roots of f″, and |f′| ≤ 1/|x| + 1/(πx²) below 1 % of it beyond ±1000,
    # where the analysis stops looking densely
    assert 1 / 1000 + 1 / (math.pi * 1e6) < float(props["saturation"]["threshold"])
    assert props["saturation"]["right"] == -props["saturation"]["left"] > 70


def test_sinc_near_0_uses_its_series() -> None:
    """sinc(0) = 1, sinc′(0) = 0, sinc″(0) = −π²/3 exactly as floats, and the closed form's
    cancellation is not seen on either side of the series' edge |x| = ½."""
    act = actcli.get("sinc")
    assert float(act(0.0)) == 1.0 and float(act.derivative(0.0)) == 0.0
    assert float(act.derivative(0.0, order=2)) == pytest.approx(-math.pi**2 / 3, rel=1e-15)
    xs = np.array([np.nextafter(0.5, 0), 0.5, np.nextafter(0.5, 1), 1e-5, 1e-9, 5e-324])
    for order in (0, 1, 2):
        got = act(xs) if order == 0 else act.derivative(xs, order=order)
        for x, y in zip(xs, got):
            exact = ref_value("sinc", order, float(x), {})
            assert abs(y - exact) <= 1e-15 * abs(exact) + 1e-320, (order, x, y, exact)


def test_sine_is_exact_where_w0_x_is_rounded_and_near_the_float_limit() -> None:
    """sin(30x) from 30x split exactly: at x = 1e5 the rounded product alone would cost six digits;
    at ±1e308 30x overflows and the angle is doubled back from x/2⁶."""
    act = actcli.get("sine")
    xs = np.array([1e5 + 0.1, 12345.678, 1e150, -1e308, 1.7e308])
    for x, y in zip(xs, act(xs)):
        exact = ref_value("sine", 0, float(x), act.params)
        assert abs(y - exact) <= 1e-13 * abs(exact), (x, y, exact)


def test_sine_advises_sirens_initialisation() -> None:
    init = actcli.get("sine").init
    assert init.scheme == "he" and init.fixed_gain == pytest.approx(math.sqrt(2) / 30, rel=1e-15)
    # He's std gain/√fan_in with this gain is SIREN's U(±√(6/n)/ω₀): its sd √(6/n)/ω₀/√3 = √(2/n)/ω₀
    assert "U(−√(6/fan_in)/ω₀, √(6/fan_in)/ω₀)" in init.note and "U(−1/fan_in, 1/fan_in)" in init.note
    assert actcli.get("sine:w0=1").init.fixed_gain == pytest.approx(math.sqrt(2), rel=1e-15)


def test_parameter_gradient_of_a_fixed_parameter_is_refused() -> None:
    with pytest.raises(actcli.ParameterError, match="no parameter gradient"):
        actcli.get("rrelu").param_gradient(1.0, "lower")
    assert [p.name for p in actcli.get("rrelu").record.params if p.learnable] == []
    assert actcli.get("prelu").param_gradient(np.float32(-2.0), "weight").dtype == np.float32


# --- what each library calls them ----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "canonical"), [
    ("gelu_pytorch_tanh", "gelu_new"), ("gelu_accurate", "gelu_new"), ("gelu_python_tanh", "gelu_new"),
    ("relu2", "squared_relu"), ("StarReLU", "star_relu"), ("PReLU", "prelu"), ("RReLU", "rrelu"),
    ("sparse-plus", "sparse_plus"),
])
def test_library_names(typed: str, canonical: str) -> None:
    assert actcli.get(typed).name == canonical


def test_gelu_new_is_gelu_tanh_and_gelu_fast_is_not() -> None:
    xs = np.linspace(-12, 12, 2401)
    tanh = actcli.get("gelu:approximate=tanh")
    new, fast = actcli.get("gelu_new"), actcli.get("gelu_fast")
    for order in (0, 1, 2):
        a = new(xs) if order == 0 else new.derivative(xs, order=order)
        b = tanh(xs) if order == 0 else tanh.derivative(xs, order=order)
        assert np.array_equal(a, b)
    # 0.7978845608 vs √(2/π) = 0.79788456080286535…: a relative difference of 3.6e-12 in u
    gap = np.max(np.abs(fast(xs) - new(xs)))
    exact_gap = max(abs(REF["gelu_fast"][0](mp.mpf(x), {}) - REF["gelu_new"][0](mp.mpf(x), {})) for x in xs)
    assert gap > 0 and abs(gap - float(exact_gap)) <= 1e-15


def test_xielu_refuses_alpha_n_not_above_beta() -> None:
    with pytest.raises(actcli.ParameterError, match="must exceed beta"):
        actcli.get("xielu:alpha_n=0.5")


def test_rrelu_refuses_lower_above_upper() -> None:
    with pytest.raises(actcli.ParameterError, match="must not exceed upper"):
        actcli.get("rrelu:lower=0.5,upper=0.25")


def test_rrelu_says_training_draws_a_random_slope() -> None:
    rec = actcli.get("rrelu").record
    assert "U(l, u)" in rec.summary and "training" in rec.formula.text
    assert float(actcli.get("rrelu")(-1.0)) == -(0.125 + 1 / 3) / 2


# --- plugins ---------------------------------------------------------------------------------------


EXAMPLE = ROOT / "examples" / "actcli-plugin-example"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, pip-installed (built from its pyproject.toml) into a directory of its own."""
    target = tmp_path_factory.mktemp("plugin")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "--target", str(target), str(EXAMPLE)], check=True, capture_output=True)
    return target


def _broken_dist(where: Path, dist: str, value: str) -> None:
    info = where / f"{dist}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[actcli.activations]\nbroken = {value}\n", encoding="utf-8")


def _env(*paths: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != plugins.DISABLE}
    return {**env, "PYTHONPATH": os.pathsep.join(str(p) for p in paths), "NO_COLOR": "1", **extra}


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ACTCLI, *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def test_entry_point_scan_agrees_with_importlib_metadata(installed: Path) -> None:
    from importlib.metadata import distributions

    ours = plugins.entry_points([str(installed)])
    theirs = [(ep.name, ep.value) for d in distributions(path=[str(installed)])
              for ep in d.entry_points if ep.group == plugins.GROUP]
    assert [(ep.name, ep.value) for ep in ours] == theirs == [("arctan", "actcli_example_plugin:ARCTAN")]


def test_installed_plugin_is_listed_and_derived(installed: Path) -> None:
    env = _env(installed)
    listing = _cli("list", env=env)
    assert listing.returncode == 0 and listing.stderr == "", listing.stderr
    assert "arctan" in listing.stdout
    derived = _cli("derive", "atan", "--at", "0.5", env=env)
    assert derived.returncode == 0, derived.stderr
    assert "arctan" in derived.stdout and "0.463648" in derived.stdout  # atan(0.5) = 0.4636476…
    off = _cli("derive", "arctan", env=_env(installed, ACTCLI_NO_PLUGINS="1"))
    assert off.returncode == 2 and "unknown activation 'arctan'" in off.stderr


def test_example_plugin_is_exact_and_its_claims_hold(installed: Path) -> None:
    sys.path.insert(0, str(installed))
    try:
        import importlib

        ARCTAN = importlib.import_module("actcli_example_plugin").ARCTAN
    finally:
        sys.path.remove(str(installed))
    xs = np.concatenate([np.linspace(-50, 50, 1001), np.geomspace(1e-300, 1e300, 60), -np.geomspace(1e-300, 1e300, 60)])
    exact = [lambda x: mp.atan(x), lambda x: 1 / (1 + x * x), lambda x: -2 * x / (1 + x * x) ** 2]
    assert ARCTAN.fn is not None and ARCTAN.d1 is not None and ARCTAN.d2 is not None
    for order, fn in enumerate((ARCTAN.fn, ARCTAN.d1, ARCTAN.d2)):
        got = fn(xs)
        for x, y in zip(xs, got):
            e = exact[order](mp.mpf(float(x)))
            if abs(e) >= mp.mpf("1e-290"):  # test_accuracy's bar for every non-seed activation
                assert abs(y - e) <= 1e-12 * abs(e), (order, x, y, e)
            else:
                assert abs(y - e) <= 1e-302, (order, x, y, e)
    c = ARCTAN.claims({})
    assert c.output_range.hi == float(mp.pi / 2) and not c.output_range.hi_closed
    assert float(ARCTAN.d1(np.array([0.0]))[0]) == c.derivative_range.hi == 1.0 and c.derivative_range.hi_closed
    assert c.monotonic and c.smoothness is None and not c.kinks


def test_failing_plugins_are_reported_in_one_line_and_skipped(installed: Path, tmp_path: Path) -> None:
    _broken_dist(tmp_path, "missing_module", "no_such_module_anywhere:THING")
    _broken_dist(tmp_path / "b", "not_a_record", "os:sep")
    _broken_dist(tmp_path / "c", "name_clash", "actcli.catalogue.rectifiers:RELU")
    env = _env(tmp_path, tmp_path / "b", tmp_path / "c", installed)
    # the plugins are read when a name is not a shipped one (or for the whole list), and only then
    assert _cli("derive", "relu", "--at", "1", env=env).stderr == ""
    result = _cli("derive", "arctan", "--at", "1", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith("Warning: activation plugin 'broken'") and line.isascii() for line in lines)
    assert "ModuleNotFoundError" in lines[0] and "missing_module" in lines[0]
    assert "not a Record" in lines[1]
    assert "'relu' is taken by 'relu'" in lines[2]
    assert "ACTCLI_NO_PLUGINS=1" in lines[0]
    # the good plugin behind them still loads (derived above); with plugins off nothing is read or reported
    assert _cli("list", env=env).stderr.splitlines() == lines
    quiet = _cli("list", env=_env(tmp_path, ACTCLI_NO_PLUGINS="1"))
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_a_plugin_is_all_or_nothing() -> None:
    """A plugin whose second record clashes registers neither; the registry is unchanged."""
    from actcli.catalogue import RECORDS

    reg = Registry(RECORDS)
    before = reg.names()
    module = type(sys)("_actcli_test_plugin")
    setattr(module, "BOTH", [_renamed("fresh_one"), _renamed("relu")])  # noqa: B010
    sys.modules[module.__name__] = module
    try:
        failures = plugins.load(reg, [EntryPoint("both", "_actcli_test_plugin:BOTH", "test")])
    finally:
        del sys.modules[module.__name__]
    assert len(failures) == 1 and "taken by 'relu'" in failures[0].reason
    assert reg.names() == before


def _renamed(name: str) -> Any:
    import dataclasses

    from actcli.api import lookup

    return dataclasses.replace(lookup("tanh"), name=name, aliases=())
