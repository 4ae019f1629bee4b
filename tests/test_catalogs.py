"""i18n.catalogs.repository: writing templates, merging .po files, validating translators' files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural
from conftest import REPO, SEED_SLUG, snapshot_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n.catalogs.project import Project, extract, update
from i18n.catalogs.repository import load_po, msgfmt_check, read_catalog
from i18n.errors import CatalogError
from i18n.locales import parse_locale

ZH_TW = parse_locale("zh-TW")
SEED_MD = f"articles/{SEED_SLUG}.md"
SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
SEED_POT = f"locales/{SEED_SLUG}.pot"

#: A paragraph line of the seed article, and the same line with one word changed.
OLD_LINE = "High-concentration PRP offers the biological toolkit to do exactly that."
NEW_LINE = "High-concentration PRP provides the biological toolkit to do exactly that."
#: The paragraph (msgid) that holds it.
OLD_PARAGRAPH = ("When melanin escapes through a broken basement membrane and drops into the "
                 "dermis, no laser and no cream can retrieve it efficiently. The only lasting "
                 "solution is to rebuild the barrier that should have kept it in place. "
                 "High-concentration PRP offers the biological toolkit to do exactly that.")
NEW_PARAGRAPH = OLD_PARAGRAPH.replace(" offers ", " provides ")
#: A whole paragraph that the merge tests remove and put back (lines 180-181).
REMOVED_LINES = ("The evidence supporting PRP's role in basement membrane repair comes from\n"
                 "multiple convergent lines of research.\n\n")
REMOVED_PARAGRAPH = ("The evidence supporting PRP's role in basement membrane repair comes from "
                     "multiple convergent lines of research.")


# --- helpers -------------------------------------------------------------------------------

def edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def regenerate(root: Path) -> None:
    """``export.py extract`` then ``export.py update --locale zh-TW``, as library calls."""
    project = Project.load(root)
    extract(project)
    update(project, ZH_TW)


def translate(path: Path, only_missing: bool = False) -> set[str]:
    """Play translator: every active entry gets "T:" + msgid (reviewed, not fuzzy).

    Returns the translations written.
    """
    po = polib.pofile(str(path), wrapwidth=76)
    written = set()
    for entry in po:
        if entry.obsolete or (only_missing and entry.msgstr and not entry.fuzzy):
            continue
        entry.msgstr = f"T:{entry.msgid}"
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        written.add(entry.msgstr)
    po.save()
    return written


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in load_po(path) if not entry.obsolete}


def obsolete(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in load_po(path) if entry.obsolete}


def entry_state(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgstr, sorted(entry.flags), entry.occurrences, entry.comment,
            entry.tcomment, entry.previous_msgid)


def changed_entries(before: dict[str, polib.POEntry], after: dict[str, polib.POEntry]) -> set:
    return {msgid for msgid in before.keys() | after.keys()
            if msgid not in before or msgid not in after
            or entry_state(before[msgid]) != entry_state(after[msgid])}


def one_line_error(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def fresh_zh(project_copy: Path) -> Path:
    """The project copy with a newly created, fully translated zh_TW catalog."""
    shutil.rmtree(project_copy / "locales" / "zh_TW", ignore_errors=True)
    regenerate(project_copy)
    translate(project_copy / SEED_PO)
    return project_copy


# --- regenerating is stable -------------------------------------------------------------------

def test_regenerating_without_changes_is_byte_identical(project_copy, cli):
    for command in (("extract",), ("update", "--locale", "zh-TW")):
        code, _, stderr = cli(*command)
        assert code == 0, stderr
    first = snapshot_files(project_copy / "locales")
    for command in (("extract",), ("update", "--locale", "zh-TW")):
        code, stdout, stderr = cli(*command)
        assert code == 0, stderr
        assert all(line.startswith("unchanged ") for line in stdout.splitlines()), stdout
    assert snapshot_files(project_copy / "locales") == first


def test_changing_one_paragraph_changes_only_that_entry(project_copy, cli):
    assert cli("extract")[0] == 0 and cli("update", "--locale", "zh-TW")[0] == 0
    pot_before = polib.pofile(str(project_copy / SEED_POT))
    po_path = project_copy / SEED_PO
    po_before = polib.pofile(str(po_path))
    handout_before = snapshot_files(project_copy / "locales")

    edit_file(project_copy / SEED_MD, OLD_LINE, NEW_LINE)
    code, stdout, stderr = cli("extract")
    assert code == 0, stderr
    assert stdout.splitlines() == [f"wrote {SEED_POT}", "unchanged locales/handout.pot",
                                   "unchanged locales/library.pot"]
    pot_after = polib.pofile(str(project_copy / SEED_POT))
    as_dict = lambda po: {entry.msgid: entry for entry in po}
    assert changed_entries(as_dict(pot_before), as_dict(pot_after)) == {OLD_PARAGRAPH,
                                                                        NEW_PARAGRAPH}
    assert [e.msgid for e in pot_after] == [NEW_PARAGRAPH if e.msgid == OLD_PARAGRAPH
                                           else e.msgid for e in pot_before]
    header_before, header_after = dict(pot_before.metadata), dict(pot_after.metadata)
    header_before.pop("POT-Creation-Date"), header_after.pop("POT-Creation-Date")
    assert header_before == header_after

    code, stdout, stderr = cli("update", "--locale", "zh-TW")
    assert code == 0, stderr
    po_after = polib.pofile(str(po_path))
    active = lambda po: {e.msgid: e for e in po if not e.obsolete}
    assert changed_entries(active(po_before), active(po_after)) == {OLD_PARAGRAPH,
                                                                    NEW_PARAGRAPH}
    gone = {e.msgid for e in po_after.obsolete_entries()} - \
        {e.msgid for e in po_before.obsolete_entries()}
    assert gone <= {OLD_PARAGRAPH}
    # the handout domain did not move at all
    after = snapshot_files(project_copy / "locales")
    for name in ("handout.pot", "zh_TW/LC_MESSAGES/handout.po"):
        assert after[name] == handout_before[name]


def test_new_catalog_header(project_copy):
    shutil.rmtree(project_copy / "locales" / "zh_TW")
    regenerate(project_copy)
    for domain in (SEED_SLUG, "handout"):
        po = load_po(project_copy / f"locales/zh_TW/LC_MESSAGES/{domain}.po")
        assert po.metadata["Language"] == "zh_TW"
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert po.metadata["Plural-Forms"] == get_plural("zh_TW").plural_forms
        assert po.metadata["Content-Type"].lower() == "text/plain; charset=utf-8"
        assert po.encoding.lower() == "utf-8"
        pot = polib.pofile(str(project_copy / f"locales/{domain}.pot"))
        assert po.metadata["POT-Creation-Date"] == pot.metadata["POT-Creation-Date"]
    # the header comment names the article, as in the template
    text = (project_copy / SEED_PO).read_text(encoding="utf-8")
    assert text.startswith("# How High-Concentration PRP Repairs the Damaged Basement Membrane")


# --- merge semantics ----------------------------------------------------------------------------

def test_changed_paragraph_becomes_fuzzy_and_keeps_its_translation(fresh_zh):
    po_path = fresh_zh / SEED_PO
    edit_file(fresh_zh / SEED_MD, OLD_LINE, NEW_LINE)
    regenerate(fresh_zh)

    entry = entries(po_path)[NEW_PARAGRAPH]
    assert entry.fuzzy
    assert entry.msgstr == f"T:{OLD_PARAGRAPH}"
    assert entry.previous_msgid == OLD_PARAGRAPH
    text = po_path.read_text(encoding="utf-8")
    assert '#| msgid ""\n#| "When melanin escapes' in text
    # the old entry is kept, obsolete, so that a revert restores it exactly
    assert obsolete(po_path)[OLD_PARAGRAPH].msgstr == f"T:{OLD_PARAGRAPH}"
    assert OLD_PARAGRAPH not in entries(po_path)
    # every other translation is untouched
    others = {msgid: e for msgid, e in entries(po_path).items() if msgid != NEW_PARAGRAPH}
    assert all(e.msgstr == f"T:{msgid}" and not e.fuzzy for msgid, e in others.items())


def test_updating_a_fuzzy_catalog_again_changes_nothing(fresh_zh):
    """The #| msgid written for a fuzzy entry must read back (msgfmt, Babel) unchanged."""
    po_path = fresh_zh / SEED_PO
    edit_file(fresh_zh / SEED_MD, OLD_LINE, NEW_LINE)
    regenerate(fresh_zh)
    first = po_path.read_bytes()
    msgfmt_check(po_path)
    regenerate(fresh_zh)
    assert po_path.read_bytes() == first
    assert entries(po_path)[NEW_PARAGRAPH].previous_msgid == OLD_PARAGRAPH


