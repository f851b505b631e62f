"""Results that show themselves in Jupyter: each wraps what the library computed, gives the same
dict as the command's JSON (``to_dict()``, built by :mod:`actcli.present.data`) and renders it as
an HTML table (``_repr_html_``). Figures are matplotlib Figures, which Jupyter draws itself; an
:class:`~actcli.core.activation.Activation` shows its formula as LaTeX (``_repr_latex_``).
No IPython import is needed: Jupyter looks these methods up by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from actcli.analysis.derive import DeriveReport
    from actcli.analysis.precision import Precision
    from actcli.analysis.profile import Profile
    from actcli.core.record import Record
    from actcli.nn.simulate import Run
    from actcli.nn.train import Experiment
    from actcli.recommend.engine import Recommendation
    from actcli.recommend.rules import Rule


class _Result:
    """One immutable value under its own name (``report``, ``profiles``, ...), compared by that value.

    Written out rather than a frozen dataclass, whose generated methods every command would pay
    for at start-up."""

    __slots__: tuple[str, ...] = ()

    def __init__(self, value: Any) -> None:
        object.__setattr__(self, self.__slots__[0], value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and getattr(other, self.__slots__[0]) == getattr(self, self.__slots__[0])

    def __hash__(self) -> int:
        return hash((type(self), getattr(self, self.__slots__[0])))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__slots__[0]}={getattr(self, self.__slots__[0])!r})"


def _escape(text: str) -> str:
    """``html.escape`` without importing ``html``, whose entity tables every command would pay for."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#x27;"))


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        return table(value)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return rows(value)
    if isinstance(value, (list, tuple)):
        import json

        return _escape(", ".join(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in value))
    if value is None:
        return "—"
    return _escape(str(value))


def table(mapping: dict[str, Any]) -> str:
    """A key/value table; nested dicts and lists of dicts become nested tables."""
    body = "".join(f"<tr><th style='text-align:left'>{_escape(str(k))}</th><td style='text-align:left'>"
                   f"{_cell(v)}</td></tr>" for k, v in mapping.items())
    return f"<table>{body}</table>"


def rows(items: Sequence[dict[str, Any]]) -> str:
    """A list of dicts as one table, a column per key (in first-seen order)."""
    keys: list[str] = []
    for item in items:
        keys += [k for k in item if k not in keys]
    head = "".join(f"<th>{_escape(k)}</th>" for k in keys)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{_cell(item.get(k))}</td>" for k in keys) + "</tr>"
                   for item in items)
    return f"<table><tr>{head}</tr>{body}</table>"


class CatalogueResult(_Result):
    """What ``actcli list`` shows: every registered activation, in display order."""

    __slots__ = ("records",)
    records: tuple[Record, ...]

    def to_list(self) -> list[dict[str, Any]]:
        """The same data as ``actcli list --json`` (a JSON array, one object per activation)."""
        from actcli.present import data  # (JSON's builders: not loaded until asked for)

        return [data.record(r) for r in self.records]

    def _repr_html_(self) -> str:
        return rows(self.to_list())


class DeriveResult(_Result):
    """What ``actcli derive`` shows, for one activation (``report`` holds the numbers)."""

    __slots__ = ("report",)
    report: DeriveReport

    @property
    def ok(self) -> bool:
        """Every numerical check passed (``actcli derive`` exits 1 otherwise)."""
        return bool(self.report.ok)

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli derive --json``."""
        from actcli.present import data

        return data.derive(self.report)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


class CompareResult(_Result):
    """What ``actcli compare`` shows: one profile per activation."""

    __slots__ = ("profiles",)
    profiles: tuple[Profile, ...]

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli compare --json``."""
        from actcli.present import data

        return {"activations": [data.profile(p) for p in self.profiles]}

    def _repr_html_(self) -> str:
        return rows(self.to_dict()["activations"])


class RecommendResult(_Result):
    """What ``actcli recommend`` shows: the activations chosen, the rules that decided, the risks."""

    __slots__ = ("recommendation",)
    recommendation: Recommendation

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli recommend --json``."""
        from actcli.present import data

        return data.recommendation(self.recommendation)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


class RulesResult(_Result):
    """What ``actcli recommend --rules`` lists: every rule of the recommender."""

    __slots__ = ("rules",)
    rules: tuple[Rule, ...]

    def to_list(self) -> list[dict[str, Any]]:
        """The same data as ``actcli recommend --rules --json`` (a JSON array, one object per rule)."""
        from actcli.present import data

        return [data.rule(r) for r in self.rules]

    def _repr_html_(self) -> str:
        return rows(self.to_list())


class RuleResult(_Result):
    """What ``actcli recommend --explain RULE_ID`` shows: one rule with its reasoning and sources."""

    __slots__ = ("rule",)
    rule: Rule

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli recommend --explain RULE_ID --json``."""
        from actcli.present import data

        return data.rule(self.rule)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


class SimulateResult(_Result):
    """What ``actcli simulate`` shows: per-layer statistics and a summary for each activation."""

    __slots__ = ("runs",)
    runs: tuple[Run, ...]

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli simulate --json``."""
        from actcli.present import data

        return data.simulation(list(self.runs))

    def figure(self) -> Figure:
        """The figure ``actcli simulate -o FILE`` draws (a matplotlib Figure)."""
        from actcli.present import figures

        return figures.figure_simulation(self.runs)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


class TrainResult(_Result):
    """What ``actcli train`` measures: each activation trained over several seeds."""

    __slots__ = ("experiment",)
    experiment: Experiment

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli train --json``."""
        from actcli.present import training

        return training.data_json(self.experiment)

    def figure(self) -> Figure:
        """The figure ``actcli train -o FILE`` draws (a matplotlib Figure)."""
        from actcli.present import training

        return training.figure(self.experiment)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


class PrecisionResult(_Result):
    """What ``actcli precision`` measures: per dtype, where f and f′ lose their digits."""

    __slots__ = ("precision",)
    precision: Precision

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli precision --json``."""
        from actcli.present import precision

        return precision.data(self.precision)

    def figure(self) -> Figure:
        """The figure ``actcli precision -o FILE`` draws (a matplotlib Figure)."""
        from actcli.present import precision

        return precision.figure(self.precision)

    def _repr_html_(self) -> str:
        return table(self.to_dict())
