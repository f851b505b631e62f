"""``actcli compare``: the seed tutorial's six criteria, side by side."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from actcli.cli.app import app, check_drawable, errors_to_exit, print_json, quiet_overflow, stdout
from actcli.core.constants import DEFAULT_RANGE
from actcli.errors import UsageError

FORMATS = ("table", "json", "markdown", "csv")


@app.command()
def compare(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC", help="Activations to compare: names, NAME:key=value or expressions in x.", show_default=False),
    ],
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table, json, markdown or csv.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    plot_file: Annotated[
        Optional[str], typer.Option("--plot", metavar="FILE", help="Also draw them, overlaid, into FILE.")
    ] = None,
    timing: Annotated[
        bool, typer.Option("--timing/--no-timing", help="Measure each activation's cost against identity.")
    ] = True,
    measure: Annotated[
        bool,
        typer.Option("--simulate/--no-simulate",
                     help="Measure the gradient ratio over a 10-layer network (as 'actcli simulate')."),
    ] = True,
) -> None:
    """Judge activations side by side on the seed tutorial's six criteria: non-linearity,
    differentiability, monotonicity, output range, compute efficiency and gradient propagation
    (plus zero-centring, smoothness, the recommended initialisation and more). Every value is
    computed from the registry's maths."""
    from actcli.analysis.profile import profile
    from actcli.api import get
    from actcli.core.choices import check_choice
    from actcli.present.files import check_output_path

    with errors_to_exit():  # every argument is checked before the first activation is profiled
        chosen = "json" if as_json else check_choice("format", fmt, FORMATS)
        target = check_output_path(plot_file) if plot_file is not None else None
        if target is not None:
            from actcli.present import figures

            if len(specs) > figures.MAX_CURVES:
                raise UsageError(f"at most {figures.MAX_CURVES} activations fit in one figure, got {len(specs)}",
                                 hint="compare them without --plot, or plot fewer")
        acts = [get(s) for s in specs]
        # the figure is built (and any objection to it raised) before the costly profiles
        if target is not None:
            check_drawable(acts, *DEFAULT_RANGE, 2001, (0, 1))
        with quiet_overflow():
            figure = figures.build(acts, *DEFAULT_RANGE, 2001) if target is not None else None
        profiles = [profile(a, timing=timing, measure=measure) for a in acts]
        if target is not None and figure is not None:
            with quiet_overflow():
                figures.save(figure, target[0], target[1], 150)
    if chosen == "json":
        from actcli.present import data

        print_json({"activations": [data.profile(p) for p in profiles]})
    elif chosen == "markdown":
        from actcli.present import documents

        sys.stdout.write(documents.compare_markdown(profiles) + "\n")
    elif chosen == "csv":
        from actcli.present import documents

        sys.stdout.write(documents.compare_csv(profiles))
    else:
        from actcli.present import terminal

        stdout().print(terminal.compare_table(profiles))
    if target is not None:
        sys.stderr.write(f"wrote {target[0]}\n")
