"""Writing result files safely: the path is checked first, and the file appears whole or not at all.

The policy (the README's "Errors, exit codes and files" section states it for users):

- The format comes from the extension; an empty path or an unknown extension is a usage error
  (exit 2). Everything the file system decides — a missing or unwritable directory, a name the file
  system cannot hold (over 255 bytes a name, 4096 a path), an unknown ``~user`` — is a runtime
  failure (exit 1), found before any work starts.
- Symbolic links are followed: ``-o link.png`` replaces the file the link points to and keeps the
  link. A dangling link creates its target.
- Only regular files are written: a directory, FIFO, device or socket at the target (after
  following links), and any path under ``/dev`` or ``/proc`` (``-o /dev/stdout``), is refused.
  An image is never written to a terminal or a pipe; write a file and pass its name on.
- An existing file keeps its permission bits; a new one gets ``0666`` less the umask.
- The file is written to a temporary ``.NAME.XXXXXXXX.part`` beside the target and renamed over it
  only when complete. On any error, on Ctrl-C, and on SIGTERM or SIGHUP the temporary file is
  removed; the signal then ends the program with 128 + its number (:class:`Signalled`).
- A directory that allows no removal (append-only or immutable, ``chattr +a``/``+i``) is refused
  before anything is created in it, since a temporary file could not be cleaned up there.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from actcli.errors import OutputError, UsageError
from actcli.i18n import _

IMAGE_FORMATS = ("png", "svg", "pdf")
NAME_MAX = 255  # bytes in one file name (ext4, xfs, btrfs, tmpfs, APFS …)
PATH_MAX = 4096  # bytes in a whole path (Linux)
SPECIAL_ROOTS = ("/dev/", "/proc/")
_TEMP_EXTRA = len(".") + 8 + len(".") + len(".part")  # what mkstemp adds around the name
#: signals whose default action would end the process without removing the temporary file
CLEANUP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Signalled(BaseException):
    """A termination signal arrived while a file was being written; the temporary file is gone.

    Like :class:`KeyboardInterrupt`, it is not an error of the request: the CLI exits with
    :attr:`exit_code` (128 + the signal number) and prints nothing."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


