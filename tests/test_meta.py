"""The CLI object itself: every command and option has help, and the README covers every command."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from actcli.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


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
        result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        assert all(len(line) <= 80 for line in result.output.splitlines()), name


def test_every_command_has_a_readme_section() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert f"## `actcli {name}`" in readme, name
