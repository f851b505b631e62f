"""``actcli train``: train small networks with each activation, side by side over seeds."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Optional

import typer

from actcli.cli.app import FLAGS, Command, app, fail, in_cli_terms, print_json, progress_bar, short_help, show, stderr
from actcli.cli.completion import complete_spec
from actcli.errors import ActcliError, ParameterError
from actcli.i18n import N_, _

#: train's own flags for the library arguments its errors name (the shared ones are in app.FLAGS)
TRAIN_FLAGS = {
    "data": "--data", "target": "--target", "hidden": "--hidden", "optimizer": "--optimizer", "lr": "--lr",
    "epochs": "--epochs", "seeds": "--seeds", "noise": "--noise", "test_split": "--test-split",
    "points": "--points", "target_accuracy": "--goal",
}
EXIT_INTERRUPTED = 130


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except ActcliError as err:
        fail(in_cli_terms(err, {**FLAGS, **TRAIN_FLAGS}), err.exit_code)


def parse_hidden(text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in text.split(",")]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ParameterError(f"hidden must be widths separated by commas, not {text!r}", hint="e.g. 8,8",
                             option="hidden") from None
    return sizes


@app.command(cls=Command, short_help=short_help("train"))
def train(
    specs: Annotated[
        list[str], typer.Argument(metavar="SPEC", autocompletion=complete_spec, help=N_("Hidden-layer activations to train side by side (names or "
                                  "expressions)."), show_default=False)
    ],
    data: Annotated[str, typer.Option("--data", metavar="SET|FILE.csv", help=N_("xor, circles, moons, spirals, "
                                      "gaussians, sine, iris, or a CSV file with a header row."))] = "spirals",
    target: Annotated[Optional[str], typer.Option("--target", metavar="COLUMN", help=N_("The CSV column to predict "
                                                  "(default: the last one)."))] = None,
    task: Annotated[Optional[str], typer.Option("--task", metavar="TASK", help=N_("binary, multiclass or regression; "
                                                "default: inferred from the data."))] = None,
    hidden: Annotated[str, typer.Option("--hidden", metavar="W,W,…", help=N_("Hidden layer widths."))] = "8,8",
    init: Annotated[Optional[str], typer.Option("--init", metavar="SCHEME", help=N_("he, xavier, lecun, normal, "
                                                "small or lsuv (orthogonal weights times the advised gain, each "
                                                "later hidden layer rescaled to the first one's Var Z on a "
                                                "mini-batch of training rows); default: the activation's "
                                                "recommended one (lsuv where simulate uses it)."))] = None,
    optimizer: Annotated[str, typer.Option("--optimizer", metavar="NAME", help=N_("sgd, momentum (0.9) or adam."))] = "adam",
    lr: Annotated[float, typer.Option("--lr", metavar="RATE", help=N_("Learning rate."))] = 0.03,
    batch: Annotated[int, typer.Option("--batch", metavar="B", help=N_("Examples per step."))] = 32,
    epochs: Annotated[int, typer.Option("--epochs", metavar="N", help=N_("Passes over the training rows."))] = 100,
    seeds: Annotated[int, typer.Option("--seeds", metavar="N", help=N_("Runs per activation, seeds S … S+N−1 "
                                       "(weights and batch order); mean ± sd over them."))] = 3,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help=N_("First seed; also generates and splits "
                                      "the data (the same for every run)."))] = 0,
    noise: Annotated[float, typer.Option("--noise", metavar="X", help=N_("Noise of a generated set, 0 to 0.5 "
                                         "(as Playground's slider)."))] = 0.1,
    points: Annotated[int, typer.Option("--points", metavar="N", help=N_("Points of a generated set."))] = 500,
    test_split: Annotated[float, typer.Option("--test-split", metavar="F", help=N_("Share of rows held out "
                                              "for testing."))] = 0.3,
    goal: Annotated[float, typer.Option("--goal", metavar="X", help=N_("Test accuracy (R² for regression) whose "
                                        "first epoch is reported."))] = 0.9,
    output: Annotated[Optional[str], typer.Option("-o", "--output", metavar="FIGURE", help=N_("Draw learning curves, "
                                                  "dead units and decision boundaries into FIGURE (.png/.svg/.pdf)."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON with the full per-epoch history."))] = False,
    timing: Annotated[bool, typer.Option("--timing/--no-timing", help=N_("Show the seconds each run took."))] = True,
) -> None:
    """Train small fully connected networks whose hidden layers use each SPEC, on the same data
    and seeds, and report per epoch the loss and accuracy (R²) and per hidden layer the dead and
    saturated units, gradient RMS and update-to-weight ratio. The output layer and loss follow the
    task (binary: one logit, binary cross-entropy; multiclass: softmax cross-entropy; regression:
    identity, mean squared error). Tests the seed's training claims; numpy only, reproducible."""
    from actcli.api import train as run
    from actcli.present.files import check_output_path

    with _errors():  # every argument is checked before training starts (the output path first)
        dest = check_output_path(output) if output is not None else None
        sizes = parse_hidden(hidden)
        with progress_bar(_("training"), len(specs) * seeds * epochs, sys.stderr.isatty()) as step:
            result = run(specs, data, sizes, optimizer, lr, batch, epochs, init, goal, seeds, seed, task, target,
                         noise, points, test_split, progress=step)
    ex = result.experiment
    if ex.finished == 0:
        fail(_("interrupted before any run finished"), EXIT_INTERRUPTED)
    from actcli.present import training

    if dest is not None:
        with _errors():
            from actcli.present.figures import save

            save(result.figure(), dest[0], dest[1], 120)
    if as_json:
        print_json(result.to_dict())
    else:
        show(training.terminal(ex, timing))
    if dest is not None:
        sys.stderr.write(_("wrote {path}").format(path=dest[0]) + "\n")
    if ex.interrupted:
        stderr().print(training.interrupted_words(ex), markup=False)
        raise typer.Exit(EXIT_INTERRUPTED)