def test_removed_paragraph_becomes_obsolete_and_comes_back_translated(fresh_zh):
    po_path = fresh_zh / SEED_PO
    edit_file(fresh_zh / SEED_MD, REMOVED_LINES, "")
    regenerate(fresh_zh)
    assert REMOVED_PARAGRAPH not in entries(po_path)
    assert obsolete(po_path)[REMOVED_PARAGRAPH].msgstr == f"T:{REMOVED_PARAGRAPH}"
    assert '#~ msgid "The evidence supporting' in po_path.read_text(encoding="utf-8") or \
        "#~ \"The evidence supporting" in po_path.read_text(encoding="utf-8")

    edit_file(fresh_zh / SEED_MD, "## Clinical Evidence and Histological Observations\n\n",
              "## Clinical Evidence and Histological Observations\n\n" + REMOVED_LINES)
    regenerate(fresh_zh)
    entry = entries(po_path)[REMOVED_PARAGRAPH]
    assert entry.msgstr == f"T:{REMOVED_PARAGRAPH}"
    assert not entry.fuzzy
    assert REMOVED_PARAGRAPH not in obsolete(po_path)


def test_reverted_paragraph_gets_its_exact_translation_back(fresh_zh):
    po_path = fresh_zh / SEED_PO
    edit_file(fresh_zh / SEED_MD, OLD_LINE, NEW_LINE)
    regenerate(fresh_zh)
    edit_file(fresh_zh / SEED_MD, NEW_LINE, OLD_LINE)
    regenerate(fresh_zh)
    entry = entries(po_path)[OLD_PARAGRAPH]
    assert entry.msgstr == f"T:{OLD_PARAGRAPH}" and not entry.fuzzy
    assert not entry.previous_msgid


