"""What the figures show: the values drawn, colours that follow the activation, options the vector
figure honours or refuses, file names, and files that are the same for the same command."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import mpmath as mp
import numpy as np
import pytest
from numpy.typing import NDArray

import actcli
from actcli.cli.plot import default_image_name
from actcli.present import figures
from tests.conftest import invoke

if TYPE_CHECKING:  # matplotlib is imported where a figure is built
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D


def _lines(fig: Figure) -> list[Line2D]:
    return [line for ax in fig.axes for line in ax.get_lines()]


def _curve(fig: Figure, label: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    (line,) = [line for line in _lines(fig) if line.get_label() == label]
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def test_log_softmax_draws_log_probabilities() -> None:
    """The seed's 1000 logits from 1 to 10: log_softmax's panel holds log sᵢ = zᵢ − log Σ e^z."""
    fig = figures.build([actcli.get("log_softmax")], -7, 7, 2001)
    z, drawn = _curve(fig, "log_softmax")
    with mp.workdps(30):  # local: the suite's other mpmath references rely on the global precision
        lse = mp.log(mp.fsum(mp.exp(mp.mpf(float(v))) for v in z))
        expected = np.array([float(mp.mpf(float(v)) - lse) for v in z])
    assert np.max(np.abs(drawn - expected)) < 1e-12
    assert drawn.max() < 0  # log-probabilities, not probabilities
    assert any(ax.get_ylabel() == "output log-probability" for ax in fig.axes)


def test_softmin_legend_matches_the_values_drawn() -> None:
    """softmin's logits enter negated, so ∂L/∂z = y − s: on a true class 1/50 − s, elsewhere −s."""
    fig = figures.build([actcli.get("softmin")], -7, 7, 2001)
    labels = [str(line.get_label()) for line in _lines(fig)]  # matplotlib types a label as object
    true_label = next(lab for lab in labels if "true classes" in lab)
    other_label = next(lab for lab in labels if "other classes" in lab)
    assert true_label.endswith("1/50 − s") and other_label.endswith("−s")
    z_true, g_true = _curve(fig, true_label)
    z_other, g_other = _curve(fig, other_label)
    z = np.linspace(1.0, 10.0, 1000)  # the seed's logits, softmin computed here in mpmath
    with mp.workdps(30):  # local, as above
        total = mp.fsum(mp.exp(-mp.mpf(float(v))) for v in z)
        s_true = np.array([float(mp.exp(-mp.mpf(float(v))) / total) for v in z_true])
    s_other = np.array([float(mp.exp(-mp.mpf(float(v))) / total) for v in z_other])
    assert np.max(np.abs(g_true - (1 / 50 - s_true))) < 1e-15
    assert np.max(np.abs(g_other - (-s_other))) < 1e-15


def test_colour_follows_the_activation_not_the_order() -> None:
    a = dict(zip(["sigmoid", "relu"], [c for c, _ in figures.colours([actcli.get("sigmoid"), actcli.get("relu")])]))
    b = dict(zip(["relu", "tanh", "sigmoid"],
                 [c for c, _ in figures.colours([actcli.get(n) for n in ("relu", "tanh", "sigmoid")])]))
    assert a["sigmoid"] == b["sigmoid"] and a["relu"] == b["relu"]
    eight = [actcli.get(n) for n in ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "silu", "elu", "softplus")]
    assert len({c for c, _ in figures.colours(eight)}) == 8  # distinct within one figure
    assert "#F0E442" not in figures.PALETTE  # the yellow that vanishes on white
    same = figures.colours([actcli.get("leaky_relu"), actcli.get("leaky_relu:negative_slope=0.2")])
    assert same[0][0] == same[1][0] and same[0][1] != same[1][1]  # same colour, another line style


def test_many_activations_get_one_panel_each() -> None:
    names = ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "silu", "elu", "softplus")
    fig = figures.build([actcli.get(n) for n in names], -7, 7, 401, order=2)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    for n in names:
        assert f"f′ of {n}" in titles and f"f″ of {n}" in titles


def test_mixed_scales_keep_small_curves_visible() -> None:
    fig = figures.build([actcli.get(n) for n in ("sigmoid", "tanh", "relu")], -7, 7, 2001)
    top = fig.axes[0]
    low, high = top.get_ylim()
    assert low < -1 and 1 < high < 7  # tanh and sigmoid fill a good part, relu leaves the panel
    assert "relu goes beyond it" in top.get_title(loc="right")
    exp_top = figures.build([actcli.get(n) for n in ("sigmoid", "exponential")], -7, 7, 2001).axes[0]
    assert exp_top.get_ylim()[1] < 5  # e^x (1097 at 7) does not flatten sigmoid into a line


