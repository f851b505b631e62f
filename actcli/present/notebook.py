"""Results that show themselves in Jupyter: each wraps what the library computed, gives the same
dict as the command's JSON (``to_dict()``, built by :mod:`actcli.present.data`) and renders it as
an HTML table (``_repr_html_``). Figures are matplotlib Figures, which Jupyter draws itself; an
:class:`~actcli.core.activation.Activation` shows its formula as LaTeX (``_repr_latex_``).
No IPython import is needed: Jupyter looks these methods up by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actcli.present import data

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


@dataclass(frozen=True)
class CatalogueResult:
    """What ``actcli list`` shows: every registered activation, in display order."""

    records: tuple[Record, ...]

    def to_list(self) -> list[dict[str, Any]]:
        """The same data as ``actcli list --json`` (a JSON array, one object per activation)."""
        return [data.record(r) for r in self.records]

    def _repr_html_(self) -> str:
        return rows(self.to_list())


@dataclass(frozen=True)
class DeriveResult:
    """What ``actcli derive`` shows, for one activation (``report`` holds the numbers)."""

    report: DeriveReport

    @property
    def ok(self) -> bool:
        """Every numerical check passed (``actcli derive`` exits 1 otherwise)."""
        return bool(self.report.ok)

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli derive --json``."""
        return data.derive(self.report)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


@dataclass(frozen=True)
class CompareResult:
    """What ``actcli compare`` shows: one profile per activation."""

    profiles: tuple[Profile, ...]

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli compare --json``."""
        return {"activations": [data.profile(p) for p in self.profiles]}

    def _repr_html_(self) -> str:
        return rows(self.to_dict()["activations"])


@dataclass(frozen=True)
class RecommendResult:
    """What ``actcli recommend`` shows: the activations chosen, the rules that decided, the risks."""

    recommendation: Recommendation

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli recommend --json``."""
        return data.recommendation(self.recommendation)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


@dataclass(frozen=True)
class RulesResult:
    """What ``actcli recommend --rules`` lists: every rule of the recommender."""

    rules: tuple[Rule, ...]

    def to_list(self) -> list[dict[str, Any]]:
        """The same data as ``actcli recommend --rules --json`` (a JSON array, one object per rule)."""
        return [data.rule(r) for r in self.rules]

    def _repr_html_(self) -> str:
        return rows(self.to_list())


@dataclass(frozen=True)
class RuleResult:
    """What ``actcli recommend --explain RULE_ID`` shows: one rule with its reasoning and sources."""

    rule: Rule

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli recommend --explain RULE_ID --json``."""
        return data.rule(self.rule)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


@dataclass(frozen=True)
class SimulateResult:
    """What ``actcli simulate`` shows: per-layer statistics and a summary for each activation."""

    runs: tuple[Run, ...]

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli simulate --json``."""
        return data.simulation(list(self.runs))

    def figure(self) -> Figure:
        """The figure ``actcli simulate -o FILE`` draws (a matplotlib Figure)."""
        from actcli.present import figures

        return figures.figure_simulation(self.runs)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


@dataclass(frozen=True)
class TrainResult:
    """What ``actcli train`` measures: each activation trained over several seeds."""

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


@dataclass(frozen=True)
class PrecisionResult:
    """What ``actcli precision`` measures: per dtype, where f and f′ lose their digits."""

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
