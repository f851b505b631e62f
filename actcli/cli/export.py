"""``actcli export``: a self-contained module for torch, JAX or numpy with the stable forward pass
and the analytic backward pass."""

from __future__ import annotations

import sys
from typing import Annotated, BinaryIO, Optional

import typer

from actcli.cli.app import Command, SpecArg, app, errors_to_exit, short_help
from actcli.i18n import N_, _


@app.command(cls=Command, short_help=short_help("export"))
def export(
    spec: SpecArg,
    to: Annotated[
        str,
        typer.Option("--to", metavar="torch|jax|numpy",
                     help=N_("The framework: torch (autograd.Function + nn.Module), jax (custom_jvp) or numpy.")),
    ],
    output: Annotated[
        Optional[str],
        typer.Option("-o", "--output", metavar="FILE",
                     help=N_("Write the module to FILE (.py), atomically; without it the module goes to stdout.")),
    ] = None,
) -> None:
    """Write a self-contained module: the forward pass in overflow-free form, the backward pass
    from the analytic derivative, actcli's values at the kinks, learnable parameters as
    parameters. It is checked against mpmath when generated, and its docstring says how.
    """
    from actcli.api import export as run
    from actcli.cli.app import busy
    from actcli.present.files import atomic_write, check_output_path

    with errors_to_exit():
        path = check_output_path(output, ("py",))[0] if output is not None else None
        with busy(_("exporting")):
            result = run(spec, to)
        if path is None:
            sys.stdout.write(result.text)
            return
        data = result.text.encode("utf-8")
        def write(fh: BinaryIO) -> None:
            fh.write(data)

        atomic_write(path, write)
        sys.stdout.write(f"{path}\n")
