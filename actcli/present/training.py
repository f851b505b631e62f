"""What ``actcli train`` shows: the summary table, the JSON history and the figures.

Rich for the terminal; matplotlib (object-oriented API, imported inside the figure function) for
pictures. Numbers come from :mod:`actcli.nn.train`; this module only words and draws them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from actcli.core.constants import SATURATION_FRACTION
from actcli.i18n import N_, _, ngettext
from actcli.present.fonts import for_figures
from actcli.present.numbers import label, num

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from rich.console import RenderableType

    from actcli.nn.data import Dataset
    from actcli.nn.train import Experiment, Run, Summary


def output_layer(task: str) -> tuple[str, str]:
    """The output activation and loss the recommender's output rule names for ``task``."""
    from actcli.recommend.rules import RULES

    for rule in RULES:
        if rule.layer == "output" and task in rule.when.get("task", ()):
            return rule.choice or "", rule.loss or ""
    raise LookupError(task)  # every task train accepts has an output rule (a test checks it)


def _output_words(data: Dataset) -> str:
    choice, loss = output_layer(data.task)
    if data.task == "multiclass":
        units = _("{n} logits").format(n=data.n_outputs)
    else:
        units = _("one logit") if data.task == "binary" else _("one unit")
    return _("output: {units} ({choice}), loss: {loss}").format(units=units, choice=choice, loss=_(loss))


def metric_name(task: str) -> str:
    return "R²" if task == "regression" else _("accuracy")


def _pct(v: float, digits: int = 1) -> str:
    return "–" if math.isnan(v) else f"{100 * v:.{digits}f}"


def _ms(pair: tuple[float, float], fmt: Any, runs: int) -> str:
    """``mean±sd`` (just the mean for one run), compact enough for 80 columns."""
    m, s = pair
    if math.isnan(m):
        return "–"
    return fmt(m) if runs == 1 or math.isnan(s) else f"{fmt(m)}±{fmt(s)}"


def _metric_cell(task: str, pair: tuple[float, float], runs: int) -> str:
    if task == "regression":
        return _ms(pair, lambda v: f"{v:.3f}", runs)
    return _ms(pair, lambda v: _pct(v, 0), runs)


def describe_data(data: Dataset) -> str:
    n_tr, n_te = data.x_train.shape[0], data.x_test.shape[0]
    what = _(TASKS.get(data.task, data.task)) + _(", ") + ngettext(
        "{n} feature", "{n} features", data.n_inputs).format(n=data.n_inputs)
    if data.task != "regression":
        what += _(", ") + _("{n} classes").format(n=len(data.classes))
    rows = _("{train} training / {test} test rows").format(train=n_tr, test=n_te)
    if data.noise is not None:
        rows += _(", ") + _("noise {noise}").format(noise=num(data.noise))
    return _("{name} ({what}): {rows}; features standardised").format(name=data.name, what=what, rows=rows)


#: the tasks as the data line names them
TASKS = {"binary": N_("binary"), "multiclass": N_("multiclass"), "regression": N_("regression")}


def header_lines(ex: Experiment) -> list[str]:
    c, d = ex.config, ex.data
    sizes = " → ".join(str(s) for s in (d.n_inputs, *c.hidden, d.n_outputs))
    if len(ex.seeds) == 1:
        seeds = _("seed {seed}").format(seed=ex.seeds[0])
    else:
        seeds = _("seeds {first}–{last} (mean ± sd)").format(first=ex.seeds[0], last=ex.seeds[-1])
    return [
        describe_data(d),
        _("network {sizes}; {output}").format(sizes=sizes, output=_output_words(d)),
        _("{optimizer}, lr {lr}, batch {batch}, {epochs} epochs, {seeds}").format(
            optimizer=c.optimizer, lr=num(c.lr), batch=c.batch, epochs=c.epochs, seeds=seeds),
    ]


def target_words(ex: Experiment) -> str:
    t = ex.config.target
    return f"{100 * t:g}%" if ex.data.task != "regression" else f"R² {num(t)}"


