"""What the test files share: one CLI runner, typed helpers to call the app in-process or the
installed console script in a subprocess, and the repository's root."""

from __future__ import annotations

import os

# Two test workers already use both cores: BLAS threads on top of them only oversubscribe the machine
# (set before numpy loads; subprocesses inherit it)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# The tests read English output whatever the developer's locale (tests/test_i18n.py chooses its own)
os.environ["ACTCLI_LANG"] = "en"

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

# A shell that starts a job in the background without job control (`make test &` in a script, some CI
# runners) ignores Ctrl-C in it, and an ignored signal stays ignored across exec: the commands the tests
# interrupt would never see their SIGINT. Handled here, it reaches every subprocess as the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
from collections.abc import Mapping  # noqa: E402
from pathlib import Path  # noqa: E402

from typer.testing import CliRunner, Result  # noqa: E402

from actcli.cli import app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNNER = CliRunner()
#: the console script installed next to this interpreter (make installs actcli into .venv)
ACTCLI = str(Path(sys.executable).with_name("actcli"))


def invoke(*args: str, env: Mapping[str, str] | None = None) -> Result:
    """Run ``actcli ARGS`` in-process; stdout and stderr are kept apart."""
    return RUNNER.invoke(app, list(args), env=dict(env) if env else None)


def run_actcli(*args: str, env: Mapping[str, str] | None = None, timeout: float = 120.0,
               cwd: str | Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``actcli`` in a subprocess (``timeout`` only catches hangs)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([ACTCLI, *args], capture_output=True, text=True, env=full_env, timeout=timeout,
                          check=False, cwd=cwd)
