"""Locale names: BCP 47 and POSIX spellings of the same CLDR locale."""

from __future__ import annotations

import pytest

from i18n.errors import LocaleError
from i18n.locales import parse_locale


@pytest.mark.parametrize("name", ["zh-TW", "zh_TW", "zh-Hant-TW", "ZH-tw"])
def test_spellings_of_taiwanese_chinese(name):
    locale = parse_locale(name)
    assert (locale.tag, locale.posix, str(locale.babel)) == ("zh-TW", "zh_TW", "zh_Hant_TW")
    assert locale.script == "Hant"
    assert locale.display_name == "中文（台灣）"


def test_english_and_pseudo_locale():
    english = parse_locale("en")
    assert (english.tag, english.posix, english.script, english.display_name) == \
        ("en", "en", "Latn", "English")
    pseudo = parse_locale("en-XA")
    assert pseudo.pseudo and pseudo.posix == "en_XA" and str(pseudo.babel) == "en"


def test_other_scripts():
    assert parse_locale("ja").script == "Jpan"
    assert parse_locale("zh-CN").script == "Hans"
    assert parse_locale("ar").script == "Arab"


@pytest.mark.parametrize("name", ["xx-YY", "klingon", "zh TW", ""])
def test_unknown_locales_are_refused(name):
    with pytest.raises(LocaleError):
        parse_locale(name)
