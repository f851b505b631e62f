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
from typing import Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console

from actcli import __version__
from actcli.errors import EXIT_USAGE, ActcliError

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


def _stdout() -> Console:
    return Console(soft_wrap=False)


def _stderr() -> Console:
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


def main() -> None:
    """Console-script entry point; a closed pipe (``actcli list | head``) ends quietly."""
    try:
        app()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1)
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

