"""Plugin discovery: what reading the ``actcli.activations`` entry points costs a command that builds
the registry, measured side by side in fresh interpreters (alternating runs, medians).

- actcli's scan of sys.path for entry_points.txt (actcli.catalogue.plugins.entry_points);
- the same through importlib.metadata (its import plus entry_points(group=...));
- the registry built with plugins on and with ACTCLI_NO_PLUGINS=1 (no plugin installed: the whole
  price of looking).
Commands that need no activation never build the registry, so they pay none of this.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

SNIPPETS = {
    "actcli scan": "import actcli.catalogue.plugins as p; t=time.perf_counter(); p.entry_points()",
    "importlib.metadata": "t=time.perf_counter(); import importlib.metadata as m; m.entry_points(group='actcli.activations')",
    "registry, plugins on": "import actcli.core.registry, actcli.catalogue.plugins as p; import actcli.catalogue as c; "
    "t=time.perf_counter(); c.registry()",
    "registry, plugins off": "import actcli.core.registry, actcli.catalogue.plugins as p; import actcli.catalogue as c; "
    "t=time.perf_counter(); c.registry()",
}


def _once(name: str) -> float:
    code = "import time\n" + SNIPPETS[name] + "\nprint(time.perf_counter() - t)"
    env = dict(os.environ)
    env.pop("ACTCLI_NO_PLUGINS", None)
    if name.endswith("off"):
        env["ACTCLI_NO_PLUGINS"] = "1"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return float(out.stdout)


def run(repeat: int = 15) -> None:
    times: dict[str, list[float]] = {name: [] for name in SNIPPETS}
    for name in SNIPPETS:  # warm the file cache
        _once(name)
    for _ in range(repeat):
        for name in SNIPPETS:
            times[name].append(_once(name))
    med = {name: statistics.median(v) * 1000 for name, v in times.items()}
    print(f"plugin discovery ({repeat} alternating runs in fresh interpreters, medians; {len(sys.path)} sys.path entries)")
    for name, ms in med.items():
        print(f"  {name:24s} {ms:7.2f} ms")
    print(f"  importlib.metadata / actcli scan: {med['importlib.metadata'] / med['actcli scan']:.1f}x")
    print(f"  registry on - off (the price of looking): {med['registry, plugins on'] - med['registry, plugins off']:.2f} ms")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
