"""Custom expressions: `actcli derive "x*tanh(softplus(x))"` and the README's expression examples
beside `actcli derive mish`, round-robin (every round runs each command once, in turn), medians
(target: each expression within 1.5 s median).

Every run is cold: a new process that imports SymPy and does all the work — nothing is cached on
disk between runs (one unmeasured round first only loads the files into the OS cache). Wall time
is what the target is stated in; the CPU time of the child (user + system, from getrusage) is
printed beside it, and the load average before and after, since on a loaded machine wall time
measures the load as much as the command."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# the README's examples (each as the README runs it); the last is not one, it shows the work bound
EXPRESSIONS = [
    ["x*tanh(softplus(x))", "--at", "1"],
    ["x*sigmoid(1.5*x) + 0.1*max(x, 0)", "--at", "0", "--at", "2"],
    ["log(x)"],
    ["exp(-x**2)"],
    ["gelu(x)"],
    ["exp(-x**2)*(x**5-3*x**3+x)"],
]
TARGETED = 5  # the first five carry the 1.5 s target
TARGET = 1.5


def _timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def run(repeat: int) -> None:
    exe = shutil.which("actcli", path=str(Path(sys.executable).parent)) or "actcli"
    commands = [[exe, "derive", *args] for args in EXPRESSIONS] + [[exe, "derive", "mish"]]
    print(f"\ncustom expressions: `actcli derive EXPR` vs `actcli derive mish` ({repeat} round-robin rounds of cold "
          f"runs, medians; wall time, CPU time in brackets) on {os.cpu_count()} cores; load average {_load()}")
    for cmd in commands:  # the OS file cache, not measured
        _timed(cmd)
    times: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, cmd in enumerate(commands):
            times[i].append(_timed(cmd))
    med = [(statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts)) for ts in times]
    wb, cb = med[-1]
    print(f"  {'derive mish':40s} {wb:5.2f} s ({cb:4.2f})")
    for i, args in enumerate(EXPRESSIONS):
        wa, ca = med[i]
        verdict = (f"≤ {TARGET:.1f} s → {'met' if wa <= TARGET else 'NOT met'}" if i < TARGETED
                   else "(no target: the work bound)")
        print(f"  {' '.join(args)[:40]:40s} {wa:5.2f} s ({ca:4.2f})   ratio {wa / wb:4.2f}× (CPU {ca / cb:4.2f}×)   "
              f"{verdict}")
    print(f"  load average after: {_load()}")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
