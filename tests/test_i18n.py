"""The language actcli writes in, chosen as gettext would choose it."""

from __future__ import annotations

import pytest

from actcli import i18n


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("ACTCLI_LANG", *i18n.LOCALE_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language(None)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_GB", "LANG": "zh_CN"}, "en"),
        ({"LANGUAGE": "fr:zh_CN:en", "LANG": "en_US"}, "zh"),  # the first entry actcli knows
        ({"LANGUAGE": "fr", "LANG": "zh_CN"}, "en"),  # gettext stops at the first variable set
        ({"ACTCLI_LANG": "zh", "LANG": "en_US"}, "zh"),
        ({"ACTCLI_LANG": "en", "LANG": "zh_CN"}, "en"),
    ],
)
def test_language_follows_gettexts_order(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert i18n.language() == expected


def test_an_explicit_choice_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTCLI_LANG", "en")
    i18n.set_language("zh")
    assert i18n.language() == "zh"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("klingon")


def test_english_is_the_key_and_the_fallback() -> None:
    i18n.set_language("en")
    assert i18n._("no such text") == "no such text"
    i18n.set_language("zh")
    assert i18n._("a text no catalogue holds") == "a text no catalogue holds"
    assert i18n.ngettext("{n} kink", "{n} kinks", 2) in ("{n} kinks", i18n.catalogue("zh").get("{n} kink"))
