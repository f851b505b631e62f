"""One test per statement issue 10 found false: vector kinds, derive, simulate, init and recommend.

Every expected number comes from an independent computation (mpmath, a closed form, or actcli's own
simulate over several seeds), never from the code under test restating itself.
"""

from __future__ import annotations

import json
import math
import random
from typing import Any

import mpmath as mp
import numpy as np
import pytest

import actcli
from actcli.nn import simulate as sim
from actcli.nn.init import advice, resolve_init
from actcli.recommend import engine, rules
from tests.conftest import invoke


def _json(*args: str) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- vector kinds --------------------------------------------------------------------------------


def _mp_softmax(z: list[float]) -> list[Any]:
    with mp.workdps(50):
        e = [mp.exp(mp.mpf(v)) for v in z]
        t = mp.fsum(e)
        return [v / t for v in e]


@pytest.mark.parametrize("z", [[0.0, 40.0, 0.0], [1.0, 2.0, 3.0], [-30.0, 5.0, 700.0, 699.0], [3.0, -3.0]])
def test_softmax_jacobian_and_vjp_keep_every_digit(z: list[float]) -> None:
    act = actcli.get("softmax")
    s = _mp_softmax(z)
    k = len(z)
    exact = [[s[i] * ((1 if i == j else 0) - s[j]) for j in range(k)] for i in range(k)]
    jac = act.jacobian(np.array(z))
    for i in range(k):
        for j in range(k):
            assert float(jac[i, j]) == pytest.approx(float(exact[i][j]), rel=1e-13, abs=1e-300), (i, j)
    v = np.linspace(-1.0, 2.0, k)
    vjp = act.vjp(np.array(z), v)
    for j in range(k):
        want = mp.fsum(mp.mpf(v[i]) * exact[i][j] for i in range(k))
        assert float(vjp[j]) == pytest.approx(float(want), rel=1e-12, abs=max(1e-300, 1e-17 * max(abs(float(x)) for x in exact[j]))), j
    log_jac = actcli.get("log_softmax").jacobian(np.array(z))
    for i in range(k):
        want = 1 - s[i]
        assert float(log_jac[i, i]) == pytest.approx(float(want), rel=1e-13)


def test_middle_diagonal_at_0_40_0_is_8_5e_minus_18() -> None:
    jac = actcli.get("softmax").jacobian(np.array([0.0, 40.0, 0.0]))
    want = float(2 * mp.exp(-40) / (1 + 2 * mp.exp(-40)) ** 2)  # s₁(1 − s₁) with 1 − s₁ = 2e⁻⁴⁰/(1 + 2e⁻⁴⁰)
    assert jac[1, 1] == pytest.approx(want, rel=1e-13) and f"{want:.2g}" == "8.5e-18"


@pytest.mark.parametrize("name", ["softmax", "softmin", "log_softmax"])
def test_one_class_is_the_constant_limit(name: str) -> None:
    act = actcli.get(name)
    want = 0.0 if name == "log_softmax" else 1.0
    for z in (-math.inf, -5.0, 0.0, 7.0, math.inf):
        assert float(act(np.array([z]))[0]) == want, z
    assert math.isnan(float(act(np.array([math.nan]))[0]))
    assert float(act.jacobian(np.array([3.0]))[0, 0]) == 0.0


def test_vector_properties_in_a_units_own_margin() -> None:
    data = {d["activation"]: d["properties"] for d in _json("compare", "softmax", "log_softmax", "softmin", "--json",
                                                        "--no-timing")["activations"]}
    edge = float(mp.findroot(lambda u: mp.exp(-u) / (1 + mp.exp(-u)) ** 2 - mp.mpf("0.0025"), 6))
    sm = data["softmax"]
    assert sm["saturation"]["left"] == pytest.approx(-edge, rel=1e-12) and sm["saturation"]["right"] == pytest.approx(edge, rel=1e-12)
    ls = data["log_softmax"]
    # ∂ℓᵢ/∂zᵢ = 1 − sᵢ → 1 on the left: no saturation there; below 1 % for u > ln 99
    assert ls["saturation"]["left"] is None and ls["saturation"]["right"] == pytest.approx(math.log(99), rel=1e-14)
    assert data["softmin"]["monotonic"] == "decreasing"
    # off-diagonal entries are negative: the Jacobian's entries per K, K = 1 constant
    entries = {e["K"]: e for e in sm["jacobian_entries"]}
    assert entries["1"]["off_diagonal"] is None and entries["1"]["diagonal"]["max"] == 0
    assert entries["2"]["off_diagonal"] == {"min": -0.25, "max": 0, "min_inclusive": True, "max_inclusive": False}
    assert entries[">=3"]["off_diagonal"]["min_inclusive"] is False  # sᵢsⱼ < 1/4 when sᵢ + sⱼ < 1


