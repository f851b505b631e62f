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

from actcli.analysis.window import curve
from actcli.analysis.zones import zones
from actcli.core.activation import Activation
from actcli.errors import OutputError, UsageError
from actcli.i18n import _, ngettext
from actcli.present.files import atomic_write
from actcli.present.fonts import for_figures
from actcli.present.numbers import label, num

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from actcli.nn.simulate import Run

# Okabe & Ito (2008), without its yellow (too pale on white), then Tol's muted indigo, wine, olive and
# teal: distinguishable with the common colour-vision deficiencies, and none vanishes on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#332288", "#882255", "#999933", "#44AA99")
LINESTYLES = ("-", "--", "-.", (0, (1, 1)))
MAX_CURVES = 8


WIDTH_IN = 7.2
PANEL_IN = 2.7
SMALL_IN = 1.9


def _figure(height: float, show: bool) -> Figure:
    size = (WIDTH_IN, height)
    if show:
        import matplotlib.pyplot as plt  # only for a window

        return plt.figure(figsize=size)
    from matplotlib.figure import Figure

    return Figure(figsize=size)


def _margins(fig: Figure, n_panels: int, panel_titles: bool, title_lines: int = 1, panel_lines: int = 1) -> None:
    """Fixed margins in inches: as tidy as a layout engine here, at a fraction of its cost (each line
    of a title beyond its first gets 0.17 in more room above its panel or the figure's top panel)."""
    height = fig.get_figheight()
    gap = 0.55 + 0.17 * (panel_lines - 1) if panel_titles else 0.3
    top = 0.55 + 0.2 * (title_lines - 1)
    axes_h = (height - 0.65 - top - gap * (n_panels - 1)) / n_panels
    fig.subplots_adjust(
        left=0.85 / WIDTH_IN,
        right=1 - 0.2 / WIDTH_IN,
        top=1 - top / height,
        bottom=0.65 / height,
        hspace=gap / axes_h,
    )


def _title(text: str, fontsize: float, inches: float) -> str:
    """``text`` broken into lines (at spaces, and between CJK characters) that fit ``inches`` of
    the figure at ``fontsize``: a formula as long as xielu′'s would run off the edge."""
    from actcli.present.plain import cells

    room = max(20, int(inches * 72 / (0.56 * fontsize)))  # DejaVu Sans: about 0.55 em a character
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        pieces = [word] if cells(word) <= room else list(word)  # (only CJK runs are that long)
        for k, piece in enumerate(pieces):
            joined = piece if not line else line + ("" if k else " ") + piece
            if line and cells(joined) > room:
                lines.append(line)
                line = piece
            else:
                line = joined
    lines.append(line)
    return "\n".join(lines)


def _style(ax: Axes, ylabel: str) -> None:
    ax.grid(True, alpha=0.3, linewidth=0.6)
    ax.axhline(0.0, color="0.4", linewidth=0.7, zorder=0)
    ax.axvline(0.0, color="0.4", linewidth=0.7, zorder=0)
    ax.set_ylabel(ylabel)


def colours(acts: Sequence[Activation]) -> list[tuple[str, Any]]:
    """(colour, line style) per activation. The colour follows the activation, not its place in the
    command: registry order picks it (the seed's six get the first six), so sigmoid is blue in every
    figure; an expression's comes from its text. Two activations that would share a colour in one
    figure: the later takes the next free one. The same name with other parameters keeps the colour
    and changes the line style."""
    import zlib

    from actcli.catalogue import registry

    reg = registry()  # a shipped name's place needs neither its family's module nor the plugins
    out: list[tuple[str, Any]] = []
    by_name: dict[str, str] = {}
    styles_used: dict[str, int] = {}
    for act in acts:
        if act.name in by_name:
            colour = by_name[act.name]
        else:
            place = reg.position(act.name)
            index = zlib.crc32(act.name.encode()) if place is None else place
            taken = set(by_name.values())
            colour = PALETTE[index % len(PALETTE)]
            for step in range(len(PALETTE)):
                colour = PALETTE[(index + step) % len(PALETTE)]
                if colour not in taken:
                    break
            by_name[act.name] = colour
        n = styles_used.get(act.name, 0)
        styles_used[act.name] = n + 1
        out.append((colour, LINESTYLES[n % len(LINESTYLES)]))
    return out


