"""Per-script typesetting (i18n/render/typeset/): the markup, and the nine seed PDFs.

The rules are checked twice: on the HTML the renderer writes (small, exact
cases), and on the real PDFs of the seed article in its nine languages, the
way the reviewers read them (tests/layout_checks.py).
"""

from __future__ import annotations

import html as htmllib
import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bidi import get_display
from conftest import REPO, SEED_SLUG
from hypothesis import given, settings
from hypothesis import strategies as st
from layout_checks import (THAI_REVIEW_WORDS, bad_thai_line_edges, one_character_last_lines,
                           split_terms, split_units, split_words, thai_breaks, visual_words)
from markupsafe import Markup
from pypdf import PdfReader

from i18n.locales import parse_locale
from i18n.render.typeset import Typesetter, typeset
from i18n.render.typeset.bidi import ltr_runs, resolve_types
from i18n.render.typeset.markup import parse, serialize
from i18n.render.typeset.thai import dictionary_dir, dictionary_words

_TAG = re.compile(r"<[^>]*>")


def plain(markup: str) -> str:
    return htmllib.unescape(_TAG.sub("", str(markup)))


class _Units(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self.stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            outer = not any(self.stack) and dict(attrs).get("class") == "nobr"
            self.stack.append(outer)
            if outer:
                self.units.append("")

    def handle_endtag(self, tag):
        if tag == "span" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if any(self.stack):
            self.units[-1] += data


def nobr(markup: str) -> list[str]:
    """The text of every outermost span.nobr."""
    parser = _Units()
    parser.feed(str(markup))
    return parser.units


# --- the markup ---------------------------------------------------------------------

def test_markup_round_trip_keeps_every_tag_and_entity():
    source = ('<strong>PRP</strong> &amp; <a href="https://example.com/?a=1&amp;b=2">a '
              '<em>link</em></a> &lt;img src=&quot;x&quot;&gt;<br>')
    assert serialize(parse(source)) == source


def test_an_isolate_is_never_cut_an_inline_element_is():
    # "IGF-1" is one left-to-right run although emphasis cuts through it
    out = typeset(Markup("عامل <strong>IGF</strong>-1 هنا"), parse_locale("ar"))
    assert '<bdi dir="ltr"><strong>IGF</strong>-1</bdi>' in out
    assert plain(out) == "عامل IGF-1 هنا"


@pytest.mark.parametrize("tag, text, unit", [
    ("ja", "大半の患者さんは2～3回の施術後に", "2～3回"),
    ("ja", "断裂、IV型コラーゲンの", "IV型"),
    ("ja", "24～48時間以内に", "24～48時間"),
    ("zh-TW", "通常在第 4 至 14 天出現", "第4 至 14 天"),
    ("zh-CN", "需要2至3次治疗", "2 至 3 次"),
    ("zh-TW", "約 48 小時", "48 小時"),
    ("en", "within 24 to 48 hours of treatment", "24 to 48 hours"),
    ("en", "take 50 mg daily", "50 mg"),
    ("en", "growth factor TGF-beta and IGF-1 work", "TGF-beta"),
    ("id", "(hari ke-1–3)", "ke-1–3"),
    ("vi", "sau 2–3 buổi điều trị", "2–3 buổi"),
    ("ar", "بعد 2 إلى 3 جلسات", "2 إلى 3 جلسات"),
    ("th", "หลังจาก 2 ถึง 3 ครั้ง", "2 ถึง 3 ครั้ง"),
    ("ko", "2~3회의 시술", "2~3회의"),
])
def test_units_of_meaning_are_kept_whole(tag, text, unit):
    out = typeset(Markup.escape(text), parse_locale(tag))
    units = [u.replace(" ", "") for u in nobr(out)]
    assert unit.replace(" ", "") in units or any(unit.replace(" ", "") in u for u in units), out


def test_plain_hyphenated_words_may_still_break():
    out = typeset(Markup("post-inflammatory re-epithelialization"), parse_locale("en"))
    assert "nobr" not in out


def test_chinese_quotes_and_dashes_come_from_the_cjk_face():
    out = typeset(Markup("所说的“真皮型黄褐斑”背后——一种"), parse_locale("zh-CN"))
    assert out.count('class="cjk"') == 3 and 'class="cjk dash"' in out   # “ ” —, then — 一


def test_adjacent_punctuation_is_set_in_half_width():
    out = typeset(Markup("血小板由来成長因子（PDGF）：線維芽細胞（1～3日目）。"), parse_locale("ja"))
    assert out.count('<span class="half">）</span>') == 2


@pytest.mark.parametrize("typed", ["高濃度PRP治療", "高濃度 PRP 治療", "高濃度  PRP\u3000治療"])
def test_one_space_between_han_and_latin_whatever_was_typed(typed):
    out = typeset(Markup.escape(typed), parse_locale("zh-TW"), role="heading (level 2)")
    assert plain(out) == "高濃度 PRP 治療"


def test_a_unit_kept_whole_keeps_its_spacing_too():
    out = typeset(Markup("的IV型胶原蛋白，超过300种"), parse_locale("zh-CN"), role="table cell")
    assert nobr(out) == ["IV 型", "300 种"]


def test_a_paragraph_ends_with_three_characters_kept_together():
    out = typeset(Markup("線維芽細胞の増殖と遊走を刺激します。"), parse_locale("ja"))
    assert nobr(out)[-1] == "します。"


def test_long_headings_break_between_budoux_phrases():
    title = "高濃度PRPはどのように損傷した基底膜を修復するのか"
    out = typeset(Markup(title), parse_locale("ja"), role="front matter: title")
    assert {"修復するのか", "損傷した", "基底膜を"} <= set(nobr(out))


@pytest.mark.parametrize("tag, text, end", [
    ("vi", "Liệu trình có thể sửa chữa?", "sửa chữa?"),
    ("en", "The pigment fades over weeks.", "over weeks."),
    ("ar", "هذا هو التفسير وتشبيه", "التفسير وتشبيه"),
])
def test_no_last_line_holds_one_word_alone(tag, text, end):
    out = typeset(Markup.escape(text), parse_locale(tag))
    assert plain(nobr(out)[-1]) == end


def test_korean_words_stay_whole():
    out = typeset(Markup("고농도 PRP는 손상된 기저막을"), parse_locale("ko"))
    assert nobr(out) == ["고농도", "PRP는", "손상된 기저막을"]   # the last two: one unit


def test_pseudo_locales_and_empty_text_are_left_alone():
    assert typeset(Markup("2–3 TGF-beta"), parse_locale("en-XA")) == Markup("2–3 TGF-beta")
    assert typeset(Markup(""), parse_locale("ja")) == Markup("")


_TEXT = st.text(alphabet=list("ab 12–-~（）：。「」“”高濃度治療PRPابت٢ก่าเไ<>&\"'*"),
                max_size=40)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, tag=st.sampled_from(["ja", "zh-CN", "zh-TW", "ko", "ar", "en", "vi", "th"]))
