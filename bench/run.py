"""Benchmarks, measured side by side in one run (`make bench`). Machines here are shared and noisy:
the start-up commands and their baselines run round-robin (every command once per round, many
rounds), and medians, their ratios, the spread of per-round ratios and the load average are printed,
for wall time and for CPU time (user + system of the command's process, which other processes on
the machine disturb less).

    python bench/run.py [plot] [recommend] [list] [derive] [simulate] [train] [kernels] [custom]
                        [--repeat N] [--startup-repeat N]

kernels (bench/kernels.py) compares every elementwise kernel with torch's, found in another
interpreter: $ACTCLI_TORCH_PYTHON, else /tmp/torchvenv/bin/python (see that file).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
ACTCLI = shutil.which("actcli", path=str(Path(PY).parent)) or "actcli"


def timed(cmd: list[str], cwd: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the command's own process) of one run."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return wall, usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Pair:
    """One start-up target: actcli's command against an honest equivalent written without actcli."""

    title: str
    ours: list[str]
    theirs: list[str]
    target: float  # the ratio actcli/other must not exceed (plot: must stay below)
    strict: bool = False


STARTUP = {
    "recommend": Pair(
        "`actcli recommend --task multiclass` vs a bare Typer app printing one rich table (target ≤ 1.25×)",
        [ACTCLI, "recommend", "--task", "multiclass"], [PY, str(HERE / "bare_typer_table.py")], 1.25),
    "list": Pair(
        "`actcli list` vs a bare Typer app that imports numpy and prints one rich table (target ≤ 1.25×)",
        [ACTCLI, "list"], [PY, str(HERE / "bare_typer_numpy.py")], 1.25),
    "derive": Pair(
        "`actcli derive relu` vs a bare Typer app that imports numpy and prints one rich table (target ≤ 1.25×)",
        [ACTCLI, "derive", "relu"], [PY, str(HERE / "bare_typer_numpy.py")], 1.25),
    "plot": Pair(
        "`actcli plot relu -o x.png` vs a plain pyplot script drawing relu and relu′ to a PNG (target < 1×)",
        [ACTCLI, "plot", "relu", "-o", "x.png"], [PY, str(HERE / "plain_pyplot_relu.py")], 1.0, strict=True),
}


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def bench_startup(names: list[str], repeat: int) -> None:
    """Every start-up pair at once, round-robin: each round runs every command once (in a rotated
    order), so that load from other processes falls on all of them alike. Reported per pair: the
    medians, their ratio, and the spread of the per-round ratios (quartiles)."""
    pairs = [STARTUP[n] for n in names]
    commands: list[list[str]] = []
    for p in pairs:
        for cmd in (p.ours, p.theirs):
            if cmd not in commands:
                commands.append(cmd)
    times: dict[int, list[float]] = {i: [] for i in range(len(commands))}
    cpu: dict[int, list[float]] = {i: [] for i in range(len(commands))}
    print(f"\nstart-up, round-robin over {len(commands)} commands, {repeat} rounds; before: {_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        for cmd in commands:
            timed(cmd, tmp)  # warm the file cache
        for r in range(repeat):
            order = list(range(len(commands)))
            order = order[r % len(order):] + order[: r % len(order)]
            for i in order:
                wall, used = timed(commands[i], tmp)
                times[i].append(wall)
                cpu[i].append(used)
    print(f"  after: {_load()}")
    for p in pairs:
        ours, theirs = commands.index(p.ours), commands.index(p.theirs)
        print(f"\n  {p.title}")
        print(f"    actcli : {statistics.median(times[ours]) * 1000:7.1f} ms wall, "
              f"{statistics.median(cpu[ours]) * 1000:7.1f} ms CPU   {' '.join(p.ours[1:])}")
        print(f"    other  : {statistics.median(times[theirs]) * 1000:7.1f} ms wall, "
              f"{statistics.median(cpu[theirs]) * 1000:7.1f} ms CPU   {' '.join(Path(x).name for x in p.theirs)}")
        for what, series in (("wall", times), ("CPU ", cpu)):
            a, b = series[ours], series[theirs]
            ratio = statistics.median(a) / statistics.median(b)
            per_round = sorted(x / y for x, y in zip(a, b))
            q1, _, q3 = statistics.quantiles(per_round, n=4) if len(per_round) > 1 else (per_round[0],) * 3
            met = ratio < p.target if p.strict else ratio <= p.target
            print(f"    {what}: ratio of medians = {ratio:.2f}×  (per-round ratios: quartiles {q1:.2f}–{q3:.2f})"
                  f"  → {'met' if met else 'NOT met'}")


def bench_simulate(repeat: int) -> None:
    sys.path.insert(0, str(HERE))
    import simulate_bench

    simulate_bench.run(repeat)


def bench_custom(repeat: int) -> None:
    sys.path.insert(0, str(HERE))
    import custom_bench

    custom_bench.run(repeat)


def bench_kernels(repeat: int) -> None:
    sys.path.insert(0, str(HERE))
    import kernels

    kernels.run(repeat)


def bench_train(repeat: int) -> None:
    sys.path.insert(0, str(HERE))
    import train_bench

    train_bench.run(repeat)


BENCHES = {
    "simulate": bench_simulate,
    "train": bench_train,
    "kernels": bench_kernels,
    "custom": bench_custom,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", nargs="*", default=[*STARTUP, *BENCHES], choices=[*STARTUP, *BENCHES])
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "11")))
    parser.add_argument("--startup-repeat", type=int, default=int(os.environ.get("BENCH_STARTUP_REPEAT", "25")),
                        help="rounds of the start-up round-robin")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; actcli = {ACTCLI}")
    startup = [n for n in STARTUP if n in args.which]
    if startup:
        bench_startup(startup, args.startup_repeat)
    for name in args.which:
        if name in BENCHES:
            BENCHES[name](args.repeat)


if __name__ == "__main__":
    main()
