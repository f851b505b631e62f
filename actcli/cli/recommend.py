"""``actcli recommend``: which activation for which layer and task, and why."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from actcli.cli.app import Command, app, errors_to_exit, print_json, short_help, show, stdout, warn


@app.command(cls=Command, short_help=short_help("recommend"))
def recommend(
    task: Annotated[
        Optional[str],
        typer.Option("--task", metavar="TASK", help="binary, multiclass, multilabel or regression."),
    ] = None,
    layer: Annotated[Optional[str], typer.Option("--layer", metavar="LAYER", help="hidden or output (default both).")] = None,
    symptom: Annotated[
        Optional[str], typer.Option("--symptom", metavar="SYMPTOM", help="dead-neurons or vanishing-gradients.")
    ] = None,
    architecture: Annotated[
        Optional[str], typer.Option("--architecture", metavar="ARCH", help="mlp, cnn or rnn.")
    ] = None,
    depth: Annotated[Optional[int], typer.Option("--depth", metavar="N", help="Number of hidden layers (for warnings).")] = None,
    current: Annotated[
        Optional[str],
        typer.Option("--current", metavar="SPEC", help="The hidden activation you use now: warns when it is risky."),
    ] = None,
    explain: Annotated[Optional[str], typer.Option("--explain", metavar="RULE_ID", help="Show one rule and its reasoning.")] = None,
    list_rules: Annotated[bool, typer.Option("--rules", help="List every rule.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Recommend hidden and output activations for a task, with the rules that decided it, why,
    and where each rule comes from (the seed tutorial's selection rules and the literature)."""
    from actcli import api

    request = {"--task": task, "--layer": layer, "--symptom": symptom, "--architecture": architecture,
               "--depth": depth, "--current": current}
    given = [flag for flag, v in request.items() if v is not None]
    ignored = None  # said once the request has passed its checks, so that an error stays one line
    if (list_rules or explain is not None) and given:
        shown = "--rules lists every rule" if list_rules else "--explain shows one rule"
        ignored = f"{shown}; {', '.join(given)} {'is' if len(given) == 1 else 'are'} ignored"
    elif depth is not None and current is None:
        ignored = "--depth only sets how deep --current's warnings look; without --current it is ignored"
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
