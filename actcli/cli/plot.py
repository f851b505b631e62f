"""``actcli plot``: f with f′ (and f″) below it, kinks and zones marked."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from actcli.cli.app import DEFAULT_X_RANGE, Command, OrderOpt, app, errors_to_exit, short_help
from actcli.cli.completion import complete_spec
from actcli.errors import UsageError
from actcli.i18n import N_, _

if TYPE_CHECKING:
    from actcli.api import Activation


@app.command(cls=Command, short_help=short_help("plot"))
def plot(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC", autocompletion=complete_spec, help=N_("One or more activations (names, NAME:key=value or expressions in x) to overlay."),
                       show_default=False),
    ],
    output: Annotated[
        Optional[str],
        typer.Option("-o", "--output", metavar="FILE",
                     help=N_("Where to write the figure; .png, .svg or .pdf. Default: <names>.png here.")),
    ] = None,
    x_range: Annotated[
        Optional[tuple[float, float]],
        typer.Option("--range", metavar="MIN MAX", help=N_("The x range to draw (default −7 7; not for vector activations).")),
    ] = None,
    points: Annotated[
        Optional[int],
        typer.Option("--points", metavar="N", help=N_("Samples across the range (2 to 1,000,000; default 2001).")),
    ] = None,
    order: OrderOpt = 1,
    no_derivative: Annotated[bool, typer.Option("--no-derivative", help=N_("Draw f only."))] = False,
    show: Annotated[bool, typer.Option("--show", help=N_("Open a window (needs a display)."))] = False,
    dpi: Annotated[int, typer.Option("--dpi", metavar="N", help=N_("Resolution of PNG output (20 to 1200)."))] = 150,
    terminal: Annotated[
        bool,
        typer.Option("--terminal", help=N_("Draw f and f′ in the terminal with braille characters instead of a file "
                     "(fits the width; plain text with NO_COLOR or in a pipe).")),
    ] = False,
    framework: Annotated[
        Optional[str],
        typer.Option("--framework", metavar="NAME",
                     help=N_("Read each SPEC as a name NAME ships (torch, jax, keras, tensorflow, transformers).")),
    ] = None,
) -> None:
    """Draw f with f′ below it on a shared x axis (f″ too with --order 2).

    Kinks are marked (open circles at the jump of f′, a filled one at the value used there),
    saturation zones (|f′| below 1% of its maximum) are shaded and dead zones (f′ ≡ 0) hatched.
    Several SPECs: their f overlaid on top (the y axis cut to the middle of the range when their
    scales differ), then one small panel per activation for f′ (and f″), each with its own zones.
    Where f′ jumps, f″ is a Dirac mass, drawn as an arrow with its weight. Colours follow the
    activation (sigmoid is the same colour in every figure).

    softmax, log_softmax and softmin are vector functions: for them the seed tutorial's figure is
    drawn instead — 1000 logits linearly from 1 to 10, every 20th one a true class — with the
    outputs (log-probabilities for log_softmax) and the cross-entropy gradient; --range, --points
    and --order 2 do not apply to it.
    """
    from actcli.api import check_window as check_x
    from actcli.api import get
    from actcli.api import plot as draw
    from actcli.cli.app import busy, check_window
    from actcli.cli.compare import distinct
    from actcli.present import figures
    from actcli.present.files import check_output_path
    with errors_to_exit():  # every argument is checked before any activation is built or drawn
        lo, hi = check_x(x_range or DEFAULT_X_RANGE, 2001 if points is None else points)
        if not 20 <= dpi <= 1200:
            raise UsageError(f"--dpi must be between 20 and 1200, not {dpi}")
        if len(specs) > figures.MAX_CURVES:
            raise UsageError(f"at most {figures.MAX_CURVES} activations fit in one figure, got {len(specs)}",
                             hint="plot them in several commands")
        chosen = check_output_path(output) if output is not None else None
        if show:
            figures.check_display()
            check_window()
        with busy(_("preparing")):  # expressions take SymPy a moment
            acts = distinct([get(s, framework=framework) for s in specs])
        if all(a.kind == "vector" for a in acts):
            given = [flag for flag, v in (("--range", x_range), ("--points", points)) if v is not None]
            if given:
                raise UsageError(
                    f"{given[0]} does not apply to vector activations" if len(given) == 1
                    else "--range and --points do not apply to vector activations",
                    hint="their figure is the seed tutorial's fixed set of 1000 logits from 1 to 10",
                )
        if terminal:
            _terminal(acts, lo, hi, order, not no_derivative, output, show)
            return
        points = 2001 if points is None else points
        if chosen is None and not show:
            chosen = check_output_path(default_image_name(acts))
        fig = draw(acts, (lo, hi), points, order, not no_derivative, show)  # refuses curves no axis can show
        if chosen is not None:
            path, fmt = chosen
            figures.save(fig, path, fmt, dpi)
            sys.stdout.write(f"{path}\n")
    if show:
        figures.show()


def _terminal(acts: list[Activation], lo: float, hi: float, order: int, derivative: bool,
              output: Optional[str], show: bool) -> None:
    import shutil

    from actcli.cli.app import plain
    from actcli.present.terminal_plot import render

    if output is not None or show:
        raise UsageError("--terminal draws in the terminal: it takes no -o or --show")
    for a in acts:
        if a.kind != "elementwise":
            raise UsageError(f"--terminal draws elementwise activations, and {a.name} is a {a.kind} one",
                             hint=f"plot {a.name} to a file")
    colour = sys.stdout.isatty() and not plain()
    sys.stdout.write(render(acts, lo, hi, order, derivative, shutil.get_terminal_size((80, 24)).columns, colour))


def default_image_name(acts: list[Activation]) -> str:
    """``sigmoid-tanh.png``, ``leaky_relu_negative_slope=0.2.png``: the names with the parameters
    that differ from the defaults, so runs with other parameters do not overwrite each other; a
    custom expression becomes a safe file name (``x_tanh_softplus_x.png``)."""
    import re

    parts = []
    for a in acts:
        name = re.sub(r"[^A-Za-z0-9_]+", "_", a.name).strip("_") or "custom"
        for key, v in a.changed_params().items():
            text = repr(v) if isinstance(v, float) else str(v)
            name += f"_{key}=" + re.sub(r"[^A-Za-z0-9_.+-]+", "_", text)
        parts.append(name)
    return "-".join(parts)[:120] + ".png"
