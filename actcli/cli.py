"""The ``actcli`` command line: parse, call the library, translate its errors, print.

No maths lives here. Each command imports what it needs inside its body, so that ``actcli
recommend`` never pays for numpy or matplotlib. Results go to stdout; errors go to stderr as one
``Error: …`` line with exit code 2 (usage) or 1 (runtime).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from actcli import __version__
from actcli.errors import EXIT_USAGE, ActcliError, UsageError

app = typer.Typer(
    name="actcli",
    help="Activation functions for neural networks: formulas, exact derivatives, plots, "
    "comparisons and recommendations.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


if TYPE_CHECKING:
    from rich.console import Console


def _stdout() -> Console:
    from rich.console import Console  # not on the plot path, which prints one line

    return Console(soft_wrap=False)


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one ``Error:`` line on stderr and exit."""
    _stderr().print(f"Error: {message}", markup=False)
    raise typer.Exit(code)


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Turn an expected :class:`ActcliError` into ``Error: …`` and its exit code."""
    try:
        yield
    except ActcliError as err:
        fail(str(err), err.exit_code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"actcli {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Activation functions for neural networks: formulas, exact derivatives, plots,
    comparisons and recommendations."""


# --- list ----------------------------------------------------------------------------------------


@app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List every activation: name, aliases, kind, output range and what it is."""
    from actcli import render
    from actcli.registry import records

    if as_json:
        print_json([render.record_json(r) for r in records()])
        return
    _stdout().print(render.list_table(records()))


# --- derive ---------------------------------------------------------------------------------------

SpecArg = Annotated[
    str,
    typer.Argument(
        metavar="SPEC",
        help="An activation name or alias, optionally with parameters: "
        "leaky_relu:negative_slope=0.2 (see 'actcli list').",
        show_default=False,
    ),
]
RangeOpt = Annotated[
    tuple[float, float],
    typer.Option("--range", metavar="MIN MAX", help="The x range to analyse or draw."),
]
OrderOpt = Annotated[int, typer.Option("--order", min=1, max=2, help="1 for f′, 2 for f″.")]


@app.command()
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
    x_range: RangeOpt = (-7.0, 7.0),
    latex: Annotated[bool, typer.Option("--latex", help="Show the formulas as LaTeX.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show f and its derivative as formulas, the convention at each kink, where the gradient
    vanishes, a table of sample points, and a check of f′ against finite differences of f.

    For softmax and the other vector activations: the Jacobian, its value at z (give z with
    --at), and the cross-entropy gradient s − y, each checked numerically.
    """
    from actcli import analysis, render
    from actcli.registry import get

    with errors_to_exit():
        act = get(spec)
        report = analysis.derive(act, order, x_range[0], x_range[1], at)
    if as_json:
        print_json(render.derive_json(report))
        return
    console = _stdout()
    for item in render.derive_renderables(report, latex=latex):
        console.print(item)
    if report.verification is not None and not report.verification.ok:
        raise typer.Exit(1)


# --- plot -----------------------------------------------------------------------------------------


@app.command()
def plot(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC...", help="One or more activations to overlay (see 'actcli list').",
                       show_default=False),
    ],
    output: Annotated[
        Optional[str],
        typer.Option("-o", "--output", metavar="FILE",
                     help="Where to write the figure; .png, .svg or .pdf. Default: <names>.png here."),
    ] = None,
    x_range: RangeOpt = (-7.0, 7.0),
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
    from actcli import analysis
    from actcli.output import check_output_path
    from actcli.registry import get

    with errors_to_exit():
        acts = [get(s) for s in specs]
        lo, hi = analysis.check_range(*x_range)
        analysis.check_points(points)
        if not 20 <= dpi <= 1200:
            raise UsageError(f"--dpi must be between 20 and 1200, not {dpi}")
        target = output if output is not None else ("-".join(a.name for a in acts) + ".png")
        path, fmt = check_output_path(target) if (output is not None or not show) else (None, "")
        from actcli import plotting

        if show:
            plotting.check_display()
        fig = plotting.build(acts, lo, hi, points, order, not no_derivative, show)
        if path is not None:
            plotting.save(fig, path, fmt, dpi)
            sys.stdout.write(f"{path}\n")
    if show:
        plotting.show(fig)


def main() -> None:
    """Console-script entry point.

    A closed pipe (``actcli list | head``) ends quietly. Once the command has finished and its
    output is flushed, the process ends with ``os._exit``: tearing down a interpreter that has
    loaded matplotlib takes ~80 ms (measured in bench/), and every file this tool writes is
    already closed and renamed into place by then.
    """
    # Typer validates parameters with pydantic, whose first use scans every installed package's
    # entry points for plugins (~10 ms); actcli uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            sys.stderr.write(f"{exc.code}\n")
    except BrokenPipeError:
        _silence_stdout()
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.stderr.flush()
    os._exit(code)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

