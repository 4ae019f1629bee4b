"""i18n.content.article: reading an article into segments, and its errors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURE_ARTICLES, FIXTURES, REPO, SEED_SLUG

from i18n.content.article import (Faq, Heading, ListBlock, Paragraph, Table, iter_block_segments,
                                  read_article)
from i18n.errors import ArticleError

SEED = REPO / "articles" / f"{SEED_SLUG}.md"
FIXTURE = FIXTURE_ARTICLES / "sun-care.md"
BLOCK_MARKUP = re.compile(r"^(#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?|\|)")


@pytest.fixture(scope="module")
def seed():
    return read_article(SEED)


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def sun():
    return read_article(FIXTURE)


def file_line(path: Path, text: str) -> int:
    """The 1-based line of *path* that is exactly *text* (or starts with it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    matches = [n for n, line in enumerate(lines, 1) if line == text or line.startswith(text)]
    assert len(matches) == 1, f"{text!r} occurs {len(matches)} times in {path}"
    return matches[0]


def strip_block_markup(line: str) -> str:
    line = line.strip()
    while True:
        stripped = BLOCK_MARKUP.sub("", line, count=1).strip()
        stripped = re.sub(r"^Q\d+:\s*", "", stripped)
        if stripped == line:
            return line
        line = stripped


def faq_block(article) -> Faq:
    faqs = [block for block in article.body if isinstance(block, Faq)]
    assert len(faqs) == 1
    return faqs[0]


def blocks_of(article, kind) -> list:
    return [block for block in article.body if isinstance(block, kind)]


# --- the seed article --------------------------------------------------------------

def test_seed_front_matter(seed):
    assert seed.slug == SEED_SLUG
    assert seed.title.text == ("How High-Concentration PRP Repairs the Damaged Basement "
                               "Membrane: Evidence-Based Melasma Ecological Restoration")
    assert seed.title.line == 2
    assert seed.short_title.text == "How PRP Repairs the Basement Membrane"
    assert seed.author.name.text == "Dr. Liu Ta-Ju"
    assert seed.author.name.line == 6
    assert seed.author.affiliation.text == "Liusmed Clinic"
    assert seed.author.bio.text.startswith("Dr. Liu Ta-Ju is the founder of Liusmed Clinic")
    assert seed.author.bio.text.endswith("rather than managing surface symptoms.")
    assert "\n" not in seed.author.bio.text and "  " not in seed.author.bio.text
    assert seed.date_published == date(2026, 2, 28)
    assert seed.date_modified is None
    assert seed.about.text == "Melasma"
    assert seed.specialty.text == "Dermatology"
    assert seed.disclaimer.text.startswith("This article is provided for educational")
    assert seed.url is None


def test_seed_faq(seed, seed_lines):
    faq = faq_block(seed)
    assert faq.heading.segment.text == "Frequently Asked Questions"
    assert [item.number for item in faq.items] == [1, 2, 3, 4, 5, 6]
    assert faq.items[0].question.text == (
        "What exactly is the basement membrane, and why does it matter for melasma?")
    assert faq.items[5].question.text == (
        "Can this treatment be combined with other melasma therapies?")
    for item in faq.items:
        assert not re.match(r"Q\d", item.question.text)
        assert item.question.role == "FAQ question"
        assert seed_lines[item.question.line - 1] == f"### Q{item.number}: {item.question.text}"
        assert len(item.answer) == 1 and isinstance(item.answer[0], Paragraph)
        assert item.answer[0].segment.role == "FAQ answer"
        assert item.answer[0].segment.line == item.question.line + 2


def test_seed_sections(seed):
    assert [h.segment.text for h in seed.sections] == [
        "The Basement Membrane: The Forgotten Structure in Melasma Treatment",
        "How Basement Membrane Damage Drives Refractory Melasma",
        "PRP Composition and the Growth Factor Cascade",
        "Mechanism of PRP-Driven Basement Membrane Repair",
        "High-Concentration vs. Standard PRP: Why Dosage Changes Everything",
        "Clinical Evidence and Histological Observations",
        "Frequently Asked Questions",
    ]
    assert all(isinstance(h, Heading) and h.level == 2 for h in seed.sections)
    anchors = [h.anchor for h in seed.sections]
    assert len(set(anchors)) == len(anchors)
    assert anchors[0] == "the-basement-membrane-the-forgotten-structure-in-melasma-treatment"


def test_seed_lists(seed):
    bullet, ordered = blocks_of(seed, ListBlock)
    assert not bullet.ordered and len(bullet.items) == 5
    assert ordered.ordered and ordered.start == 1 and len(ordered.items) == 4
    phase1 = ordered.items[0].blocks[0].segment
    assert phase1.role == "list item"
    assert phase1.text.startswith("**Phase 1: Inflammatory modulation (Days 1-3).** The "
                                  "anti-inflammatory cytokines in PRP")
    assert bullet.items[0].blocks[0].segment.text.startswith(
        "**Platelet-derived growth factor (PDGF)** stimulates")


def test_seed_segments_have_no_block_markup(seed):
    for segment in seed.segments():
        assert segment.text == segment.text.strip()
        assert "\n" not in segment.text
        assert not BLOCK_MARKUP.match(segment.text), segment
        assert not re.match(r"Q\d+:", segment.text), segment


def test_seed_inline_markup_is_kept(seed):
    texts = [segment.text for segment in seed.segments()]
    assert sum(text.startswith("**Phase ") for text in texts) == 4
    assert any("**Phase 4: Barrier maturation (Weeks 6-12).**" in text for text in texts)


def test_seed_lines_point_at_their_text(seed, seed_lines):
    front_keys = {"front matter: title": "title:", "front matter: description": "description:",
                  "front matter: author name": "  name:", "front matter: author bio": "  bio:",
                  "front matter: disclaimer": "disclaimer:", "front matter: specialty": "specialty:"}
    for segment in seed.segments():
        line = seed_lines[segment.line - 1]
        if segment.role.startswith("front matter"):
            if segment.role in front_keys:
                assert line.startswith(front_keys[segment.role]), segment
            continue
        words = " ".join(segment.text.split()[:3])
        assert strip_block_markup(line).startswith(words), (segment, line)


def test_seed_lines_spot_checks(seed):
    segments = {segment.text[:40]: segment for segment in seed.segments()}
    first_paragraph = segments["When melanin escapes through a broken ba"]
    assert first_paragraph.line == file_line(SEED, "When melanin escapes through a broken") == 29
    heading = segments["Mechanism of PRP-Driven Basement Membran"]
    assert heading.line == file_line(SEED, "## Mechanism of PRP-Driven") == 120
    phase2 = segments["**Phase 2: Fibroblast recruitment and ac"]
    assert phase2.line == file_line(SEED, "2. **Phase 2:") == 132
    q4 = segments["Are there any risks of using PRP for mel"]
    assert q4.line == file_line(SEED, "### Q4:") == 241
    # the front matter is lines 1..27: the closing '---' is the line before the body
    assert seed.front_matter_lines == 27
    assert SEED.read_text(encoding="utf-8").splitlines()[26] == "---"


def test_segments_in_reading_order(seed):
    body_lines = [segment.line for segment in iter_block_segments(seed.body)]
    assert body_lines == sorted(body_lines)
    all_lines = [segment.line for segment in seed.segments()]
    front = all_lines[: len(all_lines) - len(body_lines)]
    assert len(front) == 9 and max(front) < min(body_lines)


# --- the fixture article -------------------------------------------------------------

def test_fixture_front_matter(sun):
    assert sun.slug == "sun-care"
    assert sun.title.text == "Sun Protection After Laser Treatment"
    assert sun.author.name.text == "Dr. Chen Mei-Ling"
    assert sun.date_published == date(2026, 3, 10)
    assert sun.date_modified == date(2026, 4, 2)
    assert sun.url == "https://example.org/sun-care"
    assert sun.disclaimer is None            # the clinic's standard disclaimer applies
    assert sun.short_title is None
    assert sun.author.bio.text.startswith("Dr. Chen Mei-Ling is a dermatologist")


def test_fixture_table(sun):
    (table,) = blocks_of(sun, Table)
    assert [cell.text for cell in table.header] == ["Product type", "When to use"]
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["Mineral sunscreen", "The first 2 weeks after treatment"],
        ["Chemical sunscreen", "Once your skin has fully healed"],
    ]
    assert {cell.role for cell in table.header} == {"table header"}
    assert {cell.role for row in table.rows for cell in row} == {"table cell"}
    assert table.header[0].line == file_line(FIXTURE, "| Product type")
    assert table.rows[1][0].line == file_line(FIXTURE, "| Chemical sunscreen")


