"""``actcli simulate``: variance and gradients per layer of a deep network, measured."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from actcli.cli.app import Command, app, busy, errors_to_exit, print_json, progress_bar, short_help, show, stdout
from actcli.cli.completion import complete_spec
from actcli.i18n import N_, _


@app.command(cls=Command, short_help=short_help("simulate"))
def simulate(
    specs: Annotated[
        list[str], typer.Argument(metavar="SPEC", autocompletion=complete_spec, help=N_("Hidden-layer activations to run side by side (names or expressions)."), show_default=False)
    ],
    depth: Annotated[int, typer.Option("--depth", metavar="N", help=N_("Hidden layers (1 to 1000)."))] = 10,
    width: Annotated[int, typer.Option("--width", metavar="W", help=N_("Units per layer (1 to 8192)."))] = 256,
    batch: Annotated[int, typer.Option("--batch", metavar="B", help=N_("Examples in the batch (1 to 65536)."))] = 256,
    init: Annotated[
        Optional[str],
        typer.Option("--init", metavar="SCHEME", help=N_("he (alias kaiming), xavier (alias glorot), lecun, normal (std 1), small "
                     "(std 0.01) or lsuv (orthogonal weights times the advised gain, each later layer rescaled "
                     "to the first layer's Var Z on a calibration batch); default: the activation's recommended "
                     "one (lsuv where the gain alone does not hold Var Z).")),
    ] = None,
    all_layers: Annotated[
        bool, typer.Option("--all-layers", help=N_("Show every layer (default: the first and last six when deeper than 12)."))
    ] = False,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help=N_("Random seed (same inputs for every SPEC)."))] = 0,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
    output: Annotated[
        Optional[str], typer.Option("-o", "--output", metavar="FILE", help=N_("Draw per-layer curves into FILE (.png/.svg/.pdf)."))
    ] = None,
) -> None:
    """Push a batch of N(0, 1) inputs through a deep fully connected network (Z = A·W, A = g(Z)),
    back-propagate a mean-squared-error loss, and report per layer the mean and variance of Z and A,
    the RMS of the gradients dA, dZ and dW, and the share of dead and saturated units; the summary
    names the outcome (stable, vanishing, exploding, overflow or dead). Measured at depth 10, width
    256, seeds 0-4: with Xavier weights sigmoid's layer-1 gradient is (2.0 +- 0.3)e-6 of the last
    layer's; with He weights ReLU's is 0.99 +- 0.04, with 15 +- 5 % of units dead by layer 10."""
    from actcli.api import check_network, get
    from actcli.api import simulate as run
    from actcli.cli.compare import distinct
    from actcli.present.files import check_output_path

    with errors_to_exit():  # sizes and the output path are checked before any activation is built
        check_network(depth, width, batch)
        target = check_output_path(output) if output is not None else None
        with busy(_("preparing")):  # expressions take SymPy a moment
            acts = distinct([get(s) for s in specs])
        big = depth * width * width * batch > 2e9  # a bar only when the work is big and stderr a terminal
        with progress_bar(_("simulating"), 2 * depth * len(acts), big and sys.stderr.isatty()) as step:
            result = run(acts, depth, width, batch, init, seed, progress=step)  # checks it all first
        if target is not None:
            from actcli.present import figures

            figures.save(result.figure(), target[0], target[1], 150)
    if as_json:
        print_json(result.to_dict())
    else:
        from actcli.present import terminal

        show(terminal.simulation(list(result.runs), all_layers, stdout().width))
    if target is not None:
        sys.stderr.write(_("wrote {path}").format(path=target[0]) + "\n")