def test_markup_never_changes_the_text(text, tag):
    """Whatever the text: only spaces may change (CJK spacing), tags stay balanced,
    no invisible character is added."""
    source = Markup.escape(text)
    out = typeset(source, parse_locale(tag))
    assert plain(out).replace(" ", "") == text.replace(" ", "").replace("\u3000", "")
    assert not any(unicodedata.category(c) == "Cf" for c in plain(out))
    names = re.findall(r"<(/?)(span|bdi|wbr)\b", str(out))
    depth = 0
    for closing, name in names:
        if name != "wbr":
            depth += -1 if closing else 1
            assert depth >= 0
    assert depth == 0


# --- right to left -------------------------------------------------------------------

_BIDI = st.text(alphabet=list("ابت abc0123–-+/.,:%$#()[] ١٢\u064e"), min_size=1, max_size=40)


@settings(max_examples=400, deadline=None)
@given(_BIDI)
def test_resolved_levels_order_as_python_bidi(text):
    """Reordering by our levels (1 for R, 2 for L and numbers) gives python-bidi's display."""
    types = resolve_types(text)
    levels = [2 if t in ("L", "EN", "AN") else 1 for t in types]
    end = len(text)
    while end and unicodedata.bidirectional(text[end - 1]) in ("WS", "S", "B", "BN"):
        levels[end - 1] = 1             # L1: trailing whitespace at the paragraph level
        end -= 1
    order = list(range(len(text)))
    for level in (2, 1):
        out, i = [], 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                out.extend(reversed(order[i:j]))
                i = j
            else:
                out.append(order[i])
                i += 1
        order = out
    assert "".join(text[k] for k in order) == get_display(text, base_dir="R")


def test_each_number_of_a_range_is_isolated_not_the_range():
    text = "(الأيام 1–3) و IGF-1 و 3 mg"
    assert [text[s:e] for s, e in ltr_runs(text)] == ["1", "3", "IGF-1", "3", "mg"]


