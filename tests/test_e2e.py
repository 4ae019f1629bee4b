"""End to end: the real commands, as a translator and clinic staff run them.

The seed article goes from its committed catalogs to a zh-TW and an English
handout; a new fixture article dropped into ``articles/`` goes through
extract, update, translate, check and pdf with no code change.
"""

from __future__ import annotations

import json
import re

import polib
from conftest import FIXTURES, SEED_SLUG, add_fixture_article
from pdfutil import catalog, link_uris, page_sizes, page_texts, pdf_fonts, pdf_text
from pypdf import PdfReader

SOURCE_NUMBERS = ("300", "24", "48", "1", "3", "7", "2", "6", "12", "4")


def _flat(text: str) -> str:
    return "".join(text.split())


def test_seed_article_in_zh_tw(cli, project_copy):
    assert cli("extract")[0] == 0
    code, out, err = cli("update", "--locale", "zh-TW")
    assert code == 0, err
    assert "wrote" not in out  # the committed catalogs are current
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 0, out + err

    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 0, err
    pdf = project_copy / "dist" / "zh-TW" / f"{SEED_SLUG}.pdf"
    pages = page_texts(pdf)
    text = _flat("".join(pages))
    for expected in ("高濃度PRP如何修復受損的基底膜", "發布日期：2026年2月28日", "目錄", "常見問題",
                     "關於作者", "LiuTa-Ju醫師", "Liusmed診所", "免責聲明", "本文僅供衛教與資訊參考之用"):
        assert expected in text, expected
    for number in ("300", "24至48小時", "2至3", "4至6", "第1至3天", "第6至12週"):
        assert number in text, number
    for index, page in enumerate(pages, start=1):
        assert f"第{index}頁，共{len(pages)}頁" in _flat(page)
    for line in "\n".join(pages).splitlines():
        assert not line.strip().startswith(("。", "，", "、", "）", "」")), line

    assert page_sizes(pdf) == {(595, 842)}
    fonts = pdf_fonts(pdf)
    assert all(f.embedded for f in fonts)
    names = [f.name for f in fonts]
    assert any("CJK-TC" in n and not n.endswith("Bold") for n in names)
    assert any("CJK-TC" in n and n.endswith("Bold") for n in names)
    assert catalog(pdf)["/Lang"] == "zh-TW"
    info = PdfReader(pdf).metadata
    assert info.title.startswith("高濃度 PRP")
    assert info.author == "Liu Ta-Ju 醫師"
    assert pdf.stat().st_size < 400 * 1024


def test_seed_article_in_english(cli, project_copy):
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "en")
    assert code == 0, err
    pdf = project_copy / "dist" / "en" / f"{SEED_SLUG}.pdf"
    text = " ".join(pdf_text(pdf).split())
    assert "Published: February 28, 2026" in text
    assert "Q1 What exactly is the basement membrane" in text
    assert catalog(pdf)["/Lang"] == "en"


def test_new_article_goes_through_the_whole_workflow(cli, project_copy):
    add_fixture_article(project_copy)
    code, out, err = cli("extract")
    assert code == 0, err
    assert "wrote locales/sun-care.pot" in out
    code, out, err = cli("update", "--locale", "zh_TW")
    assert code == 0, err
    po_path = project_copy / "locales" / "zh_TW" / "LC_MESSAGES" / "sun-care.po"
    assert po_path.exists()

    # strict by default: nothing translated yet, nothing written
    code, out, err = cli("pdf", "sun-care", "--locale", "zh-TW")
    assert code != 0 and "sun-care.po" in err and "untranslated" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (project_copy / "dist" / "zh-TW" / "sun-care.pdf").exists()
    code, out, err = cli("status", "--json")
    rows = {(r["slug"], r["locale"]): r for r in json.loads(out)}
    assert rows[("sun-care", "zh-TW")]["ready"] is False
    assert rows[(SEED_SLUG, "zh-TW")]["ready"] is True

    # the translator's work
    translations = json.loads((FIXTURES / "translations" / "sun-care.zh_TW.json").read_text())
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = translations[entry.msgid]
    po.save()

    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 0, out + err
    code, out, err = cli("pdf", "sun-care", "--locale", "zh-TW")
    assert code == 0, err
    pdf = project_copy / "dist" / "zh-TW" / "sun-care.pdf"
    text = _flat(pdf_text(pdf))
    for expected in ("雷射治療後的防曬", "每2小時補擦一次", "物理性防曬乳", "治療後的前2週",
                     "Q1治療後可以游泳嗎？", "高達80%的紫外線", "2026年3月10日", "2026年4月2日",
                     "ChenMei-Ling醫師", "線上閱讀本文"):
        assert expected in text, expected
    # the clinic's standard disclaimer, translated, since the article has none
    handout_po = polib.pofile(str(project_copy / "locales/zh_TW/LC_MESSAGES/handout.po"))
    standard = next(e for e in handout_po if "general education" in e.msgid)
    assert _flat(standard.msgstr) in text
    assert "https://example.org/sunscreen-guide" in link_uris(pdf)
    # the QR code is drawn as vector paths: check the HTML carries the right one
    code, out, err = cli("pdf", "sun-care", "--locale", "zh-TW", "-o", "/dev/null/x.pdf")
    assert code != 0 and "Traceback" not in err  # an unwritable target is a clean error
    code, out, err = cli("pdf", "sun-care", "--locale", "zh-TW", "--html", "sun.html")
    assert code == 0, err
    html = (project_copy / "sun.html").read_text(encoding="utf-8")
    import segno
    expected_qr = segno.make("https://example.org/sun-care", error="m").svg_data_uri(
        scale=4, border=2, dark="#000")
    assert f'src="{expected_qr}"'.replace("&", "&amp;") in html or expected_qr in html

    code, out, err = cli("pdf", "sun-care", "--locale", "en")
    assert code == 0, err
    english = " ".join(pdf_text(project_copy / "dist/en/sun-care.pdf").split())
    assert "This handout is for general education only" in english
    assert re.search(r"Mineral sunscreen\s+The first 2 weeks after treatment", english)