def test_fixture_lists(sun):
    bullet, ordered = blocks_of(sun, ListBlock)
    assert not bullet.ordered
    assert [item.blocks[0].segment.text for item in bullet.items] == [
        "Apply a broad-spectrum sunscreen of SPF 50 every morning.",
        "Reapply it every 2 hours when you are outdoors.",
        "Wear a wide-brimmed hat and sunglasses.",
    ]
    assert ordered.ordered and ordered.start == 1
    assert [item.blocks[0].segment.text for item in ordered.items] == [
        "Wash your face gently with lukewarm water.",
        "Apply sunscreen 30 minutes before going outside.",
        "Check the UV index for the day.",
    ]
    assert ordered.items[1].blocks[0].segment.line == file_line(FIXTURE, "2. Apply sunscreen")


def test_fixture_inline_markup_and_link(sun):
    texts = [segment.text for segment in sun.segments()]
    assert "Read more in the [sunscreen guide](https://example.org/sunscreen-guide)." in texts
    intro = next(text for text in texts if text.startswith("After a laser treatment"))
    assert "**more sensitive**" in intro and "*new*" in intro
    assert "https://example.org/sun-care" not in " ".join(texts)   # the url is not text


def test_fixture_faq_and_sections(sun):
    faq = faq_block(sun)
    assert [(item.number, item.question.text) for item in faq.items] == [
        (1, "Can I go swimming after my treatment?"),
        (2, "Do I need sunscreen on cloudy days?"),
    ]
    assert [h.segment.text for h in sun.sections] == [
        "Why Sun Protection Matters", "Your Daily Routine", "Choosing a Sunscreen",
        "Frequently Asked Questions"]