def summary_table(ex: Experiment, timing: bool = True) -> Any:
    from rich import box
    from rich.table import Table

    from actcli.nn.train import summarise

    task = ex.data.task
    regression = task == "regression"
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(_("activation"), style="bold", max_width=14, overflow="fold")
    heads = (_("test R²"), _("train R²")) if regression else (_("test %"), _("train %"))
    for name in (*heads, _("loss"), _("to {target}").format(target=target_words(ex)), _("dead %"), _("sat %"),
                 *((_("s/run"),) if timing else ())):
        table.add_column(name, justify="right", no_wrap=True)
    for act, runs in zip(ex.acts, ex.runs):
        if not runs:
            continue
        s: Summary = summarise(act, runs)
        n = s.runs
        if s.reached == 0:
            to = "–"
        else:
            to = _ms(s.epochs_to_target, lambda v: f"{v:.0f}", s.reached)
            if s.reached < n:
                to += f" {s.reached}/{n}"
        table.add_row(
            label(act),
            _metric_cell(task, s.test_metric, n),
            _metric_cell(task, s.train_metric, n),
            _ms(s.test_loss, lambda v: f"{v:.2g}", 1),
            to,
            _ms(s.dead, lambda v: f"{100 * v:.0f}", n),
            _ms(s.saturated, lambda v: f"{100 * v:.0f}", n),
            *((f"{s.seconds[0]:.2g}",) if timing else ()),
        )
    return table


def notes(ex: Experiment, timing: bool = True) -> list[str]:
    from actcli.nn.train import summarise

    task = ex.data.task
    out = []
    inits = sorted({_("{name} {init} (gain {gain})").format(name=label(a), init=r[0].init, gain=num(round(r[0].gain, 3)))
                    for a, r in zip(ex.acts, ex.runs) if r})
    out.append(_("init: {inits}").format(inits=_("; ").join(inits)))
    metric = "R²" if task == "regression" else _("accuracy")
    goal = num(ex.config.target) if task == "regression" else f"{100 * ex.config.target:g}%"
    text = (_("last epoch; ±: sample sd over seeds. to {target}: first epoch with test {metric} ≥ {goal} (mean over "
              "the runs that reached it, and how many did). dead: units with g′ = 0 for every example of the epoch; "
              "sat: (example, unit) pairs with 0 < |g′| < {fraction} of sup |g′|; both averaged over hidden layers.")
            if len(ex.seeds) > 1 else
            _("last epoch. to {target}: first epoch with test {metric} ≥ {goal} (mean over the runs that reached "
              "it, and how many did). dead: units with g′ = 0 for every example of the epoch; sat: (example, unit) "
              "pairs with 0 < |g′| < {fraction} of sup |g′|; both averaged over hidden layers."))
    text = text.format(target=target_words(ex), metric=metric, goal=goal, fraction=f"{100 * SATURATION_FRACTION:g}%")
    out.append(text + (" " + _("s/run: seconds per run.") if timing else ""))
    for act, runs in zip(ex.acts, ex.runs):
        if not runs:
            continue
        s = summarise(act, runs)
        if s.diverged:
            out.append(_("{name}: {diverged} of {runs} runs diverged (loss not finite); their last finite epoch "
                         "is shown").format(name=label(act), diverged=s.diverged, runs=s.runs))
        learned = [r.network.learned() for r in runs if r.network.learnable]
        if learned:
            per_layer = []
            for layer in range(len(learned[0])):
                for key in learned[0][layer]:
                    vals = [lr[layer][key] for lr in learned]
                    per_layer.append(_("layer {layer} {key} {value}").format(
                        layer=layer + 1, key=key, value=num(sum(vals) / len(vals), 3)))
            out.append(_("{name} learned: {values}").format(name=label(act), values=", ".join(per_layer)))
    return out


def terminal(ex: Experiment, timing: bool = True) -> list[RenderableType]:
    """The summary; ``timing`` False leaves out the seconds per run (the only machine-dependent
    number, so that the same command prints the same text everywhere)."""
    from actcli.present.terminal import Prose

    items: list[RenderableType] = [Prose(line) for line in header_lines(ex)]
    items.append(summary_table(ex, timing))
    items += [Prose(n, style="dim") for n in notes(ex, timing)]
    return items


def interrupted_words(ex: Experiment) -> str:
    total = len(ex.acts) * len(ex.seeds)
    return _("interrupted: {finished} of {total} runs finished; showing those").format(finished=ex.finished, total=total)


# --- JSON ----------------------------------------------------------------------------------------------


