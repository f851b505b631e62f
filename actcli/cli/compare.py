"""``actcli compare``: the seed tutorial's six criteria, side by side."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from actcli.cli.app import Command, app, busy, errors_to_exit, print_json, short_help, stdout, warn
from actcli.cli.completion import complete_spec
from actcli.core.constants import DEFAULT_RANGE
from actcli.i18n import N_, _

if TYPE_CHECKING:
    from actcli.api import Activation

FORMATS = ("table", "json", "markdown", "csv")


def distinct(acts: list[Activation]) -> list[Activation]:
    """The activations in order, each once: ``compare relu ReLU`` warns and shows relu once."""
    seen: dict[str, Activation] = {}
    for act in acts:
        if act.spec in seen:
            warn(_("{spec} is given more than once; it is shown once").format(spec=act.spec))
        else:
            seen[act.spec] = act
    return list(seen.values())


@app.command(cls=Command, short_help=short_help("compare"))
def compare(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC", autocompletion=complete_spec, help=N_("Activations to compare: names, NAME:key=value or expressions in x."), show_default=False),
    ],
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help=N_("table, json, markdown or csv."))] = "table",
    as_json: Annotated[bool, typer.Option("--json", help=N_("Same as --format json."))] = False,
    plot_file: Annotated[
        Optional[str], typer.Option("--plot", metavar="FILE", help=N_("Also draw them, overlaid, into FILE."))
    ] = None,
    timing: Annotated[
        bool, typer.Option("--timing/--no-timing", help=N_("Measure each activation's cost against identity."))
    ] = True,
    measure: Annotated[
        bool,
        typer.Option("--simulate/--no-simulate",
                     help=N_("Measure the gradient ratio over a 10-layer network (as 'actcli simulate').")),
    ] = True,
    framework: Annotated[
        Optional[str],
        typer.Option("--framework", metavar="NAMES",
                     help=N_("Read each SPEC as a name these frameworks ship (comma-separated: torch,jax); with "
                             "several, their definitions side by side and the largest difference of f and f′.")),
    ] = None,
) -> None:
    """Judge activations side by side on the seed tutorial's six criteria: non-linearity,
    differentiability, monotonicity, output range, compute efficiency and gradient propagation
    (plus zero-centring, smoothness, the recommended initialisation and more). Every value is
    computed from the registry's maths."""
    from actcli.api import check_comparable, get
    from actcli.api import compare as measure_all
    from actcli.api import plot as draw
    from actcli.core.choices import check_choice
    from actcli.present.files import check_output_path
    with errors_to_exit():  # every argument is checked before the first activation is profiled
        chosen = "json" if as_json else check_choice("format", fmt, FORMATS)
        target = check_output_path(plot_file) if plot_file is not None else None
        with busy(_("preparing")):  # expressions take SymPy a moment
            if framework is None:
                acts = distinct([get(s) for s in specs])
            else:
                from actcli.api import parse_frameworks

                chosen_fw = parse_frameworks(framework)
                acts = list({a.spec: a for a in (get(s, framework=fw) for s in specs for fw in chosen_fw)}.values())
        for act in acts:
            check_comparable(act)  # before any figure is built
        figure = None
        left: list[Activation] = []
        if target is not None:  # built (and any objection raised) before the costly profiles
            from actcli.present import figures

            drawn, left = _drawable(acts)
            figure = draw(drawn, DEFAULT_RANGE, 2001)
        with busy(_("measuring") if timing or measure else _("analysing")):
            result = (measure_all(acts, timing=timing, measure=measure) if framework is None
                      else measure_all(specs, timing=timing, measure=measure, framework=framework))
    profiles = list(result.profiles)
    if chosen == "json":
        print_json(result.to_dict())
    elif chosen == "markdown":
        from actcli.present import documents

        sys.stdout.write(documents.compare_markdown(profiles) + "\n")
        if framework is not None:
            from actcli.present import frameworks

            sys.stdout.write(frameworks.compare_markdown_notes(result))
    elif chosen == "csv":
        from actcli.present import documents

        sys.stdout.write(documents.compare_csv(profiles))
    else:
        from actcli.present import terminal

        console = stdout()
        head: list[object] = []
        foot: list[object] = []
        if framework is not None:
            from actcli.present import frameworks

            head, foot = list(frameworks.compare_header(result)), list(frameworks.compare_footer(result))
        for item in [*head, *terminal.compare_tables(profiles, console.width), *foot]:
            console.print(item)
    if target is not None and figure is not None:
        from actcli.present import figures

        path = target[0]
        with errors_to_exit():
            figures.save(figure, path, target[1], 150)
        sys.stderr.write(_("wrote {path}").format(path=path) + "\n")
        if left:
            names = " ".join(a.spec for a in left)
            if all(a.kind == "vector" for a in left):
                text = _("not drawn in {file}: {specs} (vector functions get their own figure: {command})")
            else:
                text = _("not drawn in {file}: {specs} (one figure holds at most {count}: {command})")
            warn(text.format(file=path.name, specs=", ".join(a.spec for a in left), count=figures.MAX_CURVES,
                             command=f"actcli plot {names}"))


def _drawable(acts: list[Activation]) -> tuple[list[Activation], list[Activation]]:
    """What fits one figure — the elementwise activations (or, when there are none, the vector
    ones), at most MAX_CURVES — and what is left out."""
    from actcli.present import figures

    elementwise = [a for a in acts if a.kind != "vector"]
    drawn = (elementwise or acts)[: figures.MAX_CURVES]
    return drawn, [a for a in acts if a not in drawn]