def test_fuzzy_translation_stays_fuzzy_through_obsolete(fresh_zh):
    """A fuzzy entry that is removed and comes back must not return as reviewed."""
    po_path = fresh_zh / SEED_PO
    edit_file(fresh_zh / SEED_MD, OLD_LINE, NEW_LINE)
    regenerate(fresh_zh)                                   # NEW_PARAGRAPH: fuzzy, T:OLD
    paragraph = (
        "When melanin escapes through a broken basement membrane and drops into the\n"
        "dermis, no laser and no cream can retrieve it efficiently. The only lasting\n"
        "solution is to rebuild the barrier that should have kept it in place.\n"
        f"{NEW_LINE}\n\n")
    edit_file(fresh_zh / SEED_MD, paragraph, "")
    regenerate(fresh_zh)                                   # both old and new: obsolete
    assert obsolete(po_path)[NEW_PARAGRAPH].fuzzy
    edit_file(fresh_zh / SEED_MD, "## The Basement Membrane: The Forgotten",
              paragraph + "## The Basement Membrane: The Forgotten")
    regenerate(fresh_zh)
    entry = entries(po_path)[NEW_PARAGRAPH]
    assert entry.msgstr == f"T:{OLD_PARAGRAPH}"
    assert entry.fuzzy


def test_translator_comments_survive_updates(fresh_zh):
    po_path = fresh_zh / SEED_PO
    po = polib.pofile(str(po_path), wrapwidth=76)
    for entry in po:
        if entry.msgid in (OLD_PARAGRAPH, "Dr. Liu Ta-Ju"):
            entry.tcomment = "Reviewed by the clinic's translator."
    po.save()
    regenerate(fresh_zh)
    assert entries(po_path)["Dr. Liu Ta-Ju"].tcomment == "Reviewed by the clinic's translator."
    assert entries(po_path)[OLD_PARAGRAPH].tcomment == "Reviewed by the clinic's translator."

    edit_file(fresh_zh / SEED_MD, OLD_LINE, NEW_LINE)
    regenerate(fresh_zh)
    regenerate(fresh_zh)
    assert entries(po_path)["Dr. Liu Ta-Ju"].tcomment == "Reviewed by the clinic's translator."
    assert entries(po_path)[NEW_PARAGRAPH].tcomment == "Reviewed by the clinic's translator."
    assert "# | msgid" not in po_path.read_text(encoding="utf-8")


# --- malformed catalogs and bad locale names ------------------------------------------------------

def break_catalog(po_path: Path, msgid: str = "Dr. Liu Ta-Ju") -> int:
    """Replace the msgstr of *msgid* by an unterminated string; return its line."""
    lines = po_path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(f'msgid "{msgid}"\n') + 1
    assert lines[index].startswith("msgstr ")
    lines[index] = 'msgstr "unterminated\n'
    po_path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def test_malformed_po_is_reported_at_its_line(fresh_zh):
    po_path = fresh_zh / SEED_PO
    line = break_catalog(po_path)
    for read in (read_catalog, load_po):
        with pytest.raises(CatalogError) as info:
            read(po_path)
        assert info.value.filename == SEED_PO
        assert info.value.lineno == line
        assert str(info.value).startswith(f"{SEED_PO}:{line}: ")
        assert "end-of-line within string" in str(info.value)


