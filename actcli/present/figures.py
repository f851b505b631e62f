"""Figures of activations and their derivatives, drawn with matplotlib's object-oriented API.

No pyplot (and so no GUI backend and no global figure state) unless a window is asked for with
``show=True``. All numbers come from :mod:`actcli.analysis`; this module only draws.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.analysis.vector import cross_entropy_gradient, probabilities, seed_softmax_example
from actcli.analysis.window import curve
from actcli.analysis.zones import zones
from actcli.core.activation import Activation
from actcli.errors import OutputError, UsageError
from actcli.present.files import atomic_write
from actcli.present.numbers import label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from actcli.nn.simulate import Run

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
LINESTYLES = ("-", "--", "-.", ":")
MAX_CURVES = len(PALETTE)


WIDTH_IN = 7.2
PANEL_IN = 2.7


def _figure(n_panels: int, show: bool) -> Figure:
    size = (WIDTH_IN, 1.0 + PANEL_IN * n_panels)
    if show:
        import matplotlib.pyplot as plt  # only for a window

        return plt.figure(figsize=size)
    from matplotlib.figure import Figure

    return Figure(figsize=size)


def _margins(fig: Figure, n_panels: int, panel_titles: bool) -> None:
    """Fixed margins in inches: as tidy as a layout engine here, at a fraction of its cost."""
    height = fig.get_figheight()
    gap = 0.55 if panel_titles else 0.3
    axes_h = (height - 0.65 - 0.55 - gap * (n_panels - 1)) / n_panels
    fig.subplots_adjust(
        left=0.85 / WIDTH_IN,
        right=1 - 0.2 / WIDTH_IN,
        top=1 - 0.55 / height,
        bottom=0.65 / height,
        hspace=gap / axes_h,
    )


def _style(ax: Axes, ylabel: str) -> None:
    ax.grid(True, alpha=0.3, linewidth=0.6)
    ax.axhline(0.0, color="0.4", linewidth=0.7, zorder=0)
    ax.axvline(0.0, color="0.4", linewidth=0.7, zorder=0)
    ax.set_ylabel(ylabel)


def check_display() -> None:
    """A window needs a display: fail with a hint rather than hang or crash."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise OutputError("no display available for --show (DISPLAY is not set)", hint="write an image with -o FILE")


def figure_elementwise(
    acts: Sequence[Activation],
    lo: float,
    hi: float,
    points: int,
    order: int = 1,
    derivative: bool = True,
    show: bool = False,
) -> Figure:
    """f on top, then f′ (and f″ for order 2) on a shared x axis, every activation overlaid."""
    orders = [0] if not derivative else list(range(order + 1))
    fig = _figure(len(orders), show)
    _margins(fig, len(orders), panel_titles=derivative and len(acts) == 1)
    axes = fig.subplots(len(orders), 1, sharex=True, squeeze=False)[:, 0]
    labels = {0: "f(x)", 1: "f′(x)", 2: "f″(x)"}
    for ax, o in zip(axes, orders):
        _style(ax, labels[o])
    shaded_sat = shaded_dead = False
    for i, act in enumerate(acts):
        color, ls = PALETTE[i % len(PALETTE)], LINESTYLES[i % len(LINESTYLES)]
        for ax, o in zip(axes, orders):
            xs, ys = curve(act, lo, hi, points, o)
            ax.plot(xs, ys, color=color, linestyle=ls, linewidth=2.0, label=label(act) if o == 0 else None)
        _mark_kinks(act, axes, orders, lo, hi, color)
        if derivative:
            for z in zones(act, lo, hi):
                target = axes[1]
                if z.kind == "dead":
                    target.axvspan(z.lo, z.hi, facecolor=color, alpha=0.10, hatch="//", edgecolor=color, linewidth=0)
                    shaded_dead = True
                else:
                    target.axvspan(z.lo, z.hi, facecolor=color, alpha=0.13, linewidth=0)
                    shaded_sat = True
    handles, names = axes[0].get_legend_handles_labels()
    from matplotlib.patches import Patch

    if shaded_sat:
        handles.append(Patch(facecolor="0.5", alpha=0.25, label="saturated: |f′| < 1% of max"))
    if shaded_dead:
        handles.append(Patch(facecolor="0.5", alpha=0.2, hatch="//", label="dead: f′ ≡ 0"))
    axes[0].legend(handles=handles, loc="best", fontsize=9, framealpha=0.9)
    axes[-1].set_xlabel("x")
    axes[-1].set_xlim(lo, hi)
    if len(acts) == 1:
        fig.suptitle(acts[0].record.formula.text, fontsize=11)
        if derivative:
            d = acts[0].record.derivative if order == 1 else acts[0].record.second
            axes[1 if order == 1 else 2].set_title(d.text, fontsize=9, loc="left")
    else:
        fig.suptitle(" vs ".join(label(a) for a in acts), fontsize=11)
    return fig


def _mark_kinks(act: Activation, axes: Any, orders: list[int], lo: float, hi: float, color: str) -> None:
    """Open circles at both one-sided limits of a jump, a filled one at the value used."""
    for k in act.claims.kinks:
        if not lo <= k.x <= hi:
            continue
        if 1 in orders:
            ax = axes[orders.index(1)]
            ax.plot([k.x, k.x], [k.left, k.right], linestyle="none", marker="o", markersize=6,
                    markerfacecolor="white", markeredgecolor=color, zorder=5)
            ax.plot([k.x], [k.derivative], linestyle="none", marker="o", markersize=4, color=color, zorder=6)
        if not k.continuous and 0 in orders:
            ax = axes[orders.index(0)]
            value = float(act(k.x))
            left = float(act(np.nextafter(k.x, -np.inf)))
            right = float(act(np.nextafter(k.x, np.inf)))
            ax.plot([k.x, k.x], [left, right], linestyle="none", marker="o", markersize=6,
                    markerfacecolor="white", markeredgecolor=color, zorder=5)
            ax.plot([k.x], [value], linestyle="none", marker="o", markersize=4, color=color, zorder=6)


