"""The library: its documented examples run as doctests, so the documentation cannot drift, and
the facade the command line calls gives what each command shows, checks first, and loads lazily."""

from __future__ import annotations

import doctest
import importlib
import json
import subprocess
import sys

import pytest

from actcli import api
from actcli.errors import ParameterError, UsageError
from tests.conftest import ROOT, invoke


@pytest.mark.parametrize("module", ["actcli", "actcli.api", "actcli.generate"])
def test_docstring_examples_run(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_the_api_reference_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "api_reference.py"), "--check"],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr


# --- the facade the command line calls ---------------------------------------------------------------


def _cli_json(*args: str) -> object:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_importing_the_facade_loads_no_numpy() -> None:
    """The facade imports on first use: `actcli recommend` pays neither numpy nor the registry."""
    code = ("import sys, actcli.api; print(' '.join(m for m in ('numpy', 'actcli.catalogue', 'actcli.analysis',"
            " 'actcli.nn', 'actcli.present.notebook') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == ""


def test_each_result_holds_its_commands_json() -> None:
    assert api.catalogue().to_list() == _cli_json("list", "--json")
    assert api.derive("gelu", order=2).to_dict() == _cli_json("derive", "gelu", "--order", "2", "--json")
    assert api.rules().to_list() == _cli_json("recommend", "--rules", "--json")
    assert api.explain("hidden-relu-default").to_dict() == _cli_json(
        "recommend", "--explain", "hidden-relu-default", "--json")
    assert api.recommend(task="binary", depth=30, current="sigmoid").to_dict() == _cli_json(
        "recommend", "--task", "binary", "--depth", "30", "--current", "sigmoid", "--json")
    assert api.compare(["relu", "tanh"]).to_dict() == _cli_json("compare", "relu", "tanh", "--no-timing",
                                                                 "--no-simulate", "--json")
    assert api.simulate(["tanh"], depth=4, width=8, batch=8, seed=2).to_dict() == _cli_json(
        "simulate", "tanh", "--depth", "4", "--width", "8", "--batch", "8", "--seed", "2", "--json")
    assert api.precision("relu", ["float32"]).to_dict() == _cli_json("precision", "relu", "--dtype", "float32",
                                                                      "--json")


def test_export_is_the_command_as_a_call() -> None:
    result = invoke("export", "softsign", "--to", "numpy")
    assert result.exit_code == 0, result.output
    assert api.export("softsign", "numpy").text == result.stdout


def test_derive_reports_whether_its_checks_passed() -> None:
    result = api.derive(api.get("tanh"), x_range=(-3.0, 3.0))
    assert result.ok and result.report.verification is not None and result.report.verification.ok


def test_checks_come_before_the_work() -> None:
    # the range is refused before an expression is derived (SymPy would take a moment)
    with pytest.raises(ParameterError, match="minimum"):
        api.derive("x*tanh(softplus(x))", x_range=(1.0, -1.0))
    assert api.check_window((-1, 2)) == (-1.0, 2.0)
    with pytest.raises(ParameterError, match="points must be at least 2"):
        api.check_window((-1.0, 1.0), points=1)
    with pytest.raises(ParameterError, match="depth must be at least 1") as err:
        api.check_network(0, 8, 8)
    assert err.value.option == "depth"
    # a bad request is reported before an unknown --current is looked up
    with pytest.raises(UsageError, match="task"):
        api.recommend(task="nonsense", current="no_such_activation")
    with pytest.raises(UsageError, match="no rule"):
        api.explain("no-such-rule")


def test_a_list_of_specs_is_not_a_string() -> None:
    with pytest.raises(UsageError, match="a list of activations"):
        api.compare("relu")  # a str is a Sequence[str] to a type checker: the facade refuses it


def test_progress_hears_every_step() -> None:
    steps: list[int] = []
    api.simulate(["relu", "tanh"], depth=3, width=8, batch=4, progress=steps.append)
    assert sum(steps) == 2 * 3 * 2  # forward and backward through every layer, for each activation
    epochs: list[int] = []
    api.train(["relu"], data="xor", hidden=(4,), epochs=2, seeds=2, points=40, progress=epochs.append)
    assert sum(epochs) == 2 * 2


def test_results_draw_what_the_command_writes() -> None:
    assert len(api.simulate(["relu"], depth=2, width=4, batch=4).figure().axes) >= 1
    assert len(api.precision("relu", "float16").figure().axes) >= 1


def test_the_export_function_is_not_shadowed_by_a_package() -> None:
    """``actcli.export`` stays the function after the code generator's modules are imported (a
    subpackage of that name would replace it as an attribute of ``actcli`` on import)."""
    import actcli.generate.module  # noqa: F401 - the import that used to rebind actcli.export

    assert callable(actcli.export)
