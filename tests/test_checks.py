"""Tests of the translation quality checks (i18n/checks/)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polib
import pytest

from i18n.checks import (CHECKS, CheckContext, Problem, check_catalog, check_entry, cjk_numbers,
                         numbers)
from i18n.locales import parse_locale

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
DO_NOT_TRANSLATE = ("PRP", "PDGF", "TGF-beta", "IGF-1", "MMPs", "Liusmed")


def run(msgid: str, msgstr: str, flags=(), locale: str = "zh-TW",
        check: str | None = None) -> list[tuple[str, str, str]]:
    """check_entry on one entry; only *check*'s findings when given."""
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags))
    context = CheckContext(parse_locale(locale), DO_NOT_TRANSLATE)
    found = check_entry(entry, context)
    return [f for f in found if f[0] == check] if check else found


def severities(found) -> list[tuple[str, str]]:
    return [(check, severity) for check, severity, _ in found]


def test_checks_have_stable_names_in_order():
    known = ["untranslated", "fuzzy", "numbers", "markup", "placeholders", "invisible",
             "same-as-source", "whitespace", "punctuation", "script"]
    assert [name for name in CHECKS if name in known] == known


def test_plural_entries_are_checked_form_by_form():
    entry = polib.POEntry(msgid="{n} session of 30 minutes",
                          msgid_plural="{n} sessions of 30 minutes",
                          msgstr_plural={0: "{n}次療程，每次30分鐘"}, flags=["python-brace-format"])
    context = CheckContext(parse_locale("zh-TW"))
    assert check_entry(entry, context) == []
    entry.msgstr_plural = {0: "{n}次療程，每次20分鐘"}
    assert severities(check_entry(entry, context)) == [("numbers", "error"), ("numbers", "error")]
    entry.msgstr_plural = {0: ""}
    assert severities(check_entry(entry, context)) == [("untranslated", "error")]


# --- Problem ----------------------------------------------------------------------

def test_problem_str_with_and_without_line():
    path = Path("locales/zh_TW/LC_MESSAGES/handout.po")
    assert str(Problem("numbers", "error", "number 48 is not in the source", path, 12)) == \
        "locales/zh_TW/LC_MESSAGES/handout.po:12: error: [numbers] number 48 is not in the source"
    assert str(Problem("syntax", "error", "catalog not found", path, None)) == \
        "locales/zh_TW/LC_MESSAGES/handout.po: error: [syntax] catalog not found"


# --- untranslated, fuzzy ------------------------------------------------------------

def test_untranslated_is_an_error_and_skips_the_content_checks():
    found = run("Within 48 hours.", "")
    assert severities(found) == [("untranslated", "error")]


def test_translated_entry_is_not_untranslated():
    assert run("Within 48 hours.", "在48小時內。") == []


def test_fuzzy_is_an_error_and_still_gets_the_content_checks():
    found = run("Within 48 hours.", "在24小時內。", flags=["fuzzy"])
    assert severities(found) == [("fuzzy", "error"), ("numbers", "error"), ("numbers", "error")]


def test_reviewed_entry_is_not_fuzzy():
    assert run("Within 48 hours.", "在48小時內。", check="fuzzy") == []


# --- numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("msgid, msgstr", [
    ("Within 48 hours.", "在４８小時內。"),                     # full-width digits
    ("Reduced by 48%.", "減少了４８％。"),                       # full-width percent
    ("Over 10,000 patients.", "超過10000名患者。"),              # thousands separator
    ("Over 10\u2009000 patients.", "超過10,000名患者。"),
    ("Over 10,000 patients.", "超過1萬名患者。"),
    ("Dose 2.5 mL.", "劑量2.5毫升。"),                           # decimals
    ("2 to 3 times the baseline.", "基準值的2–3倍。"),
    ("2-3 times the baseline.", "基準值的2至3倍。"),
    ("2–3 times the baseline.", "基準值的2到3倍。"),
    ("2—3 times the baseline.", "基準值的2～3倍。"),
    ("2~3 times the baseline.", "基準值的2 to 3倍。"),
    ("Phase 1 (Days 1-3).", "第1階段（第1至3天）。"),
    ("IGF-1 and lipoxin A4.", "IGF-1與脂氧素A4。"),             # digits in identifiers
    ("type IV collagen", "第四型膠原蛋白"),                      # Roman numerals: no numbers
])
def test_numbers_equal_as_values(msgid, msgstr):
    assert run(msgid, msgstr, check="numbers") == []