def figure_vector(acts: Sequence[Activation], show: bool = False) -> Figure:
    """The seed tutorial's softmax picture: 1000 logits linearly from 1 to 10, every 20th one a
    true class (the target spreads its mass evenly over them); the probabilities, and the
    cross-entropy gradient s − y."""
    z, y = seed_softmax_example()
    true = y > 0
    fig = _figure(2, show)
    _margins(fig, 2, panel_titles=False)
    ax_p, ax_g = fig.subplots(2, 1, sharex=True)
    for ax, ylabel in ((ax_p, "output probability"), (ax_g, "∂L/∂z (cross-entropy)")):
        ax.grid(True, alpha=0.3, linewidth=0.6)
        ax.axhline(0.0, color="0.4", linewidth=0.7, zorder=0)
        ax.set_ylabel(ylabel)
    for i, act in enumerate(acts):
        color, ls = PALETTE[i % len(PALETTE)], LINESTYLES[i % len(LINESTYLES)]
        p = probabilities(act, z)
        grad = cross_entropy_gradient(act, z, y)
        ax_p.plot(z, p, color=color, linestyle=ls, linewidth=1.8, label=label(act))
        ax_g.plot(z[~true], grad[~true], ".", color=color, markersize=2.5,
                  label=f"{label(act)}: other classes, s" if len(acts) == 1 else f"{label(act)}, other classes")
        ax_g.plot(z[true], grad[true], "v", color=color, markersize=5, markeredgecolor="black",
                  markeredgewidth=0.4,
                  label=f"{label(act)}: true classes, s − 1/50" if len(acts) == 1 else f"{label(act)}, true classes")
    ax_p.legend(fontsize=9, loc="upper left")
    ax_g.legend(fontsize=9, loc="center left")
    ax_g.set_xlabel("logit z  (1000 logits linearly from 1 to 10; every 20th is a true class, y = 1/50 each)")
    ax_g.set_xlim(z[0] - 0.2, z[-1] + 0.2)
    names = " vs ".join(label(a) for a in acts)
    fig.suptitle(f"{names} over 1000 logits, and the cross-entropy gradient", fontsize=11)
    return fig


def build(
    acts: Sequence[Activation],
    lo: float,
    hi: float,
    points: int,
    order: int = 1,
    derivative: bool = True,
    show: bool = False,
) -> Any:
    if len(acts) > MAX_CURVES:
        raise UsageError(f"at most {MAX_CURVES} activations fit in one figure, got {len(acts)}")
    kinds = {a.kind for a in acts}
    if kinds == {"vector"}:
        return figure_vector(acts, show)
    if "vector" in kinds:
        raise UsageError(
            "cannot overlay vector activations (softmax, …) with elementwise ones",
            hint="plot them in separate commands",
        )
    return figure_elementwise(acts, lo, hi, points, order, derivative, show)


def save(fig: Figure, path: Path, fmt: str, dpi: int) -> Path:
    """Write the figure atomically (temp file + rename)."""
    extra: dict[str, Any] = {}
    if fmt == "png":
        # zlib level 1 instead of 6: ~25 ms faster per figure for ~40 % more bytes (~75 kB)
        extra = {"metadata": {"Software": "actcli"}, "pil_kwargs": {"compress_level": 1}}
    return atomic_write(path, lambda fh: fig.savefig(fh, format=fmt, dpi=dpi, **extra))


def show() -> None:
    """Open the window(s) of figures built with ``show=True`` (pyplot-managed)."""
    import matplotlib.pyplot as plt

    plt.show()


def figure_simulation(runs: Sequence[Run]) -> Figure:
    """Per-layer activation variance and gradient RMS (log scale), one curve per activation."""
    fig = _figure(2, False)
    _margins(fig, 2, panel_titles=False)
    ax_v, ax_g = fig.subplots(2, 1, sharex=True)
    for i, run in enumerate(runs):
        color, ls = PALETTE[i % len(PALETTE)], LINESTYLES[i % len(LINESTYLES)]
        layers = [st.layer for st in run.layers]
        name = f"{label(run.act)} ({run.init})"
        ax_v.semilogy(layers, [max(st.a_var, 1e-300) for st in run.layers], color=color, linestyle=ls,
                      marker="o", markersize=3, label=name)
        ax_g.semilogy(layers, [max(st.dz_rms, 1e-300) for st in run.layers], color=color, linestyle=ls,
                      marker="o", markersize=3, label=name)
    for ax, ylabel in ((ax_v, "Var A (activations)"), (ax_g, "rms dZ (gradient)")):
        ax.grid(True, which="both", alpha=0.3, linewidth=0.6)
        ax.set_ylabel(ylabel)
    ax_g.set_xlabel("layer (1 = next to the input)")
    ax_v.legend(fontsize=9)
    r = runs[0]
    fig.suptitle(f"{r.depth} layers × {r.width} units, batch {r.batch}: forward variance and backward gradient",
                 fontsize=11)
    return fig
