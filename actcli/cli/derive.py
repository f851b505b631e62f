"""``actcli derive``: formulas, kinks, where the gradient vanishes, and a numerical check."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from actcli.cli.app import (
    DEFAULT_X_RANGE,
    Command,
    OrderOpt,
    RangeOpt,
    SpecArg,
    app,
    errors_to_exit,
    print_json,
    short_help,
    show,
    show_blocks,
)
from actcli.i18n import N_, _


@app.command(cls=Command, short_help=short_help("derive"))
def derive(
    spec: SpecArg,
    order: OrderOpt = 1,
    at: Annotated[
        Optional[list[float]],
        typer.Option(
            "--at",
            metavar="X",
            help=N_("Evaluate at X (repeatable). For a vector activation the X values form the input "
            "vector z."),
        ),
    ] = None,
    x_range: RangeOpt = DEFAULT_X_RANGE,
    latex: Annotated[bool, typer.Option("--latex", help=N_("Show the formulas as LaTeX."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON object."))] = False,
    framework: Annotated[
        Optional[str],
        typer.Option("--framework", metavar="NAME",
                     help=N_("Read SPEC as a name NAME ships (torch, jax, keras, tensorflow, transformers), with "
                             "its definition and defaults.")),
    ] = None,
) -> None:
    """Show f and its derivative as formulas, the convention at each kink, where the gradient
    vanishes, a table of sample points, and a check of f′ against finite differences of f.

    For softmax and the other vector activations: the Jacobian, its value at z (give z with
    --at), and the cross-entropy gradient s − y, each checked numerically.
    """
    from actcli.api import derive as run
    from actcli.cli.app import busy

    with errors_to_exit(), busy(_("deriving")):  # an expression takes SymPy a moment
        result = run(spec, order, x_range, at, framework)  # the range is checked before an expression is derived
    if as_json:
        print_json(result.to_dict())
    else:
        from actcli.present import blocks

        items = blocks.derive(result.report, latex=latex) if framework is None else None
        if items is not None:  # an elementwise report: written without rich in a pipe
            show_blocks(items)
        else:
            from actcli.present import terminal

            if framework is not None:
                from actcli.present import frameworks

                show(frameworks.derive_header(result))

            show(terminal.derive(result.report, latex=latex))
    if not result.ok:  # the same exit code in every output format
        raise typer.Exit(1)

