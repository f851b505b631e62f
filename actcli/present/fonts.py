"""A Chinese font for figures: Noto Sans SC, registered with matplotlib only when a figure is drawn in Chinese.

matplotlib's own fonts (DejaVu) have no Chinese glyphs: a Chinese label would be drawn as empty
boxes, with a "Glyph … missing" warning. actcli depends on ``pylopdf-fonts-zh-cn``, which ships
Noto Sans SC (SIL Open Font License 1.1) as an OpenType file. When the language is Chinese and a
figure is about to be built, :func:`for_figures` adds that font to matplotlib's font manager (once)
and appends its family to ``rcParams["font.family"]``: matplotlib draws each character with the
first family that has it, so Latin text, digits and symbols keep the default font (DejaVu Sans) and
only the Chinese falls back to Noto Sans SC. Text inside ``$…$`` is mathtext, which has no such
fallback: Chinese stays outside it.

In English nothing happens: this module imports only :mod:`actcli.i18n`, and matplotlib is not
touched. If the font cannot be had (the package missing or its file unreadable), figures are
built in English and a notice says so once, on stderr.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from actcli import i18n
from actcli.i18n import N_, _

#: the distribution that carries the font (a dependency in pyproject.toml), and its import name
PACKAGE = "pylopdf-fonts-zh-cn"
MODULE = "pylopdf_fonts_zh_cn"

NOTICE = N_("No Chinese font for figures (the {package} package is not installed or unreadable): "
            "figure text is in English.")

T = TypeVar("T")
P = ParamSpec("P")

_family: str | None = None  # the family name, once registered
_missing = False  # looked for and not found: figures stay in English
_told = False  # the notice has been written


def font_path() -> Path | None:
    """The Noto Sans SC file the dependency ships, or None if it is not installed."""
    try:
        from pylopdf_fonts_zh_cn import sans_path
    except ImportError:
        return None
    path = Path(sans_path())
    return path if path.is_file() else None


def chinese_family() -> str | None:
    """Register the Chinese font with matplotlib's font manager (once) and return its family
    name ("Noto Sans SC"); None when it cannot be had."""
    global _family, _missing
    if _family is not None or _missing:
        return _family
    path = font_path()
    if path is None:
        _missing = True
        return None
    from matplotlib import font_manager

    manager = font_manager.fontManager
    try:
        manager.addfont(str(path))
    except (OSError, RuntimeError, ValueError):  # FreeType cannot read the file
        _missing = True
        return None
    # the entry addfont made (reading the name again would open the 8 MB file a second time)
    _family = next(entry.name for entry in reversed(manager.ttflist) if entry.fname == str(path))
    return _family


def use_chinese() -> bool:
    """Make Chinese drawable in the figures built from now on: the Chinese family appended to
    ``rcParams["font.family"]`` (kept there if it already is). False when there is no font."""
    family = chinese_family()
    if family is None:
        return False
    import matplotlib

    current = matplotlib.rcParams["font.family"]
    families = [current] if isinstance(current, str) else list(current)
    if family not in families:
        matplotlib.rcParams["font.family"] = [*families, family]
    return True


def _tell_once() -> None:
    global _told
    if not _told:
        _told = True
        print(_(NOTICE).format(package=PACKAGE), file=sys.stderr)


def for_figures(build: Callable[P, T]) -> Callable[P, T]:
    """Decorate a function that builds a figure: in Chinese, its text is drawn with the Chinese
    font, or — without one — the figure is built in English, after a one-time notice."""

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        if i18n.language() == i18n.DEFAULT or use_chinese():
            return build(*args, **kwargs)
        _tell_once()
        chosen = i18n._chosen
        i18n.set_language(i18n.DEFAULT)
        try:
            return build(*args, **kwargs)
        finally:
            i18n.set_language(chosen)

    return wrapper
