"""Writing result files safely: the path is checked first, and the file appears whole or not at all.

A temporary file is created next to the target and renamed over it only after the writer has
finished, so an interrupted or failed save never leaves a half-written file or a stray temp file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from actcli.errors import OutputError, UsageError

IMAGE_FORMATS = ("png", "svg", "pdf")


def check_output_path(raw: str | os.PathLike[str], formats: tuple[str, ...] = IMAGE_FORMATS) -> tuple[Path, str]:
    """Validate where a file will go; return the path and its format (from the extension)."""
    path = Path(raw).expanduser()
    if str(raw).strip() == "":
        raise UsageError("the output path is empty", hint="e.g. -o relu.png")
    if path.is_dir():
        raise UsageError(f"{str(path)!r} is a directory, not a file", hint=f"e.g. -o {path / 'plot.png'}")
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in formats:
        shown = f"'.{fmt}'" if fmt else "no extension"
        raise UsageError(
            f"cannot write {shown}: the format comes from the extension",
            hint="use one of " + ", ".join("." + f for f in formats),
        )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise UsageError(f"directory {str(parent)!r} does not exist", hint="create it first or pick another path")
    if not parent.is_dir():
        raise UsageError(f"{str(parent)!r} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {str(parent)!r}: permission denied")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"cannot overwrite {str(path)!r}: permission denied")
    return path, fmt


def atomic_write(path: Path, writer: Callable[[BinaryIO], None]) -> Path:
    """Call ``writer`` on a temporary file beside ``path``, then rename it into place."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=parent)
    except OSError as err:
        raise OutputError(f"cannot write in {str(parent)!r}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            writer(fh)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as if created normally, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, OSError):
            raise OutputError(f"cannot write {str(path)!r}: {err.strerror or err}") from None
        raise
    return path