def test_msgfmt_warnings_do_not_hide_the_error(tmp_path):
    path = tmp_path / "bare.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "unterminated\n',
                    encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        msgfmt_check(path)
    assert info.value.lineno == 9
    assert "warning" not in info.value.message


def test_update_refuses_a_malformed_po(fresh_zh, cli):
    po_path = fresh_zh / SEED_PO
    line = break_catalog(po_path)
    before = po_path.read_bytes()
    code, _, stderr = cli("update", "--locale", "zh-TW")
    assert code != 0
    assert one_line_error(stderr).startswith(f"{SEED_PO}:{line}: ")
    assert po_path.read_bytes() == before


def test_unknown_locale(project_copy, cli):
    before = snapshot_files(project_copy / "locales")
    code, stdout, stderr = cli("update", "--locale", "xx-YY")
    assert code != 0
    assert "xx-YY" in one_line_error(stderr)
    assert snapshot_files(project_copy / "locales") == before


def test_posix_and_bcp47_names_are_the_same_locale(project_copy, cli):
    shutil.rmtree(project_copy / "locales" / "zh_TW")
    folders = lambda: {p.name for p in (project_copy / "locales").iterdir() if p.is_dir()}
    others = folders()
    assert cli("extract")[0] == 0
    code, stdout, stderr = cli("update", "--locale", "zh_TW")
    assert code == 0, stderr
    assert f"wrote {SEED_PO}: created: 61 new, 0 from memory" in stdout.splitlines()
    first = snapshot_files(project_copy / "locales")
    code, stdout, stderr = cli("update", "--locale", "zh-TW")
    assert code == 0, stderr
    assert stdout.splitlines() == [f"unchanged {SEED_PO}",
                                   "unchanged locales/zh_TW/LC_MESSAGES/handout.po",
                                   "unchanged locales/zh_TW/LC_MESSAGES/library.po"]
    assert snapshot_files(project_copy / "locales") == first
    assert folders() - others == {"zh_TW"}


# --- property: no translation is ever lost ---------------------------------------------------------

WORDS = ("skin", "sun", "laser", "cream", "light", "pigment", "barrier", "repair", "gentle",
         "water", "shade", "dose", "week", "spot", "layer", "heals", "clinic", "daily", "cool",
         "hat")
FRONT_MATTER = """\
---
title: "Small Article"
description: "A small article for the property test."
author:
  name: "Dr. Test"
  affiliation: "Liusmed Clinic"
  bio: "Dr. Test writes small articles."
date_published: 2026-01-05
---
"""
sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=9).map(
    lambda words: " ".join(words).capitalize() + ".")
headings = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(
    lambda words: " ".join(words).title())
EDITS = ("edit paragraph", "tweak paragraph", "insert paragraph", "delete paragraph", "reorder",
         "edit item", "insert item", "delete item", "edit heading", "insert heading",
         "delete heading", "revert")


def render_markdown(doc: list[tuple[str, object]]) -> str:
    parts = []
    for kind, value in doc:
        if kind == "h":
            parts.append(f"## {value}")
        elif kind == "p":
            parts.append(value)
        elif value:
            parts.append("\n".join(f"- {item}" for item in value))
    return FRONT_MATTER + "\n" + "\n\n".join(parts) + "\n"


def apply_edit(doc: list, kind: str, data, history: list) -> list:
    """*doc* with one random edit of *kind* (or unchanged when it does not apply)."""
    doc = [(k, list(v) if k == "ul" else v) for k, v in doc]
    where = lambda kind_: [i for i, (k, _) in enumerate(doc) if k == kind_]
    pick = lambda seq: seq[data.draw(st.integers(0, len(seq) - 1))]
    paragraphs, lists, heads = where("p"), [i for i in where("ul") if doc[i][1]], where("h")
    if kind == "edit paragraph" and paragraphs:
        doc[pick(paragraphs)] = ("p", data.draw(sentences))
    elif kind == "tweak paragraph" and paragraphs:         # one word: a fuzzy match
        i = pick(paragraphs)
        words = doc[i][1].rstrip(".").split()
        words[data.draw(st.integers(0, len(words) - 1))] = data.draw(st.sampled_from(WORDS))
        doc[i] = ("p", " ".join(words).capitalize() + ".")
    elif kind == "insert paragraph":
        doc.insert(data.draw(st.integers(0, len(doc))), ("p", data.draw(sentences)))
    elif kind == "delete paragraph" and paragraphs:
        del doc[pick(paragraphs)]
    elif kind == "reorder":
        order = data.draw(st.permutations(range(len(doc))))
        doc = [doc[i] for i in order]
    elif kind == "edit item" and lists:
        items = doc[pick(lists)][1]
        items[data.draw(st.integers(0, len(items) - 1))] = data.draw(sentences)
    elif kind == "insert item":
        if not lists:
            doc.append(("ul", [data.draw(sentences)]))
        else:
            items = doc[pick(lists)][1]
            items.insert(data.draw(st.integers(0, len(items))), data.draw(sentences))
    elif kind == "delete item" and lists:
        items = doc[pick(lists)][1]
        del items[data.draw(st.integers(0, len(items) - 1))]
    elif kind == "edit heading" and heads:
        doc[pick(heads)] = ("h", data.draw(headings))
    elif kind == "insert heading":
        doc.insert(data.draw(st.integers(0, len(doc))), ("h", data.draw(headings)))
    elif kind == "delete heading" and heads:
        del doc[pick(heads)]
    elif kind == "revert" and history:
        doc = [(k, list(v) if k == "ul" else v) for k, v in pick(history)]
    return doc