def test_derive_vector_verifies_at_the_users_z() -> None:
    data = _json("derive", "log_softmax", "--at", "0", "--at", "40", "--at", "-3", "--json")
    assert data["verification"]["z"] == [0.0, 40.0, -3.0] and data["verification"]["ok"] is True


# --- derive ---------------------------------------------------------------------------------------


def test_gelu_tanh_shows_the_tanh_forms_derivatives() -> None:
    for order in ("1", "2"):
        data = _json("derive", "gelu:approximate=tanh", "--order", order, "--json")
        assert "tanh" in data["formula"]["text"] and "erf" not in data["formula"]["text"]
        assert "sech²(u)" in data["derivative"]["text"] and "Φ" not in data["derivative"]["text"]
    assert "Φ(x)" in _json("derive", "gelu", "--json")["derivative"]["text"]


def test_gelu_tanh_formula_text_matches_mpmath() -> None:
    # the printed f″ = sech²(u)·(u′ − x·tanh(u)·u′² + x·u″/2) against mpmath's numerical f″
    k, c = mp.sqrt(2 / mp.pi), mp.mpf("0.044715")
    for x in (mp.mpf("-2.5"), mp.mpf("0.3"), mp.mpf("1.7")):
        u, du, d2u = k * (x + c * x**3), k * (1 + 3 * c * x**2), k * 6 * c * x
        printed = mp.sech(u) ** 2 * (du - x * mp.tanh(u) * du**2 + x * d2u / 2)
        numeric = mp.diff(lambda t: t / 2 * (1 + mp.tanh(k * (t + c * t**3))), x, 2)
        assert printed == pytest.approx(numeric, rel=1e-20)


def test_steep_correct_derivative_is_verified() -> None:
    result = invoke("derive", "tanh(1000*x)", "--at", "0.001")
    assert result.exit_code == 0, result.output
    assert "NOT VERIFIED" not in result.stdout


def test_failed_verification_exits_1_in_every_format(monkeypatch: pytest.MonkeyPatch) -> None:
    from actcli.analysis import verify

    monkeypatch.setattr(verify.Verification, "ok", property(lambda self: False))
    for extra in ([], ["--json"]):
        result = invoke("derive", "sigmoid", *extra)
        assert result.exit_code == 1, extra


# --- simulate -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "init", "depth", "width", "verdict"), [
    ("exponential", "xavier", 10, 64, "overflow"),
    ("relu", "normal", 100, 256, "overflow"),
    ("tanhshrink", "xavier", 10, 64, "dead"),
    ("tanh", "normal", 20, 64, "exploding"),
    ("sigmoid", "xavier", 10, 64, "vanishing"),
    ("relu", "he", 10, 64, "stable"),
])
def test_simulate_names_what_happened(spec: str, init: str, depth: int, width: int, verdict: str) -> None:
    data = _json("simulate", spec, "--init", init, "--depth", str(depth), "--width", str(width), "--batch", "16",
                 "--json")
    s = data["runs"][0]["summary"]
    assert s["verdict"] == verdict, s
    layers = data["runs"][0]["layers"]
    if verdict == "overflow":
        assert s["ratio"] in ("nan", "inf") or any(v in ("nan", "inf") for st in layers for v in st.values())
    if verdict == "dead":
        assert all(st["dz_rms"] == 0 for st in layers) and s["zero_gradients"]
    if verdict in ("vanishing", "exploding"):
        ratio = layers[0]["dz_rms"] / layers[-1]["dz_rms"]
        assert (ratio < 1e-2) if verdict == "vanishing" else (ratio > 1e2)


def test_simulate_text_names_the_verdict() -> None:
    result = invoke("simulate", "exponential", "--init", "xavier", "--width", "32", "--batch", "16")
    assert result.exit_code == 0 and "OVERFLOW" in result.stdout
    assert "stays above 1%" not in result.stdout


# --- initialisation -------------------------------------------------------------------------------


def test_selu_gets_lecun_normal_with_unit_gain() -> None:
    a = advice(actcli.get("selu"))
    assert (a.scheme, a.gain, a.torch_gain, a.source) == ("lecun", 1.0, 0.75, "method")
    assert resolve_init(actcli.get("selu"), None) == ("lecun", 1.0)
    # SELU's fixed point: with Var w = 1/fan_in, E[selu(Z)²] = 1 for Z ~ N(0, 1) (mpmath)
    lam, alpha = mp.mpf("1.0507009873554804934193349852946"), mp.mpf("1.6732632423543772848170429916717")
    sq = mp.quad(lambda x: (lam * (x if x > 0 else alpha * mp.expm1(x))) ** 2 * mp.npdf(x), [-mp.inf, 0, mp.inf])
    assert float(sq) == pytest.approx(1.0, abs=1e-6)


