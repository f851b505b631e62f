"""``actcli list``: every activation in the registry."""

from __future__ import annotations

from typing import Annotated

import typer

from actcli.cli.app import app, print_json, short_help, stdout
from actcli.i18n import N_


@app.command("list", short_help=short_help("list"))
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print a JSON array instead of a table."))] = False,
) -> None:
    """List every activation: name, aliases, kind, output range and what it is."""
    from actcli.api import catalogue

    result = catalogue()
    if as_json:
        print_json(result.to_list())
        return
    from actcli.present import terminal

    stdout().print(terminal.list_table(result.records))