def check_display() -> None:
    """A window needs a display: fail with a hint rather than hang or crash."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise OutputError(_("no display available for --show (DISPLAY is not set)"),
                          hint=_("write an image with -o FILE"))


_YLABEL = {0: "f(x)", 1: "f′(x)", 2: "f″(x)"}


def _shade(ax: Axes, act: Activation, lo: float, hi: float, colour: str) -> tuple[bool, bool]:
    """Saturated zones shaded, dead zones hatched, in the activation's colour."""
    sat = dead = False
    for z in zones(act, lo, hi):
        if z.kind == "dead":
            ax.axvspan(z.lo, z.hi, facecolor=colour, alpha=0.10, hatch="//", edgecolor=colour, linewidth=0)
            dead = True
        else:
            ax.axvspan(z.lo, z.hi, facecolor=colour, alpha=0.13, linewidth=0)
            sat = True
    return sat, dead


def _zone_handles(sat: bool, dead: bool, dirac: bool = False) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    if sat:
        handles.append(Patch(facecolor="0.5", alpha=0.25, label=_("saturated: f′ → 0, |f′| < 1% of sup |f′|")))
    if dead:
        handles.append(Patch(facecolor="0.5", alpha=0.2, hatch="//", label=_("dead: f′ ≡ 0")))
    if dirac:
        handles.append(Line2D([], [], color="0.3", marker="^", linestyle="-", linewidth=1.0,
                              label=_("c·δ: Dirac mass (a jump of c one order up)")))
    return handles


def _dirac(ax: Axes, act: Activation, order: int, lo: float, hi: float, colour: str) -> bool:
    """Where f′ jumps, f″ is not 0 but a Dirac mass (f′(x⁺) − f′(x⁻))·δ; where f jumps, f′ has one.
    Drawn as an arrow up (or down) from 0 with its weight written beside it."""
    drawn = False
    for k in act.claims.kinks:
        if not lo <= k.x <= hi:
            continue
        if order == 2:
            mass = k.right - k.left
        elif order == 1 and not k.continuous:
            mass = float(act(np.nextafter(k.x, np.inf))) - float(act(np.nextafter(k.x, -np.inf)))
        else:
            continue
        if mass == 0 or not np.isfinite(mass):
            continue
        # the arrow's height is the mass, as Dirac masses are drawn; the axis grows to hold it
        bottom, top = ax.get_ylim()
        ax.set_ylim(min(bottom, 1.2 * mass, -0.05 * abs(mass)), max(top, 1.2 * mass, 0.05 * abs(mass)))
        ax.annotate("", xy=(k.x, mass), xytext=(k.x, 0.0),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.4, "shrinkA": 0, "shrinkB": 0})
        ax.annotate(f"{num(mass, 3)}·δ", xy=(k.x, mass), xytext=(4, -4 if mass > 0 else 4), textcoords="offset points",
                    fontsize=8, color=colour, va="top" if mass > 0 else "bottom")
        drawn = True
    return drawn


def _mark_kinks(act: Activation, ax_by_order: dict[int, Axes], lo: float, hi: float, colour: str) -> None:
    """Open circles at both one-sided limits of a jump, a filled one at the value used."""
    for k in act.claims.kinks:
        if not lo <= k.x <= hi:
            continue
        if 1 in ax_by_order:
            ax = ax_by_order[1]
            ax.plot([k.x, k.x], [k.left, k.right], linestyle="none", marker="o", markersize=6,
                    markerfacecolor="white", markeredgecolor=colour, zorder=5)
            ax.plot([k.x], [k.derivative], linestyle="none", marker="o", markersize=4, color=colour, zorder=6)
        if not k.continuous and 0 in ax_by_order:
            ax = ax_by_order[0]
            value = float(act(k.x))
            left = float(act(np.nextafter(k.x, -np.inf)))
            right = float(act(np.nextafter(k.x, np.inf)))
            ax.plot([k.x, k.x], [left, right], linestyle="none", marker="o", markersize=6,
                    markerfacecolor="white", markeredgecolor=colour, zorder=5)
            ax.plot([k.x], [value], linestyle="none", marker="o", markersize=4, color=colour, zorder=6)


