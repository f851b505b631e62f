"""``actcli list``: every activation in the registry."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from actcli.cli.app import app, print_json, short_help, stdout
from actcli.i18n import N_


@app.command("list", short_help=short_help("list"))
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print a JSON array instead of a table."))] = False,
    framework: Annotated[
        Optional[str],
        typer.Option("--framework", metavar="NAME",
                     help=N_("List the names NAME ships (torch, jax, keras, tensorflow, transformers) and the "
                             "actcli spec, defaults and notes each maps to.")),
    ] = None,
) -> None:
    """List every activation: name, aliases, kind, output range and what it is."""
    if framework is not None:
        _framework(framework, as_json)
        return
    import sys

    from actcli.api import catalogue

    result = catalogue()
    if as_json:
        print_json(result.to_list())
        return
    from actcli.i18n import language
    from actcli.present import plain

    # without styles (a pipe, NO_COLOR) the table is written as rich would lay it out, without rich;
    # Chinese goes through rich, which present/terminal.py teaches to break lines between CJK characters
    width = plain.terminal_width(sys.stdout) if language() == "en" else None
    if width is not None:
        headers, rows, caption = plain.list_cells(result.records)
        cells = [(name, kind, output, summary + ("\n" + details if details else ""))
                 for name, kind, output, summary, details in rows]
        lines = plain.table_lines(headers, cells, plain.LIST_WRAPS, caption, width)
        if lines is not None:
            trim = not sys.stdout.isatty()  # a pipe: no trailing blanks (as TrimmedLines does for rich)
            sys.stdout.write("".join((line.rstrip(" \t") if trim else line) + "\n" for line in lines))
            return
    from actcli.present import terminal

    stdout().print(terminal.list_table(result.records))


def _framework(name: str, as_json: bool) -> None:
    from actcli.api import framework_table
    from actcli.cli.app import errors_to_exit

    with errors_to_exit():
        result = framework_table(name)
    if as_json:
        print_json(result.to_list())
        return
    from actcli.present import frameworks

    stdout().print(frameworks.list_table(result.framework))
