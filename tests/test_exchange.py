"""Files for translation agencies' CAT tools: XLIFF out and back, TMX, TBX
(i18n/catalogs/exchange.py, xliff.py, tmx.py, tbx.py; i18n/cli/exchange.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from conftest import SEED_SLUG, snapshot_files

NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
JA_PO = f"locales/ja/LC_MESSAGES/{SEED_SLUG}.po"
HOURS = "These typically resolve within 24 to 48 hours."


def _edit_target(path: Path, contains: str, edit, version: str = "2.0") -> str:
    """Change the target of the unit whose source contains *contains*, with ElementTree
    (an ordinary XML tool, not translate-toolkit); return the unit's source."""
    ns = NS_20 if version == "2.0" else NS_12
    ET.register_namespace("", ns)
    tree = ET.parse(path)
    unit_tag = "unit" if version == "2.0" else "trans-unit"
    for unit in tree.getroot().iter(f"{{{ns}}}{unit_tag}"):
        source = unit.find(f".//{{{ns}}}source")
        if contains in source.text:
            target = unit.find(f".//{{{ns}}}target")
            target.text = edit(target.text)
            tree.write(path, xml_declaration=True, encoding="utf-8")
            return source.text
    raise AssertionError(f"no unit with {contains!r}")


def _entries(path: Path) -> dict:
    return {(e.msgctxt, e.msgid): (e.msgstr, tuple(e.flags), e.obsolete)
            for e in polib.pofile(str(path))}


def test_xliff_round_trip_changes_only_the_edited_entry(cli, project_copy):
    code, out, err = cli("xliff", "--locale", "ja")
    assert code == 0, err
    folder = project_copy / "xliff"
    assert sorted(p.name for p in folder.iterdir()) == [
        "handout.ja.xlf", "library.ja.xlf", f"{SEED_SLUG}.ja.xlf"]
    xlf = folder / f"{SEED_SLUG}.ja.xlf"
    text = xlf.read_text(encoding="utf-8")
    # notes (what the string is), #: references, the state, one unit per entry
    assert 'version="2.0"' in text and 'trgLang="ja"' in text
    assert '<note category="description">FAQ question</note>' in text
    assert f'<note category="location">articles/{SEED_SLUG}.md:' in text
    assert 'state="translated"' in text and 'canResegment="no"' in text
    # Unchanged, it merges to nothing.
    before = snapshot_files(project_copy / "locales")
    code, out, err = cli("import-xliff", str(xlf))
    assert code == 0, err
    assert snapshot_files(project_copy / "locales") == before

    source = _edit_target(xlf, "Platelet-rich plasma", lambda t: t + "（改訂）")
    po_path = project_copy / JA_PO
    old_bytes = po_path.read_bytes()
    old = _entries(po_path)
    code, out, err = cli("import-xliff", str(xlf))
    assert code == 0, err
    assert f"wrote {JA_PO}: 1 entry merged" in out
    new = _entries(po_path)
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    assert len(changed) == 1
    ((context, msgid),) = changed
    assert msgid == source and new[(context, msgid)][0].endswith("（改訂）")
    # Byte for byte: the header and every other entry keep their exact text.
    old_lines, new_lines = old_bytes.decode().splitlines(), po_path.read_bytes().decode().splitlines()
    assert len(old_lines) >= len(new_lines) - 2
    assert old_lines[:20] == new_lines[:20]
    assert snapshot_files(project_copy / "locales").keys() == before.keys()


def test_a_changed_number_is_reported_by_import_and_blocks_export(cli, project_copy):
    assert cli("xliff", "-l", "ja", SEED_SLUG)[0] == 0
    xlf = project_copy / "xliff" / f"{SEED_SLUG}.ja.xlf"
    _edit_target(xlf, HOURS, lambda t: t.replace("24", "12", 1))
    code, out, err = cli("import-xliff", str(xlf))
    assert code == 1
    assert "error: [numbers] number 24 of the source is missing from the translation" in out
    assert f"#: articles/{SEED_SLUG}.md:" in out and "1 merged" in err
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "ja")
    assert code != 0 and "[numbers]" in err
    assert not (project_copy / "dist" / "ja" / f"{SEED_SLUG}.pdf").exists()