def _z_var_spread(spec: str, seed: int) -> float:
    act = actcli.get(spec)
    run = sim.simulate(act, depth=20, width=256, batch=64, seed=seed)
    zv = [st.z_var for st in run.layers]
    return max(zv) / min(zv)


@pytest.mark.parametrize("spec", ["relu", "tanh", "elu", "selu", "gelu", "mish", "softplus", "hardtanh",
                                  "squareplus", "exponential", "hardshrink"])
def test_advised_init_keeps_var_z_within_a_factor_of_2(spec: str) -> None:
    # every layer within ×2 of the geometric middle (max/min ≤ 4), mean over 5 seeds, in simulate
    spreads = [_z_var_spread(spec, seed) for seed in range(5)]
    assert float(np.mean(spreads)) <= 4.0, spreads


def test_he_no_longer_claimed_for_silu() -> None:
    data = _json("compare", "silu", "--json", "--no-timing")["activations"][0]["properties"]["init"]
    assert "keeps the variance" not in data["note"] and data["torch_gain"] is None
    assert data["gain_source"] == "computed" and data["variance_gain"] == pytest.approx(
        1 / math.sqrt(float(mp.quad(lambda x: (x / (1 + mp.exp(-x))) ** 2 * mp.npdf(x), [-mp.inf, mp.inf]))), rel=1e-6)


# --- recommend ------------------------------------------------------------------------------------


def test_sigmoid_rule_states_an_upper_bound_on_the_activation_factor() -> None:
    why = engine.rule("hidden-avoid-sigmoid").why
    assert "4⁻ⁿ" in why and "at least 4ⁿ" not in why and "weights" in why


def test_mse_gradient_matches_torch_mseloss() -> None:
    why = engine.rule("output-regression-identity").why
    assert "2(ŷ − y)/N" in why


def test_output_rules_say_apply_softmax_or_sigmoid_only_at_inference() -> None:
    for rid in ("output-binary-sigmoid", "output-multiclass-softmax", "output-multilabel-sigmoid"):
        assert "only at inference" in (engine.rule(rid).loss or "")


def test_rnn_with_vanishing_gradients_gets_gated_cells_and_clipping() -> None:
    data = _json("recommend", "--layer", "hidden", "--architecture", "rnn", "--symptom", "vanishing-gradients", "--json")
    assert data["hidden"]["rule"] == "hidden-rnn-vanishing-gated"
    assert "LSTM" in data["hidden"]["also"] and "GRU" in data["hidden"]["also"] and "clip" in data["hidden"]["also"]
    assert data["hidden"]["activation"] != "relu"


def test_ties_are_broken_by_priority_not_table_order(monkeypatch: pytest.MonkeyPatch) -> None:
    request = {"task": None, "symptom": "dead-neurons", "architecture": "rnn"}
    first = engine.pick("hidden", request).chosen
    assert first is not None and first.id == "hidden-leaky-when-dead"  # a symptom outranks the architecture
    shuffled = list(rules.RULES)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        monkeypatch.setattr(engine, "RULES", tuple(shuffled))
        chosen = engine.pick("hidden", request).chosen
        assert chosen is not None and chosen.id == first.id


def test_current_alternative_is_not_called_not_recommended() -> None:
    data = _json("recommend", "--layer", "hidden", "--current", "gelu", "--json")
    assert all(r["code"] != "not_recommended" for r in data["risks"])


def test_current_identity_warns_of_linear_collapse() -> None:
    data = _json("recommend", "--layer", "hidden", "--current", "identity", "--json")
    assert any(r["code"] == "linear" for r in data["risks"])
    assert any("single linear map" in w for w in data["warnings"])


def test_every_alternative_is_named_in_a_cited_source() -> None:
    # each alternative's name (or its paper) appears in the rule's sources or reasoning
    cited = {"leaky_relu": ("Maas", "CS231n"), "gelu": ("Hendrycks",), "tanh": ("CS231n", "tanh"),
             "elu": ("Clevert",), "relu": ("torch.nn.RNN",), "log_softmax": ("CrossEntropyLoss",)}
    for r in rules.RULES:
        for alt in r.alternatives:
            assert any(any(mark in src for src in r.source) for mark in cited[alt]), (r.id, alt)
