"""i18n.content.extract: article and handout POT templates, and the Babel entry point."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel.messages.extract import extract as babel_extract
from conftest import REPO, SEED_SLUG, add_fixture_article

from i18n.catalogs.project import Project, extract
from i18n.config import load_config
from i18n.content.article import read_article
from i18n.content.extract import extract_article, extract_article_catalog

SEED_REF = f"articles/{SEED_SLUG}.md"


@pytest.fixture
def extracted(project_copy: Path) -> Path:
    """The project copy, with the sun-care fixture added and ``extract`` run."""
    add_fixture_article(project_copy)
    extract(Project.load(project_copy))
    return project_copy


def pot(root: Path, domain: str) -> polib.POFile:
    return polib.pofile(str(root / "locales" / f"{domain}.pot"))


def unique_segments(article):
    seen = {}
    for segment in article.segments():
        seen.setdefault(segment.text, []).append(segment)
    return seen


# --- article templates -------------------------------------------------------------------

def test_one_msgid_per_segment_in_document_order(extracted):
    article = read_article(extracted / SEED_REF)
    segments = unique_segments(article)
    catalog = pot(extracted, SEED_SLUG)
    assert [entry.msgid for entry in catalog] == list(segments)
    assert len(catalog) == 61
    for entry in catalog:
        assert entry.msgctxt is None
        assert entry.occurrences == [(SEED_REF, str(s.line)) for s in segments[entry.msgid]]
        assert entry.comment.splitlines() == list(dict.fromkeys(s.role for s in segments[entry.msgid]))
        assert not entry.obsolete and entry.msgstr == ""


def test_every_kind_of_text_is_extracted(extracted):
    catalog = {entry.msgid: entry for entry in pot(extracted, SEED_SLUG)}
    expected_roles = {
        "How PRP Repairs the Basement Membrane": "front matter: short title (running header)",
        "Dr. Liu Ta-Ju": "front matter: author name",
        "Liusmed Clinic": "front matter: author affiliation",
        "Melasma": "front matter: about (condition)",
        "Dermatology": "front matter: specialty",
        "PRP Composition and the Growth Factor Cascade": "heading (level 2)",
        "Frequently Asked Questions": "heading (level 2)",
        "Can topical products repair the basement membrane?": "FAQ question",
    }
    for msgid, role in expected_roles.items():
        assert catalog[msgid].comment == role
    roles = [entry.comment for entry in catalog.values()]
    assert roles.count("paragraph") == 24
    assert roles.count("list item") == 9
    assert roles.count("heading (level 2)") == 7
    assert roles.count("FAQ question") == roles.count("FAQ answer") == 6
    assert sum(role.startswith("front matter") for role in roles) == 9


def test_references_point_at_the_source_line(extracted):
    lines = (extracted / SEED_REF).read_text(encoding="utf-8").splitlines()
    for entry in pot(extracted, SEED_SLUG):
        ((path, line),) = entry.occurrences
        assert path == SEED_REF
        source = lines[int(line) - 1]
        if entry.comment.startswith("front matter"):
            assert ":" in source
        else:
            assert entry.msgid.split()[0].lstrip("*") in source, (entry.msgid, source)


def test_dates_urls_and_markup_are_not_extracted(extracted):
    for domain in (SEED_SLUG, "sun-care"):
        msgids = [entry.msgid for entry in pot(extracted, domain)]
        text = "\n".join(msgids)
        for date in ("2026-02-28", "2026-03-10", "2026-04-02"):
            assert date not in text
        assert "https://example.org/sun-care" not in msgids
        assert not any(msgid.startswith(("#", "- ", "1. ", "|")) for msgid in msgids)


def test_fixture_template(extracted):
    catalog = {entry.msgid: entry for entry in pot(extracted, "sun-care")}
    ref = "articles/sun-care.md"
    assert catalog["Product type"].comment == "table header"
    assert catalog["Mineral sunscreen"].comment == "table cell"
    assert catalog["The first 2 weeks after treatment"].occurrences == [(ref, "41")]
    assert catalog["Reapply it every 2 hours when you are outdoors."].comment == "list item"
    assert catalog["Apply sunscreen 30 minutes before going outside."].occurrences == [(ref, "34")]
    link = "Read more in the [sunscreen guide](https://example.org/sunscreen-guide)."
    assert catalog[link].comment == "paragraph"
    assert catalog["Can I go swimming after my treatment?"].comment == "FAQ question"
    assert "front matter: disclaimer" not in {entry.comment for entry in catalog.values()}


def test_no_python_format_flag_on_prose(extracted):
    # "80% of" looks like a %-format to Babel; msgfmt --check would then reject
    # every translation that does not keep "% o".
    catalog = {entry.msgid: entry for entry in pot(extracted, "sun-care")}
    entry = catalog["Yes. Up to 80% of UV rays pass through clouds, so apply it every day."]
    assert entry.flags == []
    for domain in (SEED_SLUG, "sun-care", "handout"):
        assert not any("python-format" in e.flags for e in pot(extracted, domain))


def test_identical_texts_share_one_message(tmp_path):
    source = (REPO / "tests/fixtures/articles/sun-care.md").read_text(encoding="utf-8")
    path = tmp_path / "twice.md"
    path.write_text(source + "\n## Choosing a Sunscreen\n", encoding="utf-8")
    catalog = extract_article_catalog(read_article(path), location="twice.md")
    message = catalog.get("Choosing a Sunscreen")
    assert message.locations == [("twice.md", 37), ("twice.md", 56)]
    assert message.auto_comments == ["heading (level 2)"]


def test_empty_table_cell_does_not_replace_the_header(tmp_path):
    source = (REPO / "tests/fixtures/articles/sun-care.md").read_text(encoding="utf-8")
    path = tmp_path / "cells.md"
    path.write_text(source.replace("| Once your skin has fully healed |", "| |"),
                    encoding="utf-8")
    catalog = extract_article_catalog(read_article(path), location="cells.md")
    assert catalog.header_comment.startswith("# Sun Protection After Laser Treatment")
    assert "" not in [message.id for message in list(catalog)[1:]]


# --- the handout domain -------------------------------------------------------------------

def test_handout_template(extracted):
    catalog = {entry.msgid: entry for entry in pot(extracted, "handout")}
    for msgid in ("Contents", "About the Author", "Disclaimer"):
        assert msgid in catalog
        assert "python-brace-format" not in catalog[msgid].flags
    for msgid in ("Published: {date}", "Page {page} of {pages}"):
        assert "python-brace-format" in catalog[msgid].flags
    for msgid in ("Contents", "About the Author", "Disclaimer", "Published: {date}",
                  "Page {page} of {pages}"):
        for path, line in catalog[msgid].occurrences:
            # the toolkit's templates, named the same wherever extract runs
            assert path in ("templates/handout.html", "templates/blocks.html")
            template_lines = (REPO / path).read_text(encoding="utf-8").splitlines()
            assert f'_("{msgid}")' in template_lines[int(line) - 1]


def test_handout_standard_disclaimer(extracted):
    config = load_config(extracted / "clinic.yaml")
    catalog = {entry.msgid: entry for entry in pot(extracted, "handout")}
    entry = catalog[config.standard_disclaimer]
    assert entry.msgid.startswith("This handout is for general education only")
    # The setting is named in the comment; the reference has no line, which would
    # move whenever a line is added above it (a new locale in 'locales:').
    assert entry.occurrences == [("clinic.yaml", "")]
    assert "setting standard_disclaimer" in entry.comment
    clinic = catalog["Liusmed Clinic"]
    assert clinic.occurrences == [("clinic.yaml", "")]
    assert "setting clinic_name" in clinic.comment


def test_config_references_do_not_move_with_unrelated_lines(extracted):
    """A line added above the disclaimer (a new locale) changes nothing in handout.pot."""
    before = (extracted / "locales" / "handout.pot").read_bytes()
    config = extracted / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("locales:\n", "locales:\n  - es\n  - fr\n# two more\n", 1),
                      encoding="utf-8")
    assert load_config(config).locales[:2] == ("es", "fr")
    assert dict((p.name, c) for p, c in extract(Project.load(extracted)))["handout.pot"] is False
    assert (extracted / "locales" / "handout.pot").read_bytes() == before


def test_handout_template_does_not_depend_on_the_working_directory(extracted, tmp_path,
                                                                   monkeypatch):
    before = (extracted / "locales" / "handout.pot").read_bytes()
    monkeypatch.chdir(tmp_path)                       # outside the project
    assert dict((p.name, c) for p, c in extract(Project.load(extracted)))["handout.pot"] is False
    assert (extracted / "locales" / "handout.pot").read_bytes() == before


# --- the Babel extraction method ------------------------------------------------------------

def test_pybabel_extract_with_the_article_method(project_copy):
    add_fixture_article(project_copy)
    (project_copy / "mapping.cfg").write_text("[article: articles/**.md]\n", encoding="utf-8")
    pybabel = Path(sys.executable).with_name("pybabel")
    result = subprocess.run([str(pybabel), "extract", "-F", "mapping.cfg", "-o", "out.pot", "."],
                            cwd=project_copy, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    catalog = {entry.msgid: entry for entry in polib.pofile(str(project_copy / "out.pot"))}
    seed = read_article(project_copy / SEED_REF)
    for segment in seed.segments():
        assert (SEED_REF, str(segment.line)) in catalog[segment.text].occurrences
    assert catalog["Dr. Liu Ta-Ju"].occurrences == [(SEED_REF, "6")]
    assert catalog["Dr. Liu Ta-Ju"].comment == "front matter: author name"
    assert ("articles/sun-care.md", "42") in catalog["Chemical sunscreen"].occurrences


def test_extraction_method_reads_the_file_object():
    """Babel hands the method an open file; it need not have a name on disk."""
    data = (REPO / "tests/fixtures/articles/sun-care.md").read_bytes()
    messages = list(babel_extract(extract_article, io.BytesIO(data)))
    assert (2, "Sun Protection After Laser Treatment", ["front matter: title"], None) \
        in messages
    assert any(message == "Check the UV index for the day." and lineno == 35
               for lineno, message, _, _ in messages)
