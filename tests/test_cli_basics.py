"""The CLI skeleton: version, list, errors, the installed console script, and start-up cost."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from actcli import __version__
from actcli.api import names
from tests.conftest import ROOT, invoke


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"actcli {__version__}"


def test_no_arguments_shows_help() -> None:
    result = invoke()
    assert "Usage" in result.output and "list" in result.output


def test_list_table_names_everything() -> None:
    result = invoke("list")
    assert result.exit_code == 0, result.output
    for name in names():
        assert name in result.stdout
    assert "(0, 1)" in result.stdout and "[0, ∞)" in result.stdout


def test_list_json() -> None:
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["name"] for d in data] == names()
    leaky = next(d for d in data if d["name"] == "leaky_relu")
    assert leaky["kind"] == "elementwise" and "leakyrelu" in leaky["aliases"]
    assert leaky["parameters"][0]["name"] == "negative_slope" and leaky["parameters"][0]["default"] == 0.01
    assert next(d for d in data if d["name"] == "softmax")["kind"] == "vector"
    assert data[0]["output_range"] == {"min": 0, "max": 1, "min_inclusive": False, "max_inclusive": False}


def test_unknown_command_is_a_usage_error() -> None:
    result = invoke("frobnicate")
    assert result.exit_code == 2


def _installed_actcli() -> str:
    found = shutil.which("actcli", path=str(Path(sys.executable).parent)) or shutil.which("actcli")
    assert found, "the console script 'actcli' is not installed"
    return found


def test_installed_console_script_runs_in_a_subprocess() -> None:
    proc = subprocess.run([_installed_actcli(), "list", "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["name"] == "sigmoid"
    assert proc.stderr == ""


def test_python_dash_m_and_closed_pipe_end_quietly() -> None:
    """`actcli list | head -1` must not print a BrokenPipeError traceback."""
    cmd = f"{sys.executable} -m actcli list | head -1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "80"})
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
    status = subprocess.run(f"{cmd} >/dev/null; exit ${{PIPESTATUS[0]}}", shell=True, executable="/bin/bash",
                            capture_output=True, timeout=60)
    assert status.returncode == 0 and status.stderr == b"", status.stderr


def test_main_exits_through_normal_shutdown() -> None:
    """main() ends with sys.exit, so atexit handlers run (for success and for errors alike)."""
    code = (
        "import atexit, sys; atexit.register(lambda: sys.stderr.write('atexit ran\\n'));"
        "from actcli.cli import main; sys.argv = ['actcli'] + sys.argv[1:]; main()"
    )
    ok = subprocess.run([sys.executable, "-c", code, "list", "--json"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ok.stderr == "atexit ran\n", ok.stderr
    bad = subprocess.run([sys.executable, "-c", code, "derive", "rleu"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.splitlines()[-1] == "atexit ran", bad.stderr


def test_run_returns_the_exit_code_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    from actcli.cli import run

    assert run(["derive", "relu", "--order", "3"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: invalid value for '--order'") and err.count("\n") == 1
    assert run(["list", "--json"]) == 0 and json.loads(capsys.readouterr().out)[0]["name"] == "sigmoid"


def test_list_does_not_import_plotting_or_scipy() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from actcli.cli import app;"
        "r = CliRunner().invoke(app, ['list']); assert r.exit_code == 0;"
        "print(sorted(m for m in ('matplotlib', 'scipy', 'sympy') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_a_command_loads_only_its_own_module() -> None:
    """`actcli recommend` imports neither the other commands, nor numpy, nor the registry; the
    library facade it calls stays lazy."""
    code = (
        "import sys; from actcli.cli import run; code = run(['recommend', '--task', 'binary']);"
        "sys.stdout.flush(); sys.stderr.write(' '.join(sorted(m for m in sys.modules if m.startswith('actcli.cli.')"
        " or m in ('numpy', 'actcli.catalogue', 'matplotlib', 'sympy'))) + '\\n'); sys.exit(code)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.split() == ["actcli.cli.app", "actcli.cli.completion", "actcli.cli.recommend", "actcli.cli.translate"]


@pytest.mark.parametrize(("args", "shows"), [
    (["list"], "sigmoid ★"),
    (["derive", "relu"], "verified: max |analytic − numeric|"),
    (["derive", "tanh", "--order", "2", "--latex"], "verified: max |analytic − numeric|"),
])
def test_no_rich_console_in_a_pipe(args: list[str], shows: str) -> None:
    """In a pipe `actcli list` and `actcli derive NAME` write their lines themselves
    (tests/test_plain_table.py checks that they are the ones rich would write), and neither rich's
    console nor its table module is imported."""
    code = (
        f"import sys; from actcli.cli import run; code = run({args!r}); sys.stdout.flush();"
        "sys.stderr.write(' '.join(sorted(m for m in ('rich.console', 'rich.table') if m in sys.modules)) + '\\n');"
        "sys.exit(code)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "COLUMNS": "80"})
    assert proc.returncode == 0 and shows in proc.stdout, proc.stderr
    assert proc.stderr.split() == []


def test_a_drawing_command_skips_the_3d_toolkit_and_the_library_keeps_it(tmp_path: Path) -> None:
    """The CLI's own process does without mpl_toolkits.mplot3d (no figure is 3-D), silently; a
    library user's process still gets 3-D axes after actcli.plot."""
    code = (
        "import sys; from actcli.cli import run; code = run(['plot', 'relu', '-o', 'r.png'], own_process=True);"
        "sys.stdout.flush(); sys.stderr.write(str(sys.modules.get('mpl_toolkits.mplot3d')) + '\\n'); sys.exit(code)"
    )
    proc = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "r.png\n" and proc.stderr == "None\n", proc.stderr
    code = "import actcli; fig = actcli.plot(['relu']); fig.add_subplot(projection='3d'); print('3d ok')"
    proc = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert proc.stdout == "3d ok\n", proc.stderr