def test_import_never_overwrites_a_reviewed_entry_and_never_clears(cli, project_copy):
    with (project_copy / "clinic.yaml").open("a", encoding="utf-8") as config:
        config.write('\nreviewers: ["Dr. Sato"]\n')     # only a listed reviewer signs off
    assert cli("review", "-l", "ja", "--by", "Dr. Sato", SEED_SLUG)[0] == 0
    assert cli("xliff", "-l", "ja", SEED_SLUG, "--xliff-version", "1.2", "-o", "out")[0] == 0
    xlf = project_copy / "out" / f"{SEED_SLUG}.ja.xlf"
    assert 'version="1.2"' in xlf.read_text(encoding="utf-8")
    assert 'state="signed-off"' in xlf.read_text(encoding="utf-8")
    _edit_target(xlf, "Platelet-rich plasma", lambda t: "別の訳", version="1.2")
    _edit_target(xlf, HOURS, lambda t: "", version="1.2")
    before = snapshot_files(project_copy / "locales")
    code, out, err = cli("import-xliff", str(xlf))
    assert code == 1
    assert "conflict: the entry was signed off by a reviewer" in err and "'別の訳' offered" in err
    assert snapshot_files(project_copy / "locales") == before


def test_a_draft_target_fills_an_empty_entry_fuzzy_but_never_replaces_a_translation(
        cli, project_copy):
    po_path = project_copy / JA_PO
    po = polib.pofile(str(po_path))
    emptied = next(e for e in po if "Platelet-rich plasma" in e.msgid)
    emptied.msgstr = ""
    po.save()
    assert cli("xliff", "-l", "ja", SEED_SLUG)[0] == 0
    xlf = project_copy / "xliff" / f"{SEED_SLUG}.ja.xlf"
    ET.register_namespace("", NS_20)
    tree = ET.parse(xlf)
    for unit in tree.getroot().iter(f"{{{NS_20}}}unit"):
        segment = unit.find(f"{{{NS_20}}}segment")
        source = segment.find(f"{{{NS_20}}}source").text
        if source in (emptied.msgid, HOURS) or HOURS in source:
            target = segment.find(f"{{{NS_20}}}target")
            if target is None:
                target = ET.SubElement(segment, f"{{{NS_20}}}target")
            target.text = "下書き"
            segment.set("state", "initial")
    tree.write(xlf, xml_declaration=True, encoding="utf-8")
    code, out, err = cli("import-xliff", str(xlf))
    assert code == 1 and "an unconfirmed target does not replace a translation" in err
    entry = polib.pofile(str(po_path)).find(emptied.msgid)
    assert entry.msgstr == "下書き" and entry.fuzzy
    kept = next(e for e in polib.pofile(str(po_path)) if HOURS in e.msgid)
    assert kept.msgstr != "下書き" and not kept.fuzzy


@pytest.mark.parametrize("content, message", [
    (b"not xml at all", "not well-formed XML"),
    (b'<?xml version="1.0"?><html/>', "not an XLIFF file"),
    (f'<xliff xmlns="{NS_20}" version="2.0" srcLang="en" trgLang="fr"><file id="handout"/>'
     '</xliff>'.encode(), "target language 'fr' is not a locale of clinic.yaml"),
    (f'<xliff xmlns="{NS_20}" version="2.0" srcLang="en" trgLang="ja"><file id="../../etc"/>'
     '</xliff>'.encode(), "is not a catalog of this project"),
    (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff version="2.0">&e;</xliff>',
     ""),
])
def test_a_bad_xliff_file_is_refused_before_anything_is_written(cli, project_copy, content,
                                                                  message):
    assert cli("xliff", "-l", "ja")[0] == 0
    good = project_copy / "xliff" / f"{SEED_SLUG}.ja.xlf"
    _edit_target(good, "Platelet-rich plasma", lambda t: t + "（改訂）")
    bad = project_copy / "bad.xlf"
    bad.write_bytes(content)
    before = snapshot_files(project_copy / "locales")
    code, out, err = cli("import-xliff", str(good), str(bad))
    assert code == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("bad.xlf")
    assert message in err and "root:" not in err
    assert snapshot_files(project_copy / "locales") == before