def _draw(ax: Axes, act: Activation, o: int, lo: float, hi: float, points: int, style: tuple[str, Any],
          name: str | None) -> None:
    xs, ys = curve(act, lo, hi, points, o)
    ax.plot(xs, ys, color=style[0], linestyle=style[1], linewidth=2.0, label=name)


def figure_elementwise(
    acts: Sequence[Activation],
    lo: float,
    hi: float,
    points: int,
    order: int = 1,
    derivative: bool = True,
    show: bool = False,
) -> Figure:
    """One activation: f on top, then f′ (and f″ for order 2) on a shared x axis. Several: their f
    overlaid on top, then small multiples — one panel per activation for f′ (and one for f″) — so
    that each zone and kink belongs to one curve."""
    if len(acts) == 1:
        return _figure_single(acts[0], lo, hi, points, order, derivative, show)
    styles = colours(acts)
    orders = [] if not derivative else list(range(1, order + 1))
    cols = 2 if len(acts) in (2, 4) else 3
    rows = -(-len(acts) // cols)
    import textwrap

    title_lines = textwrap.wrap(_(" vs ").join(label(a) for a in acts), 90)
    found = [z.kind for a in acts for z in zones(a, lo, hi)] if derivative else []
    diracs = derivative and any(
        lo <= k.x <= hi and ((order == 2 and k.right != k.left) or not k.continuous) for a in acts for k in a.claims.kinks)
    entries = len(acts) + ("saturated" in found) + ("dead" in found) + bool(diracs)
    legend_rows = -(-entries // (3 if entries > 4 else 2))
    top_in = 0.4 + 0.2 * len(title_lines)
    title_in, ticks_in, bottom_in = 0.45, 0.3, 0.25
    xlabel_in = 0.6 + 0.2 * legend_rows + 0.15
    height = top_in + PANEL_IN + xlabel_in + len(orders) * rows * (title_in + SMALL_IN + ticks_in) + bottom_in
    fig = _figure(height, show)
    left, right, wgap = 0.85 / WIDTH_IN, 1 - 0.2 / WIDTH_IN, 0.55 / WIDTH_IN
    width = right - left
    small_w = (width - wgap * (cols - 1)) / cols

    def box(y_top_in: float, h_in: float, x0: float, w: float) -> tuple[float, float, float, float]:
        return (x0, 1 - (y_top_in + h_in) / height, w, h_in / height)

    top = fig.add_axes(box(top_in, PANEL_IN, left, width))
    _style(top, "f(x)")
    for act, style in zip(acts, styles):
        _draw(top, act, 0, lo, hi, points, style, label(act))
        _mark_kinks(act, {0: top}, lo, hi, style[0])
    _clip_mixed_scales(top, acts, lo, hi, points)
    top.set_xlim(lo, hi)
    top.set_xlabel("x", labelpad=1)
    sat = dead = dirac = False
    for block, o in enumerate(orders):
        for i, (act, style) in enumerate(zip(acts, styles)):
            r, c = divmod(i, cols)
            y = top_in + PANEL_IN + xlabel_in + (block * rows + r) * (title_in + SMALL_IN + ticks_in) + title_in
            ax = fig.add_axes(box(y, SMALL_IN, left + c * (small_w + wgap), small_w))
            _style(ax, _YLABEL[o] if c == 0 else "")
            _draw(ax, act, o, lo, hi, points, style, None)
            if o == 1:
                s_, d_ = _shade(ax, act, lo, hi, style[0])
                sat, dead = sat or s_, dead or d_
                _mark_kinks(act, {1: ax}, lo, hi, style[0])
            ax.set_xlim(lo, hi)
            dirac = _dirac(ax, act, o, lo, hi, style[0]) or dirac
            title = textwrap.wrap(_("{f} of {name}").format(f=_YLABEL[o].replace("(x)", ""), name=label(act)),
                                  34 if cols == 3 else 50)
            ax.set_title("\n".join(title[:2]), fontsize=8.5, loc="left", color=style[0])
            ax.tick_params(labelsize=8)
    handles, _labels = top.get_legend_handles_labels()
    handles += _zone_handles(sat, dead, dirac)
    top.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.55 / PANEL_IN), fontsize=8,
               frameon=False, ncol=3 if len(handles) > 4 else 2)
    fig.suptitle("\n".join(title_lines), fontsize=10 if len(acts) > 3 else 11, y=1 - 0.15 / height, va="top")
    return fig


