"""What ``--framework`` shows: the mapping table of ``actcli list --framework``, the line naming
the framework's function above ``derive``, and ``compare --framework``'s differences, as rich
renderables, JSON dicts and Markdown. Loaded only when a framework is named."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from actcli.i18n import _
from actcli.present import data
from actcli.present.notebook import CompareResult, DeriveResult, _Result, rows, table
from actcli.present.numbers import num, sci

if TYPE_CHECKING:
    from rich.console import RenderableType

    from actcli.analysis.derive import DeriveReport
    from actcli.analysis.difference import Difference, Extreme
    from actcli.analysis.profile import Profile
    from actcli.catalogue.frameworks import Framework, Mapping


# --- JSON ----------------------------------------------------------------------------------------


def mapping(framework: str, m: Mapping, fallback_source: str) -> dict[str, Any]:
    return {"framework": framework, "name": m.name, "api": m.api, "spec": m.spec,
            "source": m.source or fallback_source, "note": m.note or None}


def extreme(e: Extreme | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"max": data.number(e.value), "x": data.number(e.x), "at_edge": e.at_edge}


@data.neutral
def difference(d: Difference) -> dict[str, Any]:
    return {
        "name": d.name,
        "frameworks": [d.first, d.second],
        "specs": [d.first_spec, d.second_spec],
        "proved": d.same,
        "f": extreme(d.f),
        "derivative": extreme(d.d1),
        "window": None if d.same else data.bounds(d.lo, d.hi, True, True),
        "points": None if d.same else d.points,
        "description": data.sentence(difference_text(d)),
    }


# --- results -------------------------------------------------------------------------------------


class FrameworkTable(_Result):
    """What ``actcli list --framework NAME`` shows: how each of the framework's names maps."""

    __slots__ = ("framework",)
    framework: Framework

    def to_list(self) -> list[dict[str, Any]]:
        """The same data as ``actcli list --framework NAME --json``."""
        fw = self.framework
        return [mapping(fw.name, m, fw.source) for m in fw.mappings]

    def _repr_html_(self) -> str:
        return rows(self.to_list())


class FrameworkDeriveResult(DeriveResult):
    """``derive`` of a name as one framework defines it: the report, and which function it is."""

    __slots__ = ("framework", "mapping")
    framework: str
    mapping: Mapping

    def __init__(self, report: DeriveReport, framework: str, m: Mapping) -> None:
        object.__setattr__(self, "report", report)
        object.__setattr__(self, "framework", framework)
        object.__setattr__(self, "mapping", m)

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and isinstance(other, FrameworkDeriveResult)
                and (other.report, other.framework, other.mapping) == (self.report, self.framework, self.mapping))

    def __hash__(self) -> int:
        return hash((type(self), id(self.report), self.framework, self.mapping))

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli derive NAME --framework F --json``."""
        out = super().to_dict()
        keys = list(out)
        at = keys.index("params") + 1 if "params" in keys else 1
        items = list(out.items())
        items[at:at] = [("framework", self.framework)]
        return dict(items)

    def _repr_html_(self) -> str:
        return table(self.to_dict())


class FrameworkCompareResult(CompareResult):
    """``compare --framework``: one profile per distinct definition, which framework's name maps to
    which (``mappings``: framework, mapping, the spec it resolved to) and the differences."""

    __slots__ = ("frameworks", "mappings", "differences")
    frameworks: tuple[str, ...]
    mappings: tuple[tuple[str, Mapping, str], ...]
    differences: tuple[Difference, ...]

    def __init__(self, profiles: tuple[Profile, ...], frameworks: tuple[str, ...],
                 mappings: tuple[tuple[str, Mapping, str], ...], differences: tuple[Difference, ...]) -> None:
        object.__setattr__(self, "profiles", profiles)
        object.__setattr__(self, "frameworks", frameworks)
        object.__setattr__(self, "mappings", mappings)
        object.__setattr__(self, "differences", differences)

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and isinstance(other, FrameworkCompareResult)
                and (other.profiles, other.mappings, other.differences) == (self.profiles, self.mappings, self.differences))

    def __hash__(self) -> int:
        return hash((type(self), self.frameworks, len(self.profiles)))

    def to_dict(self) -> dict[str, Any]:
        """The same data as ``actcli compare NAME --framework A,B --json``."""
        from actcli.catalogue.frameworks import FRAMEWORKS

        activations = []
        for p in self.profiles:
            item = data.profile(p)
            item["frameworks"] = [fw for fw, _m, spec in self.mappings if spec == p.act.spec]
            activations.append(item)
        return {
            "frameworks": list(self.frameworks),
            "mappings": [mapping(fw, m, FRAMEWORKS[fw].source) for fw, m, _spec in self.mappings],
            "activations": activations,
            "differences": [difference(d) for d in self.differences],
        }


# --- words ---------------------------------------------------------------------------------------


def mapping_line(framework: str, m: Mapping) -> str:
    """``jax.nn.gelu (jax) is gelu:approximate=tanh: the tanh approximation by default ...``"""
    if m.note:
        return _("{api} ({framework}) is {spec}: {note}.").format(
            api=m.api, framework=framework, spec=m.spec, note=_(m.note))
    return _("{api} ({framework}) is {spec}.").format(api=m.api, framework=framework, spec=m.spec)


def _window(d: Difference) -> str:
    return f"[{num(d.lo)}, {num(d.hi)}]"


def _extreme_text(e: Extreme, d: Difference, what: str) -> str:
    if e.x is None:
        return _("{what}: identical at all {points} points of {window}").format(
            what=what, points=d.points, window=_window(d))
    if e.at_edge:
        return _("{what}: largest |difference| {value} at x = {x}, the window's edge (it may grow outside "
                 "{window})").format(what=what, value=sci(e.value, 3), x=num(e.x), window=_window(d))
    return _("{what}: largest |difference| {value} at x = {x}").format(what=what, value=sci(e.value, 3), x=num(e.x))


def difference_text(d: Difference) -> str:
    """One paragraph: how far apart the two definitions are and where."""
    if d.same:
        return _("{name}: {a} and {b} define it the same way ({spec}): the difference is 0 on all of ℝ "
                 "(proved).").format(name=d.name, a=d.first, b=d.second, spec=d.first_spec)
    if d.f is None or d.d1 is None:
        return _("{name}: {a} ({sa}) and {b} ({sb}) differ; only elementwise functions are measured here.").format(
            name=d.name, a=d.first, sa=d.first_spec, b=d.second, sb=d.second_spec)
    return _("{name}, {a} ({sa}) against {b} ({sb}), measured on {window} (a grid of {points} points plus the "
             "kinks): {f}; {d1}.").format(
        name=d.name, a=d.first, sa=d.first_spec, b=d.second, sb=d.second_spec, window=_window(d), points=d.points,
        f=_extreme_text(d.f, d, "f"), d1=_extreme_text(d.d1, d, "f′"))


# --- terminal ------------------------------------------------------------------------------------


def derive_header(result: DeriveResult) -> list[RenderableType]:
    """The line above ``derive --framework``'s output: which function the name is, and its note."""
    from rich.text import Text

    from actcli.present.terminal import Prose

    if not isinstance(result, FrameworkDeriveResult):
        return []
    from actcli.analysis.difference import short_spec

    out: list[RenderableType] = [Prose(mapping_line(result.framework, result.mapping))]
    given = short_spec(result.report.act)
    if given != result.mapping.spec and not result.report.act.record.estimated:
        out.append(Prose(_("Shown with the parameters given: {spec}.").format(spec=given)))
    return [*out, Text("")]


