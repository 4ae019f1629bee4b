"""Issue 22: what the checks read must be what the patient reads.

One test (or property) per family of the issue; each fails on the code
before it.  The hostile run through the command line is
``tests/test_hostile_run.py``.
"""

from __future__ import annotations

import html
import re
import sys
import time
import unicodedata
from pathlib import Path

import polib
import pytest
from conftest import REPO, SEED_SLUG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n.checks import ERROR, CheckContext, check_entry
from i18n.locales import parse_locale

ZH = CheckContext(parse_locale("zh-TW"), own_hosts=("example.com",))
ALL_CHARS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
ND = [c for c in ALL_CHARS if unicodedata.category(c) == "Nd"]
NO_NL = [c for c in ALL_CHARS if unicodedata.category(c) in ("No", "Nl")]


def errors(msgid: str, msgstr: str, context: CheckContext = ZH, flags=()) -> list[tuple[str, str]]:
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags))
    return [(name, message) for name, severity, message in check_entry(entry, context)
            if severity == ERROR]


def seed_pairs() -> list[tuple[str, str]]:
    """(msgid, msgstr) of the seed article's zh-TW entries that hold a number."""
    po = polib.pofile(str(REPO / f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"))
    return [(e.msgid, e.msgstr) for e in po if e.msgstr and not e.obsolete
            and re.search(r"[0-9]", e.msgstr)]


SEED_PAIRS = seed_pairs()


def test_the_seed_pairs_pass_as_they_are():
    assert len(SEED_PAIRS) >= 5
    for msgid, msgstr in SEED_PAIRS:
        assert errors(msgid, msgstr) == [], msgstr


# --- one text: character references, escapes ---------------------------------------------------

_NAMED = ["&rlm;", "&lrm;", "&zwj;", "&zwnj;", "&nbsp;", "&shy;", "&frac12;", "&minus;", "&amp;",
          "&lt;", "&ast;", "&num;"]


def _reference(char: str, kind: int) -> str:
    return (f"&#{ord(char)};", f"&#x{ord(char):X};", f"&#x{ord(char):04x};",
            f"&#{ord(char):05d};")[kind]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_character_reference_in_a_msgstr_is_caught(data):
    msgid, msgstr = data.draw(st.sampled_from(SEED_PAIRS))
    index = data.draw(st.integers(0, len(msgstr) - 1))
    if data.draw(st.booleans()):   # the character itself, written as a reference
        mutated = msgstr[:index] + _reference(msgstr[index], data.draw(st.integers(0, 3))) \
            + msgstr[index + 1:]
    else:                          # a named reference slipped in
        mutated = msgstr[:index] + data.draw(st.sampled_from(_NAMED)) + msgstr[index:]
    assert errors(msgid, mutated), mutated


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_escaped_digits_are_caught(data):
    msgid, msgstr = data.draw(st.sampled_from(SEED_PAIRS))
    digits = [m.start() for m in re.finditer(r"[0-9]", msgstr)]
    index = data.draw(st.sampled_from(digits))
    escape = data.draw(st.sampled_from([r"\u00{:02x}", r"\x{:02x}", "&#{:d};", "&#x{:x};",
                                        r"\{:o}"])).format(ord(msgstr[index]))
    assert errors(msgid, msgstr[:index] + escape + msgstr[index + 1:])


def test_reference_that_prints_a_bidi_mark_is_named():
    found = errors("Within 24 to 48 hours.", "在2&rlm;4至48小時內。")
    assert ("references", "character reference &rlm; prints as U+200F RIGHT-TO-LEFT MARK: "
            "write the character itself (the checks read what is printed)") in found
    assert any(name == "invisible" and "U+200F" in message for name, message in found)


def test_a_reference_of_the_source_may_stay():
    assert errors("Salt &amp; pepper, 2 mg.", "鹽&amp;胡椒，2毫克。") == []


def test_numbers_are_read_after_decoding():
    # "24至&#48;" prints "24至0": the printed 0 is an extra number, 48 is gone.
    found = errors("Within 24 to 48 hours.", "在24至&#48;小時內。")
    assert ("numbers", "number 48 of the source is missing from the translation") in found
    assert ("numbers", "number 0 is not in the source") in found


# --- numbers, as a reader reads them ---------------------------------------------------------

def _digit_mutations(char: str) -> list[tuple[str, str, str]]:
    """A digit of a seed msgstr replaced by *char*: (msgid, msgstr, mutated)."""
    msgid, msgstr = SEED_PAIRS[ord(char) % len(SEED_PAIRS)]
    index = next(m.start() for m in re.finditer(r"[0-9]", msgstr))
    return [(msgid, msgstr, msgstr[:index] + char + msgstr[index + 1:])]


@pytest.mark.parametrize("chars", [ND, NO_NL], ids=["Nd", "No-Nl"])
def test_every_unicode_numeric_character_in_place_of_a_digit_is_caught(chars):
    """Every Nd digit of every script (with its value or not) and every No/Nl character
    (½, ①, Ⅻ, ²) put in place of a digit changes what is printed: each is an error."""
    missed = []
    for char in chars:
        if char.isascii():
            continue
        for msgid, msgstr, mutated in _digit_mutations(char):
            digit = next(c for c in msgstr if c.isdigit())
            if unicodedata.name(char).startswith("FULLWIDTH DIGIT") and \
                    unicodedata.digit(char) == int(digit):
                continue   # ４ for 4: the same digit, full width, as Chinese text may write it
            if not errors(msgid, mutated):
                missed.append(f"U+{ord(char):04X}")
    assert missed == []


def test_same_value_digits_of_the_readers_script_are_fine():
    assert errors("Within 48 hours.", "在４８小時內。") == []
    ar = CheckContext(parse_locale("ar"))
    assert errors("Wait 24 to 48 hours.", "انتظر من ٢٤ إلى ٤٨ ساعة.", ar) == []
    th = CheckContext(parse_locale("th"))
    assert errors("Wait 48 hours.", "รอ ๔๘ ชั่วโมง", th) == []


@pytest.mark.parametrize("msgid, msgstr", [
    ("Store at −20 °C.", "請存放於20 °C。"),
    ("Store at -20 °C.", "請存放於20°C。"),
    ("A change of -5%.", "變化5%。"),
    ("Store at 20 °C.", "請存放於−20 °C。"),
    ("Store at 20 °C.", "請存放於零下20 °C。"),
])
def test_a_sign_is_part_of_the_number(msgid, msgstr):
    assert any(name == "numbers" for name, _ in errors(msgid, msgstr))


@pytest.mark.parametrize("msgid, msgstr", [
    ("Store at −20 °C.", "請存放於−20 °C。"), ("Store at −20 °C.", "請存放於-20 °C。"),
    ("Store at −20 °C.", "請存放於零下20 °C。"), ("IGF-1 and days 1-3.", "IGF-1與第1至3天。"),
    ("Insulin-like growth factor-1", "類胰島素生長因子-1"),
])
def test_signs_that_read_the_same(msgid, msgstr):
    assert [n for n, _ in errors(msgid, msgstr) if n == "numbers"] == []


@pytest.mark.parametrize("written", ["0,300", "1,000,00", "00,300"])
def test_a_malformed_group_is_an_error(written):
    found = errors("Give 0.300 mg.", f"給予{written}毫克。")
    assert ("numbers", f"malformed number '{written}': its digit groups do not read as one "
            "number (write it as the source does)") in found


@pytest.mark.parametrize("msgstr, locale", [
    ("每天使用3次，持續2天。", "zh-TW"), ("毎日3回、2日間使用してください。", "ja"),
    ("Dùng 3 lần một ngày trong 2 ngày.", "vi"), ("하루 3회, 2일 동안 사용하세요.", "ko"),
])
def test_numbers_that_trade_units_are_caught(msgstr, locale):
    found = errors("Use it 2 times a day for 3 days.", msgstr,
                   CheckContext(parse_locale(locale)))
    assert [name for name, _ in found] == ["units"], found


@pytest.mark.parametrize("msgstr, locale", [
    ("每天使用2次，持續3天。", "zh-TW"), ("毎日2回、3日間使用してください。", "ja"),
    ("Dùng 2 lần một ngày trong 3 ngày.", "vi"), ("하루 2회, 3일 동안 사용하세요.", "ko"),
])
def test_numbers_that_keep_their_units_pass(msgstr, locale):
    assert errors("Use it 2 times a day for 3 days.", msgstr,
                  CheckContext(parse_locale(locale))) == []


def test_a_unit_that_cannot_be_found_is_a_warning_not_a_guess():
    entry = polib.POEntry(msgid="Wait 48 hours.", msgstr="Chờ 48 giờ.")
    found = check_entry(entry, CheckContext(parse_locale("vi")))
    assert [(n, s) for n, s, _ in found if n == "units"] == [("units", "warning")]


# --- URLs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("msgstr", [
    "詳情請見 https://evil.example/care 。",
    "詳情請見 https://www.еxample.com/care 。",          # Cyrillic е
    "詳情請見 www.evil.example 。",
    "詳情請見https://evil.example/care。",
])
def test_a_bare_url_must_be_the_sources_or_the_clinics(msgstr):
    found = errors("See https://www.example.com/care for details.", msgstr)
    assert any(name == "urls" for name, _ in found), found


