"""`actcli train`: gradients against finite differences, stable losses, the optimisers against their
textbook formulas, reproducibility, the data sets and their errors, and the command line."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest

import actcli
from actcli.core.activation import Activation
from actcli.errors import UsageError
from actcli.nn import data as nn_data
from actcli.nn import init as nn_init
from actcli.nn import simulate as nn_simulate
from actcli.nn import train as nn_train
from tests.conftest import invoke


def _small(task: str) -> nn_data.Dataset:
    if task == "binary":
        return nn_data.load("moons", points=24, noise=0.2, seed=3)
    if task == "regression":
        return nn_data.load("sine", points=24, noise=0.1, seed=3)
    return nn_data.from_csv_text(
        "a,b,c,label\n" + "\n".join(f"{i % 5},{(i * 7) % 11},{(i * 3) % 4},{'xyz'[i % 3]}" for i in range(24)),
        "small.csv", seed=3)


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
@pytest.mark.parametrize("spec", ["tanh", "sigmoid", "relu", "leaky_relu:negative_slope=0.1", "gelu", "elu"])
def test_backprop_matches_finite_differences(task: str, spec: str) -> None:
    analytic, numeric = nn_train.numerical_check(actcli.get(spec), _small(task), (5, 4), seed=2)
    assert analytic.shape == numeric.shape and analytic.size >= 39
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_backprop_of_an_expression_matches_finite_differences() -> None:
    analytic, numeric = nn_train.numerical_check(actcli.get("x*tanh(x)"), _small("binary"), (3,), seed=1)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def _learnable_leaky() -> Activation:
    leaky = actcli.get("leaky_relu:negative_slope=0.2")
    params = tuple(dataclasses.replace(p, learnable=True) for p in leaky.record.params)
    return Activation(dataclasses.replace(leaky.record, params=params), dict(leaky.params))


def test_learnable_parameters_get_gradients_and_are_trained() -> None:
    act = _learnable_leaky()
    data = _small("binary")
    analytic, numeric = nn_train.numerical_check(act, data, (4, 3), seed=0)
    # the last two entries are the slopes of the two hidden layers
    assert analytic[-2:].tolist() != [0.0, 0.0]
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)
    run = nn_train.train(act, data, nn_train.Config(hidden=(4, 3), epochs=5, lr=0.05, batch=4), seed=0)
    slopes = [layer["negative_slope"] for layer in run.network.learned()]
    assert len(slopes) == 2 and all(s != 0.2 for s in slopes)


def test_the_training_gradient_is_the_loss_gradient() -> None:
    rng = np.random.default_rng(0)
    for task, out, y in (
        ("binary", rng.normal(size=(6, 1)) * 5, (rng.random((6, 1)) > 0.5).astype(float)),
        ("multiclass", rng.normal(size=(6, 3)) * 5, rng.integers(0, 3, 6)),
        ("regression", rng.normal(size=(6, 1)), rng.normal(size=(6, 1))),
    ):
        _, g = nn_train.loss_and_grad(task, out.copy(), y)
        np.testing.assert_allclose(nn_train.grad_only(task, out.copy(), y), g, rtol=1e-12, atol=1e-15)


def test_losses_are_stable_for_huge_logits() -> None:
    # binary: -log sigma(1000) = log1p(e^-1000) = 0 and -log(1 - sigma(1000)) = 1000, exactly
    loss, g = nn_train.loss_and_grad("binary", np.array([[1000.0], [1000.0]]), np.array([[1.0], [0.0]]))
    assert loss == pytest.approx(500.0) and np.all(np.isfinite(g))
    assert g[:, 0].tolist() == pytest.approx([0.0, 0.5])
    loss, g = nn_train.loss_and_grad("multiclass", np.array([[1000.0, 0.0, -1000.0]]), np.array([2]))
    assert loss == pytest.approx(2000.0) and g[0].tolist() == pytest.approx([1.0, 0.0, -1.0])


def test_optimisers_follow_their_textbook_updates() -> None:
    rng = np.random.default_rng(5)
    grads = [rng.normal(size=7) for _ in range(4)]
    lr = 0.03
    for kind in nn_train.OPTIMIZERS:
        opt = nn_train._Optimizer(kind, lr, 7)
        m = np.zeros(7)
        v = np.zeros(7)
        for t, g in enumerate(grads, start=1):
            got = opt.step(g).copy()
            if kind == "sgd":
                want = -lr * g
            elif kind == "momentum":
                m = 0.9 * m + g
                want = -lr * m
            else:  # Kingma & Ba (2015), Algorithm 1
                m = 0.9 * m + 0.1 * g
                v = 0.999 * v + 0.001 * g * g
                want = -lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def test_the_same_seed_gives_bit_identical_results_and_other_seeds_differ() -> None:
    data = nn_data.load("xor", points=120, seed=4)
    cfg = nn_train.Config(hidden=(6, 5), epochs=4, batch=8, optimizer="adam")
    a = nn_train.train(actcli.get("tanh"), data, cfg, seed=11)
    b = nn_train.train(actcli.get("tanh"), data, cfg, seed=11)
    c = nn_train.train(actcli.get("tanh"), data, cfg, seed=12)
    assert np.array_equal(a.network.flat, b.network.flat)
    for f in dataclasses.fields(a.history):
        assert np.array_equal(getattr(a.history, f.name), getattr(b.history, f.name), equal_nan=True), f.name
    assert not np.array_equal(a.network.flat, c.network.flat)


def test_every_activation_starts_from_the_same_draws() -> None:
    rng = [np.random.default_rng(3) for _ in range(2)]
    sig = nn_train.Network(actcli.get("sigmoid"), (2, 5, 4, 1), "lecun", rng[0])
    tanh = nn_train.Network(actcli.get("tanh"), (2, 5, 4, 1), "lecun", rng[1])
    assert np.array_equal(sig.flat, tanh.flat)
    he = nn_train.Network(actcli.get("relu"), (2, 5, 4, 1), "he", np.random.default_rng(3))
    np.testing.assert_allclose(he.W[0], sig.W[0] * math.sqrt(2.0), rtol=1e-15)  # He std sqrt(2/fan_in)


ELEMENTWISE = [name for name in actcli.names() if actcli.get(name).kind == "elementwise"]


@pytest.mark.parametrize("init", [None, "lsuv", "he"])
def test_train_applies_lsuv_exactly_where_simulate_does(init: str | None) -> None:
    """The same advice gets the same treatment: every activation's train run reports the init its
    simulate run does ("lsuv" where LSUV follows the gain), with the same gain."""
    data = nn_data.load("xor", points=20, seed=1)
    cfg = nn_train.Config(hidden=(4, 4), epochs=1, batch=8, init=init)
    for name in ELEMENTWISE:
        act = actcli.get(name)
        ran = nn_train.train(act, data, cfg, seed=0)
        sim = nn_simulate.simulate(act, depth=2, width=4, batch=4, init=init)
        assert (ran.init, ran.gain) == (sim.init, sim.gain), name
        assert (ran.init == "lsuv") is (init == "lsuv" or (init is None and nn_init.advice(act).lsuv)), name


def test_lsuv_in_train_orthogonalises_the_same_draws_and_levels_var_z() -> None:
    """Hidden weights are the (semi-)orthogonal factors of the draws a Gaussian scheme would scale,
    each entry of the scheme's variance; calibrate then gives every hidden layer the first one's
    Var Z on the calibration batch, and leaves the output layer alone."""
    sizes = (2, 8, 8, 3, 1)
    gauss = nn_train.Network(actcli.get("relu"), sizes, "he", np.random.default_rng(5))
    net = nn_train.Network(actcli.get("relu"), sizes, "lsuv", np.random.default_rng(5))
    assert net.init == "lsuv" and gauss.init == "he"
    for w, g in zip(net.W[:3], gauss.W[:3]):
        fan_in, fan_out = w.shape
        var = 2.0 / fan_in * max(fan_in, fan_out)  # He: entries of variance 2/fan_in; Q·√max(…) keeps it
        small = w.T @ w if fan_in >= fan_out else w @ w.T
        np.testing.assert_allclose(small, var * np.eye(min(fan_in, fan_out)), atol=1e-12)
        # the same draw: the orthogonal factor spans the same column (row) space as the Gaussian weights
        basis = g if fan_in >= fan_out else g.T
        q = w if fan_in >= fan_out else w.T
        np.testing.assert_allclose(q @ np.linalg.lstsq(q, basis, rcond=None)[0], basis, atol=1e-12)
    np.testing.assert_array_equal(net.W[3], gauss.W[3])  # Xavier output layer, untouched
    x = np.random.default_rng(9).standard_normal((32, 2))
    out = net.W[3].copy()
    factors = net.calibrate(x)
    assert len(factors) == 2 and all(f > 0 for f in factors)
    zs, _, _ = net.forward(x)
    variances = [float(z.var()) for z in zs]
    np.testing.assert_allclose(variances, variances[0], rtol=1e-12)
    np.testing.assert_array_equal(net.W[3], out)
    assert gauss.calibrate(x) == []  # a scheme chosen by name: no LSUV


def test_semi_orthogonal_of_a_square_draw_is_simulates_orthogonal() -> None:
    draw = np.random.default_rng(2).standard_normal((16, 16))
    np.testing.assert_allclose(nn_init.semi_orthogonal(draw, 1.5 / 4.0),
                               nn_init.orthogonal(np.random.default_rng(2), 16, 1.5), atol=1e-14)


def test_dead_and_saturated_units_are_counted_over_the_whole_epoch() -> None:
    net = nn_train.Network(actcli.get("relu"), (2, 3, 1), None, np.random.default_rng(0))
    acc = nn_train.LayerAccumulator(net)
    acc.add(0, np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]), np.ones((2, 3)))
    acc.add(0, np.array([[0.0, 0.0, 1.0]]), np.ones((2, 3)))
    dead, sat, rms, _ = acc.close()
    assert dead == [pytest.approx(1 / 3)] and sat == [0.0] and rms == [1.0]
    sig = nn_train.Network(actcli.get("sigmoid"), (2, 2, 1), None, np.random.default_rng(0))
    acc = nn_train.LayerAccumulator(sig)
    acc.add(0, np.array([[0.25, 0.001], [0.0, 0.2]]), np.ones((2, 2)))  # 0.001 < 1% of 1/4
    dead, sat, _, _ = acc.close()
    assert dead == [0.0] and sat == [0.25]


def test_a_relu_layer_pushed_below_zero_is_all_dead() -> None:
    data = nn_data.load("circles", points=60, seed=0)
    act = actcli.get("relu")
    net = nn_train.Network(act, (2, 4, 1), None, np.random.default_rng(0))
    net.b[0][:] = -1e3
    acc = nn_train.LayerAccumulator(net)
    zs, acts, out = net.forward(data.x_train)
    net.backward(zs, acts, nn_train.grad_only("binary", out, data.y_train), acc)
    assert acc.close()[0] == [1.0]


def test_a_divergent_run_stops_and_says_so() -> None:
    data = nn_data.load("sine", points=60, seed=0)
    run = nn_train.train(actcli.get("exponential"), data,
                         nn_train.Config(hidden=(8, 8), optimizer="sgd", lr=1e6, epochs=20, batch=4), seed=0)
    assert run.diverged_at is not None and run.epochs_done < 20
    assert np.all(np.isnan(run.history.train_loss[run.epochs_done:]))


def test_an_interrupt_keeps_the_finished_runs() -> None:
    data = nn_data.load("xor", points=40, seed=0)
    cfg = nn_train.Config(hidden=(4,), epochs=3, batch=8)
    calls = []

    def progress(n: int) -> None:
        calls.append(n)
        if len(calls) == 7:  # during the third run (3 epochs each)
            raise KeyboardInterrupt

    ex = nn_train.experiment([actcli.get("relu"), actcli.get("tanh")], data, cfg, seeds=2, progress=progress)
    assert ex.interrupted and ex.finished == 2 and [len(r) for r in ex.runs] == [1, 1]


# --- data ---------------------------------------------------------------------------------------------


def test_playground_sets_follow_their_rules_without_noise() -> None:
    for name in ("xor", "circles", "spirals", "gaussians", "moons"):
        d = nn_data.load(name, noise=0.0, points=200, seed=1)
        assert d.task == "binary" and d.x_train.shape == (140, 2) and d.x_test.shape == (60, 2)
        assert d.scale is not None and d.mean is not None  # a built-in set is standardised
        x = np.concatenate([d.x_train, d.x_test]) * d.scale + d.mean
        y = np.concatenate([d.y_train, d.y_test])[:, 0]
        assert abs(y.mean() - 0.5) < 0.15, name
        if name == "xor":
            assert np.array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(float))
            assert np.all(np.abs(x) >= 0.3 - 1e-12) and np.all(np.abs(x) <= 5.3 + 1e-12)
        if name == "circles":
            r = np.hypot(x[:, 0], x[:, 1])
            assert np.array_equal(y, (r < 2.5).astype(float)) and r.max() <= 5.0 + 1e-12
        np.testing.assert_allclose(d.x_train.mean(axis=0), 0.0, atol=1e-12)
        np.testing.assert_allclose(d.x_train.std(axis=0), 1.0, rtol=1e-12)


def test_sine_and_iris() -> None:
    d = nn_data.load("sine", points=100, noise=0.0)
    assert d.task == "regression" and d.y_train.shape == (70, 1)
    iris = nn_data.load("iris")
    assert iris.task == "multiclass" and iris.classes == ("setosa", "versicolor", "virginica")
    assert iris.x_train.shape[0] + iris.x_test.shape[0] == 150 and iris.n_inputs == 4
    y = np.concatenate([iris.y_train, iris.y_test])
    assert np.bincount(y).tolist() == [50, 50, 50]
    assert iris.scale is not None and iris.mean is not None
    x = np.concatenate([iris.x_train, iris.x_test]) * iris.scale + iris.mean
    # Fisher (1936): the column means in cm
    np.testing.assert_allclose(x.mean(axis=0), [5.843333, 3.057333, 3.758, 1.199333], atol=1e-6)


def test_csv_tasks_are_inferred_and_checked() -> None:
    rows = "\n".join(f"{i},{i * i % 7},{i % 2},{i * 0.5 + 1}" for i in range(20))
    text = "a,b,flag,value\n" + rows
    assert nn_data.from_csv_text(text, "t.csv").task == "regression"
    d = nn_data.from_csv_text(text, "t.csv", target="flag")
    assert d.task == "binary" and d.features == ("a", "b", "value")
    assert nn_data.from_csv_text(text, "t.csv", target="b").task == "multiclass"
    with pytest.raises(UsageError, match="binary needs exactly 2"):
        nn_data.from_csv_text(text, "t.csv", target="b", task="binary")
    with pytest.raises(UsageError, match="did you mean 'value'"):
        nn_data.from_csv_text(text, "t.csv", target="valu")


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("", [], "is empty"),
        ("a,b\n", [], "no data rows"),
        ("a,b,y\n1,,0\n2,3,1\n", [], "missing value"),
        ("a,b,y\n1,x,0\n2,3,1\n", [], "not numeric"),
        ("a,b,y\n1,5,0\n2,5,1\n3,5,0\n", [], "constant"),
        ("a,b,y\n1,2,0\n2,3\n", [], "2 fields"),
        ("a,b,y\n1,2,cat\n2,3,dog\n3,1,cat\n", ["--task", "regression"], "cannot be regressed"),
        ("a,b,y\n1,2,0\n2,3,0\n3,1,0\n", [], "only one class"),
    ],
)
def test_bad_csv_files_are_one_line_usage_errors(tmp_path: Path, text: str, args: list[str], message: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke("train", "relu", "--data", str(path), "--epochs", "1", *args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "spirls"], "did you mean 'spirals'"),
        (["--hidden", "8,x"], "--hidden"),
        (["--hidden", "0"], "--hidden"),
        (["--optimizer", "adm"], "did you mean 'adam'"),
        (["--lr", "-1"], "--lr"),
        (["--noise", "0.9"], "--noise"),
        (["--test-split", "1"], "--test-split"),
        (["--data", "xor", "--task", "regression"], "binary data set"),
        (["--data", "xor", "--target", "y"], "--target"),
        (["--seeds", "0"], "--seeds"),
        (["-o", "x.gif"], "extension"),
    ],
)
def test_bad_options_are_one_line_usage_errors(args: list[str], message: str) -> None:
    result = invoke("train", "relu", "--epochs", "1", *args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output


def test_a_vector_activation_cannot_be_a_hidden_layer() -> None:
    result = invoke("train", "softmax", "--epochs", "1")
    assert result.exit_code == 2 and "vector activation" in result.output


# --- the command ----------------------------------------------------------------------------------------


def test_table_reads_at_80_columns_without_colour() -> None:
    result = invoke("train", "relu", "tanh", "leaky_relu:negative_slope=0.2", "--data", "xor",
                    "--epochs", "3", "--seeds", "2", "--points", "100",
                    env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())
    flat = " ".join(result.output.split())
    assert "binary cross-entropy on logits" in flat and "2 → 8 → 8 → 1" in flat
    for name in ("relu", "tanh", "leaky_relu"):
        assert name in result.output


def test_json_has_the_full_history(tmp_path: Path) -> None:
    out = tmp_path / "t.png"
    result = invoke("train", "relu", "sigmoid", "--data", "iris", "--epochs", "4", "--seeds", "2",
                    "--hidden", "6", "--json", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["network"]["sizes"] == [4, 6, 3] and doc["network"]["output"] == "softmax"
    assert doc["network"]["loss"].startswith("cross-entropy on logits (torch.nn.CrossEntropyLoss = log_softmax + NLL)")
    assert doc["data"]["task"] == "multiclass" and doc["config"]["seeds"] == [0, 1]
    assert len(doc["runs"]) == 4 and len(doc["summary"]) == 2
    run = doc["runs"][0]
    assert len(run["history"]["train_loss"]) == 4 and len(run["history"]["layers"]) == 1
    assert set(run["history"]["layers"][0]) == {"layer", "dead", "saturated", "grad_rms", "update_ratio"}
    assert out.stat().st_size > 10_000 and out.read_bytes()[:4] == b"\x89PNG"


def test_regression_reports_r2(tmp_path: Path) -> None:
    out = tmp_path / "sine.svg"
    result = invoke("train", "tanh", "--data", "sine", "--epochs", "30", "--seeds", "1", "--json",
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["metric"] == "r2" and doc["network"]["output"] == "identity"
    assert doc["summary"][0]["test_metric"]["mean"] > 0.8  # sin(x) on [-pi, pi] with 8 + 8 tanh units
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_ctrl_c_reports_what_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    real = nn_train.train
    calls = []

    def interrupted(*args: object, **kwargs: object) -> nn_train.Run:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(nn_train, "train", interrupted)
    result = invoke("train", "relu", "tanh", "--data", "xor", "--epochs", "2", "--points", "60")
    assert result.exit_code == 130
    assert "relu" in result.stdout and "interrupted: 1 of 6 runs finished" in result.output


def test_every_task_has_the_recommenders_output_rule() -> None:
    from actcli.present.training import output_layer

    assert output_layer("binary")[0] == "sigmoid" and "binary cross-entropy" in output_layer("binary")[1]
    assert output_layer("multiclass")[0] == "softmax" and "cross-entropy" in output_layer("multiclass")[1]
    assert output_layer("regression") == ("identity", "mean squared error (torch.nn.MSELoss)")
    assert set(nn_data.TASKS) == {"binary", "multiclass", "regression"}


def test_a_users_csv_trains_end_to_end(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 2))
    rows = [f"{a:.6f},{b:.6f},{'big' if a + b > 0 else 'small'}" for a, b in x]
    path = tmp_path / "points.csv"
    path.write_text("u,v,size\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = invoke("train", "tanh", "--data", str(path), "--target", "size", "--epochs", "30",
                    "--seeds", "2", "--batch", "8", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["data"]["task"] == "binary" and doc["data"]["classes"] == ["big", "small"]
    assert doc["summary"][0]["test_metric"]["mean"] > 0.85  # a linear boundary, learnt from 56 rows
