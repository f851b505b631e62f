"""Activations from other packages: the entry-point group ``actcli.activations``.

A package registers records the way console scripts are registered, in its ``pyproject.toml``::

    [project.entry-points."actcli.activations"]
    arctan = "actcli_example_plugin:ARCTAN"

The object named may be a :class:`~actcli.core.record.Record`, a list or tuple of records, or a
callable returning either. Plugins load once, when the registry is first built (a command that
needs no activation never reads them), and only then: ``ACTCLI_NO_PLUGINS=1`` turns them off.

A plugin that fails (cannot be imported, names something that is not a record, reuses a name
or alias, or whose functions fail on a small input) is skipped as a whole and reported in one line
on stderr; the shipped activations and every other plugin stay available.

The installed distributions are found by reading their ``entry_points.txt`` directly from the
directories on ``sys.path`` (``*.dist-info`` and ``*.egg-info``) rather than through
``importlib.metadata``, whose import alone costs more than the whole scan (measured side by side
by ``bench/plugins_bench.py``). As in ``importlib.metadata``, the first distribution of a name on
the path wins.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from actcli.core.record import Claims, Record
from actcli.core.registry import Registry, normalise

GROUP = "actcli.activations"
DISABLE = "ACTCLI_NO_PLUGINS"


@dataclass(frozen=True)
class EntryPoint:
    name: str
    value: str  # "module:attribute.path"
    dist: str  # the distribution that declares it


@dataclass(frozen=True)
class Failure:
    """A plugin that was skipped, and why (ASCII, in library terms)."""

    entry_point: EntryPoint
    reason: str

    def line(self) -> str:
        return (
            f"Warning: activation plugin {self.entry_point.name!r} (from {self.entry_point.dist}) skipped: "
            f"{self.reason}; set {DISABLE}=1 to turn plugins off"
        )


def disabled() -> bool:
    return os.environ.get(DISABLE, "").strip() not in ("", "0")


def _dist_name(directory: str) -> str:
    """``My_Pkg-1.0.dist-info`` → ``my-pkg`` (PEP 503 normalisation, for de-duplication)."""
    stem = directory.rsplit(".", 1)[0]
    name = stem.split("-", 1)[0]
    return "-".join(name.replace("_", "-").replace(".", "-").lower().split("-"))


def _parse(text: str, dist: str) -> Iterator[EntryPoint]:
    """The ``actcli.activations`` section of an ``entry_points.txt`` (INI: ``name = value``)."""
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section != GROUP or "=" not in line:
            continue
        name, _, value = line.partition("=")
        value = value.split("[", 1)[0].strip()  # drop any [extras]
        if name.strip() and value:
            yield EntryPoint(name.strip(), value, dist)


def entry_points(path: Iterable[str] | None = None) -> list[EntryPoint]:
    """Every entry point of the group declared by a distribution on ``path`` (``sys.path``)."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path if path is None else path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:  # a zip file, or a directory that is gone
            continue
        for directory in names:
            if not directory.endswith((".dist-info", ".egg-info")):
                continue
            dist = _dist_name(directory)
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(entry or ".", directory, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                continue
            if GROUP in text:
                found.extend(_parse(text, directory.rsplit(".", 1)[0]))
    return found


def _resolve(value: str) -> object:
    import importlib

    module, _, attrs = value.partition(":")
    obj: object = importlib.import_module(module.strip())
    for attr in filter(None, attrs.strip().split(".")):
        obj = getattr(obj, attr)
    return obj


def _records(obj: object) -> list[Record]:
    if callable(obj) and not isinstance(obj, Record):
        obj = obj()
    items = [obj] if isinstance(obj, Record) else list(obj) if isinstance(obj, (list, tuple)) else None
    if not items:
        raise TypeError(f"it names {type(obj).__name__}, not a Record or a list of Records")
    bad = [type(r).__name__ for r in items if not isinstance(r, Record)]
    if bad:
        raise TypeError(f"it lists a {bad[0]}, not a Record")
    return items


def _smoke(record: Record) -> None:
    """The record's claims and functions work at its defaults on a small input."""
    import numpy as np

    claims = record.claims(record.defaults())
    if not isinstance(claims, Claims):
        raise TypeError(f"{record.name}: claims() returned {type(claims).__name__}, not Claims")
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    needed = ("fn", "d1", "d2") if record.kind == "elementwise" else ("fn", "jacobian", "vjp")
    missing = [n for n in needed if getattr(record, n) is None]
    if missing:
        raise TypeError(f"{record.name}: a {record.kind} record needs {', '.join(missing)}")
    params = record.defaults()
    fns = (record.fn, record.d1, record.d2) if record.kind == "elementwise" else (record.fn,)
    with np.errstate(all="ignore"):
        outs = [f(x, **params) for f in fns if f is not None]
    for out in outs:
        if np.shape(out) != x.shape:
            raise TypeError(f"{record.name}: a function returned shape {np.shape(out)} for shape {x.shape}")


def _check(records: list[Record], taken: Registry) -> None:
    mine: set[str] = set()
    for record in records:
        for spelling in (record.name, *record.aliases):
            key = normalise(spelling)
            if spelling in taken or key in mine:
                owner = taken.lookup(spelling).name if spelling in taken else "another record of this plugin"
                raise ValueError(f"the name {spelling!r} is taken by {owner!r}")
            mine.add(key)
        _smoke(record)


def load(registry: Registry, points: Iterable[EntryPoint] | None = None) -> list[Failure]:
    """Register every plugin's records into ``registry``; return the plugins skipped, and why."""
    failures: list[Failure] = []
    for ep in entry_points() if points is None else points:
        try:
            records = _records(_resolve(ep.value))
            _check(records, registry)
        except Exception as exc:  # a plugin's own code may raise anything: report it, never crash
            reason = str(exc).splitlines()[0] if str(exc) else ""
            failures.append(Failure(ep, f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__))
            continue
        except BaseException as exc:  # SystemExit or Ctrl-C from a plugin's import: skip it too,
            if isinstance(exc, KeyboardInterrupt):  # but let the user's interrupt through
                raise
            failures.append(Failure(ep, f"{type(exc).__name__} while loading"))
            continue
        for record in records:
            registry.register(record)
    return failures


def report(failures: Iterable[Failure]) -> None:
    """One line on stderr per skipped plugin."""
    for failure in failures:
        line = failure.line().encode("ascii", "replace").decode("ascii")
        try:
            sys.stderr.write(line + "\n")
        except (OSError, ValueError):  # stderr closed: nothing to tell
            pass
