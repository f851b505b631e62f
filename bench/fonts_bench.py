"""What the Chinese font costs a figure, measured side by side in one run (the machine is shared
and noisy: the commands run round-robin, medians and the spread of per-round ratios are printed).

    python bench/fonts_bench.py [--repeat N]

1. `actcli plot relu -o x.png` in English and in Chinese (ACTCLI_LANG): the Chinese run registers
   Noto Sans SC with matplotlib (actcli/present/fonts.py) before the figure is built; the English
   run must not pay for it.
2. The registration alone, in a fresh interpreter each time: fontManager.addfont + the family name,
   after matplotlib is imported.
3. The import of actcli.present.fonts itself, after what present/figures.py imports anyway (what
   every English figure pays).
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

PY = sys.executable
ACTCLI = shutil.which("actcli", path=str(Path(PY).parent)) or "actcli"

REGISTER = """
import time, matplotlib
from matplotlib.figure import Figure
from actcli.present import fonts
t0 = time.perf_counter()
assert fonts.chinese_family() == "Noto Sans SC"
print(time.perf_counter() - t0)
"""

IMPORT = """
import time
import actcli.i18n, actcli.present.files, actcli.present.numbers  # what present/figures.py imports anyway
t0 = time.perf_counter()
import actcli.present.fonts
print(time.perf_counter() - t0)
"""


def timed(cmd: list[str], cwd: str, lang: str) -> float:
    env = {**os.environ, "ACTCLI_LANG": lang}
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def inner(code: str) -> float:
    out = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cwd:
        cmd = [ACTCLI, "plot", "relu", "-o", "x.png"]
        timed(cmd, cwd, "en")  # warm the caches (matplotlib's font list, the page cache)
        en, zh = [], []
        for _ in range(args.repeat):
            en.append(timed(cmd, cwd, "en"))
            zh.append(timed(cmd, cwd, "zh"))
        ratios = sorted(z / e for z, e in zip(zh, en))
        print(f"`actcli plot relu -o x.png`, {args.repeat} rounds, load average {os.getloadavg()[0]:.2f}")
        print(f"  English  median {statistics.median(en) * 1e3:7.1f} ms")
        print(f"  Chinese  median {statistics.median(zh) * 1e3:7.1f} ms   "
              f"({(statistics.median(zh) - statistics.median(en)) * 1e3:+.1f} ms)")
        print(f"  Chinese/English per round: median {statistics.median(ratios):.3f}, "
              f"range {ratios[0]:.3f}–{ratios[-1]:.3f}")
    reg = [inner(REGISTER) for _ in range(args.repeat)]
    imp = [inner(IMPORT) for _ in range(args.repeat)]
    print(f"registering Noto Sans SC with matplotlib: median {statistics.median(reg) * 1e3:.1f} ms "
          f"(min {min(reg) * 1e3:.1f}, max {max(reg) * 1e3:.1f})")
    print(f"importing actcli.present.fonts: median {statistics.median(imp) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
