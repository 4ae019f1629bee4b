"""i18n.publish.library_cache: the library from cached texts is the library made afresh.

One real build (en and zh-TW, two articles) is shared; each test works on a
copy of it.  The files made with the cache (warm: the texts taken back from
the search files of ``dist/library/``) are compared byte for byte with the
files made without it (cold: every article read and localized through the
gate again) for the same inputs, after each kind of change.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import polib
import pytest
from conftest import copy_built
from test_batch import SEED, SUN_CARE, export, make_project, ok

from i18n.catalogs.project import Project
from i18n.publish.library import INDEX_NAME, library_files
from i18n.publish.library_cache import CACHE_NAME, LibraryCache, read_cache
from i18n.publish.library_search import parse_search_file
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
    root = copy_built(built_once, tmp_path)
    monkeypatch.chdir(root)
    return root


def made(root: Path) -> tuple[dict, dict, LibraryCache]:
    """(files from the cache of dist/, files made afresh, the cache used) for the same
    inputs: what a build would write."""
    project = Project.load(root)
    results = current_handouts(project)
    cache = LibraryCache.load(project)
    warm = library_files(project, results, cache)
    cold = library_files(project, results)   # no cache: every article read and localized
    return warm, cold, cache


def on_disk(root: Path) -> dict[Path, bytes]:
    """The library's files in dist/: the page and everything in dist/library/."""
    dist = root / "dist"
    files = {dist / INDEX_NAME: (dist / INDEX_NAME).read_bytes()}
    files.update({p: p.read_bytes() for p in (dist / "library").rglob("*") if p.is_file()})
    return files


def page(files: dict) -> str:
    return next(data for path, data in files.items() if path.name == INDEX_NAME).decode("utf-8")


def search_of(files: dict, slug: str) -> str:
    """Every text the search files hold for *slug*, in every language."""
    found = []
    for path, data in sorted(files.items()):
        parsed = parse_search_file(data) if path.name.startswith("search-") else None
        if parsed is None:
            continue
        value = parsed[1].get(slug)
        if isinstance(value, dict):
            found.extend(value[tag] for tag in sorted(value))
        elif value:
            found.append(value)
    return "\n".join(found)


def set_msgstr(path: Path, msgid: str, msgstr: str) -> None:
    po = polib.pofile(str(path))
    po.find(msgid).msgstr = msgstr
    po.save()


# --- an unchanged rerun -----------------------------------------------------------------

def test_an_unchanged_rerun_reads_no_article(built, monkeypatch):
    """The search texts of an unchanged run come whole from the search files, the facts
    of its cards from the validation cache: no article is read, parsed or localized,
    and every file is the same file."""
    files = on_disk(built)
    project = Project.load(built)
    results = current_handouts(project)
    cold = library_files(project, results)     # also keeps the facts for this copy's path
    assert cold == files

    def forbidden(*args, **kwargs):
        raise AssertionError("an unchanged library read or localized an article")

    monkeypatch.setattr("i18n.render.pipeline.localize_article", forbidden)
    monkeypatch.setattr(Project, "article", forbidden)
    cache = LibraryCache.load(project)
    warm = library_files(project, results, cache)
    assert cache.made == 0
    assert warm == files
    assert "雷射治療後的防曬" in search_of(files, "sun-care")          # the zh-TW title
    assert "SPF" in search_of(files, "sun-care")                        # and the body


def test_the_cache_holds_hashes_and_the_search_files_the_texts(built):
    path = built / "dist" / CACHE_NAME
    entries = read_cache(path)
    assert sorted(entries) == ["prp-basement-membrane/en", "prp-basement-membrane/zh-TW",
                               "sun-care/en", "sun-care/zh-TW"]
    manifest = json.loads((built / "dist" / "manifest.json").read_text(encoding="utf-8"))
    for key, digest in entries.items():   # keyed by the handouts' own inputs hashes
        assert digest == manifest["handouts"][key]["inputs_hash"]
    assert DESCRIPTION not in path.read_text(encoding="utf-8") and path.stat().st_size < 1000
    files = on_disk(built)
    assert DESCRIPTION in search_of(files, "sun-care")
    assert DESCRIPTION not in page(files)             # the page carries what it shows
    assert sorted(p.name for p in files if p.parent.name == "library") == [
        "search-en-1.js", "search-front-1.js", "search-zh-TW-1.js"]
    # The card shows the reading grade, in the page's language (staff choose easier handouts).
    for grade in ("17.0", "7.9"):
        assert re.search(r'<p class="reading-grade"><span data-i18n="Reading grade: \{grade\}" '
                         rf'data-i18n-args="\{{&#34;grade&#34;: &#34;{grade}&#34;\}}">'
                         rf'[^<]*{grade}[^<]*</span></p>\n', page(files)), grade


def test_body_words_are_kept_once_each(built):
    body = parse_search_file((built / "dist/library/search-en-1.js").read_bytes())[1]["sun-care"]
    words = body.split()
    assert len(words) == len(set(words)) and "SPF" in words


# --- every input the texts are made from -------------------------------------------------

def _catalog(root: Path) -> str:
    set_msgstr(root / ZH_PO / "sun-care.po", DESCRIPTION, "新的說明文字XYZ")
    return "新的說明文字XYZ"


