"""Gated activations f(a, b) = u(a)·g(b): values and both partials against mpmath, the halves'
layout (torch's glu), gpt-oss's clamps, Jacobian and vjp, and the CLI around them."""

from __future__ import annotations

import json
import math

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.errors import NotElementwiseError, ParameterError
from tests import reference_gated as ref
from tests.conftest import invoke

# the catalogue's accuracy bar for everything but the seed's six (tests/test_accuracy.py): 1e-12
# relative where |exact| ≥ 1e-290, 1e-300 absolute below
REL = 1e-12
GATED = ["glu", "reglu", "geglu", "geglu_tanh", "swiglu", "swiglu_oss"]
# b across the gate's range, tails included; kinks (reglu at 0, gpt-oss at 7) are tested apart
BS = [-700.0, -100.0, -37.5, -20.0, -8.0, -3.0, -1.0, -0.25, -1e-8, 1e-8, 0.3, 1.0, 2.5, 6.5, 6.99, 7.5,
      20.0, 100.0, 700.0]
AS = [-9.0, -2.5, -0.5, 0.0, 1.0, 3.0, 6.0, 9.0]


def _close(got: float, exact: mp.mpf, rel: float) -> bool:
    return bool(abs(mp.mpf(got) - exact) <= rel * abs(exact) + mp.mpf("1e-300"))


def _bs(name: str) -> list[float]:
    return [b for b in BS if not (name == "reglu" and b == 0.0)]


@pytest.mark.parametrize("name", GATED)
def test_values_and_partials_against_mpmath(name: str) -> None:
    act = actcli.get(name)
    bs = np.array(_bs(name))
    for a in AS:
        if name == "swiglu_oss" and abs(a) == 7.0:
            continue
        av = np.full(bs.shape, a)
        f = act.product(av, bs)
        da, db = act.partials(av, bs)
        for i, b in enumerate(bs):
            b = float(b)
            assert _close(f[i], ref.product(name, a, b), REL), (name, a, b, f[i])
            exact_a, exact_b = ref.partials(name, a, b)
            assert _close(da[i], exact_a, REL), (name, a, b, da[i], exact_a)
            assert _close(db[i], exact_b, REL), (name, a, b, db[i], exact_b)


@pytest.mark.parametrize("name", GATED)
def test_gate_and_its_derivative_against_mpmath(name: str) -> None:
    act = actcli.get(name)
    bs = _bs(name)
    g = act.gate(np.array(bs))
    dg = act.gate_derivative(np.array(bs))
    for i, b in enumerate(bs):
        assert _close(g[i], ref.gate(name, b), REL), (name, b)
        assert _close(dg[i], ref.gate_d(name, b), REL), (name, b)


def test_layout_follows_torch_glu() -> None:
    """The first half is a, the second half b: glu([a, b]) = a·σ(b), along any axis."""
    glu = actcli.get("glu")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 8, 2))
    for axis in (1, -1):
        a, b = np.split(x, 2, axis=axis)
        assert np.array_equal(glu(x, axis=axis), glu.product(a, b))
    y = glu(x, axis=1)
    assert y.shape == (3, 4, 2)
    a, b = x[:, :4], x[:, 4:]
    exact = [[[float(mp.mpf(a[i, j, k]) * ref.gate("glu", b[i, j, k])) for k in range(2)] for j in range(4)]
             for i in range(3)]
    assert np.allclose(y, exact, rtol=4e-16, atol=0)


def test_odd_length_and_scalars_are_refused() -> None:
    swiglu = actcli.get("swiglu")
    with pytest.raises(ParameterError, match="odd"):
        swiglu(np.ones(5))
    with pytest.raises(ParameterError, match="scalar"):
        swiglu(1.0)
    with pytest.raises(ParameterError, match="same shape"):
        swiglu.product(np.ones(3), np.ones(2))
    with pytest.raises(NotElementwiseError, match="partials"):
        swiglu.derivative(np.ones(2))


