"""Custom expressions: `actcli derive "x*tanh(softplus(x))"` and the README's expression examples
beside `actcli derive mish`, alternating, medians (target: each expression within 1.5 s median)."""

from __future__ import annotations

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
]
TARGET = 1.5


def _timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def run(repeat: int) -> None:
    exe = shutil.which("actcli", path=str(Path(sys.executable).parent)) or "actcli"
    mish = [exe, "derive", "mish"]
    print(f"\ncustom expressions: `actcli derive EXPR` vs `actcli derive mish` ({repeat} alternating runs, medians)")
    for args in EXPRESSIONS:
        cmd = [exe, "derive", *args]
        _timed(cmd), _timed(mish)  # warm the file cache
        a, b = [], []
        for _ in range(repeat):
            a.append(_timed(cmd))
            b.append(_timed(mish))
        ma, mb = statistics.median(a), statistics.median(b)
        verdict = "met" if ma <= TARGET else "NOT met"
        print(f"  {' '.join(args)[:44]:44s} {ma * 1000:7.1f} ms   mish {mb * 1000:7.1f} ms   "
              f"ratio {ma / mb:4.2f}×   target ≤ {TARGET:.1f} s → {verdict}")