def test_empty_table_cell_is_not_a_segment(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "| Chemical sunscreen | Once your skin has fully healed |", "| Chemical sunscreen | |")
    path = tmp_path / "sun-care.md"
    path.write_text(text, encoding="utf-8")
    article = read_article(path)
    (table,) = blocks_of(article, Table)
    assert table.rows[1][1].text == ""                     # the cell is still there
    assert all(segment.text for segment in article.segments())


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "sun-care.md"
    path.write_bytes(b"\xef\xbb\xbf" + FIXTURE.read_bytes())
    assert read_article(path).title.text == "Sun Protection After Laser Treatment"


# --- errors ----------------------------------------------------------------------------

def test_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArticleError) as info:
        read_article("articles/no-such-article.md")
    # A file that does not exist has no line: the message is "path: ..."
    assert str(info.value) == "articles/no-such-article.md: article not found"
    assert info.value.lineno is None


def _marker_line(path: Path, marker: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(marker))


@pytest.mark.parametrize("name, marker, message", [
    ("bad-no-front-matter.md", "title:", "missing YAML front matter"),
    ("bad-unclosed-front-matter.md", "---", "not closed"),
    ("bad-yaml.md", "description:", "malformed YAML front matter"),
    ("bad-missing-title.md", "---", "missing 'title'"),
    ("bad-date.md", "date_published:", "not an ISO date"),
    ("bad-date-compact.md", "date_published:", "not an ISO date"),
    ("bad-type.md", "title:", "'title' must be non-empty text"),
    ("bad-unknown-field.md", "keywords:", "unknown front matter field 'keywords'"),
    ("bad-missing-author-name.md", "author:", "missing 'author.name'"),
])
def test_article_errors(name, marker, message, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    path = Path("articles") / name
    line = _marker_line(path, marker)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    error = info.value
    assert error.lineno == line
    assert error.filename == f"articles/{name}"
    assert str(error).startswith(f"articles/{name}:{line}: ")
    assert message in str(error)
    assert "\n" not in str(error)


def test_bad_date_names_the_value(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    with pytest.raises(ArticleError, match=r"'2026-02-30'"):
        read_article("articles/bad-date.md")


def test_duplicate_field_is_an_error(tmp_path):
    path = tmp_path / "dup.md"
    text = (FIXTURE_ARTICLES / "sun-care.md").read_text(encoding="utf-8")
    path.write_text(text.replace("specialty:", 'title: "Again"\nspecialty:', 1), encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read_article(path)
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("specialty:")))
    assert str(info.value) == f"{path}:{line + 1}: front matter field 'title' is given twice"


# --- links the handout refuses --------------------------------------------------------

@pytest.mark.parametrize("markdown, url, at", [
    ("Read [this](javascript:alert(1)) first.", "javascript:alert(1)", 0),
    ("Read [this](JavaScript:alert(1)) first.", "JavaScript:alert(1)", 0),
    ("See [the file](file:///etc/passwd).", "file:///etc/passwd", 0),
    ("See [it](data:text/html;base64,PHNjcmlwdD4=).", "data:text/html;base64,PHNjcmlwdD4=", 0),
    ("See <file:///etc/passwd> now.", "file:///etc/passwd", 0),
    ("See [the page](page.html).", "page.html", 0),
    ("See [it][ref].\n\n[ref]: javascript:alert(1)", "javascript:alert(1)", 0),
    ("[ref]: javascript:alert(1)\n\nNo use of it.", "javascript:alert(1)", 0),
    ("| Step | Link |\n|---|---|\n| 1 | [x](javascript:void(0)) |", "javascript:void(0)", 2),
    ("- first\n- second, see\n  [x](file:///etc/passwd)", "file:///etc/passwd", 2),
])
def test_a_refused_link_is_an_error_at_its_line(tmp_path, markdown, url, at):
    """The strict parser prints such a link as literal Markdown, silently: an error."""
    text = FIXTURE.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = text.count("\n") + 1 + at
    path = tmp_path / "sun-care.md"
    path.write_text(text + markdown + "\n", encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert info.value.lineno == line
    assert info.value.filename == str(path)
    assert repr(url) in info.value.message
    assert "only http, https and mailto links are allowed" in info.value.message


def test_a_refused_link_in_the_front_matter_is_an_error_at_its_field(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    path = tmp_path / "sun-care.md"
    path.write_text(re.sub(r'(?m)^title: .*$', 'title: "Sun [care](javascript:alert(1))"',
                           text, count=1), encoding="utf-8")
    with pytest.raises(ArticleError, match="only http, https and mailto") as info:
        read_article(path)
    assert info.value.lineno == file_line(path, "title:")


def test_http_https_and_mailto_links_and_code_spans_are_kept(tmp_path):
    path = tmp_path / "sun-care.md"
    path.write_text(FIXTURE.read_text(encoding="utf-8") + "\nAsk [us](mailto:a@example.org), "
                    "<https://example.org/a> or [HTTP](http://example.org); "
                    "`[x](javascript:1)` is code.\n", encoding="utf-8")
    last = list(read_article(path).segments())[-1].text
    assert "[us](mailto:a@example.org)" in last and "`[x](javascript:1)`" in last


def test_a_reference_style_link_is_an_error_at_its_definition(tmp_path):
    # Segments are printed one by one, without the definitions: "[guide][g]"
    # would print as written.
    path = tmp_path / "sun-care.md"
    text = FIXTURE.read_text(encoding="utf-8")
    path.write_text(text + "\nSee [our guide][g].\n\n[g]: https://example.org/guide\n",
                    encoding="utf-8")
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    assert caught.value.lineno == text.count("\n") + 4
    assert "reference-style links are not supported" in caught.value.message


def test_about_takes_a_schema_org_type(seed, sun):
    from i18n.content.article import ABOUT_TYPES, parse_article

    assert (seed.about.text, seed.about_type) == ("Melasma", "MedicalCondition")   # plain text
    assert (sun.about.text, sun.about_type) == ("Post-laser skin care", "MedicalTherapy")
    assert sun.about.line == file_line(FIXTURE, "about:")
    assert ABOUT_TYPES == ("MedicalCondition", "MedicalProcedure", "MedicalTherapy", "Thing")
    text = FIXTURE.read_text(encoding="utf-8")
    line = file_line(FIXTURE, "about:")
    for about, message in (
            ('{name: "Skin care", type: Disease}', "'about.type' must be one of MedicalCondition"),
            ('{name: "Skin care", kind: Thing}', "unknown about field 'kind'"),
            ("{type: Thing}", "missing 'about.name'"),
            ('{name: "", type: Thing}', "'about.name' must be non-empty text")):
        broken = re.sub(r"(?m)^about: .*$", f"about: {about}", text)
        with pytest.raises(ArticleError) as error:
            parse_article(broken, FIXTURE)
        assert message in str(error.value) and f"sun-care.md:{line}:" in str(error.value)
    thing = parse_article(re.sub(r"(?m)^about: .*$", 'about: {name: "Sun", type: Thing}', text),
                          FIXTURE)
    assert (thing.about.text, thing.about_type) == ("Sun", "Thing")
