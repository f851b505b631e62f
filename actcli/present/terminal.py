"""What the commands print on a terminal: rich tables and text, built from result objects.

Imports rich (never typer or matplotlib). Every renderer takes the library's result type.
"""

from __future__ import annotations

import io
import math
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.containers import Lines
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from actcli.core.constants import SATURATION_FRACTION
from actcli.i18n import N_, _, ngettext
from actcli.present import blocks, words
from actcli.present.numbers import interval, label, num, sci, value

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType, RenderResult

    from actcli.analysis.derive import DeriveReport
    from actcli.analysis.profile import Profile
    from actcli.core.record import Record
    from actcli.nn.simulate import LayerStats, Run
    from actcli.present.blocks import Block
    from actcli.recommend.engine import Pick, Recommendation
    from actcli.recommend.rules import Rule


# --- line breaking for Chinese ---------------------------------------------------------------------

#: no line starts with these (closing punctuation), and none ends with the opening ones
_NO_START = set("，。、；：？！）》」』】〕…—,.;:?!)]}%")
_NO_END = set("（《「『【〔([{")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def breaks(text: str) -> list[int]:
    """The offsets where a line of ``text`` may break: after a run of spaces, as in English, and
    also before or after a wide (CJK) character, as Chinese is set — except before closing and
    after opening punctuation."""
    out = []
    for i in range(1, len(text)):
        before, here = text[i - 1], text[i]
        if here.isspace():
            continue
        if before.isspace() or ((_wide(before) or _wide(here)) and here not in _NO_START and before not in _NO_END):
            out.append(i)
    return out


def _pieces(text: str) -> list[str]:
    """``text`` cut at every place a line may break (the unbreakable pieces)."""
    cuts = [0, *breaks(text), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def _has_wide(text: str) -> bool:
    return any(_wide(ch) for ch in text)


class Prose(Text):
    """Text that wraps as English does (at spaces) and, where it holds Chinese, also between CJK
    characters, so that a Chinese line fills the width instead of breaking only at the rare space.
    Text without wide characters wraps exactly as rich's Text."""

    def wrap(self, console: Console, width: int, *, justify: Any = None, overflow: Any = None,
             tab_size: int = 8, no_wrap: bool | None = None) -> Lines:
        if no_wrap or not _has_wide(self.plain):
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                                no_wrap=no_wrap)
        lines = Lines()
        for line in self.split(allow_blank=True):
            plain = line.plain
            offsets: list[int] = []
            start, used, last = 0, 0, None  # last: the latest place this line may break
            allowed = set(breaks(plain))
            for i in range(len(plain)):
                if i in allowed:
                    last = i
                used = cell_len(plain[start:i + 1].rstrip())
                if used > width and i > start:
                    cut = last if last is not None and last > start else i
                    offsets.append(cut)
                    start, last = cut, None
            for k, piece in enumerate(line.divide(offsets)):
                lead = len(piece.plain) - len(piece.plain.lstrip(" ")) if k else 0
                if lead:
                    piece = piece[lead:]
                piece.rstrip()
                lines.append(piece)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not _has_wide(self.plain):
            return super().__rich_measure__(console, options)
        lines = self.plain.splitlines()
        widest = max((cell_len(line) for line in lines), default=0)
        return Measurement(max((cell_len(p.strip()) for p in _pieces(self.plain)), default=widest), widest)


def _indent(text: str, n: int, style: str = "") -> Padding:
    """A block of text indented by n columns, wrapped lines included."""
    return Padding(Prose(_terminal_minus(text), style=style), (0, 0, 0, n))


class Verbatim:
    """A line printed exactly as it is, never wrapped (LaTeX must paste back as written). The
    console must print it with ``crop=False``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(self.text)
        yield Segment.line()

    def __str__(self) -> str:
        return self.text


def _hang(prefix: str, text: str, indent: int, style: str = "") -> Padding:
    """``prefix`` then ``text``, wrapped lines aligned under the text (a hanging indent)."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(prefix, style=style), Prose(_terminal_minus(text), style=style))
    return Padding(grid, (0, 0, 0, indent))


