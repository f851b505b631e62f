"""The command line in the user's language: ``--lang``, the help pages, the argument parser's own
messages and the ``Error:`` lines (the catalogue itself is :mod:`actcli.i18n`).

Help texts are written in English in the command modules, marked with ``N_()``, and translated when
the help is drawn (:class:`HelpFormatter`), so a command module may be imported before or after the
language is known. The argument parser (Typer's bundled Click) writes finished English sentences;
they are translated at the one boundary where they are shown, by matching the catalogue's templates
(:func:`actcli.i18n.reword`). English output takes none of these paths' costs: no catalogue is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from typer._click import formatting

from actcli import i18n
from actcli.i18n import N_, _

LANG_OPTION = "--lang"


class LanguageError(Exception):
    """``--lang`` names no language actcli has, or has no value."""


def take_language(args: list[str]) -> list[str]:
    """Set the language from ``--lang zh``/``--lang=zh`` anywhere before ``--`` and return the
    arguments without it, so that every command accepts it before or after its name."""
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == LANG_OPTION or arg.startswith(LANG_OPTION + "="):
            if arg == LANG_OPTION:
                if i + 1 >= len(args):
                    raise LanguageError("")
                value = args[i + 1]
                i += 2
            else:
                value = arg.split("=", 1)[1]
                i += 1
            if i18n.normalise(value) is None or value.lower() in ("c", "posix"):
                raise LanguageError(value)
            i18n.set_language(value)
            continue
        rest.append(arg)
        i += 1
    return rest


def language_error_line(err: LanguageError) -> str:
    """``Error: --lang must be en or zh, not 'xx' (...)``, in the language of the environment."""
    value = str(err)
    choices = ", ".join(i18n.LANGUAGES)
    if value:
        message = _("{option} must be one of {choices}, not {value}").format(
            option=LANG_OPTION, choices=choices, value=repr(value))
    else:
        message = _("{option} needs a value: one of {choices}").format(option=LANG_OPTION, choices=choices)
    return error_line(message, _("e.g. {example}").format(example="actcli --lang zh derive relu"))


def error_line(message: str, hint: str | None = None) -> str:
    """One ``Error: message (hint)`` line (``错误：message（hint）`` in Chinese)."""
    if hint:
        message = _("{message} ({hint})").format(message=message, hint=hint)
    return _("Error: {message}").format(message=message)


def warning_line(message: str) -> str:
    return _("warning: {message}").format(message=message)


# --- help pages --------------------------------------------------------------------------------

def help_key(text: str) -> str:
    """A help text as a catalogue key: each paragraph on one line, paragraphs apart by a blank
    line (docstrings are indented and wrapped in the source)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def translate_help(text: str) -> str:
    """A help text (an option's, a command's docstring) in the language in use."""
    if i18n.language() == i18n.DEFAULT or not text:
        return text
    return _(help_key(text))


def _translate_row(text: str) -> str:
    """An option's help with the parser's ``  [default: 1; required]`` after it."""
    if i18n.language() == i18n.DEFAULT or not text:
        return text
    body, sep, extra = text.partition("  [")
    translated = translate_help(body) if body.strip() else body
    if sep and extra.endswith("]"):
        return f"{translated}  [{'; '.join(_extra(piece) for piece in extra[:-1].split('; '))}]"
    return translated + sep + extra


def _extra(piece: str) -> str:
    """One of the parser's notes after an option's help: ``default: 1``, ``required``, ``1<=x<=2``."""
    if piece.startswith("default: "):
        return _("default: {default}").format(default=piece[len("default: "):])
    return _(piece)


