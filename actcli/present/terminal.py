"""What the commands print on a terminal: rich tables and text, built from result objects.

Imports rich (never typer or matplotlib). Every renderer takes the library's result type.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich import box
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from actcli.core.constants import SATURATION_FRACTION
from actcli.present import words
from actcli.present.numbers import interval, label, num, sci, value

if TYPE_CHECKING:
    from rich.console import RenderableType

    from actcli.analysis.derive import DeriveReport
    from actcli.analysis.profile import Profile
    from actcli.core.record import Record
    from actcli.nn.simulate import LayerStats, Run
    from actcli.recommend.engine import Pick, Recommendation
    from actcli.recommend.rules import Rule


def _indent(text: str, n: int, style: str = "") -> Padding:
    """A block of text indented by n columns, wrapped lines included."""
    return Padding(Text(text, style=style), (0, 0, 0, n))


def params_text(r: Record) -> str:
    return ", ".join(f"{p.name}={value(p.default)}" for p in r.params)


# --- list ------------------------------------------------------------------------------------------


def list_table(records: tuple[Record, ...]) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        caption="★ in the seed tutorial · parameters as NAME:key=value, e.g. leaky_relu:negative_slope=0.2",
        caption_justify="left",
        pad_edge=False,
    )
    table.add_column("name", no_wrap=True, style="bold")
    table.add_column("kind", no_wrap=True)
    table.add_column("range", no_wrap=True)
    table.add_column("what it is", ratio=1)
    for r in records:
        extra = []
        if r.params:
            extra.append("params " + params_text(r))
        if r.aliases:
            extra.append("aka " + ", ".join(r.aliases))
        what = Text(r.summary)
        if extra:
            what.append("\n" + " · ".join(extra), style="dim")
        table.add_row(
            r.name + (" ★" if r.in_seed else ""),
            "elem" if r.kind == "elementwise" else "vector",
            interval(r.claims(r.defaults()).output_range),
            what,
        )
    return table


# --- derive ----------------------------------------------------------------------------------------


def _order_formula(report: DeriveReport) -> tuple[str, str]:
    _, first, second = report.act.record.formulas_for(report.act.params)
    f = first if report.order == 1 else second
    return f.text, f.latex


def derive(report: DeriveReport, latex: bool = False) -> list[RenderableType]:
    """What ``actcli derive`` prints for one activation, top to bottom."""
    act = report.act
    r = act.record
    prime = "f′" if report.order == 1 else "f″"
    out: list[RenderableType] = [Text(f"{label(act)}  [{act.kind}]", style="bold")]
    own = r.formulas_for(act.params)[0]
    formula = own.latex if latex else own.text
    deriv_text, deriv_latex = _order_formula(report)
    out.append(Text(f"  f:  {formula}"))
    out.append(Text(f"  {prime}: {deriv_latex if latex else deriv_text}"))
    if r.estimated:
        out.append(Text("  custom expression: derivatives by SymPy; properties estimated numerically", style="dim"))
    if r.fragile:
        out.append(Text(f"  warning: {r.fragile}", style="bold yellow"))
    if report.vector is not None:
        return out + _derive_vector(report)
    if report.kinks:
        out.append(Text("  not differentiable at:"))
        for k in report.kinks:
            out.append(Text(f"    x = {num(k.x)}: {words.kink(k)}"))
    else:
        out.append(Text(f"  differentiable everywhere in [{num(report.lo)}, {num(report.hi)}]"))
    dr = report.derivative_range
    props = report.properties
    assert dr is not None and props is not None and report.verification is not None
    out.append(Text(f"  f′ over [{num(report.lo)}, {num(report.hi)}]: from {num(dr.lo)} to {num(dr.hi)}"))
    out.append(Text(f"  Over all of ℝ ({words.scope(props)}):"))
    out.append(Text(f"    f′ range: {interval(props.derivative_range)}  (a closed end is attained)"))
    out.append(Text(f"    {words.sup_derivative(props)}"))
    out.append(Text(f"    saturates (|f′| < {SATURATION_FRACTION:.0%} of sup |f′|, f′ → 0): {words.saturation(props.saturation)}"))
    out.append(Text(f"    stationary points of f (f′ = 0): {words.stationary(props)}"))
    out.append(Text(f"    monotonic: {words.MONOTONIC[props.monotonic]}; output set: {words.output_set(props)}"))
    dead = [z for z in report.zones if z.kind == "dead"]
    out.append(Text("  dead zone (f′ ≡ 0) in the window: " + words.zones(dead)))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("x", "f(x)", f"{prime}(x)", f"{prime} numeric", "difference"):
        table.add_column(col, justify="right", no_wrap=True)
    for s in report.values:
        if math.isnan(s.numeric):
            table.add_row(num(s.x), num(s.f), num(s.analytic), "(kink)", "—")
        else:
            table.add_row(num(s.x), num(s.f), num(s.analytic), num(s.numeric), sci(s.difference, 1))
    out.append(table)
    v = report.verification
    status = "verified" if v.ok else "NOT VERIFIED"
    out.append(Text(
        f"  {status}: max |analytic − numeric| = {v.max_abs_error:.1e} over {v.points} points",
        style="green" if v.ok else "bold red",
    ))
    skipped = f"; {v.skipped} points next to kinks skipped" if v.skipped else ""
    out.append(Text(f"    ({words.verification_method(v)}{skipped})", style="dim"))
    return out


def _derive_vector(report: DeriveReport) -> list[RenderableType]:
    act = report.act
    vc = report.vector
    assert vc is not None
    out: list[RenderableType] = []
    if act.record.log_output:
        out.append(Text("  with negative log-likelihood L = −Σ yᵢ ℓᵢ:  ∂L/∂z = softmax(z) − y"))
    else:
        out.append(Text("  with cross-entropy L = −Σ yᵢ log sᵢ:  ∂L/∂z = "
                        + ("s − y" if act.record.logit_sign > 0 else "−(s − y)")
                        + "  (y one-hot or any distribution)"))
    if report.values_vector is not None:
        z, s, jac = report.values_vector
        out.append(Text(f"  at z = [{', '.join(num(v) for v in z)}]:"))
        out.append(Text(f"    {act.name}(z) = [{', '.join(num(v) for v in s)}]"))
        out.append(Text("    Jacobian ="))
        for row in jac:
            out.append(Text("      [" + ", ".join(f"{num(v):>10}" for v in row) + "]"))
    props = report.properties
    if props is not None:
        out.append(Text(f"  in a unit's own margin {props.variable}, any K ≥ 2:"))
        out.append(Text(f"    monotonic in zᵢ: {words.MONOTONIC[props.monotonic]}"))
        out.append(Text(f"    {words.sup_derivative(props)}"))
        out.append(Text(f"    saturates (|∂sᵢ/∂zᵢ| < {SATURATION_FRACTION:.0%} of sup): {words.saturation(props.saturation, 'u')}"))
        for e in props.jacobian:
            off = "—" if e.off_diagonal is None else interval(e.off_diagonal)
            out.append(Text(f"    Jacobian entries, K {'= ' + e.k if e.k != '>=3' else '≥ 3'}: "
                            f"diagonal {interval(e.diagonal)}, off-diagonal {off}"
                            + ("  (constant output)" if e.k == "1" else "")))
    status = "verified" if vc.ok else "NOT VERIFIED"
    out.append(Text(
        f"  {status}: Jacobian max |analytic − numeric| = {vc.jacobian_max_abs_error:.1e}, "
        f"vjp {vc.vjp_max_abs_error:.1e},\n  cross-entropy gradient {vc.cross_entropy_max_abs_error:.1e}",
        style="green" if vc.ok else "bold red",
    ))
    out.append(Text(f"    ({words.vector_method(vc)})", style="dim"))
    return out


# --- compare ---------------------------------------------------------------------------------------


def compare_table(profiles: list[Profile]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=False)
    table.add_column("criterion", style="dim", no_wrap=True, max_width=26)
    for p in profiles:
        table.add_column(Text(label(p.act) + (" (estimated)" if p.act.record.estimated else "")), overflow="fold")
    last = None
    for group, name, values in words.comparison_rows(profiles):
        if group != last:
            if last is not None:
                table.add_section()
            table.add_row(Text(group, style="bold"), *[""] * len(values))
            last = group
        table.add_row(Text("  " + name), *[Text(v) for v in values])  # Text: no markup in "[f(Z)]"
    return table


# --- recommend -------------------------------------------------------------------------------------


def _layer_row(p: Pick) -> tuple[str, str, str, str]:
    chosen = p.chosen
    use = chosen.choice if chosen and chosen.choice else "—"
    alts = ", ".join(chosen.alternatives) if chosen and chosen.alternatives else "—"
    avoid = ", ".join(p.avoid) or "—"
    return p.layer, use, alts, avoid


def recommendation(rec: Recommendation) -> list[RenderableType]:
    what = f"a {rec.task} task" if rec.task else "hidden layers"
    extras = [f"{k} {v}" for k, v in rec.request.items() if v and k != "task"]
    title = f"Recommendation for {what}" + (f" ({', '.join(extras)})" if extras else "")
    out: list[RenderableType] = [Text(title, style="bold")]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("layer", "use", "alternatives", "avoid"):
        table.add_column(col)
    picks = [p for p in (rec.hidden, rec.output) if p is not None]
    for p in picks:
        table.add_row(*[Text(v) for v in _layer_row(p)])
    out.append(table)
    for p in picks:
        if p.chosen and p.chosen.init:
            out.append(_indent(f"{p.layer} init: {p.chosen.init}", 2))
        if p.chosen and p.chosen.loss:
            out.append(_indent(f"{p.layer} loss: {p.chosen.loss}", 2))
        if p.chosen and p.chosen.also:
            out.append(_indent(f"{p.layer} also: {p.chosen.also}", 2))
    for risk in rec.risks:
        out.append(_indent(f"warning: {words.risk(risk)}", 2, style="bold yellow"))
    out.append(Text(""))
    out.append(Text("Why (rules applied; 'actcli recommend --explain ID' for one):", style="bold"))
    for r in rec.applied():
        out.append(_indent(f"[{r.id}] {r.title}", 2, style="bold"))
        out.append(_indent(r.why, 4))
        out += [_indent(f"- {src}", 4, style="dim") for src in r.source]
    return out


def rules_table(rules: tuple[Rule, ...]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("id", "layer", "when", "advice"):
        table.add_column(col, no_wrap=col == "id", overflow="fold")
    for r in rules:
        advice = (f"use {r.choice}" if r.choice else "") + (
            ("; " if r.choice and r.avoid else "") + "avoid " + ", ".join(r.avoid) if r.avoid else "")
        table.add_row(Text(r.id), r.layer, Text(words.when(r)), Text(advice))
    return table


def rule(r: Rule) -> list[RenderableType]:
    lines: list[RenderableType] = [
        Text(f"{r.id}: {r.title}", style="bold"),
        _indent(f"layer: {r.layer}    applies when: {words.when(r)}", 2),
    ]
    if r.choice:
        lines.append(_indent(f"use: {r.choice}" + (f"    alternatives: {', '.join(r.alternatives)}" if r.alternatives else ""), 2))
    if r.avoid:
        lines.append(_indent(f"avoid: {', '.join(r.avoid)}", 2))
    if r.init:
        lines.append(_indent(f"init: {r.init}", 2))
    if r.loss:
        lines.append(_indent(f"loss: {r.loss}", 2))
    if r.also:
        lines.append(_indent(f"also: {r.also}", 2))
    lines.append(_indent(f"why: {r.why}", 2))
    lines.append(_indent("sources:", 2))
    lines += [_indent(f"- {src}", 4, style="dim") for src in r.source]
    return lines


# --- simulate --------------------------------------------------------------------------------------


def simulation(runs: list[Run]) -> list[RenderableType]:
    out: list[RenderableType] = []
    first = runs[0]
    out.append(Text(
        f"{first.depth} hidden layers × {first.width} units, batch {first.batch}, seed {first.seed}; "
        f"inputs N(0, 1); loss: {words.SIMULATE_LOSS}", style="dim"))
    for run in runs:
        s = run.summary
        out.append(Text(""))
        out.append(Text(f"{label(run.act)}  —  init {run.init} (gain {num(run.gain, 4)})", style="bold"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for col in ("layer", "Var Z", "Var A", "rms dA", "rms dZ", "rms dW", "dead", "sat."):
            table.add_column(col, justify="right", no_wrap=True)
        for st in _thin(run.layers):
            if st is None:
                table.add_row("…", *[""] * 7)
                continue
            table.add_row(str(st.layer), sci(st.z_var), sci(st.a_var), sci(st.da_rms), sci(st.dz_rms), sci(st.dw_rms),
                          f"{st.dead_fraction:.0%}", f"{st.saturated_fraction:.0%}")
        out.append(table)
        verdict = words.simulate_verdict(s)
        style = "" if s.verdict == "stable" else "bold yellow"
        out.append(_indent(f"gradient (rms dZ) — {verdict}.", 2, style=style))
        collapse = {"dead": " — most units are dead", "saturated": " — most units are saturated"}.get(s.collapse or "", "")
        out.append(_indent(
            f"Var A spread ×{num(s.activation_variance_ratio, 3)}, rms dZ spread ×{num(s.gradient_rms_ratio, 3)}; "
            f"dead units {s.dead_fraction:.1%}, saturated {s.saturated_fraction:.1%}{collapse} "
            f"(sat.: |g′| < 1% of sup |g′|).", 2))
    return out


def _thin(layers: list[LayerStats], keep: int = 12) -> list[LayerStats | None]:
    """All layers when few; otherwise the first and last few with an ellipsis row between."""
    if len(layers) <= keep:
        return list(layers)
    half = keep // 2
    return [*layers[:half], None, *layers[-half:]]
