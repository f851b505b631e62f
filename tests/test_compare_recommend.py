"""`actcli compare` and `actcli recommend`: properties against independent truth, rules as data."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import mpmath as mp
import pytest

import actcli
from actcli.analysis.profile import gaussian_moments, identity_near_zero, profile
from actcli.api import names, records
from actcli.recommend import rules
from tests.conftest import ACTCLI, invoke

mp.mp.dps = 40  # as tests/reference.py: one global precision for the whole suite


# --- compare: the seed six against a truth table typed from the mathematics ------------------------

INF = math.inf
SEED_TRUTH = {
    #            nonlinear differentiable monotonic  (lo, hi, lo_closed, hi_closed)  zero_centred
    "sigmoid": (True, True, True, (0, 1, False, False), False),
    "tanh": (True, True, True, (-1, 1, False, False), True),
    "relu": (True, False, True, (0, INF, True, False), False),
    "leaky_relu": (True, False, True, (-INF, INF, False, False), False),
    "softmax": (True, True, True, (0, 1, False, False), False),
    "identity": (False, True, True, (-INF, INF, False, False), True),
}


@pytest.mark.parametrize("name", list(SEED_TRUTH))
def test_seed_six_properties(name: str) -> None:
    result = invoke("compare", name, "--json", "--no-timing")
    assert result.exit_code == 0, result.output
    props = json.loads(result.stdout)["activations"][0]["properties"]
    nonlinear, differentiable, monotonic, rng, zero_centred = SEED_TRUTH[name]
    assert props["nonlinear"] is nonlinear
    assert props["differentiable"] is differentiable
    assert props["monotonic"] == ("increasing" if monotonic else "none")
    assert props["zero_centered"] is zero_centred
    def enc(v: float) -> object:
        return "inf" if v == INF else "-inf" if v == -INF else v
    assert props["output_range"] == {"min": enc(rng[0]), "max": enc(rng[1]),
                                     "min_inclusive": rng[2], "max_inclusive": rng[3]}
    for key in ("kinks", "derivative_range", "saturation", "dead_zone", "cost", "init"):
        assert key in props
    # the seed says Leaky ReLU is differentiable; it is not at 0, and we say where and what is used
    if name == "leaky_relu":
        assert props["kinks"][0]["x"] == 0.0
        assert props["kinks"][0]["derivative"] == 0.01


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "selu", "softplus", "hardswish"])
def test_gaussian_moments_against_mpmath(name: str) -> None:
    act = actcli.get(name)

    def f(x: Any) -> Any:  # an mpf in, an mpf out; f itself is verified elsewhere
        return mp.mpf(float(act(float(x))))

    def w(x: Any) -> Any:
        return mp.npdf(x)

    pts = [-mp.inf, *[k.x for k in act.claims.kinks], mp.inf]
    mean = mp.quad(lambda x: f(x) * w(x), pts)
    second = mp.quad(lambda x: f(x) ** 2 * w(x), pts)
    m, s = gaussian_moments(act)
    assert m == pytest.approx(float(mean), abs=1e-10)
    assert s == pytest.approx(float(second), rel=1e-10)


def test_known_closed_forms() -> None:
    # E[relu(Z)] = 1/√(2π), E[relu(Z)²] = 1/2 → variance gain √2 (He); E[σ(Z)] = 1/2 by symmetry
    relu = profile(actcli.get("relu"), timing=False)
    assert relu.mean_output == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-9)
    assert relu.init.variance_gain == pytest.approx(math.sqrt(2), rel=1e-6)
    assert profile(actcli.get("sigmoid"), timing=False).mean_output == pytest.approx(0.5, abs=1e-12)
    # selu is built so that N(0,1) maps to mean 0 and variance 1
    selu = profile(actcli.get("selu"), timing=False)
    assert selu.zero_centered and selu.second_moment == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(("name", "expected"), [
    ("tanh", True), ("elu", True), ("softsign", True), ("identity", True), ("hardtanh", True),
    ("relu", False), ("leaky_relu", False), ("gelu", False), ("sigmoid", False), ("selu", False),
])
def test_identity_near_zero(name: str, expected: bool) -> None:
    assert identity_near_zero(actcli.get(name)) is expected


def test_sigmoid_gradient_propagation_numbers() -> None:
    p = json.loads(invoke("compare", "sigmoid", "--json", "--no-timing").stdout)["activations"][0]["properties"]
    assert p["sup_abs_derivative"] == 0.25 and p["sup_attained"]
    assert p["depth_factor"]["5"] == pytest.approx(0.25**5) and p["depth_factor"]["10"] == pytest.approx(0.25**10)
    root = float(mp.findroot(lambda x: mp.exp(-x) / (1 + mp.exp(-x)) ** 2 - mp.mpf("0.0025"), 6))
    sat = p["saturation"]
    assert sat["left"] == pytest.approx(-root, abs=1e-12) and sat["right"] == pytest.approx(root, abs=1e-12)
    assert sat["defined"] and sat["left_kind"] == sat["right_kind"] == "saturating"
    relu = json.loads(invoke("compare", "relu", "--json", "--no-timing").stdout)["activations"][0]["properties"]
    assert relu["dead_zone"][0]["where"] == {"min": "-inf", "max": 0.0, "min_inclusive": False, "max_inclusive": False}
    assert relu["saturation"]["left"] == 0.0 and relu["saturation"]["left_kind"] == "dead"  # dead, not saturating
    assert relu["saturation"]["right"] is None
    assert relu["init"]["gain"] == pytest.approx(math.sqrt(2)) and relu["init"]["torch_gain"] == pytest.approx(math.sqrt(2))


def test_compare_every_activation_and_measured_cost() -> None:
    one_variable = [r.name for r in records() if r.kind != "gated"]  # compare refuses gated ones
    result = invoke("compare", *one_variable, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["activations"]
    assert [d["activation"] for d in data] == one_variable
    for d in data:
        rel = d["properties"]["cost"]["relative_to_identity"]
        # a timing: its size depends on the machine's load, so only its kind is checked here
        assert isinstance(rel, float) and math.isfinite(rel) and rel > 0
        assert "median" in d["properties"]["cost"]["method"]


def test_compare_table_markdown_csv() -> None:
    table = invoke("compare", "sigmoid", "tanh", "relu", "--no-timing")
    assert table.exit_code == 0, table.output
    for criterion in ("1 non-linearity", "2 differentiability", "3 monotonicity", "4 output range",
                      "5 compute efficiency", "6 gradient propagation"):
        assert criterion in table.stdout
    assert "E[f(Z)]" in table.stdout  # not eaten as markup
    md = invoke("compare", "sigmoid", "relu", "--format", "markdown", "--no-timing").stdout
    assert md.splitlines()[0] == "| criterion | property | `sigmoid` | `relu` |"
    rows = list(csv.reader(io.StringIO(invoke("compare", "sigmoid", "relu", "--format", "csv", "--no-timing").stdout)))
    assert rows[0] == ["criterion", "property", "sigmoid", "relu"]
    assert ["4 output range", "output set", "(0, 1)", "[0, inf)"] in rows


def test_compare_plot(tmp_path: Path) -> None:
    out = tmp_path / "cmp.png"
    result = invoke("compare", "sigmoid", "tanh", "--plot", str(out), "--no-timing")
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_compare_plot_leaves_out_vectors(tmp_path: Path) -> None:
    """softmax cannot share axes with relu: the table has both, the figure relu, and stderr says so."""
    out = tmp_path / "cmp.png"
    result = invoke("compare", "relu", "softmax", "--plot", str(out), "--no-timing", "--no-simulate")
    assert result.exit_code == 0, result.output
    assert "softmax" in result.stdout.splitlines()[0] and out.read_bytes()[:4] == b"\x89PNG"
    assert "not drawn in cmp.png: softmax" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["compare", "sigmoid", "--format", "yaml"], "unknown format 'yaml'"),
    (["compare", "sigmoid", "--format", "jsn"], "did you mean 'json'"),
    (["compare", "sigmid", "tanh"], "did you mean 'sigmoid'"),
    (["compare", "relu", "--plot", "x.bmp"], "'.bmp'"),
])
def test_compare_errors(args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def _run(cmd: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd.replace("actcli", ACTCLI, 1), shell=True, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})


def test_no_color_and_quiet_broken_pipe() -> None:
    colored = _run("actcli compare sigmoid tanh --no-timing", NO_COLOR="1", FORCE_COLOR="1")
    assert colored.returncode == 0 and "\x1b[" not in colored.stdout
    piped = _run("actcli compare sigmoid tanh relu --no-timing | head -3")
    assert piped.stderr == "" and len(piped.stdout.splitlines()) == 3


# --- recommend: a table of cases walked through the rules -----------------------------------------

CASES = [
    # (task, layer, symptom, architecture) → (hidden, output)
    ("binary", None, None, None, "relu", "sigmoid"),
    ("multiclass", None, None, None, "relu", "softmax"),
    ("multilabel", None, None, None, "relu", "sigmoid"),
    ("regression", None, None, None, "relu", "identity"),
    ("multiclass", None, "dead-neurons", None, "leaky_relu", "softmax"),
    ("binary", None, "vanishing-gradients", None, "relu", "sigmoid"),
    ("multiclass", None, None, "rnn", "tanh", "softmax"),
    ("regression", None, None, "cnn", "relu", "identity"),
    ("binary", "output", None, None, None, "sigmoid"),
    ("regression", "hidden", "dead-neurons", None, "leaky_relu", None),
    (None, "hidden", None, "mlp", "relu", None),
]


@pytest.mark.parametrize(("task", "layer", "symptom", "arch", "hidden", "output"), CASES)
def test_recommendation_table(task: str | None, layer: str | None, symptom: str | None, arch: str | None,
                              hidden: str | None, output: str | None) -> None:
    args = ["recommend", "--json"]
    for flag, value in (("--task", task), ("--layer", layer), ("--symptom", symptom), ("--architecture", arch)):
        if value:
            args += [flag, value]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["hidden"] or {}).get("activation") == hidden
    assert (data["output"] or {}).get("activation") == output
    if data["hidden"]:
        assert "sigmoid" in data["hidden"]["avoid"]
        assert data["hidden"]["init"]
    if data["output"]:
        assert data["output"]["loss"]
    assert data["rules"] and all(r["why"] and r["source"] for r in data["rules"])


def test_output_losses_are_the_stable_forms() -> None:
    expected = {"binary": "BCEWithLogitsLoss", "multiclass": "CrossEntropyLoss",
                "multilabel": "BCEWithLogitsLoss", "regression": "MSELoss"}
    for task, loss in expected.items():
        out = json.loads(invoke("recommend", "--task", task, "--json").stdout)["output"]
        assert loss in out["loss"]


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.id)
def test_every_rule_is_complete_and_names_real_activations(rule: rules.Rule) -> None:
    assert rule.why and rule.source and rule.title
    for name in rule.activations():
        assert name in names(), f"{rule.id} names {name!r}, which is not in the registry"
    for key, values in rule.when.items():
        valid = {"task": rules.TASKS, "symptom": rules.SYMPTOMS, "architecture": rules.ARCHITECTURES}[key]
        assert set(values) <= set(valid)
    assert rule.choice is None or rule.init or rule.loss
    shown = invoke("recommend", "--explain", rule.id)
    assert shown.exit_code == 0 and rule.why.split()[0] in shown.stdout


def test_rule_ids_unique_and_listed() -> None:
    ids = [r.id for r in rules.RULES]
    assert len(ids) == len(set(ids))
    listed = json.loads(invoke("recommend", "--rules", "--json").stdout)
    assert [r["id"] for r in listed] == ids
    assert invoke("recommend", "--rules").exit_code == 0


def test_risk_warnings_for_current_choice() -> None:
    data = json.loads(invoke("recommend", "--task", "binary", "--current", "sigmoid", "--depth", "20", "--json").stdout)
    assert any("0.25^20" in w for w in data["warnings"])
    assert any("avoid list" in w for w in data["warnings"])
    calm = json.loads(invoke("recommend", "--task", "binary", "--current", "relu", "--depth", "20", "--json").stdout)
    assert calm["warnings"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["recommend", "--task", "mutliclass"], "did you mean 'multiclass'"),
    (["recommend", "--task", "binary", "--layer", "hiden"], "did you mean 'hidden'"),
    (["recommend", "--task", "binary", "--symptom", "dead"], "did you mean 'dead-neurons'"),
    (["recommend", "--task", "binary", "--architecture", "transformer"], "valid: mlp, cnn, rnn"),
    (["recommend"], "--task is required"),
    (["recommend", "--task", "binary", "--depth", "0"], "--depth"),
    (["recommend", "--explain", "hidden-relu"], "did you mean"),
    (["recommend", "--task", "binary", "--current", "sigmod"], "did you mean 'sigmoid'"),
])
def test_recommend_errors(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_recommend_loads_no_numpy() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from actcli.cli import app;"
        "r = CliRunner().invoke(app, ['recommend', '--task', 'multiclass']); assert r.exit_code == 0, r.output;"
        "print(sorted(m for m in ('numpy', 'matplotlib', 'scipy', 'sympy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_installed_recommend_subprocess() -> None:
    proc = _run("actcli recommend --task multiclass --json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["output"]["activation"] == "softmax"
    assert len(records()) >= 28


def test_compare_measures_gradient_over_ten_layers() -> None:
    data = json.loads(invoke("compare", "sigmoid", "relu", "--json", "--no-timing").stdout)["activations"]
    sig, relu = (d["properties"]["measured"] for d in data)
    # the advised init: each gain followed by LSUV (actcli/nn/init.py)
    assert sig["depth"] == 10 and sig["init"]["scheme"] == "lsuv" and relu["init"]["scheme"] == "lsuv"
    assert sig["gradient_ratio"] < 0.05 < 0.5 < relu["gradient_ratio"] < 2
    plain = json.loads(invoke("compare", "sigmoid", "--json", "--no-timing", "--no-simulate").stdout)
    assert "measured" not in plain["activations"][0]["properties"]
    assert "measured dZ₁ ÷ dZ₁₀" in invoke("compare", "sigmoid", "--no-timing").stdout