def test_the_clinics_own_site_and_the_sources_urls_pass():
    assert errors("See https://www.example.com/care for details.",
                  "詳情請見https://www.example.com/care。") == []
    assert errors("Call us.", "請來電，或見 https://www.example.com/zh/ 。") == []


def test_a_non_ascii_host_is_an_error_unless_the_source_has_it():
    found = errors("See https://www.example.com/care.", "見 https://www.еxample.com/care。")
    assert any("non-ASCII letter" in message and "U+0435" in message for _, message in found)
    assert errors("See https://例え.jp/.", "見 https://例え.jp/。") == []


def test_link_text_that_looks_like_a_url_must_match_its_target():
    source = "Read [https://www.example.com/care](https://www.example.com/care)."
    found = errors(source, "請閱讀[https://www.example.com/care](https://evil.example/care)。")
    assert any(name == "urls" and "shows another address" in message for name, message in found)
    assert errors(source, "請閱讀[https://www.example.com/care](https://www.example.com/care)。") \
        == []


# --- placeholders --------------------------------------------------------------------------------

def test_placeholders_of_the_source_are_required_without_the_flag():
    assert errors("Published: {date}", "發布日期：") == [
        ("placeholders", "placeholder {date} is missing from the translation")]


def test_the_library_page_substitutes_by_name():
    from i18n.publish.library import _format
    assert _format("{n} 篇", "{n} articles", {"n": 3}) == "3 篇"
    for hostile in ("{n.__class__.__mro__}", "{n:>20000000}", "{n[0]}", "{n!r}"):
        assert _format(hostile, "{n} articles", {"n": 3}) == "3 articles"