def data_json(ex: Experiment) -> dict[str, Any]:
    """``--json``: built by :func:`actcli.present.data.training`, in the shared JSON vocabulary."""
    from actcli.present.data import training

    return training(ex, *output_layer(ex.data.task))


# --- figures -------------------------------------------------------------------------------------------

#: TensorFlow Playground's colours: orange for the negative class, blue for the positive one
NEGATIVE, POSITIVE = "#f59322", "#0877bd"


def _band(ax: Any, values: Any, color: str, ls: Any, name: str) -> None:
    import numpy as np

    epochs = np.arange(1, values.shape[1] + 1)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN epochs after a divergence
            mean = np.nanmean(values, axis=0)
            sd = np.nanstd(values, axis=0, ddof=1) if values.shape[0] > 1 else np.zeros_like(mean)
    ax.plot(epochs, mean, color=color, linestyle=ls, linewidth=1.6, label=name)
    if values.shape[0] > 1:
        ax.fill_between(epochs, mean - sd, mean + sd, color=color, alpha=0.18, linewidth=0)


@for_figures
def figure(ex: Experiment) -> Figure:
    """Learning curves (test loss, test metric, dead share: mean ± sd over seeds) and, for 2-D data,
    each activation's decision boundary after training (first seed), drawn as Playground does."""
    import numpy as np
    from matplotlib.figure import Figure

    from actcli.present.figures import colours

    acts = [(a, r) for a, r in zip(ex.acts, ex.runs) if r]
    two_d = ex.data.n_inputs == 2 and ex.data.task == "binary"
    one_d = ex.data.n_inputs == 1 and ex.data.task == "regression"
    n_cols = min(4, len(acts))
    n_bound_rows = math.ceil(len(acts) / n_cols) if two_d else (1 if one_d else 0)
    width = 7.6
    cell = (width - 0.9) / 4 if two_d else 2.4  # boundary panels: square, four to a row; or one fit panel
    curves_h, bounds_h = 3 * 2.0 + 2 * 0.35, n_bound_rows * (cell + 0.35)
    top, gap, bottom = 0.55, 0.75, 0.25
    below = gap + bounds_h if n_bound_rows else 0.55
    height = top + curves_h + below + bottom
    fig = Figure(figsize=(width, height))
    curves_bottom = (bottom + below) / height
    grid = fig.add_gridspec(3, 1, left=0.8 / width, right=1 - 0.15 / width, top=1 - top / height,
                            bottom=curves_bottom, hspace=0.35 / 2.0)
    ax_loss = fig.add_subplot(grid[0])
    ax_metric = fig.add_subplot(grid[1], sharex=ax_loss)
    ax_dead = fig.add_subplot(grid[2], sharex=ax_loss)
    task = ex.data.task
    styles = colours([act for act, _ in acts])  # the colour follows the activation, as in every figure
    for (act, runs), (color, ls) in zip(acts, styles):
        name = label(act)
        _band(ax_loss, np.stack([r.history.test_loss for r in runs]), color, ls, name)
        _band(ax_metric, np.stack([r.history.test_metric for r in runs]), color, ls, name)
        _band(ax_dead, np.stack([100 * np.mean(r.history.dead, axis=1) for r in runs]), color, ls, name)
    ax_loss.set_ylabel(_("test loss"))
    ax_loss.set_ylim(bottom=0)
    ax_metric.set_ylabel(_("test R²") if task == "regression" else _("test accuracy"))
    if task == "regression":
        ax_metric.set_ylim(-0.1, 1.02)
    else:
        ax_metric.set_ylim(0.0, 1.02)
        ax_metric.axhline(ex.config.target, color="0.5", linewidth=0.8, linestyle=":")
    ax_dead.set_ylabel(_("dead units (%)"))
    ax_dead.set_xlabel(_("epoch"))
    ax_dead.set_ylim(bottom=-1)
    for ax in (ax_loss, ax_metric, ax_dead):
        ax.grid(True, which="major", alpha=0.3, linewidth=0.6)
    for ax in (ax_loss, ax_metric):
        ax.tick_params(labelbottom=False)
    ax_metric.legend(fontsize=8, loc="lower right")
    band = ngettext("mean ± sd over {n} seed", "mean ± sd over {n} seeds", len(ex.seeds)).format(n=len(ex.seeds))
    sizes = " → ".join(str(s) for s in (ex.data.n_inputs, *ex.config.hidden, ex.data.n_outputs))
    fig.suptitle(f"{ex.data.name}: {sizes}, {ex.config.optimizer} lr {num(ex.config.lr)} ({band})", fontsize=10)
    if two_d:
        bgrid = fig.add_gridspec(n_bound_rows, 4, left=0.45 / width, right=1 - 0.45 / width,
                                 top=(bottom + bounds_h) / height, bottom=bottom / height, hspace=0.35 / cell,
                                 wspace=0.12)
        _boundaries(fig, bgrid, acts, ex.data)
    elif one_d:
        ax = fig.add_axes((0.8 / width, (bottom + 0.4) / height, 1 - 0.95 / width, (bounds_h - 0.45) / height))
        _fits(ax, acts, ex.data)
    return fig


