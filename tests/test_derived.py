"""Derived files (web pages, indexes, sitemap, bundles, the library) are built again only
when what they are made from changed, and ``verify`` checks them without building them.

One real release (the seed article in en and zh-TW, and sun-care in English only,
with large print, bundles and web pages) is built once.  Each test changes a copy
the way a project changes and reads what ``all`` wrote (files' times, the
manifest's records) and what ``verify`` says.  The keys themselves are tested per
kind of input, in process, on the same release.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import polib
import pytest
from conftest import SEED_SLUG, add_fixture_article, copy_built, copy_project, run_cli

from i18n.catalogs.review import REVIEWS_NAME

SUN = "sun-care"
LOCALES = ("--locale", "en", "--locale", "zh-TW")
SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
LIBRARY_PO = "locales/zh_TW/LC_MESSAGES/library.po"
#: Every derived file of the release built by the fixture.
DERIVED = {
    "index.html", "bundles/en.zip", "bundles/zh-TW.zip", "web/sitemap.xml",
    "web/en/index.html", f"web/en/{SEED_SLUG}.html", f"web/en/{SUN}.html",
    "web/zh-TW/index.html", f"web/zh-TW/{SEED_SLUG}.html",
}


def ok(result: tuple[int, str, str]) -> tuple[int, str, str]:
    code, out, err = result
    assert code == 0, out + err
    return result


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("derived") / "project")
    add_fixture_article(root, "sun-care.md")     # no zh-TW catalog: blocked there
    ok(run_cli("all", *LOCALES, "--bundle", cwd=root, timeout=400))
    return root


@pytest.fixture
def root(release: Path, tmp_path: Path) -> Path:
    return copy_built(release, tmp_path)


def library_group(found: dict[str, dict]) -> set[str]:
    return {name for name, record in found.items() if record.get("group") == "library"}


def records(root: Path) -> dict[str, dict]:
    data = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    return data.get("derived", {})


def times(root: Path) -> dict[str, int]:
    dist = root / "dist"
    return {p.relative_to(dist).as_posix(): p.stat().st_mtime_ns
            for p in dist.rglob("*") if p.is_file()}


def all_again(root: Path) -> tuple[set[str], set[str], str]:
    """Run ``all``; return (derived files whose key changed or that came or went, files
    written, stdout)."""
    before, written_before = records(root), times(root)
    time.sleep(0.01)     # a rewrite shows in the file's time
    out = ok(run_cli("all", *LOCALES, cwd=root, timeout=300))[1]
    after, written_after = records(root), times(root)
    rekeyed = {name for name in set(before) | set(after)
               if before.get(name, {}).get("key") != after.get(name, {}).get("key")}
    # The library's files (its search files, its cache) are one group: they go with
    # its page, and are named by it.
    group = library_group(before) | library_group(after)
    assert all((name in rekeyed) == ("index.html" in rekeyed) for name in group)
    rekeyed -= group - {"index.html"}
    written = {name for name, t in written_after.items() if written_before.get(name) != t}
    return rekeyed, written, out


def verify(root: Path, *options: str) -> tuple[int, dict[str, str]]:
    code, out, err = run_cli("verify", *options, cwd=root, timeout=300)
    assert "Traceback" not in err
    return code, dict(line.split(": ", 1) for line in out.splitlines())


def page(root: Path, name: str) -> str:
    return (root / "dist" / name).read_text(encoding="utf-8")


# --- nothing changed: nothing written ------------------------------------------------

def test_every_derived_file_is_recorded_and_a_second_run_writes_nothing(root):
    found = records(root)
    group = library_group(found)
    assert {"index.html", "library-cache.json"} <= group
    assert all(name.startswith("library/") for name in group - {"index.html",
                                                                "library-cache.json"})
    assert set(found) - group == DERIVED - {"index.html"}
    dist = root / "dist"
    for name, record in found.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == record["sha256"]
    rekeyed, written, out = all_again(root)
    assert rekeyed == set() and written == set(), written
    assert "wrote dist/web" not in out and "wrote dist/bundles" not in out


def test_verify_is_clean_after_all_by_records_and_in_full(root):
    assert verify(root) == (0, {})
    assert verify(root, "--full") == (0, {})


def test_an_old_manifest_without_records_still_loads_and_everything_is_rebuilt(root):
    path = root / "dist" / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    recorded = data.pop("derived")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    code, lines = verify(root)        # nothing recorded: nothing can be trusted
    assert code == 1 and {f"dist/{name}" for name in DERIVED} <= set(lines)
    assert all(name.startswith("dist/library/") for name in set(lines) - {
        f"dist/{name}" for name in DERIVED})        # unknown without the group's record
    rekeyed, written, out = all_again(root)
    assert "0 built" in out and rekeyed == DERIVED
    assert records(root) == recorded and verify(root) == (0, {})


# --- each kind of input rebuilds exactly what it feeds ---------------------------------

def test_an_article_rebuilds_its_pages_its_language_s_index_sitemap_bundle_and_library(root):
    article = root / "articles" / f"{SUN}.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "How to protect your skin", "How to shield your skin", 1), encoding="utf-8")
    rekeyed, written, out = all_again(root)
    assert rekeyed == {f"web/en/{SUN}.html", "web/en/index.html", "web/sitemap.xml",
                       "bundles/en.zip", "index.html"}
    # The sitemap shows no description, the library shows it in its search files
    # only: built again, the same bytes for the sitemap and the library's page.
    assert rekeyed - {"web/sitemap.xml", "index.html"} <= written
    assert any(name.startswith("library/search-") for name in written)
    for name in (f"web/en/{SUN}.html", "web/en/index.html"):
        assert "How to shield your skin" in page(root, name)
    assert verify(root) == (0, {}) and verify(root, "--full") == (0, {})


def test_a_library_catalog_rebuilds_the_pages_of_its_language(root):
    path = root / LIBRARY_PO
    po = polib.pofile(str(path), wrapwidth=79)
    next(e for e in po if e.msgid == "Printable handout").msgstr = "列印版衛教單張"
    po.save(str(path))
    rekeyed, written, out = all_again(root)
    assert rekeyed == {f"web/zh-TW/{SEED_SLUG}.html", "web/zh-TW/index.html",
                       "bundles/zh-TW.zip", "index.html"}
    assert "列印版衛教單張" in page(root, f"web/zh-TW/{SEED_SLUG}.html")
    assert not any(name.endswith(".pdf") for name in written)     # no handout rebuilt
    assert verify(root) == (0, {})


def test_a_blocked_language_rebuilds_the_pages_that_linked_it(root):
    """The zh-TW seed is refused: its page, index and zip go, the English page loses its
    hreflang to it; sun-care's page, which never linked zh-TW, is kept as it was."""
    path = root / SEED_PO
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if not e.obsolete and "24至48小時" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("24至48小時", "2至4小時")
    po.save(str(path))
    rekeyed, written, out = all_again(root)
    gone = {f"web/zh-TW/{SEED_SLUG}.html", "web/zh-TW/index.html", "bundles/zh-TW.zip"}
    assert rekeyed == gone | {f"web/en/{SEED_SLUG}.html", "web/en/index.html",
                              "web/sitemap.xml", "index.html"}
    assert not any((root / "dist" / name).exists() for name in gone)
    assert f"web/en/{SUN}.html" not in written and "bundles/en.zip" not in written
    assert 'hreflang="zh-TW"' not in page(root, f"web/en/{SEED_SLUG}.html")
    assert verify(root) == (0, {}) and verify(root, "--full") == (0, {})


