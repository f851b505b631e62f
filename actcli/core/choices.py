"""One way to check a value against a fixed set of choices, with a did-you-mean for typos."""

from __future__ import annotations

import difflib

from actcli.errors import UsageError


def check_choice(name: str, value: str | None, valid: tuple[str, ...]) -> str | None:
    """``value`` normalised to one of ``valid`` (None passes through); a typo gets the closest."""
    if value is None:
        return None
    v = value.strip().lower()
    if v in valid:
        return v
    close = difflib.get_close_matches(v, valid, n=1, cutoff=0.5)
    mean = f"did you mean {close[0]!r}? " if close else ""
    raise UsageError(f"unknown {name} {value!r}", hint=f"{mean}valid: {', '.join(valid)}", option=name)