def _fits(ax: Any, acts: list[tuple[Any, list[Run]]], data: Dataset) -> None:
    """1-D regression: the data and each activation's fitted curve after training (first seed)."""
    import numpy as np

    from actcli.present.figures import colours

    assert data.mean is not None and data.scale is not None
    x_tr = data.x_train[:, 0] * data.scale[0] + data.mean[0]
    x_te = data.x_test[:, 0] * data.scale[0] + data.mean[0]
    ax.scatter(x_tr, data.y_train[:, 0], s=5, color="0.6", label=_("training rows"))
    ax.scatter(x_te, data.y_test[:, 0], s=5, color="0.2", label=_("test rows"))
    grid = np.linspace(min(x_tr.min(), x_te.min()), max(x_tr.max(), x_te.max()), 300)
    styles = colours([act for act, _ in acts])
    for i, (act, runs) in enumerate(acts):
        fit = runs[0].network.predict(((grid - data.mean[0]) / data.scale[0])[:, None])[:, 0]
        ax.plot(grid, fit, color=styles[i][0], linestyle=styles[i][1],
                linewidth=1.6, label=_("{name} (seed {seed})").format(name=label(act), seed=runs[0].seed))
    ax.set_xlabel(data.features[0])
    ax.set_ylabel(_("{target} (standardised)").format(target=data.target))
    ax.grid(True, alpha=0.3, linewidth=0.6)
    ax.legend(fontsize=7, loc="best")


def _boundaries(fig: Any, grid: Any, acts: list[tuple[Any, list[Run]]], data: Dataset) -> None:
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    assert data.mean is not None and data.scale is not None
    cmap = LinearSegmentedColormap.from_list("playground", [NEGATIVE, "#e8eaeb", POSITIVE])
    x_tr = data.x_train * data.scale + data.mean
    x_te = data.x_test * data.scale + data.mean
    both = np.concatenate([x_tr, x_te])
    lo, hi = both.min(axis=0), both.max(axis=0)
    pad = 0.05 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 120), np.linspace(lo[1], hi[1], 120))
    grid_pts = (np.stack([gx.ravel(), gy.ravel()], axis=1) - data.mean) / data.scale
    for i, (act, runs) in enumerate(acts):
        ax = fig.add_subplot(grid[i // 4, i % 4], aspect="equal")
        run = runs[0]
        logits = run.network.predict(grid_pts)[:, 0]
        prob = 0.5 * (1.0 + np.tanh(0.5 * np.clip(logits, -500, 500)))
        ax.imshow(prob.reshape(gx.shape), origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), cmap=cmap,
                  vmin=0.0, vmax=1.0, aspect="auto", interpolation="bilinear")
        ax.set_aspect((hi[0] - lo[0]) / (hi[1] - lo[1]) if hi[1] > lo[1] else 1.0)
        for pts, ys, edge in ((x_tr, data.y_train[:, 0], "white"), (x_te, data.y_test[:, 0], "black")):
            colors = np.where(ys > 0.5, POSITIVE, NEGATIVE)
            ax.scatter(pts[:, 0], pts[:, 1], c=colors, s=9, edgecolors=edge, linewidths=0.4)
        acc = run.history.test_metric[run.final] if run.final >= 0 else math.nan
        ax.set_title(_("{name}\ntest {accuracy}% (seed {seed})").format(name=label(act), accuracy=_pct(acc, 0),
                                                                          seed=run.seed), fontsize=7.5)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
