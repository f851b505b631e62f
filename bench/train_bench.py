"""`actcli train`'s epoch against the same network in PyTorch (CPU, one thread), side by side.

Network 2 → W → W → 1 (ReLU hidden layers, one logit, binary cross-entropy on logits), Adam with
lr 0.01, batch 10, 500 points of which 350 train (actcli: spirals; PyTorch: random points
and labels of the same shapes — the work per step does not depend on the values); one epoch = 35 steps, then the loss and
accuracy on the training and test split (actcli's epoch also counts dead and saturated units and
the gradient and update statistics; PyTorch's does not). Both sides run in float64 and on one
thread (OPENBLAS/OMP/MKL_NUM_THREADS=1, torch.set_num_threads(1)), each in its own process,
alternately; the medians of the per-epoch times and their ratio are printed. PyTorch float32 is
shown for reference.

PyTorch is never a dependency of actcli: the comparison runs when ``TORCH_PYTHON`` names an
interpreter that has torch (or when this one has it), and is skipped otherwise::

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch numpy
    TORCH_PYTHON=/tmp/torchvenv/bin/python python bench/run.py train
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

EPOCHS = 20  # per measurement (one process), after one warm-up epoch
WIDTHS = ((8, 1.0), (256, 1.5))  # hidden width and the target ratio actcli/torch


def _actcli_worker(width: int, epochs: int) -> list[float]:
    import actcli
    from actcli.nn import data as nn_data
    from actcli.nn import train as nn_train

    data = nn_data.load("spirals", noise=0.0, points=500, test_split=0.3, seed=0)
    cfg = nn_train.Config(hidden=(width, width), optimizer="adam", lr=0.01, batch=10, epochs=epochs + 1)
    stamps: list[float] = []
    nn_train.train(actcli.get("relu"), data, cfg, 0, progress=lambda _: stamps.append(time.perf_counter()))
    return [b - a for a, b in zip(stamps[:-1], stamps[1:])]  # epochs 2 …: the first is warm-up


def _torch_worker(width: int, epochs: int, dtype_name: str) -> list[float]:
    import numpy as np
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    dtype = getattr(torch, dtype_name)
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.standard_normal((500, 2)), dtype=dtype)
    y = torch.tensor((rng.standard_normal((500, 1)) > 0).astype(np.float64), dtype=dtype)
    x_train, y_train, x_test, y_test = x[:350], y[:350], x[350:], y[350:]
    model = torch.nn.Sequential(
        torch.nn.Linear(2, width, dtype=dtype), torch.nn.ReLU(),
        torch.nn.Linear(width, width, dtype=dtype), torch.nn.ReLU(),
        torch.nn.Linear(width, 1, dtype=dtype),
    )
    lossf = torch.nn.BCEWithLogitsLoss()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    times = []
    for _ in range(epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(350)
        xs, ys = x_train[perm], y_train[perm]
        for start in range(0, 350, 10):
            opt.zero_grad()
            loss = lossf(model(xs[start:start + 10]), ys[start:start + 10])
            loss.backward()
            opt.step()
        with torch.no_grad():
            for xe, ye in ((x_train, y_train), (x_test, y_test)):
                out = model(xe)
                float(lossf(out, ye))
                float(((out > 0) == (ye > 0.5)).double().mean())
        times.append(time.perf_counter() - t0)
    return times[1:]


def _torch_python() -> str | None:
    exe = os.environ.get("TORCH_PYTHON")
    if exe:
        return exe
    try:
        import torch  # noqa: F401
    except ImportError:
        return None
    return sys.executable


def _measure(cmd: list[str]) -> list[float]:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return list(json.loads(out))


def run(repeat: int) -> None:
    me = str(Path(__file__).resolve())
    torch_py = _torch_python()
    rounds = max(3, repeat // 3)
    print(f"\ntrain: one epoch, 2 → W → W → 1 ReLU, Adam, batch 10, 350 training points "
          f"(medians of {rounds} alternating rounds × {EPOCHS} epochs, one thread each)")
    if torch_py is None:
        print("  torch: not installed here, comparison skipped (set TORCH_PYTHON to an interpreter with torch)")
    for width, target in WIDTHS:
        ours: list[float] = []
        theirs: list[float] = []
        theirs32: list[float] = []
        for _ in range(rounds):
            ours += _measure([sys.executable, me, "actcli", str(width), str(EPOCHS)])
            if torch_py is not None:
                theirs += _measure([torch_py, me, "torch", str(width), str(EPOCHS), "float64"])
                theirs32 += _measure([torch_py, me, "torch", str(width), str(EPOCHS), "float32"])
        a = statistics.median(ours)
        line = f"  W = {width:3d}: actcli {a * 1000:7.2f} ms"
        if theirs:
            b, c = statistics.median(theirs), statistics.median(theirs32)
            verdict = "met" if a / b <= target else "NOT met"
            line += (f" | torch float64 {b * 1000:7.2f} ms → ratio {a / b:.2f}× (target ≤ {target:.1f}×: {verdict})"
                     f" | torch float32 {c * 1000:.2f} ms")
        print(line)


def main() -> None:
    which, width, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if which == "actcli":
        times = _actcli_worker(width, epochs)
    else:
        times = _torch_worker(width, epochs, sys.argv[4])
    sys.stdout.write(json.dumps(times) + "\n")


if __name__ == "__main__":
    main()
