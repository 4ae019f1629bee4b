"""Every script the clinic serves, on real rendered PDFs: fonts, /Lang, dates, line breaks, direction.

The seed article in ja, zh-CN, vi and ar from the committed catalogs; a small
fixture article (tests/fixtures/articles/peel-aftercare.md) in ko, th and id
from fixture translations.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata

import polib
import pytest
from conftest import FIXTURES, REPO, SEED_SLUG, add_fixture_article
from pdfutil import catalog, pdf_fonts, pdf_text

FIXTURE = "peel-aftercare"
SEED_LOCALES = {  # tag: (font family in the PDF, localized date, localized footer of page 1)
    "ja": ("CJK-JP", "2026年2月28日", "1 / "),
    "zh-CN": ("CJK-SC", "2026年2月28日", "第1页"),
    "vi": ("Noto-Sans", "28 tháng 2, 2026", "Trang 1"),
    "ar": ("Noto-Naskh-Arabic", "فبراير", "الصفحة"),
}


def _flat(text: str) -> str:
    return "".join(text.split())


def _pdf(cli, project_copy, slug, tag):
    code, out, err = cli("pdf", slug, "--locale", tag)
    assert code == 0, err
    return project_copy / "dist" / tag / f"{slug}.pdf"


@pytest.mark.parametrize("tag", list(SEED_LOCALES))
def test_seed_handout_in_each_language(cli, project_copy, tag):
    family, date, footer = SEED_LOCALES[tag]
    code, out, err = cli("check", "--locale", tag)
    assert code == 0, out + err
    pdf = _pdf(cli, project_copy, SEED_SLUG, tag)
    assert catalog(pdf)["/Lang"] == tag
    names = [f.name for f in pdf_fonts(pdf)]
    assert any(family in n and not n.endswith("Bold") for n in names), names
    assert any(family in n and n.endswith("Bold") for n in names), names   # a real bold
    if tag == "ja":
        assert not any("CJK-TC" in n or "CJK-SC" in n for n in names)      # Japanese forms only
    text = pdf_text(pdf)
    assert _flat(date) in _flat(text) and _flat(footer) in _flat(text)
    for number in ("300", "24", "48"):
        assert number in text


@pytest.mark.parametrize("tag", ["ja", "zh-CN"])
def test_no_closing_punctuation_at_a_line_start(cli, project_copy, tag):
    pdf = _pdf(cli, project_copy, SEED_SLUG, tag)
    lines = [line.strip() for line in pdf_text(pdf, layout=True).splitlines() if line.strip()]
    assert len(lines) > 100
    for line in lines:
        assert not line.startswith(("。", "、", "，", "」", "）", "：")), line


def test_vietnamese_keeps_its_stacked_diacritics(cli, project_copy):
    pdf = _pdf(cli, project_copy, SEED_SLUG, "vi")
    text = unicodedata.normalize("NFC", pdf_text(pdf))
    for word in ("thế nào", "được", "điều trị", "Phòng khám"):   # ế: two marks on one letter
        assert word in text or word.lower() in text.lower(), word
    assert {f.name.split("-")[0] for f in pdf_fonts(pdf)} == {"Noto"}
    assert all("CJK" not in f.name for f in pdf_fonts(pdf))


def _words(path, page=1):
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


def test_arabic_handout_is_mirrored_and_keeps_numbers_in_order(cli, project_copy):
    rtl = _pdf(cli, project_copy, SEED_SLUG, "ar")
    ltr = _pdf(cli, project_copy, SEED_SLUG, "en")
    width = 595
    # running header: the clinic name starts the line, on the right in Arabic
    # (the Arabic header names the clinic "عيادة ليوسمد (Liusmed)")
    ar_clinic = [w for w in _words(rtl, 2) if w[4].strip("()") == "Liusmed" and w[1] < 60]
    en_clinic = [w for w in _words(ltr, 2) if w[4] == "Liusmed" and w[1] < 60]
    assert ar_clinic and en_clinic
    assert en_clinic[0][0] < width / 2 < ar_clinic[0][0]
    # body lines are right-aligned: their right edges line up at the right margin
    body = [w for w in _words(rtl, 2) if 100 < w[1] < 700]
    right_edges = {}
    for x0, y0, x1, y1, _ in body:
        right_edges[round(y0)] = max(right_edges.get(round(y0), 0), x1)
    assert sum(1 for x in right_edges.values() if abs(x - (width - 79)) < 4) > 10
    # numbers and Latin runs read in order in the extracted text
    # (pdftotext marks the direction of runs with embedding controls: not text)
    text = "".join(c for c in pdf_text(rtl) if unicodedata.category(c) != "Cf")
    words = text.split()
    for number in ("300", "24", "48", "12"):
        assert number in " ".join(words), number
    assert "003" not in words and "84" not in words
    assert "PRP" in words and "PRP"[::-1] not in text.replace("PRP", "")
    assert catalog(rtl)["/Lang"] == "ar"


def test_arabic_html_is_rtl_with_isolated_latin_runs(cli, project_copy):
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "ar", "--html", "ar.html")
    assert code == 0, err
    html = (project_copy / "ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in html
    assert '<bdi dir="ltr">PRP</bdi>' in html
    assert "@top-right { content: \"" in html      # the clinic name on the right
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", html)   # no control characters


@pytest.fixture
def fixture_handouts(cli, project_copy):
    """The fixture article translated into ko, th and id, rendered."""
    add_fixture_article(project_copy, f"{FIXTURE}.md")
    assert cli("extract")[0] == 0
    pdfs = {}
    for tag in ("ko", "th", "id"):
        code, out, err = cli("update", "--locale", tag)
        assert code == 0, err
        translations = json.loads((FIXTURES / "translations" / f"{FIXTURE}.{tag}.json")
                                  .read_text(encoding="utf-8"))
        po_path = project_copy / "locales" / tag / "LC_MESSAGES" / f"{FIXTURE}.po"
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = translations[entry.msgid]
        po.save()
        code, out, err = cli("check", "--locale", tag)
        assert not [line for line in out.splitlines()
                    if f"{FIXTURE}.po" in line and ": error:" in line], out
        pdfs[tag] = _pdf(cli, project_copy, FIXTURE, tag)
    return pdfs


def test_fixture_article_in_korean_thai_indonesian(fixture_handouts):
    expected = {
        "ko": ("CJK-KR", "2026년3월10일", "2쪽중1쪽"),
        "th": ("Noto-Sans-Thai", "มีนาคม", "หน้า1จาก2"),
        "id": ("Noto-Sans", "10Maret2026", "Halaman1dari2"),
    }
    for tag, (family, date, footer) in expected.items():
        pdf = fixture_handouts[tag]
        assert catalog(pdf)["/Lang"] == tag
        names = [f.name for f in pdf_fonts(pdf)]
        assert any(family in n and n.endswith("Bold") for n in names), names
        assert any(family in n and not n.endswith("Bold") for n in names), names
        flat = _flat(pdf_text(pdf))
        assert date in flat and footer in flat, tag
        for number in ("48", "50", "7", "4"):
            assert number in flat


def test_korean_breaks_lines_between_words(fixture_handouts):
    source = json.loads((FIXTURES / "translations" / f"{FIXTURE}.ko.json").read_text("utf-8"))
    texts = [*source.values(), *(e.msgstr for e in polib.pofile(
        str(REPO / "locales/ko/LC_MESSAGES/handout.po")))]
    words = {w.strip("*.,:·()") for text in texts for w in text.split()}
    lines = [line.strip() for line in pdf_text(fixture_handouts["ko"]).splitlines()]
    hangul = re.compile("[\uac00-\ud7a3]")
    checked = 0
    for line in lines:
        if len(line) > 25 and hangul.search(line):
            first, last = line.split()[0].strip("*.,:·()"), line.split()[-1].strip("*.,:·()")
            if hangul.search(first) and hangul.search(last) and not re.search(r"\d", first + last):
                assert first in words and last in words, line   # never half a word
                checked += 1
    assert checked >= 5


def test_thai_breaks_lines_between_words(fixture_handouts):
    def norm(text):  # pdftotext drops Thai's combining marks and splits sara am
        text = text.replace("\u0e33", "\u0e32")
        return "".join(c for c in text if unicodedata.category(c) != "Mn" and not c.isspace())

    lines = [norm(line) for line in pdf_text(fixture_handouts["th"]).splitlines() if line.strip()]
    joined, breaks = "", []
    for line in lines:
        joined += line
        breaks.append(len(joined))
    thai = re.compile("[\u0e01-\u0e2e]")
    for word in ("ผลิตภัณฑ์", "กระบวนการ", "สม่ำเสมอ", "อ่อนโยน", "สามารถ", "สัปดาห์",
                 "หลีกเลี่ยง", "คลินิก", "ประมาณ", "เนียน", "รุนแรง"):
        target = norm(word)
        start = joined.find(target)
        assert start != -1, word
        while start != -1:
            assert not any(start < b < start + len(target) for b in breaks), word
            start = joined.find(target, start + 1)
    # and Thai lines do break without a space, between words
    assert any(thai.match(joined[b - 1:b]) and thai.match(joined[b:b + 1]) for b in breaks[:-1])