def test_a_template_rebuilds_every_derived_file_and_no_handout(root):
    template = root / "templates" / "web.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "<main>", "<main data-edition=\"2\">", 1), encoding="utf-8")
    rekeyed, written, out = all_again(root)
    assert rekeyed == DERIVED and "0 built" in out
    assert 'data-edition="2"' in page(root, f"web/en/{SEED_SLUG}.html")
    assert verify(root) == (0, {})


# --- what verify and all make of files and records edited by hand ---------------------

@pytest.mark.parametrize("name", [f"web/en/{SEED_SLUG}.html", "bundles/zh-TW.zip", "index.html",
                                  "library/search-en-1.js", f"web/zh-TW/{SEED_SLUG}.pdf"])
def test_a_derived_file_edited_by_hand_is_caught_and_rebuilt(root, name):
    path = root / "dist" / name
    original = path.read_bytes()
    path.write_bytes(original + b"\n<!-- edited -->\n")
    stale = "stale: not what 'export.py all' publishes from the manifest and today's inputs"
    assert verify(root) == (1, {f"dist/{name}": stale})
    assert verify(root, "--full") == (1, {f"dist/{name}": stale})
    rekeyed, written, out = all_again(root)
    assert path.read_bytes() == original and written == {name}
    assert verify(root) == (0, {})


def test_a_record_with_a_wrong_key_is_built_again(root):
    path = root / "dist" / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    name = f"web/en/{SEED_SLUG}.html"
    right = data["derived"][name]["key"]
    data["derived"][name]["key"] = "0" * 64
    data["derived"]["bundles/en.zip"]["key"] = "not a key"     # malformed: ignored
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    code, lines = verify(root)
    assert code == 1 and set(lines) == {f"dist/{name}", "dist/bundles/en.zip"}
    all_again(root)
    assert records(root)[name]["key"] == right
    assert verify(root) == (0, {})


