"""``actcli precision``: where f and f′ lose their digits in each floating dtype."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from actcli.cli.app import Command, app, errors_to_exit, print_json, short_help
from actcli.cli.completion import complete_spec
from actcli.i18n import N_, _


@app.command(cls=Command, short_help=short_help("precision"))
def precision(
    spec: Annotated[str, typer.Argument(metavar="SPEC", autocompletion=complete_spec, help=N_("An elementwise activation: a name or NAME:key=value."), show_default=False)],
    dtypes: Annotated[
        str, typer.Option("--dtype", metavar="LIST", help=N_("Comma-separated dtypes: float16, bfloat16, float32, float64."))
    ] = "float16,bfloat16,float32,float64",
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON instead of text."))] = False,
    output: Annotated[
        Optional[str], typer.Option("-o", "--output", metavar="FIGURE", help=N_("Also draw the error against x into FIGURE (.png, .svg, .pdf)."))
    ] = None,
) -> None:
    """For each dtype: where f overflows or rounds to 0, where f′ is flushed to 0 though its exact
    value is representable, and the largest error in ULP of actcli's form, of the textbook form
    (σ(1 − σ), 1 − tanh², log(1 + eˣ), …) and of torch's CPU implementation when torch is
    installed. Measured against mpmath (float64) and actcli's float64 values (narrower dtypes)."""
    from actcli.api import precision as measure
    from actcli.present import precision as present
    from actcli.present.files import check_output_path

    with errors_to_exit():
        target = check_output_path(output) if output is not None else None
        result = measure(spec, dtypes)  # the dtypes and SPEC are checked before any measurement
        if target is not None:
            from actcli.present.figures import save

            save(result.figure(), target[0], target[1], 150)
    if as_json:
        print_json(result.to_dict())
    else:
        sys.stdout.write(present.text(result.precision))
    if target is not None:
        sys.stderr.write(_("wrote {path}").format(path=target[0]) + "\n")
