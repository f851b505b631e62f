"""The start-up floor for `actcli list` and `actcli derive NAME`: a bare Typer app that imports
numpy and prints one rich table (what any numpy-based Typer tool pays before its own work)."""

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def main(name: str = "relu") -> None:
    x = np.linspace(-7.0, 7.0, 5)
    table = Table(title=name)
    table.add_column("x")
    table.add_column("f(x)")
    for v in x:
        table.add_row(f"{v:g}", f"{max(v, 0.0):g}")
    Console().print(table)


if __name__ == "__main__":
    app()