def test_library_catalog_entries_that_fail_the_gate_show_the_english(project_copy):
    from i18n.catalogs.project import Project
    from i18n.publish.library import interfaces
    path = project_copy / "locales/zh_TW/LC_MESSAGES/library.po"
    po = polib.pofile(str(path))
    entry = po.find("{n} article")
    entry.msgstr_plural = {0: "共 {n} 篇文章，其中 48 篇"}   # a number the source lacks
    po.save(str(path))
    messages = interfaces(Project.load(project_copy))["zh-TW"].messages
    assert "{n} article" not in messages
    assert messages["Handout library"] == polib.pofile(str(path)).find("Handout library").msgstr


# --- silent loss: control characters ---------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\x0b"])
def test_control_characters_are_errors_with_their_code_point(char):
    found = errors("Within 48 hours.", f"在48小時{char}內。")
    assert any(name == "invisible" and f"U+{ord(char):04X}" in message
               for name, message in found), found


# --- limits: no translator's text makes a check rescan it -----------------------------------------

def test_an_overlong_entry_is_refused_before_any_check():
    found = errors("Within 48 hours.", "](" * 10_000)
    assert found == [("length", "20,000 characters: no entry of a handout is longer than "
                      "10,000 (split it); not checked further")]


def test_the_time_limit_interrupts_the_checks():
    from i18n.errors import RenderError
    from i18n.render.isolation import time_limit
    start = time.monotonic()
    with pytest.raises(RenderError, match="render time limit"):
        with time_limit(0.3, "x.pdf"):
            re.match(r"(a+)+$", "a" * 40 + "b")   # exponential: runs for hours
    assert time.monotonic() - start < 2


def test_the_gate_of_pdf_runs_inside_render_timeout(project_copy, monkeypatch):
    from i18n.catalogs.project import Project
    from i18n.errors import RenderError
    from i18n.render import localize
    from i18n.render.pipeline import export_pdf

    config = project_copy / "clinic.yaml"
    config.write_text(re.sub(r"(?m)^render_timeout: .*$", "render_timeout: 1",
                             config.read_text(encoding="utf-8")), encoding="utf-8")
    slow = localize.check_entry

    def slow_check(entry, context):
        time.sleep(0.05)
        return slow(entry, context)
    monkeypatch.setattr(localize, "check_entry", slow_check)
    project = Project.load(project_copy)
    start = time.monotonic()
    with pytest.raises(RenderError, match="render time limit"):
        export_pdf(project, project.article(SEED_SLUG), parse_locale("zh-TW"))
    assert time.monotonic() - start < 5
    assert not (project_copy / "dist").exists()
