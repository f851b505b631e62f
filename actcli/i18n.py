"""The language actcli writes in: English, or Simplified Chinese (a leaf: standard library only).

gettext's model, kept as data: the English text is the key (the *msgid*), and the JSON files in
``actcli/locale/<lang>/`` map it to its translation. Code that writes a sentence wraps the English
in :func:`_` (``_("{name} has no kink").format(name=...)``); text that lives as data (a record's
description, a rule's reason) is translated where it is shown, by the same call. A text missing
from the catalogue is shown in English, and the tests fail on it.

The language is, in this order: :func:`set_language` (the command line's ``--lang``), the
``ACTCLI_LANG`` variable, then the locale as gettext reads it — the first of ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, whose first entry naming a language actcli
has decides (``zh_CN.UTF-8`` → zh; ``C`` or ``POSIX`` → en); English otherwise. English loads
nothing; another language reads its catalogue once, on the first translated text.

A sentence that arrives finished — a library error (ASCII English, see :mod:`actcli.errors`), a
message of the argument parser — is translated by :func:`reword`, which matches it against the
catalogue's msgids that have placeholders and fills the translation with the same values.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

LANGUAGES = ("en", "zh")
DEFAULT = "en"
#: the variables gettext reads, in its order
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
LOCALE_DIR = Path(__file__).with_name("locale")

_chosen: str | None = None
_catalogues: dict[str, dict[str, str]] = {}


def normalise(value: str) -> str | None:
    """The language a locale or ``--lang`` value names (``zh_CN.UTF-8`` → ``zh``), or None."""
    code = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if code in ("c", "posix"):
        return DEFAULT
    base = code.split("_", 1)[0]
    return base if base in LANGUAGES else None


def set_language(lang: str | None) -> None:
    """Choose the language for the rest of the process (None: back to the environment's)."""
    global _chosen
    if lang is not None and normalise(lang) is None:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    _chosen = normalise(lang) if lang is not None else None


def language() -> str:
    """The language in use: ``"en"`` or ``"zh"``."""
    if _chosen is not None:
        return _chosen
    explicit = os.environ.get("ACTCLI_LANG")
    if explicit:
        return normalise(explicit) or DEFAULT
    for variable in LOCALE_VARIABLES:
        value = os.environ.get(variable)
        if value:
            for entry in value.split(":"):
                lang = normalise(entry) if entry else None
                if lang is not None:
                    return lang
            return DEFAULT
    return DEFAULT


def catalogue(lang: str) -> dict[str, str]:
    """Every translation of ``lang`` (all JSON files of its folder, merged), read once."""
    if lang not in _catalogues:
        import json

        merged: dict[str, str] = {}
        folder = LOCALE_DIR / lang
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                merged.update(json.loads(path.read_text(encoding="utf-8")))
        _catalogues[lang] = merged
    return _catalogues[lang]


def _(msgid: str) -> str:
    """``msgid`` (English) in the language in use; English when no translation is known."""
    lang = language()
    if lang == DEFAULT or not msgid:
        return msgid
    return catalogue(lang).get(msgid, msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted text for ``n`` (English has two; Chinese one, keyed by ``singular``)."""
    lang = language()
    if lang == DEFAULT:
        return singular if n == 1 else plural
    return catalogue(lang).get(singular, singular if n == 1 else plural)


def N_(msgid: str) -> str:  # noqa: N802 - gettext's name for "mark for translation, translate later"
    """Mark ``msgid`` for the catalogue without translating it now (text defined at import time)."""
    return msgid


#: a template's placeholder: ``{name}``, ``{name!r}``, ``{value:.3g}``
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}")
#: per language: (literal length, msgid, its literal pieces, translation) of each template, most specific first
_templates: dict[str, list[tuple[int, str, list[str], str]]] = {}
_patterns: dict[str, re.Pattern[str]] = {}


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a msgid or its translation."""
    return set(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def _literals(msgid: str) -> list[str]:
    """The text of ``msgid`` between its placeholders (``{{`` read as ``{``)."""
    return [piece.replace("{{", "{").replace("}}", "}") for piece in _PLACEHOLDER.split(msgid)[::2]]


def _compile(msgid: str) -> re.Pattern[str]:
    """A pattern that matches ``msgid`` filled in (each placeholder captures any text)."""
    if msgid not in _patterns:
        parts: list[str] = []
        seen: set[str] = set()
        at = 0
        for match in _PLACEHOLDER.finditer(msgid):
            parts.append(re.escape(msgid[at:match.start()].replace("{{", "{").replace("}}", "}")))
            name = match.group(1)
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
            seen.add(name)
            at = match.end()
        parts.append(re.escape(msgid[at:].replace("{{", "{").replace("}}", "}")))
        _patterns[msgid] = re.compile("".join(parts), re.DOTALL)
    return _patterns[msgid]


def _templates_of(lang: str) -> list[tuple[int, str, list[str], str]]:
    """The catalogue's templates: msgids with a placeholder and at least two letters of their own."""
    if lang not in _templates:
        found = []
        for msgid, text in catalogue(lang).items():
            if "{" not in msgid:
                continue
            pieces = _literals(msgid)
            literal = "".join("".join(pieces).split())
            if len(pieces) > 1 and sum(c.isalpha() for c in literal) >= 2:
                found.append((len(literal), msgid, [p for p in pieces if p], text))
        found.sort(key=lambda t: -t[0])  # the most specific template first
        _templates[lang] = found
    return _templates[lang]


def reword(text: str, _depth: int = 0) -> str:
    """``text`` — a finished English sentence, such as an error message — in the language in use.

    gettext translates a template before it is filled in; a message that arrives finished (from the
    library's errors, or from the argument parser) is matched against the catalogue's templates
    instead: ``"unknown activation 'nope'"`` matches ``"unknown activation {name}"``, whose
    translation is filled with the same values. A value that is itself a sentence is translated in
    turn. English, or a text no template matches, comes back unchanged.
    """
    lang = language()
    if lang == DEFAULT or not text:
        return text
    known = catalogue(lang)
    if text in known:
        return known[text]
    if _depth > 3:
        return text
    for _size, msgid, pieces, translation in _templates_of(lang):
        if not all(piece in text for piece in pieces):  # cheap: most templates stop here
            continue
        match = _compile(msgid).fullmatch(text)
        if match is not None:
            return _fill(translation, {k: reword(v, _depth + 1) for k, v in match.groupdict().items()})
    return text


def _fill(translation: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), translation)
