"""Markdown and CSV: the README's generated tables and compare's document formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from actcli.i18n import _
from actcli.present import words
from actcli.present.blocks import KINDS_LONG
from actcli.present.numbers import interval, label, num
from actcli.present.terminal import LAYERS, params_text

if TYPE_CHECKING:
    from actcli.analysis.profile import Profile
    from actcli.core.record import Record
    from actcli.recommend.rules import Rule


def _cell(text: str) -> str:
    """A Markdown table cell: a literal | would end the cell."""
    return text.replace("|", "&#124;").replace("\n", " ")


def ascii_numbers(text: str) -> str:
    """Numbers as a program reads them: ASCII minus, ``inf`` (CSV, unlike the terminal, is data)."""
    return text.replace("−", "-").replace("∞", "inf")


def activation_table(records: tuple[Record, ...]) -> str:
    """The README's table of activations, generated from the registry (a test keeps it in sync)."""
    rows = [
        "| " + " | ".join((_("name"), _("kind"), _("parameters (default)"), "f(x)", _("range"), _("f′ at kinks"),
                            _("aliases"))) + " |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in records:
        claims = r.claims(r.defaults())
        prime = "g′" if r.gate is not None else "f′"  # a gated kind's kinks are its gate's, in b
        kinks = "; ".join(f"{prime}({num(k.x)}) = {num(k.derivative)}" for k in claims.kinks) or "—"
        shown = r.product[0] if r.product is not None else r.formula  # gated: f(a, b), not the gate
        text = _(shown.text)  # a formula's words are translated with it
        formula = text.split("=", 1)[1].strip() if "=" in text else text
        output = r.product_range(r.defaults()) if r.product_range is not None else claims.output_range
        rows.append(
            f"| `{r.name}`{' ★' if r.in_seed else ''} | {_(KINDS_LONG.get(r.kind, r.kind))} | {params_text(r) or '—'} | "
            f"{_cell(formula)} | {interval(output)} | {kinks} | "
            f"{', '.join(r.aliases) or '—'} |"
        )
    return "\n".join(rows)


def rules_table(rules: tuple[Rule, ...]) -> str:
    """The README's table of recommendation rules, generated from the rule records."""
    lines = ["| id | " + " | ".join((_("layer"), _("applies when"), _("advice"), _("why"), _("sources"))) + " |",
             "|---|---|---|---|---|---|"]
    for r in rules:
        advice = _("; ").join(
            part for part in (
                _("use {name}").format(name=f"`{r.choice}`") if r.choice else "",
                _("avoid {names}").format(names=", ".join(f"`{a}`" for a in r.avoid)) if r.avoid else "",
                _("loss: {text}").format(text=_(r.loss)) if r.loss else "",
                _("init: {text}").format(text=_(r.init)) if r.init else "",
            ) if part
        )
        lines.append(
            f"| `{r.id}` | {_(LAYERS.get(r.layer, r.layer))} | {_cell(words.when(r))} | {_cell(advice)} | {_cell(_(r.why))} | "
            + "<br>".join(_cell(_(s)) for s in r.source) + " |"
        )
    return "\n".join(lines)


def compare_markdown(profiles: list[Profile]) -> str:
    head = f"| {_('criterion')} | {_('property')} | " + " | ".join(f"`{label(p.act)}`" for p in profiles) + " |"
    sep = "|---|---|" + "---|" * len(profiles)
    lines = [head, sep]
    for group, name, values in words.comparison_rows(profiles):
        lines.append(f"| {group} | {_cell(name)} | " + " | ".join(_cell(v) for v in values) + " |")
    return "\n".join(lines)


def compare_csv(profiles: list[Profile]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["criterion", "property", *[label(p.act) for p in profiles]])
    with words.english():  # CSV is data: the same in every language
        rows = words.comparison_rows(profiles)
    for group, name, values in rows:
        writer.writerow([group, name, *[ascii_numbers(v) for v in values]])
    return buf.getvalue()
