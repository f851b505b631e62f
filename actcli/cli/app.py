"""The Typer application object and what every command shares: consoles, the error path, JSON
output and the common arguments. No maths here, and nothing heavy at import time."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, Optional, cast

import typer
import typer.core

from actcli import __version__
from actcli.cli.completion import complete_spec
from actcli.core.constants import DEFAULT_RANGE
from actcli.errors import EXIT_USAGE, ActcliError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

app = typer.Typer(
    name="actcli",
    help="Activation functions for neural networks: formulas, exact derivatives, plots, "
    "comparisons and recommendations.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh and fish
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

class Command(typer.core.TyperCommand):
    """Usage lines as people write them: ``SPEC...`` for several, ``SPEC`` for one (Typer writes
    ``{SPEC}`` for both)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        variadic = {
            p.make_metavar(ctx, usage=True)
            for p in self.get_params(ctx)
            if isinstance(p, typer.core.TyperArgument) and p.nargs == -1
        }
        return [
            piece[1:-1] + ("..." if piece in variadic else "") if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


#: the command-line flag of each library argument an error can name
FLAGS = {
    "range": "--range", "points": "--points", "order": "--order", "at": "--at", "depth": "--depth",
    "width": "--width", "batch": "--batch", "seed": "--seed", "init": "--init", "task": "--task",
    "layer": "--layer", "symptom": "--symptom", "architecture": "--architecture", "format": "--format",
    "dpi": "--dpi", "dtype": "--dtype",
}


def plain() -> bool:
    """NO_COLOR (https://no-color.org) set: no ANSI styling at all, not even bold."""
    return bool(os.environ.get("NO_COLOR"))


def stdout() -> Console:
    from rich.console import Console  # not on the plot path, which prints one line

    if sys.stdout.isatty():
        return Console(soft_wrap=False, color_system=None if plain() else "auto")
    from actcli.present.terminal import TrimmedLines  # a pipe: no trailing blanks on table lines

    return Console(file=cast("IO[str]", TrimmedLines(sys.stdout)), soft_wrap=False, color_system=None if plain() else "auto")


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False, color_system=None if plain() else "auto")


def show(items: list[RenderableType]) -> None:
    console = stdout()
    for item in items:
        console.print(item, crop=False)  # tables and text fit the width already; LaTeX lines must not be cut


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one ``Error:`` line on stderr and exit."""
    stderr().print(f"Error: {message}", markup=False)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """A ``warning: …`` line on stderr; the command goes on."""
    stderr().print(f"warning: {message}", markup=False)


def in_cli_terms(err: ActcliError) -> str:
    """The library's message with the command-line flag it is about: ``--order must be 1 or 2``."""
    text = str(err)
    flag = FLAGS.get(err.option or "")
    if flag is None:
        return text
    if text.startswith(f"{err.option} "):
        return flag + text[len(err.option or ""):]
    return f"{flag}: {text}"


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Turn an expected :class:`ActcliError` into ``Error: …`` and its exit code."""
    try:
        yield
    except ActcliError as err:
        fail(in_cli_terms(err), err.exit_code)


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


SpecArg = Annotated[
    str,
    typer.Argument(
        metavar="SPEC",
        autocompletion=complete_spec,
        help="An activation name or alias, with parameters as NAME:key=value "
        "(leaky_relu:negative_slope=0.2; see 'actcli list'), or an expression in x ('x*tanh(softplus(x))').",
        show_default=False,
    ),
]
RangeOpt = Annotated[
    tuple[float, float],
    typer.Option("--range", metavar="MIN MAX", help="The x range to analyse or draw."),
]
OrderOpt = Annotated[int, typer.Option("--order", min=1, max=2, metavar="1|2", help="1 for f′, 2 for f″.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
DEFAULT_X_RANGE = DEFAULT_RANGE
