"""What a typesetter looks for in a printed handout, read from the real PDF.

Each function takes a PDF and returns the offending lines (empty: none), so
that a failing test shows them.  Lines come from ``pdftotext -raw`` (content
order, one line of the page per line of text), pages split at form feeds.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from pypdf import PdfReader

CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
#: What may not start a line after a line ending with a digit: a range mark,
#: a word meaning "to", a counter (an ideograph, kana or Hangul) or a unit.
RANGE_START = re.compile(r"^(?:[\u2013\u2014\u2012\-~\uff5e\u301c\u2212至到]"
                         r"|(?:to|đến|tới|hingga|sampai|ถึง|إلى)\b"
                         r"|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]"
                         r"|(?:mg|ml|mL|%|jam|giờ|ngày|hari|sesi|buổi|hours?|days?|weeks?|sessions?)\b)")
THAI_FOLLOWING = "\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a" \
                 "\u0e45\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
THAI_LEADING = "\u0e40\u0e41\u0e42\u0e43\u0e44"
#: The line splits the Thai reviewer listed (vi-id-th-ar.md), and the terms.
THAI_REVIEW_WORDS = ("ไฟโบรบลาสต์", "เมทัลโลโปรตีเนส", "ในขณะเดียวกัน", "ต่อเนื่อง", "เจริญเติบโต",
                     "เมโสเทอราพี", "เนื่องจาก", "ช่องโหว่", "หนังกำพร้า", "หนังแท้",
                     "คำแนะนำทางการแพทย์")
#: A hyphen the renderer adds (WeasyPrint's hyphenate-character, U+2010); the
#: text's own hyphens are U+002D (evidence-based).
HYPHEN_END = re.compile(r"[a-z]\u2010$")


def pages(pdf: Path) -> list[list[str]]:
    """The lines of each page, stripped, empty ones left out."""
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f")[:-1]]


def lines(pdf: Path) -> list[str]:
    return [line for page in pages(pdf) for line in page]


def split_units(pdf: Path) -> list[tuple[str, str]]:
    """Consecutive lines where a number is parted from its range or counter."""
    found = []
    for page in pages(pdf):
        for before, after in zip(page, page[1:]):
            if re.search(r"\.\s*\d+$", before):
                continue        # a table of contents' leader and page number
            if re.search(r"\d$", before) and RANGE_START.match(after):
                found.append((before[-20:], after[:20]))
    return found


def split_terms(pdf: Path, terms=("TGF", "IGF")) -> list[tuple[str, str]]:
    """Line ends inside TGF-beta, TGF-β or IGF-1."""
    found = []
    all_lines = lines(pdf)
    for before, after in zip(all_lines, all_lines[1:]):
        for term in terms:
            if re.search(rf"{term}[-\u2010\u2011]?$", before) or (
                    re.search(rf"{term}$", before) and re.match(r"[-\u2010\u2011]", after)):
                found.append((before[-20:], after[:20]))
    return found


def one_character_last_lines(pdf: Path) -> list[str]:
    """Lines holding one ideograph or kana and punctuation only (す。, 化。)."""
    return [line for line in lines(pdf)
            if re.fullmatch(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff][、。，．！？」）』”]+", line)]


def thai_lines(pdf: Path) -> list[str]:
    """The lines of a Thai PDF, from pypdf (pdftotext cuts a line at a stacked
    tone mark, ฟื|้นฟู).  Both read sara am as its two glyphs: ำ comes out า."""
    out = []
    for page in PdfReader(pdf).pages:
        out.extend(line.strip() for line in page.extract_text().splitlines() if line.strip())
    return out


def bad_thai_line_edges(pdf: Path) -> list[str]:
    """Thai lines that start with a following vowel or tone mark, or end with a leading vowel."""
    return [line for line in thai_lines(pdf)
            if line[0] in THAI_FOLLOWING or line[-1] in THAI_LEADING]


def _thai_key(text: str) -> str:
    text = text.replace("\u0e33", "\u0e32")
    return "".join(c for c in text if c != "\u0e4d" and not c.isspace())


def thai_breaks(pdf: Path) -> tuple[str, set[int]]:
    """The PDF's Thai text joined (see :func:`_thai_key`) and where its lines end in it."""
    joined, breaks = "", set()
    for line in thai_lines(pdf):
        joined += _thai_key(line)
        breaks.add(len(joined))
    return joined, breaks


def split_words(pdf: Path, words) -> list[str]:
    """The words of *words* that a line end cuts somewhere in the PDF."""
    joined, breaks = thai_breaks(pdf)
    cut = []
    for word in words:
        key = _thai_key(word)
        start = joined.find(key)
        while start != -1:
            if any(start < b < start + len(key) for b in breaks):
                cut.append(word)
                break
            start = joined.find(key, start + 1)
    return cut


def last_page_fill(pdf: Path, margin_top: float = 70.87, margin_bottom: float = 70.87) -> float:
    """How far down the last page's content area its text goes (0 to 1),
    from the words' boxes (the running header and footer are in the margins)."""
    reader = PdfReader(pdf)
    height = float(reader.pages[-1].mediabox.height)
    count = len(reader.pages)
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(count), "-l", str(count), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    bottoms = [float(m) for m in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" '
                                             r'xMax="[\d.]+" yMax="([\d.]+)">', html)]
    body = [y for y in bottoms if margin_top < y < height - margin_bottom]
    if not body:
        return 0.0
    return (max(body) - margin_top) / (height - margin_top - margin_bottom)


def hyphenated_line_ends(pdf: Path) -> list[list[str]]:
    """Per page, the words a line end hyphenates (pro‐tection)."""
    found = []
    for page in pages(pdf):
        words = []
        for before, after in zip(page, page[1:]):
            if HYPHEN_END.search(before) and re.match(r"[a-z]", after):
                words.append(before.split()[-1] + after.split()[0])
        found.append(words)
    return found


def visual_words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(y, x, word) of every word of *page* (1-based), bidi controls left out."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for x0, y0, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" '
                                   r'yMax="[\d.]+">([^<]*)</word>', html):
        word = "".join(c for c in word if unicodedata.category(c) != "Cf")
        words.append((float(y0), float(x0), word))
    return words
