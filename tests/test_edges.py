"""Kink conventions pinned to PyTorch, extremal inputs, shapes and dtypes, and no warnings."""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath as mp
import numpy as np
import pytest
from numpy.typing import NDArray

import actcli
from actcli.api import records
from tests.reference import REF, mp_params

ELEMENTWISE = [r.name for r in records() if r.kind == "elementwise"] + ["gelu:approximate=tanh"]

# Values PyTorch 2.13 autograd returns at each kink (torch.autograd.grad, float64), typed in from
# a run of torch, not from actcli.
TORCH_AT_KINKS = [
    ("relu", 0.0, 0.0),
    ("leaky_relu", 0.0, 0.01),
    ("leaky_relu:negative_slope=0.2", 0.0, 0.2),
    ("elu:alpha=2", 0.0, 2.0),
    # PyTorch prints 1.7580993408473766: it multiplies the rounded λ and α; the exact λα
    # (1.75809934084737686…) rounds to the value below. Same branch, one ulp apart.
    ("selu", 0.0, 1.7580993408473768),
    ("celu:alpha=2", 0.0, 1.0),
    ("hardsigmoid", -3.0, 0.0),
    ("hardsigmoid", 3.0, 0.0),
    ("hardtanh", -1.0, 0.0),
    ("hardtanh", 1.0, 0.0),
    ("hardswish", -3.0, 0.0),
    ("hardswish", 3.0, 1.0),
    ("relu6", 0.0, 0.0),
    ("relu6", 6.0, 0.0),
    ("softshrink", -0.5, 0.0),
    ("softshrink", 0.5, 0.0),
    ("hardshrink", -0.5, 0.0),
    ("hardshrink", 0.5, 0.0),
    ("threshold", 0.0, 0.0),
    ("prelu", 0.0, 0.25),  # F.prelu with weight 0.25 (nn.PReLU's init)
    ("rrelu", 0.0, 0.22916666666666666),  # F.rrelu(training=False): slope (1/8 + 1/3)/2
    # transformers' XIELUActivation._xielu_python in float64: torch.min splits a tie's gradient
    ("xielu", -1e-6, 0.09999960000019997),
    ("xielu", 0.0, -0.30000000000000004),
    ("gelu_10", 10.0, 1.0),  # torch.clip(F.gelu(x), -10, 10): gelu(10.0) rounds to 10, a tie the clip passes
    # timm's hard_mish, x/2·clamp(x + 2, 0, 2): the clamp passes the gradient at its lower bound
    ("hard_mish", -2.0, -1.0),
    # HardELiSH as torch.where(x >= 0, x·h, (eˣ − 1)·h), h = clamp((x + 1)/2, 0, 1)
    ("hard_elish", -1.0, -0.31606027941427883),
    ("hard_elish", 1.0, 1.5),
    # SReLU as torch.where(x >= t_r, …, torch.where(x <= t_l, t_l + a_l(x − t_l), x)), keras-contrib's pieces
    ("srelu", 0.0, 0.5),
]
#: where the framework that ships an activation is jax: jax.grad in float64, typed in from a run of jax
JAX_AT_KINKS = [
    ("sparse_sigmoid", -1.0, 0.25),  # jax.nn.sparse_sigmoid: jnp.clip splits a tie's gradient
    ("sparse_sigmoid", 1.0, 0.25),
]


@pytest.mark.parametrize(("spec", "x", "expected"), JAX_AT_KINKS)
def test_derivative_at_kink_is_jaxs(spec: str, x: float, expected: float) -> None:
    assert float(actcli.get(spec).derivative(x)) == expected


@pytest.mark.parametrize(("spec", "x", "expected"), TORCH_AT_KINKS)
def test_derivative_at_kink_is_pytorchs(spec: str, x: float, expected: float) -> None:
    assert float(actcli.get(spec).derivative(x)) == expected


def test_every_kink_is_pinned() -> None:
    pinned = {(s.split(":")[0], x) for s, x, _ in TORCH_AT_KINKS + JAX_AT_KINKS}
    for r in records():
        if r.kind != "elementwise":
            continue
        for k in r.claims(r.defaults()).kinks:
            assert (r.name, k.x) in pinned, f"kink of {r.name} at {k.x} has no PyTorch value pinned"


