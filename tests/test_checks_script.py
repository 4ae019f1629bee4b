"""The script check per locale, and numbers written in Arabic-Indic digits."""

from __future__ import annotations

import polib
import pytest

from i18n.checks import CheckContext, check_entry, numbers
from i18n.checks.script import latin_words, traditional_only
from i18n.locales import parse_locale

TERMS = ("PRP", "Liusmed", "TGF-beta")


def _findings(tag: str, msgid: str, msgstr: str) -> list[tuple[str, str, str]]:
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, linenum=1)
    return [f for f in check_entry(entry, CheckContext(parse_locale(tag), TERMS))
            if f[0] == "script"]


def test_traditional_characters_in_simplified_chinese():
    found = _findings("zh-CN", "Laser treatment quality", "雷射治療後的品質")
    assert [f[1] for f in found] == ["warning"] * len(found)
    messages = " ".join(f[2] for f in found)
    for char in "療後質":
        assert f"'{char}'" in messages
    assert _findings("zh-CN", "Laser treatment quality", "激光治疗后的质量") == []


def test_characters_shared_by_both_scripts_are_not_traditional_only():
    # 著名 and 里 are correct Simplified; OpenCC converts phrase by phrase.
    assert traditional_only("著名的公里数") == []
    assert traditional_only("著名的醫師") == [("醫", "医"), ("師", "师")]


def test_simplified_characters_in_traditional_chinese_still_warn():
    assert _findings("zh-TW", "Treatment", "治疗")


@pytest.mark.parametrize("tag, text", [
    ("ja", "治療後は sunscreen を塗ってください。"),
    ("ko", "치료 후에는 sunscreen을 바르십시오."),
    ("th", "ทาครีม sunscreen หลังการรักษา"),
    ("ar", "ضع sunscreen بعد العلاج."),
])
def test_latin_words_left_in_non_latin_translations_warn(tag, text):
    found = _findings(tag, "Apply sunscreen after the treatment.", text)
    assert len(found) == 1 and found[0][1] == "warning" and "'sunscreen'" in found[0][2]


@pytest.mark.parametrize("tag, text", [
    ("ja", "Liu Ta-Ju 医師が PRP と TGF-beta、SPF 50、5 mL を [解説](https://example.org/a) {page}"),
    ("ar", "يشرح الطبيب Liu Ta-Ju بلازما PRP وSPF 50 و5 mL [هنا](https://example.org/a) {page}"),
])
def test_terms_names_acronyms_units_urls_and_placeholders_are_not_latin_words(tag, text):
    source = "Dr. Liu Ta-Ju explains PRP and TGF-beta, SPF 50, 5 mL [here](https://example.org/a) {page}"
    assert _findings(tag, source, text) == []


def test_latin_script_locales_are_not_checked_for_latin():
    assert _findings("vi", "Apply sunscreen.", "Thoa kem chống nắng sunscreen.") == []
    assert latin_words("bôi kem", ()) == ["bôi", "kem"]   # the helper itself finds them


def test_arabic_indic_and_persian_digits_are_their_values():
    assert [str(n) for n in numbers("بعد ٢٤ إلى ٤٨ ساعة")] == ["24", "48"]
    assert [str(n) for n in numbers("بعد ۲۴ ساعت")] == ["24"]
    entry = polib.POEntry(msgid="Wait 24 to 48 hours.", msgstr="انتظر من ٢٤ إلى ٤٨ ساعة.",
                          linenum=1)
    context = CheckContext(parse_locale("ar"), TERMS)
    assert [f for f in check_entry(entry, context) if f[0] == "numbers"] == []
    entry.msgstr = "انتظر من ٢٤ إلى ٤٩ ساعة."
    assert [f for f in check_entry(entry, context) if f[0] == "numbers" and f[1] == "error"]