class HelpFormatter(formatting.HelpFormatter):
    """Click's help formatter, in the language in use: headings, the usage line, texts and the
    option table are translated, and lines are wrapped by display width (a Chinese character takes
    two columns)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_(heading + ':')}\n")

    def write_text(self, text: str) -> None:
        super().write_text(translate_help(text))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(first, _translate_row(second)) for first, second in rows], col_max, col_spacing)


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _tokens(text: str) -> list[str]:
    """``text`` cut where a line may break: each wide character alone, a run of other characters,
    a run of spaces; an opening bracket stays with what follows it."""
    tokens: list[str] = []
    run = ""
    for c in text:
        if c.isspace():
            kind = "space"
        elif unicodedata.east_asian_width(c) in "WF":
            kind = "wide"
        else:
            kind = "narrow"
        if run and (kind == "wide" or kind != _kind(run[-1])) and run[-1] not in _OPENING:
            tokens.append(run)
            run = ""
        run += c
    if run:
        tokens.append(run)
    return tokens


def _kind(c: str) -> str:
    return "space" if c.isspace() else "wide" if unicodedata.east_asian_width(c) in "WF" else "narrow"


#: punctuation that may not begin a line
_CLOSING = set("，。；：、！？）」』》,.;:!?)")
#: punctuation that may not end a line
_OPENING = set("（「『《")


def _wrap_wide(text: str, width_: int, initial_indent: str, subsequent_indent: str) -> list[str]:
    lines: list[str] = []
    line: list[str] = [initial_indent]
    tokens = _tokens(" ".join(text.split()))
    used = width(initial_indent)
    for token in tokens:
        if token.isspace():
            if len(line) > 1:
                line.append(" ")
                used += 1
            continue
        size = width(token)
        if len(line) > 1 and used + size > width_:
            carried: list[str] = []
            if token[0] in _CLOSING:  # punctuation may not begin a line: the word before it comes along
                while len(line) > 2 and line[-1] == " ":
                    line.pop()
                if len(line) > 2:
                    carried = [line.pop()]
            lines.append("".join(line).rstrip())
            line = [subsequent_indent, *carried]
            used = width(subsequent_indent) + sum(width(c) for c in carried)
        line.append(token)
        used += size
    lines.append("".join(line).rstrip())
    return lines


def _wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
               preserve_paragraphs: bool = False) -> str:
    """Click's ``wrap_text`` for text with wide characters (it counts characters, not columns)."""
    if not any(unicodedata.east_asian_width(c) in "WF" for c in text):
        return _click_wrap_text(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
    if not preserve_paragraphs:
        return "\n".join(_wrap_wide(text, width, initial_indent, subsequent_indent))
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join("\n".join(_wrap_wide(p, width, initial_indent, subsequent_indent)) for p in paragraphs)


_click_wrap_text: Callable[..., str] = formatting.wrap_text


def install(context_class: Any) -> None:
    """Draw every help page with :class:`HelpFormatter` (``context_class`` is Click's Context)."""
    context_class.formatter_class = HelpFormatter
    formatting.wrap_text = _wrap_text


# --- the argument parser's messages --------------------------------------------------------------

#: what Typer and its bundled Click write themselves, as they write it (the usage error's first letter
#: lowered and its final full stop dropped, see :func:`actcli.cli.app.usage_error_line`); the help
#: formatter and :func:`parser_message` look these up
PARSER_TEXTS = (
    N_("Usage: "), N_("Options:"), N_("Arguments:"), N_("Commands:"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("default: {default}"), N_("required"),
    N_("missing argument {name}"), N_("missing option {name}"), N_("missing parameter {name}"),
    N_("missing command"),
    N_("no such option: {name}"), N_("no such command {name}"),
    N_("did you mean {name}?"), N_("possible options: {names}"),
    N_("invalid value for {name}: {message}"), N_("invalid value: {message}"),
    N_("{value} is not in the range {range}"), N_("{value} is not in the range {range}."),
    N_("{value} is not a valid float"), N_("{value} is not a valid float."),
    N_("{value} is not a valid integer"), N_("{value} is not a valid integer."),
    N_("{value} is not a valid boolean. Recognized values: {values}"),
    N_("option {name} requires an argument"), N_("option {name} requires {count} arguments"),
    N_("option {name} does not take a value"),
    N_("got unexpected extra argument(s) ({arguments})"),
    N_("{count} values are required, but {given} given"), N_("{count} values are required, but {given} given."),
)

def parser_message(text: str) -> str:
    """A message of the argument parser (``no such option: --frobnicate``) in the language in use."""
    return i18n.reword(text)
