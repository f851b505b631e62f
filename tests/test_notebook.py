"""The example notebook (docs/example.ipynb) is executed cell by cell, and what each cell's last
expression shows in Jupyter is rendered through the methods Jupyter calls (``_repr_latex_``,
``_repr_html_``, a Figure's PNG). A Jupyter kernel (nbclient, ipykernel, pyzmq) would be a heavy
test-only dependency, so a small runner below does what it does for code cells: run them in one
namespace, in order, and display the last expression."""

from __future__ import annotations

import ast
import io
import json
from typing import Any

import numpy as np

import actcli
from actcli.api import compare, derive, get
from tests.conftest import ROOT

NOTEBOOK = ROOT / "docs" / "example.ipynb"


def run_notebook() -> list[Any]:
    """The value of each code cell's last expression (None for a cell ending in a statement)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {}
    shown = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        assert cell["outputs"] == [] and cell["execution_count"] is None, "the notebook is kept without outputs"
        tree = ast.parse("".join(cell["source"]))
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = tree.body[:-1] if last is not None else tree.body
        # the notebook is this repository's own documentation, run as Jupyter would run it
        exec(compile(ast.Module(body=body, type_ignores=[]), str(NOTEBOOK), "exec"), namespace)  # noqa: S102
        shown.append(eval(compile(ast.Expression(last.value), str(NOTEBOOK), "eval"), namespace) if last else None)  # noqa: S307
    return shown


def display(value: Any) -> str:
    """What Jupyter would choose: LaTeX, HTML, a PNG for a matplotlib Figure, else repr."""
    for method in ("_repr_latex_", "_repr_html_"):
        shown = getattr(value, method)() if hasattr(value, method) else None
        if shown is not None:  # a matplotlib Figure's _repr_html_ declines with None
            return str(shown)
    if type(value).__name__ == "Figure":
        buf = io.BytesIO()
        value.savefig(buf, format="png")
        return "png:" + str(len(buf.getvalue()))
    return repr(value)


def test_the_example_notebook_runs_and_every_result_shows_itself() -> None:
    shown = [display(v) for v in run_notebook()]
    assert shown[0].startswith("$\\displaystyle \\mathrm{leaky\\_relu}(x)")
    assert shown[1] == "(-0.2, 0.2)"
    assert shown[2].startswith("<table>") and "mish" in shown[2]
    assert "'ok': True" in shown[3]
    assert shown[4].startswith("<table>") and all(n in shown[4] for n in ("relu", "gelu", "tanh"))
    assert shown[5].startswith("png:") and int(shown[5][4:]) > 10_000


def test_results_hold_the_commands_json() -> None:
    from actcli.analysis.derive import derive as run
    from actcli.present import data

    assert derive("elu").to_dict() == data.derive(run(get("elu")))
    profiles = compare(["relu", "softsign"]).to_dict()["activations"]
    assert [p["activation"] for p in profiles] == ["relu", "softsign"]
    json.dumps(derive("softmax", at=[1.0, 2.0, 3.0]).to_dict())  # JSON-ready, as the command prints it


def test_tables_escape_their_text() -> None:
    # a custom expression's name is the user's text: "<" and "&" must not reach the HTML raw
    rendered = derive("max(x, 0)")._repr_html_()
    assert "max(x, 0)" in rendered
    from actcli.present.notebook import table

    assert table({"name": "<script>&"}) == ("<table><tr><th style='text-align:left'>name</th>"
                                            "<td style='text-align:left'>&lt;script&gt;&amp;</td></tr></table>")


def test_the_library_calls_are_exported_lazily() -> None:
    assert {"derive", "compare", "plot"} <= set(dir(actcli))
    fig = actcli.plot(["relu"], x_range=(-2.0, 2.0), points=101)
    assert len(fig.axes) >= 2
    np.testing.assert_array_equal(get("relu")(np.array([-1.0, 2.0])), [0.0, 2.0])


def test_recommend_and_simulate_hold_the_commands_json() -> None:
    from actcli.api import recommend, simulate
    from actcli.nn.simulate import simulate as run
    from actcli.present import data
    from actcli.recommend import engine

    assert recommend(task="binary", layer="hidden").to_dict() == data.recommendation(
        engine.recommend("binary", "hidden", None, None, None, None))
    result = simulate(["relu", "tanh"], depth=3, width=16, batch=8, seed=1)
    assert result.to_dict() == data.simulation([run(get(s), 3, 16, 8, None, 1) for s in ("relu", "tanh")])
    assert result._repr_html_().startswith("<table>")
    assert recommend(task="binary")._repr_html_().startswith("<table>")


def _without_seconds(value: Any) -> Any:
    """The training JSON without its wall-clock fields (``seconds``), which differ between runs."""
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_seconds(v) for v in value]
    return value


def test_train_holds_the_commands_json() -> None:
    from actcli.api import train
    from actcli.nn import data as nn_data
    from actcli.nn import train as nn_train
    from actcli.present import training

    result = train(["relu"], data="moons", hidden=(4,), epochs=3, seeds=2, points=60)
    config = nn_train.Config((4,), "adam", 0.03, 32, 3, None, 0.9)
    dataset = nn_data.load("moons", points=60)
    expected = training.data_json(nn_train.experiment([get("relu")], dataset, config, 2, 0))
    assert _without_seconds(result.to_dict()) == _without_seconds(expected)
    assert "seconds" in json.dumps(expected)  # the field left out exists
    assert result._repr_html_().startswith("<table>") and len(result.figure().axes) >= 1
