"""``actcli plot``: f with f′ (and f″) below it, kinks and zones marked."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from actcli.cli.app import (
    DEFAULT_X_RANGE,
    OrderOpt,
    RangeOpt,
    app,
    check_drawable,
    check_window,
    errors_to_exit,
    quiet_overflow,
)
from actcli.errors import UsageError

if TYPE_CHECKING:
    from actcli.core.activation import Activation


@app.command()
def plot(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC", help="One or more activations (names, NAME:key=value or expressions in x) to overlay.",
                       show_default=False),
    ],
    output: Annotated[
        Optional[str],
        typer.Option("-o", "--output", metavar="FILE",
                     help="Where to write the figure; .png, .svg or .pdf. Default: <names>.png here."),
    ] = None,
    x_range: RangeOpt = DEFAULT_X_RANGE,
    points: Annotated[int, typer.Option("--points", metavar="N", help="Samples across the range (2 to 1,000,000).")] = 2001,
    order: OrderOpt = 1,
    no_derivative: Annotated[bool, typer.Option("--no-derivative", help="Draw f only.")] = False,
    show: Annotated[bool, typer.Option("--show", help="Open a window (needs a display).")] = False,
    dpi: Annotated[int, typer.Option("--dpi", metavar="N", help="Resolution of PNG output (20 to 1200).")] = 150,
) -> None:
    """Draw f with f′ below it on a shared x axis (f″ too with --order 2).

    Kinks are marked (open circles at the jump of f′, a filled one at the value used there),
    saturation zones (|f′| below 1% of its maximum) are shaded and dead zones (f′ ≡ 0) hatched.
    Several SPECs are overlaid with a legend that shows their parameters.

    softmax, log_softmax and softmin are vector functions: for them the seed tutorial's figure is
    drawn instead — 1000 logits linearly from 1 to 10, every 20th one a true class — with the
    output probabilities and the cross-entropy gradient s − y.
    """
    from actcli.analysis.window import check_points, check_range
    from actcli.api import get
    from actcli.present import figures
    from actcli.present.files import check_output_path

    with errors_to_exit():  # every argument is checked before any activation is built or drawn
        lo, hi = check_range(*x_range)
        check_points(points)
        if not 20 <= dpi <= 1200:
            raise UsageError(f"--dpi must be between 20 and 1200, not {dpi}")
        if len(specs) > figures.MAX_CURVES:
            raise UsageError(f"at most {figures.MAX_CURVES} activations fit in one figure, got {len(specs)}",
                             hint="plot them in several commands")
        chosen = check_output_path(output) if output is not None else None
        if show:
            figures.check_display()
            check_window()
        acts = [get(s) for s in specs]
        if chosen is None and not show:
            chosen = check_output_path(default_image_name(acts))
        check_drawable(acts, lo, hi, points, (0,) + ((order,) if not no_derivative else ()))
        with quiet_overflow():
            fig = figures.build(acts, lo, hi, points, order, not no_derivative, show)
            if chosen is not None:
                path, fmt = chosen
                figures.save(fig, path, fmt, dpi)
                sys.stdout.write(f"{path}\n")
    if show:
        figures.show()


def default_image_name(acts: list[Activation]) -> str:
    """``sigmoid-tanh.png``; a custom expression becomes a safe file name (``x_tanh_softplus_x.png``)."""
    import re

    parts = [re.sub(r"[^A-Za-z0-9_]+", "_", a.name).strip("_") or "custom" for a in acts]
    return "-".join(parts)[:120] + ".png"
