"""``actcli recommend``: which activation for which layer and task, and why."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from actcli.cli.app import Command, app, errors_to_exit, print_json, short_help, show, stdout, warn
from actcli.i18n import N_, _, ngettext


@app.command(cls=Command, short_help=short_help("recommend"))
def recommend(
    task: Annotated[
        Optional[str],
        typer.Option("--task", metavar="TASK", help=N_("binary, multiclass, multilabel or regression.")),
    ] = None,
    layer: Annotated[Optional[str], typer.Option("--layer", metavar="LAYER", help=N_("hidden or output (default both)."))] = None,
    symptom: Annotated[
        Optional[str], typer.Option("--symptom", metavar="SYMPTOM", help=N_("dead-neurons or vanishing-gradients."))
    ] = None,
    architecture: Annotated[
        Optional[str], typer.Option("--architecture", metavar="ARCH", help=N_("mlp, cnn or rnn."))
    ] = None,
    depth: Annotated[Optional[int], typer.Option("--depth", metavar="N", help=N_("Number of hidden layers (for warnings)."))] = None,
    current: Annotated[
        Optional[str],
        typer.Option("--current", metavar="SPEC", help=N_("The hidden activation you use now: warns when it is risky.")),
    ] = None,
    explain: Annotated[Optional[str], typer.Option("--explain", metavar="RULE_ID", help=N_("Show one rule and its reasoning."))] = None,
    list_rules: Annotated[bool, typer.Option("--rules", help=N_("List every rule."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
) -> None:
    """Recommend hidden and output activations for a task, with the rules that decided it, why,
    and where each rule comes from (the seed tutorial's selection rules and the literature)."""
    from actcli import api

    request = {"--task": task, "--layer": layer, "--symptom": symptom, "--architecture": architecture,
               "--depth": depth, "--current": current}
    given = [flag for flag, v in request.items() if v is not None]
    ignored = None  # said once the request has passed its checks, so that an error stays one line
    if (list_rules or explain is not None) and given:
        if list_rules:
            text = ngettext("--rules lists every rule; {flags} is ignored",
                            "--rules lists every rule; {flags} are ignored", len(given))
        else:
            text = ngettext("--explain shows one rule; {flags} is ignored",
                            "--explain shows one rule; {flags} are ignored", len(given))
        ignored = text.format(flags=", ".join(given))
    elif depth is not None and current is None:
        ignored = _("--depth only sets how deep --current's warnings look; without --current it is ignored")
    with errors_to_exit():
        if list_rules:
            if ignored:
                warn(ignored)
            listed = api.rules()
            if as_json:
                print_json(listed.to_list())
            else:
                from actcli.present import terminal

                console = stdout()
                console.print(terminal.rules_table(listed.rules, console.width))
            return
        if explain is not None:
            found = api.explain(explain)
            if ignored:
                warn(ignored)
            if as_json:
                print_json(found.to_dict())
            else:
                from actcli.present import terminal

                show(terminal.rule(found.rule))
            return
        # the request is checked first; only --current loads the registry (and numpy)
        result = api.recommend(task, layer, symptom, architecture, depth, current)
        if ignored:
            warn(ignored)
    if as_json:
        print_json(result.to_dict())
        return
    from actcli.present import terminal

    show(terminal.recommendation(result.recommendation))