def _blocks(items: list[RenderableType]) -> list[RenderableType]:
    """Indented lines keep their indent when they wrap."""
    out: list[RenderableType] = []
    for item in items:
        if isinstance(item, Text) and item.plain.startswith(" ") and item.plain.strip():
            n = len(item.plain) - len(item.plain.lstrip(" "))
            out.append(Padding(_prose(item[n:]), (0, 0, 0, n)))
        elif isinstance(item, Text):
            out.append(_prose(item))
        else:
            out.append(item)
    return out


def _prose(text: Text) -> Prose:
    out = Prose(text.plain, style=text.style, justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap,
                end=text.end)
    out.spans = list(text.spans)
    return out


def _terminal_minus(text: str) -> str:
    """Exponents as the terminal writes every number (9.1e−13): one minus sign per output."""
    return re.sub(r"(\d)e-(\d)", "\\1e−\\2", text)


def params_text(r: Record) -> str:
    return ", ".join(f"{p.name}={value(p.default)}" for p in r.params)


# --- list ------------------------------------------------------------------------------------------


def list_table(records: tuple[Record, ...]) -> Table:
    """The cells of :func:`actcli.present.plain.list_cells` as a rich table: names in bold, the
    details dim. Without styles, :func:`actcli.present.plain.table_lines` writes the same lines."""
    from actcli.present.plain import LIST_WRAPS, list_cells

    headers, rows, caption = list_cells(records)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        caption=Text(caption, style="table.caption"),
        caption_justify="left",
        pad_edge=False,
    )
    for header, wraps in zip(headers, LIST_WRAPS):
        table.add_column(Text(header), no_wrap=not wraps, style="bold" if header == headers[0] else None,
                         ratio=1 if wraps else None)
    for name, kind, output, summary, details in rows:
        what = Prose(summary)  # Chinese breaks between characters
        if details:
            what.append("\n" + details, style="dim")
        table.add_row(Text(name), Text(kind), Text(output), what)
    return table


# --- derive ----------------------------------------------------------------------------------------


def rich_blocks(items: list[Block]) -> list[RenderableType]:
    """Plain blocks as rich renderables: lines (indented ones keep their indent when they wrap),
    literal lines, and tables of right-aligned cells."""
    out: list[RenderableType] = []
    for item in items:
        if isinstance(item, blocks.Line):
            out.append(Text(item.text, style=item.style))
        elif isinstance(item, blocks.Literal):
            out.append(Verbatim(item.text))
        else:
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
            for col in item.headers:
                table.add_column(col, justify="right", no_wrap=True)
            for row in item.rows:
                table.add_row(*row)
            out.append(table)
    return _blocks(out)


def derive(report: DeriveReport, latex: bool = False) -> list[RenderableType]:
    """What ``actcli derive`` prints for one activation, top to bottom (for an elementwise one, the
    blocks of :func:`actcli.present.blocks.derive`)."""
    items = blocks.derive(report, latex)
    if items is not None:
        return rich_blocks(items)
    if report.gated is not None:
        return _blocks(rich_blocks(blocks.derive_title(report)) + _derive_gated(report, latex))
    head = blocks.derive_title(report) + blocks.derive_formulas(report, latex)
    return _blocks(rich_blocks(head) + _derive_vector(report))


