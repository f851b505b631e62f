"""Identities that must hold for any input, found by hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import actcli
from actcli.api import records

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
EPS = np.finfo(np.float64).eps


@given(finite)
def test_sigmoid_symmetry(x: float) -> None:
    s = actcli.get("sigmoid")
    assert abs(float(s(-x)) - (1 - float(s(x)))) <= 2 * EPS


@given(finite)
def test_tanh_and_softsign_are_odd(x: float) -> None:
    for name in ("tanh", "softsign", "tanhshrink", "hardtanh", "softshrink", "identity"):
        f = actcli.get(name)
        assert float(f(-x)) == -float(f(x)), name


@given(finite)
def test_sigmoid_derivative_is_symmetric_and_positive(x: float) -> None:
    d = actcli.get("sigmoid").derivative
    assert float(d(x)) == float(d(-x))
    assert float(d(x)) >= 0


@settings(max_examples=50, deadline=None)  # walks the whole registry per example
@given(st.lists(st.floats(min_value=-700, max_value=700), min_size=2, max_size=50))
def test_monotone_means_nonnegative_derivative(xs: list[float]) -> None:
    arr = np.array(xs)
    for r in records():
        if r.kind != "elementwise":
            continue
        act = actcli.get(r.name)
        if act.claims.monotonic:
            assert np.all(act.derivative(arr) >= 0), r.name
            srt = np.sort(arr)
            assert np.all(np.diff(act(srt)) >= 0), r.name


@given(st.lists(st.floats(min_value=-700, max_value=700), min_size=1, max_size=30), st.floats(-100, 100))
def test_softmax_sums_to_one_and_is_shift_invariant(z: list[float], c: float) -> None:
    sm = actcli.get("softmax")
    s = sm(np.array(z))
    assert abs(s.sum() - 1) <= 4 * len(z) * EPS
    assert np.all(s >= 0)
    shifted = sm(np.array(z) + c)
    assert np.allclose(s, shifted, rtol=1e-12, atol=1e-300) or np.allclose(s, shifted, rtol=1e-9 * (1 + abs(c)))


@given(st.lists(st.floats(min_value=-50, max_value=50), min_size=1, max_size=20))
def test_log_softmax_is_log_of_softmax(z: list[float]) -> None:
    arr = np.array(z)
    ls = actcli.get("log_softmax")(arr)
    assert np.allclose(np.exp(ls), actcli.get("softmax")(arr), rtol=1e-13, atol=0)
    assert np.allclose(actcli.get("softmin")(arr), actcli.get("softmax")(-arr), rtol=0, atol=0)
