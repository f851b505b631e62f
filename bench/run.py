"""Benchmarks, measured side by side in one run (`make bench`). Machines here are shared and noisy:
each pair of commands is run alternately, and medians and their ratio are printed.

    python bench/run.py [plot] [recommend] [list] [derive] [simulate] [train] [kernels] [custom] [--repeat N]

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
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
ACTCLI = shutil.which("actcli", path=str(Path(PY).parent)) or "actcli"


def timed(cmd: list[str], cwd: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def side_by_side(title: str, ours: list[str], theirs: list[str], repeat: int, target: float | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        timed(ours, tmp), timed(theirs, tmp)  # warm the file cache
        a, b = [], []
        for _ in range(repeat):
            a.append(timed(ours, tmp))
            b.append(timed(theirs, tmp))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"\n{title}  ({repeat} alternating runs each, medians)")
    print(f"  actcli : {ma * 1000:7.1f} ms   {' '.join(ours[1:] if ours[0] == ACTCLI else ours)}")
    print(f"  other  : {mb * 1000:7.1f} ms   {' '.join(Path(x).name for x in theirs)}")
    verdict = ""
    if target is not None:
        verdict = f"   target ≤ {target:.2f}× → {'met' if ma / mb <= target else 'NOT met'}"
    print(f"  ratio actcli/other = {ma / mb:.2f}×{verdict}")


def bench_plot(repeat: int) -> None:
    side_by_side(
        "plot: `actcli plot relu -o x.png` vs a plain pyplot script drawing the same two panels",
        [ACTCLI, "plot", "relu", "-o", "x.png"],
        [PY, str(HERE / "plain_pyplot_relu.py")],
        repeat,
        target=1.0,
    )


def bench_recommend(repeat: int) -> None:
    side_by_side(
        "start-up: `actcli recommend --task multiclass` vs a bare Typer app printing one rich table",
        [ACTCLI, "recommend", "--task", "multiclass"],
        [PY, str(HERE / "bare_typer_table.py")],
        repeat,
        target=1.25,
    )


def bench_list(repeat: int) -> None:
    side_by_side(
        "start-up: `actcli list` vs a bare Typer app that imports numpy and prints one rich table",
        [ACTCLI, "list"],
        [PY, str(HERE / "bare_typer_numpy.py")],
        repeat,
        target=1.25,
    )


def bench_derive(repeat: int) -> None:
    side_by_side(
        "start-up: `actcli derive relu` vs a bare Typer app that imports numpy and prints one rich table",
        [ACTCLI, "derive", "relu"],
        [PY, str(HERE / "bare_typer_numpy.py")],
        repeat,
        target=1.25,
    )


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
    "plot": bench_plot,
    "recommend": bench_recommend,
    "list": bench_list,
    "derive": bench_derive,
    "simulate": bench_simulate,
    "train": bench_train,
    "kernels": bench_kernels,
    "custom": bench_custom,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", nargs="*", default=list(BENCHES))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "11")))
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; actcli = {ACTCLI}")
    for name in args.which:
        BENCHES[name](args.repeat)


if __name__ == "__main__":
    main()