def test_numbers_are_values():
    assert [str(n) for n in numbers("２–3 and 10,000, 2.50 mg, 48 percent, IGF-1, A4, Q1")] == \
        ["2", "3", "10000", "2.5", "48%", "1", "4", "1"]
    assert numbers("type IV collagen, Phase II") == []


@pytest.mark.parametrize("text, value", [
    ("十", 10), ("二十四", 24), ("四十八", 48), ("三百", 300), ("一千", 1000), ("兩", 2),
    ("两", 2), ("三百零五", 305), ("一萬", 10000), ("二〇二六", 2026), ("二點五", Decimal("2.5")),
])
def test_cjk_numerals_are_parsed(text, value):
    assert [n.value for n, _ in cjk_numbers(text)] == [value]


def test_numbers_use_the_separators_of_each_language():
    assert run("Over 10,000 patients; 2.5 mL.", "Über 10.000 Patienten; 2,5 ml.", locale="de",
               check="numbers") == []
    assert run("Over 10,000 patients; 2.5 mL.", "Plus de 10\u202f000 patients ; 2,5 ml.",
               locale="fr", check="numbers") == []
    assert numbers("10.000 und 2,5", decimal=",", group=".") == numbers("10,000 and 2.5")


def test_changed_number_is_an_error():
    found = run("Bruising resolves within 48 hours.", "瘀青在24小時內消退。", check="numbers")
    assert found == [
        ("numbers", "error", "number 48 of the source is missing from the translation"),
        ("numbers", "error", "number 24 is not in the source"),
    ]


def test_dropped_number_is_an_error():
    found = run("Most patients need 4 to 6 sessions.", "大多數患者需要4次以上的療程。",
                check="numbers")
    assert found == [("numbers", "error", "number 6 of the source is missing from the translation")]


@pytest.mark.parametrize("msgid, msgstr, message", [
    ("Dose 2.5 mL.", "劑量25毫升。", "number 2.5 of the source is missing from the translation"),
    ("Over 10,000 patients.", "超過1,000名患者。",
     "number 10000 of the source is missing from the translation"),
    ("Reduced by 48%.", "減少了48。", "number 48% of the source is missing from the translation"),
    ("Works with IGF-1.", "與IGF協同作用。", "number 1 of the source is missing from the translation"),
])
def test_changed_values_are_errors(msgid, msgstr, message):
    assert run(msgid, msgstr, check="numbers")[0] == ("numbers", "error", message)


def test_extra_number_is_an_error():
    assert run("Apply sunscreen daily.", "每天塗抹防曬乳3次。", check="numbers") == \
        [("numbers", "error", "number 3 is not in the source")]


def test_number_written_in_cjk_numerals_is_a_warning():
    assert run("Within 48 hours.", "在四十八小時內。", check="numbers") == \
        [("numbers", "warning", "number 48 may be written as 四十八")]
    assert run("Reduced by 48%.", "減少了百分之四十八。", check="numbers") == \
        [("numbers", "warning", "number 48% may be written as 百分之四十八")]


def test_number_in_words_in_the_source_is_a_warning():
    assert severities(run("The two layers.", "這2層結構。", check="numbers")) == \
        [("numbers", "warning")]


def test_month_name_in_the_source_is_a_warning():
    assert run("Published in May 2026.", "2026年5月發表。", check="numbers") == \
        [("numbers", "warning", "number 5 is not in the source, unless there in words")]


def test_numbers_in_link_targets_are_left_to_the_markup_check():
    assert run("See [the 2024 study](https://example.org/2024/5).",
               "見[2024年的研究](https://example.org/2024/5)。", check="numbers") == []


