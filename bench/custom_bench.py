"""Custom expressions: `actcli derive "x*tanh(softplus(x))"` and the README's expression examples
beside `actcli derive mish`, round-robin (every round runs each command once, in turn), medians
(target: each expression within 1.5 s median).

Every run is cold: a new process that imports SymPy and does all the work — nothing is cached on
disk between runs (one unmeasured round first only loads the files into the OS cache). Wall time
is what the target is stated in; the CPU time of the child (user + system, from getrusage) is
printed beside it, and the load average before and after, since on a loaded machine wall time
measures the load as much as the command.

    python bench/custom_bench.py [ROUNDS] [--against DIR]

With ``--against DIR`` (a directory holding another version's ``actcli`` package, e.g. one exported
with ``git archive OLD actcli | tar -x -C DIR``), every command also runs with that package first on
PYTHONPATH, in the same rounds, and both columns are printed: a change measured before and after
side by side, under the same load."""

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


def _timed(cmd: list[str], against: str | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run (with ``against``: of the package in that directory)."""
    env = None
    if against is not None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (against, os.environ.get("PYTHONPATH")) if p))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def _medians(times: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    return [(statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts)) for ts in times]


def run(repeat: int, against: str | None = None) -> None:
    exe = shutil.which("actcli", path=str(Path(sys.executable).parent)) or "actcli"
    commands = [[exe, "derive", *args] for args in EXPRESSIONS] + [[exe, "derive", "mish"]]
    print(f"\ncustom expressions: `actcli derive EXPR` vs `actcli derive mish` ({repeat} round-robin rounds of cold "
          f"runs, medians; wall time, CPU time in brackets) on {os.cpu_count()} cores; load average {_load()}")
    versions: list[str | None] = [None] if against is None else [against, None]
    for cmd in commands:  # the OS file cache, not measured
        for version in versions:
            _timed(cmd, version)
    times: dict[str | None, list[list[tuple[float, float]]]] = {version: [[] for _ in commands] for version in versions}
    for _ in range(repeat):
        for i, cmd in enumerate(commands):
            for version in versions:
                times[version][i].append(_timed(cmd, version))
    med = _medians(times[None])
    before = _medians(times[against]) if against is not None else None
    wb, cb = med[-1]
    if before is not None:
        print(f"  (before: the package in {against}; after: the installed one)")
        print(f"  {'derive mish':40s} {wb:5.2f} s ({cb:4.2f})   before {before[-1][0]:5.2f} s ({before[-1][1]:4.2f})")
    else:
        print(f"  {'derive mish':40s} {wb:5.2f} s ({cb:4.2f})")
    for i, args in enumerate(EXPRESSIONS):
        wa, ca = med[i]
        verdict = (f"≤ {TARGET:.1f} s → {'met' if wa <= TARGET else 'NOT met'}" if i < TARGETED
                   else "(no target: the work bound)")
        was = "" if before is None else f"   before {before[i][0]:5.2f} s ({before[i][1]:4.2f})"
        print(f"  {' '.join(args)[:40]:40s} {wa:5.2f} s ({ca:4.2f})   ratio {wa / wb:4.2f}× (CPU {ca / cb:4.2f}×)   "
              f"{verdict}{was}")
    print(f"  load average after: {_load()}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="custom expressions beside derive mish, cold runs")
    parser.add_argument("rounds", nargs="?", type=int, default=11)
    parser.add_argument("--against", metavar="DIR", help="also time the actcli package in DIR, side by side")
    opts = parser.parse_args()
    run(opts.rounds, opts.against)
