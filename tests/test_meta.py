"""The CLI object itself: every command and option has help, and the README covers every command."""

from __future__ import annotations

import typer

from actcli.cli import app
from tests.conftest import ROOT, invoke


def _commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_every_command_and_option_has_help() -> None:
    for name, command in _commands().items():
        assert command.help, name  # type: ignore[attr-defined]
        for param in command.params:  # type: ignore[attr-defined]
            if param.name == "help":
                continue
            assert getattr(param, "help", None), f"{name}: {param.name} has no help"
        result = invoke(name, "--help", env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        assert all(len(line) <= 80 for line in result.output.splitlines()), name


def test_every_command_has_a_readme_section() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert f"## `actcli {name}`" in readme, name


def _script(name: str) -> object:
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


def _gfm_cells(row: str) -> list[str]:
    """Split a Markdown table row as GitHub does: on every | not escaped by a backslash."""
    import re

    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_generated_tables_render_on_github() -> None:
    """Every row of the README's tables and of docs/seed-claims.md has as many cells as its header:
    a bare | (as in |x|) would split a cell and break the table."""
    from actcli.api import records
    from actcli.present import documents
    from actcli.recommend.rules import RULES

    tables = [documents.rules_table(RULES), documents.activation_table(records())]
    claims = (ROOT / "docs" / "seed-claims.md").read_text(encoding="utf-8")
    tables += [block for block in claims.split("\n\n") if block.startswith("|")]
    assert any("|x|" in r.why for r in RULES)  # the case that broke the table
    for table in tables:
        rows = table.splitlines()
        width = len(_gfm_cells(rows[0]))
        assert width >= 3
        for row in rows:
            assert len(_gfm_cells(row)) == width, row


def test_seed_claims_are_current() -> None:
    seed_claims = _script("seed_claims")
    text = (ROOT / "docs" / "seed-claims.md").read_text(encoding="utf-8")
    assert seed_claims.render() == text, "docs/seed-claims.md is out of date: run `make seed-claims`"  # type: ignore[attr-defined]
    assert "shared/" not in text and "seed-claims-training.md" in text


def test_readme_examples_cover_every_command_without_timings() -> None:
    """Each command's section shows a generated example (test_cli_basics reruns them all), and no
    example prints a machine-dependent timing."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"<!-- example: actcli (\w+)", readme)
    for name in _commands():
        assert name in commands, name
    for block in re.findall(r"<!-- example: (.*?) -->", readme):
        if block.startswith("actcli compare"):
            assert "--no-timing" in block
    assert "shared/seed" not in readme


def test_readme_has_a_glossary_of_printed_terms() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    glossary = readme.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    for term in ("saturated", "dead zone", "zero-centred", "variance gain", "kink", "stationary point"):
        assert f"| {term}" in glossary, term


def test_demo_quotes_commands_for_pasting_and_styles_only_terminals() -> None:
    import subprocess

    demo = ROOT / "scripts" / "demo.sh"
    quote = subprocess.run(
        ["bash", "-c", f'eval "$(sed -n "/^quote()/,/^}}/p" {demo})"; quote "x*tanh(softplus(x))"; echo; '
         'quote leaky_relu:negative_slope=0.2; echo; quote "it\'s"'],
        capture_output=True, text=True, check=True).stdout.splitlines()
    assert quote == ["'x*tanh(softplus(x))'", "leaky_relu:negative_slope=0.2", "'it'\\''s'"]
    text = demo.read_text(encoding="utf-8")
    assert '[[ -t 1 && -z "${NO_COLOR:-}" ]]' in text