ARABIC_LINES = ["المرحلة الأولى (الأيام 1–3) تبدأ", "من 24–48 ساعة", "جرعة 3 mg يوميا",
                "عامل النمو IGF-1 (IGF-1) هنا", "واقي SPF 50 يوميا", "بين 2-3 جلسات",
                "نسبة 24% تقريبا", "الليبوكسين A4 والعامل", "من 2 إلى 3 أضعاف"]


def test_arabic_pdf_orders_numbers_as_python_bidi(tmp_path):
    """Short right-to-left lines through the typesetter and the handout's own
    stylesheet rules: each line's visual order in the PDF is python-bidi's."""
    from weasyprint import HTML

    css = (REPO / "templates" / "handout.css").read_text(encoding="utf-8")
    rules = "\n".join(line for line in css.splitlines()
                      if line.startswith(('html[dir="rtl"] {', "bdi[dir=", ".nobr")))
    typesetter = Typesetter(parse_locale("ar"))
    body = "".join(f"<p>{typesetter(Markup.escape(line))}</p>" for line in ARABIC_LINES)
    page = (f'<html lang="ar" dir="rtl"><style>@page {{ size: A4; margin: 20mm }} {rules}'
            f' body {{ font-family: "Noto Sans", "Noto Naskh Arabic"; }}</style>'
            f"<body>{body}</body></html>")
    pdf = tmp_path / "ar.pdf"
    HTML(string=page).write_pdf(pdf)
    lines: dict[int, list[tuple[float, str]]] = {}
    for y, x, word in visual_words(pdf, 1):
        lines.setdefault(round(y), []).append((x, word))
    # A bracket is compared as a bracket: the PDF maps each glyph to one
    # character, so a mirrored "(" drawn earlier reads back as ")" later.
    brackets = str.maketrans("()", "||")
    shown = ["".join(w for _, w in sorted(words)).translate(brackets)
             for _, words in sorted(lines.items())]
    expected = [get_display(line, base_dir="R").replace(" ", "").translate(brackets)
                for line in ARABIC_LINES]
    assert shown == expected


# --- Thai ----------------------------------------------------------------------------

def test_without_the_dictionary_thai_words_are_marked_up():
    typesetter = Typesetter(parse_locale("th"), mark_thai_words=True)
    out = typesetter(Markup("กระตุ้นไฟโบรบลาสต์ได้แรงขึ้น"))
    assert "ไฟโบรบลาสต์" in nobr(out) and out.count("<wbr>") >= 2
    assert "<wbr>" not in typeset(Markup("กระตุ้นไฟโบรบลาสต์ได้แรงขึ้น"), parse_locale("th"))


