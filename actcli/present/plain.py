"""Plain text: ASCII stand-ins for the Unicode actcli prints, and tables written without rich.

The stand-ins serve output encodings that cannot show Unicode.
The CLI installs :func:`transliterate` as the error handler of stdout and stderr when their
encoding is not UTF (``PYTHONIOENCODING=ascii``, a latin-1 terminal): a character the encoding can
show is kept as it is, any other becomes its stand-in here (``x²`` → ``x^2``, ``−∞`` → ``-inf``,
``σ`` → ``sigma``), so every renderer writes Unicode once and no command fails on the encoding.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from actcli.i18n import N_

if TYPE_CHECKING:
    from actcli.core.record import Record
    from actcli.present.blocks import Block

HANDLER = "actcli.plain"

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁺": "+", "⁻": "-", "⁼": "=", "⁽": "(", "⁾": ")", "ⁿ": "n", "ⁱ": "i", "ˣ": "x", "ᵏ": "k", "ᵀ": "T",
}
_SUBSCRIPTS = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
    "₊": "+", "₋": "-", "ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₙ": "n",
}

#: one stand-in per character; anything else falls back to its decomposition, then to "?"
TABLE = {
    "−": "-", "–": "-", "—": "--", "‐": "-", "∞": "inf", "′": "'", "″": "''", "‴": "'''",
    "·": "*", "×": "x", "÷": "/", "±": "+/-", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "≡": "==",
    "→": "->", "←": "<-", "↔": "<->", "√": "sqrt", "∂": "d", "Σ": "Sum", "∑": "Sum", "∏": "Prod",
    "⊙": "(.)", "ℝ": "R", "ℓ": "l", "…": "...", "⟨": "<", "⟩": ">", "½": "1/2", "§": "S", "★": "*",
    "•": "*", "✓": "ok", "✗": "x", "°": "deg", "µ": "u", "‘": "'", "’": "'", "“": '"', "”": '"',
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "ζ": "zeta", "η": "eta",
    "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho",
    "σ": "sigma", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Φ": "Phi", "Δ": "Delta",
    "Γ": "Gamma", "Λ": "Lambda", "Ω": "Omega", "Ψ": "Psi",
    "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
    "┬": "+", "┴": "+", "┼": "+", "╭": "+", "╮": "+", "╰": "+", "╯": "+", "═": "=", "║": "|",
    "▏": "|", "█": "#", "░": ".", "▒": ":", "▓": "#",
}


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: two for a wide (CJK) character, one for any other."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def transliterate(text: str, encoding: str = "ascii") -> str:
    """``text`` with every character ``encoding`` cannot show replaced by its stand-in."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if _encodes(ch, encoding):
            out.append(ch)
            i += 1
            continue
        for marks, lead in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
            if ch in marks:  # a run of them becomes one group: x⁻¹ → x^-1
                j = i
                while j < len(text) and text[j] in marks and not _encodes(text[j], encoding):
                    j += 1
                out.append(lead + "".join(marks[c] for c in text[i:j]))
                i = j
                break
        else:
            out.append(_stand_in(ch))
            i += 1
    return "".join(out)


def _encodes(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _stand_in(ch: str) -> str:
    if ch in TABLE:
        return TABLE[ch]
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if bare and bare.isascii():
        return bare  # é → e, ŷ → y
    return "?"


def _handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    # the stand-ins are ASCII, which every encoding a terminal uses can show
    return transliterate(err.object[err.start:err.end], err.encoding), err.end


def register() -> str:
    """Register the codec error handler (idempotent) and return its name."""
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _handler)
    return HANDLER


# --- plain tables ----------------------------------------------------------------------------------
#
# `actcli list` prints one table of 54+ rows. Laid out by rich, that layout is most of the command's
# own time; when the output carries no styles (a pipe, NO_COLOR) the writer below produces the same
# characters from the same cells without importing rich's console, using rich's own cell widths and
# word wrap (``rich.cells``, ``rich._wrap``), so that wide (CJK) characters count two cells as they do
# there. tests/test_plain_table.py compares the two at every width from 1 to 250 columns.


#: which columns of the list may wrap: only "what it is"
LIST_WRAPS = (False, False, False, True)


