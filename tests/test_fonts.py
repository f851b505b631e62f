"""Chinese in figures: real glyphs from the font actcli depends on, no missing-glyph warning (the
tests turn warnings into errors), English figures untouched, and English labels with one notice
when the font cannot be had."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from actcli import api, i18n
from actcli.present import figures, fonts
from tests.conftest import run_actcli

CHINESE = "激活函数的导数：梯度消失、神经元死亡"


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("ACTCLI_LANG", *i18n.LOCALE_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def test_the_font_is_a_simplified_chinese_open_font() -> None:
    """The dependency ships Noto Sans SC as one OpenType file, under the SIL Open Font License."""
    path = fonts.font_path()
    assert path is not None and path.suffix == ".otf"
    assert fonts.chinese_family() == "Noto Sans SC"
    meta = metadata.metadata(fonts.PACKAGE)
    assert "SIL Open Font License 1.1" in " ".join(meta.get_all("Classifier") or [])
    assert fonts.PACKAGE in " ".join(metadata.requires("actcli") or [])


def _ink(text: str, family: list[str]) -> np.ndarray:
    """Which pixels ``text`` darkens, drawn alone at 28 pt in ``family`` (matplotlib's Agg)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(0.6, 0.6), dpi=100)
    fig.text(0.5, 0.5, text, family=family, fontsize=28, ha="center", va="center")
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=100)
    width, height = fig.canvas.get_width_height()
    return np.frombuffer(buf.getvalue(), np.uint8).reshape(height, width, 4)[..., 0] < 128


def test_chinese_characters_are_real_glyphs() -> None:
    """Two different characters draw differently, and neither is the box drawn for a missing glyph
    (which is the same box for every character: checked too, with the warning it raises silenced)."""
    family = fonts.chinese_family()
    assert family is not None
    with_font = ["DejaVu Sans", family]
    ti, du = _ink("梯", with_font), _ink("度", with_font)
    assert ti.sum() > 60 and du.sum() > 60
    assert (ti != du).sum() > 40
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph … missing from font(s) DejaVu Sans": the box itself
        tofu_ti, tofu_du = _ink("梯", ["DejaVu Sans"]), _ink("度", ["DejaVu Sans"])
    assert np.array_equal(tofu_ti, tofu_du)
    assert (ti != tofu_ti).sum() > 40 and (du != tofu_du).sum() > 40


def test_latin_text_keeps_the_default_font() -> None:
    """The Chinese font is a fallback: Latin text, digits and symbols draw as in English."""
    family = fonts.chinese_family()
    assert family is not None
    assert np.array_equal(_ink("f′(x) −1", ["DejaVu Sans", family]), _ink("f′(x) −1", ["DejaVu Sans"]))


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_a_chinese_figure_saves_without_warnings(tmp_path: Path, fmt: str) -> None:
    """actcli's own figure, built in Chinese, with Chinese in its title, labels and legend: saved with
    warnings as errors, so a missing glyph fails the test."""
    i18n.set_language("zh")
    fig = api.plot(["relu", "gelu"])
    ax = fig.axes[0]
    ax.set_title(CHINESE)
    ax.set_xlabel("输入 x（隐藏层）")
    ax.set_ylabel("输出 f(x)")
    ax.legend(["修正线性单元", "高斯误差线性单元"])
    fig.suptitle("以0为中心？不是")
    path = figures.save(fig, tmp_path / f"zh.{fmt}", fmt, 72)
    assert path.stat().st_size > 1000


def _after_plot(lang: str) -> list[str]:
    code = ("import sys, matplotlib; from actcli import api; from actcli.present import fonts; api.plot(['relu']); "
            "print(fonts.MODULE in sys.modules, list(matplotlib.rcParams['font.family']), fonts._family)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "ACTCLI_LANG": lang})
    return out.stdout.split()


def test_english_figures_register_nothing() -> None:
    """The font is registered only when a figure is built in Chinese."""
    assert _after_plot("en") == ["False", "['sans-serif']", "None"]
    assert _after_plot("zh") == ["True", "['sans-serif',", "'Noto", "Sans", "SC']", "Noto", "Sans", "SC"]


@pytest.mark.parametrize("found", ["none", "unreadable"])
def test_without_the_font_figures_are_english_and_say_so_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str], found: str) -> None:
    broken = tmp_path / "NotoSansSC-Regular.otf"
    broken.write_text("not a font")
    monkeypatch.setattr(fonts, "font_path", lambda: None if found == "none" else broken)
    monkeypatch.setattr(fonts, "_family", None)
    monkeypatch.setattr(fonts, "_missing", False)
    monkeypatch.setattr(fonts, "_told", False)
    seen: list[str] = []

    @fonts.for_figures
    def build() -> str:
        seen.append(i18n.language())
        return "figure"

    i18n.set_language("zh")
    assert build() == "figure" and build() == "figure"
    assert seen == ["en", "en"]
    assert i18n.language() == "zh"  # restored after each figure
    err = capsys.readouterr().err
    notice = i18n.catalogue("zh")[fonts.NOTICE].format(package=fonts.PACKAGE)
    assert err == notice + "\n"  # once, in the language asked for
    assert fonts.PACKAGE in notice and "英文" in notice


def test_the_notice_is_translated() -> None:
    zh = i18n.catalogue("zh")[fonts.NOTICE]
    assert "{package}" in zh and "字体" in zh


def test_the_cli_draws_a_chinese_figure(tmp_path: Path) -> None:
    """`actcli plot` in a Chinese locale: the figure is written, nothing on stderr (no notice, no warning)."""
    out = run_actcli("plot", "relu", "-o", "relu.png", cwd=tmp_path,
                     env={"ACTCLI_LANG": "zh", "PYTHONWARNINGS": "error"})
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert (tmp_path / "relu.png").stat().st_size > 1000
