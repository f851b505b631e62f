"""The errors actcli raises on purpose (a leaf: it imports nothing from actcli).

Every expected failure is an :class:`ActcliError` with a message in the library's own terms
(``order must be 1 or 2``, never a command-line flag), an optional hint, a stable ``code`` and the
``args`` it was raised with, so that a front end can reword or translate it. The CLI prints
``Error: <message> (<hint>)`` on stderr and exits with :attr:`ActcliError.exit_code`; it never
shows a traceback for these. Anything else is a bug and is allowed to surface.

Messages are plain ASCII (``-inf``, ``[0, 1)``), so they print on any terminal encoding.
"""

from __future__ import annotations

import math
from typing import Any

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_USAGE = 2


class ActcliError(Exception):
    """Base class: a message for the user and an optional hint on what to do instead."""

    exit_code = EXIT_RUNTIME

    def __init__(self, message: str, hint: str | None = None, *, code: str = "", **args: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code or type(self).__name__
        self.args_ = args

    @property
    def option(self) -> str | None:
        """The argument of the library call that was wrong (``order``, ``range``), if one was."""
        value = self.args_.get("option")
        return str(value) if value is not None else None

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class UsageError(ActcliError, ValueError):
    """The request itself is wrong (a name, a parameter, a range): exit code 2."""

    exit_code = EXIT_USAGE


class UnknownActivationError(UsageError, KeyError):
    """No activation is registered under that name."""

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return ActcliError.__str__(self)


class ParameterError(UsageError):
    """A parameter is unknown, malformed or outside its valid range."""


class NotElementwiseError(UsageError):
    """An elementwise operation was asked of a vector activation (or the reverse)."""


class OutputError(ActcliError):
    """A result could not be written where it was asked to go: exit code 1."""


def num(v: float) -> str:
    """A number inside an error message: ASCII, shortest round-trip form (``0.01``, ``-inf``)."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}"


def interval(lo: float, hi: float, lo_closed: bool, hi_closed: bool) -> str:
    """``[0, 1)`` for an error message."""
    return f"{'[' if lo_closed else '('}{num(lo)}, {num(hi)}{']' if hi_closed else ')'}"