def compare_header(result: CompareResult) -> list[RenderableType]:
    from rich.text import Text

    from actcli.present.terminal import Prose

    if not isinstance(result, FrameworkCompareResult):
        return []
    out: list[RenderableType] = [Prose(mapping_line(fw, m)) for fw, m, _spec in result.mappings]
    return [*out, Text("")]


def compare_footer(result: CompareResult) -> list[RenderableType]:
    from rich.text import Text

    from actcli.present.terminal import Prose

    if not isinstance(result, FrameworkCompareResult) or not result.differences:
        return []
    out: list[RenderableType] = [Text("")]
    return out + [Prose(difference_text(d)) for d in result.differences]


def list_table(fw: Framework) -> RenderableType:
    """The mapping table: the framework's name, the actcli spec, and what differs (notes)."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from actcli.present.terminal import Prose

    out = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    out.add_column(_("{framework} name").format(framework=fw.name), no_wrap=True, style="bold")
    out.add_column(_("actcli spec"), overflow="fold", max_width=30)
    out.add_column(_("function · note"), ratio=1, overflow="fold")
    for m in fw.mappings:
        what = Prose(m.api)
        if m.note:
            what.append("\n" + _(m.note), style="dim")
        if m.source:
            what.append("\n" + _("read in {source}").format(source=_(m.source)), style="dim")
        out.add_row(m.name, m.spec, what)
    title = Prose(_("{title}: defaults read in {source}").format(title=fw.title, source=_(fw.source)))
    foot = Prose(_("actcli derive NAME --framework {framework} resolves a name to its spec").format(framework=fw.name),
                style="dim")
    return Group(title, Text(""), out, Text(""), foot)


def compare_markdown_notes(result: CompareResult) -> str:
    """Under compare's Markdown table: which function each name is, and the differences."""
    if not isinstance(result, FrameworkCompareResult):
        return ""
    lines = [""] + ["- " + mapping_line(fw, m) for fw, m, _spec in result.mappings]
    lines += ["- " + difference_text(d) for d in result.differences]
    return "\n".join(lines) + "\n"


# --- Markdown (the README table) -----------------------------------------------------------------


def markdown_table() -> str:
    """Every framework's names: name × framework → actcli spec, with the source read and notes (in
    the language in use, as the README of that language shows it)."""
    from actcli.catalogue.frameworks import FRAMEWORKS

    heads = (_("framework"), _("name"), _("actcli spec"), _("function"), _("note"))
    lines = ["| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
    for fw in FRAMEWORKS.values():
        for m in fw.mappings:
            note = _(m.note) if m.note else ""
            cells = [fw.name, f"`{m.name}`", f"`{m.spec}`", f"`{m.api}`", note.replace("|", "\\|")]
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += ["| " + " | ".join((_("framework"), _("defaults read in"))) + " |", "|---|---|"]
    lines += [f"| {fw.name} | {fw.source} |" for fw in FRAMEWORKS.values()]
    return "\n".join(lines)