def test_thai_dictionary_holds_the_medical_words(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words = set(dictionary_words(frozenset({"คำศัพท์ทดสอบ"})))
    assert {"ไฟโบรบลาสต์", "เมโสเทอราพี", "หนังแท้", "คำศัพท์ทดสอบ"} <= words
    folder = dictionary_dir.__wrapped__(frozenset({"คำศัพท์ทดสอบ"}))
    assert folder is not None and (folder / "thbrk.tri").stat().st_size > 100_000


# --- the nine seed PDFs --------------------------------------------------------------

LOCALES = ("en", "zh-TW", "ja", "zh-CN", "vi", "ar", "ko", "th", "id")


@pytest.mark.parametrize("tag", LOCALES)
def test_no_number_parted_from_its_range_or_counter(seed_handouts, tag):
    assert split_units(seed_handouts[tag][0]) == []


@pytest.mark.parametrize("tag", LOCALES)
def test_no_line_ends_inside_tgf_beta_or_igf_1(seed_handouts, tag):
    assert split_terms(seed_handouts[tag][0]) == []


@pytest.mark.parametrize("tag", ["ja", "zh-CN", "zh-TW"])
def test_no_one_character_last_line(seed_handouts, tag):
    assert one_character_last_lines(seed_handouts[tag][0]) == []


def test_thai_lines_start_and_end_on_whole_clusters(seed_handouts):
    assert bad_thai_line_edges(seed_handouts["th"][0]) == []


def test_none_of_the_thai_splits_of_the_review_remains(seed_handouts):
    assert split_words(seed_handouts["th"][0], THAI_REVIEW_WORDS) == []


def test_thai_lines_break_between_dictionary_words(seed_handouts):
    """Every line end inside Thai text falls between two words of the
    dictionary: the text on each side of it, back and forth to the nearest
    boundaries of newmm's segmentation, splits wholly into dictionary words.
    (libthai and newmm may segment a stretch differently, ตาม|แผนการ|รักษา or
    ตาม|แผน|การรักษา: both are words.)  The medical words are never cut."""
    from pythainlp.tokenize.newmm import segment
    from pythainlp.util import Trie

    from i18n.render.typeset.thai import medical_words

    def key(text):
        return "".join(c for c in text.replace("\u0e33", "\u0e32") if c != "\u0e4d")

    words = {key(w) for w in dictionary_words()}
    trie = Trie(words)

    def splits_into_words(text):
        can = [True] + [False] * len(text)
        for end in range(1, len(text) + 1):
            can[end] = any(can[start] and text[start:end] in words
                           for start in range(max(0, end - 30), end))
        return can[-1]

    pdf = seed_handouts["th"][0]
    assert split_words(pdf, sorted(medical_words())) == []
    joined, breaks = thai_breaks(pdf)
    checked, cut = 0, []
    for match in re.finditer(r"[\u0e01-\u0e4e]+", joined):
        run = match.group()
        inside = [b - match.start() for b in breaks if match.start() < b < match.end()]
        bounds, position = [0], 0
        for word in segment(run, custom_dict=trie):
            position += len(word)
            bounds.append(position)
        for point in inside:
            checked += 1
            before = max([b for b in bounds if b < point], default=0)
            before = max([b for b in bounds if b < before], default=0)
            after = min([b for b in bounds if b > point], default=len(run))
            if not (splits_into_words(run[before:point]) and splits_into_words(run[point:after])):
                cut.append(run[max(0, point - 12):point] + "|" + run[point:point + 12])
    assert checked >= 30
    assert cut == []


def _fonts_of(pdf: Path, chars: str) -> set[str]:
    found: set[str] = set()

    def visit(text, cm, tm, font, size):
        if font and any(c in text for c in chars):
            found.add(str(font.get("/BaseFont", "")))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_chinese_quotes_are_drawn_from_the_cjk_face(seed_handouts):
    fonts = _fonts_of(seed_handouts["zh-CN"][0], "\u201c\u201d")
    assert fonts and all("CJK" in name for name in fonts), fonts


def _word_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of the words of *page* (1-based)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


@pytest.mark.parametrize("tag", ["ja", "zh-CN", "zh-TW"])
def test_space_next_to_latin_text_is_a_quarter_em(seed_handouts, tag):
    """Between a Latin word or number and the ideographs or kana after it, the
    gap is about a quarter em wherever it is (typed with or without a space):
    0.14-0.22 of the word's box height, which is 1.36 em in Noto Sans."""
    ratios = []
    pdf = seed_handouts[tag][0]
    for page in range(1, len(PdfReader(pdf).pages) + 1):
        words = [w for w in _word_boxes(pdf, page) if 71 < w[1] < 771]   # not header or footer
        for x0, y0, x1, y1, word in words:
            if not re.search(r"[A-Za-z0-9]$", word):
                continue
            after = [(a - x1, w) for a, b, _, _, w in words if abs(b - y0) < 4 and a > x1]
            if after and re.match(r"[\u3040-\u30ff\u4e00-\u9fff]", min(after)[1]):
                ratios.append(round(min(after)[0] / (y1 - y0), 3))
    assert len(ratios) >= 30
    assert all(0.14 <= ratio <= 0.22 for ratio in ratios), sorted(set(ratios))


def test_arabic_web_page_uses_the_pdf_markup(seed_handouts, tmp_path):
    from i18n.catalogs.project import Project
    from i18n.publish.web import render_web_page
    from i18n.render.pipeline import localize_article

    pdf_html = seed_handouts["ar"][1].read_text(encoding="utf-8")
    project = Project.load(REPO)
    handout = localize_article(project, project.article(SEED_SLUG), parse_locale("ar"))
    web_html = render_web_page(project, handout, ["ar"])

    pdf_body = pdf_html.split("<main>", 1)[1].split("</main>", 1)[0].strip()
    web_body = web_html.split('<nav aria-labelledby="toc-heading">', 1)[1].split("</nav>", 1)[1]
    web_body = web_body.split('<section class="author"', 1)[0].strip()
    assert pdf_body.count('<bdi dir="ltr">') > 50
    assert web_body == pdf_body
