"""Shell completion: the SPEC callback (names, aliases, parameter keys and choices), Typer's
completion protocol for bash, zsh and fish, and the scripts it prints."""

from __future__ import annotations

import subprocess

import pytest
from typer.testing import CliRunner

from actcli.api import records
from actcli.cli import app
from actcli.cli.completion import complete_spec
from tests.conftest import ACTCLI

RUNNER = CliRunner()


def test_names_and_aliases_complete() -> None:
    assert complete_spec("leaky") == ["leaky_relu", "leakyrelu"]
    assert set(complete_spec("")) >= {r.name for r in records()}
    assert complete_spec("nothing_like_this") == []


def test_parameter_keys_and_choices_complete() -> None:
    assert complete_spec("leaky_relu:") == ["leaky_relu:negative_slope="]
    assert complete_spec("leakyrelu:neg") == ["leakyrelu:negative_slope="]
    assert complete_spec("gelu:approximate=") == ["gelu:approximate=none", "gelu:approximate=tanh"]
    assert complete_spec("gelu:approximate=t") == ["gelu:approximate=tanh"]
    # a key already given is not offered again
    assert complete_spec("hardtanh:min_val=-2,") == ["hardtanh:min_val=-2,max_val="]


@pytest.mark.parametrize("text", ["zzz:", "x*(", "relu:nope=1,", "softplus:beta=2,beta="])
def test_anything_else_completes_to_nothing_without_an_error(text: str) -> None:
    assert complete_spec(text) == []


@pytest.mark.parametrize(("command", "typed"), [("derive", "leaky"), ("plot", "leaky"), ("compare", "leaky"),
                                                ("simulate", "leaky"), ("train", "leaky"), ("export", "leaky"),
                                                ("precision", "leaky")])
def test_every_spec_argument_completes_in_bash(command: str, typed: str) -> None:
    env = {"_ACTCLI_COMPLETE": "complete_bash", "COMP_WORDS": f"actcli {command} {typed}", "COMP_CWORD": "2"}
    result = RUNNER.invoke(app, [], prog_name="actcli", env=env)
    assert result.exit_code == 0
    assert result.stdout.split() == ["leaky_relu", "leakyrelu"]


def test_zsh_and_fish_get_the_same_candidates() -> None:
    zsh = RUNNER.invoke(app, [], prog_name="actcli",
                        env={"_ACTCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "actcli derive leaky_relu:"})
    assert "leaky_relu\\\\:negative_slope=" in zsh.stdout
    fish = RUNNER.invoke(app, [], prog_name="actcli",
                         env={"_ACTCLI_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "actcli compare sig",
                              "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert fish.stdout.split() == ["sigmoid", "sigmoid_fn"]


def test_show_completion_prints_a_script() -> None:
    """--show-completion prints the script for the shell it runs in (a flag: it takes no shell name), so
    it runs under bash here rather than under whatever shell started the tests (two commands keep bash
    from exec-ing the last one, which would leave that shell as the parent)."""
    result = subprocess.run(["bash", "-c", f"{ACTCLI} --show-completion; exit $?"], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "_ACTCLI_COMPLETE=complete_bash" in result.stdout and "complete -o default -F _actcli_completion actcli" in result.stdout
