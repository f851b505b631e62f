"""Softmax, log_softmax and softmin: values, stability, Jacobians and VJPs against mpmath."""

from __future__ import annotations

from collections.abc import Callable

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.errors import NotElementwiseError, ParameterError
from tests import reference_gated as ref_gated

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


# --- sparsemax and 1.5-entmax against the bisection references of tests/reference_gated.py ----

SPARSE = ["sparsemax", "entmax15"]
SPARSE_CASES = [
    [1.0, 2.0, 3.0], [0.1, 0.5, 0.9, -3.0], [0.0, 0.0, 0.0], [2.0, 2.0, -1.0, 0.5],  # ties
    [1000.0, 1000.4, 999.9], [-1e6, 0.0, 0.3], [3.25], [1e-300, -1e-300, 0.0],
    [5.0, -5.0], [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0],
]


def _random_cases(n: int, seed: int) -> list[list[float]]:
    rng = np.random.default_rng(seed)
    return [list(rng.normal(scale=rng.choice([0.3, 1.0, 4.0]), size=int(rng.integers(2, 9)))) for _ in range(n)]


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_values_against_bisection(name: str) -> None:
    act = actcli.get(name)
    for z in SPARSE_CASES + _random_cases(40, 3):
        got = act(np.array(z))
        exact = ref_gated.VECTOR[name](z)
        # absolute: p ≤ 1, and τ is found from sums of z of size up to |z|, so rounding scales with |z|
        bar = 4e-16 * max(1.0, max(abs(v) for v in z)) * len(z)
        for g, e in zip(got, exact):
            assert abs(mp.mpf(g) - e) <= bar, (name, z, list(got), [float(v) for v in exact])
        assert abs(float(np.sum(got)) - 1.0) <= 4e-16 * len(z) + bar
        assert np.all(got >= 0.0)


