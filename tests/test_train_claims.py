"""The seed tutorial's training claims: the direction of each effect, held over seeds.

Smaller versions of the experiments in scripts/seed_claims_training.py (docs/seed-claims-training.md):
fewer points, epochs and seeds, so that they run in seconds. Each asserts an ordering between
activations over every seed or between means over seeds, never one run's number.
"""

from __future__ import annotations

import numpy as np
import pytest

import actcli
from actcli.nn import data as nn_data
from actcli.nn import train as nn_train

SEEDS = 3


def _runs(specs: list[str], data: nn_data.Dataset, cfg: nn_train.Config) -> dict[str, list[nn_train.Run]]:
    ex = nn_train.experiment([actcli.get(s) for s in specs], data, cfg, SEEDS, 0)
    assert not ex.interrupted
    return dict(zip(specs, ex.runs))


def _last(runs: list[nn_train.Run], field: str) -> list[float]:
    return [float(np.mean(getattr(r.history, field)[r.final])) for r in runs]


@pytest.mark.parametrize("name", ["xor", "circles"])
def test_identity_layers_cannot_fit_xor_or_circles(name: str) -> None:
    data = nn_data.load(name, points=200, noise=0.1)
    res = _runs(["identity", "tanh"], data, nn_train.Config(hidden=(6, 6), epochs=25, batch=10, lr=0.03))
    identity, tanh = _last(res["identity"], "train_metric"), _last(res["tanh"], "train_metric")
    assert max(identity) < min(tanh), (identity, tanh)  # in every seed, on the training rows themselves
    assert max(identity) < 0.8


def test_sigmoid_trains_slower_than_tanh_and_relu_at_depth_4() -> None:
    data = nn_data.load("spirals", points=200, noise=0.0)
    res = _runs(["sigmoid", "tanh", "relu"], data, nn_train.Config(hidden=(6,) * 4, epochs=40, batch=10, lr=0.01))
    loss = {s: _last(r, "train_loss") for s, r in res.items()}
    # after 40 epochs every sigmoid run is still near its starting loss, behind every tanh and ReLU run
    assert min(loss["sigmoid"]) > max(loss["tanh"] + loss["relu"]), loss


def test_dead_relus_grow_with_the_learning_rate_and_leaky_relu_has_none() -> None:
    data = nn_data.load("circles", points=200, noise=0.1)
    dead = {}
    for lr in (0.003, 0.3):
        res = _runs(["relu", "leaky_relu"], data, nn_train.Config(hidden=(16, 16), epochs=15, batch=10, lr=lr))
        dead[lr] = float(np.mean(_last(res["relu"], "dead")))
        assert _last(res["leaky_relu"], "dead") == [0.0] * SEEDS
    assert dead[0.3] > dead[0.003] + 0.1, dead


def test_tanh_beats_sigmoid_from_the_same_initial_weights() -> None:
    data = nn_data.load("circles", points=200, noise=0.1)
    cfg = nn_train.Config(hidden=(8, 8), epochs=20, batch=10, lr=0.1, optimizer="sgd", init="lecun")
    res = _runs(["sigmoid", "tanh"], data, cfg)
    for sig, tanh in zip(res["sigmoid"], res["tanh"]):
        assert sig.seed == tanh.seed
        assert tanh.history.test_metric[tanh.final] > sig.history.test_metric[sig.final]