def list_cells(records: Sequence[Record]) -> tuple[list[str], list[tuple[str, str, str, str, str]], str]:
    """What ``actcli list`` shows: the headers, one row per record — name, kind, output range, what
    it is (its summary) and its details (parameters and aliases, shown on a line of their own
    below the summary, or "") — and the caption."""
    from actcli.i18n import _
    from actcli.present.numbers import value

    rows: list[tuple[str, str, str, str, str]] = []
    for r in records:
        extra = []
        if r.params:
            extra.append(_("params {params}").format(params=", ".join(f"{p.name}={value(p.default)}" for p in r.params)))
        if r.aliases:
            extra.append(_("aka {aliases}").format(aliases=", ".join(r.aliases)))
        rows.append((r.name + (" ★" if r.in_seed else ""), _(LIST_KINDS.get(r.kind, r.kind)),
                     _range_cell(r), _(r.summary), " · ".join(extra)))
    caption = _("★ in the seed tutorial · parameters as NAME:key=value, e.g. leaky_relu:negative_slope=0.2")
    return [_("name"), _("kind"), _("range"), _("what it is")], rows, caption


#: the kinds as list's column shows them
LIST_KINDS = {"elementwise": N_("elem"), "vector": N_("vector"), "gated": N_("gated")}


def _range_cell(r: Record) -> str:
    """The range of f (of the product f(a, b) for a gated kind: its claims describe the gate) as a
    list cell: a wide one (swiglu_oss's [−41.9997, 55.9996]) on two lines, so that one record does
    not widen the column for all."""
    from rich.cells import cell_len

    from actcli.present.numbers import interval

    iv = r.product_range(r.defaults()) if r.product_range is not None else r.claims(r.defaults()).output_range
    text = interval(iv)
    return text.replace(", ", ",\n ") if cell_len(text) > 16 else text


def terminal_width(stream: TextIO) -> int | None:
    """The width rich's console would lay a table out at on ``stream`` when it would write no
    styles (NO_COLOR, or not a terminal), as rich computes it: ``COLUMNS``, else the size of the first
    of stdin, stdout and stderr that is a terminal, else 80 (80 on a dumb terminal unless ``COLUMNS``
    and ``LINES`` are both set). None where rich would style the output or decide otherwise
    (``FORCE_COLOR``, ``TTY_COMPATIBLE``, ``TTY_INTERACTIVE``, Jupyter, IDLE, Windows, an encoding that
    is not UTF): then rich writes it."""
    import builtins
    import os
    import sys

    environ = os.environ
    if sys.platform == "win32" or hasattr(builtins, "get_ipython") or \
            any(v in environ for v in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")):
        return None
    if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return None
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if not encoding.startswith("utf"):
        return None
    try:
        terminal = bool(stream.isatty())
    except ValueError:
        terminal = False
    if terminal and not environ.get("NO_COLOR"):
        return None  # styled: bold names, dim details
    columns, lines = environ.get("COLUMNS"), environ.get("LINES")
    width = int(columns) if columns is not None and columns.isdigit() else None
    if width is not None and lines is not None and lines.isdigit():
        return width
    if terminal and environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    if width is not None:
        return width
    for fd in (0, 1, 2):
        try:
            size = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return size or 80
    return 80


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: Sequence[bool], caption: str,
                width: int, right: bool = False) -> list[str] | None:
    """The lines of a table as rich prints ``Table(box=SIMPLE_HEAD, show_edge=False,
    pad_edge=False, caption=caption, caption_justify="left")`` of these plain cells at ``width``
    columns without styles: columns one space apart inside and none at the edges, a rule under the
    headers, each line padded to the table's width; the columns that may ``wrap`` are narrowed (the
    widest first) until the table fits. None when they cannot make it fit (rich would then cut
    cells short with an ellipsis) or rich is not the one this was written for. ``right``: every
    column right-aligned (``justify="right"``), headers too."""
    try:
        from rich._wrap import divide_line
        from rich.cells import cell_len, set_cell_size
    except ImportError:  # another rich: let it lay the table out itself
        return None
    n = len(headers)
    pads = [(0 if i == 0 else 1, 0 if i == n - 1 else 1) for i in range(n)]
    columns = [[h, *(row[i] for row in rows)] for i, h in enumerate(headers)]
    room = width - (n - 1)

    def measure(cells: list[str], limit: int, pad: int) -> int:
        """The maximum of rich's Measurement of a column of padded text cells within ``limit``."""
        if limit < 1:
            return 0
        widest = 0
        for cell in cells:
            if limit - pad < 1:
                size = limit
            else:
                inner = min(max((cell_len(line) for line in cell.splitlines()), default=0), limit)
                size = min((inner if inner >= 1 else 0) + pad, limit)
            widest = max(widest, size if size >= 1 else 0)
        return min(widest, limit)

    widths = [measure(cells, room, sum(pad)) or 1 for cells, pad in zip(columns, pads)]
    if sum(widths) > room:
        widths = _collapse(widths, list(wrap), room)
        if sum(widths) > room:
            return None
        widths = [measure(cells, w, sum(pad)) for cells, w, pad in zip(columns, widths, pads)]
    if any(w - sum(pad) < 1 for w, pad in zip(widths, pads)):
        return None

    def lines_of(text: str, size: int, wraps: bool, fold: bool) -> list[str]:
        """rich's ``Text.wrap`` with justify="left": each line wrapped at word boundaries (long
        words folded, or cut with an ellipsis) and padded to ``size`` cells."""
        out = []
        for line in text.split("\n"):
            if wraps:
                cuts = divide_line(line, size, fold=fold)
                pieces = [_rstrip_end(line[a:b], size) for a, b in zip([0, *cuts], [*cuts, len(line)])]
            else:
                pieces = [line]
            for piece in pieces:
                cells = cell_len(piece)
                if cells > size:
                    piece = set_cell_size(piece, size) if fold else set_cell_size(piece, size - 1) + "…"
                elif cells < size:
                    piece = " " * (size - cells) + piece if right else piece + " " * (size - cells)
                out.append(piece)
        return out

    out: list[str] = []
    for index, row in enumerate(zip(*columns)):
        cells = [[" " * pad[0] + line + " " * pad[1] for line in lines_of(c, w - sum(pad), wraps, fold=False)]
                 for c, w, pad, wraps in zip(row, widths, pads, wrap)]
        height = max(len(c) for c in cells)
        for c, w in zip(cells, widths):
            blank = [" " * w] * (height - len(c))
            c[:] = blank + c if index == 0 else c + blank  # headers sit at the bottom of their row
        out.extend(" ".join(c[k] for c in cells) for k in range(height))
        if index == 0:
            out.append("─" * (sum(widths) + n - 1))
    if caption:
        out.extend(lines_of(caption, sum(widths) + n - 1, wraps=True, fold=True))
    return out


