"""The ``actcli`` command line: parse, call the library, translate its errors, print.

No maths lives here. Each command imports what it needs inside its body, so that ``actcli
recommend`` never pays for numpy or matplotlib. Results go to stdout; errors go to stderr as one
``Error: …`` line with exit code 2 (usage) or 1 (runtime).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from actcli import __version__
from actcli.errors import EXIT_USAGE, ActcliError, UsageError

app = typer.Typer(
    name="actcli",
    help="Activation functions for neural networks: formulas, exact derivatives, plots, "
    "comparisons and recommendations.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


if TYPE_CHECKING:
    from rich.console import Console


def _plain() -> bool:
    """NO_COLOR (https://no-color.org) set: no ANSI styling at all, not even bold."""
    return bool(os.environ.get("NO_COLOR"))


def _stdout() -> Console:
    from rich.console import Console  # not on the plot path, which prints one line

    return Console(soft_wrap=False, color_system=None if _plain() else "auto")


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False, color_system=None if _plain() else "auto")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one ``Error:`` line on stderr and exit."""
    _stderr().print(f"Error: {message}", markup=False)
    raise typer.Exit(code)


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Turn an expected :class:`ActcliError` into ``Error: …`` and its exit code."""
    try:
        yield
    except ActcliError as err:
        fail(str(err), err.exit_code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"actcli {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Activation functions for neural networks: formulas, exact derivatives, plots,
    comparisons and recommendations."""


# --- list ----------------------------------------------------------------------------------------


@app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List every activation: name, aliases, kind, output range and what it is."""
    from actcli import render
    from actcli.registry import records

    if as_json:
        print_json([render.record_json(r) for r in records()])
        return
    _stdout().print(render.list_table(records()))


# --- derive ---------------------------------------------------------------------------------------

SpecArg = Annotated[
    str,
    typer.Argument(
        metavar="SPEC",
        help="An activation name or alias, with parameters as NAME:key=value "
        "(leaky_relu:negative_slope=0.2; see 'actcli list'), or an expression in x ('x*tanh(softplus(x))').",
        show_default=False,
    ),
]
RangeOpt = Annotated[
    tuple[float, float],
    typer.Option("--range", metavar="MIN MAX", help="The x range to analyse or draw."),
]
OrderOpt = Annotated[int, typer.Option("--order", min=1, max=2, metavar="1|2", help="1 for f′, 2 for f″.")]


@app.command()
def derive(
    spec: SpecArg,
    order: OrderOpt = 1,
    at: Annotated[
        Optional[list[float]],
        typer.Option(
            "--at",
            metavar="X",
            help="Evaluate at X (repeatable). For a vector activation the X values form the input "
            "vector z.",
        ),
    ] = None,
    x_range: RangeOpt = (-7.0, 7.0),
    latex: Annotated[bool, typer.Option("--latex", help="Show the formulas as LaTeX.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show f and its derivative as formulas, the convention at each kink, where the gradient
    vanishes, a table of sample points, and a check of f′ against finite differences of f.

    For softmax and the other vector activations: the Jacobian, its value at z (give z with
    --at), and the cross-entropy gradient s − y, each checked numerically.
    """
    from actcli import analysis, render
    from actcli.registry import get

    with errors_to_exit():
        act = get(spec)
        report = analysis.derive(act, order, x_range[0], x_range[1], at)
    if as_json:
        print_json(render.derive_json(report))
        return
    console = _stdout()
    for item in render.derive_renderables(report, latex=latex):
        console.print(item)
    if report.verification is not None and not report.verification.ok:
        raise typer.Exit(1)


# --- plot -----------------------------------------------------------------------------------------


@app.command()
def plot(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC", help="One or more activations (names, NAME:key=value or expressions in x) to overlay.",
                       show_default=False),
    ],
    output: Annotated[
        Optional[str],
        typer.Option("-o", "--output", metavar="FILE",
                     help="Where to write the figure; .png, .svg or .pdf. Default: <names>.png here."),
    ] = None,
    x_range: RangeOpt = (-7.0, 7.0),
    points: Annotated[int, typer.Option("--points", metavar="N", help="Samples across the range (2 to 1,000,000).")] = 2001,
    order: OrderOpt = 1,
    no_derivative: Annotated[bool, typer.Option("--no-derivative", help="Draw f only.")] = False,
    show: Annotated[bool, typer.Option("--show", help="Open a window (needs a display).")] = False,
    dpi: Annotated[int, typer.Option("--dpi", metavar="N", help="Resolution of PNG output (20 to 1200).")] = 150,
) -> None:
    """Draw f with f′ below it on a shared x axis (f″ too with --order 2).

    Kinks are marked (open circles at the jump of f′, a filled one at the value used there),
    saturation zones (|f′| below 1% of its maximum) are shaded and dead zones (f′ ≡ 0) hatched.
    Several SPECs are overlaid with a legend that shows their parameters.

    softmax, log_softmax and softmin are vector functions: for them the seed tutorial's figure is
    drawn instead — 1000 logits linearly from 1 to 10, every 20th one a true class — with the
    output probabilities and the cross-entropy gradient s − y.
    """
    from actcli import analysis
    from actcli.output import check_output_path
    from actcli.registry import get

    with errors_to_exit():
        acts = [get(s) for s in specs]
        lo, hi = analysis.check_range(*x_range)
        analysis.check_points(points)
        if not 20 <= dpi <= 1200:
            raise UsageError(f"--dpi must be between 20 and 1200, not {dpi}")
        target = output if output is not None else _default_image_name(acts)
        path, fmt = check_output_path(target) if (output is not None or not show) else (None, "")
        from actcli import plotting

        if show:
            plotting.check_display()
        fig = plotting.build(acts, lo, hi, points, order, not no_derivative, show)
        if path is not None:
            plotting.save(fig, path, fmt, dpi)
            sys.stdout.write(f"{path}\n")
    if show:
        plotting.show()


# --- compare --------------------------------------------------------------------------------------

FORMATS = ("table", "json", "markdown", "csv")


@app.command()
def compare(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC", help="Activations to compare: names, NAME:key=value or expressions in x.", show_default=False),
    ],
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table, json, markdown or csv.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    plot_file: Annotated[
        Optional[str], typer.Option("--plot", metavar="FILE", help="Also draw them, overlaid, into FILE.")
    ] = None,
    timing: Annotated[
        bool, typer.Option("--timing/--no-timing", help="Measure each activation's cost against identity.")
    ] = True,
    measure: Annotated[
        bool,
        typer.Option("--simulate/--no-simulate",
                     help="Measure the gradient ratio over a 10-layer network (as 'actcli simulate')."),
    ] = True,
) -> None:
    """Judge activations side by side on the seed tutorial's six criteria: non-linearity,
    differentiability, monotonicity, output range, compute efficiency and gradient propagation
    (plus zero-centring, smoothness, the recommended initialisation and more). Every value is
    computed from the registry's maths."""
    from actcli import render
    from actcli.choices import check_choice
    from actcli.compare import profile
    from actcli.output import check_output_path
    from actcli.registry import get

    with errors_to_exit():
        chosen = "json" if as_json else check_choice("format", fmt, FORMATS)
        acts = [get(s) for s in specs]
        target = check_output_path(plot_file) if plot_file is not None else None
        profiles = [profile(a, timing=timing, measure=measure) for a in acts]
        if target is not None:
            from actcli import plotting

            plotting.save(plotting.build(acts, -7.0, 7.0, 2001), target[0], target[1], 150)
    if chosen == "json":
        print_json({"activations": [render.profile_json(p) for p in profiles]})
    elif chosen == "markdown":
        sys.stdout.write(render.compare_markdown(profiles) + "\n")
    elif chosen == "csv":
        sys.stdout.write(render.compare_csv(profiles))
    else:
        _stdout().print(render.compare_table(profiles))
    if target is not None:
        sys.stderr.write(f"wrote {target[0]}\n")


# --- recommend ------------------------------------------------------------------------------------


@app.command()
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
    from actcli import render, rules

    with errors_to_exit():
        if list_rules:
            if as_json:
                print_json([render.rule_json(r) for r in rules.RULES])
            else:
                _stdout().print(render.rules_table(rules.RULES))
            return
        if explain is not None:
            found = rules.rule(explain)
            if as_json:
                print_json(render.rule_json(found))
            else:
                console = _stdout()
                for line in render.rule_renderables(found):
                    console.print(line)
            return
        rec = rules.recommend(task, layer, symptom, architecture, depth, current)
    if as_json:
        print_json(render.recommendation_json(rec))
        return
    console = _stdout()
    for item in render.recommendation_renderables(rec):
        console.print(item)


# --- simulate -------------------------------------------------------------------------------------


@app.command()
def simulate(
    specs: Annotated[
        list[str], typer.Argument(metavar="SPEC", help="Hidden-layer activations to run side by side (names or expressions).", show_default=False)
    ],
    depth: Annotated[int, typer.Option("--depth", metavar="N", help="Hidden layers (1 to 1000).")] = 10,
    width: Annotated[int, typer.Option("--width", metavar="W", help="Units per layer (1 to 8192).")] = 256,
    batch: Annotated[int, typer.Option("--batch", metavar="B", help="Examples in the batch (1 to 65536).")] = 256,
    init: Annotated[
        Optional[str],
        typer.Option("--init", metavar="SCHEME", help="he, xavier, lecun, normal (std 1) or small (std 0.01); "
                     "default: the activation's recommended one."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Random seed (same inputs for every SPEC).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    output: Annotated[
        Optional[str], typer.Option("-o", "--output", metavar="FILE", help="Draw per-layer curves into FILE (.png/.svg/.pdf).")
    ] = None,
) -> None:
    """Push a batch of N(0, 1) inputs through a deep fully connected network (Z = A·W, A = g(Z)),
    back-propagate a mean-squared-error loss, and report per layer the mean and variance of Z and A,
    the RMS of the gradients dA, dZ and dW, and the share of dead and saturated units. Measures the
    seed's claims: sigmoid gradients vanish within a few layers, ReLU keeps them, but can die."""
    from actcli import render
    from actcli import simulate as sim
    from actcli.output import check_output_path
    from actcli.registry import get

    with errors_to_exit():
        acts = [get(s) for s in specs]
        sim.validate(acts, depth, width, batch, init, seed)
        target = check_output_path(output) if output is not None else None
        runs = _run_simulations(sim, acts, depth, width, batch, init, seed)
        if target is not None:
            from actcli import plotting

            plotting.save(plotting.figure_simulation(runs), target[0], target[1], 150)
    if as_json:
        print_json(render.simulate_json(runs, sim.LOSS))
    else:
        console = _stdout()
        for item in render.simulate_renderables(runs, sim.LOSS):
            console.print(item)
    if target is not None:
        sys.stderr.write(f"wrote {target[0]}\n")


def _run_simulations(sim: Any, acts: list[Any], depth: int, width: int, batch: int, init: Optional[str], seed: int) -> list[Any]:
    """Run each; a progress bar on stderr when the work is big and stderr is a terminal."""
    big = depth * width * width * batch > 2e9
    if not (big and sys.stderr.isatty()):
        return [sim.simulate(a, depth, width, batch, init, seed) for a in acts]
    from rich.progress import Progress

    with Progress(console=_stderr(), transient=True) as bar:
        task = bar.add_task("simulating", total=2 * depth * len(acts))
        return [sim.simulate(a, depth, width, batch, init, seed, progress=lambda n: bar.advance(task, n)) for a in acts]


def _default_image_name(acts: list[Any]) -> str:
    """``sigmoid-tanh.png``; a custom expression becomes a safe file name (``x_tanh_softplus_x.png``)."""
    import re

    parts = [re.sub(r"[^A-Za-z0-9_]+", "_", a.name).strip("_") or "custom" for a in acts]
    return "-".join(parts)[:120] + ".png"


def main() -> None:
    """Console-script entry point.

    A closed pipe (``actcli list | head``) ends quietly. Once the command has finished and its
    output is flushed, the process ends with ``os._exit``: tearing down a interpreter that has
    loaded matplotlib takes ~80 ms (measured in bench/), and every file this tool writes is
    already closed and renamed into place by then.
    """
    code = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            sys.stderr.write(f"{exc.code}\n")
    except BrokenPipeError:
        _silence_stdout()
        code = 1
    except KeyboardInterrupt:  # Typer turns Ctrl-C into exit 130 itself; this covers start-up
        code = 130
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.stderr.flush()
    os._exit(code)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

