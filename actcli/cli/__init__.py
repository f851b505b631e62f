"""The ``actcli`` command line: parse, call the library, hand the result to the presentation
layer, translate errors. One module per command; no maths here.

Each command imports what it needs inside its body, so that ``actcli recommend`` never pays for
numpy or matplotlib. Results go to stdout; errors go to stderr as one ``Error: …`` line with exit
code 2 (usage) or 1 (runtime).
"""

from __future__ import annotations

import os
import sys

from actcli.cli import compare, derive, export, listing, plot, precision, recommend, simulate, train  # noqa: F401  (registers the commands)
from actcli.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point.

    A closed pipe (``actcli list | head``) ends quietly; the exit runs the interpreter's normal
    shutdown (atexit handlers included).
    """
    code = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            sys.stderr.write(f"{exc.code}\n")
    except BrokenPipeError:
        _silence_stdout()
        code = 1
    except KeyboardInterrupt:  # Typer turns Ctrl-C into exit 130 itself; this covers start-up
        code = 130
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