def check_output_path(raw: str | os.PathLike[str], formats: tuple[str, ...] = IMAGE_FORMATS) -> tuple[Path, str]:
    """Validate where a file will go; return the path and its format (from the extension)."""
    text = os.fspath(raw)
    if text.strip() == "":
        raise UsageError(_("the output path is empty"), hint=_("e.g. -o relu.png"))
    expanded = os.path.expanduser(text)
    if expanded.startswith("~"):
        user = expanded[1:].split(os.sep, 1)[0]
        raise OutputError(_("cannot write {path}: there is no user {user} for {home}").format(
            path=repr(text), user=repr(user), home=f"'~{user}'"), hint=_("write the directory out in full"))
    path = Path(expanded)
    shown = _short(expanded)
    _check_lengths(expanded, shown)
    absolute = os.path.abspath(expanded)
    if absolute.startswith(SPECIAL_ROOTS) or os.path.realpath(absolute).startswith(SPECIAL_ROOTS):
        raise OutputError(_("cannot write to {path}: -o takes a regular file, not a device or stream").format(
            path=shown), hint=_("write a file (e.g. -o relu.png) and pass its name on"))
    if os.path.isdir(expanded):
        raise OutputError(_("{path} is a directory, not a file").format(path=shown),
                          hint=_("e.g. -o {example}").format(example=path / ("plot." + formats[0])))
    fmt = os.path.splitext(expanded)[1].lower().lstrip(".")
    if fmt not in formats:
        raise UsageError(
            (_("cannot tell the format of {path}: {extension} is not one").format(path=shown, extension=f"'.{fmt}'")
             if fmt else _("cannot tell the format of {path}: it has no extension").format(path=shown)),
            hint=_("the format comes from the extension: {formats}").format(formats=", ".join("." + f for f in formats)),
        )
    target = Path(os.path.realpath(expanded))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise OutputError(_("cannot write {path}: {reason}").format(path=shown, reason=err.strerror or err)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(_("{path} is a directory, not a file").format(path=shown),
                          hint=_("e.g. -o {example}").format(example=path / ("plot." + fmt)))
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(_("cannot write to {path}: it is not a regular file (a FIFO, device or socket)").format(
            path=shown), hint=_("write a file (e.g. -o relu.png) and pass its name on"))
    parent = target.parent
    folder = _short(str(path.parent))
    if not parent.exists():
        raise OutputError(_("directory {path} does not exist").format(path=folder),
                          hint=_("create it first or pick another path"))
    if not parent.is_dir():
        raise OutputError(_("{path} is not a directory").format(path=folder))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(_("cannot write in {path}: permission denied").format(path=folder))
    if _no_removal(parent):
        raise OutputError(_("cannot write in {path}: the directory is append-only or immutable").format(path=folder),
                          hint=_("a temporary file could not be removed there; pick another directory"))
    if st is not None and not os.access(target, os.W_OK):
        raise OutputError(_("cannot overwrite {path}: permission denied").format(path=shown))
    return path, fmt


def _short(text: str) -> str:
    """A path for a one-line message: quoted, and shortened in the middle when very long."""
    return repr(text) if len(text) <= 100 else repr(text[:48] + "..." + text[-48:])


def _check_lengths(path: str, shown: str) -> None:
    encoded = os.fsencode(path)
    if len(os.fsencode(os.path.abspath(path))) >= PATH_MAX:
        raise OutputError(_("cannot write {path}: the path is {n} bytes long").format(path=shown, n=f"{len(encoded):,}"),
                          hint=_("paths must stay under {n} bytes").format(n=PATH_MAX))
    for part in encoded.split(b"/"):
        if len(part) > NAME_MAX:
            raise OutputError(_("cannot write {path}: a file name is {n} bytes long").format(path=shown, n=len(part)),
                              hint=_("names must stay within {n} bytes").format(n=NAME_MAX))


def _no_removal(directory: Path) -> bool:
    """The directory is append-only or immutable (Linux file attributes), so files created in it
    could not be removed again."""
    try:
        import array
        import fcntl
    except ImportError:  # not on this platform
        return False
    fs_ioc_getflags, append_fl, immutable_fl = 0x80086601, 0x20, 0x10
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return False
    try:
        flags = array.array("l", [0])
        fcntl.ioctl(fd, fs_ioc_getflags, flags, True)
    except OSError:  # the file system has no such attributes
        return False
    finally:
        os.close(fd)
    return bool(flags[0] & (append_fl | immutable_fl))


def atomic_write(path: Path, writer: Callable[[BinaryIO], None]) -> Path:
    """Call ``writer`` on a temporary file beside the file ``path`` names (after following
    symbolic links), then rename it into place; remove it on any error or termination signal."""
    import tempfile

    target = Path(os.path.realpath(path))
    parent = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask  # as if created normally, not mkstemp's 0600
    stem = os.fsencode(target.name)[: NAME_MAX - _TEMP_EXTRA]
    prefix = "." + os.fsdecode(stem).rstrip("\udcff") + "."
    tmp: str | None = None
    with signals_raise():
        try:
            fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=parent)
            with os.fdopen(fd, "wb") as fh:
                writer(fh)
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            tmp = None
        except BaseException as err:
            left = _remove(tmp)
            if isinstance(err, OSError):
                reason = str(err.strerror or err)
                if left:
                    reason = _("{reason}; the temporary file {file} could not be removed").format(
                        reason=reason, file=repr(left))
                text = (_("cannot write {path}: {reason}") if tmp is not None else
                        _("cannot write in {path}: {reason}"))
                raise OutputError(text.format(path=repr(str(path if tmp is not None else parent)),
                                              reason=reason)) from None
            raise
    return path


def _remove(tmp: str | None) -> str | None:
    """Remove the temporary file; return its name if that failed."""
    if tmp is None:
        return None
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    except OSError:
        return tmp
    return None


#: the signals :func:`signals_raise` turned into :class:`Signalled`: a C extension being imported
#: when one arrives reports it as its own ImportError, and the CLI must still know why it stopped
RECEIVED: list[int] = []


@contextmanager
def signals_raise() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise :class:`Signalled` (so that cleanup code runs) instead
    of ending the process on the spot. Only signals left at their default action are taken over,
    and only on the main thread (the only one Python delivers signals to)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        RECEIVED.append(signum)
        raise Signalled(signum)

    for signum in CLEANUP_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)  # type: ignore[arg-type]