def _clip_mixed_scales(ax: Axes, acts: Sequence[Activation], lo: float, hi: float, points: int) -> None:
    """Curves of very different heights on one axis (relu reaching 7 beside sigmoid's (0, 1)): when
    the tallest spans over three times the shortest, the y axis shows every curve over the middle half
    of the x range, so the short ones keep their shape and the tall ones visibly leave the panel."""
    ranges = []
    for act in acts:
        _xs, ys = curve(act, lo, hi, points, 0)
        finite = ys[np.isfinite(ys)]
        if finite.size:
            ranges.append((float(finite.min()), float(finite.max())))
    spans = [b - a for a, b in ranges]
    if len(spans) < 2 or max(spans) <= 3 * max(min(spans), 1e-12):
        return
    q = (hi - lo) / 4
    ys_mid = [curve(act, lo + q, hi - q, max(points // 2, 2), 0)[1] for act in acts]
    low = min(float(np.nanmin(y)) for y in ys_mid)
    high = max(float(np.nanmax(y)) for y in ys_mid)
    # and no more than three of the flattest curve's heights beyond the curves of its scale
    # (exp beside sigmoid would otherwise still flatten it)
    small = min(spans)
    near = [r for r, sp in zip(ranges, spans) if sp <= 3 * small]
    low = max(low, min(a for a, _ in near) - 3 * small)
    high = min(high, max(b for _, b in near) + 3 * small)
    pad = 0.08 * (high - low or 1.0)
    ax.set_ylim(low - pad, high + pad)
    beyond = [label(a) for a, y in zip(acts, (curve(a, lo, hi, points, 0)[1] for a in acts))
              if np.nanmax(y) > high + pad or np.nanmin(y) < low - pad]
    import textwrap

    note = ngettext("y axis cut to show every curve; {names} goes beyond it",
                    "y axis cut to show every curve; {names} go beyond it", len(beyond)).format(names=", ".join(beyond))
    ax.set_title("\n".join(textwrap.wrap(note, 100)), fontsize=7.5, color="0.35", loc="right")


def _figure_single(act: Activation, lo: float, hi: float, points: int, order: int, derivative: bool,
                   show: bool) -> Figure:
    orders = [0] if not derivative else list(range(order + 1))
    formula, first, second = act.record.formulas_for(act.params)  # gelu:approximate=tanh, softplus:threshold=20
    title = _title(_(formula.text), 11, WIDTH_IN - 0.4)
    # a panel's title runs from the axes' left edge to the figure's right
    panel_title = _title(_((first if order == 1 else second).text), 9, WIDTH_IN - 0.85 - 0.1)
    fig = _figure(1.0 + PANEL_IN * len(orders), show)
    _margins(fig, len(orders), panel_titles=derivative, title_lines=title.count("\n") + 1,
             panel_lines=panel_title.count("\n") + 1)
    axes = fig.subplots(len(orders), 1, sharex=True, squeeze=False)[:, 0]
    style = colours([act])[0]
    by_order = dict(zip(orders, axes))
    sat = dead = dirac = False
    for o, ax in by_order.items():
        _style(ax, _YLABEL[o])
        _draw(ax, act, o, lo, hi, points, style, label(act) if o == 0 else None)
        if o == 1:
            sat, dead = _shade(ax, act, lo, hi, style[0])
    _mark_kinks(act, by_order, lo, hi, style[0])
    axes[-1].set_xlabel("x")
    axes[-1].set_xlim(lo, hi)
    for o, ax in by_order.items():
        if o:
            dirac = _dirac(ax, act, o, lo, hi, style[0]) or dirac
    handles, _labels = axes[0].get_legend_handles_labels()
    axes[0].legend(handles=handles + _zone_handles(sat, dead, dirac), loc="best", fontsize=9, framealpha=0.9)
    fig.suptitle(title, fontsize=11)
    if derivative:
        by_order[order].set_title(panel_title, fontsize=9, loc="left")
    return fig


def figure_vector(acts: Sequence[Activation], derivative: bool = True, show: bool = False) -> Figure:
    """The seed tutorial's softmax picture: 1000 logits linearly from 1 to 10, every 20th one a
    true class (the target spreads its mass evenly over them); each activation's output as it is
    (probabilities, or log-probabilities for log_softmax), and the cross-entropy gradient."""
    from actcli.analysis.vector import cross_entropy_gradient, seed_softmax_example  # vector kinds only

    z, y = seed_softmax_example()
    true = y > 0
    styles = colours(acts)
    logs = [a for a in acts if a.record.log_output]
    probs = [a for a in acts if not a.record.log_output]
    panels: list[tuple[str, list[Activation]]] = []
    if probs:
        panels.append((_("output probability"), probs))
    if logs:
        panels.append((_("output log-probability"), logs))
    n = len(panels) + (1 if derivative else 0)
    fig = _figure(1.0 + PANEL_IN * n, show)
    _margins(fig, n, panel_titles=False)
    axes = list(fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0])
    style_of = {a.spec: st for a, st in zip(acts, styles)}
    for ax, (ylabel, members) in zip(axes, panels):
        ax.grid(True, alpha=0.3, linewidth=0.6)
        ax.axhline(0.0, color="0.4", linewidth=0.7, zorder=0)
        ax.set_ylabel(ylabel)
        for act in members:
            colour, ls = style_of[act.spec]
            ax.plot(z, np.asarray(act(z), dtype=np.float64), color=colour, linestyle=ls, linewidth=1.8,
                    label=label(act))
        ax.legend(fontsize=9, loc="upper left")
    if derivative:
        ax_g = axes[-1]
        ax_g.grid(True, alpha=0.3, linewidth=0.6)
        ax_g.axhline(0.0, color="0.4", linewidth=0.7, zorder=0)
        sparse = any(a.record.tsallis is not None for a in acts)
        ax_g.set_ylabel(_("∂L/∂z (each one's loss)") if sparse else _("∂L/∂z (cross-entropy)"))
        for act in acts:
            colour, _style_ = style_of[act.spec]
            grad = cross_entropy_gradient(act, z, y)
            # ∂L/∂z = s − y (softmax, log_softmax) or y − s (softmin, whose logits enter negated)
            other, hit = ("s", "s − 1/50") if act.record.logit_sign > 0 else ("−s", "1/50 − s")
            prefix = f"{label(act)}: " if len(acts) > 1 else ""
            ax_g.plot(z[~true], grad[~true], ".", color=colour, markersize=2.5,
                      label=prefix + _("other classes, {gradient}").format(gradient=other))
            ax_g.plot(z[true], grad[true], "v", color=colour, markersize=5, markeredgecolor="black",
                      markeredgewidth=0.4, label=prefix + _("true classes, {gradient}").format(gradient=hit))
        ax_g.legend(fontsize=8, loc="best", framealpha=0.9)
    axes[-1].set_xlabel(_("logit z  (1000 logits linearly from 1 to 10; every 20th is a true class, y = 1/50 each)"))
    axes[-1].set_xlim(z[0] - 0.2, z[-1] + 0.2)
    names = _(" vs ").join(label(a) for a in acts)
    sparse = any(a.record.tsallis is not None for a in acts)
    if not derivative:
        title = _("{names} over 1000 logits")
    elif sparse:
        title = _("{names} over 1000 logits\nand each one's loss gradient (Fenchel–Young for sparsemax, entmax15; "
                  "else cross-entropy)")
    else:
        title = _("{names} over 1000 logits, and the cross-entropy gradient")
    fig.suptitle(title.format(names=names), fontsize=11 if not sparse else 10)
    return fig


#: samples per axis of the map of f(a, b) (at most; fewer when --points asks for fewer)
GATED_MAP = 401


def figure_gated(act: Activation, lo: float, hi: float, points: int, derivative: bool = True,
                 show: bool = False) -> Figure:
    """A gated activation: the gate g(b) with g′(b) (kinks marked) on the left; on the right f(a, b)
    over [lo, hi]² as filled contours on a diverging scale centred at 0, the zero level drawn, with
    a colour bar."""
    from matplotlib.colors import TwoSlopeNorm

    height = 4.0

    def box(x0: float, w: float) -> tuple[float, float, float, float]:  # inches → figure fractions
        return (x0 / WIDTH_IN, 0.6 / height, w / WIDTH_IN, (height - 0.6 - 0.95) / height)

    fig = _figure(height, show)
    ax_g, ax_f, ax_bar = fig.add_axes(box(0.7, 2.3)), fig.add_axes(box(3.75, 2.45)), fig.add_axes(box(6.32, 0.12))
    colour = colours([act])[0][0]
    _style(ax_g, _("gate"))
    # one piece per stretch between kinks of g′, so that a jump is not drawn as a vertical line
    cuts = [lo] + sorted(k.x for k in act.claims.kinks if lo < k.x < hi) + [hi]
    for i, (left, right) in enumerate(zip(cuts[:-1], cuts[1:])):
        bs = np.linspace(left, right, max(2, int(points * (right - left) / (hi - lo))))
        ax_g.plot(bs, np.asarray(act.gate(bs), dtype=np.float64), color=colour, linewidth=1.8,
                  label="g(b)" if i == 0 else None)
        if derivative:
            inner = bs.copy()
            inner[0], inner[-1] = (np.nextafter(left, np.inf) if i else left,
                                   np.nextafter(right, -np.inf) if i < len(cuts) - 2 else right)
            ax_g.plot(inner, np.asarray(act.gate_derivative(inner), dtype=np.float64), color=colour, linewidth=1.4,
                      linestyle="--", label="g′(b)" if i == 0 else None)
    for k in act.claims.kinks:
        if lo <= k.x <= hi and derivative:
            ax_g.plot([k.x, k.x], [k.left, k.right], "o", markerfacecolor="white", markeredgecolor=colour,
                      markersize=5, zorder=4)
            ax_g.plot([k.x], [k.derivative], "o", color=colour, markersize=4, zorder=5,
                      label=_("value used at a kink"))
    ax_g.set_xlabel(_("b (second half)"))
    ax_g.set_xlim(lo, hi)
    ax_g.legend(fontsize=8, loc="best", framealpha=0.9)
    ax_g.set_title(_(act.record.formula.text), fontsize=8, loc="left")
    n = max(2, min(points, GATED_MAP))
    grid = np.linspace(lo, hi, n)
    a, b = np.meshgrid(grid, grid)  # a along x, b along y
    f = np.asarray(act.product(a, b), dtype=np.float64)
    top = float(np.nanmax(np.abs(f))) if np.isfinite(f).any() else 1.0
    top = top if top > 0 else 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-top, vmax=top)
    filled = ax_f.contourf(a, b, f, levels=np.linspace(-top, top, 25), cmap="RdBu_r", norm=norm)
    ax_f.contour(a, b, f, levels=[0.0], colors="black", linewidths=0.8)
    bar = fig.colorbar(filled, cax=ax_bar)
    bar.set_label("f(a, b)")
    ticks = np.linspace(-top, top, 5)
    bar.set_ticks(list(ticks), labels=[num(float(t), 3) for t in ticks])
    ax_f.set_xlabel(_("a (first half)"))
    ax_f.set_ylabel(_("b (second half, the gate's)"))
    assert act.record.product is not None
    ax_f.set_title(_("f(a, b); black line: f = 0"), fontsize=8, loc="left")
    title = (_("{name}: gate g and g′, and f(a, b) over [{lo}, {hi}]²") if derivative
             else _("{name}: gate g, and f(a, b) over [{lo}, {hi}]²"))
    fig.suptitle(title.format(name=label(act), lo=num(lo), hi=num(hi)) + "\n" + _(act.record.product[0].text),
                 fontsize=10)
    return fig


@for_figures
def build(
    acts: Sequence[Activation],
    lo: float,
    hi: float,
    points: int,
    order: int = 1,
    derivative: bool = True,
    show: bool = False,
) -> Figure:
    """The figure for ``acts``: f with its derivatives for elementwise kinds, the seed tutorial's
    softmax picture for vector kinds. Curves reaching the largest floats overflow matplotlib's axis
    limits to inf, which its own code handles; numpy's warning about it is kept quiet here."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _build(acts, lo, hi, points, order, derivative, show)


def _build(acts: Sequence[Activation], lo: float, hi: float, points: int, order: int, derivative: bool,
           show: bool) -> Figure:
    if len(acts) > MAX_CURVES:
        raise UsageError(_("at most {n} activations fit in one figure, got {got}").format(n=MAX_CURVES, got=len(acts)))
    kinds = {a.kind for a in acts}
    if "gated" in kinds:
        if len(acts) > 1:
            raise UsageError(_("a gated activation gets a figure of its own (its gate and a 2-D map of f(a, b))"),
                             hint=_("plot each gated activation in its own command"))
        if order != 1:
            raise UsageError(_("order 2 has no picture for gated activations"), hint=_(
                "'actcli derive SPEC' shows the gate, the product and both partials"), option="order")
        return figure_gated(acts[0], lo, hi, points, derivative, show)
    if kinds == {"vector"}:
        if order != 1:
            raise UsageError(_("order 2 has no picture for vector activations: their second derivative is a "
                               "3-index tensor"), hint=_("'actcli derive SPEC' shows the Jacobian"), option="order")
        return figure_vector(acts, derivative, show)
    if "vector" in kinds:
        raise UsageError(
            _("cannot overlay vector activations (softmax, …) with elementwise ones"),
            hint=_("plot them in separate commands"),
        )
    return figure_elementwise(acts, lo, hi, points, order, derivative, show)


def save(fig: Figure, path: Path, fmt: str, dpi: int) -> Path:
    """Write the figure atomically (temp file + rename). The same figure gives the same bytes: no
    date in any format, SVG text kept as text (searchable, selectable) with fixed element ids."""
    import matplotlib

    extra: dict[str, Any] = {}
    if fmt == "png":
        # zlib level 1 instead of 6: ~25 ms faster per figure for ~40 % more bytes (~75 kB)
        extra = {"metadata": {"Software": "actcli"}, "pil_kwargs": {"compress_level": 1}}
    elif fmt == "svg":
        extra = {"metadata": {"Date": None, "Creator": "actcli"}}
    elif fmt == "pdf":
        extra = {"metadata": {"CreationDate": None, "ModDate": None, "Creator": "actcli", "Producer": "actcli"}}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "actcli"}), \
            np.errstate(over="ignore", invalid="ignore"):
        return atomic_write(path, lambda fh: fig.savefig(fh, format=fmt, dpi=dpi, **extra))


def show() -> None:
    """Open the window(s) of figures built with ``show=True`` (pyplot-managed)."""
    import matplotlib.pyplot as plt

    plt.show()


@for_figures
def figure_simulation(runs: Sequence[Run]) -> Figure:
    """Per-layer activation variance and gradient RMS (log scale), one curve per activation; layers
    are whole numbers, and the y axis has labelled ticks wherever the data lie."""
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator

    fig = _figure(1.0 + PANEL_IN * 2, False)
    _margins(fig, 2, panel_titles=False)
    fig.subplots_adjust(left=1.1 / WIDTH_IN)  # room for 5×10⁻² tick labels
    ax_v, ax_g = fig.subplots(2, 1, sharex=True)
    styles = colours([run.act for run in runs])
    series: dict[Any, list[float]] = {ax_v: [], ax_g: []}
    for run, (colour, ls) in zip(runs, styles):
        layers = [st.layer for st in run.layers]
        name = f"{label(run.act)} ({run.init})"
        for ax, values in ((ax_v, [st.a_var for st in run.layers]), (ax_g, [st.dz_rms for st in run.layers])):
            shown = [max(v, 1e-300) for v in values]
            series[ax] += shown
            ax.semilogy(layers, shown, color=colour, linestyle=ls, marker="o", markersize=3, label=name)
    for ax, ylabel in ((ax_v, _("Var A (activations)")), (ax_g, _("rms dZ (gradient)"))):
        ax.grid(True, which="major", alpha=0.3, linewidth=0.6)
        ax.set_ylabel(ylabel)
        low, high = min(series[ax]), max(series[ax])
        decades = np.log10(high) - np.log10(low)
        # under about two decades the powers of ten alone leave the axis with one label or none
        subs = tuple(range(1, 10)) if decades < 1 else (1.0, 2.0, 5.0) if decades < 2.5 else (1.0,)
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=subs, numticks=12))
        ax.yaxis.set_major_formatter(FuncFormatter(_power_label))
        ax.yaxis.set_minor_locator(LogLocator(base=10, subs="auto", numticks=12))
        ax.yaxis.set_minor_formatter("")
        margin = 10 ** max(0.08 * decades, (0.4 - decades) / 2)  # at least 0.4 decades: two labelled ticks
        ax.set_ylim(low / margin, high * margin)
    ax_g.xaxis.set_major_locator(MaxNLocator(integer=True))
    depth = runs[0].depth
    ax_g.set_xlim(0.5, depth + 0.5)
    ax_g.set_xlabel(_("layer (1 = next to the input)"))
    ax_v.legend(fontsize=9)
    r = runs[0]
    fig.suptitle(_("{depth} layers × {width} units, batch {batch}: forward variance and backward gradient").format(
        depth=r.depth, width=r.width, batch=r.batch), fontsize=11)
    return fig


def _power_label(v: float, _pos: object = None) -> str:
    """A log-axis tick: 10⁻³, 2×10⁻³, 5×10⁻³ (in mathtext)."""
    if v <= 0 or not np.isfinite(v):
        return ""
    exponent = int(np.floor(np.log10(v) + 1e-9))
    mantissa = round(v / 10.0**exponent, 6)
    power = f"10^{{{exponent}}}"
    return f"${power}$" if mantissa == 1 else f"${mantissa:g}\\times{power}$"


#: the largest |value| a figure can show: matplotlib's axis limits overflow beyond about 1e308
DRAWABLE = 1e300


def check_drawable(acts: Sequence[Activation], lo: float, hi: float, points: int, orders: tuple[int, ...]) -> None:
    """Refuse, before drawing, curves whose values no axis can show (``plot elu:alpha=1.79e308``)
    instead of writing an empty figure."""
    for act in acts:
        if act.kind != "elementwise":
            continue
        for order in orders:
            with np.errstate(all="ignore"):
                ys = curve(act, lo, hi, min(points, 2001), order)[1]
                top = float(np.nanmax(np.abs(ys))) if np.isfinite(ys).any() else 0.0
            if top > DRAWABLE:
                what = "f" if order == 0 else "f" + "′" * order
                raise UsageError(
                    _("{name}'s {what} reaches {top} in [{lo}, {hi}]: too large to draw").format(
                        name=act.name, what=what, top=f"{top:.3g}", lo=f"{lo:g}", hi=f"{hi:g}"),
                    hint=_("figures show values up to 1e300; narrow --range or choose smaller parameters"),
                )
