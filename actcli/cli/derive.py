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
)


@app.command(cls=Command, short_help=short_help("derive"))
def derive(
    spec: SpecArg,
    order: OrderOpt = 1,
    at: Annotated[
        Optional[list[float]],
        typer.Option(
            "--at",
            metavar="X",
            help="Evaluate at X (repeatable). For a vector activation the X values form the input "
            "vector z.",
        ),
    ] = None,
    x_range: RangeOpt = DEFAULT_X_RANGE,
    latex: Annotated[bool, typer.Option("--latex", help="Show the formulas as LaTeX.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show f and its derivative as formulas, the convention at each kink, where the gradient
    vanishes, a table of sample points, and a check of f′ against finite differences of f.

    For softmax and the other vector activations: the Jacobian, its value at z (give z with
    --at), and the cross-entropy gradient s − y, each checked numerically.
    """
    from actcli.analysis.derive import derive as run
    from actcli.analysis.window import check_range
    from actcli.api import get
    from actcli.cli.app import stderr
    from actcli.present.terminal import busy

    with errors_to_exit(), busy(stderr(), "deriving"):  # an expression takes SymPy a moment
        check_range(*x_range)  # before an expression is derived
        act = get(spec)
        report = run(act, order, x_range[0], x_range[1], at)
    if as_json:
        from actcli.present import data

        print_json(data.derive(report))
    else:
        from actcli.present import terminal

        show(terminal.derive(report, latex=latex))
    if not report.ok:  # the same exit code in every output format
        raise typer.Exit(1)