def test_a_forged_record_cannot_vouch_for_other_bytes_in_full(root):
    """A page and its record's sha256 rewritten together pass the default check (the
    manifest's sha256 is trusted, as for a PDF: the key still has to be today's), but
    not --full, which builds the page again."""
    name = f"web/en/{SEED_SLUG}.html"
    path = root / "dist" / name
    forged = path.read_bytes().replace(b"</main>", b"<p>Call us for a miracle cure.</p></main>")
    path.write_bytes(forged)
    manifest = root / "dist" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["derived"][name]["sha256"] = hashlib.sha256(forged).hexdigest()
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert verify(root) == (0, {})
    code, lines = verify(root, "--full")
    assert code == 1 and set(lines) == {f"dist/{name}"}


def test_a_forged_library_record_cannot_vouch_for_a_file_elsewhere(root):
    """The library's group is its page and dist/library/: a record naming another file,
    with today's key and the file's true sha256, does not make that file published."""
    extra = root / "dist" / "extra.html"
    extra.write_text("<p>Call us for a miracle cure.</p>", encoding="utf-8")
    manifest = root / "dist" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["derived"]["extra.html"] = {**data["derived"]["index.html"],
                                     "sha256": hashlib.sha256(extra.read_bytes()).hexdigest()}
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert verify(root) == (1, {"dist/extra.html": "unknown to the manifest"})


# --- the keys, one kind of input at a time ----------------------------------------------

@pytest.fixture
def keys_of(root, monkeypatch):
    """``keys_of()``: every derivation key of the release as the project is now."""
    monkeypatch.chdir(root)

    def keys() -> dict[str, str]:
        from i18n.catalogs.project import Project
        from i18n.publish.bundle import bundle_items
        from i18n.publish.derived import DerivedKeys
        from i18n.publish.manifest import current_handouts
        from i18n.publish.web import page_languages, web_plan

        project = Project.load(root)
        entries = current_handouts(project)
        derived = DerivedKeys(project)
        found = {"index.html": derived.library(entries)}
        for tag, items in bundle_items(project, entries).items():
            found[f"bundles/{tag}.zip"] = derived.bundle(tag, items)
        pages: dict[str, list[str]] = {}
        for slug, by_tag in sorted(web_plan(project, entries).items()):
            tags = page_languages(project, by_tag)
            for tag in tags:
                found[f"web/{tag}/{slug}.html"] = derived.web_page(slug, tag, tags, by_tag[tag])
                pages.setdefault(tag, []).append(slug)
        for tag in pages:
            found[f"web/{tag}/index.html"] = derived.web_index(tag, pages[tag], list(pages))
        found["web/sitemap.xml"] = derived.sitemap(pages)
        return found
    return keys


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after.get(name)}


def test_the_recorded_keys_are_today_s(root, keys_of):
    recorded = records(root)
    for name in library_group(recorded) - {"index.html"}:
        assert recorded.pop(name)["key"] == recorded["index.html"]["key"]
    assert {name: recorded[name]["key"] for name in recorded} == keys_of()


def test_key_per_input_clinic_yaml(root, keys_of):
    before = keys_of()
    config = root / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    assert "https://www.example.com/handouts/" in text
    config.write_text(text.replace("https://www.example.com/handouts/",
                                   "https://clinic.example/handouts/"), encoding="utf-8")
    assert changed(before, keys_of()) == DERIVED


def test_key_per_input_logo(root, keys_of):
    from i18n.config import load_config
    logo = load_config(root / "clinic.yaml").logo
    assert logo is not None
    before = keys_of()
    logo.write_bytes(logo.read_bytes().replace(b"</svg>", b"<!-- 2 --></svg>"))
    assert changed(before, keys_of()) == DERIVED


@pytest.mark.parametrize("what", ["glossary", "reviews"])
def test_key_per_input_the_locale_s_glossary_and_review_records(root, keys_of, what):
    """The gate checks the zh-TW handouts' texts and the library catalog's words
    against them: every zh-TW page, the zip, the sitemap and the library."""
    before = keys_of()
    folder = root / "locales" / "zh_TW"
    if what == "glossary":
        path = folder / "glossary.csv"
        path.write_text(path.read_text(encoding="utf-8") + "sunscreen,防曬乳,,no\n",
                        encoding="utf-8")
    else:
        (folder / REVIEWS_NAME).write_text("{}\n", encoding="utf-8")
    assert changed(before, keys_of()) == {f"web/zh-TW/{SEED_SLUG}.html", "web/zh-TW/index.html",
                                          "bundles/zh-TW.zip", "web/sitemap.xml", "index.html"}