def test_tmx_and_tbx_parse_with_translate_toolkit(cli, project_copy):
    from translate.storage.tbx import tbxfile
    from translate.storage.tmx import tmxfile
    code, out, err = cli("tm", "--locale", "ja", "-o", "ja.tmx")
    assert code == 0, err
    tmx = tmxfile(open(project_copy / "ja.tmx", "rb"))
    pairs = {unit.source: unit.target for unit in tmx.units}
    ja = {e.msgid: e.msgstr for e in polib.pofile(str(project_copy / JA_PO))
          if e.msgstr and not e.fuzzy and not e.obsolete}
    assert len(pairs) > 60 and all(pairs[msgid] == msgstr for msgid, msgstr in ja.items())
    assert f"wrote ja.tmx ({len(tmx.units)} translation units)" in out

    code, out, err = cli("glossary", "--locale", "zh-TW", "--tbx")
    assert code == 0, err
    tbx = tbxfile(open(project_copy / "glossary.zh-TW.tbx", "rb"))
    from i18n.catalogs.glossary import load_glossary
    terms = load_glossary(project_copy / "locales/zh_TW/glossary.csv")
    assert [(u.source, u.target) for u in tbx.units] == [(t.source, t.target) for t in terms]


def test_tbx_reads_back_into_the_glossary(cli, project_copy):
    from i18n.catalogs.glossary import Term, load_glossary
    from i18n.catalogs.tbx import glossary_tbx, read_tbx
    terms = load_glossary(project_copy / "locales/zh_TW/glossary.csv")
    path = project_copy / "terms.tbx"
    extra = (Term("sunscreen", "防曬乳", "SPF 30 or more", True), Term("session", "療程", "", False))
    path.write_bytes(glossary_tbx(terms[:3] + extra, "en", "zh-TW"))
    back = read_tbx(path, "en", "zh-TW")
    assert [(t.source, t.target, t.note, t.mandatory) for t in back] == \
        [(t.source, t.target, t.note, t.mandatory) for t in terms[:3] + extra]
    code, out, err = cli("glossary", "-l", "zh-TW", "--from-tbx", "terms.tbx")
    assert code == 0, err
    assert "added 1 term(s)" in out and "'session' is already '次治療'" in err
    after = load_glossary(project_copy / "locales/zh_TW/glossary.csv")
    assert after[:len(terms)] == terms and (after[-1].source, after[-1].target,
                                             after[-1].mandatory) == ("sunscreen", "防曬乳", True)


def test_tbx_terms_follow_the_glossary_files_own_columns_and_byte_order_mark(cli,
                                                                             project_copy):
    """A spreadsheet's "CSV UTF-8" (byte-order mark, its own column order) takes new terms
    in its columns: an added mandatory term stays mandatory."""
    from i18n.catalogs.glossary import Term, load_glossary
    from i18n.catalogs.tbx import glossary_tbx
    csv_path = project_copy / "locales/zh_TW/glossary.csv"
    original = "\ufeffsource,target,mandatory,note\nsession,次治療,yes,\n"
    csv_path.write_text(original, encoding="utf-8")
    (project_copy / "terms.tbx").write_bytes(glossary_tbx(
        (Term("sunscreen", "防曬乳", "", True),), "en", "zh-TW"))
    code, out, err = cli("glossary", "-l", "zh-TW", "--from-tbx", "terms.tbx")
    assert code == 0, err
    text = csv_path.read_text(encoding="utf-8")
    assert text.startswith(original) and text.endswith("sunscreen,防曬乳,yes,\n")
    assert [(t.source, t.mandatory) for t in load_glossary(csv_path)] == \
        [("session", True), ("sunscreen", True)]


@pytest.mark.parametrize("command", [("tm", "-l", "ja"), ("glossary", "-l", "zh-TW", "--tbx")])
def test_exports_refuse_to_overwrite_a_project_input(cli, project_copy, command):
    target = project_copy / JA_PO
    before = target.read_bytes()
    code, out, err = cli(*command, "-o", str(target))
    assert code == 1 and "refusing to write -o over an input of the project" in err
    assert len(err.strip().splitlines()) == 1 and target.read_bytes() == before


def test_an_xliff_1_2_unit_given_twice_is_refused(cli, project_copy):
    assert cli("xliff", "-l", "ja", "--xliff-version", "1.2")[0] == 0
    path = project_copy / "xliff" / f"{SEED_SLUG}.ja.xlf"
    text = path.read_text(encoding="utf-8")
    start = text.index("<trans-unit ")
    unit = text[start:text.index("</trans-unit>", start) + len("</trans-unit>")]
    path.write_text(text.replace(unit, unit + "\n" + unit, 1), encoding="utf-8")
    before = snapshot_files(project_copy / "locales")
    code, out, err = cli("import-xliff", str(path))
    assert code == 1 and "appears twice" in err and "Traceback" not in err
    assert snapshot_files(project_copy / "locales") == before
