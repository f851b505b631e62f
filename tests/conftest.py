"""What the test files share: one CLI runner, typed helpers to call the app in-process or the
installed console script in a subprocess, and the repository's root."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from typer.testing import CliRunner, Result

from actcli.cli import app

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