def test_no_numbers_check_waives_the_error_only_on_an_entry_a_reviewer_signed_off():
    from i18n.catalogs.review import entry_key
    assert severities(run("Within 48 hours.", "在24小時內。")) == \
        [("numbers", "error"), ("numbers", "error")]
    # The translator alone cannot waive a changed number: the error stays, and says how.
    waived = run("Within 48 hours.", "在24小時內。", flags=["no-numbers-check"])
    assert severities(waived) == [("numbers", "error"), ("numbers", "error")]
    assert "waives an error only once a reviewer has signed the entry off" in waived[0][2]
    # Signed off with the waiver in place: silenced.
    entry = polib.POEntry(msgid="Within 48 hours.", msgstr="在24小時內。", flags=["no-numbers-check"])
    signed = CheckContext(parse_locale("zh-TW"), DO_NOT_TRANSLATE, reviewed=frozenset({entry_key(entry)}))
    assert check_entry(entry, signed) == []
    # A sign-off of the entry without the waiver does not cover the waiver added later.
    bare = polib.POEntry(msgid="Within 48 hours.", msgstr="在24小時內。")
    assert entry_key(bare) != entry_key(entry)
    stale = CheckContext(parse_locale("zh-TW"), DO_NOT_TRANSLATE, reviewed=frozenset({entry_key(bare)}))
    assert severities(check_entry(entry, stale)) == [("numbers", "error"), ("numbers", "error")]


def test_a_warning_is_silenced_by_a_flag_or_by_a_translator_comment():
    # GNU msgmerge and msgcat drop unknown flags but keep translator comments.
    assert severities(run("Melasma", "Melasma", locale="id")) == [("same-as-source", "warning")]
    assert run("Melasma", "Melasma", locale="id", flags=["no-same-as-source-check"]) == []
    entry = polib.POEntry(msgid="Melasma", msgstr="Melasma",
                          tcomment="the Indonesian term too\nno-same-as-source-check")
    assert check_entry(entry, CheckContext(parse_locale("id"), DO_NOT_TRANSLATE)) == []


# --- markup -------------------------------------------------------------------------

def test_dropped_bold_is_an_error():
    assert run("**PDGF** stimulates fibroblasts.", "PDGF能刺激纖維母細胞。", check="markup") == \
        [("markup", "error", "bold (**...**): 1 in the source, 0 in the translation")]


def test_dropped_emphasis_and_code_are_errors():
    found = run("Use *only* `SPF 50`.", "只用SPF 50。", check="markup")
    assert [message for _, _, message in found] == [
        "emphasis (*...*): 1 in the source, 0 in the translation",
        "code (`...`): 1 in the source, 0 in the translation",
    ]


def test_bold_that_commonmark_cannot_read_is_an_error_with_a_hint():
    found = run("**Platelet-derived growth factor (PDGF)** stimulates fibroblasts.",
                "**血小板衍生生長因子（PDGF）**能刺激纖維母細胞。", check="markup")
    assert severities(found) == [("markup", "error")]
    assert "move the punctuation outside the '**'" in found[0][2]
    assert run("**Platelet-derived growth factor (PDGF)** stimulates fibroblasts.",
               "**血小板衍生生長因子**（PDGF）能刺激纖維母細胞。", check="markup") == []


def test_changed_link_url_is_an_error_naming_the_url():
    found = run("Read [the study](https://example.org/prp).",
                "閱讀[這項研究](https://example.org/prp-zh)。", check="markup")
    assert found == [
        ("markup", "error",
         "link https://example.org/prp is missing or changed in the translation"),
        ("markup", "error", "link https://example.org/prp-zh is not in the source"),
    ]


def test_dropped_link_is_an_error():
    assert severities(run("Read [the study](https://example.org/prp).", "閱讀這項研究。",
                          check="markup")) == [("markup", "error")]


def test_same_markup_and_link_pass():
    assert run("**PRP** is *autologous*; read [the study](https://example.org/prp).",
               "**PRP**是*自體*的；請閱讀[這項研究](https://example.org/prp)。",
               check="markup") == []


@pytest.mark.parametrize("translation, url", [
    ("請先閱讀[此處](javascript:alert(1))。", "javascript:alert(1)"),
    ("請見[檔案](file:///etc/passwd)。", "file:///etc/passwd"),
    ("請見<data:text/html,hi>。", "data:text/html,hi"),
    ("請見[頁面](page.html)。", "page.html"),
])
def test_a_link_the_handout_refuses_is_an_error(translation, url):
    """Printed as literal Markdown by the handout: an error even where the source has
    no link to compare with."""
    found = run("Read this first.", translation, check="markup")
    assert severities(found) == [("markup", "error")]
    assert repr(url) in found[0][2] and "only http, https and mailto" in found[0][2]