@pytest.mark.parametrize("name", GATED)
def test_jacobian_and_vjp(name: str) -> None:
    act = actcli.get(name)
    a = np.array([-1.5, 0.25, 2.0])
    b = np.array([-2.0, 0.5, 3.0])
    z = np.concatenate([a, b])
    jac = act.jacobian(z)
    assert jac.shape == (3, 6)
    for i in range(3):
        exact_a, exact_b = ref.partials(name, float(a[i]), float(b[i]))
        assert _close(jac[i, i], exact_a, REL) and _close(jac[i, 3 + i], exact_b, REL)
        others = [j for j in range(6) if j not in (i, 3 + i)]
        assert np.all(jac[i, others] == 0)
    v = np.array([0.5, -2.0, 1.25])
    assert np.allclose(act.vjp(z, v), v @ jac, rtol=1e-15, atol=0)
    batch = np.random.default_rng(1).normal(size=(4, 6))
    vb = np.random.default_rng(2).normal(size=(4, 3))
    for row, vrow, out in zip(batch, vb, act.vjp(batch, vb)):
        assert np.allclose(out, vrow @ act.jacobian(row), rtol=1e-14, atol=0)


def test_gpt_oss_transcription_and_layout() -> None:
    """gpt-oss interleaves: x[..., ::2] is its gate (actcli's b), x[..., 1::2] its linear half (a)."""
    oss = actcli.get("swiglu_oss")
    x = np.array([3.0, 1.0, 8.0, 2.0, 1.0, 8.0, -2.0, -9.0, 7.0, 7.0, 7.0, -7.0])
    b, a = x[::2], x[1::2]
    got = oss(np.concatenate([a, b]))
    for i in range(a.size):
        assert _close(got[i], ref.product("swiglu_oss", float(a[i]), float(b[i])), REL)
    # above the limit the gate is constant (g′ = 0), the linear half too (∂f/∂a = 0)
    da, db = oss.partials(np.array([8.0, -8.0]), np.array([7.5, 7.5]))
    assert list(da) == [0.0, 0.0] and list(db) == [0.0, 0.0]


def test_gpt_oss_kinks_take_torch_clamp_values() -> None:
    """torch.clamp passes the gradient at its bounds: ∂f/∂a = g(b) at a = ±7, g′(7) = qg′(7)."""
    oss = actcli.get("swiglu_oss")
    da, db = oss.partials(np.array([7.0, -7.0, 1.0]), np.array([1.0, 1.0, 7.0]))
    g1 = ref.gate("swiglu_oss", 1.0)
    assert _close(da[0], g1, REL) and _close(da[1], g1, REL)
    s = 1 / (1 + mp.exp(-ref.OSS_ALPHA * 7))
    qg_d7 = s + ref.OSS_ALPHA * 7 * s * (1 - s)
    assert _close(db[2], 2 * qg_d7, REL)
    (kink,) = oss.claims.kinks
    assert kink.x == 7.0 and kink.right == 0.0 and _close(kink.left, qg_d7, REL) and kink.derivative == kink.left
    low, high = oss.record.linear_kinks(oss.params)  # type: ignore[misc]
    assert (low.x, low.derivative, low.left, low.right) == (-7.0, 1.0, 0.0, 1.0)
    assert (high.x, high.derivative, high.left, high.right) == (7.0, 1.0, 1.0, 0.0)


def test_reglu_kink_takes_relu_autograd_value() -> None:
    da, db = actcli.get("reglu").partials(np.array([2.0]), np.array([0.0]))
    assert da[0] == 0.0 and db[0] == 0.0  # torch.relu's backward gives 0 at 0


def test_gpt_oss_gate_claims_against_mpmath() -> None:
    """Output range [min quick_gelu, 7σ(11.914)], f′ range quick_gelu's (its extremes at |b| ≈ 1.41)."""
    claims = actcli.get("swiglu_oss").claims
    g = ref.GATES["swiglu_oss"]
    bmin = mp.findroot(lambda t: mp.diff(g, t), -0.75)
    assert _close(claims.output_range.lo, g(bmin), 1e-15)
    assert _close(claims.output_range.hi, g(mp.mpf(7)), 1e-15)
    dpeak = mp.findroot(lambda t: mp.diff(g, t, 2), 1.4)
    assert _close(claims.derivative_range.hi, mp.diff(g, dpeak), 1e-15)
    assert _close(claims.derivative_range.lo, mp.diff(g, -dpeak), 1e-15)
    assert claims.dead_zones[0].lo == 7.0