@pytest.mark.parametrize("domain", ["handout", SEED_SLUG])
def test_key_per_input_the_handout_s_catalogs(root, keys_of, domain):
    """The templates' and the article's zh-TW catalogs (its PDFs are not rebuilt here:
    with them, its zip would change too)."""
    before = keys_of()
    path = root / "locales" / "zh_TW" / "LC_MESSAGES" / f"{domain}.po"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert changed(before, keys_of()) == {f"web/zh-TW/{SEED_SLUG}.html", "web/zh-TW/index.html",
                                          "web/sitemap.xml", "index.html"}


def test_key_per_input_a_thumbnail(root, keys_of):
    before = keys_of()
    thumb = root / "dist" / "thumbs" / "zh-TW" / f"{SEED_SLUG}.png"
    thumb.write_bytes(thumb.read_bytes() + b"\0")
    assert changed(before, keys_of()) == {f"web/zh-TW/{SEED_SLUG}.html", "index.html"}


def test_key_per_input_a_pdf_linked_and_copied(root, keys_of):
    """A variant's PDF rebuilt with other bytes (its manifest entry's sha256 and size)."""
    before = keys_of()
    manifest = root / "dist" / "manifest.json"
    pdf = root / "dist" / "en" / f"{SUN}.large-print.pdf"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    pdf.write_bytes(pdf.read_bytes() + b"\n% rebuilt\n")
    entry = data["handouts"][f"{SUN}/en/large-print"]
    entry.update(sha256=hashlib.sha256(pdf.read_bytes()).hexdigest(), size=pdf.stat().st_size)
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert changed(before, keys_of()) == {f"web/en/{SUN}.html", "bundles/en.zip", "index.html"}


def test_key_per_input_the_languages_a_page_links(root, keys_of):
    """The same page, linking one language fewer (sun-care built in zh-TW instead of
    the seed: the seed's English page and both indexes change)."""
    from i18n.catalogs.project import Project
    from i18n.publish.derived import DerivedKeys
    from i18n.publish.manifest import current_handouts
    from i18n.publish.web import web_plan

    project = Project.load(root)
    keys = DerivedKeys(project)
    by_tag = web_plan(project, current_handouts(project))[SEED_SLUG]
    both = keys.web_page(SEED_SLUG, "en", ["en", "zh-TW"], by_tag["en"])
    assert keys.web_page(SEED_SLUG, "en", ["en"], by_tag["en"]) != both
    assert keys.web_page(SEED_SLUG, "en", ["zh-TW", "en"], by_tag["en"]) != both
    assert keys.web_index("en", [SEED_SLUG], ["en"]) != keys.web_index("en", [SEED_SLUG],
                                                                       ["en", "zh-TW"])
    assert keys.web_index("en", [SEED_SLUG], ["en"]) != keys.web_index("en", [SEED_SLUG, SUN],
                                                                       ["en"])
    assert keys.sitemap({"en": [SEED_SLUG]}) != keys.sitemap({"en": [SEED_SLUG],
                                                              "zh-TW": [SEED_SLUG]})


def test_key_per_input_a_manifest_entry_the_library_shows(root, keys_of):
    """The library shows what the manifest says of every handout: a blocked one's reason."""
    before = keys_of()
    manifest = root / "dist" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["handouts"][f"{SUN}/zh-TW"]["reason"] += " (again)"
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert changed(before, keys_of()) == {"index.html"}


def test_key_per_input_the_toolkit_s_data_files_and_templates(tmp_path, monkeypatch):
    """Every file of the toolkit's package that is not Python (claim phrases, the Thai
    word list) and of both template folders is in the code's share of every key."""
    from i18n.catalogs.project import Project
    from i18n.config import TEMPLATES_DIR, load_config
    from i18n.publish import derived

    package = Path(derived.__file__).resolve().parent.parent
    names = [part for part in derived._files_of(package, "data") if isinstance(part, str)]
    assert "data:content/claim_phrases/en.txt" in names
    assert "data:render/typeset/th_words.txt" in names
    assert not any(name.endswith((".py", ".pyc")) for name in names)
    assert "toolkit-templates:web.html" in derived._files_of(TEMPLATES_DIR, "toolkit-templates")

    root = copy_project(tmp_path / "project")
    project = Project(root, load_config(root / "clinic.yaml"), root / "templates")
    before = derived.code_digest(project)
    (root / "templates" / "library-parts.html").write_text("{# changed #}", encoding="utf-8")
    assert derived.code_digest(project) != before
    (root / "templates" / "extra.css").write_text("p {}", encoding="utf-8")   # a new file
    assert len({before, derived.code_digest(project)}) == 2