@pytest.mark.parametrize(("spec", "x", "expected"), TORCH_AT_KINKS)
def test_against_live_torch(spec: str, x: float, expected: float) -> None:
    """Where PyTorch is installed, ask it directly (skipped otherwise)."""
    torch = pytest.importorskip("torch")
    tf = pytest.importorskip("torch.nn.functional")  # Any: torch need not be installed to type-check

    act = actcli.get(spec)
    p = act.params
    fns = {
        "relu": tf.relu, "leaky_relu": lambda t: tf.leaky_relu(t, p.get("negative_slope", 0.01)),
        "elu": lambda t: tf.elu(t, p.get("alpha", 1.0)), "selu": tf.selu,
        "celu": lambda t: tf.celu(t, p.get("alpha", 1.0)), "hardsigmoid": tf.hardsigmoid,
        "hardtanh": tf.hardtanh, "hardswish": tf.hardswish, "relu6": tf.relu6,
        "softshrink": tf.softshrink, "hardshrink": tf.hardshrink,
        "threshold": lambda t: tf.threshold(t, 0.0, 0.0),
        "prelu": lambda t: tf.prelu(t.reshape(1), torch.tensor([p.get("weight", 0.25)], dtype=t.dtype)).sum(),
        "rrelu": lambda t: tf.rrelu(t, p.get("lower", 0.125), p.get("upper", 1 / 3), training=False),
        "gelu_10": lambda t: torch.clip(tf.gelu(t), -10.0, 10.0),
        "hard_mish": lambda t: t / 2 * torch.clamp(t + 2, 0.0, 2.0),
        "hard_elish": lambda t: torch.where(t >= 0, t, torch.expm1(t)) * torch.clamp((t + 1) / 2, 0.0, 1.0),
        "srelu": lambda t: torch.where(t >= 2.5, t, torch.where(t <= 0.0, 0.5 * t, t)),
        "xielu": lambda t: torch.where(
            t > 0, 0.8 * t * t + 0.5 * t,
            (torch.expm1(torch.min(t, torch.tensor(-1e-6, dtype=t.dtype))) - t) * 0.8 + 0.5 * t),
    }
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(fns[act.name](t), t)
    ours = float(act.derivative(x))
    assert abs(g.item() - ours) <= np.spacing(abs(ours)), (spec, g.item(), ours)


@pytest.mark.parametrize("spec", ELEMENTWISE)
@pytest.mark.parametrize("order", [0, 1, 2])
def test_infinities_give_limits_and_nan_gives_nan(spec: str, order: int) -> None:
    act = actcli.get(spec)
    fn: Callable[[NDArray[np.float64]], NDArray[np.float64]] = (
        (lambda x: act(x)) if order == 0 else (lambda x: act.derivative(x, order=order)))
    got = fn(np.array([-np.inf, np.inf, np.nan]))
    with mp.workdps(60):
        limits = [float(REF[act.name][order](mp.mpf(s) * mp.mpf("1e400"), mp_params(act.params))) for s in (-1, 1)]
    if act.claims.period is not None:
        # a periodic f′ has no limit at ±∞, nor has a bounded f built on it (sine): NaN; snake's f → ±∞
        limits = [v if math.isinf(v) else math.nan for v in limits]
    assert np.array_equal(got[:2], limits, equal_nan=True), (spec, order, got, limits)
    assert np.isnan(got[2])


@pytest.mark.parametrize("spec", ELEMENTWISE)
def test_extremal_finite_inputs_give_finite_values(spec: str) -> None:
    act = actcli.get(spec)
    xs = np.array([1e308, -1e308, 710.0, -710.0, 5e-324, -5e-324, -0.0])
    for order in (0, 1, 2):
        got = act(xs) if order == 0 else act.derivative(xs, order=order)
        for x, y in zip(xs, got):
            exact = float(REF[act.name][order](mp.mpf(float(x)), mp_params(act.params)))
            if np.isfinite(exact):
                assert np.isfinite(y), (spec, order, x, y)


@pytest.mark.parametrize("spec", ELEMENTWISE)
def test_shapes_and_dtypes(spec: str) -> None:
    act = actcli.get(spec)
    assert isinstance(act(0.5), np.float64)
    assert act(np.float32(0.5)).dtype == np.float32
    assert act(np.zeros((2, 3, 4), dtype=np.float32)).shape == (2, 3, 4)
    assert act.derivative(np.zeros((2, 0))).shape == (2, 0)
    assert act(np.array([], dtype=np.float32)).dtype == np.float32
    assert act(np.arange(-3, 4)).dtype == np.float64  # integers accepted, as float64
    assert np.asarray(act.derivative(np.array(1.5), order=2)).shape == ()
    assert act([1, 2]).shape == (2,)


def test_textbook_forms_flush_but_ours_do_not() -> None:
    """σ(1−σ) and 1 − tanh² are 0 far too early; ours keep the digits (exact values by mpmath)."""
    sig, th = actcli.get("sigmoid"), actcli.get("tanh")
    s40 = float(sig(40.0))
    assert s40 * (1 - s40) == 0.0  # the textbook form
    assert float(sig.derivative(40.0)) == pytest.approx(float(mp.exp(-40) / (1 + mp.exp(-40)) ** 2), rel=1e-15)
    assert 1 - float(th(20.0)) ** 2 == 0.0
    assert float(th.derivative(20.0)) == pytest.approx(float(1 / mp.cosh(20) ** 2), rel=1e-15)


def test_bad_inputs_raise_clear_errors() -> None:
    with pytest.raises(actcli.ParameterError, match="numeric"):
        actcli.get("relu")(np.array(["a"]))
    with pytest.raises(actcli.ParameterError, match="complex"):
        actcli.get("relu")(np.array([1j]))
    with pytest.raises(actcli.ParameterError, match="order"):
        actcli.get("relu").derivative(1.0, order=3)
