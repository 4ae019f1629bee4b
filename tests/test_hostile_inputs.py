"""Issue 22, round three: hostile articles, config, logos, reads and writes, module by module.

Each test fails on the code before issue 22; the same families go through
the command line in ``tests/test_hostile_run.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_ARTICLES

from i18n.config import load_config
from i18n.content.article import parse_article, read_article
from i18n.errors import ArticleError, ConfigError, HandoutError, OutputError
from i18n.fileio import read_input, write_atomic
from i18n.identity import svg_problem

HEAD = ("---\ntitle: {title}\ndescription: D\nauthor:\n  name: A\n  affiliation: B\n  bio: C\n"
        "date_published: 2026-01-01\n{extra}---\n\n")


def article(body: str = "Text.", title: str = "T", extra: str = "") -> str:
    return HEAD.format(title=title, extra=extra) + body + "\n"


def refused(text: str) -> str:
    with pytest.raises(ArticleError) as info:
        parse_article(text, Path("articles/x.md"))
    assert "\n" not in str(info.value)
    return str(info.value)


# --- one text: what an article prints ---------------------------------------------------------

@pytest.mark.parametrize("body, code", [
    ("Take it &#x202E;24-48 hours.", "U+202E"), ("Wait 2&rlm;4 hours.", "U+200F"),
    ("A &#x2066;b&#x2069; c.", "U+2066"), ("Raw \x1b[31m red.", "U+001B"),
    ("Raw \x00 here.", "U+0000"), ("Bell &#7; here.", "U+FFFD"),
])
def test_references_and_controls_in_the_body_are_errors_at_their_line(body, code):
    assert refused(article(body)).startswith("articles/x.md:11:")
    assert code in refused(article(body))


@pytest.mark.parametrize("line, code", [
    ('short_title: "\\u202eTitle"', "U+202E"), ('about: "a\\x07b"', "U+0007"),
    ('specialty: "a\\x1cb"', "U+001C"), ('about: "a &#x202e; b"', "U+202E"),
    ('url: "https://www.example.com/\\u202e"', "U+202E"),
    ('url: "https://www.еxample.com/"', "U+0435"),
])
def test_yaml_escapes_and_references_in_front_matter_are_decoded_first(line, code):
    message = refused(article(extra=line + "\n"))
    assert message.startswith("articles/x.md:9:") and code in message, message


def test_a_character_reference_in_the_url_is_refused():
    assert "character reference" in refused(
        article(extra='url: "https://www.example.com/&#x202e;"\n'))


# --- limits: nesting, YAML -----------------------------------------------------------------------

@pytest.mark.parametrize("depth", [40, 600, 5000])
def test_deep_emphasis_is_an_error_not_a_recursion_error(depth):
    assert "nested more than" in refused(article("*" * depth + "a" + "*" * depth))


def test_emphasis_nested_a_little_is_fine():
    parse_article(article("***bold italic*** and **b *i* b**"), Path("articles/x.md"))


@pytest.mark.parametrize("extra, words", [
    ("about: &a [*a]\n", "recursive alias"),
    ("about: &a [1,1,1,1,1,1,1,1,1,1]\nspecialty: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
     "x: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\ny: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
     "z: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n", "alias bomb"),
    ("author:\n  name: X\n", "'author' is given twice"),
])
def test_front_matter_yaml_is_bounded(extra, words):
    assert words in refused(article(extra=extra))


@pytest.mark.parametrize("addition, words", [
    ("require_review: [zh-TW]\nrequire_review: []\n", "key 'require_review' is given twice"),
    ("x: &r [*r]\n", "recursive alias"),
    ("a: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n"
        for i in range(5)), "alias bomb"),
    ("source_locale: xx-!!\n", "setting 'source_locale'"),
])
def test_clinic_yaml_is_bounded(project_copy, addition, words):
    config = project_copy / "clinic.yaml"
    text = config.read_text(encoding="utf-8").replace("source_locale: en\n", "")
    config.write_text(text + "\n" + addition, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert words in str(info.value) and str(info.value).startswith("clinic.yaml:"), info.value


# --- silent loss: tables --------------------------------------------------------------------------

@pytest.mark.parametrize("columns", [13, 300])
def test_a_table_wider_than_the_page_is_an_error_at_its_line(columns):
    table = ("|" + "|".join(f"h{i}" for i in range(columns)) + "|\n|"
             + "|".join("---" for _ in range(columns)) + "|\n")
    message = refused(article("Intro.\n\n" + table))
    assert message.startswith("articles/x.md:13:") and f"table of {columns} columns" in message


def test_a_table_of_twelve_columns_is_fine():
    table = "|" + "|".join("h" for _ in range(12)) + "|\n|" + "|".join("-" for _ in range(12)) + "|\n"
    parse_article(article(table), Path("articles/x.md"))


# --- SVG logos --------------------------------------------------------------------------------------

@pytest.mark.parametrize("inside", [
    r"<style>rect{fill:u\72l(http://e.invalid/a)}</style>",
    r'<style>@\69mport "http://e.invalid/a.css";</style>',
    r"<style>rect{fill:u\000072 l(http://e.invalid/a)}</style>",
    r'<rect style="fill:\75rl(http://e.invalid/a)"/>',
    r"<style>@imp\ort 'x.css';</style>",
    r"<style>rect{fill:image-set('http://e.invalid/a.png' 1x)}</style>",
])
def test_svg_css_escapes_are_decoded_before_the_check(inside):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg">{inside}<rect/></svg>'
    assert svg_problem(svg.encode()).startswith("loads")


def test_svg_internal_references_stay_fine():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url(#g)}</style>'
           '<rect style="fill:url(#g)"/></svg>')
    assert svg_problem(svg.encode()) == ""


# --- reads: nothing through a link out of the project -------------------------------------------------

@pytest.fixture
def project_with_outside(tmp_path):
    root = tmp_path / "project"
    (root / "articles").mkdir(parents=True)
    (root / "clinic.yaml").write_text("clinic_name: X\nstandard_disclaimer: Y\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy2(FIXTURE_ARTICLES / "sun-care.md", outside / "sun-care.md")
    return root, outside


def test_an_article_linked_from_outside_is_refused_with_its_path(project_with_outside):
    root, outside = project_with_outside
    link = root / "articles" / "sun-care.md"
    os.symlink(outside / "sun-care.md", link)
    with pytest.raises(ArticleError, match="symbolic link that leads out of the project"):
        read_article(link)
    os.unlink(link)
    shutil.copy2(outside / "sun-care.md", link)
    assert read_article(link).slug == "sun-care"


def test_a_folder_linked_from_outside_is_refused_too(project_with_outside):
    root, outside = project_with_outside
    (root / "locales").mkdir()
    os.symlink(outside, root / "locales" / "zh_TW")
    with pytest.raises(HandoutError, match="leads out of the project"):
        read_input(root / "locales" / "zh_TW" / "sun-care.md", confine=True)


def test_a_folder_made_a_link_after_a_first_read_is_refused_at_the_next_command(
        project_with_outside):
    # Folders are looked at once per command (Project.load starts one), not once per file.
    from i18n.catalogs.project import Project
    root, outside = project_with_outside
    folder = root / "locales" / "zh_TW"
    folder.mkdir(parents=True)
    shutil.copy2(outside / "sun-care.md", folder / "sun-care.md")
    Project.load(root)
    assert read_input(folder / "sun-care.md", confine=True)
    shutil.rmtree(folder)
    os.symlink(outside, folder)
    Project.load(root)
    with pytest.raises(HandoutError, match="leads out of the project"):
        read_input(folder / "sun-care.md", confine=True)


# --- writes: one confined writer -------------------------------------------------------------------------

def test_the_writer_refuses_a_link_out_of_its_folder_before_making_folders(tmp_path):
    dist, outside = tmp_path / "dist", tmp_path / "outside"
    dist.mkdir()
    outside.mkdir()
    os.symlink(outside, dist / "en")
    with pytest.raises(OutputError, match="outside dist/"):
        write_atomic(dist / "en" / "deep" / "x.pdf", b"%PDF", within=dist)
    assert list(outside.iterdir()) == []
    write_atomic(dist / "zh-TW" / "x.pdf", b"%PDF", within=dist)
    assert (dist / "zh-TW" / "x.pdf").read_bytes() == b"%PDF"


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-out"])
def test_a_thumbnail_never_replaces_a_special_file_nor_stops_the_batch(tmp_path, kind):
    from pypdf import PdfWriter

    from i18n.publish.thumbnails import make_thumbnail
    source = tmp_path / "page.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 300)
    writer.write(source)
    dist = tmp_path / "dist"
    png = dist / "thumbs" / "en" / "x.png"
    png.parent.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    if kind == "fifo":
        os.mkfifo(png)
    elif kind == "folder":
        png.mkdir()
    else:
        os.symlink(outside / "x.png", png)
    assert make_thumbnail(source, png, within=dist) is False
    assert list(outside.iterdir()) == []
    assert png.is_symlink() or (png.is_dir() if kind == "folder" else not png.is_file())
