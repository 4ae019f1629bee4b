"""Page economy and the hyphenation limit (i18n/render/economy.py), on real layouts.

The seed PDFs: every last page at least 40 % full, or the handout already as
short as the tightest layout allows; English with at most one hyphenated
line end a page and none in large print; the running header and footer of
large print scaled with its text.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest
from layout_checks import hyphenated_line_ends, last_page_fill
from pypdf import PdfReader

from i18n.render.economy import (LayoutPolicy, choose_layout, hyphens_per_page, last_page_fill
                                 as layout_fill, with_classes)

LOCALES = ("en", "zh-TW", "ja", "zh-CN", "vi", "ar", "ko", "th", "id", "en-large")


def _render(html: str):
    from weasyprint import HTML

    return HTML(string=html).render()


def _classes(html: str) -> list[str]:
    return re.search(r'<html\b[^>]*\bclass="([^"]*)"', html).group(1).split()


def test_classes_go_on_the_html_element():
    html = '<!DOCTYPE html>\n<html lang="en" dir="ltr" class="standard-print">\n<body class="x">'
    assert with_classes(html, ("tight-1",)).count('class="standard-print tight-1"') == 1
    assert with_classes(html, ()) == html


_PAGE = """<html lang="en" class="{classes}"><style>
@page {{ size: A6; margin: 10mm }}
body {{ font: 11pt/1.5 "Noto Sans"; hyphens: auto; width: 35mm }}
html.no-hyphens body {{ hyphens: none }}
p {{ margin: 0 0 1em }}
html.tight-1 p {{ margin: 0 }}
html.tight-2 p {{ margin: 0 }} html.tight-2 body {{ line-height: 1.2 }}
</style><body>{body}</body></html>"""


def test_a_page_with_many_hyphens_is_laid_out_without():
    body = "<p>" + " ".join(["internationalization characteristically"] * 12) + "</p>"
    html = _PAGE.format(classes="", body=body)
    assert max(hyphens_per_page(_render(html))) > 1          # the first layout hyphenates
    document, chosen, report = choose_layout(_render, html, LayoutPolicy())
    assert "no-hyphens" in report.classes and max(hyphens_per_page(document)) == 0
    assert 'no-hyphens' in _classes(chosen)


def test_a_nearly_empty_last_page_is_saved_when_the_bounds_allow():
    # Paragraph spacing puts a few lines on a last page; without it they fit.
    body = "".join(f"<p>Line {n} of a short handout.</p>" for n in range(9))
    html = _PAGE.format(classes="", body=body)
    first = _render(html)
    assert len(first.pages) == 2 and layout_fill(first) < 0.4
    document, chosen, report = choose_layout(_render, html, LayoutPolicy())
    assert len(document.pages) == 1 and report.classes and report.layouts >= 2


def test_a_layout_that_cannot_save_the_page_is_not_tried():
    # Much more text than a tighter layout could pull back: one layout only.
    body = "".join(f"<p>Line {n} of a longer handout.</p>" for n in range(14))
    html = _PAGE.format(classes="", body=body)
    first = _render(html)
    assert len(first.pages) >= 2 and layout_fill(first) > 0.3
    policy = LayoutPolicy(min_last_page_fill=layout_fill(first) + 0.05,
                          tighter=(("tight-1", 0.01),))
    document, chosen, report = choose_layout(_render, html, policy)
    assert report.layouts == 1 and chosen == html and len(document.pages) == len(first.pages)


# --- the seed handouts -----------------------------------------------------------

@pytest.mark.parametrize("key", LOCALES)
def test_last_page_is_full_enough_or_as_short_as_the_bounds_allow(seed_handouts, key):
    pdf, html_path = seed_handouts[key]
    fill = last_page_fill(pdf)
    if fill >= 0.40:
        return
    # Otherwise the tightest layout the bounds allow must not save a page.
    html = html_path.read_text(encoding="utf-8")
    if "tight-2" in _classes(html):
        return
    from weasyprint import HTML

    base = html_path.parent
    tightest = HTML(string=with_classes(html, ("tight-2",)), base_url=str(base) + "/").render()
    assert len(tightest.pages) == len(PdfReader(pdf).pages), (key, fill)


def test_english_has_at_most_one_hyphenated_line_end_a_page(seed_handouts):
    pages = hyphenated_line_ends(seed_handouts["en"][0])
    assert all(len(words) <= 1 for words in pages), pages
    assert all(len(re.sub(r"\W", "", w)) >= 10 for words in pages for w in words), pages


def test_large_print_is_not_hyphenated(seed_handouts):
    assert not any(hyphenated_line_ends(seed_handouts["en-large"][0]))


def _body_size(pdf) -> float:
    """The size, in points, of most of the text of page 3 (the body text)."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[round(size * tm[0] * cm[0], 2)] += len(text)

    PdfReader(pdf).pages[2].extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


@pytest.mark.parametrize("key", LOCALES)
def test_body_text_stays_within_bounds(seed_handouts, key):
    """Whatever layout was kept, body text is 12 pt or more (15 pt in large print)."""
    size = _body_size(seed_handouts[key][0])
    assert size >= (15 if key == "en-large" else 12), size


def _header_height(pdf, text: str) -> float:
    out = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    heights = [float(b) - float(a) for a, b in re.findall(
        rf'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{text}</word>', out)]
    return heights[0]


def test_large_print_scales_the_running_header_and_footer(seed_handouts):
    regular, large = seed_handouts["en"][0], seed_handouts["en-large"][0]
    for word in ("Liusmed", "Page"):       # the running header; the page number
        ratio = _header_height(large, word) / _header_height(regular, word)
        assert ratio == pytest.approx(15 / 12.5, rel=0.03), word
