"""``actcli plot --terminal``: braille panels for f and f′ that fit the width, plain text in a pipe
and with NO_COLOR, colour only on a terminal."""

from __future__ import annotations

import re

import numpy as np
import pytest

from actcli.api import get
from actcli.present.terminal_plot import render
from tests.conftest import invoke

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("width", [40, 80, 123])
def test_the_drawing_fits_the_width(width: int) -> None:
    text = render([get("relu"), get("tanh")], -7.0, 7.0, 1, True, width, colour=False)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert lines[0] == "f(x)" and "f′(x)" in lines
    assert lines[-1] == "• relu   + tanh"  # without colour each activation has its own marker
    assert "\x1b[" not in text


def test_panels_share_their_x_axis() -> None:
    lines = render([get("sigmoid")], -7.0, 7.0, 1, True, 80, colour=False).splitlines()
    axes = [line for line in lines if "└" in line]
    assert len(axes) == 2 and axes[0] == axes[1]
    labels = [line for line in lines if line.strip().startswith("−7")]
    assert len(labels) == 2 and labels[0] == labels[1] and labels[0].rstrip().endswith("7")


def test_y_labels_are_the_true_extremes() -> None:
    lines = render([get("relu")], -2.0, 3.0, 1, False, 60, colour=False).splitlines()
    assert lines[1].startswith("3 ┤") and any(line.startswith("0 ┤") for line in lines)
    assert "f′(x)" not in lines  # --no-derivative


def test_a_jump_of_the_derivative_is_left_open() -> None:
    # relu′ jumps from 0 to 1 at x = 0: no dot column joins the two levels
    text = render([get("relu")], -1.0, 1.0, 1, True, 60, colour=False)
    deriv = text.split("f′(x)")[1].splitlines()[1:13]
    inner = [line[3:] for line in deriv[1:-1]]  # rows strictly between 1 and 0
    assert all(set(row) <= {" ", "│"} for row in inner)


def test_braille_dots_trace_the_curve_in_colour_on_a_terminal() -> None:
    text = render([get("sigmoid")], -7.0, 7.0, 1, True, 80, colour=True)
    assert "\x1b[34m" in text
    plain = ANSI.sub("", text)
    assert any("\u2800" < ch <= "\u28ff" for ch in plain)


def test_the_command_prints_plain_text_into_a_pipe() -> None:
    result = invoke("plot", "relu", "--terminal", env={"COLUMNS": "72"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 72
    assert result.stdout.splitlines()[-1] == "⣿⣿ relu"


@pytest.mark.parametrize(("args", "message"), [
    (["softmax", "--terminal"], "elementwise"),
    (["relu", "--terminal", "-o", "x.png"], "takes no -o"),
])
def test_terminal_refuses_what_it_cannot_draw(args: list[str], message: str) -> None:
    result = invoke("plot", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_nonfinite_values_leave_gaps() -> None:
    # exp overflows beyond 709: those columns stay empty instead of breaking the scale
    text = render([get("exponential")], 0.0, 800.0, 1, False, 60, colour=False)
    assert "inf" not in text and "nan" not in text
    assert np.isfinite(float(get("exponential")(700.0)))