def _near_support_edge(name: str, z: list[float]) -> bool:
    """Is some zᵢ within 1e-6 of where it enters or leaves the support? (the Jacobian jumps there
    for sparsemax; the differences below would straddle it)"""
    exact = ref_gated.VECTOR[name](z)
    alpha = 2.0 if name == "sparsemax" else 1.5
    scale = alpha - 1
    tau = max(scale * mp.mpf(v) - (p ** (scale) if p > 0 else 0) for v, p in zip(z, exact))
    return any(abs(scale * mp.mpf(v) - tau) < 1e-6 for v in z)


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_jacobian_and_vjp_against_differences(name: str) -> None:
    act = actcli.get(name)
    cases = [c for c in SPARSE_CASES[:6] + _random_cases(12, 4) if not _near_support_edge(name, c)]
    assert len(cases) >= 12
    for z in cases:
        jac = act.jacobian(np.array(z))
        exact = ref_gated.jacobian(name, z)
        k = len(z)
        for i in range(k):
            for j in range(k):
                assert abs(jac[i, j] - exact[i][j]) < 1e-12 * max(1.0, max(abs(v) for v in z)), (name, z, i, j)
        v = np.linspace(-1, 2, k)
        assert np.allclose(act.vjp(np.array(z), v), v @ jac, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_k1_ties_infinities_and_batches(name: str) -> None:
    act = actcli.get(name)
    for v in (-1e300, 0.0, 7.5, np.inf, -np.inf):
        assert list(act(np.array([v]))) == [1.0]
    assert act.jacobian(np.array([2.0]))[0, 0] == 0.0
    assert np.all(np.isnan(act(np.array([np.nan, 1.0]))))
    assert np.all(np.isnan(act(np.array([-np.inf, -np.inf]))))
    assert list(act(np.array([np.inf, 1.0, np.inf]))) == [0.5, 0.0, 0.5]
    assert np.allclose(act(np.array([-np.inf, 1.0, 1.0])), [0.0, 0.5, 0.5], rtol=0, atol=2.3e-16)
    tied = act(np.array([1.0, 1.0, 1.0, -4.0]))
    assert tied[0] == tied[1] == tied[2] and tied[3] == 0.0
    z = np.random.default_rng(5).normal(size=(3, 6, 4))
    out = act(z, axis=1)
    assert np.allclose(out.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    assert np.array_equal(out, np.swapaxes(act(np.swapaxes(z, 1, 2)), 1, 2))
    vs = np.random.default_rng(6).normal(size=z.shape)
    batched = act.vjp(z, vs, axis=1)
    for i in range(3):
        for j in range(4):
            assert np.allclose(batched[i, :, j], vs[i, :, j] @ act.jacobian(z[i, :, j]), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_jacobian_entries_hold_for_every_k(name: str) -> None:
    """The per-K ranges the record states: sampled over K = 2..7 (every entry inside its range),
    and the attained ends reached (p = (½, ½): 1/2 for sparsemax, 1/(2√2) for entmax15)."""
    act = actcli.get(name)
    entries = {k: (d, o) for k, d, o in act.record.jacobian_entries}
    rng = np.random.default_rng(7)
    for _ in range(300):
        k = int(rng.integers(2, 8))
        z = rng.normal(scale=rng.choice([0.2, 1.0, 3.0]), size=k)
        jac = act.jacobian(z)
        diag, off = entries["2" if k == 2 else ">=3"]
        assert off is not None
        for i in range(k):
            assert diag.contains(float(jac[i, i])) or abs(jac[i, i]) < 1e-15, (z, jac[i, i])
            for j in range(k):
                if i != j:
                    assert off.contains(float(jac[i, j])) or abs(jac[i, j]) < 1e-15, (z, jac[i, j])
    peak = act.jacobian(np.array([1.0, 1.0]))
    exact_peak = mp.mpf(1) / 2 if name == "sparsemax" else 1 / (2 * mp.sqrt(2))
    assert abs(peak[0, 0] - exact_peak) < 1e-15 and entries["2"][0].hi == pytest.approx(float(exact_peak), rel=1e-15)
    assert abs(peak[0, 1] + exact_peak) < 1e-15
    # the supremum 1 of ∂pᵢ/∂zᵢ: approached as K grows with pᵢ → 1, never reached
    # (J is symmetric, so the vjp with v = e₁ gives J₁₁ without forming a 10⁵ × 10⁵ matrix).
    # sparsemax: every entry in the support, J₁₁ = 1 − 1/K; entmax15: p₁ ≈ 0.99 and 10⁵ others
    # sharing the rest, J₁₁ = s₁·S/(s₁ + S) with S = Σ_{j≠1} √pⱼ (≈ 0.87 here)
    k = 100_001
    big = np.zeros(k)
    big[0] = 1e-3 if name == "sparsemax" else 1.99937
    e1 = np.zeros(k)
    e1[0] = 1.0
    d = act.vjp(big, e1)[0]
    assert 0.85 < d < 1.0, d  # far above K = 2's maximum, still below 1
    claims = act.claims
    assert (claims.output_range.lo, claims.output_range.hi, claims.output_range.lo_closed,
            claims.output_range.hi_closed) == (0, 1, True, True)
    assert list(act(np.array([5.0, 0.0]))) == [1.0, 0.0]  # both ends of [0, 1] attained for K ≥ 2


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_loss_gradient_is_p_minus_y(name: str) -> None:
    """The Fenchel–Young loss analysis.vector uses: its gradient p − y against mpmath differences."""
    from actcli.analysis.vector import cross_entropy, cross_entropy_gradient

    act = actcli.get(name)
    z = np.array([0.2, 0.9, -0.3, 0.6])
    y = np.array([0.0, 0.0, 1.0, 0.0])
    grad = cross_entropy_gradient(act, z, y)
    assert np.allclose(grad, act(z) - y, rtol=0, atol=1e-16)
    h = 1e-6
    numeric = [(cross_entropy(act, z + h * e, y) - cross_entropy(act, z - h * e, y)) / (2 * h) for e in np.eye(4)]
    assert np.allclose(grad, numeric, rtol=0, atol=1e-8)


def test_derive_sparsemax_at_a_support_edge_checks_just_outside() -> None:
    """z = [1, 2, 3]: 2 sits exactly at the edge (p₂ = 0, z₂ = τ); the Jacobian shown is the
    outside one, and the differences are taken where they do not straddle the jump."""
    from tests.conftest import invoke

    result = invoke("derive", "sparsemax", "--at", "1", "--at", "2", "--at", "3")
    assert result.exit_code == 0, result.output
    assert "support's edge" in result.stdout and "verified" in result.stdout


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_shift_invariant_and_permutation_equivariant(name: str) -> None:
    act = actcli.get(name)
    rng = np.random.default_rng(11)
    for _ in range(200):
        z = rng.normal(scale=rng.choice([0.1, 1.0, 10.0]), size=int(rng.integers(1, 12)))
        p = act(z)
        assert np.all(p >= 0) and abs(p.sum() - 1) <= 4e-16 * z.size
        c = float(rng.normal(scale=100))
        assert np.allclose(act(z + c), p, rtol=0, atol=1e-13 * (1 + abs(c)))
        perm = rng.permutation(z.size)
        assert np.array_equal(act(z[perm]), p[perm])
