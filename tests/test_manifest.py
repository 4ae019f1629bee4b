"""i18n.publish.manifest: every entry of a manifest read from dist/ is validated."""

from __future__ import annotations

import json

import pytest

from i18n.publish.manifest import JobResult, read_manifest

ENTRY = {"slug": "sun-care", "locale": "zh-TW", "status": "built",
         "path": "zh-TW/sun-care.pdf", "size": 1000, "pages": 2, "title": "防曬"}


def test_a_valid_entry_is_read_back():
    result = JobResult.from_manifest(ENTRY)
    assert (result.key, result.path, result.title) == ("sun-care/zh-TW", "zh-TW/sun-care.pdf",
                                                       "防曬")
    assert JobResult.from_manifest(result.as_manifest()) == result


@pytest.mark.parametrize("field, char", [("title", "\u202e"), ("title", "\u200b"),
                                         ("reason", "\x1b"), ("language", "\n"),
                                         ("source_title", "\ufeff")])
def test_text_fields_with_hidden_characters_are_refused(field, char):
    with pytest.raises(ValueError, match=f"'{field}' holds control or invisible characters"):
        JobResult.from_manifest({**ENTRY, field: f"防{char}曬"})


def test_a_manifest_with_a_hidden_character_is_ignored_with_a_reason(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"format": 1, "handouts": {
        "sun-care/zh-TW": {**ENTRY, "title": "防\u202e曬"}}}), encoding="utf-8")
    problems: list[str] = []
    assert read_manifest(path, problems) == {}
    assert len(problems) == 1 and "control or invisible characters" in problems[0]


@pytest.mark.parametrize("locale, title", [("ar", "\u200fدليل"), ("ar", "PRP\u200e 24"),
                                           ("ar-XB", "\u202eeraC nuS\u202c 24")])
def test_a_title_may_hold_what_the_gate_allows_in_its_locale(locale, title):
    entry = {**ENTRY, "locale": locale, "path": f"{locale}/sun-care.pdf", "title": title}
    assert JobResult.from_manifest(entry).title == title


@pytest.mark.parametrize("locale, field, text", [("en", "title", "\u200fSun"),
                                                 ("en-XA", "title", "\u202eSun\u202c"),
                                                 ("ar", "title", "\u202eدليل\u202c"),
                                                 ("ar", "source_title", "\u200fSun"),
                                                 ("ar-XB", "reason", "\u202eno\u202c")])
def test_other_marks_and_other_fields_are_still_refused(locale, field, text):
    entry = {**ENTRY, "locale": locale, "path": f"{locale}/sun-care.pdf", field: text}
    with pytest.raises(ValueError, match=f"'{field}' holds control or invisible characters"):
        JobResult.from_manifest(entry)