def test_a_safe_link_changed_to_a_refused_one_is_reported_both_ways():
    found = run("Read [the study](https://example.org/prp).",
                "閱讀[這項研究](javascript:alert(1))。", check="markup")
    assert [message for _, _, message in found] == [
        "link https://example.org/prp is missing or changed in the translation",
        "link to 'javascript:alert(1)' is not allowed: only http, https and mailto links "
        "are allowed (it would print as literal Markdown)"]


# --- placeholders -------------------------------------------------------------------

def test_missing_brace_placeholder_is_an_error():
    assert run("Page {page} of {pages}", "第{page}頁", flags=["python-brace-format"],
               check="placeholders") == \
        [("placeholders", "error", "placeholder {pages} is missing from the translation")]


def test_renamed_and_broken_brace_placeholders_are_errors():
    assert severities(run("Published: {date}", "發布日期：{datum}",
                          flags=["python-brace-format"], check="placeholders")) == \
        [("placeholders", "error"), ("placeholders", "error")]
    assert severities(run("Published: {date}", "發布日期：{date",
                          flags=["python-brace-format"], check="placeholders")) == \
        [("placeholders", "error")]


def test_same_brace_placeholders_pass_in_any_order():
    assert run("Page {page} of {pages}", "共{pages}頁，第{page}頁",
               flags=["python-brace-format"], check="placeholders") == []


def test_python_format_placeholders():
    assert run("%(count)d sessions", "%(count)d次療程", flags=["python-format"],
               check="placeholders") == []
    assert run("%(count)d sessions", "數次療程", flags=["python-format"],
               check="placeholders") == \
        [("placeholders", "error", "placeholder %(count)d is missing from the translation")]
    assert severities(run("%s of %s", "%s", flags=["python-format"], check="placeholders")) == \
        [("placeholders", "error")]


@pytest.mark.parametrize("flags", [["python-brace-format"], []])
def test_missing_placeholders_are_errors_with_or_without_the_format_flag(flags):
    # Issue 22: with the flag removed, a msgstr that drops {date} used to pass,
    # and the publication date vanished from the handout.
    assert run("Published: {date}", "發表。", flags=flags, check="placeholders") == [
        ("placeholders", "error", "placeholder {date} is missing from the translation")]
    assert run("%(count)s sessions", "療程", check="placeholders") == [
        ("placeholders", "error", "placeholder %(count)s is missing from the translation")]


@pytest.mark.parametrize("translation", [
    "發布日期：{date.__class__.__mro__}", "發布日期：{date:>4000000}", "發布日期：{date[0]}",
    "發布日期：{date!r}", "發布日期：{}"])
@pytest.mark.parametrize("flags", [["python-brace-format"], []])
def test_placeholders_are_data_not_code(translation, flags):
    found = run("Published: {date}", translation, flags=flags, check="placeholders")
    assert ("placeholders", "error") in severities(found), found
    assert any("not a plain name" in message for _, _, message in found)


@pytest.mark.parametrize("flags", [["python-brace-format"], []])
def test_a_field_the_source_lacks_is_an_error(flags):
    assert run("Published: {date}", "{clinic} {date}", flags=flags, check="placeholders") == [
        ("placeholders", "error", "placeholder {clinic} is not in the source")]
    assert severities(run("Rest for 2 days.", "休息 {days} 天。", flags=flags,
                          check="placeholders")) == [("placeholders", "error")]


def test_literal_braces_are_allowed():
    assert run("Use {{braces}} and {date}", "用 {{大括號}} 與 {date}",
               flags=["python-brace-format"], check="placeholders") == []


# --- invisible characters -----------------------------------------------------------

@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200b", "\u200d",
                                  "\ufeff", "\u00ad", "\u200e"])
def test_invisible_characters_are_errors(char):
    found = run("Rest for 24 to 48 hours.", f"休息{char}24至48小時。", check="invisible")
    assert severities(found) == [("invisible", "error")]
    assert f"U+{ord(char):04X}" in found[0][2]