def test_order_two_marks_the_dirac_mass_at_a_kink() -> None:
    """relu′ jumps from 0 to 1 at 0: f″ = δ there, drawn as an arrow of height 1 labelled 1·δ."""
    from matplotlib.text import Annotation

    fig = figures.build([actcli.get("relu")], -7, 7, 401, order=2)
    f2 = fig.axes[2]
    texts = [t.get_text() for t in f2.texts]
    assert "1·δ" in texts
    arrow = next(t for t in f2.texts if t.get_text() == "")
    assert isinstance(arrow, Annotation) and arrow.xy == (0.0, 1.0)


def test_simulate_figure_has_integer_layers_and_labelled_ticks(tmp_path: Path) -> None:
    from actcli.nn.simulate import simulate

    runs = [simulate(actcli.get(n), 6, 16, 32, None, 0) for n in ("tanh", "relu")]
    fig = figures.figure_simulation(runs)
    fig.canvas.draw()
    ax_v, ax_g = fig.axes
    assert all(float(t).is_integer() for t in ax_g.get_xticks())
    for ax in (ax_v, ax_g):
        low, high = ax.get_ylim()
        labels = [t for t in ax.get_yticklabels() if t.get_text() and low <= t.get_position()[1] <= high]
        assert len(labels) >= 2


@pytest.mark.parametrize(("args", "message"), [
    (["plot", "softmax", "--order", "2"], "--order"),
    (["plot", "softmax", "--range", "0", "1"], "--range does not apply"),
    (["plot", "softmax", "--points", "50"], "--points does not apply"),
])
def test_plot_softmax_refuses_what_does_not_apply(args: list[str], message: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert list(tmp_path.iterdir()) == []


def test_plot_softmax_honours_no_derivative(tmp_path: Path) -> None:
    with_d = figures.build([actcli.get("softmax")], -7, 7, 2001, derivative=True)
    without = figures.build([actcli.get("softmax")], -7, 7, 2001, derivative=False)
    assert len(with_d.axes) == 2 and len(without.axes) == 1


def test_default_names_keep_the_parameters() -> None:
    a = default_image_name([actcli.get("leaky_relu:negative_slope=0.2")])
    b = default_image_name([actcli.get("leaky_relu:negative_slope=0.3")])
    assert a != b and "negative_slope=0.2" in a
    assert default_image_name([actcli.get("sigmoid"), actcli.get("tanh")]) == "sigmoid-tanh.png"
    assert re.fullmatch(r"[A-Za-z0-9_.=+-]+", default_image_name([actcli.get("hardtanh:min_val=-2")]))


@pytest.mark.parametrize("ext", ["svg", "pdf", "png"])
def test_same_command_same_bytes(tmp_path: Path, ext: str) -> None:
    first, second = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
    for out in (first, second):
        assert invoke("plot", "sigmoid", "relu", "-o", str(out)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_svg_keeps_text_and_no_date(tmp_path: Path) -> None:
    out = tmp_path / "s.svg"
    assert invoke("plot", "sigmoid", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<text" in text and "sigmoid" in text  # text, not glyph paths
    assert "<dc:date>" not in text


def _longest_formulas(n: int) -> list[str]:
    from actcli.api import records

    elementwise = [r for r in records() if r.kind == "elementwise"]
    return sorted((r.name for r in elementwise), key=lambda name: -max(
        len(f.text) for f in actcli.get(name).record.formulas_for(actcli.get(name).params)))[:n]


@pytest.mark.parametrize("name", _longest_formulas(4))
def test_titles_stay_inside_the_figure_and_clear_of_the_panels(name: str) -> None:
    """The activations with the longest formulas: the figure's title and the derivative panel's
    title are broken into lines that stay inside the figure, above their panels (xielu′ ran off
    the right edge)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for order in (1, 2):
        fig = figures.build([actcli.get(name)], -7, 7, 201, order=order)
        renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
        page = fig.bbox
        title = next(t for t in fig.texts if t.get_text() == fig.get_suptitle())
        panel = fig.axes[order]
        for text, above in ((title, fig.axes[0]), (panel.title, panel)):
            box = text.get_window_extent(renderer)
            assert page.x0 <= box.x0 and box.x1 <= page.x1 and box.y1 <= page.y1, (name, order, text.get_text())
            assert box.y0 >= above.get_window_extent(renderer).y1, (name, order, text.get_text())
        upper = fig.axes[order - 1].get_tightbbox(renderer)
        assert upper is not None and panel.title.get_window_extent(renderer).y1 <= upper.y0 + 1, (name, order)
