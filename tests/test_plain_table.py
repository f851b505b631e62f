"""``actcli list`` without styles is written by :func:`actcli.present.plain.table_lines` instead of
rich: the lines must be the ones rich writes, character for character, at every width."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import random
import struct
import subprocess
import termios

import pytest
from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from actcli.api import records
from actcli.present import blocks, plain, terminal
from tests.conftest import ACTCLI

WIDTHS = range(1, 251)


def _rich(table: Table, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, soft_wrap=False).print(table)
    return out.getvalue()


def _list_cells() -> tuple[list[str], list[tuple[str, str, str, str]], str]:
    headers, rows, caption = plain.list_cells(records())
    return headers, [(a, b, c, d + ("\n" + e if e else "")) for a, b, c, d, e in rows], caption


@pytest.mark.parametrize("width", WIDTHS)
def test_the_list_as_rich_lays_it_out(width: int) -> None:
    headers, rows, caption = _list_cells()
    lines = plain.table_lines(headers, rows, plain.LIST_WRAPS, caption, width)
    expected = _rich(terminal.list_table(records()), width)
    if lines is None:  # too narrow for the names: rich cuts them, and writes the table itself
        assert width < 50, width
        return
    assert "".join(line + "\n" for line in lines) == expected


def _table(headers: list[str], rows: list[tuple[str, ...]], wraps: tuple[bool, ...], caption: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, caption=Text(caption), caption_justify="left", pad_edge=False)
    for header, wrap in zip(headers, wraps):
        table.add_column(Text(header), no_wrap=not wrap)
    for row in rows:
        table.add_row(*(Text(c) for c in row))
    return table


WORDS = ["激活函数", "梯度", "x", "relu", "σ(x)", "−∞", "a-very-long-unbreakable-identifier", "饱和区间很长的词语没有空格",
         "·", "★", "(0, 1)", "e⁻ˣ", "", "Ridders-Richardson"]


@pytest.mark.parametrize("seed", range(40))
def test_wide_characters_long_words_and_narrow_columns(seed: int) -> None:
    """Random cells of CJK (two cells each), long words and symbols, several wrapping columns."""
    rng = random.Random(seed)

    def text(words: int) -> str:
        lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, words))) for _ in range(rng.randint(1, 2))]
        return "\n".join(lines)

    n = rng.randint(1, 5)
    wraps = tuple(rng.random() < 0.6 for _ in range(n))
    headers = [text(2) or "h" for _ in range(n)]
    rows = [tuple(text(3 if w else 1) for w in wraps) for _ in range(rng.randint(0, 6))]
    caption = text(12)
    table = _table(headers, rows, wraps, caption)
    for width in (rng.randint(1, 30), rng.randint(30, 80), rng.randint(80, 200)):
        lines = plain.table_lines(headers, rows, wraps, caption, width)
        if lines is not None:
            assert "".join(line + "\n" for line in lines) == _rich(table, width), (seed, width)


def _cli(*env: tuple[str, str]) -> str:
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR",
                                                              "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM")}
    proc = subprocess.run([ACTCLI, "list"], capture_output=True, text=True, check=True, timeout=120,
                          env={**full, **dict(env)}, stdin=subprocess.DEVNULL)
    return proc.stdout


@pytest.mark.parametrize("env", [(), (("COLUMNS", "100"),), (("COLUMNS", "57"), ("NO_COLOR", "1")),
                                 (("COLUMNS", "x"),), (("TERM", "dumb"), ("COLUMNS", "120"))])
def test_a_pipe_gets_what_rich_writes(env: tuple[tuple[str, str], ...]) -> None:
    """TTY_COMPATIBLE=0 makes the command hand the table to rich (and rich write no styles)."""
    assert _cli(*env) == _cli(*env, ("TTY_COMPATIBLE", "0"))


def _on_terminal(columns: int, *env: tuple[str, str]) -> bytes:
    """``actcli list`` with its stdout on a pseudo-terminal ``columns`` wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE",
                                                              "TTY_INTERACTIVE")}
    proc = subprocess.Popen([ACTCLI, "list"], stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env={**full, "NO_COLOR": "1", "TERM": "xterm", **dict(env)})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks)


@pytest.mark.parametrize("columns", [64, 132])
def test_a_terminal_with_no_color_gets_what_rich_writes(columns: int) -> None:
    ours = _on_terminal(columns)
    assert ours == _on_terminal(columns, ("TTY_COMPATIBLE", "1"))  # rich, told it is a terminal: no colour
    assert max(len(line) for line in ours.decode().splitlines()) == columns  # padded to the width, as rich does


# --- derive: blocks written without rich -----------------------------------------------------------




def _rich_trimmed(items: list[blocks.Block], width: int) -> str:
    """What a pipe gets from rich: the renderables at ``width``, each line's trailing blanks dropped."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, soft_wrap=False).print(
        Group(*terminal.rich_blocks(items)), crop=False)
    return "".join(line.rstrip(" \t") + "\n" for line in out.getvalue().splitlines())


DERIVE_WIDTHS = [1, 3, 8, 13, 21, 30, 44, 57, 64, 72, 79, 80, 81, 100, 133, 250]


@pytest.mark.parametrize("spec", [r.name for r in records() if r.kind == "elementwise"]
                         + ["leaky_relu:negative_slope=0.2", "x*tanh(softplus(x))", "log(x)", "max(x, 0)*tanh(x)"])
def test_derive_as_rich_lays_it_out(spec: str) -> None:
    """Every elementwise activation (and parametrised and custom ones), f′ and f″, text and LaTeX:
    the plain writer's lines are rich's, character for character, at widths from 1 to 250."""
    from actcli.api import derive

    for order in (1, 2):
        report = derive(spec, order, (-7.0, 7.0), None, None).report
        for latex in (False, True):
            items = blocks.derive(report, latex=latex)
            assert items is not None  # every elementwise report has its plain blocks
            for width in DERIVE_WIDTHS:
                lines = plain.block_lines(items, width)
                if lines is None:  # the table is wider than the width: rich cuts it, and writes it itself
                    assert width < 64, (spec, width)
                    continue
                assert "".join(line + "\n" for line in lines) == _rich_trimmed(items, width), (spec, order, latex, width)


def test_gated_and_vector_reports_have_no_plain_blocks() -> None:
    """Their tables are rich's alone: the command hands them to rich, in a pipe too."""
    from actcli.api import derive

    for spec, at in (("glu", None), ("softmax", [1.0, 2.0, 3.0])):
        assert blocks.derive(derive(spec, 1, (-7.0, 7.0), at, None).report) is None


@pytest.mark.parametrize("args", [["derive", "gelu", "--order", "2", "--at", "-1.5"],
                                  ["derive", "elu:alpha=0.5", "--range", "-3", "3", "--latex"]])
def test_derive_in_a_pipe_is_what_rich_writes(args: list[str]) -> None:
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR",
                                                              "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM")}

    def run(*env: tuple[str, str]) -> str:
        proc = subprocess.run([ACTCLI, *args], capture_output=True, text=True, check=True, timeout=120,
                              env={**full, **dict(env)}, stdin=subprocess.DEVNULL)
        return proc.stdout

    for env in [(("COLUMNS", "57"),), (("COLUMNS", "120"), ("NO_COLOR", "1"))]:
        assert run(*env) == run(*env, ("TTY_COMPATIBLE", "0")), (args, env)