def test_directional_marks_are_allowed_in_right_to_left_locales():
    assert run("Rest for 24 hours.", "استرح 24\u200f ساعة.", locale="ar", check="invisible") == []
    assert severities(run("Rest for 24 hours.", "استرح\u202e 24 ساعة.", locale="ar",
                          check="invisible")) == [("invisible", "error")]


def test_numbers_are_compared_as_printed():
    found = run("Rest for 24 to 48 hours.", "休息\u202e24至48\u202c小時。", check="numbers")
    assert ("numbers", "error") in severities(found)
    assert any("84" in message or "24" in message for _, _, message in found)


# --- same as source -----------------------------------------------------------------

def test_untranslated_copy_of_the_source_is_a_warning():
    assert run("Melasma treatment", "Melasma treatment", check="same-as-source") == [
        ("same-as-source", "warning", "the translation is the same as the source (add the translator "
         "comment '# no-same-as-source-check' if it is meant to stay so)")]
    for text in ("Dermatology", "PRP vs. HGF", "Liusmed Clinic"):
        assert severities(run(text, text, check="same-as-source")) == \
            [("same-as-source", "warning")], text


@pytest.mark.parametrize("text", [
    "PDGF, TGF-beta", "**PRP**", "IGF-1", "Q{number}", "MMPs", "Liusmed", "OK", "HGF (2)",
    "HGF/VEGF",
])
def test_do_not_translate_terms_codes_and_short_strings_may_stay(text):
    assert run(text, text, check="same-as-source") == []


def test_same_as_source_is_skipped_for_the_source_language_and_the_pseudo_locale():
    assert run("Melasma treatment", "Melasma treatment", locale="en-US",
               check="same-as-source") == []
    assert run("Melasma treatment", "Melasma treatment", locale="en-XA",
               check="same-as-source") == []


def test_no_same_as_source_check_flag():
    assert run("Liusmed Clinic", "Liusmed Clinic", flags=["no-same-as-source-check"]) == []


# --- whitespace ---------------------------------------------------------------------

def test_leading_and_trailing_whitespace_must_match():
    assert run("Contents", " 目錄", check="whitespace") == \
        [("whitespace", "warning", "only the translation starts with whitespace")]
    assert run("Contents ", "目錄", check="whitespace") == \
        [("whitespace", "warning", "only the source ends with whitespace")]
    assert run(" Contents ", " 目錄 ", check="whitespace") == []


def test_double_space_is_a_warning_unless_the_source_has_one():
    assert run("PRP and PDGF", "PRP 與  PDGF", check="whitespace") == \
        [("whitespace", "warning", "double space at column 6")]
    assert run("PRP  and PDGF", "PRP 與  PDGF", check="whitespace") == []


def test_newline_mismatch_is_an_error():
    assert run("Line one\n", "第一行", check="whitespace") == \
        [("whitespace", "error", "only the source ends with a newline")]
    assert run("Line one\n", "第一行\n", check="whitespace") == []


# --- punctuation --------------------------------------------------------------------

@pytest.mark.parametrize("msgid, msgstr", [
    ("It acts as a barrier.", "它是一道屏障。"),
    ("Why does it matter?", "為什麼重要？"),
    ("The key factors include:", "主要因子包括："),
    ('Clinicians call it "dermal melasma."', "臨床醫師稱之為「真皮型黑斑。」"),
    ("It is thin (about 100 nm).", "它很薄（約100奈米）。"),
    ("Melasma", "黑斑"),
    ("TGF-beta, e.g. with IGF-1 at 2.5 mg, works.", "TGF-beta，例如與 IGF-1 在 2.5 mg 時，有效。"),
    ("Read [the study](https://example.org/a,b.c).", "請閱讀[研究](https://example.org/a,b.c)。"),
    ("Page {page}: notes.", "第{page}頁：說明。"),
])
def test_chinese_punctuation_passes(msgid, msgstr):
    assert run(msgid, msgstr, check="punctuation") == []


def test_chinese_sentence_must_end_with_a_full_width_mark():
    assert run("It acts as a barrier.", "它是一道屏障.", check="punctuation")[0] == \
        ("punctuation", "warning",
         "the source ends with '.', so the translation should end with '。', not '.'")
    assert severities(run("Why does it matter?", "為什麼重要。", check="punctuation")) == \
        [("punctuation", "warning")]


