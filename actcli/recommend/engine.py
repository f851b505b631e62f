"""The recommender: filter the rule table for a request, and flag the risks of what is used now.

Returns data — the chosen rules, the names to avoid, and :class:`Risk` records with their numbers —
and never sentences: :mod:`actcli.present` words them.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from actcli.core.choices import check_choice
from actcli.errors import UsageError
from actcli.recommend.rules import ARCHITECTURES, LAYERS, RULES, SYMPTOMS, TASKS, Layer, Rule

if TYPE_CHECKING:
    from actcli.core.activation import Activation


_BY_ID = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """One rule by its id; an unknown id lists the close ones."""
    found = _BY_ID.get(rule_id.strip())
    if found is None:
        close = difflib.get_close_matches(rule_id.strip(), list(_BY_ID), n=2, cutoff=0.4)
        hint = ("did you mean " + " or ".join(repr(c) for c in close) + "? " if close else "")
        raise UsageError(f"no rule {rule_id!r}", hint=hint + "run 'actcli recommend --rules' for all ids")
    return found


@dataclass(frozen=True)
class Pick:
    layer: Layer
    chosen: Rule | None
    warnings: tuple[Rule, ...]

    @property
    def avoid(self) -> tuple[str, ...]:
        names: list[str] = []
        for r in ((self.chosen,) if self.chosen else ()) + self.warnings:
            names += [a for a in r.avoid if a not in names]
        return tuple(names)


def pick(layer: Layer, request: Mapping[str, str | None]) -> Pick:
    """The most specific matching recommendation for a layer, and every matching warning."""
    matching = [r for r in RULES if r.layer == layer and r.matches(request)]
    choices = [r for r in matching if r.choice]
    # the most specific rule; equal specificity: the higher priority (rules.PRIORITY), never the table order
    chosen = max(choices, key=lambda r: r.rank) if choices else None
    warnings = tuple(r for r in matching if not r.choice)
    return Pick(layer, chosen, warnings)


@dataclass(frozen=True)
class Risk:
    """One warning about the hidden activation in use now; ``code`` says which kind.

    - ``avoided``: it is on the avoid list of a matching rule (``rule``);
    - ``not_recommended``: the chosen rule (``rule``) recommends another activation and does not
      list it among its alternatives;
    - ``linear``: it is linear, so a stack of such layers collapses into one linear map;
    - ``vanishing``: max|f′|^depth < 1e-2, so the activations alone shrink the gradient;
    - ``amplifying``: max|f′| > 1, so they may amplify it up to max|f′|^depth.
    ``log10_bound`` is log₁₀ of max|f′|^depth (a logarithm: depths up to 10,000 overflow floats)."""

    code: str
    act: Activation
    rule: str | None = None
    choice: str | None = None
    depth: int | None = None
    peak: float | None = None
    log10_bound: float | None = None


@dataclass(frozen=True)
class Recommendation:
    task: str | None
    request: Mapping[str, str | None]
    hidden: Pick | None
    output: Pick | None
    risks: tuple[Risk, ...] = ()

    def applied(self) -> list[Rule]:
        out: list[Rule] = []
        for p in (self.hidden, self.output):
            if p is None:
                continue
            out += [r for r in ((p.chosen,) if p.chosen else ()) + p.warnings if r not in out]
        return out


def recommend(
    task: str | None,
    layer: str | None = None,
    symptom: str | None = None,
    architecture: str | None = None,
    depth: int | None = None,
    current: Activation | None = None,
) -> Recommendation:
    """Filter the rule table for a request (values are validated, typos get a did-you-mean)."""
    request = {
        "task": check_choice("task", task, TASKS),
        "symptom": check_choice("symptom", symptom, SYMPTOMS),
        "architecture": check_choice("architecture", architecture, ARCHITECTURES),
    }
    which = check_choice("layer", layer, LAYERS)
    if request["task"] is None and which != "hidden":
        raise UsageError("task is required", hint="valid: " + ", ".join(TASKS) + " (or the hidden layer alone)", option="task")
    if depth is not None and not 1 <= depth <= 10_000:
        raise UsageError(f"depth must be between 1 and 10000, not {depth}", option="depth")
    hidden = pick("hidden", request) if which in (None, "hidden") else None
    output = pick("output", request) if which in (None, "output") else None
    risks = _risks(current, depth, hidden) if current is not None else ()
    return Recommendation(request["task"], request, hidden, output, risks)


def _risks(act: Activation, depth: int | None, hidden: Pick | None) -> tuple[Risk, ...]:
    """Warnings about the hidden activation the user says they use now."""
    import math

    out: list[Risk] = []
    if hidden is not None:
        for r in ((hidden.chosen,) if hidden.chosen else ()) + hidden.warnings:
            if act.name in r.avoid:
                out.append(Risk("avoided", act, rule=r.id))
                break
    avoided = bool(out)
    chosen = hidden.chosen if hidden is not None else None
    if (chosen is not None and chosen.choice != act.name and act.name not in chosen.alternatives
            and not avoided):
        out.append(Risk("not_recommended", act, rule=chosen.id, choice=chosen.choice))
    if not act.claims.nonlinear:
        out.append(Risk("linear", act))
    dr = act.claims.derivative_range
    peak = max(abs(dr.lo), abs(dr.hi))
    if depth is not None and 0 < peak < 1:
        log10_bound = depth * math.log10(peak)
        if log10_bound < -2:
            out.append(Risk("vanishing", act, depth=depth, peak=peak, log10_bound=log10_bound))
    if depth is not None and peak > 1:
        out.append(Risk("amplifying", act, depth=depth, peak=peak,
                        log10_bound=depth * math.log10(peak) if math.isfinite(peak) else math.inf))
    return tuple(out)