def _article(root: Path) -> str:
    path = root / "articles" / "sun-care.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("date_modified: 2026-04-02", "date_modified: 2026-05-07")
    path.write_text(text.replace("Wear a wide-brimmed hat", "Wear a broad hat"), encoding="utf-8")
    return "broad"


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
    """With the handouts not rebuilt (as after ``all --locale en``), the library still
    follows the inputs: the cache misses by inputs hash, and its files are the fresh ones."""
    expected = change(built)
    warm, cold, cache = made(built)
    assert cache.made > 0
    assert warm == cold
    if expected:
        assert expected in search_of(warm, "sun-care")
    if change is _article:
        assert '<time datetime="2026-05-07" data-date="">2026年5月7日</time>' in page(warm)


def test_the_glossary_changes_what_the_gate_lets_through(built):
    before = search_of(made(built)[0], "sun-care")
    _glossary(built)
    warm, cold, _ = made(built)
    assert warm == cold and search_of(warm, "sun-care") != before


def test_a_rebuild_after_a_change_updates_files_and_cache(built):
    """The command line: a changed catalog rebuilds its handout, the search files hold
    the new text, and the next run writes nothing."""
    expected = _catalog(built)
    ok(export(built, "all"))
    files = on_disk(built)
    assert expected in search_of(files, "sun-care")
    warm, cold, cache = made(built)
    assert warm == cold == files and cache.made == 0
    dist = built / "dist"
    before = {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    ok(export(built, "all"))
    assert {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()} == before


def test_the_library_interface_text_is_never_cached(built):
    """The page's own strings (the ``library`` domain) follow their catalog at once,
    the cards' kept HTML included."""
    made(built)
    set_msgstr(built / ZH_PO / "library.po", "Print", "列印XYZ")
    warm, cold, cache = made(built)
    assert cache.made == 0 and warm == cold
    assert '<span data-i18n="Print">列印XYZ</span>' in page(warm)


# --- an untrusted dist/ ---------------------------------------------------------------------

def test_a_forged_search_file_never_reaches_what_a_card_shows(built):
    """The search files' texts are matched, never shown: a forged text (with the right
    inputs hash, which is easy to compute) stays in the search data until ``--force``,
    and the page and its cards are what the inputs make."""
    path = built / "dist/library/search-front-1.js"
    forged = path.read_text(encoding="utf-8").replace(
        "Sun Protection After Laser Treatment",
        '<a href=https://evil.example>Sun Care (new dose: 5 tablets)</a>')
    path.write_text(forged, encoding="utf-8")
    warm, cold, cache = made(built)
    assert cache.made == 0
    assert "evil.example" not in page(warm) and page(warm) == page(cold)
    assert "https://evil.example" in search_of(warm, "sun-care")   # matched only
    ok(export(built, "all"))
    assert "<a href" not in path.read_text(encoding="utf-8")        # escaped in the file
    ok(export(built, "all", "--force"))
    assert "evil.example" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [
    "{", "[]", '{"format": 3, "entries": {}}', '{"format": 99, "entries": {}}',
    '{"format": 4, "entries": {"sun-care/en": "not a hash", "../x/en": "' + "0" * 64 + '"}}'])
def test_a_malformed_cache_is_ignored_and_replaced(built, content):
    path = built / "dist" / CACHE_NAME
    path.write_text(content, encoding="utf-8")
    ok(export(built, "all"))
    assert len(read_cache(path)) == 4          # written anew, valid
    warm, cold, cache = made(built)
    assert warm == cold and cache.made == 0


@pytest.mark.parametrize("content", ["", "handoutLibrary.search(\"en\",{\"sun-care\": 5});\n",
                                     "alert(1);\n", "\x00" * 100])
def test_a_malformed_search_file_is_made_again(built, content):
    path = built / "dist/library/search-en-1.js"
    path.write_text(content, encoding="utf-8")
    warm, cold, cache = made(built)
    assert cache.made == 2 and warm == cold       # the English texts of both articles
    ok(export(built, "all"))
    assert on_disk(built) == cold


def test_a_fifo_in_place_of_the_cache_neither_hangs_nor_is_replaced(built):
    path = built / "dist" / CACHE_NAME
    path.unlink()
    os.mkfifo(path)
    run = ok(export(built, "all", timeout=60))
    assert "wrote dist/index.html" in run.stdout
    assert path.is_fifo()
    assert page(on_disk(built)) == page(made(built)[1])


def test_all_force_rebuilds_the_search_texts_instead_of_trusting_them(built: Path):
    # A kept text that no longer matches its inputs' hash is dropped by itself;
    # one that does (toolkit code changed, version not bumped) only by --force.
    path = built / "dist/library/search-front-1.js"
    text = path.read_text(encoding="utf-8")
    assert text.count(DESCRIPTION) >= 1
    path.write_text(text.replace(DESCRIPTION, "A stale description."), encoding="utf-8")
    ok(export(built, "all"))
    assert "A stale description." in path.read_text(encoding="utf-8")
    ok(export(built, "all", "--force"))
    text = path.read_text(encoding="utf-8")
    assert "A stale description." not in text and DESCRIPTION in text