def _derive_gated(report: DeriveReport, latex: bool) -> list[RenderableType]:
    """The gate g and g′, the product f(a, b) and both partials, the point, and the check."""
    act = report.act
    r = act.record
    check = report.gated
    assert check is not None and r.product is not None
    out: list[RenderableType] = [Text("  " + _(words.GATED_HALVES))]
    if r.linear is not None:
        out.append(Text("  " + _(words.GATED_INTERLEAVED)))
    for formula in (r.formula, r.derivative, *r.product):  # g, g′, f, ∂f/∂a, ∂f/∂b
        out.append(Verbatim(f"  {formula.latex}") if latex else Text(f"  {_(formula.text)}"))
    kinks = [("b", k) for k in check.kinks_b] + [("a", k) for k in check.kinks_a]
    if kinks:
        out.append(Text("  " + _("not differentiable at:")))
        for var, k in kinks:
            what = "g′" if var == "b" else "∂f/∂a"
            out.append(Text("    " + _("{point}: {text}").format(point=f"{var} = {num(k.x)}",
                                                          text=words.kink(k).replace("f′", what))))
    else:
        out.append(Text("  " + _("differentiable everywhere (in a and in b)")))
    gate = act.claims
    out.append(Text("  " + _("over all b: {ranges}  (a square bracket marks an end that is attained)").format(
        ranges=f"g ∈ {interval(gate.output_range)}, g′ ∈ {interval(gate.derivative_range)}")))
    p = check.point
    out.append(Text("  " + _("at {point}:").format(point=f"a = {num(p.a)}, b = {num(p.b)}")))
    out.append(Text(f"    f(a, b) = {num(p.f)}   g(b) = {num(p.g)}   g′(b) = {num(p.dg)}"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for col in (_("partial"), _("analytic"), _("numeric"), _("difference")):
        table.add_column(col, justify="right", no_wrap=True)
    for name, an, nu in (("∂f/∂a", p.df_da, p.numeric_da), ("∂f/∂b", p.df_db, p.numeric_db)):
        if math.isnan(nu):
            table.add_row(name, num(an), _("(kink)"), "—")
        else:
            table.add_row(name, num(an), num(nu), sci(an - nu, 1))
    out.append(Padding(table, (0, 0, 0, 4)))
    out.append(Text("  " + blocks.verdict(check.ok, sci(check.max_abs_error, 1), check.points),
                    style="green" if check.ok else "bold red"))
    notes = [words.gated_method(report.lo, report.hi, p.a, p.b)]
    if check.skipped:
        notes.append(_("{n} points next to kinks skipped").format(n=check.skipped))
    out.append(Text("    " + _("({text})").format(text=_("; ").join(notes)), style="dim"))
    return out


def _derive_vector(report: DeriveReport) -> list[RenderableType]:
    act = report.act
    vc = report.vector
    assert vc is not None
    out: list[RenderableType] = []
    alpha = act.record.tsallis
    if alpha is not None:
        if alpha == 2:
            text = _("with its Fenchel–Young loss L = ⟨z, p − y⟩ + H(p) − H(y), H the Tsallis entropy with "
                     "α = {alpha} (the sparsemax loss):  ∂L/∂z = p − y  (cross-entropy would be infinite where "
                     "pᵢ = 0)")
        else:
            text = _("with its Fenchel–Young loss L = ⟨z, p − y⟩ + H(p) − H(y), H the Tsallis entropy with "
                     "α = {alpha}:  ∂L/∂z = p − y  (cross-entropy would be infinite where pᵢ = 0)")
        out.append(Text("  " + text.format(alpha=num(alpha))))
    elif act.record.log_output:
        out.append(Text("  " + _("with negative log-likelihood L = −Σ yᵢ ℓᵢ:  ∂L/∂z = softmax(z) − y")))
    else:
        out.append(Text("  " + _("with cross-entropy L = −Σ yᵢ log sᵢ:  ∂L/∂z = {gradient}  (y one-hot or any "
                                 "distribution)").format(
            gradient="s − y" if act.record.logit_sign > 0 else "−(s − y)")))
    if report.values_vector is not None:
        z, s, jac = report.values_vector
        out.append(Text("  " + _("at {point}:").format(point=f"z = [{', '.join(num(v) for v in z)}]")))
        out.append(Text(f"    {act.name}(z) = [{', '.join(num(v) for v in s)}]"))
        out.append(Text("    " + _("Jacobian =")))
        for row in jac:
            out.append(Text("      [" + ", ".join(f"{num(v):>10}" for v in row) + "]"))
    props = report.properties
    if props is not None and alpha is not None:
        gap = num(1 / (alpha - 1))
        out.append(Text("  " + _("in a unit's own logit {var}, any K ≥ 2:").format(var=_(props.variable))))
        out.append(Text("    " + _("monotonic in zᵢ: {monotonic}").format(monotonic=words.monotonic(props))))
        out.append(Text("    " + _("{sup}, not attained (approached only as K → ∞)").format(
            sup=f"sup |∂pᵢ/∂zᵢ| = {num(props.sup_abs)}")))
        out.append(Text("    " + _("dead (∂pᵢ/∂zᵢ ≡ 0) on both sides: pᵢ = 0 while zᵢ is below the others' "
                                   "threshold, pᵢ = 1 once {condition}").format(
            condition=f"zᵢ ≥ max_{{j≠i}} zⱼ + {gap}")))
        if alpha == 2:
            out.append(Text("    " + _("the entries take only the values 0 and 1 − 1/|S| (diagonal), 0 and −1/|S| "
                                       "(off-diagonal), |S| the support's size")))
    elif props is not None:
        out.append(Text("  " + _("in a unit's own margin {var}, any K ≥ 2:").format(var=props.variable)))
        out.append(Text("    " + _("monotonic in zᵢ: {monotonic}").format(monotonic=words.monotonic(props))))
        out.append(Text(f"    {words.sup_derivative(props)}"))
        out.append(Text("    " + _("saturates ({condition}): {where}").format(
            condition=_("|∂sᵢ/∂zᵢ| < {fraction} of sup").format(fraction=f"{SATURATION_FRACTION:.0%}"),
            where=words.saturation(props.saturation, "u"))))
    if props is not None:
        for e in props.jacobian:
            off = "—" if e.off_diagonal is None else interval(e.off_diagonal)
            k = "K " + ("= " + e.k if e.k != ">=3" else "≥ 3")
            text = (_("Jacobian entries, {k}: diagonal {diagonal}, off-diagonal {off}  (constant output)") if e.k == "1"
                    else _("Jacobian entries, {k}: diagonal {diagonal}, off-diagonal {off}"))
            out.append(Text("    " + text.format(k=k, diagonal=interval(e.diagonal), off=off)))
    errors = {"jacobian": sci(vc.jacobian_max_abs_error, 1), "vjp": sci(vc.vjp_max_abs_error, 1),
              "gradient": sci(vc.cross_entropy_max_abs_error, 1)}
    if vc.ok:
        text = (_("verified: Jacobian max |analytic − numeric| = {jacobian}, vjp {vjp},\n  loss gradient {gradient}")
                if alpha is not None else
                _("verified: Jacobian max |analytic − numeric| = {jacobian}, vjp {vjp},\n  cross-entropy gradient "
                  "{gradient}"))
    else:
        text = (_("NOT VERIFIED: Jacobian max |analytic − numeric| = {jacobian}, vjp {vjp},\n  loss gradient "
                  "{gradient}") if alpha is not None else
                _("NOT VERIFIED: Jacobian max |analytic − numeric| = {jacobian}, vjp {vjp},\n  cross-entropy "
                  "gradient {gradient}"))
    out.append(Text("  " + text.format(**errors), style="green" if vc.ok else "bold red"))
    out.append(Text("    " + _("({text})").format(text=_terminal_minus(words.vector_method(vc))), style="dim"))
    if report.values_vector is not None and list(vc.z) != report.values_vector[0]:
        out.append(Text("    " + _("(an entry of z sits at the support's edge, where the Jacobian jumps: it is "
                                   "checked just outside, where the Jacobian is the one shown)"), style="dim"))
    return out


# --- compare ---------------------------------------------------------------------------------------


#: cells between two columns of a SIMPLE_HEAD table: padding 1 + an invisible divider + padding 1
_GAP = 3


def _longest_word(text: str) -> int:
    """The widest piece of ``text`` no line break may split (a word; a CJK character or a run that
    must stay together)."""
    if not _has_wide(text):
        return max((cell_len(w) for w in text.split()), default=0)
    return max((cell_len(p.strip()) for p in _pieces(text)), default=0)


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def fit_columns(cells: list[list[str]], available: int) -> list[int] | None:
    """Widths for columns of wrapped text that never break a word: each column gets at least its
    longest word, the room left over goes to the columns whose text is longest. None when even the
    longest words do not fit side by side in ``available`` cells."""
    lows = [max((_longest_word(c) for c in col), default=1) for col in cells]
    highs = [max(lo, max((_longest_line(c) for c in col), default=1)) for lo, col in zip(lows, cells)]
    if sum(lows) > available:
        return None
    if sum(highs) <= available:
        return highs
    spare = available - sum(lows)
    want = [hi - lo for lo, hi in zip(lows, highs)]
    extra = [spare * w // sum(want) for w in want]
    for i in sorted(range(len(want)), key=lambda i: want[i] - extra[i], reverse=True)[: spare - sum(extra)]:
        extra[i] += 1
    return [lo + e for lo, e in zip(lows, extra)]


def _chunks(n: int, size: int) -> list[range]:
    """n items in ceil(n/size) consecutive groups of near-equal size."""
    groups = -(-n // size)
    bounds = [round(i * n / groups) for i in range(groups + 1)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:])]


def compare_tables(profiles: list[Profile], width: int = 80) -> list[RenderableType]:
    """compare's table at ``width`` columns: every activation side by side when their longest words
    fit, otherwise in blocks of as many as fit, each block repeating the criterion column. Cells wrap
    at spaces only."""
    rows = words.comparison_rows(profiles)
    estimated = _("{name} (estimated)")
    heads = [estimated.format(name=label(p.act)) if p.props.window is not None else label(p.act) for p in profiles]
    crit = max(cell_len("  " + name) for _, name, _ in rows)
    crit = max(crit, max(cell_len(group) for group, _, _ in rows), cell_len(_("criterion")))
    columns = [[heads[i], *[values[i] for _, _, values in rows]] for i in range(len(profiles))]

    def layout(part: range) -> list[int] | None:
        return fit_columns([columns[i] for i in part], width - crit - _GAP * len(part))

    size = len(profiles)
    while size > 1 and any(layout(part) is None for part in _chunks(len(profiles), size)):
        size -= 1
    out: list[RenderableType] = []
    for part in _chunks(len(profiles), size):
        widths = layout(part) or [max(_longest_word(c) for c in columns[i]) for i in part]
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column(_("criterion"), style="dim", no_wrap=True, width=crit)
        for i, w in zip(part, widths):
            table.add_column(Text(heads[i]), width=w, overflow="fold")
        last = None
        for group, name, values in rows:
            if group != last:
                if last is not None:
                    table.add_section()
                table.add_row(Text(group, style="bold"), *[""] * len(part))
                last = group
            table.add_row(Prose("  " + name), *[Prose(values[i]) for i in part])  # Text: no markup in "[f(Z)]"
        if out:
            out.append(Text(""))
        out.append(table)
    return out


# --- recommend -------------------------------------------------------------------------------------


def _layer_row(p: Pick) -> tuple[str, str, str, str]:
    chosen = p.chosen
    use = chosen.choice if chosen and chosen.choice else "—"
    alts = ", ".join(chosen.alternatives) if chosen and chosen.alternatives else "—"
    avoid = ", ".join(p.avoid) or "—"
    return _(LAYERS.get(p.layer, p.layer)), use, alts, avoid


#: the layers a rule is about, as a table names them
LAYERS = {"hidden": N_("hidden"), "output": N_("output")}
#: the other keys of a request, as the title names them
REQUEST_KEYS = {"symptom": N_("symptom"), "architecture": N_("architecture"), "layer": N_("layer")}
#: the tasks recommend knows, as its title names them
TASKS = {"binary": N_("Recommendation for a binary task"), "multiclass": N_("Recommendation for a multiclass task"),
         "multilabel": N_("Recommendation for a multilabel task"),
         "regression": N_("Recommendation for a regression task")}


def recommendation(rec: Recommendation) -> list[RenderableType]:
    if rec.task:
        title = _(TASKS[rec.task]) if rec.task in TASKS else _("Recommendation for a {task} task").format(task=rec.task)
    else:
        title = _("Recommendation for hidden layers")
    extras = [f"{_(REQUEST_KEYS.get(k, k))} {v}" for k, v in rec.request.items() if v and k != "task"]
    if extras:
        title = _("{title} ({extras})").format(title=title, extras=", ".join(extras))
    out: list[RenderableType] = [Text(title, style="bold"), Text("")]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for col in (_("layer"), _("use"), _("alternatives"), _("avoid")):
        table.add_column(col)
    picks = [p for p in (rec.hidden, rec.output) if p is not None]
    for p in picks:
        table.add_row(*[Text(v) for v in _layer_row(p)])
    out.append(table)
    out.append(Text(""))
    for p in picks:
        layer = _(LAYERS.get(p.layer, p.layer))
        if p.chosen and p.chosen.init:
            out.append(_hang(_("{layer} init: ").format(layer=layer), _(p.chosen.init), 2))
        if p.chosen and p.chosen.loss:
            out.append(_hang(_("{layer} loss: ").format(layer=layer), _(p.chosen.loss), 2))
        if p.chosen and p.chosen.also:
            out.append(_hang(_("{layer} also: ").format(layer=layer), _(p.chosen.also), 2))
    for risk in rec.risks:
        out.append(_hang(_("warning: "), words.risk(risk), 2, style="bold yellow"))
    out.append(Text(""))
    out.append(Text(_("Why (rules applied; 'actcli recommend --explain ID' for one):"), style="bold"))
    for r in rec.applied():
        out.append(_indent(f"[{r.id}] {_(r.title)}", 2, style="bold"))
        out.append(_indent(_(r.why), 4))
        out += [_hang("- ", _(src), 4, style="dim") for src in r.source]
    return out


#: the groups of the rules table
LAYER_HEADS = {"hidden": N_("hidden layer"), "output": N_("output layer")}


def rules_table(rules: tuple[Rule, ...], width: int = 80) -> Table:
    """Every rule, grouped by layer; cells wrap at spaces only, never inside an id or an option."""
    heads = ("id", _("when"), _("advice"))
    rows = []
    for r in rules:
        parts = [_("use {name}").format(name=r.choice)] if r.choice else []
        if r.avoid:
            parts.append(_("avoid {names}").format(names=", ".join(r.avoid)))
        rows.append((r.layer, (r.id, words.when(r), _("; ").join(parts))))
    cells = [[heads[i], *[row[i] for _, row in rows]] for i in range(len(heads))]
    widths = fit_columns(cells, width - _GAP * (len(heads) - 1)) or [
        max(_longest_word(c) for c in col) for col in cells]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for col, w in zip(heads, widths):
        table.add_column(col, width=w, overflow="fold")
    last = None
    for layer, row in rows:
        if layer != last:
            if last is not None:
                table.add_section()
            table.add_row(Text(_(LAYER_HEADS.get(layer, "{layer} layer")).format(layer=layer), style="bold"), "", "")
            last = layer
        table.add_row(*[Text(v) for v in row])
    return table


def rule(r: Rule) -> list[RenderableType]:
    lines: list[RenderableType] = [
        Text(f"{r.id}: {_(r.title)}", style="bold"),
        _indent(_("layer: {layer}    applies when: {when}").format(layer=_(LAYERS.get(r.layer, r.layer)),
                                                                  when=words.when(r)), 2),
    ]
    if r.choice:
        use = _("use: {name}").format(name=r.choice)
        if r.alternatives:
            use += "    " + _("alternatives: {names}").format(names=", ".join(r.alternatives))
        lines.append(_indent(use, 2))
    if r.avoid:
        lines.append(_indent(_("avoid: {names}").format(names=", ".join(r.avoid)), 2))
    if r.init:
        lines.append(_indent(_("init: {text}").format(text=_(r.init)), 2))
    if r.loss:
        lines.append(_indent(_("loss: {text}").format(text=_(r.loss)), 2))
    if r.also:
        lines.append(_indent(_("also: {text}").format(text=_(r.also)), 2))
    lines.append(_indent(_("why: {text}").format(text=_(r.why)), 2))
    lines.append(_indent(_("sources:"), 2))
    lines += [_hang("- ", _(src), 4, style="dim") for src in r.source]
    return lines


# --- simulate --------------------------------------------------------------------------------------


#: below this batch size "dead" (g′ = 0 for every example of the batch) is mostly chance
RELIABLE_DEAD_BATCH = 32

_FORWARD = ("mean Z", "Var Z", "mean A", "Var A")
_BACKWARD = ("rms dA", "rms dZ", "rms dW", "dead", "sat.")


#: simulate's column heads that are words (the others are quantities: Var Z, rms dA)
COLUMNS = {"layer": N_("layer"), "mean Z": N_("mean Z"), "mean A": N_("mean A"), "dead": N_("dead"),
           "sat.": N_("sat.")}


def _layer_cells(st: LayerStats) -> dict[str, str]:
    return {
        "mean Z": sci(st.z_mean), "Var Z": sci(st.z_var), "mean A": sci(st.a_mean), "Var A": sci(st.a_var),
        "rms dA": sci(st.da_rms), "rms dZ": sci(st.dz_rms), "rms dW": sci(st.dw_rms),
        "dead": f"{st.dead_fraction:.0%}", "sat.": f"{st.saturated_fraction:.0%}",
    }


def _layer_table(layers: list[LayerStats | None], cols: tuple[str, ...], title: str | None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, title=title, title_justify="left",
                  title_style="")
    for col in ("layer", *cols):
        table.add_column(_(COLUMNS.get(col, col)), justify="right", no_wrap=True)
    for st in layers:
        if st is None:
            table.add_row("…", *[""] * len(cols))
            continue
        cells = _layer_cells(st)
        table.add_row(str(st.layer), *[cells[c] for c in cols])
    return table


def dead_caveat(batch: int) -> str:
    return ngettext(
        "note: with a batch of {batch}, \"dead\" means g′ = 0 for all {batch} example; a unit that is off half the "
        "time passes that test by chance with probability {p}, so use --batch {reliable} or more to measure dead units",
        "note: with a batch of {batch}, \"dead\" means g′ = 0 for all {batch} examples; a unit that is off half the "
        "time passes that test by chance with probability {p}, so use --batch {reliable} or more to measure dead units",
        batch).format(batch=batch, p=f"{0.5 ** batch:.2g}", reliable=RELIABLE_DEAD_BATCH)


def simulation(runs: list[Run], all_layers: bool = False, width: int = 80) -> list[RenderableType]:
    """simulate's report: per activation, the layers (all, or the first and last six) in one table when
    it fits the width, otherwise a forward table (means and variances) and a backward one."""
    out: list[RenderableType] = []
    first = runs[0]
    out.append(Text(_(
        "{depth} hidden layers × {width} units, batch {batch}, seed {seed}; inputs N(0, 1); loss: {loss}").format(
        depth=first.depth, width=first.width, batch=first.batch, seed=first.seed, loss=_(words.SIMULATE_LOSS)),
        style="dim"))
    if first.batch < RELIABLE_DEAD_BATCH:
        out.append(Text(dead_caveat(first.batch), style="yellow"))
    for run in runs:
        s = run.summary
        out.append(Text(""))
        out.append(Text(_("{name}  —  init {init} (gain {gain})").format(
            name=label(run.act), init=run.init, gain=num(run.gain, 4)), style="bold"))
        layers: list[LayerStats | None] = list(run.layers) if all_layers else _thin(run.layers)
        if _natural_width(layers, _FORWARD + _BACKWARD) <= width:
            out.append(_layer_table(layers, _FORWARD + _BACKWARD, None))
        else:
            out.append(_layer_table(layers, _FORWARD, _("forward pass")))
            out.append(_layer_table(layers, _BACKWARD, _("backward pass")))
        hidden = "" if all_layers or len(layers) == len(run.layers) else _(" --all-layers shows every layer.")
        verdict = words.simulate_verdict(s)
        style = "" if s.verdict == "stable" else "bold yellow"
        out.append(_indent(_("gradient (rms dZ) — {verdict}.").format(verdict=verdict), 2, style=style))
        spread = {"dead": N_("Var A spread ×{a}, rms dZ spread ×{dz}; dead units {dead}, saturated {sat} — most units "
                             "are dead (sat.: |g′| < 1% of sup |g′|)."),
                  "saturated": N_("Var A spread ×{a}, rms dZ spread ×{dz}; dead units {dead}, saturated {sat} — most "
                                  "units are saturated (sat.: |g′| < 1% of sup |g′|).")}.get(
            s.collapse or "", N_("Var A spread ×{a}, rms dZ spread ×{dz}; dead units {dead}, saturated {sat} "
                                 "(sat.: |g′| < 1% of sup |g′|)."))
        out.append(_indent(_(spread).format(
            a=num(s.activation_variance_ratio, 3), dz=num(s.gradient_rms_ratio, 3), dead=f"{s.dead_fraction:.1%}",
            sat=f"{s.saturated_fraction:.1%}") + hidden, 2))
    return out


def _natural_width(layers: list[LayerStats | None], cols: tuple[str, ...]) -> int:
    rows = [_layer_cells(st) for st in layers if st is not None]
    widths = [max(cell_len(_(COLUMNS.get(c, c))), *(cell_len(r[c]) for r in rows)) for c in cols]
    first = max(cell_len(_(COLUMNS["layer"])), *(len(str(st.layer)) for st in layers if st is not None))
    return first + sum(widths) + _GAP * len(cols)


def _thin(layers: list[LayerStats], keep: int = 12) -> list[LayerStats | None]:
    """All layers when few; otherwise the first and last few with an ellipsis row between."""
    if len(layers) <= keep:
        return list(layers)
    half = keep // 2
    return [*layers[:half], None, *layers[-half:]]


# --- the stream ------------------------------------------------------------------------------------

_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


class TrimmedLines(io.TextIOBase):
    """A text stream that drops the spaces rich pads table lines with, so that piped output has no
    trailing blanks. Whole lines are passed on; a partial line waits for its end or a flush."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self._target = target
        self._pending = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        head, sep, tail = self._pending.rpartition("\n")
        if sep:
            self._target.write(_TRAILING.sub(r"\1", head) + "\n")
            self._pending = tail
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._target.write(_TRAILING.sub(r"\1", self._pending))
            self._pending = ""
        self._target.flush()


@contextmanager
def busy(console: Console, message: str, delay: float = 0.3) -> Iterator[None]:
    """A spinner on ``console`` (stderr) while the block runs, when that is a terminal and the block
    takes longer than ``delay`` seconds; nothing at all in a pipe or for quick work."""
    if not console.is_terminal:
        yield
        return
    from rich.status import Status

    status = Status(message, console=console, spinner="dots")
    lock = threading.Lock()
    state = {"started": False, "done": False}

    def start() -> None:
        with lock:
            if not state["done"]:
                status.start()
                state["started"] = True

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["started"]:
                status.stop()