def all_translations(po: polib.POFile) -> set[str]:
    return {entry.msgstr for entry in po if entry.msgstr}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(paragraphs=st.lists(sentences, min_size=3, max_size=6),
       items=st.lists(sentences, min_size=1, max_size=4),
       heading=headings, data=st.data())
def test_no_translation_is_ever_lost(paragraphs, items, heading, data):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "articles").mkdir()
        shutil.copy2(REPO / "clinic.yaml", root / "clinic.yaml")
        shutil.copytree(REPO / "assets", root / "assets")
        article = root / "articles" / "small.md"
        po_path = root / "locales" / "zh_TW" / "LC_MESSAGES" / "small.po"
        split = data.draw(st.integers(0, len(paragraphs)))
        doc = [("h", heading), *[("p", p) for p in paragraphs[:split]], ("ul", items),
               *[("p", p) for p in paragraphs[split:]]]
        article.write_text(render_markdown(doc), encoding="utf-8")
        regenerate(root)
        ever = translate(po_path)
        history = [doc]

        for _ in range(data.draw(st.integers(1, 8), label="steps")):
            doc = apply_edit(doc, data.draw(st.sampled_from(EDITS), label="edit"), data, history)
            history.append(doc)
            article.write_text(render_markdown(doc), encoding="utf-8")
            regenerate(root)
            if data.draw(st.booleans(), label="translator works"):
                ever |= translate(po_path, only_missing=True)

            po = load_po(po_path)                       # msgfmt --check passes, too
            lost = ever - all_translations(po)
            assert not lost, f"translations lost: {sorted(lost)}"
            for entry in po:
                # a translation shown as reviewed always belongs to its msgid
                if entry.msgstr and not entry.fuzzy:
                    assert entry.msgstr == f"T:{entry.msgid}", entry


def test_editing_the_seed_article_keeps_every_zh_tw_translation(project_copy):
    """The shipped translation survives a real editing session on the seed article."""
    shipped = polib.pofile(str(project_copy / SEED_PO))
    before = {entry.msgid: entry.msgstr for entry in shipped if entry.msgstr}
    article = project_copy / SEED_MD
    edit_file(article, OLD_LINE, NEW_LINE)                          # change a paragraph
    edit_file(article, REMOVED_LINES, "")                           # delete one
    edit_file(article, "## Frequently Asked Questions\n",           # insert one
              "A new paragraph about aftercare.\n\n## Frequently Asked Questions\n")
    text = article.read_text(encoding="utf-8")                      # swap two list items
    first = "- **Epidermal growth factor (EGF)**"
    second = "- **Vascular endothelial growth factor (VEGF)**"
    a, b = text.index(first), text.index(second)
    end = text.index("- **Insulin-like")
    article.write_text(text[:a] + text[b:end] + text[a:b] + text[end:], encoding="utf-8")
    regenerate(project_copy)

    after = polib.pofile(str(project_copy / SEED_PO))
    kept = {entry.msgstr for entry in after if entry.msgstr}  # active, fuzzy and obsolete
    assert set(before.values()) <= kept
    changed = after.find(NEW_PARAGRAPH)
    assert changed.fuzzy and changed.msgstr == before[OLD_PARAGRAPH]
    assert changed.previous_msgid == OLD_PARAGRAPH
    assert after.find(REMOVED_PARAGRAPH, include_obsolete_entries=True).obsolete
    assert after.find("A new paragraph about aftercare.").msgstr == ""
    untouched = [e for e in after if not e.obsolete and e.msgid in before]
    assert len(untouched) == len(before) - 2
    assert all(e.msgstr == before[e.msgid] and not e.fuzzy for e in untouched)
