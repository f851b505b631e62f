"""The start-up floor for `actcli recommend`: a bare Typer app that prints one rich table."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def main(task: str = "multiclass") -> None:
    table = Table(title=f"recommendation for {task}")
    table.add_column("layer")
    table.add_column("activation")
    table.add_row("hidden", "relu")
    table.add_row("output", "softmax")
    Console().print(table)


if __name__ == "__main__":
    app()
