"""What the Chinese catalogue costs, side by side with English, each in fresh interpreters (the
first use is what a command pays): importing the language machinery, reading the catalogue, the
first finished sentence matched against its templates (an error line), and a whole command.

    .venv/bin/python bench/i18n.py [runs]

Prints medians and the spread over the runs; nothing here is a pass/fail budget.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

PROBE = """
import time
import typer  # already loaded by every command before the language machinery
t = time.perf_counter()
import json  # the standard library's, loaded by the first catalogue (and by every --json)
t0 = time.perf_counter()
from actcli import i18n

t1 = time.perf_counter()
i18n.set_language({lang!r})
i18n._("Usage: ")
t2 = time.perf_counter()
i18n.reword("did you mean 'identity'? run 'actcli list' for all names")
t3 = time.perf_counter()
print((t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, len(i18n.catalogue({lang!r})), (t0 - t) * 1e3)
"""


def probe(lang: str, runs: int) -> list[list[float]]:
    env = {k: v for k, v in os.environ.items() if k != "ACTCLI_LANG"}
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE.format(lang=lang)], capture_output=True, text=True,
                             check=True, env=env).stdout
        rows.append([float(v) for v in out.split()])
    return rows


def command(lang: str, runs: int) -> list[float]:
    exe = os.path.join(os.path.dirname(sys.executable), "actcli")
    env = {**{k: v for k, v in os.environ.items() if k != "ACTCLI_LANG"}, "COLUMNS": "80"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([exe, "--lang", lang, "derive", "--help"], capture_output=True, check=True, env=env)
        times.append((time.perf_counter() - start) * 1e3)
    return times


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} ms  (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    rows = {lang: probe(lang, runs) for lang in ("en", "zh")}
    print(f"median over {runs} fresh interpreters each")
    for lang, data in rows.items():
        print(f"[{lang}] catalogue entries: {int(data[0][3])}; import json {spread([r[4] for r in data])}")
        print(f"[{lang}] import actcli.i18n           {spread([r[0] for r in data])}")
        print(f"[{lang}] first _() (reads the catalogue)  {spread([r[1] for r in data])}")
        print(f"[{lang}] first reword() (an error line)  {spread([r[2] for r in data])}")
    en, zh = command("en", runs), command("zh", runs)
    print(f"actcli --lang en derive --help  {spread(en)}")
    print(f"actcli --lang zh derive --help  {spread(zh)}")
    print(f"ratio zh/en (medians): {statistics.median(zh) / statistics.median(en):.2f}")


if __name__ == "__main__":
    main()
