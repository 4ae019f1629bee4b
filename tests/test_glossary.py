"""Tests of the glossary (i18n/catalogs/glossary.py) and its checks (i18n/checks/terminology.py)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.catalogs.glossary import GlossaryError, glossary_path, load_glossary
from i18n.checks import CHECKS, CheckContext, check_catalog, check_entry
from i18n.checks.terminology import check_consistency
from i18n.locales import parse_locale

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
REPO = Path(__file__).resolve().parent.parent
ZH_TW = parse_locale("zh-TW")


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(FIXTURES / "glossary.csv")


def findings(msgid: str, msgstr: str, glossary, flags=()) -> list[tuple[str, str, str]]:
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags))
    return [f for f in check_entry(entry, CheckContext(ZH_TW, glossary=glossary))
            if f[0] == "terminology"]


def write(tmp_path: Path, data: bytes | str, name: str = "glossary.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- reading ---------------------------------------------------------------------

def test_reads_terms_with_their_line(glossary):
    assert [(t.source, t.target, t.mandatory, t.line) for t in glossary[:3]] == [
        ("session", "次治療", True, 2), ("course", "療程", True, 3),
        ("protocol", "治療方案", True, 4)]
    assert glossary[0].note == "one visit"
    assert glossary[3].mandatory is False


def test_missing_file_is_an_empty_glossary(tmp_path):
    assert load_glossary(tmp_path / "glossary.csv") == ()
    assert glossary_path(tmp_path, ZH_TW) == tmp_path / "locales" / "zh_TW" / "glossary.csv"


def test_spreadsheet_byte_order_mark_and_quoted_commas(tmp_path):
    path = write(tmp_path, "\ufeffsource,target,note,mandatory\r\n"
                           'session,次治療,"one visit, not a course",YES\r\n')
    (term,) = load_glossary(path)
    assert (term.source, term.note, term.mandatory) == ("session", "one visit, not a course", True)


@pytest.mark.parametrize("text, line, message", [
    ("source,target,note\nsession,次治療,x\n", 1, "missing column(s) mandatory"),
    ("source,target,note,mandatory,colour\n", 1, "unknown column 'colour'"),
    ("source,target,note,mandatory\nsession,次治療,x,yes\ncourse,療程,x,maybe\n", 3,
     "'mandatory' must be yes or no, not 'maybe'"),
    ("source,target,note,mandatory\n\nsession,次治療,yes\n", 3, "expected 4 fields"),
    ("source,target,note,mandatory\nsession,,x,yes\n", 2, "empty 'target'"),
    ("source,target,note,mandatory\nsession,次治療,,yes\nSession,療程,,no\n", 3,
     "'Session' is already defined on line 2"),
    ('source,target,note,mandatory\nsession,"次治療,x,yes\n', 2, "malformed CSV"),
])
def test_malformed_glossary_is_one_error_at_its_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert caught.value.lineno == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{caught.value.filename}:{line}: ")


@pytest.mark.parametrize("row, column, message", [
    ('"ses\nsion",次治療,,yes', "source", "a line break"),
    ('session,"次治\r\n療",,yes', "target", "a line break"),
    ("session,次\u202e治療,,yes", "target", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("session,次治療,one\u200bvisit,yes", "note", "U+200B ZERO WIDTH SPACE"),
    ("session,次治療,one\tvisit,yes", "note", "U+0009 control character"),
    ("ses\u2066sion,次治療,,yes", "source", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("session,次治療,,ye\x07s", "mandatory", "U+0007 control character"),
])
def test_a_cell_with_a_hidden_character_is_an_error_at_its_line(tmp_path, row, column,
                                                                message):
    path = write(tmp_path, "source,target,note,mandatory\ncourse,療程,,yes\n" + row + "\n")
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert str(caught.value).startswith(f"{caught.value.filename}:3: '{column}' holds ")
    assert caught.value.filename.endswith("glossary.csv")
    assert message in caught.value.message and "\n" not in str(caught.value)


def test_wrong_encoding_names_the_line(tmp_path):
    path = write(tmp_path, "source,target,note,mandatory\nsession,次治療,,yes\n"
                           "laser,läser,,no\n".encode("latin-1", "replace"))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert caught.value.lineno == 3
    path = write(tmp_path, "source,target,note,mandatory\nlaser,läser,,no\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="not UTF-8") as caught:
        load_glossary(path)
    assert caught.value.lineno == 2


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "glossary.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("source,target,note,mandatory\n")
        handle.writelines(f"term{i},詞{i},,no\n" for i in range(120_000))
    with pytest.raises(GlossaryError, match="larger than"):
        load_glossary(path)


# --- matching ----------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("One session a month.", "session"), ("4 to 6 Sessions", "Sessions"),
    ("Laser therapies", "therapies"), ("an obsession", None), ("sessional", None),
])
def test_terms_match_whole_words_and_plurals(glossary, text, found):
    match = next((m for t in glossary if (m := t.found_in(text))), None)
    assert (match.group() if match else None) == found


# --- the terminology check --------------------------------------------------------------

def test_terminology_is_registered():
    assert "terminology" in CHECKS


def test_mandatory_term_missing_is_an_error_naming_term_and_translation(glossary):
    (found,) = findings("Most patients need 4 to 6 sessions.", "多數患者需要4至6次療程。", glossary)
    name, severity, message = found
    assert (name, severity) == ("terminology", "error")
    assert "'sessions'" in message and "'次治療'" in message and "one visit" in message


def test_optional_term_missing_is_a_warning(glossary):
    assert [f[1] for f in findings("Laser therapy", "雷射治療", glossary)] == ["warning"]


def test_term_present_or_flag_set_finds_nothing(glossary):
    assert findings("Most patients need 4 to 6 sessions.", "多數患者需要4至6次治療。", glossary) == []
    assert findings("Laser therapy", "雷射治療", glossary, flags=["no-terminology-check"]) == []
    # A mandatory term is an error: only a reviewer's sign-off waives it.
    assert [f[1] for f in findings("4 to 6 sessions.", "4至6次療程。", glossary,
                                   flags=["no-terminology-check"])] == ["error"]
    assert findings("4 to 6 sessions.", "4至6次療程。", ()) == []


def test_catalog_problem_is_reported_at_the_entry_line(glossary):
    problems = [p for p in check_catalog(FIXTURES / "faq.po", CheckContext(ZH_TW, glossary=glossary))
                if p.check == "terminology"]
    assert [(p.line, p.severity) for p in problems] == [(9, "error")]
    assert str(problems[0]).endswith("faq.po:9: error: [terminology] 'sessions' should be "
                                     "translated as '次治療' (glossary: one visit)")


# --- consistency ----------------------------------------------------------------------

def test_consistency_across_catalogs(glossary):
    problems = check_consistency([FIXTURES / "visits.po", FIXTURES / "faq.po"], glossary)
    found = [(p.path.name, p.line, p.check, p.severity) for p in problems]
    assert ("faq.po", 9, "consistency", "warning") in found
    session = next(p for p in problems if p.line == 9)
    assert "'session' is rendered as '療程' here but as '次治療'" in session.message
    assert "visits.po:9" in session.message
    clinic = next(p for p in problems if p.line == 17)
    assert "translated as 'Liusmed 診所'" in clinic.message
    assert len(problems) == 2


def test_consistent_catalogs_have_no_warning(glossary):
    assert check_consistency([FIXTURES / "visits.po"], glossary) == []


# --- the shipped zh-TW glossary and translation --------------------------------------------

def test_shipped_glossary_fixes_session_course_and_protocol():
    terms = {t.source: t for t in load_glossary(REPO / "locales" / "zh_TW" / "glossary.csv")}
    assert len(terms) >= 15
    assert {terms[s].target for s in ("session", "course", "protocol")} == \
        {"次治療", "療程", "治療方案"}
    assert all(terms[s].mandatory for s in ("session", "course", "protocol"))
    assert {"BMZ", "TGF-beta", "MMPs", "basement membrane", "melasma", "PRP",
            "type IV collagen"} <= set(terms)
    with open(REPO / "locales" / "zh_TW" / "glossary.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == ["source", "target", "note", "mandatory"]


def test_shipped_translation_follows_the_glossary(cli):
    code, out, err = cli("check", "--locale", "zh-TW")
    assert "[terminology]" not in out and "[consistency]" not in out
    # A catalog of a domain added after the shipped translation is not this test's concern.
    errors = [line for line in out.splitlines() if ": error: " in line and "[missing]" not in line]
    assert errors == []


def test_sessions_as_courses_is_caught_at_its_line(cli, project_copy):
    path = project_copy / "locales" / "zh_TW" / "LC_MESSAGES" / "prp-basement-membrane.po"
    text = path.read_text(encoding="utf-8")
    assert "4至6次治療" in text
    path.write_text(text.replace("4至6次治療", "4至6次療程"), encoding="utf-8")
    line = next(e.linenum for e in polib.pofile(str(path)) if "4至6次療程" in e.msgstr)
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 1
    assert re.search(rf"prp-basement-membrane\.po:{line}: error: \[terminology\] 'sessions' "
                     r"occurs 2 times in the source but its translation '次治療' only 1 time",
                     out), out
    assert re.search(rf"prp-basement-membrane\.po:{line}: warning: \[consistency\] 'session' "
                     r"is rendered as '療程'", out), out
    # The same mistake in a one-mention entry: the term is missing altogether.
    path.write_text(text.replace("需要幾次治療", "需要幾次療程"), encoding="utf-8")
    line = next(e.linenum for e in polib.pofile(str(path)) if "需要幾次療程" in e.msgstr)
    code, out, err = cli("check", "--locale", "zh-TW")
    assert re.search(rf"\.po:{line}: error: \[terminology\] 'sessions' should be translated "
                     r"as '次治療' \(glossary: one visit", out), out


def test_broken_glossary_is_one_line_error(cli, project_copy):
    path = project_copy / "locales" / "zh_TW" / "glossary.csv"
    shutil.copy(path, path.with_suffix(".bak"))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("dermis,真皮,,sometimes\n")
    lines = path.read_text(encoding="utf-8").count("\n")
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code != 0
    assert err.strip() == (f"locales/zh_TW/glossary.csv:{lines}: 'mandatory' must be yes "
                           "or no, not 'sometimes'")
    assert "Traceback" not in err


_WORDS = st.sampled_from(["session", "sessions", "therapy", "therapies", "laser", "Lasers",
                          "PRP", "prp", "basement", "membrane", "TGF-beta", "tgf", "beta",
                          "dermal", "x", "Xs", "melanin-containing", "(BMZ)", "BMZ", "café",
                          "CAFÉ", "skin", "re-treatment"])


@settings(max_examples=300, deadline=None)
@given(terms=st.lists(st.lists(_WORDS, min_size=1, max_size=3), min_size=1, max_size=12),
       text=st.lists(st.one_of(_WORDS, st.sampled_from([",", ".", " and ", "-", "s"])),
                     max_size=20))
def test_indexed_term_lookup_finds_exactly_what_matching_every_term_finds(terms, text):
    from i18n.catalogs.glossary import Term, terms_in
    glossary = tuple(Term(" ".join(words), "x") for words in terms)
    source = " ".join(text)
    assert terms_in(source, glossary) == [t for t in glossary if t.found_in(source)]
