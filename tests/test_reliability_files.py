"""The file-writing policy (actcli/present/files.py, README "Errors, exit codes and files"):
every output path either gets a whole file or one ``Error:`` line and nothing at all — no
``.part`` file, no changed target — including when SIGTERM, SIGHUP or SIGINT arrives mid-write.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from actcli.errors import OutputError, UsageError
from actcli.present.files import Signalled, atomic_write, check_output_path
from tests.test_reliability_cli import EXE, HANG, actcli, assert_clean_failure


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def plot_to(target: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return actcli("plot", "relu", "--points", "50", "-o", target, cwd=cwd)


# --- what a path may be ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "code", "needle"),
    [
        ("", 2, "empty"),
        ("x.gif", 2, "'.gif' is not one"),
        ("noext", 2, "no extension"),
        ("missing/x.png", 1, "does not exist"),
        (".", 1, "is a directory"),
        ("a" * 252 + ".png", 1, "256 bytes"),
        ("/".join(["d" * 200] * 25) + "/x.png", 1, "bytes long"),
        ("~nosuchuser-actcli/x.png", 1, "no user 'nosuchuser-actcli'"),
        ("/dev/stdout", 1, "regular file"),
        ("/dev/null", 1, "regular file"),
        ("/proc/self/fd/1", 1, "regular file"),
    ],
)
def test_refused_paths_leave_nothing(tmp_path: Path, target: str, code: int, needle: str) -> None:
    assert_clean_failure(plot_to(target, tmp_path), code, needle)
    assert listing(tmp_path) == []


def test_longest_names_work(tmp_path: Path) -> None:
    """A 255-byte name is fine: the temporary name beside it is shortened to fit."""
    name = "b" * 251 + ".png"
    proc = plot_to(name, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert listing(tmp_path) == [name]


def test_fifo_is_refused_not_replaced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.png")
    assert_clean_failure(plot_to("f.png", tmp_path), 1, "not a regular file")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "f.png").st_mode) and listing(tmp_path) == ["f.png"]


def test_symlinks_are_followed_and_kept(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.png").write_bytes(b"old")
    (tmp_path / "link.png").symlink_to(tmp_path / "real" / "r.png")
    (tmp_path / "dangling.png").symlink_to(tmp_path / "real" / "new.png")
    assert plot_to("link.png", tmp_path).returncode == 0
    assert plot_to("dangling.png", tmp_path).returncode == 0
    assert (tmp_path / "link.png").is_symlink() and (tmp_path / "dangling.png").is_symlink()
    assert (tmp_path / "real" / "r.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "real" / "new.png").read_bytes()[:4] == b"\x89PNG"
    assert listing(tmp_path / "real") == ["new.png", "r.png"]


def test_symlink_to_a_directory_or_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d.png").symlink_to(tmp_path)
    (tmp_path / "null.png").symlink_to("/dev/null")
    assert_clean_failure(plot_to("d.png", tmp_path), 1, "is a directory")
    assert_clean_failure(plot_to("null.png", tmp_path), 1, "regular file")
    assert listing(tmp_path) == ["d.png", "null.png"]


def test_existing_file_keeps_its_mode_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.png"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    assert plot_to("kept.png", tmp_path).returncode == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes()[:4] == b"\x89PNG"
    mask = os.umask(0)
    os.umask(mask)
    assert plot_to("new.png", tmp_path).returncode == 0
    assert stat.S_IMODE((tmp_path / "new.png").stat().st_mode) == 0o666 & ~mask


def _chattr(flag: str, path: Path) -> bool:
    try:
        return subprocess.run(["chattr", flag, str(path)], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.fixture
def append_only(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "log"
    d.mkdir()
    if not _chattr("+a", d):
        pytest.skip("cannot set the append-only attribute here (needs CAP_LINUX_IMMUTABLE and ext4/xfs/btrfs)")
    try:
        yield d
    finally:
        _chattr("-a", d)


def test_append_only_directory_is_refused_before_writing(append_only: Path) -> None:
    assert_clean_failure(plot_to(str(append_only / "x.png"), append_only.parent), 1, "append-only")
    assert listing(append_only) == []


def test_unwritable_directory_and_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert_clean_failure(plot_to(str(locked / "x.png"), tmp_path), 1, "permission denied")
    ro = tmp_path / "ro.png"
    ro.write_bytes(b"old")
    ro.chmod(0o444)
    assert_clean_failure(plot_to("ro.png", tmp_path), 1, "permission denied")
    assert ro.read_bytes() == b"old"


def test_library_checks_match_the_cli(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        check_output_path(tmp_path / "x.bmp")
    with pytest.raises(OutputError):
        check_output_path(tmp_path / "no" / "x.png")
    assert check_output_path(tmp_path / "x.PNG") == (tmp_path / "x.PNG", "png")


# --- interrupted writes --------------------------------------------------------------------------

def test_error_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.png"
    target.write_bytes(b"old")

    def boom(fh: object) -> None:
        fh.write(b"half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        atomic_write(target, boom)
    assert target.read_bytes() == b"old" and listing(tmp_path) == ["keep.png"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_mid_write_removes_the_temporary_file(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "keep.png"
    target.write_bytes(b"old")

    def killed(fh: object) -> None:
        fh.write(b"half")  # type: ignore[attr-defined]
        os.kill(os.getpid(), signum)
        time.sleep(5)  # the handler interrupts this

    with pytest.raises(Signalled) as caught:
        atomic_write(target, killed)
    assert caught.value.exit_code == 128 + signum
    assert target.read_bytes() == b"old" and listing(tmp_path) == ["keep.png"]
    assert signal.getsignal(signum) is signal.SIG_DFL  # restored


SLOW_SAVE = (
    "import os, sys, time\n"
    "from pathlib import Path\n"
    "from actcli.present.files import atomic_write\n"
    "def slow(fh):\n"
    "    fh.write(b'x' * 1000); fh.flush()\n"
    "    sys.stdout.write('writing\\n'); sys.stdout.flush()\n"
    "    time.sleep(60)\n"
    "atomic_write(Path(sys.argv[1]), slow)\n"
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_real_signal_to_a_writing_process(tmp_path: Path, signum: int) -> None:
    """A real signal while the temporary file exists: it is removed, the exit is conventional."""
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, str(tmp_path / "x.png")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"writing\n"  # the .part file exists now
    assert any(n.endswith(".part") for n in listing(tmp_path))
    proc.send_signal(signum)
    proc.communicate(timeout=HANG)
    assert listing(tmp_path) == []
    assert proc.returncode != 0


@pytest.mark.parametrize("seed", range(6))
def test_sigterm_at_random_moments_of_a_plot(tmp_path: Path, seed: int) -> None:
    """SIGTERM at any moment of a real plot: a whole file or none, never a .part."""
    import random

    delay = random.Random(seed).uniform(0.3, 2.5)
    proc = subprocess.Popen([EXE, "plot", "relu", "sigmoid", "tanh", "--points", "200000", "-o", "p.svg"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=HANG)
    assert b"Traceback" not in err, err
    names = listing(tmp_path)
    assert not any(n.endswith(".part") for n in names), names
    if proc.returncode == 0:
        assert names == ["p.svg"]
    else:
        assert proc.returncode in (128 + signal.SIGTERM, -signal.SIGTERM)
        assert names in ([], ["p.svg"])  # p.svg only if the rename came before the signal
