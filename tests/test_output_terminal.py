"""How the commands read: at 80 columns and wider, in a pipe, with NO_COLOR, and in --help."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import Result

import actcli
from actcli.analysis.profile import profile
from actcli.present import words
from actcli.recommend.rules import RULES
from tests.conftest import invoke

EIGHT = ("sigmoid", "tanh", "relu", "leaky_relu:negative_slope=0.2", "gelu", "silu", "elu", "softplus")


def plain(*args: str, columns: int = 80) -> Result:
    """Run ``actcli ARGS`` as a terminal COLUMNS wide with NO_COLOR set."""
    return invoke(*args, env={"COLUMNS": str(columns), "NO_COLOR": "1"})


def _tokens(texts: list[str]) -> set[str]:
    return {t for text in texts for t in text.split()}


def _check_layout(out: str, allowed: set[str], columns: int) -> None:
    lines = out.splitlines()
    assert lines and lines[0].strip(), "no opening blank line"
    for line in lines:
        assert len(line) <= columns, line
        assert line == line.rstrip(), f"trailing blanks: {line!r}"
        for token in line.split():
            assert token in allowed or set(token) == {"─"}, f"broken token {token!r} in {line!r}"


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_compare_eight_reads_at_any_width(columns: int) -> None:
    result = plain("compare", *EIGHT, "--no-timing", "--no-simulate", columns=columns)
    assert result.exit_code == 0, result.output
    profiles = [profile(actcli.get(s), timing=False, measure=False) for s in EIGHT]
    rows = words.comparison_rows(profiles)
    texts = ["criterion"] + [g for g, _, _ in rows] + [n for _, n, _ in rows] + [v for *_, vs in rows for v in vs]
    texts += [str(p.act.name) for p in profiles] + ["leaky_relu (negative_slope=0.2)"]
    _check_layout(result.stdout, _tokens(texts), columns)
    for s in ("sigmoid", "softplus", "(negative_slope=0.2)"):
        assert s in result.stdout


def test_compare_uses_the_width_it_has() -> None:
    narrow = plain("compare", *EIGHT, "--no-timing", "--no-simulate", columns=80).stdout
    wide = plain("compare", *EIGHT, "--no-timing", "--no-simulate", columns=240).stdout
    assert narrow.count("criterion") > 1  # blocks of activations at 80 columns
    assert wide.count("criterion") == 1 and max(len(line) for line in wide.splitlines()) > 160


def test_rules_table_wraps_at_spaces_only() -> None:
    result = plain("recommend", "--rules")
    assert result.exit_code == 0, result.output
    texts = ["id", "when", "advice", "hidden layer", "output layer"]
    for r in RULES:
        advice = (f"use {r.choice}" if r.choice else "") + (
            ("; " if r.choice and r.avoid else "") + "avoid " + ", ".join(r.avoid) if r.avoid else "")
        texts += [r.id, words.when(r), advice]
    _check_layout(result.stdout, _tokens(texts), 80)
    assert all(r.id in result.stdout for r in RULES)


@pytest.mark.parametrize("args", [["list"], ["derive", "relu"], ["recommend", "--task", "binary"],
                                  ["simulate", "relu", "--depth", "3", "--width", "8", "--batch", "64"]])
def test_no_trailing_blanks_or_blank_first_line(args: list[str]) -> None:
    result = plain(*args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip()
    assert all(line == line.rstrip() for line in lines)
    assert all(len(line) <= 80 for line in lines)


def test_top_level_help_is_not_truncated_and_usage_names_several_specs() -> None:
    result = plain("--help")
    assert result.exit_code == 0 and "..." not in result.stdout.split("Commands:")[1]
    for command in ("compare", "plot", "simulate"):
        usage = plain(command, "--help").stdout.splitlines()[0]
        assert usage.endswith("[OPTIONS] SPEC...") and "{" not in usage
    assert plain("derive", "--help").stdout.splitlines()[0].endswith("[OPTIONS] SPEC")


def test_latex_is_never_wrapped() -> None:
    latex = actcli.get("x*tanh(softplus(x))").record.derivative.latex
    result = plain("derive", "x*tanh(softplus(x))", "--latex", columns=60)
    assert result.exit_code == 0, result.output
    assert f"f′: {latex}" in result.stdout.splitlines()[2]


def test_simulate_shows_means_and_every_layer_on_request() -> None:
    short = plain("simulate", "relu", "--depth", "14", "--width", "8", "--batch", "64")
    full = plain("simulate", "relu", "--depth", "14", "--width", "8", "--batch", "64", "--all-layers")
    assert "mean Z" in short.stdout and "mean A" in short.stdout
    assert "…" in short.stdout and "--all-layers" in short.stdout
    assert "…" not in full.stdout
    rows = [line.split()[0] for line in full.stdout.splitlines() if line.split() and line.split()[0].isdigit() and "hidden" not in line]
    assert [str(n) for n in range(1, 15)] == list(dict.fromkeys(rows))
    wide = plain("simulate", "relu", "--depth", "3", "--width", "8", "--batch", "64", columns=120).stdout
    assert "forward pass" not in wide and "mean Z" in wide  # one table when it fits


def test_small_batch_dead_caveat() -> None:
    small = plain("simulate", "relu", "--depth", "2", "--width", "8", "--batch", "1")
    assert small.exit_code == 0 and "note: with a batch of 1" in small.stdout
    assert "note:" not in plain("simulate", "relu", "--depth", "2", "--width", "8", "--batch", "64").stdout


@pytest.mark.parametrize(("alias", "scheme"), [("kaiming", "he"), ("Glorot", "xavier")])
def test_init_aliases(alias: str, scheme: str) -> None:
    result = plain("simulate", "relu", "--depth", "2", "--width", "8", "--batch", "64", "--init", alias)
    assert result.exit_code == 0, result.output
    assert f"init {scheme}" in result.stdout


def test_init_typo_gets_a_suggestion() -> None:
    result = plain("simulate", "relu", "--init", "kaimin")
    assert result.exit_code == 2 and "did you mean" in result.output


@pytest.mark.parametrize(("args", "warning"), [
    (["compare", "relu", "ReLU", "--no-timing", "--no-simulate"], "relu is given more than once"),
    (["recommend", "--task", "binary", "--depth", "3"], "--depth only sets how deep --current's warnings look"),
    (["recommend", "--explain", "hidden-relu-default", "--task", "binary"], "--explain shows one rule; --task is ignored"),
    (["recommend", "--rules", "--layer", "hidden"], "--rules lists every rule; --layer is ignored"),
])
def test_ignored_input_warns(args: list[str], warning: str) -> None:
    result = plain(*args)
    assert result.exit_code == 0, result.output
    assert f"warning: {warning}" in result.stderr and "warning" not in result.stdout


def test_compare_shows_a_repeated_spec_once() -> None:
    out = plain("compare", "relu", "ReLU", "--no-timing", "--no-simulate").stdout
    assert out.splitlines()[0].split() == ["criterion", "relu"]


def test_csv_uses_ascii_numbers() -> None:
    result = plain("compare", "tanh", "relu", "--format", "csv", "--no-timing", "--no-simulate")
    assert "−" not in result.stdout and "∞" not in result.stdout
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert ["4 output range", "output set", "(-1, 1)", "[0, inf)"] in rows


def test_no_color_means_no_escape_codes() -> None:
    result = invoke("compare", "sigmoid", "--no-timing", "--no-simulate",
                    env={"NO_COLOR": "1", "FORCE_COLOR": "1", "COLUMNS": "80"})
    assert "\x1b[" not in result.output


def test_spinner_only_on_a_terminal_and_only_when_slow() -> None:
    import time

    from rich.console import Console

    from actcli.present.terminal import busy

    pipe = io.StringIO()
    with busy(Console(file=pipe, force_terminal=False), "working", delay=0.0):
        time.sleep(0.2)
    assert pipe.getvalue() == ""
    quick = io.StringIO()
    with busy(Console(file=quick, force_terminal=True), "working", delay=3600.0):  # a quick path never shows it
        pass
    assert quick.getvalue() == ""
    slow = io.StringIO()
    with busy(Console(file=slow, force_terminal=True), "working", delay=0.0):
        for _ in range(1000):  # wait for the spinner's thread to draw (no time budget: up to 100 s)
            if "working" in slow.getvalue():
                break
            time.sleep(0.1)
    assert "working" in slow.getvalue()


@pytest.mark.parametrize("args", [["derive", "sigmoid"], ["derive", "softmax"],
                                  ["recommend", "--task", "binary", "--current", "sigmoid", "--depth", "20"],
                                  ["simulate", "sigmoid", "--depth", "3", "--width", "8", "--batch", "64"]])
def test_one_minus_sign_per_terminal_output(args: list[str]) -> None:
    """Terminal text writes every number with the Unicode minus: no ASCII exponent like 1e-06 beside 1e−06."""
    import re

    out = plain(*args).stdout
    assert not re.search(r"\de-\d", out), out