def test_a_drawing_command_skips_the_property_tables_and_the_library_keeps_them(tmp_path: Path) -> None:
    """In the CLI's own process matplotlib's artists' set() docstrings get one line instead of the
    property table (their signatures stay whole); the figure is byte for byte the one a library
    user's process draws, whose docstrings keep the table; a command that draws nothing imports
    no matplotlib for it."""
    code = (
        "import sys; from actcli.cli import run; code = run(['plot', 'relu', '-o', 'cli.png'], own_process=True);"
        "import inspect, matplotlib.lines as lines; from actcli.cli.app import PROPERTY_TABLE_SKIPPED;"
        "assert lines.Line2D.set.__doc__.endswith(PROPERTY_TABLE_SKIPPED), lines.Line2D.set.__doc__[-200:];"
        "assert 'linewidth' in inspect.signature(lines.Line2D.set).parameters; sys.exit(code)"
    )
    proc = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "cli.png\n", proc.stderr
    code = ("import actcli, matplotlib.lines as lines; from pathlib import Path; from actcli.present import figures;"
            "fig = actcli.plot(['relu']); figures.save(fig, Path('lib.png'), 'png', 150);"
            "assert 'linewidth: float' in lines.Line2D.set.__doc__; print('ok')")
    proc = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert proc.stdout == "ok\n", proc.stderr
    assert (tmp_path / "cli.png").read_bytes() == (tmp_path / "lib.png").read_bytes()
    code = ("import sys; from actcli.cli import run; code = run(['plot', 'no_such_activation', '-o', 'x.png'], "
            "own_process=True); sys.stderr.write(str('matplotlib' in sys.modules) + '\\n'); sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                          cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.endswith("False\n"), proc.stderr
    # the command line run inside a caller's process (a notebook) leaves matplotlib as it is
    code = ("import sys; from actcli.cli import run; assert run(['plot', 'relu', '-o', 'in.png']) == 0;"
            "import matplotlib.lines as lines, mpl_toolkits.mplot3d; assert 'linewidth: float' in lines.Line2D.set.__doc__;"
            "print('untouched')")
    proc = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert proc.stdout.endswith("untouched\n"), proc.stderr


def test_the_help_table_matches_every_command() -> None:
    """`actcli --help` reads its command lines from app.COMMANDS without importing the commands:
    each entry names the module that registers the command, with that very line, and the help
    lists the commands the fully built group has (names and lines alike)."""
    import typer

    from actcli.cli.app import COMMANDS, app

    for name, (module, line) in COMMANDS.items():
        importlib.import_module(f"actcli.cli.{module}")
        registered = [c for c in app.registered_commands
                      if (c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else "")) == name]
        assert len(registered) == 1 and registered[0].short_help == line, name
    built = {name: cmd.get_short_help_str() for name, cmd in
             typer.main.get_command(app).commands.items()}  # type: ignore[attr-defined]
    assert built == {name: line for name, (_, line) in COMMANDS.items()}
    shown = invoke("--help", env={"COLUMNS": "100"}).stdout
    listed = shown.split("Commands:\n", 1)[1].splitlines()
    assert [row.split(None, 1) for row in listed if row.strip()] == [[n, line] for n, (_, line) in COMMANDS.items()]


def test_command_names_complete_from_the_table() -> None:
    env = {"_ACTCLI_COMPLETE": "complete_bash", "COMP_WORDS": "actcli pr", "COMP_CWORD": "1"}
    result = invoke(env=env)
    assert result.exit_code == 0 and result.stdout.split() == ["precision"]


def test_readme_activation_table_is_in_sync() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        sync_readme = importlib.import_module("sync_readme")  # a script, not part of the typed package
    finally:
        sys.path.pop(0)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sync_readme.sync(text) == text, "README is out of date: run `make readme`"


def test_run_collects_less_often_and_puts_the_thresholds_back(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """While a command runs, the collector waits for START_UP_GC allocations (start-up builds
    long-lived objects only); afterwards the thresholds are what they were."""
    import gc

    import actcli.cli
    from actcli.cli import START_UP_GC, run

    seen: list[tuple[int, ...]] = []
    from actcli.cli.app import guard_streams as original

    def spy() -> None:
        seen.append(gc.get_threshold())
        original()

    before = gc.get_threshold()
    monkeypatch.setattr(actcli.cli, "guard_streams", spy)
    assert run(["--version"]) == 0
    assert seen == [(START_UP_GC, *before[1:])] and gc.get_threshold() == before
    assert capsys.readouterr().out == f"actcli {__version__}\n"
