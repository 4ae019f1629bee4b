"""i18n.publish.library_cache: the library page from cached texts is the page made afresh.

One real build (en and zh-TW, two articles) is shared; each test works on a
copy of it.  The page made with the cache (warm) is compared byte for byte
with the page made without it (cold: every article read and localized
through the gate again) for the same inputs, after each kind of change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from test_batch import SEED, SUN_CARE, export, make_project, ok

from i18n.catalogs.project import Project
from i18n.publish.library import render_library
from i18n.publish.library_cache import CACHE_NAME, LibraryCache, read_cache
from i18n.publish.manifest import current_handouts

ZH_PO = Path("locales/zh_TW/LC_MESSAGES")
DESCRIPTION = ("How to protect your skin from the sun in the weeks after a laser treatment, "
               "and why it matters for your results.")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("library-cache"),
                        {"prp-basement-membrane": SEED, "sun-care": SUN_CARE})
    ok(export(root, "all"))
    return root


@pytest.fixture
def built(built_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shared build (the working directory), free to change."""
    root = tmp_path / "project"
    shutil.copytree(built_once, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def pages(root: Path) -> tuple[str, str, LibraryCache]:
    """(page from the cache of dist/, page made afresh, the cache used) for the same inputs."""
    project = Project.load(root)
    results = current_handouts(project)
    cache = LibraryCache.load(project)
    warm = render_library(project, results, cache)
    cold = render_library(project, results)   # no cache: every article read and localized
    return warm, cold, cache


def set_msgstr(path: Path, msgid: str, msgstr: str) -> None:
    po = polib.pofile(str(path))
    po.find(msgid).msgstr = msgstr
    po.save()


def search_of(page: str, slug: str) -> str:
    return re.search(rf'id="card-{slug}" data-search="([^"]*)"', page)[1]


# --- an unchanged rerun -----------------------------------------------------------------

def test_an_unchanged_rerun_localizes_no_article(built, monkeypatch):
    """The search texts of an unchanged run come whole from the cache, and the page is the
    same page.  (The articles' facts, title, address and dates, are read from the
    articles themselves: never from dist/.)"""
    page = (built / "dist" / "index.html").read_text(encoding="utf-8")
    project = Project.load(built)
    results = current_handouts(project)
    cold = render_library(project, results)

    def forbidden(*args, **kwargs):
        raise AssertionError("an unchanged library page read or localized an article")

    monkeypatch.setattr("i18n.render.pipeline.localize_article", forbidden)
    cache = LibraryCache.load(project)
    warm = render_library(project, results, cache)
    assert cache.made == 0
    assert warm == cold == page
    assert "雷射治療後的防曬" in search_of(page, "sun-care")           # the zh-TW title
    assert "SPF 50" in search_of(page, "sun-care")                      # and the body


def test_the_cache_holds_every_built_language_and_the_source(built):
    entries = read_cache(built / "dist" / CACHE_NAME)
    assert sorted(entries) == ["prp-basement-membrane/en", "prp-basement-membrane/zh-TW",
                               "sun-care/en", "sun-care/zh-TW"]
    assert all("facts" not in entry for entry in entries.values())   # never from the cache
    # The card shows the reading grade, in the page's language (staff choose easier handouts).
    page = (built / "dist" / "index.html").read_text(encoding="utf-8")
    for grade in ("17.0", "7.9"):
        assert re.search(r'<p class="reading-grade"><span data-i18n="Reading grade: \{grade\}" '
                         rf'data-i18n-args="\{{&#34;grade&#34;: &#34;{grade}&#34;\}}">'
                         rf'[^<]*{grade}[^<]*</span></p>\n', page), grade
    manifest = json.loads((built / "dist" / "manifest.json").read_text(encoding="utf-8"))
    for key, entry in entries.items():   # keyed by the handouts' own inputs hashes
        assert entry["inputs_hash"] == manifest["handouts"][key]["inputs_hash"]
    assert DESCRIPTION in entries["sun-care/en"]["search"]


# --- every input the texts are made from -------------------------------------------------

def _catalog(root: Path) -> str:
    set_msgstr(root / ZH_PO / "sun-care.po", DESCRIPTION, "新的說明文字XYZ")
    return "新的說明文字XYZ"


def _article(root: Path) -> str:
    path = root / "articles" / "sun-care.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("date_modified: 2026-04-02", "date_modified: 2026-05-07")
    path.write_text(text.replace("Wear a wide-brimmed hat", "Wear a broad hat"), encoding="utf-8")
    return "Wear a broad hat"


def _glossary(root: Path) -> str:
    # A mandatory term the translation lacks: the gate refuses the entry, so the
    # page searches the source text there instead of the filler translation.
    (root / "locales" / "zh_TW" / "glossary.csv").write_text(
        "source,target,note,mandatory\nsunscreen,防曬乳,,yes\n", encoding="utf-8")
    return ""


def _config(root: Path) -> str:
    with (root / "clinic.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    return ""


def _template(root: Path) -> str:
    with (root / "templates" / "handout.css").open("a", encoding="utf-8") as handle:
        handle.write("\n/* changed */\n")
    return ""


@pytest.mark.parametrize("change", [_catalog, _article, _glossary, _config, _template])
def test_a_changed_input_is_never_served_from_the_cache(built, change):
    """With the handouts not rebuilt (as after ``all --locale en``), the page still
    follows the inputs: the cache misses by inputs hash, and its page is the fresh one."""
    expected = change(built)
    warm, cold, cache = pages(built)
    assert cache.made > 0
    assert warm == cold
    if expected:
        assert expected in search_of(warm, "sun-care")
    if change is _article:
        assert '<time datetime="2026-05-07" data-date="">2026年5月7日</time>' in warm


def test_the_glossary_changes_what_the_gate_lets_through(built):
    before = search_of(pages(built)[0], "sun-care")
    _glossary(built)
    warm, cold, _ = pages(built)
    assert warm == cold and search_of(warm, "sun-care") != before


def test_a_rebuild_after_a_change_updates_page_and_cache(built):
    """The command line: a changed catalog rebuilds its handout, the page shows the new
    text, and the next run writes nothing."""
    expected = _catalog(built)
    ok(export(built, "all"))
    page = (built / "dist" / "index.html").read_text(encoding="utf-8")
    assert expected in search_of(page, "sun-care")
    warm, cold, cache = pages(built)
    assert warm == cold == page and cache.made == 0
    dist = built / "dist"
    before = {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    ok(export(built, "all"))
    assert {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()} == before


def test_the_library_interface_text_is_never_cached(built):
    """The page's own strings (the ``library`` domain) follow their catalog at once."""
    set_msgstr(built / ZH_PO / "library.po", "Print", "列印XYZ")
    warm, cold, cache = pages(built)
    assert cache.made == 0 and warm == cold
    assert '<span data-i18n="Print">列印XYZ</span>' in warm


# --- an untrusted cache ------------------------------------------------------------------

@pytest.mark.parametrize("field, value", [("url", "javascript:alert(1)"),
                                          ("url", "https://evil.example/sun-care"),
                                          ("title", "Sun\u202eCare"),
                                          ("title", "Sun Care (new dose: 5 tablets)"),
                                          ("published", "yesterday"),
                                          ("published", "1999-01-01"),
                                          ("reading_grade", "<b>8</b>"),
                                          ("reading_grade", 1e9),
                                          ("reading_grade", 2.5)])
def test_forged_facts_in_the_cache_never_reach_the_page(built, field, value):
    """Links, dates and grades come from the article: a well-formed, correctly keyed
    forgery in the cache (its inputs hash is easy to compute) changes nothing on the page."""
    path = built / "dist" / CACHE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    facts = {"title": "Sun Protection After Laser Treatment",
             "url": "https://example.org/sun-care", "published": "2026-03-10",
             "reviewed": "2026-04-02"}
    data["entries"]["sun-care/en"]["facts"] = {**facts, field: value}
    path.write_text(json.dumps(data), encoding="utf-8")
    warm, cold, cache = pages(built)
    assert warm == cold
    assert str(value) not in warm
    assert 'href="https://example.org/sun-care"' in warm


@pytest.mark.parametrize("content", ["{", "[]", '{"format": 1, "entries": []}',
                                     '{"format": 99, "entries": {}}'])
def test_a_malformed_cache_is_ignored_and_replaced(built, content):
    path = built / "dist" / CACHE_NAME
    path.write_text(content, encoding="utf-8")
    ok(export(built, "all"))
    assert read_cache(path)          # written anew, valid
    warm, cold, cache = pages(built)
    assert warm == cold and cache.made == 0


def test_a_fifo_in_place_of_the_cache_neither_hangs_nor_is_replaced(built):
    path = built / "dist" / CACHE_NAME
    path.unlink()
    os.mkfifo(path)
    run = ok(export(built, "all", timeout=60))
    assert "wrote dist/index.html" in run.stdout
    assert path.is_fifo()
    page = (built / "dist" / "index.html").read_text(encoding="utf-8")
    assert page == pages(built)[1]


def test_all_force_rebuilds_the_cache_instead_of_trusting_it(built: Path):
    # A cached text that no longer matches its inputs' hash is dropped by itself;
    # one that does (toolkit code changed, version not bumped) only by --force.
    cache_file = built / "dist" / CACHE_NAME
    text = cache_file.read_text(encoding="utf-8")
    assert text.count(DESCRIPTION) >= 1
    cache_file.write_text(text.replace(DESCRIPTION, "A stale description."), encoding="utf-8")
    ok(export(built, "all"))
    assert "A stale description." in (built / "dist" / "index.html").read_text(encoding="utf-8")
    ok(export(built, "all", "--force"))
    page = (built / "dist" / "index.html").read_text(encoding="utf-8")
    assert "A stale description." not in page and DESCRIPTION in page
    assert "A stale description." not in cache_file.read_text(encoding="utf-8")
