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