def test_half_width_comma_in_chinese_is_a_warning_with_its_column():
    assert run("In healthy skin, it anchors the epidermis.", "在健康的皮膚中,它固定表皮。",
               check="punctuation") == \
        [("punctuation", "warning", "half-width ',' in Chinese text at column 8")]


def test_half_width_marks_after_chinese_are_warnings():
    found = run("Use PRP (not lasers).", "使用PRP(而非雷射)。", check="punctuation")
    assert [message for _, _, message in found] == \
        ["half-width ')' in Chinese text at column 11"]
    found = run("Inflammation; relapse.", "發炎;復發。", check="punctuation")
    assert [message for _, _, message in found] == \
        ["half-width ';' in Chinese text at column 3"]


def test_other_locales_compare_the_kind_of_ending():
    assert run("It acts as a barrier.", "C'est une barrière.", locale="fr",
               check="punctuation") == []
    assert run("Does it matter?", "¿Importa?", locale="es", check="punctuation") == []
    assert run("It acts as a barrier.", "C'est une barrière", locale="fr",
               check="punctuation") == \
        [("punctuation", "warning", "the source ends with '.' but the translation ends with 'e'")]


def test_japanese_question_may_end_with_ka():
    assert run("Why does it matter?", "なぜ重要なのですか。", locale="ja", check="punctuation") == []
    assert run("Why does it matter?", "なぜ重要ですか？", locale="ja", check="punctuation") == []


def test_korean_uses_western_punctuation():
    assert run("It acts as a barrier.", "장벽 역할을 합니다.", locale="ko", check="punctuation") == []


# --- script -------------------------------------------------------------------------

def test_simplified_character_in_traditional_chinese_is_a_warning():
    assert run("This is the barrier.", "这是屏障。", check="script") == \
        [("script", "warning", "Simplified character '这' (Traditional: '這')")]


def test_each_simplified_character_is_named_once():
    found = run("Hair and hair growth.", "头发与头发生长。", check="script")
    assert [message for _, _, message in found] == [
        "Simplified character '头' (Traditional: '頭')",
        "Simplified character '发' (Traditional: '發' or '髮')",
        "Simplified character '与' (Traditional: '與')",
        "Simplified character '长' (Traditional: '長')",
    ]


@pytest.mark.parametrize("msgstr", [
    "這是屏障。",
    "皇后、里長、面膜、干擾素、只有、台灣、系統、胜肽、於是",   # valid in Traditional text
    "茶几上的經費拮据。",                                      # 几 and 据 in Traditional words
])
def test_traditional_text_passes(msgstr):
    assert run("Text.", msgstr, check="script") == []


def test_script_check_is_only_for_traditional_chinese():
    assert run("This is the barrier.", "这是屏障。", locale="zh-CN", check="script") == []
    assert severities(run("This is the barrier.", "这是屏障。", locale="zh-Hant",
                          check="script")) == [("script", "warning")]


def test_hong_kong_glyphs_are_traditional_in_hong_kong():
    assert run("Warm water.", "温水脱皮", locale="zh-HK", check="script") == []
    assert severities(run("Warm water.", "温水脱皮", locale="zh-TW", check="script")) == \
        [("script", "warning"), ("script", "warning")]


# --- catalogs -----------------------------------------------------------------------

def test_check_catalog_reports_each_entry_at_its_line():
    from i18n.catalogs.review import entry_key
    context = CheckContext(parse_locale("zh-TW"), DO_NOT_TRANSLATE)
    problems = check_catalog(FIXTURES / "catalog.po", context)
    # Each at the first line of its entry (polib's linenum); the obsolete entry
    # and the header are not reported.  The no-numbers-check entry (a local
    # phone number, on purpose) is, until a reviewer signs it off.
    assert [(p.check, p.severity, p.line) for p in problems] == [
        ("numbers", "error", 19),
        ("numbers", "error", 19),
        *[("numbers", "error", 24)] * 7,
        ("untranslated", "error", 30),
        ("fuzzy", "error", 35),
    ]
    assert all(p.path == FIXTURES / "catalog.po" for p in problems)
    assert problems[0].message == "number 6 of the source is missing from the translation"
    phone = next(e for e in polib.pofile(str(FIXTURES / "catalog.po")) if "no-numbers-check" in e.flags)
    signed = CheckContext(parse_locale("zh-TW"), DO_NOT_TRANSLATE,
                          reviewed=frozenset({entry_key(phone)}))
    assert 24 not in [p.line for p in check_catalog(FIXTURES / "catalog.po", signed)]


