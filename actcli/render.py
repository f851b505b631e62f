"""Turn core results into rich tables and JSON-ready dicts. Imports rich, never typer or matplotlib."""

from __future__ import annotations

import math
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from actcli.record import Interval, Param, Record, fmt_num, json_num


def param_json(p: Param) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "default": p.default, "valid": p.valid, "source": p.source}
    if p.choices:
        out["choices"] = list(p.choices)
    else:
        out["min"], out["max"] = json_num(p.lo), json_num(p.hi)
    return out


def record_json(r: Record) -> dict[str, Any]:
    claims = r.claims(r.defaults())
    return {
        "name": r.name,
        "aliases": list(r.aliases),
        "kind": r.kind,
        "summary": r.summary,
        "params": [param_json(p) for p in r.params],
        "formula": {"text": r.formula.text, "latex": r.formula.latex},
        "derivative": {"text": r.derivative.text, "latex": r.derivative.latex},
        "output_range": claims.output_range.to_json(),
        "in_seed": r.in_seed,
        "references": list(r.references),
    }


def params_text(r: Record) -> str:
    return ", ".join(
        f"{p.name}={fmt_num(p.default) if isinstance(p.default, float) else p.default}" for p in r.params
    )


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
        what = r.summary + ("\n[dim]" + " · ".join(extra) + "[/dim]" if extra else "")
        table.add_row(
            r.name + (" ★" if r.in_seed else ""),
            "elem" if r.kind == "elementwise" else "vector",
            str(r.claims(r.defaults()).output_range),
            what,
        )
    return table


