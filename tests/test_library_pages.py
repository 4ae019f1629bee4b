"""i18n.publish.library_pages and library_search: what the library publishes, and what not.

The files of the library (the page, the cards of its other pages, the plain
lists, the search data) hold only handouts the gate let through; a locale with
nothing built leaves no search file; the first page stays small however many
articles there are.  The page's behaviour in a browser is test_library_browser's.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from conftest import copy_built
from test_batch import SEED, SUN_CARE, export, make_project, ok

from i18n.catalogs.project import Project
from i18n.publish import library_pages
from i18n.publish.library import INDEX_NAME, library_cards, library_files
from i18n.publish.library_cache import LibraryCache
from i18n.publish.library_search import PART_BYTES, parse_search_file, search_files
from i18n.publish.manifest import current_handouts

ZH_PO = Path("locales/zh_TW/LC_MESSAGES")
MARKER = "獨特的防曬標記"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("library-pages"),
                        {"prp-basement-membrane": SEED, "sun-care": SUN_CARE})
    # A word of the sun-care handout's zh-TW body that no other file holds.
    po = polib.pofile(str(root / ZH_PO / "sun-care.po"))
    entry = po.find("Check the UV index for the day.")
    entry.msgstr = f"每天查看紫外線指數，{MARKER}。"
    po.save()
    ok(export(root, "all"))
    return root


@pytest.fixture
def built(built_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_built(built_once, tmp_path)
    monkeypatch.chdir(root)
    return root


def library_on_disk(root: Path) -> dict[str, bytes]:
    dist = root / "dist"
    files = {INDEX_NAME: (dist / INDEX_NAME).read_bytes()}
    files.update({p.relative_to(dist).as_posix(): p.read_bytes()
                  for p in (dist / "library").rglob("*") if p.is_file()})
    return files


def block(root: Path, slug: str) -> None:
    """A changed number in the zh-TW catalog: the gate refuses the handout."""
    po = polib.pofile(str(root / ZH_PO / f"{slug}.po"))
    entry = next(e for e in po if re.search(r"\b(2|7|30|50)\b", e.msgid) and e.msgstr)
    entry.msgstr = re.sub(r"\d+", "999", entry.msgstr) if re.search(r"\d", entry.msgstr) \
        else entry.msgstr + " 999"
    po.save()


def test_a_blocked_handout_is_in_no_library_file(built):
    files = library_on_disk(built)
    assert MARKER.encode() in files["library/search-zh-TW-1.js"]   # searched while built

    block(built, "sun-care")
    run = ok(export(built, "all"))
    assert re.search(r"^blocked zh-TW/sun-care: ", run.stdout, re.M), run.stdout
    files = library_on_disk(built)
    for name, data in files.items():
        assert MARKER.encode() not in data, name
        assert "雷射治療後的防曬".encode() not in data, name      # its zh-TW title either
    # The other zh-TW handout is still searched; the blocked one's English still is.
    zh = parse_search_file(files["library/search-zh-TW-1.js"])[1]
    assert list(zh) == ["prp-basement-membrane"]
    assert "sun-care" in parse_search_file(files["library/search-en-1.js"])[1]
    front = parse_search_file(files["library/search-front-1.js"])[1]
    assert sorted(front["sun-care"]) == ["en"]

    # Nothing built in zh-TW any more: its search file goes, the others stay.
    block(built, "prp-basement-membrane")
    ok(export(built, "all"))
    files = library_on_disk(built)
    assert sorted(files) == ["index.html", "library/search-en-1.js", "library/search-front-1.js"]
    assert not any(MARKER.encode() in data for data in files.values())
    code = export(built, "verify")
    assert code.returncode == 0, code.stdout + code.stderr


def test_the_first_page_holds_a_page_of_cards_and_the_rest_load(built, monkeypatch):
    """Paged at one card: the page holds the first card by title, the other is a card
    file; a plain list per language links every PDF for a browser without scripts;
    every file's links are relative and lead to files that exist."""
    monkeypatch.setattr(library_pages, "CARDS_PER_PAGE", 1)
    project = Project.load(built)
    files = library_files(project, current_handouts(project), LibraryCache.load(project))
    dist = built / "dist"
    names = sorted(p.relative_to(dist).as_posix() for p in files)
    assert names == ["index.html", "library/cards/sun-care.js", "library/en.html",
                     "library/search-en-1.js", "library/search-front-1.js",
                     "library/search-zh-TW-1.js", "library/zh-TW.html"]
    page = files[dist / INDEX_NAME].decode("utf-8")
    assert 'id="card-prp-basement-membrane"' in page and 'id="card-sun-care"' not in page
    card = files[dist / "library/cards/sun-care.js"].decode("utf-8")
    assert card.startswith('handoutLibrary.card("sun-care",{') and "\\u003cli class=" in card
    assert "<noscript>" in page and 'href="library/zh-TW.html"' in page
    for name in ("en", "zh-TW"):
        listing = files[dist / f"library/{name}.html"].decode("utf-8")
        links = re.findall(r'href="([^"]+)"', listing)
        pdfs = [link for link in links if link.endswith(".pdf")]
        assert len(pdfs) == 2 and all((dist / "library" / link).resolve().is_file()
                                      for link in links)
    # Written, and written again identically; a card no longer published is removed.
    library_pages.write_files(project, files)
    assert (dist / "library/cards/sun-care.js").is_file()
    monkeypatch.setattr(library_pages, "CARDS_PER_PAGE", 25)
    files = library_files(project, current_handouts(project), LibraryCache.load(project))
    removed = library_pages.write_files(project, files)
    assert sorted(p.relative_to(dist).as_posix() for p in removed) == [
        "library/cards/sun-care.js", "library/en.html", "library/zh-TW.html"]
    assert library_on_disk(built) == {p.relative_to(dist).as_posix(): d for p, d in files.items()}


def test_search_files_are_cut_into_parts():
    bodies = {"en": {f"a-{i:03d}": "word " * 40_000 for i in range(30)}}
    files, parts = search_files(Path("/dist"), {"a-000": {"en": "Title"}}, bodies)
    assert parts == {"front": 1, "en": 3}        # 200 KB each: ten to a part
    assert all(len(data) < 2 * PART_BYTES for data in files.values())
    merged = {}
    for path, data in files.items():
        unit, entries = parse_search_file(data)
        assert path.name.startswith(f"search-{unit}-")
        merged.update(entries if unit == "en" else {})
    assert sorted(merged) == sorted(bodies["en"])


def test_cards_sort_by_title_and_show_only_what_is_built(built):
    block(built, "sun-care")
    ok(export(built, "all"))
    project = Project.load(built)
    cards = {c.slug: c for c in library_cards(project, current_handouts(project))}
    assert [v.locale for v in cards["sun-care"].built] == ["en"]
    assert [v.locale for v in cards["sun-care"].unavailable] == ["zh-TW"]
