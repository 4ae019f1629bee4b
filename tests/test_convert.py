"""zh-CN drafted from zh-TW with OpenCC: empty entries only, every draft fuzzy."""

from __future__ import annotations

import shutil

import polib
from conftest import SEED_SLUG


def test_update_from_zh_tw_prefills_empty_zh_cn_entries_as_fuzzy(cli, project_copy):
    shutil.rmtree(project_copy / "locales" / "zh_CN", ignore_errors=True)
    code, out, err = cli("update", "--locale", "zh-CN", "--from", "zh-TW")
    assert code == 0, err
    tw = {e.msgid: e.msgstr for e in polib.pofile(
        str(project_copy / f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po")) if e.msgstr}
    cn = polib.pofile(str(project_copy / f"locales/zh_CN/LC_MESSAGES/{SEED_SLUG}.po"))
    drafted = [e for e in cn if e.msgstr]
    assert len(drafted) == len([e for e in cn if e.msgid in tw]) > 20
    assert all(e.fuzzy for e in drafted)               # a translator confirms each one
    text = "".join(e.msgstr for e in drafted)
    assert "治疗" in text and "治療" not in text
    # numbers, markup and links survive the conversion
    for entry in drafted:
        assert [c for c in entry.msgstr if c.isdigit()] == [c for c in tw[entry.msgid] if c.isdigit()]
        assert entry.msgstr.count("**") == tw[entry.msgid].count("**")
    # strict export refuses the drafts until they are confirmed
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-CN")
    assert code != 0 and "fuzzy" in err


def test_phrase_conversion_and_existing_translations_kept(cli, project_copy):
    po_path = project_copy / f"locales/zh_CN/LC_MESSAGES/{SEED_SLUG}.po"
    po = polib.pofile(str(po_path))
    first, second = [e for e in po if e.msgstr][:2]
    kept = first.msgstr
    second.msgstr = ""
    po.save()
    code, out, err = cli("update", "--locale", "zh-CN", "--from", "zh-TW")
    assert code == 0, err
    after = {e.msgid: e for e in polib.pofile(str(po_path))}
    assert after[first.msgid].msgstr == kept and not after[first.msgid].fuzzy
    assert after[second.msgid].msgstr and after[second.msgid].fuzzy

    from i18n.catalogs.convert import conversion_for
    from i18n.locales import parse_locale
    convert = conversion_for(parse_locale("zh-TW"), parse_locale("zh-CN"))
    assert convert("雷射") == "激光"                  # a Taiwan phrase becomes the Mainland one
    assert convert("軟體與資訊") == "软件与信息"
    assert convert("品質") == "品质"                  # measured: OpenCC keeps 品質 as 品质, not 质量


def test_impossible_pair_and_vertical_script_are_refused_before_writing(cli, project_copy):
    ja = project_copy / f"locales/ja/LC_MESSAGES/{SEED_SLUG}.po"
    before = ja.read_bytes()
    code, out, err = cli("update", "--locale", "ja", "--from", "zh-TW")
    assert code != 0 and "cannot draft ja from zh-TW" in err and "Traceback" not in err
    assert ja.read_bytes() == before
    code, out, err = cli("update", "--locale", "mn-Mong")
    assert code != 0 and "vertical" in err and "Traceback" not in err
    assert not any((project_copy / "locales").glob("mn*"))
    assert "mn" not in (project_copy / "clinic.yaml").read_text(encoding="utf-8").split("locales:")[1][:80]
