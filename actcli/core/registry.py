"""An ordered registry of activation records: names, aliases, did-you-mean, specs and binding.

A spec is ``NAME[:key=value[,key=value...]]``, e.g. ``leaky_relu:negative_slope=0.2``. Names are
matched after normalisation (case, ``-``, ``_`` and spaces ignored), so ``LeakyReLU``,
``leaky-relu`` and ``leaky relu`` are one name. An unknown name lists close matches.
The registry knows nothing of expressions: :mod:`actcli.api` tries an expression when a name fails.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from actcli.core.activation import Activation
from actcli.core.record import Param, ParamValue, Record
from actcli.errors import ParameterError, UnknownActivationError, interval, num


def normalise(name: str) -> str:
    """``"Leaky-ReLU"`` → ``"leakyrelu"``: what two spellings must share to be one name."""
    return "".join(ch for ch in name.lower() if ch not in "-_ \t")


def valid_text(param: Param) -> str:
    """What a parameter accepts, for an error message: ``none | tanh`` or ``[0, 1]``."""
    if param.choices:
        return " | ".join(param.choices)
    return interval(param.lo, param.hi, param.lo_closed, param.hi_closed)


class Registry:
    """Records in display order, found by any spelling of their name or an alias.

    A record may also be registered by its name and aliases alone, with a loader that returns it
    on first use (:meth:`register_lazy`): the shipped catalogue imports a family's module only when
    one of its records is asked for. ``complete``, when given, is called once, the first time the
    registry is asked about a name it does not know or about all of its records: it may register
    more (the plugins), so that a name found without it is never affected by it."""

    def __init__(self, records: Iterable[Record] = (), complete: Callable[[Registry], None] | None = None) -> None:
        self._order: list[str] = []  # canonical names, in display order
        self._entries: dict[str, Record | Callable[[], Record]] = {}  # canonical name → record or loader
        self._index: dict[str, str] = {}  # normalised spelling → canonical name
        self._complete = complete
        for record in records:
            self.register(record)

    def register(self, record: Record) -> None:
        """Add a record; a name or alias that another record already uses is refused."""
        self._add(record.name, record.aliases, record)

    def register_lazy(self, name: str, aliases: tuple[str, ...], load: Callable[[], Record]) -> None:
        """Add a record known by ``name`` and ``aliases`` now and built by ``load()`` on first use;
        the record it returns must carry that name and those aliases."""
        self._add(name, aliases, load)

    def _add(self, name: str, aliases: tuple[str, ...], entry: Record | Callable[[], Record]) -> None:
        keys = [normalise(s) for s in (name, *aliases)]
        for spelling, key in zip((name, *aliases), keys):
            other = self._index.get(key)
            if other is not None and self._entries[other] is not entry:
                raise ValueError(f"alias collision: {spelling!r} names both {other!r} and {name!r}")
        for key in keys:
            self._index[key] = name
        self._entries[name] = entry
        self._order.append(name)

    def _record(self, name: str) -> Record:
        entry = self._entries[name]
        if isinstance(entry, Record):
            return entry
        record = entry()
        if record.name != name:
            raise RuntimeError(f"the index of the registry is out of date: {name!r} loaded {record.name!r}")
        self._entries[name] = record
        return record

    def _completed(self) -> None:
        """Run ``complete`` once (it may look names up itself: it is cleared first)."""
        complete, self._complete = self._complete, None
        if complete is not None:
            complete(self)

    def records(self) -> tuple[Record, ...]:
        self._completed()
        return tuple(self._record(name) for name in self._order)

    def names(self) -> list[str]:
        """Canonical names of every registered activation, in display order."""
        self._completed()
        return list(self._order)

    def position(self, name: str) -> int | None:
        """Where the activation whose canonical name is ``name`` stands in display order, or None."""
        if name not in self._entries:
            self._completed()
        return self._order.index(name) if name in self._entries else None

    def __contains__(self, name: str) -> bool:
        key = normalise(name)
        if key not in self._index:
            self._completed()
        return key in self._index

    def lookup(self, name: str) -> Record:
        """The record registered under ``name`` (or an alias); raises with close matches."""
        key = normalise(name)
        if key not in self._index:
            self._completed()
        canonical = self._index.get(key)
        if canonical is None:
            raise UnknownActivationError(
                f"unknown activation {name.strip()!r}", hint=self._suggest(name), code="unknown_activation",
                name=name.strip(),
            )
        return self._record(canonical)

    def _suggest(self, name: str) -> str:
        import difflib

        close = difflib.get_close_matches(normalise(name), list(self._index), n=3, cutoff=0.6)
        seen: list[str] = []
        for k in close:
            canonical = self._index[k]
            if canonical not in seen:
                seen.append(canonical)
        where = "run 'actcli list' for all names"
        if seen:
            return "did you mean " + " or ".join(repr(s) for s in seen) + "? " + where
        return where

    def parse_spec(self, spec: str) -> tuple[Record, dict[str, ParamValue]]:
        """``"leaky_relu:negative_slope=0.2"`` → (record, {"negative_slope": 0.2}), validated."""
        text = spec.strip()
        if not text:
            raise UnknownActivationError("empty activation name", hint="run 'actcli list' for all names")
        name, sep, rest = text.partition(":")
        record = self.lookup(name)
        overrides: dict[str, ParamValue] = {}
        if sep:
            if not rest.strip():
                raise ParameterError(f"{spec!r}: nothing after ':'", hint="write NAME:key=value; " + _valid_keys(record))
            known = {p.name: p for p in record.params}
            for item in rest.split(","):
                key, eq, raw = item.partition("=")
                key = key.strip()
                if not eq or not key or not raw.strip():
                    raise ParameterError(f"{spec!r}: {item.strip()!r} is not key=value", hint=_valid_keys(record))
                if key in overrides:
                    raise ParameterError(f"{spec!r}: {key!r} is given twice")
                param = known.get(key)
                if param is None:
                    raise ParameterError(f"{record.name} has no parameter {key!r}", hint=_valid_keys(record))
                overrides[key] = _parse_value(param, raw, record)
        return record, overrides


def _valid_keys(record: Record) -> str:
    if not record.params:
        return f"{record.name} takes no parameters"
    return "valid: " + ", ".join(f"{p.name} in {valid_text(p)} (default {p.default})" for p in record.params)


def _parse_value(param: Param, raw: str, record: Record) -> ParamValue:
    text = raw.strip()
    if param.choices:
        if text not in param.choices:
            raise ParameterError(f"{record.name}: {param.name} must be one of {valid_text(param)}, not {text!r}")
        return text
    try:
        value = float(text)
    except ValueError:
        raise ParameterError(
            f"{record.name}: {param.name} must be a number, not {text!r}", hint=f"valid: {valid_text(param)}"
        ) from None
    return value


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_value(param: Param, value: Any, record: Record) -> ParamValue:
    if param.choices:
        if value not in param.choices:
            raise ParameterError(f"{record.name}: {param.name} must be one of {valid_text(param)}, not {_brief(value)}")
        return str(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ParameterError(f"{record.name}: {param.name} must be a number, not {_brief(value)}",
                             hint=f"valid: {valid_text(param)}")
    try:
        v = float(value)  # numpy scalars (np.float32, np.int64) and Fractions too
    except (OverflowError, ValueError, TypeError):  # an int of 400 digits
        raise ParameterError(
            f"{record.name}: {param.name} = {_brief(value)} is outside its valid range {valid_text(param)}"
        ) from None
    if not math.isfinite(v) and v != param.default:  # an infinite default (softplus's threshold) may be restated
        raise ParameterError(
            f"{record.name}: {param.name} must be finite, not {num(v)}", hint=f"valid: {valid_text(param)}"
        )
    if not param.interval().contains(v):
        raise ParameterError(f"{record.name}: {param.name} = {num(v)} is outside its valid range {valid_text(param)}")
    return v


def bind(record: Record, overrides: Mapping[str, Any]) -> Activation:
    """Check ``overrides`` against the record's parameters and return the bound activation."""
    known = {p.name: p for p in record.params}
    params: dict[str, ParamValue] = dict(record.defaults())
    for key, value in overrides.items():
        param = known.get(key)
        if param is None:
            raise ParameterError(f"{record.name} has no parameter {key!r}", hint=_valid_keys(record))
        params[key] = _check_value(param, value, record)
    if record.check is not None:
        record.check(params)
    return Activation(record, params)