@pytest.mark.parametrize("name", ["glu", "swiglu", "geglu_tanh"])
def test_narrow_dtypes_round_once(name: str) -> None:
    act = actcli.get(name)
    x = np.array([0.5, -1.25, 2.0, 3.5], dtype=np.float16)
    y = act(x)
    assert y.dtype == np.float16
    exact = [float(ref.product(name, float(x[i]), float(x[2 + i]))) for i in range(2)]
    assert list(y) == list(np.array(exact).astype(np.float16))
    assert act(x.astype(np.float32)).dtype == np.float32


# --- the CLI -------------------------------------------------------------------------------


def test_list_shows_the_gated_kind() -> None:
    result = invoke("list")
    assert result.exit_code == 0
    line = next(ln for ln in result.output.splitlines() if ln.lstrip().startswith("swiglu "))
    assert "gated" in line


def test_derive_shows_gate_product_and_partials_verified() -> None:
    result = invoke("derive", "swiglu", "--at", "1.5", "--at", "-2")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "g(b) = silu(b) = b·σ(b)" in out and "∂f/∂a" in out and "∂f/∂b" in out
    assert "a = 1.5, b = −2" in out
    exact = ref.product("swiglu", 1.5, -2.0)
    assert f"{float(exact):.6g}".replace("-", "−") in out
    assert "verified" in out


def test_derive_json_and_latex() -> None:
    result = invoke("derive", "swiglu_oss", "--at", "8", "--at", "7", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "gated"
    (point,) = data["values"]
    assert point["a"] == 8.0 and point["b"] == 7.0
    assert _close(point["f"], ref.product("swiglu_oss", 8.0, 7.0), REL)
    assert point["df_da"] == 0.0
    assert data["verification"]["ok"] is True and data["gated"]["gate"] == "quick_gelu"
    latex = invoke("derive", "glu", "--latex")
    assert latex.exit_code == 0 and r"\sigma(b)" in latex.output


def test_derive_at_needs_a_and_b() -> None:
    result = invoke("derive", "glu", "--at", "1", "--at", "2", "--at", "3")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:") and "--at" in result.stderr


@pytest.mark.parametrize("command", [
    ["simulate", "swiglu"], ["train", "swiglu"], ["precision", "swiglu"], ["compare", "swiglu", "relu"],
    ["export", "swiglu", "--to", "numpy"], ["plot", "swiglu", "--terminal"],
])
def test_other_commands_refuse_gated_in_one_line(command: list[str]) -> None:
    result = invoke(*command)
    assert result.exit_code in (1, 2)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and "gated" in lines[0], result.stderr
    assert result.stdout == ""


def test_plot_draws_gate_and_product(tmp_path: object) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "swiglu.png"
    result = invoke("plot", "swiglu", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 10_000


def test_gpt_oss_product_range_against_mpmath() -> None:
    """u(a) ∈ [−6, 8] and g(b) ∈ [min quick_gelu, g(7)]: f's extremes are −6·g(7) and 8·g(7)."""
    iv = actcli.get("swiglu_oss").record.product_range({"limit": 7.0})  # type: ignore[misc]
    top = ref.gate("swiglu_oss", 7.0)
    assert _close(iv.lo, -6 * top, 1e-15) and _close(iv.hi, 8 * top, 1e-15)
    assert iv.lo_closed and iv.hi_closed
    assert float(actcli.get("swiglu_oss").product(-7.0, 7.0)) == pytest.approx(iv.lo, rel=1e-15)
    for name in GATED[:-1]:
        r = actcli.get(name).record
        assert r.product_range is not None and r.product_range({}).lo == -math.inf


@pytest.mark.parametrize("args", [["glu", "relu"], ["swiglu", "--order", "2"]])
def test_plot_refuses_mixing_or_order_two(args: list[str], tmp_path: object) -> None:
    import pathlib

    out = pathlib.Path(str(tmp_path)) / "x.png"
    result = invoke("plot", *args, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:") and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_library_compare_refuses_gated() -> None:
    with pytest.raises(NotElementwiseError, match="one variable"):
        actcli.compare(["swiglu"])
