"""The errors actcli raises on purpose.

Every expected failure is an :class:`ActcliError`. The CLI prints ``Error: <message>`` (and the
hint, if any) on stderr and exits with :attr:`ActcliError.exit_code`; it never shows a traceback
for these. Anything else is a bug and is allowed to surface.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_USAGE = 2


class ActcliError(Exception):
    """Base class: a message for the user and an optional hint on what to do instead."""

    exit_code = EXIT_RUNTIME

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

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