def markdown_activation_table(records: tuple[Record, ...]) -> str:
    """The README's table of activations, generated from the registry (a test keeps it in sync)."""
    rows = [
        "| name | kind | parameters (default) | f(x) | range | f′ at kinks | aliases |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in records:
        claims = r.claims(r.defaults())
        kinks = "; ".join(f"f′({fmt_num(k.x)}) = {fmt_num(k.derivative)}" for k in claims.kinks) or "—"
        formula = r.formula.text.split("=", 1)[1].strip() if "=" in r.formula.text else r.formula.text
        rows.append(
            f"| `{r.name}`{' ★' if r.in_seed else ''} | {r.kind} | {params_text(r) or '—'} | "
            f"{formula.replace('|', '&#124;')} | {str(claims.output_range)} | {kinks} | "
            f"{', '.join(r.aliases) or '—'} |"
        )
    return "\n".join(rows)


# --- derive ---------------------------------------------------------------------------------------


def g(v: float, digits: int = 6) -> str:
    """Compact number for tables: 6 significant digits, ∞ and − signs."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"  # no "−0" in a table
    return f"{v:.{digits}g}".replace("-", "−")


def _order_formula(report: Any) -> tuple[str, str]:
    r = report.act.record
    f = r.derivative if report.order == 1 else r.second
    return f.text, f.latex


def derive_renderables(report: Any, latex: bool = False) -> list[Any]:
    """What ``actcli derive`` prints for one activation (rich renderables, top to bottom)."""
    act = report.act
    r = act.record
    prime = "f′" if report.order == 1 else "f″"
    out: list[Any] = [Text(f"{act.label}  [{act.kind}]", style="bold")]
    formula = r.formula.latex if latex else r.formula.text
    deriv_text, deriv_latex = _order_formula(report)
    out.append(Text(f"  f:  {formula}"))
    out.append(Text(f"  {prime}: {deriv_latex if latex else deriv_text}"))
    if r.estimated:
        out.append(Text("  custom expression: derivatives by SymPy; properties estimated numerically", style="dim"))
    if r.fragile:
        out.append(Text(f"  warning: {r.fragile}", style="bold yellow"))
    if act.kind == "vector":
        vc = report.vector
        if act.name != "log_softmax":
            out.append(Text("  with cross-entropy L = −Σ yᵢ log sᵢ:  ∂L/∂z = "
                            + ("s − y" if act.name == "softmax" else "−(s − y)")
                            + "  (y one-hot or any distribution)"))
        else:
            out.append(Text("  with negative log-likelihood L = −Σ yᵢ ℓᵢ:  ∂L/∂z = softmax(z) − y"))
        if report.values_vector is not None:
            z, s, jac = report.values_vector
            out.append(Text(f"  at z = [{', '.join(g(v) for v in z)}]:"))
            out.append(Text(f"    {act.name}(z) = [{', '.join(g(v) for v in s)}]"))
            out.append(Text("    Jacobian ="))
            for row in jac:
                out.append(Text("      [" + ", ".join(f"{g(v):>10}" for v in row) + "]"))
        out.append(Text(
            f"  verified: Jacobian max |analytic − numeric| = {vc.jacobian_max_abs_error:.1e}, "
            f"vjp {vc.vjp_max_abs_error:.1e},\n  cross-entropy gradient {vc.cross_entropy_max_abs_error:.1e}",
            style="green",
        ))
        out.append(Text(f"    ({vc.method})", style="dim"))
        return out
    if report.kinks:
        out.append(Text("  not differentiable at:"))
        for k in report.kinks:
            out.append(Text(f"    x = {g(k.x)}: {k.convention}"))
    else:
        out.append(Text(f"  differentiable everywhere in [{g(report.lo)}, {g(report.hi)}]"))
    dr = report.derivative_range
    out.append(Text(f"  f′ over [{g(report.lo)}, {g(report.hi)}]: from {g(dr.lo)} to {g(dr.hi)}"))
    out.append(Text(f"  max |f′| {dr.where()}"))
    out.append(Text(f"  f′ over all of ℝ: {report.global_range}"))
    dead = [z for z in report.zones if z.kind == "dead"]
    sat = [z for z in report.zones if z.kind == "saturated"]
    from actcli.analysis import VANISH_FRACTION, reference_peak

    peak = reference_peak(act, report.lo, report.hi)
    out.append(Text(
        f"  gradient vanishes (|f′| < {VANISH_FRACTION:.0%} of max {g(peak)}): "
        + (", ".join(z.describe() for z in sat) if sat else f"nowhere in [{g(report.lo)}, {g(report.hi)}]")
    ))
    out.append(Text("  dead zone (f′ ≡ 0): " + (", ".join(z.describe() for z in dead) if dead else "none")))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("x", "f(x)", f"{prime}(x)", f"{prime} numeric", "difference"):
        table.add_column(col, justify="right", no_wrap=True)
    for s in report.values:
        if math.isnan(s.numeric):
            table.add_row(g(s.x), g(s.f), g(s.analytic), "(kink)", "—")
        else:
            table.add_row(g(s.x), g(s.f), g(s.analytic), g(s.numeric), f"{s.difference:.1e}".replace("-", "−"))
    out.append(table)
    v = report.verification
    status = "verified" if v.ok else "NOT VERIFIED"
    out.append(Text(
        f"  {status}: max |analytic − numeric| = {v.max_abs_error:.1e} over {v.points} points",
        style="green" if v.ok else "bold red",
    ))
    skipped = f"; {v.skipped} points next to kinks skipped" if v.skipped else ""
    out.append(Text(f"    ({v.method}{skipped})", style="dim"))
    return out


def derive_json(report: Any) -> dict[str, Any]:
    act = report.act
    r = act.record
    text, latex = _order_formula(report)
    data: dict[str, Any] = {
        "name": act.name,
        "params": dict(act.params),
        "kind": act.kind,
        "estimated": r.estimated,
        "fragile": r.fragile,
        "order": report.order,
        "formula": {"text": r.formula.text, "latex": r.formula.latex},
        "derivative": {"text": text, "latex": latex},
        "range": [report.lo, report.hi],
    }
    if act.kind == "vector":
        vc = report.vector
        data["kinks"] = []
        data["derivative_range"] = {**_range_json(act.claims.derivative_range), "argmax": None,
                                    "of": "∂sᵢ/∂zᵢ"}
        data["cross_entropy_gradient"] = "s - y" if act.name != "softmin" else "-(s - y)"
        if report.values_vector is not None:
            z, s, jac = report.values_vector
            data["values"] = [{"z": [json_num(v) for v in z], "f": [json_num(v) for v in s],
                               "jacobian": [[json_num(v) for v in row] for row in jac]}]
        else:
            data["values"] = []
        data["verification"] = {
            "max_abs_error": vc.jacobian_max_abs_error,
            "vjp_max_abs_error": vc.vjp_max_abs_error,
            "cross_entropy_max_abs_error": vc.cross_entropy_max_abs_error,
            "points": vc.points,
            "method": vc.method,
        }
        return data
    dr = report.derivative_range
    v = report.verification
    data["kinks"] = [
        {"x": k.x, "derivative": k.derivative, "left": k.left, "right": k.right,
         "continuous": k.continuous, "convention": k.convention}
        for k in report.kinks
    ]
    data["derivative_range"] = {
        "min": json_num(dr.lo),
        "max": json_num(dr.hi),
        "argmax": dr.argmax,
        "attained_on": dr.attained_on.to_json() if dr.attained_on else None,
        "approached_only": dr.approached,
        "over": list(dr.over),
        "global": report.global_range.to_json(),
    }
    data["zones"] = [
        {"kind": z.kind, "from": json_num(-math.inf if z.open_left else z.lo),
         "to": json_num(math.inf if z.open_right else z.hi), "description": z.describe()}
        for z in report.zones
    ]
    data["values"] = [
        {"x": s.x, "f": json_num(s.f), "derivative": json_num(s.analytic),
         "numeric": None if math.isnan(s.numeric) else s.numeric,
         "difference": None if math.isnan(s.numeric) else s.difference}
        for s in report.values
    ]
    data["verification"] = {
        "max_abs_error": v.max_abs_error,
        "max_rel_error": v.max_rel_error,
        "points": v.points,
        "skipped_near_kinks": v.skipped,
        "method": v.method,
        "ok": v.ok,
    }
    return data


def _range_json(iv: Interval) -> dict[str, Any]:
    return {"min": json_num(iv.lo), "max": json_num(iv.hi)}


# --- compare --------------------------------------------------------------------------------------

CRITERIA = (
    "1 non-linearity",
    "2 differentiability",
    "3 monotonicity",
    "4 output range",
    "5 compute efficiency",
    "6 gradient propagation",
    "set-up",
)


def _yes(v: bool) -> str:
    return "yes" if v else "no"


def _kinks_text(p: Any) -> str:
    if not p.kinks:
        return "everywhere"
    return "not at " + "; ".join(f"x = {g(k.x)} (f′ := {g(k.derivative)})" for k in p.kinks)


def _zones_text(zones: list[Any]) -> str:
    return ", ".join(z.describe() for z in zones) if zones else "none"


def _gain_text(p: Any) -> str:
    scheme = {"he": "He (Kaiming)", "xavier": "Xavier (Glorot)", "lecun": "LeCun"}[p.init_scheme]
    return f"{scheme}, gain {g(p.init_gain, 4)}" if p.init_gain is not None else f"{scheme}, no torch gain"


def comparison_rows(profiles: list[Any]) -> list[tuple[str, str, list[str]]]:
    """(criterion, property, one text per activation): the table, Markdown and CSV share it."""
    rows: list[tuple[str, str, list[str]]] = []

    def add(group: str, label: str, fn: Any) -> None:
        rows.append((group, label, [fn(p) for p in profiles]))

    c = CRITERIA
    add(c[0], "non-linear", lambda p: _yes(p.nonlinear))
    add(c[0], "≈ identity near 0", lambda p: _yes(p.identity_near_zero))
    add(c[1], "differentiable", _kinks_text)
    add(c[1], "smoothness", lambda p: p.smoothness)
    add(c[2], "monotonic", lambda p: _yes(p.monotonic))
    add(c[3], "output range", lambda p: str(p.output_range))
    add(c[3], "zero-centred", lambda p: (
        _yes(p.zero_centered) if p.mean_output is None
        else f"{_yes(p.zero_centered)} (E[f(Z)] = {g(0.0 if abs(p.mean_output) < 1e-12 else p.mean_output, 3)})"))
    add(c[4], "operations", lambda p: p.cost.ops)
    add(c[4], "time ÷ identity", lambda p: "not measured" if p.cost.relative is None else f"{p.cost.relative:.1f}×")
    add(c[5], "f′ range", lambda p: str(p.derivative_range))
    add(c[5], "max |f′|", lambda p: f"{g(p.max_abs_derivative, 4)} {p.argmax}".strip())
    add(c[5], "saturated (<1% of max)", lambda p: "n/a (vector)" if p.act.kind == "vector" else _zones_text(p.saturation))
    add(c[5], "dead zone (f′ ≡ 0)", lambda p: "n/a (vector)" if p.act.kind == "vector" else _zones_text(p.dead_zones))
    for n in sorted(profiles[0].depth_factor) if profiles else ():
        add(c[5], f"max|f′|^{n} ({n} layers)", lambda p, n=n: (
            "unbounded" if math.isinf(p.depth_factor[n]) else g(p.depth_factor[n], 3)))
    if any(p.measured for p in profiles):
        add(c[5], "measured dZ₁ ÷ dZ₁₀", lambda p: (
            g(p.measured["gradient_ratio"], 3) + (f" (init {p.measured['init']})") if p.measured else "n/a"))
    add(c[6], "parameters", lambda p: ", ".join(f"{k}={g(v) if isinstance(v, float) else v}" for k, v in p.act.params.items()) or "—")
    add(c[6], "weight init", _gain_text)
    add(c[6], "variance gain 1/rms", lambda p: "—" if p.variance_gain is None else g(p.variance_gain, 4))
    return rows


def compare_table(profiles: list[Any]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=False)
    table.add_column("criterion", style="dim", no_wrap=True, max_width=26)
    for p in profiles:
        table.add_column(Text(p.act.label + (" (estimated)" if p.act.record.estimated else "")), overflow="fold")
    last = None
    for group, label, values in comparison_rows(profiles):
        if group != last:
            if last is not None:
                table.add_section()
            table.add_row(Text(group, style="bold"), *[""] * len(values))
            last = group
        table.add_row(Text("  " + label), *[Text(v) for v in values])  # Text: no markup in "[f(Z)]"
    return table


def compare_markdown(profiles: list[Any]) -> str:
    head = "| criterion | property | " + " | ".join(f"`{p.act.label}`" for p in profiles) + " |"
    sep = "|---|---|" + "---|" * len(profiles)
    lines = [head, sep]
    for group, label, values in comparison_rows(profiles):
        cells = [v.replace("|", "&#124;") for v in values]
        lines.append(f"| {group} | {label.replace('|', '&#124;')} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def compare_csv(profiles: list[Any]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["criterion", "property", *[p.act.label for p in profiles]])
    for group, label, values in comparison_rows(profiles):
        writer.writerow([group, label, *values])
    return buf.getvalue()


def _zone_json(z: Any) -> dict[str, Any]:
    return {"from": json_num(-math.inf if z.open_left else z.lo),
            "to": json_num(math.inf if z.open_right else z.hi), "description": z.describe()}


def profile_json(p: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "nonlinear": p.nonlinear,
        "differentiable": p.differentiable,
        "non_differentiable_at": [
            {"x": k.x, "derivative": k.derivative, "left": k.left, "right": k.right,
             "continuous": k.continuous, "convention": k.convention} for k in p.kinks
        ],
        "smoothness": p.smoothness,
        "monotonic": p.monotonic,
        "output_range": p.output_range.to_json(),
        "zero_centered": p.zero_centered,
        "mean_output_std_normal": p.mean_output,
        "identity_near_zero": p.identity_near_zero,
        "derivative_range": {"min": json_num(p.derivative_range.lo), "max": json_num(p.derivative_range.hi),
                             "min_inclusive": p.derivative_range.lo_closed,
                             "max_inclusive": p.derivative_range.hi_closed},
        "max_abs_derivative": json_num(p.max_abs_derivative),
        "argmax": p.argmax,
        "saturation": {
            "threshold": "|f′| < 1% of max |f′|",
            "saturates_left": p.saturates[0],
            "saturates_right": p.saturates[1],
            "zones": [_zone_json(z) for z in p.saturation],
        },
        "dead_zone": [_zone_json(z) for z in p.dead_zones],
        "depth_factor": {str(n): json_num(v) for n, v in p.depth_factor.items()},
        "cost": {"operations": p.cost.ops, "relative_to_identity": p.cost.relative, "method": p.cost.method},
        "init": {"scheme": p.init_scheme, "gain": p.init_gain, "note": p.init_note,
                 "variance_gain": p.variance_gain},
    }
    if p.measured:
        props["measured"] = p.measured
    return {"name": p.act.name, "params": dict(p.act.params), "kind": p.act.kind,
            "estimated": p.act.record.estimated, "properties": props}


# --- recommend ------------------------------------------------------------------------------------


def _layer_row(p: Any) -> tuple[str, str, str, str]:
    chosen = p.chosen
    use = chosen.choice if chosen and chosen.choice else "—"
    alts = ", ".join(chosen.alternatives) if chosen and chosen.alternatives else "—"
    avoid = ", ".join(p.avoid) or "—"
    return p.layer, use, alts, avoid


def recommendation_renderables(rec: Any) -> list[Any]:
    what = f"a {rec.task} task" if rec.task else "hidden layers"
    extras = [f"{k} {v}" for k, v in rec.request.items() if v and k != "task"]
    title = f"Recommendation for {what}" + (f" ({', '.join(extras)})" if extras else "")
    out: list[Any] = [Text(title, style="bold")]
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
    for risk in rec.risks:
        out.append(_indent(f"warning: {risk}", 2, style="bold yellow"))
    out.append(Text(""))
    out.append(Text("Why (rules applied; 'actcli recommend --explain ID' for one):", style="bold"))
    for r in rec.applied():
        out.append(_indent(f"[{r.id}] {r.title}", 2, style="bold"))
        out.append(_indent(r.why, 4))
        out += [_indent(f"- {src}", 4, style="dim") for src in r.source]
    return out


def _indent(text: str, n: int, style: str = "") -> Any:
    """A block of text indented by n columns, wrapped lines included."""
    from rich.padding import Padding

    return Padding(Text(text, style=style), (0, 0, 0, n))


def recommendation_json(rec: Any) -> dict[str, Any]:
    def layer(p: Any, with_loss: bool) -> dict[str, Any] | None:
        if p is None:
            return None
        c = p.chosen
        data: dict[str, Any] = {
            "activation": c.choice if c else None,
            "alternatives": list(c.alternatives) if c else [],
            "avoid": list(p.avoid),
            "init": c.init if c else None,
            "rule": c.id if c else None,
        }
        if with_loss:
            data["loss"] = c.loss if c else None
        return data

    return {
        "task": rec.task,
        "request": {k: v for k, v in rec.request.items()},
        "hidden": layer(rec.hidden, False),
        "output": layer(rec.output, True),
        "warnings": list(rec.risks),
        "rules": [{"id": r.id, "title": r.title, "why": r.why, "source": list(r.source)} for r in rec.applied()],
    }


def _when_text(r: Any) -> str:
    return ", ".join(f"{k}={'|'.join(v)}" for k, v in r.when.items()) or "always"


def rules_table(rules: Any) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("id", "layer", "when", "advice"):
        table.add_column(col, no_wrap=col == "id", overflow="fold")
    for r in rules:
        advice = (f"use {r.choice}" if r.choice else "") + (
            ("; " if r.choice and r.avoid else "") + "avoid " + ", ".join(r.avoid) if r.avoid else "")
        table.add_row(Text(r.id), r.layer, Text(_when_text(r)), Text(advice))
    return table


def rule_renderables(r: Any) -> list[Any]:
    lines = [
        Text(f"{r.id}: {r.title}", style="bold"),
        _indent(f"layer: {r.layer}    applies when: {_when_text(r)}", 2),
    ]
    if r.choice:
        lines.append(_indent(f"use: {r.choice}" + (f"    alternatives: {', '.join(r.alternatives)}" if r.alternatives else ""), 2))
    if r.avoid:
        lines.append(_indent(f"avoid: {', '.join(r.avoid)}", 2))
    if r.init:
        lines.append(_indent(f"init: {r.init}", 2))
    if r.loss:
        lines.append(_indent(f"loss: {r.loss}", 2))
    lines.append(_indent(f"why: {r.why}", 2))
    lines.append(_indent("sources:", 2))
    lines += [_indent(f"- {src}", 4, style="dim") for src in r.source]
    return lines


def rule_json(r: Any) -> dict[str, Any]:
    return {"id": r.id, "layer": r.layer, "title": r.title, "when": {k: list(v) for k, v in r.when.items()},
            "choice": r.choice, "alternatives": list(r.alternatives), "avoid": list(r.avoid),
            "init": r.init, "loss": r.loss, "why": r.why, "source": list(r.source)}


# --- simulate -------------------------------------------------------------------------------------


def _e(v: float) -> str:
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞"
    return f"{v:.2e}".replace("-", "−")


def simulate_renderables(runs: list[Any], loss: str) -> list[Any]:
    out: list[Any] = []
    first = runs[0]
    out.append(Text(
        f"{first.depth} hidden layers × {first.width} units, batch {first.batch}, seed {first.seed}; "
        f"inputs N(0, 1); loss: {loss}", style="dim"))
    for run in runs:
        s = run.summary
        out.append(Text(""))
        out.append(Text(f"{run.act.label}  —  init {run.init} (gain {g(run.gain, 4)})", style="bold"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for col in ("layer", "Var Z", "Var A", "rms dA", "rms dZ", "rms dW", "dead", "sat."):
            table.add_column(col, justify="right", no_wrap=True)
        for st in _thin(run.layers):
            if st is None:
                table.add_row("…", *[""] * 7)
                continue
            table.add_row(str(st.layer), _e(st.z_var), _e(st.a_var), _e(st.da_rms), _e(st.dz_rms), _e(st.dw_rms),
                          f"{st.dead_fraction:.0%}", f"{st.saturated_fraction:.0%}")
        out.append(table)
        verdict = (
            f"falls below 1% of the last layer's by layer {s.vanishes_at_layer} "
            f"({s.layers_to_vanish} layers back from the output)"
            if s.vanishes_at_layer is not None else "stays above 1% of the last layer's in every layer"
        )
        out.append(_indent(
            f"gradient (rms dZ) layer 1 ÷ layer {run.depth} = {_e(s.gradient_ratio)}; it {verdict}. "
            f"Var A spread ×{g(s.activation_variance_ratio, 3)}, rms dZ spread ×{g(s.gradient_rms_ratio, 3)}; "
            f"dead units {s.dead_fraction:.1%}, saturated {s.saturated_fraction:.1%} (sat.: |g′| < 1% of its max).", 2))
    return out


def _thin(layers: list[Any], keep: int = 12) -> list[Any]:
    """All layers when few; otherwise the first and last few with an ellipsis row between."""
    if len(layers) <= keep:
        return list(layers)
    half = keep // 2
    return [*layers[:half], None, *layers[-half:]]


def simulate_json(runs: list[Any], loss: str) -> dict[str, Any]:
    out = []
    for run in runs:
        s = run.summary
        out.append({
            "activation": run.act.name,
            "params": dict(run.act.params),
            "init": run.init,
            "gain": run.gain,
            "loss": loss,
            "loss_value": run.loss_value,
            "depth": run.depth, "width": run.width, "batch": run.batch, "seed": run.seed,
            "summary": {
                "gradient_ratio": json_num(s.gradient_ratio),
                "vanishes_at_layer": s.vanishes_at_layer,
                "layers_to_vanish": s.layers_to_vanish,
                "dead_fraction": s.dead_fraction,
                "saturated_fraction": s.saturated_fraction,
                "activation_variance_ratio": json_num(s.activation_variance_ratio),
                "gradient_rms_ratio": json_num(s.gradient_rms_ratio),
            },
            "layers": [
                {"layer": st.layer, "z_mean": json_num(st.z_mean), "z_var": json_num(st.z_var),
                 "a_mean": json_num(st.a_mean), "a_var": json_num(st.a_var), "da_rms": json_num(st.da_rms),
                 "dz_rms": json_num(st.dz_rms), "dw_rms": json_num(st.dw_rms),
                 "dead_fraction": st.dead_fraction, "saturated_fraction": st.saturated_fraction}
                for st in run.layers
            ],
        })
    return {"runs": out}


def markdown_rules(rules: Any) -> str:
    """The README's table of recommendation rules, generated from the rule records."""
    lines = ["| id | layer | applies when | advice | why | sources |", "|---|---|---|---|---|---|"]
    for r in rules:
        advice = "; ".join(
            part for part in (
                f"use `{r.choice}`" if r.choice else "",
                "avoid " + ", ".join(f"`{a}`" for a in r.avoid) if r.avoid else "",
                f"loss: {r.loss}" if r.loss else "",
                f"init: {r.init}" if r.init else "",
            ) if part
        )
        lines.append(
            f"| `{r.id}` | {r.layer} | {_when_text(r)} | {advice} | {r.why} | " + "<br>".join(r.source) + " |"
        )
    return "\n".join(line.replace("\n", " ") for line in lines)