def block_lines(items: Sequence[Block], width: int) -> list[str] | None:
    """The lines rich prints for :func:`actcli.present.terminal.rich_blocks` of ``items`` at ``width``
    columns without styles, trailing blanks dropped (as a pipe gets them): each line wrapped at
    word boundaries (long words folded) to the width left after its indent, which wrapped lines
    keep; literal lines whole; tables as :func:`table_lines` lays them out. None where rich would lay
    them out otherwise (a table wider than the width, no room beside an indent) or is not the rich
    this was written for."""
    try:
        from rich._wrap import divide_line
        from rich.cells import cell_len, set_cell_size
    except ImportError:
        return None
    from actcli.present.blocks import Line, Literal

    out: list[str] = []
    for item in items:
        if isinstance(item, Literal):
            out.append(item.text.rstrip(" \t"))  # (LaTeX's "\ " at an end: "\" and the newline, a space too)
            continue
        if not isinstance(item, Line):
            table = table_lines(item.headers, item.rows, [False] * len(item.headers), "", width, right=True)
            if table is None:
                return None
            out.extend(line.rstrip(" \t") for line in table)
            continue
        text, indent = item.text, 0
        if text.startswith(" ") and text.strip():
            indent = len(text) - len(text.lstrip(" "))
            text = text[indent:]
        size = width - indent
        if size < 1:
            return None
        for line in text.split("\n"):  # rich's Text.wrap, justify "default", overflow "fold"
            cuts = divide_line(line, size, fold=True)
            for a, b in zip([0, *cuts], [*cuts, len(line)]):
                piece = _rstrip_end(line[a:b], size)
                if cell_len(piece) > size:
                    piece = set_cell_size(piece, size)
                out.append((" " * indent + piece).rstrip(" \t"))
    return out


def _rstrip_end(text: str, size: int) -> str:
    """rich's ``Text.rstrip_end``: the trailing whitespace beyond ``size`` characters removed."""
    excess = len(text) - size
    if excess <= 0:
        return text
    trailing = len(text) - len(text.rstrip())
    return text[: len(text) - min(trailing, excess)]


def _collapse(widths: list[int], wrap: list[bool], limit: int) -> list[int]:
    """rich's ``Table._collapse_widths``: narrow the widest wrappable columns until the total fits."""
    total = sum(widths)
    excess = total - limit
    if not any(wrap):
        return widths
    while total and excess > 0:
        widest = max(w for w, ok in zip(widths, wrap) if ok)
        second = max(w if ok and w != widest else 0 for w, ok in zip(widths, wrap))
        ratios = [1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrap)]
        difference = widest - second
        if not any(ratios) or not difference:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        total = sum(widths)
        excess = total - limit
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ``_ratio.ratio_reduce`` (whose module imports fractions and decimal)."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, most, v in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(most, round(ratio * remaining / total_ratio))
            result.append(v - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(v)
    return result
