"""Turn core results into rich tables and JSON-ready dicts. Imports rich, never typer or matplotlib."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table

from actcli.record import Param, Record, fmt_num, json_num


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
