"""`actcli simulate`: back-propagation checked by finite differences, the seed's claims measured."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import actcli
from actcli.nn import init as nn_init
from actcli.nn import simulate as sim
from tests.conftest import invoke


@pytest.mark.parametrize("spec", ["sigmoid", "tanh", "relu", "leaky_relu:negative_slope=0.1", "gelu", "elu", "softplus"])
def test_backprop_matches_finite_differences(spec: str) -> None:
    act = actcli.get(spec)
    scheme, gain = nn_init.resolve_init(act, None)
    net = sim.build_network(act, depth=3, width=4, batch=5, scheme=scheme, gain=gain, seed=7)
    loss, grads = sim.loss_and_gradients(act, net)
    rng = np.random.default_rng(1)
    h = 1e-6
    for layer in range(3):
        for _ in range(4):
            i, j = rng.integers(4, size=2)
            w = net.weights[layer]
            old = w[i, j]
            w[i, j] = old + h
            up, _ = sim.loss_and_gradients(act, net)
            w[i, j] = old - h
            down, _ = sim.loss_and_gradients(act, net)
            w[i, j] = old
            numeric = (up - down) / (2 * h)
            assert grads[layer][i, j] == pytest.approx(numeric, rel=1e-5, abs=1e-9), (spec, layer, i, j)


def _run(spec: str, depth: int = 10, init: str | None = None) -> sim.Run:
    return sim.simulate(actcli.get(spec), depth=depth, width=256, batch=256, init=init, seed=0)


def test_sigmoid_xavier_loses_most_of_its_gradient_by_depth_10() -> None:
    run = _run("sigmoid", init="xavier")
    assert run.summary.gradient_ratio < 0.05  # more than 95 % lost
    assert run.summary.vanishes_at_layer is not None and run.summary.layers_to_vanish is not None
    assert run.summary.layers_to_vanish <= 5  # the seed's "within 5"


def test_relu_he_keeps_variance_and_gradient_and_reports_dead_units() -> None:
    run = _run("relu", init="he")
    assert run.summary.activation_variance_ratio < 2
    assert run.summary.gradient_rms_ratio < 2
    assert 0 < run.summary.dead_fraction < 0.5


def test_tanh_sits_in_between() -> None:
    spreads = {name: _run(name).summary.gradient_rms_ratio for name in ("sigmoid", "tanh", "relu")}
    assert spreads["relu"] < spreads["tanh"] < spreads["sigmoid"]


def test_same_seed_same_numbers_and_default_init_is_recommended() -> None:
    a, b = _run("gelu", depth=4), _run("gelu", depth=4)
    assert a.layers == b.layers
    # the advice: the gain, then LSUV where the gain alone lets Var Z drift (tests/test_init_band.py);
    # SELU keeps its own LeCun normal, softplus's stable fixed point needs no LSUV
    assert _run("tanh", depth=2).init == "lsuv" and _run("relu", depth=2).init == "lsuv"
    assert _run("selu", depth=2).init == "lecun" and _run("softplus", depth=2).init == "he"
    # a scheme chosen by name is used as it is, Gaussian and without LSUV
    he = _run("relu", depth=2, init="he")
    assert he.init == "he" and he.gain == pytest.approx(2**0.5)


def test_lsuv_by_name_for_any_activation() -> None:
    """``--init lsuv``: orthogonal weights times the advised gain, then LSUV, also where the advice
    alone does not add it (selu's LeCun normal, softplus's stable fixed point)."""
    for name in ("selu", "softplus", "relu"):
        act = actcli.get(name)
        run = sim.simulate(act, depth=6, width=32, batch=16, init="lsuv", seed=1)
        assert run.init == "lsuv" and run.gain == nn_init.advice(act).gain
        net = sim.build_network(act, 6, 32, 16, "he", run.gain, 1, with_lsuv=True)
        np.testing.assert_allclose(net.weights[0].T @ net.weights[0], run.gain**2 * np.eye(32), atol=1e-12)
    result = invoke("simulate", "selu", "--init", "LSUV", "--depth", "3", "--width", "8", "--batch", "4", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["runs"][0]["init"] == {"scheme": "lsuv", "gain": 1.0}
    result = invoke("simulate", "selu", "--init", "lsv", "--depth", "3")
    assert result.exit_code == 2 and "did you mean 'lsuv'?" in result.output
    result = invoke("train", "selu", "relu", "--init", "lsuv", "--epochs", "2", "--seeds", "1", "--points", "40",
                    "--json")
    assert result.exit_code == 0, result.output
    assert [r["init"]["scheme"] for r in json.loads(result.stdout)["runs"]] == ["lsuv", "lsuv"]


def test_cli_json_and_plot(tmp_path: Path) -> None:
    out = tmp_path / "s.svg"
    result = invoke("simulate", "sigmoid", "relu", "--depth", "6", "--width", "32", "--batch", "16",
                    "--json", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["activation"] for r in data["runs"]] == ["sigmoid", "relu"]
    layer = data["runs"][0]["layers"][0]
    assert set(layer) == {"layer", "z_mean", "z_var", "a_mean", "a_var", "da_rms", "dz_rms", "dw_rms",
                          "dead_fraction", "saturated_fraction"}
    assert data["runs"][0]["layers"][0]["layer"] == 1 and len(data["runs"][0]["layers"]) == 6
    assert "read-out" in data["runs"][0]["loss"]
    assert out.read_text().startswith("<?xml")


def test_cli_table() -> None:
    result = invoke("simulate", "tanh", "--depth", "30", "--width", "16", "--batch", "8", "--init", "xavier")
    assert result.exit_code == 0, result.output
    assert "init xavier (gain 1.667)" in result.stdout and "…" in result.stdout  # torch's calculate_gain('tanh')


@pytest.mark.parametrize(("args", "message"), [
    (["--depth", "0"], "--depth must be at least 1"),
    (["--width", "-3"], "--width must be at least 1"),
    (["--batch", "100000"], "--batch must be at most"),
    (["--depth", "1000", "--width", "8192", "--batch", "512"], "would be held"),
    (["--depth", "1000", "--width", "1024", "--batch", "1"], "would be held"),  # 8 GB of weights
    (["--init", "kaimin"], "did you mean 'kaiming'"),
    (["--init", "xavir"], "did you mean 'xavier'"),
    (["--seed", "-1"], "--seed"),
])
def test_bad_sizes_and_init(args: list[str], message: str) -> None:
    result = invoke("simulate", "relu", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_vector_activation_refused() -> None:
    result = invoke("simulate", "softmax")
    assert result.exit_code == 2 and "vector" in result.output


def test_ctrl_c_in_process_exits_130(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sim, "simulate", interrupted)
    result = invoke("simulate", "relu", "-o", str(tmp_path / "x.png"))
    assert result.exit_code == 130
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    """A real SIGINT to a running command (about 1.3 GB and several seconds of work)."""
    exe = Path(sys.executable).parent / "actcli"
    target = tmp_path / "never.png"
    stat = Path("/proc/self/stat")
    if not stat.exists():
        pytest.skip("needs /proc to see the command's CPU time")
    proc = subprocess.Popen([str(exe), "simulate", "relu", "--depth", "400", "--width", "512", "--batch", "256",
                             "-o", str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # interrupt once it has spent 1.5 s of CPU (start-up takes well under that), whatever the
    # machine's load: the signal lands in the simulation, not before it
    ticks = os.sysconf("SC_CLK_TCK")
    while proc.poll() is None:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= 1.5:  # utime + stime
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # nothing half-written
