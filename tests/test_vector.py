"""Softmax, log_softmax and softmin: values, stability, Jacobians and VJPs against mpmath."""

from __future__ import annotations

from collections.abc import Callable

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.errors import NotElementwiseError, ParameterError

mp.mp.dps = 40
VECTOR = ["softmax", "log_softmax", "softmin"]


def mp_softmax(z: list[float], sign: int = 1) -> list[mp.mpf]:
    e = [mp.exp(sign * mp.mpf(v)) for v in z]
    total = mp.fsum(e)
    return [v / total for v in e]


def mp_log_softmax(z: list[float]) -> list[mp.mpf]:
    with mp.workdps(1000):  # log(1 + e^{−1400}) must not round to 0
        lse = mp.log(mp.fsum(mp.exp(mp.mpf(v)) for v in z))
        out = [mp.mpf(v) - lse for v in z]
    return [+v for v in out]


CASES = [[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [0.0, -50.0, -60.0],
         [3.0, 3.0, 3.0, 3.0], [5e-324, -5e-324], [700.0, -700.0, 0.5]]


@pytest.mark.parametrize("z", CASES)
def test_values_against_mpmath(z: list[float]) -> None:
    sm = actcli.get("softmax")(np.array(z))
    ls = actcli.get("log_softmax")(np.array(z))
    smin = actcli.get("softmin")(np.array(z))
    for got, exact in zip(sm, mp_softmax(z)):
        assert abs(got - exact) <= 1e-15 * max(abs(exact), mp.mpf("1e-300")) + 1e-300
    for got, exact in zip(smin, mp_softmax(z, -1)):
        assert abs(got - exact) <= 1e-15 * max(abs(exact), mp.mpf("1e-300")) + 1e-300
    for got, exact in zip(ls, mp_log_softmax(z)):
        # exact to ~1e-13 relative, even for the dominant logit where the value is ~ −1e-22
        assert abs(got - exact) <= 1e-13 * abs(exact) or float(exact) == got, (z, got, exact)


def test_dominant_logit_log_probability_is_exact() -> None:
    ls = actcli.get("log_softmax")(np.array([0.0, -50.0, -60.0]))
    exact = -mp.log1p(mp.exp(-50) + mp.exp(-60))
    assert ls[0] != 0.0
    assert abs((ls[0] - exact) / exact) < 1e-15


def test_axis_and_batches() -> None:
    z = np.random.default_rng(0).normal(size=(4, 5, 3))
    sm = actcli.get("softmax")
    assert np.allclose(sm(z, axis=1).sum(axis=1), 1.0)
    assert np.allclose(sm(z, axis=1), np.swapaxes(sm(np.swapaxes(z, 1, 2)), 1, 2))
    assert sm(np.zeros((0, 3))).shape == (0, 3)


def test_infinite_and_nan_logits() -> None:
    sm, ls = actcli.get("softmax"), actcli.get("log_softmax")
    assert list(sm(np.array([np.inf, 1.0]))) == [1.0, 0.0]
    assert list(sm(np.array([np.inf, np.inf, 0.0]))) == [0.5, 0.5, 0.0]
    assert list(sm(np.array([-np.inf, 0.0]))) == [0.0, 1.0]
    assert np.all(np.isnan(sm(np.array([np.nan, 1.0]))))
    assert ls(np.array([-np.inf, 0.0]))[0] == -np.inf


def _numeric_jacobian(name: str, z: list[float]) -> mp.matrix:
    fns: dict[str, Callable[[list[float]], list[mp.mpf]]] = {
        "softmax": lambda v: mp_softmax(v),
        "softmin": lambda v: mp_softmax(v, -1),
        "log_softmax": lambda v: mp_log_softmax(v),
    }
    f = fns[name]
    k = len(z)
    jac = mp.matrix(k, k)
    for j in range(k):
        for i in range(k):
            def fi(t: mp.mpf, i: int = i, j: int = j) -> mp.mpf:
                v = [mp.mpf(x) for x in z]
                v[j] = t
                return f(v)[i]
            jac[i, j] = mp.diff(fi, mp.mpf(z[j]))
    return jac


@pytest.mark.parametrize("name", VECTOR)
@pytest.mark.parametrize("z", [[1.0, 2.0, 3.0], [0.3, -1.2, 2.2, 0.0]])
def test_jacobian_and_vjp(name: str, z: list[float]) -> None:
    act = actcli.get(name)
    jac = act.jacobian(np.array(z))
    exact = _numeric_jacobian(name, z)
    for i in range(len(z)):
        for j in range(len(z)):
            assert abs(jac[i, j] - exact[i, j]) < 1e-14
    v = np.linspace(-1, 2, len(z))
    assert np.allclose(act.vjp(np.array(z), v), v @ jac, rtol=1e-13, atol=1e-15)


def test_softmax_jacobian_is_diag_minus_outer() -> None:
    z = np.array([0.1, 0.7, -0.4])
    s = actcli.get("softmax")(z)
    assert np.allclose(actcli.get("softmax").jacobian(z), np.diag(s) - np.outer(s, s), rtol=0, atol=1e-16)


def test_vector_kind_refuses_elementwise_derivative() -> None:
    with pytest.raises(NotElementwiseError, match="jacobian"):
        actcli.get("softmax").derivative([1.0, 2.0])
    with pytest.raises(NotElementwiseError):
        actcli.get("relu").jacobian([1.0, 2.0])
    with pytest.raises(ParameterError, match="1-D"):
        actcli.get("softmax").jacobian(np.ones((2, 2)))
    with pytest.raises(ParameterError, match="vector"):
        actcli.get("softmax")(1.0)
