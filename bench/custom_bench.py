"""Custom expressions: `actcli derive "x*tanh(softplus(x))"` and the README's expression examples
beside `actcli derive mish`, alternating, medians (target: each expression within 1.5 s median).

Wall time is what the target is stated in; the CPU time of the child (user + system, from
getrusage) is printed beside it, since on a loaded machine wall time measures the load as much as
the command."""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXPRESSIONS = [
    ["x*tanh(softplus(x))"],
    ["x*sigmoid(1.5*x) + 0.1*max(x, 0)", "--at", "0", "--at", "2"],
    ["log(x)"],
    ["exp(-x**2)"],
    ["gelu(x)"],
]
TARGET = 1.5


def _timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(repeat: int) -> None:
    exe = shutil.which("actcli", path=str(Path(sys.executable).parent)) or "actcli"
    mish = [exe, "derive", "mish"]
    print(f"\ncustom expressions: `actcli derive EXPR` vs `actcli derive mish` ({repeat} alternating runs, "
          "medians; wall time, CPU time in brackets)")
    for args in EXPRESSIONS:
        cmd = [exe, "derive", *args]
        _timed(cmd), _timed(mish)  # warm the file cache
        a, b = [], []
        for _ in range(repeat):
            a.append(_timed(cmd))
            b.append(_timed(mish))
        wa, ca = statistics.median(t[0] for t in a), statistics.median(t[1] for t in a)
        wb, cb = statistics.median(t[0] for t in b), statistics.median(t[1] for t in b)
        verdict = "met" if wa <= TARGET else "NOT met"
        print(f"  {' '.join(args)[:34]:34s} {wa:5.2f} s ({ca:4.2f})   mish {wb:5.2f} s ({cb:4.2f})   "
              f"ratio {wa / wb:4.2f}×   ≤ {TARGET:.1f} s → {verdict}")
