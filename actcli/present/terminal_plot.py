"""f and f′ drawn in the terminal with braille dots (2×4 per character), for machines without a
display (``actcli plot SPEC --terminal``): one panel for f, one for f′ (or f″), y labels on the left,
the x range below, a legend. Several activations are told apart by colour, or — with NO_COLOR or
in a pipe — by a marker each, drawn one per character cell.

Written here rather than taken from a plotting library: ~10 ms to import once numpy is loaded
(plotext took 0.3–0.5 s, more than numpy itself; uniplot 0.1 s beyond numpy, measured with
``python -X importtime`` on one machine), no new dependency, and the renderer knows the kinks, so
a jump of f′ is left open instead of being joined by a vertical stroke.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actcli.present.numbers import label, num
from actcli.present.plain import cells

if TYPE_CHECKING:
    from actcli.core.activation import Activation

COLOURS = ("34", "31", "32", "35", "36", "33")  # ANSI blue, red, green, magenta, cyan, yellow
MARKERS = ("•", "+", "x", "o", "*", "#")
_DOT = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))  # braille bit of (column, row) in a cell


@dataclass(frozen=True)
class Series:
    name: str
    ys: Any  # values at evenly spaced x from lo to hi (at least two per dot column)
    breaks: frozenset[int]  # samples not joined to the previous one (a jump lies between)


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _scale(series: Sequence[Series], height: int) -> tuple[float, float, int | None, dict[int, str]]:
    """y range, the row of y = 0 (if inside) and the labelled rows."""
    finite = np.concatenate([s.ys[np.isfinite(s.ys)] for s in series]) if series else np.array([])
    ymin, ymax = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    if ymax - ymin < 1e-12 * max(1.0, abs(ymax)):
        ymin, ymax = ymin - 1.0, ymax + 1.0
    ticks = {0: num(ymax, 3), height - 1: num(ymin, 3)}
    zero_row = None
    if ymin < 0 < ymax:
        zero_row = min(height - 1, int((ymax / (ymax - ymin)) * (4 * height - 1)) // 4)
        ticks.setdefault(zero_row, "0")
    return ymin, ymax, zero_row, ticks


def label_width(series: Sequence[Series], height: int) -> int:
    return max(cells(t) for t in _scale(series, height)[3].values())


def panel(title: str, series: Sequence[Series], lo: float, hi: float, width: int, height: int,
          colour: bool, lw: int = 0) -> list[str]:
    """The lines of one panel; ``width`` is the whole line, labels (``lw`` wide at least) included."""
    ymin, ymax, zero_row, ticks = _scale(series, height)
    lw = max([lw] + [cells(t) for t in ticks.values()])
    cols = width - lw - 2
    bits = [[0] * cols for _ in range(height)]
    owner: list[list[int]] = [[-1] * cols for _ in range(height)]
    marks: list[list[int]] = [[-1] * cols for _ in range(height)]
    multi_plain = len(series) > 1 and not colour

    def dot_row(y: float) -> int:
        return int(round((ymax - y) / (ymax - ymin) * (4 * height - 1)))

    for k, s in enumerate(series):
        prev: int | None = None
        n = len(s.ys)
        for i, y in enumerate(s.ys.tolist()):
            c = int(i * (2 * cols) / n)
            if not math.isfinite(y):
                prev = None
                continue
            r = dot_row(y)
            if multi_plain:
                marks[r // 4][c // 2] = k
                continue
            lo_r, hi_r = (r, r) if prev is None or i in s.breaks else (min(prev, r), max(prev, r))
            for rr in range(lo_r, hi_r + 1):
                bits[rr // 4][c // 2] |= _DOT[c % 2][rr % 4]
                owner[rr // 4][c // 2] = k
            prev = r
    zero_col = int((0 - lo) / (hi - lo) * (2 * cols - 1)) // 2 if lo < 0 < hi else None
    lines = [title]
    for row in range(height):
        row_cells = []
        for col in range(cols):
            if marks[row][col] >= 0:
                row_cells.append(MARKERS[marks[row][col] % len(MARKERS)])
            elif bits[row][col]:
                k = owner[row][col]
                row_cells.append(_paint(chr(0x2800 + bits[row][col]), COLOURS[k % len(COLOURS)], colour))
            elif row == zero_row and col == zero_col:
                row_cells.append("┼")
            elif row == zero_row:
                row_cells.append("─")
            elif col == zero_col:
                row_cells.append("│")
            else:
                row_cells.append(" ")
        tick = ticks.get(row)
        label = " " * (lw - cells(tick)) + tick + " ┤" if tick is not None else " " * lw + " │"
        lines.append(label + "".join(row_cells).rstrip())
    lines.append(" " * lw + " └" + "─" * cols)
    left, right = num(lo, 3), num(hi, 3)
    axis = [" "] * cols
    for i, ch in enumerate(left):
        axis[i] = ch
    for i, ch in enumerate(right):
        axis[cols - len(right) + i] = ch
    if zero_col is not None and len(left) + 1 < zero_col < cols - len(right) - 1:
        axis[zero_col] = "0"
    lines.append(" " * (lw + 2) + "".join(axis).rstrip())
    return lines


def legend(names: Sequence[str], colour: bool) -> str:
    if len(names) > 1 and not colour:
        return "   ".join(f"{MARKERS[k % len(MARKERS)]} {n}" for k, n in enumerate(names))
    return "   ".join(_paint("⣿⣿", COLOURS[k % len(COLOURS)], colour) + f" {n}" for k, n in enumerate(names))


def render(acts: Sequence[Activation], lo: float, hi: float, order: int, derivative: bool, width: int,
           colour: bool, height: int = 12) -> str:
    """The whole drawing: f, then f′ (or f″ with ``order`` 2) unless ``derivative`` is False."""
    width = max(40, min(width, 200))
    xs = np.linspace(lo, hi, 4 * width)
    names = [label(a) for a in acts]

    def series(order_: int) -> list[Series]:
        out = []
        for a, name in zip(acts, names):
            with np.errstate(all="ignore"):
                ys = np.asarray(a(xs) if order_ == 0 else a.derivative(xs, order_), dtype=float)
            kinks = a.claims.kinks
            jumps = [k.x for k in kinks if order_ >= 1 or not k.continuous]
            if order_ == 2:
                jumps += [float(v) for v in a.claims.d2_kinks]
            breaks = frozenset(int(np.searchsorted(xs, j)) for j in jumps if lo < j < hi)
            out.append(Series(name, ys, breaks))
        return out

    mark = "′" if order == 1 else "″"
    panels = [("f(x)", series(0))] + ([(f"f{mark}(x)", series(order))] if derivative else [])
    lw = max(label_width(ss, height) for _, ss in panels)  # the panels share their x columns
    lines: list[str] = []
    for title, ss in panels:
        lines += panel(title, ss, lo, hi, width, height, colour, lw)
        lines.append("")
    lines.append(legend(names, colour))
    return "\n".join(line.rstrip() for line in lines) + "\n"  # no trailing blanks (pipes, diffs)
