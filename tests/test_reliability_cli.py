"""Reliability of the command line as a whole: parser errors, pipes, lost output, encodings,
matplotlib's environment, interrupts. Each case runs the installed console script in a subprocess
(as users run it) and asserts: no traceback, the documented exit code, one ``Error:`` line when
it fails, and nothing left behind. Subprocess timeouts are hang detectors only, never
performance assertions; memory is capped with RLIMIT_AS.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXE = shutil.which("actcli", path=str(Path(sys.executable).parent)) or "actcli"
HANG = 300  # seconds: only a hang gets near this
MEMORY_CAP = 3 * 2**30  # address space per command: far above any accepted request


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def actcli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, shell_tail: str = "",
           stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[bytes]:
    """Run the console script; ``shell_tail`` (``| head -1``, ``>&-``) goes through a shell."""
    full_env = {**os.environ, "COLUMNS": "80", **(env or {})}
    if shell_tail:
        import shlex

        line = " ".join(shlex.quote(a) for a in (EXE, *args)) + " " + shell_tail
        return subprocess.run(["bash", "-c", line], capture_output=True, env=full_env, cwd=cwd, timeout=HANG,
                              preexec_fn=_cap_memory, stdin=stdin)
    return subprocess.run([EXE, *args], capture_output=True, env=full_env, cwd=cwd, timeout=HANG,
                          preexec_fn=_cap_memory, stdin=stdin)


def assert_clean_failure(proc: subprocess.CompletedProcess[bytes], code: int, *needles: str) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == code, (proc.returncode, err)
    assert "Traceback" not in err and "Warning" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    for needle in needles:
        assert needle in err, err
    return err


# --- parser errors: one line, a hint, exit 2 -------------------------------------------------

@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["derive"], ["missing argument 'SPEC'", "actcli derive --help"]),
        (["derive", "relu", "--frobnicate"], ["no such option: --frobnicate"]),
        (["derive", "relu", "--order", "3"], ["--order", "3"]),
        (["derive", "relu", "--at", "abc"], ["--at", "'abc'"]),
        (["compare", "relu", "--frmat", "json"], ["--frmat", "possible options: --format"]),
        (["lst"], ["no such command 'lst'", "did you mean 'list'?"]),
        (["simulate", "relu", "--depth"], ["--depth"]),
        (["plot", "relu", "--range", "1"], ["--range"]),
    ],
)
def test_parser_errors_are_one_line_with_a_hint(args: list[str], needles: list[str]) -> None:
    err = assert_clean_failure(actcli(*args), 2, *needles)
    assert "Usage:" not in err and "Try " not in err
    assert err.rstrip().endswith(")")  # the hint, in parentheses


def test_bare_command_prints_help_and_succeeds() -> None:
    proc = actcli()
    assert proc.returncode == 0 and b"Usage: actcli" in proc.stdout and proc.stderr == b""


# --- pipes, closed and full stdout -------------------------------------------------------------

COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["derive", "relu"],
    ["derive", "softmax", "--json"],
    ["compare", "sigmoid", "tanh", "relu", "--no-timing", "--no-simulate"],
    ["compare", "relu", "gelu", "--format", "csv", "--no-timing", "--no-simulate"],
    ["recommend", "--task", "multiclass"],
    ["recommend", "--rules"],
    ["simulate", "relu", "tanh", "--depth", "4", "--width", "32", "--batch", "32"],
    ["simulate", "relu", "--depth", "3", "--width", "16", "--batch", "16", "--json"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_reader_closing_the_pipe_is_success(args: list[str]) -> None:
    proc = actcli(*args, shell_tail="| head -c 1 >/dev/null; exit ${PIPESTATUS[0]}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("where", [">&-", ">/dev/full"])
def test_closed_or_full_stdout_fails_quietly(args: list[str], where: str) -> None:
    assert_clean_failure(actcli(*args, shell_tail=where), 1, "standard output", "the output was lost")


def test_closed_stdout_cannot_capture_the_image(tmp_path: Path) -> None:
    """With descriptor 1 closed, the image must not land on it: /dev/null takes it over."""
    proc = actcli("plot", "relu", "--points", "50", "-o", "r.png", cwd=tmp_path, shell_tail=">&-")
    assert_clean_failure(proc, 1, "standard output is closed")
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.png"]


def test_closed_stderr_keeps_the_exit_code() -> None:
    proc = actcli("derive", "rleu", shell_tail="2>&-")
    assert proc.returncode == 2 and proc.stdout == b""


# --- encodings, NO_COLOR, narrow terminals ---------------------------------------------------

@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", [*COMMANDS, ["derive", "sigmoid", "--order", "2"], ["derive", "selu", "--latex"],
                                  ["derive", "rleu"], ["recommend", "--explain", "hidden-relu-default"],
                                  ["--help"], ["derive", "--help"], ["plot", "--help"]],
                         ids=lambda a: " ".join(a))
def test_narrow_encodings_get_ascii_stand_ins(encoding: str, args: list[str]) -> None:
    proc = actcli(*args, env={"PYTHONIOENCODING": encoding})
    err = proc.stderr.decode(encoding)
    assert "Traceback" not in err
    assert proc.returncode == (2 if args == ["derive", "rleu"] else 0), err
    text = proc.stdout.decode(encoding)  # every byte is in the encoding
    assert "?" * 3 not in text


def test_ascii_stand_ins_read_right() -> None:
    out = actcli("derive", "sigmoid", env={"PYTHONIOENCODING": "ascii"}).stdout.decode("ascii")
    assert "sigma(x) = 1 / (1 + e^-x)" in out and "f'" in out and "f' range: (0, 0.25]" in out
    assert "sigma'(x)" in out
    for args in (["list"], ["compare", "sigmoid", "relu", "--no-timing", "--no-simulate"], ["derive", "relu"]):
        table = [line for line in actcli(*args, env={"PYTHONIOENCODING": "ascii"}).stdout.decode("ascii").splitlines()
                 if " | " in line or "-+-" in line]
        # stand-ins laid out, not patched: every row's column separators stand where the rule's do
        rule = next(line for line in table if "-+-" in line)
        seps = [i for i, ch in enumerate(rule) if ch == "+"]
        rows = [line for line in table if "-+-" not in line]
        assert rows and all(len(row) > seps[-1] and all(row[i] == "|" for i in seps) for row in rows), table
    helped = actcli("derive", "--help", env={"PYTHONIOENCODING": "ascii"}).stdout.decode("ascii")
    assert "1 for f', 2 for f''." in helped
    latin = actcli("list", env={"PYTHONIOENCODING": "latin-1"}).stdout.decode("latin-1")
    assert "[0, inf)" in latin and "(-inf, inf)" in latin


def test_transliteration_table() -> None:
    from actcli.present.plain import transliterate

    assert transliterate("x² − σ(x)·∞ ≤ x⁻¹") == "x^2 - sigma(x)*inf <= x^-1"
    assert transliterate("x² − ½", "latin-1") == "x² - ½"  # what latin-1 can show stays
    assert transliterate("ŷ ⊙ ℝ ∂") == "y (.) R d"


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_no_color_and_40_columns(args: list[str]) -> None:
    proc = actcli(*args, env={"NO_COLOR": "1", "COLUMNS": "40", "TERM": "xterm-256color"})
    assert proc.returncode == 0 and proc.stderr == b""
    assert b"\x1b[" not in proc.stdout


# --- matplotlib's environment ------------------------------------------------------------------

def _matplotlib_dirs() -> set[str]:
    import tempfile

    root = Path(tempfile.gettempdir())
    return {p.name for p in root.glob("matplotlib-*")} | {p.name for p in root.glob("actcli-mpl-*")}


@pytest.mark.parametrize("config", ["/proc/actcli-no-such-dir", "/dev/null/sub"])
def test_unusable_mplconfigdir_warns_nothing_and_leaves_nothing(tmp_path: Path, config: str) -> None:
    before = _matplotlib_dirs()
    proc = actcli("plot", "relu", "--points", "50", "-o", "r.png", cwd=tmp_path, env={"MPLCONFIGDIR": config})
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    assert (tmp_path / "r.png").exists()
    assert _matplotlib_dirs() <= before


def test_invalid_mplbackend_does_not_stop_a_file(tmp_path: Path) -> None:
    proc = actcli("plot", "relu", "--points", "50", "-o", "r.svg", cwd=tmp_path, env={"MPLBACKEND": "nonexistent"})
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    proc = actcli("plot", "relu", "--show", env={"MPLBACKEND": "nonexistent", "DISPLAY": ":0"})
    assert_clean_failure(proc, 1, "MPLBACKEND='nonexistent'", "-o FILE")


@pytest.mark.parametrize("display", [None, ":97", "nonsense"])
def test_show_without_a_usable_display_fails_with_a_hint(tmp_path: Path, display: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND")}
    if display is not None:
        env["DISPLAY"] = display
    proc = subprocess.run([EXE, "plot", "relu", "--show"], capture_output=True, env=env, cwd=tmp_path, timeout=HANG)
    assert_clean_failure(proc, 1, "-o FILE")
    assert list(tmp_path.iterdir()) == []


# --- warnings never escape -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["derive", "softplus", "--at", "1.79e308"], 0),
        (["derive", "softplus", "--at", "-1.79e308", "--order", "2"], 0),
        (["compare", "softplus:beta=1e-300", "--no-timing"], 0),
        (["compare", "elu:alpha=1e300", "--no-timing", "--no-simulate"], 0),
        (["plot", "elu:alpha=1.79e308", "-o", "e.png"], 2),
        (["compare", "elu:alpha=1.79e308", "--no-timing", "--no-simulate", "--plot", "e.png"], 2),
        (["recommend", "--task", "binary", "--current", "selu", "--depth", "1300"], 0),
        (["recommend", "--task", "binary", "--current", "sigmoid", "--depth", "10000"], 0),
    ],
)
def test_extreme_parameters_raise_no_warning(tmp_path: Path, args: list[str], code: int) -> None:
    proc = actcli(*args, cwd=tmp_path, env={"PYTHONWARNINGS": "error"})
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert "Traceback" not in err and "Warning" not in err
    if code:
        assert_clean_failure(proc, code, "too large to draw")
        assert list(tmp_path.iterdir()) == []


def test_recommend_deep_selu_reports_an_overflowing_bound() -> None:
    out = actcli("recommend", "--task", "binary", "--current", "selu", "--depth", "1300").stdout.decode()
    assert "1.758^1300" in out.replace("\n", " ").replace("  ", " ")


# --- interrupts --------------------------------------------------------------------------------

INTERRUPT_DURING_IMPORT = """
import os, signal, sys
MODULE = sys.argv[1]
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == MODULE:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, delivered inside this import
        return None
sys.meta_path.insert(0, Interrupt())
sys.argv = ["actcli", "compare", "relu", "tanh", "--no-timing"]
from actcli.cli import main
main()
"""


@pytest.mark.parametrize("module", ["typer", "rich", "actcli.cli.app", "actcli.cli.compare", "numpy", "actcli.catalogue",
                                    "actcli.analysis.profile"])
def test_ctrl_c_while_starting_up_is_quiet(module: str) -> None:
    """SIGINT while actcli's modules load (the first 0.2 s of a command), deterministically: the
    signal is sent from inside the import of ``module``. (Ctrl-C while the interpreter itself is
    still starting, before actcli's first line, is Python's own business.)"""
    proc = subprocess.run([sys.executable, "-c", INTERRUPT_DURING_IMPORT, module], capture_output=True,
                          timeout=HANG)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == b"" and proc.stdout == b"", proc.stderr


def test_sigterm_during_a_command_is_quiet_and_conventional() -> None:
    proc = subprocess.Popen([EXE, "compare", "relu", "tanh", "gelu", "mish"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=HANG)
    assert proc.returncode in (128 + signal.SIGTERM, -signal.SIGTERM, 0), err
    assert b"Traceback" not in err, err
