"""`actcli simulate relu --depth 50 --width 512 --batch 512`: time, peak memory, and the same
network's forward + backward in PyTorch side by side when torch is importable (skipped if not)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

DEPTH, WIDTH, BATCH = 50, 512, 512


def run(repeat: int) -> None:
    import actcli
    from actcli.nn import simulate as sim

    exe = shutil.which("actcli", path=str(Path(sys.executable).parent)) or "actcli"
    cmd = [exe, "simulate", "relu", "--depth", str(DEPTH), "--width", str(WIDTH), "--batch", str(BATCH), "--json"]
    reps = max(3, repeat // 3)
    wall = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t0)
    act = actcli.get("relu")
    core = []
    for _ in range(reps):
        t0 = time.perf_counter()
        sim.simulate(act, DEPTH, WIDTH, BATCH, None, 0)
        core.append(time.perf_counter() - t0)
    tracemalloc.start()
    sim.simulate(act, DEPTH, WIDTH, BATCH, None, 0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    kept = DEPTH * WIDTH * BATCH * 8 + DEPTH * WIDTH * WIDTH * 8  # every Z, and every W
    print(f"\nsimulate: relu, depth {DEPTH} × width {WIDTH} × batch {BATCH}  (medians of {reps})")
    print(f"  actcli simulate (whole command): {statistics.median(wall) * 1000:7.0f} ms")
    print(f"  actcli core (forward + backward): {statistics.median(core) * 1000:7.0f} ms")
    print(f"  peak numpy memory: {peak / 2**20:.0f} MiB; what back-propagation must hold (all W and all Z, "
          f"float64): {kept / 2**20:.0f} MiB (ratio {peak / kept:.2f})")
    try:
        import torch
    except ImportError:
        print("  torch: not installed here, comparison skipped (pip install torch to include it)")
        return
    torch.manual_seed(0)
    torch.set_num_threads(2)
    layers = [torch.nn.Linear(WIDTH, WIDTH, bias=False, dtype=torch.float64) for _ in range(DEPTH)]
    for lin in layers:
        torch.nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
    readout = torch.nn.Linear(WIDTH, 1, bias=False, dtype=torch.float64)
    x = torch.randn(BATCH, WIDTH, dtype=torch.float64)
    y = torch.randn(BATCH, 1, dtype=torch.float64)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        a = x
        for lin in layers:
            a = torch.relu(lin(a))
        loss = 0.5 * ((readout(a) - y) ** 2).mean()
        loss.backward()
        times.append(time.perf_counter() - t0)
    ours, theirs = statistics.median(core), statistics.median(times)
    print(f"  torch {torch.__version__} (float64, 2 threads, same network): {theirs * 1000:7.0f} ms"
          f"  → actcli core / torch = {ours / theirs:.2f}×")
