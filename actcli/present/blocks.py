"""Command output as plain blocks — lines of text, literal lines and right-aligned tables — that
either writer can print: rich at a terminal (:func:`actcli.present.terminal.rich_blocks`), or,
without styles (a pipe, ``NO_COLOR``), :func:`actcli.present.plain.block_lines`, which lays them out
as rich would without importing rich's console.

``derive``'s report for an elementwise activation is written here, once, as blocks; its gated and
vector forms add rich tables of their own (:mod:`actcli.present.terminal`). No rich import here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Union

from actcli.core.constants import SATURATION_FRACTION
from actcli.i18n import N_, _
from actcli.present import words
from actcli.present.numbers import interval, label, num, sci

if TYPE_CHECKING:
    from actcli.analysis.derive import DeriveReport


class Line:
    """A line of prose. Leading spaces are its indent, which wrapped lines keep; ``style`` is a rich
    style (bold, dim, green, …) that only a styled terminal shows."""

    __slots__ = ("text", "style")

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style


class Literal:
    """A line printed exactly as it is, never wrapped nor cut (LaTeX must paste back as written)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Grid:
    """A table of right-aligned cells that never wrap: a rule under the headers, columns one space
    apart (rich's ``SIMPLE_HEAD`` box without edges)."""

    __slots__ = ("headers", "rows")

    def __init__(self, headers: list[str], rows: list[list[str]]) -> None:
        self.headers = headers
        self.rows = rows


Block = Union[Line, Literal, Grid]

#: the kinds as derive's title names them
KINDS_LONG = {"elementwise": N_("elementwise"), "vector": N_("vector"), "gated": N_("gated")}


def _order_formula(report: DeriveReport) -> tuple[str, str]:
    _, first, second = report.act.record.formulas_for(report.act.params)
    f = first if report.order == 1 else second
    return f.text, f.latex


def derive_title(report: DeriveReport) -> list[Block]:
    act = report.act
    return [Line(f"{label(act)}  [{_(KINDS_LONG.get(act.kind, act.kind))}]", style="bold")]


def derive_formulas(report: DeriveReport, latex: bool) -> list[Block]:
    """f and the derivative asked for, and what qualifies them (a custom expression, a fragile
    formula, a domain)."""
    r = report.act.record
    prime = "f′" if report.order == 1 else "f″"
    own = r.formulas_for(report.act.params)[0]
    deriv_text, deriv_latex = _order_formula(report)
    out: list[Block] = []
    if latex:
        out.append(Literal(f"  f:  {own.latex}"))
        out.append(Literal(f"  {prime}: {deriv_latex}"))
    else:
        out.append(Line(f"  f:  {_(own.text)}"))  # a formula's words are translated with it
        out.append(Line(f"  {prime}: {_(deriv_text)}"))
    if r.estimated:
        out.append(Line("  " + _("custom expression: derivatives by SymPy; properties proved or measured"),
                        style="dim"))
    if r.fragile:
        out.append(Line("  " + _("warning: {text}").format(text=_(r.fragile)), style="bold yellow"))
    if report.domain is not None and report.analysed is not None:
        out.append(Line("  " + words.domain(report.domain, report.analysed)))
    return out


def verdict(ok: bool, error: str, points: int) -> str:
    """``verified: max |analytic − numeric| = 2.2e−16 over 401 points``."""
    if ok:
        return _("verified: max |analytic − numeric| = {error} over {n} points").format(error=error, n=points)
    return _("NOT VERIFIED: max |analytic − numeric| = {error} over {n} points").format(error=error, n=points)


def derive(report: DeriveReport, latex: bool = False) -> list[Block] | None:
    """What ``actcli derive`` prints for an elementwise activation, top to bottom; None for a gated or
    vector one, whose tables only :func:`actcli.present.terminal.derive` writes."""
    if report.gated is not None or report.vector is not None:
        return None
    act = report.act
    prime = "f′" if report.order == 1 else "f″"
    out = derive_title(report) + derive_formulas(report, latex)
    if report.kinks:
        out.append(Line("  " + _("not differentiable at:")))
        for k in report.kinks:
            out.append(Line("    " + _("{point}: {text}").format(point=f"x = {num(k.x)}", text=words.kink(k))))
    else:
        out.append(Line("  " + _("differentiable everywhere in [{lo}, {hi}]").format(lo=num(report.lo), hi=num(report.hi))))
    dr = report.derivative_range
    props = report.properties
    assert dr is not None and props is not None and report.verification is not None
    out.append(Line("  " + _("f′ over [{lo}, {hi}]: from {low} to {high}").format(
        lo=num(report.lo), hi=num(report.hi), low=num(dr.lo), high=num(dr.hi))))
    if props.window is None:  # proved where the heading says: the scope need not say it again (in Chinese)
        head = _("Over all of ℝ (proved on all of ℝ):") if report.domain is None else \
            _("Over all of its domain (proved on all of its domain):")
    else:
        head = (_("Over all of ℝ ({scope}):") if report.domain is None else
                _("Over all of its domain ({scope}):")).format(scope=words.scope(props))
    out.append(Line("  " + head))
    out.append(Line("    " + _("f′ range: {range}  (a square bracket marks an end that is attained)").format(
        range=interval(props.derivative_range))))
    out.append(Line(f"    {words.sup_derivative(props)}"))
    out.append(Line("    " + _("saturates ({condition}, f′ → 0): {where}").format(
        condition=_("|f′| < {fraction} of sup |f′|").format(fraction=f"{SATURATION_FRACTION:.0%}"),
        where=words.saturation(props.saturation))))
    out.append(Line("    " + _("stationary points of f (f′ = 0): {points}").format(points=words.stationary(props))))
    out.append(Line("    " + _("monotonic: {monotonic}; output set: {output}").format(
        monotonic=words.monotonic(props), output=words.output_set(props))))
    dead = [z for z in report.zones if z.kind == "dead"]
    out.append(Line("  " + _("dead zone (f′ ≡ 0) in the window: {zones}").format(zones=words.zones(dead))))
    headers = ["x", "f(x)", f"{prime}(x)", _("{prime} numeric").format(prime=prime), _("difference")]
    rows = []
    for s in report.values:
        if math.isnan(s.numeric):  # left out at a kink; beyond ±1e307 the stencil overflows
            kinks = [k.x for k in act.claims.kinks] + list(act.claims.d2_kinks)
            why = _("(kink)") if any(abs(s.x - k) <= 1e-2 * max(1.0, abs(s.x)) for k in kinks) else _("(overflow)")
            rows.append([num(s.x), num(s.f), num(s.analytic), why, "—"])
        else:
            rows.append([num(s.x), num(s.f), num(s.analytic), num(s.numeric), sci(s.difference, 1)])
    out.append(Line(""))
    out.append(Grid(headers, rows))
    v = report.verification
    if v.points == 0:
        out.append(Line("  " + _("not checked: differences of f cannot resolve f′ anywhere in the window (f's own "
                                 "rounding, 4ε·|f|/h, exceeds the tolerance, or f overflows)"), style="yellow"))
    else:
        out.append(Line("  " + verdict(v.ok, sci(v.max_abs_error, 1), v.points),
                        style="green" if v.ok else "bold red"))
    notes = [words.verification_method(v)]
    if v.skipped:
        notes.append(_("{n} points next to kinks skipped").format(n=v.skipped))
    if v.unresolvable:
        notes.append(_("{n} points left out where f's rounding (4ε·|f|/h) or an overflow hides f′").format(
            n=v.unresolvable))
    out.append(Line("    " + _("({text})").format(text=_("; ").join(notes)), style="dim"))
    return out