def test_check_catalog_turns_a_msgfmt_error_into_one_syntax_problem():
    context = CheckContext(parse_locale("zh-TW"))
    problems = check_catalog(FIXTURES / "unterminated.po", context)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.check, problem.severity) == ("syntax", "error")
    lines = (FIXTURES / "unterminated.po").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1] == 'msgstr "unterminated'
    assert "end-of-line within string" in problem.message


def test_check_catalog_on_a_missing_file(tmp_path):
    problems = check_catalog(tmp_path / "missing.po", CheckContext(parse_locale("zh-TW")))
    assert [(p.check, p.severity, p.line) for p in problems] == [("syntax", "error", None)]


def test_thai_sentences_end_without_a_full_stop():
    assert run("Avoid the sun for 48 hours.", "หลีกเลี่ยงแสงแดดเป็นเวลา 48 ชั่วโมง", locale="th",
               check="punctuation") == []
    assert severities(run("Avoid the sun for 48 hours.", "หลีกเลี่ยงแสงแดดเป็นเวลา 48 ชั่วโมง?",
                          locale="th", check="punctuation")) == [("punctuation", "warning")]
    # A Thai (or Lao) question is asked by its particle (หรือไม่, ไหม): the "?" may go too.
    assert run("Is it safe?", "ปลอดภัยหรือไม่", locale="th", check="punctuation") == []
    assert run("Is it safe?", "ປອດໄພບໍ", locale="lo", check="punctuation") == []
    assert run("Is it safe?", "ปลอดภัยหรือไม่?", locale="th", check="punctuation") == []
    # ... but it is not turned into another kind of ending.
    assert severities(run("Is it safe?", "ปลอดภัยหรือไม่!", locale="th",
                          check="punctuation")) == [("punctuation", "warning")]
    assert severities(run("Is it safe?", "Có an toàn không", locale="vi",
                          check="punctuation")) == [("punctuation", "warning")]


# --- issue 20: count-aware numbers, abbreviations, table cells, Weblate flags -------------

def test_a_number_in_both_texts_a_different_number_of_times_says_how_often():
    assert run("Take 8 tablets a day for 8 days.", "每天服用8片，連續服用8天，共8次。",
               check="numbers") == [
        ("numbers", "error", "number 8 appears twice in the source and 3 times in the translation")]
    assert run("Take 8 tablets, 8 hours apart.", "每8小時服用一次。", check="numbers") == [
        ("numbers", "error", "number 8 appears twice in the source and once in the translation")]
    # Absent altogether: the message says so, as before.
    assert run("Take 8 tablets.", "服用片劑。", check="numbers") == [
        ("numbers", "error", "number 8 of the source is missing from the translation")]


def test_no_end_punctuation_warning_after_an_abbreviation():
    for source, translation, locale in (("Open 10 a.m. to 4 p.m.", "上午10點至下午4點", "zh-TW"),
                                        ("Vitamins, minerals, etc.", "Vitamin, khoáng chất v.v", "vi"),
                                        ("Ask Dr.", "Hỏi bác sĩ", "vi"),
                                        ("Open from 10 to 4", "Mở cửa 10 a.m. đến 4 p.m.", "vi")):
        assert run(source, translation, locale=locale, check="punctuation") == [], source
    # A sentence's own full stop is still compared.
    assert severities(run("Open from 10 to 4.", "Mở cửa từ 10 đến 4", locale="vi",
                          check="punctuation")) == [("punctuation", "warning")]


def test_no_end_punctuation_warning_in_a_table_cell():
    context = CheckContext(parse_locale("vi"))
    cell = polib.POEntry(msgid="10 a.m. and 4 p.m.", msgstr="10 giờ sáng và 4 giờ chiều.",
                         comment="table cell")
    assert [f for f in check_entry(cell, context) if f[0] == "punctuation"] == []
    paragraph = polib.POEntry(msgid="Twice a day.", msgstr="Hai lần mỗi ngày",
                              comment="paragraph")
    assert [f[0] for f in check_entry(paragraph, context)] == ["punctuation"]


