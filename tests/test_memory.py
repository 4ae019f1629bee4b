"""Tests of the translation memory (i18n/catalogs/memory.py) and its hook in ``update``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from i18n.catalogs.memory import FUZZY_THRESHOLD, build_memory, locale_memory
from i18n.catalogs.project import Project
from i18n.catalogs.repository import CatalogRepository, UpdateResult, update_po, write_template
from i18n.content.extract import extract_article_catalog
from i18n.errors import CatalogError
from i18n.locales import parse_locale

FIXTURES = Path(__file__).parent / "fixtures" / "memory"
SEED = "prp-basement-membrane"
ZH_TW = parse_locale("zh-TW")
CHANGED = "Tissue regeneration is a gradual biological process."
CHANGED_TO = "Tissue regeneration is a slow and gradual biological process."


@pytest.fixture(scope="module")
def memory():
    return build_memory([FIXTURES / "visits.po", FIXTURES / "faq.po"])


# --- lookup ---------------------------------------------------------------------

def test_exact_match_from_the_first_catalog_in_path_order(memory):
    match = memory.lookup("Most patients need 4 to 6 sessions, one every four weeks.")
    assert match.exact
    assert match.unit.string == "多數患者需要4至6次治療，每四週進行一次。"   # faq.po sorts first
    assert match.unit.origin.endswith("faq.po")
    other = memory.lookup("Most patients need 4 to 6 sessions, one every four weeks.",
                          exclude=match.unit.origin)
    assert other.exact and other.unit.origin.endswith("visits.po")


def test_near_match_is_offered_with_its_ratio(memory):
    match = memory.lookup("Avoid direct sunlight for 72 hours after each session.")
    assert not match.exact
    assert FUZZY_THRESHOLD <= match.ratio < 1
    assert match.unit.id == "Avoid direct sunlight for 48 hours after each session."


def test_distant_text_has_no_match(memory):
    assert memory.lookup("Avoid swimming pools for one week.") is None
    assert memory.lookup("Avoid direct sunlight.") is None   # shares words, too short


def test_fuzzy_untranslated_and_obsolete_entries_are_not_remembered(memory):
    assert memory.lookup("Redness fades within 2 days.") is None
    assert memory.lookup("Bring a list of your medicines.") is None
    assert memory.lookup("Wear a hat outdoors.") is None


def test_context_must_match(memory):
    assert memory.lookup("Print", "button").unit.string == "列印"
    assert memory.lookup("Print") is None


def test_broken_catalog_is_an_error_at_its_line(tmp_path):
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        build_memory([broken])
    assert caught.value.lineno == 2


# --- update ---------------------------------------------------------------------

def _copy_seed(root: Path, slug: str = "prp-copy", change: bool = True) -> str:
    text = (root / "articles" / f"{SEED}.md").read_text(encoding="utf-8")
    assert CHANGED in text
    if change:
        text = text.replace(CHANGED, CHANGED_TO)
    (root / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
    return slug


def _update_one(root: Path, slug: str, locale=ZH_TW) -> UpdateResult:
    """``update`` for one domain, as project.update does it."""
    project = Project.load(root)
    write_template(project.repo.pot_path(slug), extract_article_catalog(project.article(slug)))
    return update_po(project.repo, locale, slug, memory=locale_memory(project.repo, locale))


def _left(path: Path) -> list[polib.POEntry]:
    """Entries a translator still has to translate or confirm."""
    catalog = polib.pofile(str(path))
    return catalog.untranslated_entries() + catalog.fuzzy_entries()


def test_copied_article_is_prefilled_from_memory(project_copy):
    slug = _copy_seed(project_copy)
    result = _update_one(project_copy, slug)
    path, changed = result
    assert changed
    seed = polib.pofile(str(project_copy / "locales/zh_TW/LC_MESSAGES" / f"{SEED}.po"))
    new = polib.pofile(str(path))
    left = _left(path)
    assert len(left) <= 2
    (fuzzy,) = new.fuzzy_entries()
    assert fuzzy.msgid.startswith(CHANGED_TO)
    old = next(e for e in seed if e.msgid.startswith(CHANGED))
    assert fuzzy.previous_msgid == old.msgid and fuzzy.msgstr == old.msgstr
    assert f"memory: locales/zh_TW/LC_MESSAGES/{SEED}.po" in fuzzy.tcomment
    exact = [e for e in new.translated_entries()]
    assert len(exact) == len(seed.translated_entries()) - 1
    # "Liusmed Clinic" is also in handout.po, which comes first.
    assert {e.tcomment for e in exact} == {f"memory: locales/zh_TW/LC_MESSAGES/{SEED}.po",
                                           "memory: locales/zh_TW/LC_MESSAGES/handout.po"}
    assert all(e.msgstr == seed.find(e.msgid).msgstr for e in exact)
    # What update reports for the summary line: every entry new, all but the left ones
    # filled from memory (the near match among them), none changed or obsolete.
    entries = [e for e in new if not e.obsolete]
    assert (result.created, result.new, result.memory, result.fuzzy, result.obsolete) == \
        (True, len(entries), len(exact) + 1, 0, 0)
    assert result.summary() == f"created: {len(entries)} new, {len(exact) + 1} from memory"
    # GNU tools accept it, and a second update changes nothing.
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    assert tuple(_update_one(project_copy, slug)) == (path, False)


def test_the_catalog_itself_is_never_its_own_memory(project_copy):
    """Entries of the catalog being updated do not fill its other entries."""
    repo = CatalogRepository(project_copy)
    seed = repo.po_path(ZH_TW, SEED)
    catalog = polib.pofile(str(seed))
    target = next(e for e in catalog if e.msgid.startswith(CHANGED))
    target.msgstr = ""
    catalog.save(str(seed))
    _copy_seed(project_copy, slug=SEED, change=True)   # the seed article itself changes
    path, _ = _update_one(project_copy, SEED)
    entry = next(e for e in polib.pofile(str(path)) if e.msgid.startswith(CHANGED_TO))
    assert entry.msgstr == "" and "memory:" not in entry.tcomment


def test_existing_translations_are_never_overwritten(project_copy):
    slug = _copy_seed(project_copy)
    path, _ = _update_one(project_copy, slug)
    catalog = polib.pofile(str(path))
    title = catalog[0]
    title.msgstr = "我的譯文"
    title.tcomment = ""
    emptied = catalog[1]
    emptied.msgstr = ""
    emptied.tcomment = ""
    catalog.save(str(path))
    before = path.read_bytes()
    assert tuple(_update_one(project_copy, slug)) == (path, False)
    assert path.read_bytes() == before   # not re-filled: the entry is not new


def test_pseudo_locale_is_never_filled(cli, project_copy):
    _copy_seed(project_copy)
    code, out, err = cli("extract")
    assert code == 0, err
    code, out, err = cli("update", "--locale", "en-XA")
    assert code == 0, err
    text = (project_copy / "locales/en_XA/LC_MESSAGES/prp-copy.po").read_text(encoding="utf-8")
    assert "memory:" not in text


def test_update_command_prefills_a_new_article(cli, project_copy):
    _copy_seed(project_copy)
    code, out, err = cli("extract")
    assert code == 0, err
    code, out, err = cli("update", "--locale", "zh-TW")
    assert code == 0, err
    path = project_copy / "locales/zh_TW/LC_MESSAGES/prp-copy.po"
    assert "wrote locales/zh_TW/LC_MESSAGES/prp-copy.po" in out
    assert len(_left(path)) <= 2
    code, out, err = cli("update", "--check", "--locale", "zh-TW")
    assert code == 0, out + err