@pytest.mark.parametrize("flag, check", [("ignore-end-stop", "punctuation"),
                                         ("ignore-same", "same-as-source"),
                                         ("ignore-double-space", "whitespace"),
                                         ("ignore-punctuation", "punctuation")])
def test_weblate_ignore_flags_silence_warnings(flag, check):
    cases = {"punctuation": ("Rest well.", "好好休息"),
             "same-as-source": ("Rest well after the treatment.", "Rest well after the treatment."),
             "whitespace": ("Rest well.", "好好  休息。")}
    source, translation = cases[check]
    assert check in [name for name, _, _ in run(source, translation)]
    assert check not in [name for name, _, _ in run(source, translation, flags=[flag])]


def test_weblate_ignore_flag_does_not_waive_an_error_alone():
    found = run("Wait 24 hours.", "等待12小時。", flags=["ignore-numbers"], check="numbers")
    assert severities(found) == [("numbers", "error"), ("numbers", "error")]
    assert "signed the entry off" in found[0][2]


def test_findings_carry_the_source_reference_and_an_excerpt(tmp_path):
    path = tmp_path / "x.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_TW"}
    po.append(polib.POEntry(msgid="PRP contains 8 growth factors, " + "and more words " * 6,
                            msgstr="PRP含有9種生長因子。", occurrences=[("articles/a.md", "42")]))
    po.save(str(path))
    (problem, *_) = check_catalog(path, CheckContext(parse_locale("zh-TW")),
                                  only=frozenset({"numbers"}))
    assert problem.reference == "articles/a.md:42"
    assert problem.excerpt.startswith("PRP contains 8 growth factors") and \
        problem.excerpt.endswith("…") and len(problem.excerpt) <= 61
    assert problem.source == f'#: articles/a.md:42  "{problem.excerpt}"'
    assert {p.check for p in check_catalog(path, CheckContext(parse_locale("zh-TW")),
                                           only=frozenset({"numbers"}))} == {"numbers"}


def test_prose_with_a_percent_and_brackets_is_not_a_placeholder():
    """Without the format flag only a certain %(name)s counts: "40%(n=20)" is prose."""
    from i18n.checks.markup import check_placeholders
    from i18n.checks.base import CheckContext
    from i18n.locales import parse_locale
    context = CheckContext(parse_locale("zh-TW"))
    prose = polib.POEntry(msgid="Melasma faded in 40%(n=20) after 3 sessions",
                          msgstr="40%（n=20）的患者在3次治療後改善")
    assert list(check_placeholders(prose, context)) == []
    dropped = polib.POEntry(msgid="Dear %(name)s, see you", msgstr="您好，再見")
    assert list(check_placeholders(dropped, context)) == [
        ("error", "placeholder %(name)s is missing from the translation")]


# --- check on a whole locale, remembered ------------------------------------------------

def test_a_locale_s_findings_are_remembered_until_a_catalog_or_the_glossary_changes(
        cli, project_copy):
    from conftest import SEED_SLUG
    catalog = project_copy / "locales" / "zh_TW" / "LC_MESSAGES" / f"{SEED_SLUG}.po"
    first = cli("check", "--locale", "zh-TW", "--only", "numbers,terminology")
    assert first[0] == 0 and cli("check", "--locale", "zh-TW", "--only",
                                 "numbers,terminology") == first
    from i18n.catalogs import cache
    cache.use_cache(project_copy)
    assert list((cache.cache_folder() / "locale").rglob("*.json"))
    original = catalog.read_bytes()
    catalog.write_bytes(original.replace("24至48小時".encode(), "2至4小時".encode()))
    code, out, _ = cli("check", "--locale", "zh-TW", "--only", "numbers,terminology")
    assert code == 1 and "[numbers]" in out
    catalog.write_bytes(original)
    assert cli("check", "--locale", "zh-TW", "--only", "numbers,terminology") == first
    glossary = project_copy / "locales" / "zh_TW" / "glossary.csv"
    with glossary.open("a", encoding="utf-8") as handle:
        handle.write("wound healing,傷口癒合XYZ,test,yes\n")
    code, out, _ = cli("check", "--locale", "zh-TW", "--only", "numbers,terminology")
    assert code == 1 and "[terminology]" in out
