"""Page economy: the layout a handout is printed with, chosen after a first layout.

Two things are measured on WeasyPrint's laid-out pages, inside the
renderer process, before any PDF is written:

* **hyphenated line ends per page.**  Plain-language guidance asks for
  unbroken words; the stylesheet lets only long words break, and only on a
  line that would otherwise stay a quarter empty.  If a page still ends more
  than one line with a hyphen, the handout is laid out again without
  hyphenation (``html.no-hyphens``).
* **how full the last page is.**  A handout whose last page would be less
  than 40 % full is laid out again, tighter, within fixed bounds (the
  ``tight-1`` and ``tight-2`` classes of templates/handout.css: less space
  between blocks, less leading, body text never below 12 pt, or 15 pt in
  large print), and the tighter layout is kept only if it saves the page.
  A tighter layout is tried only when it could save the page: its expected
  saving (a share of the text's height, measured on the seed) must exceed
  what stands on the last page.  Otherwise the first layout stays.

This module imports nothing from WeasyPrint when it loads; its functions
receive WeasyPrint's documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

#: The class attribute of the handout's ``<html>``, where a layout's classes go.
_HTML_CLASS = re.compile(r'(<html\b[^>]*\bclass=")([^"]*)(")')


@dataclass(frozen=True)
class LayoutPolicy:
    """What the renderer may do after the first layout (picklable: it crosses to the renderer)."""

    min_last_page_fill: float = 0.40
    #: (class, expected share of the text's height it saves), mildest first.
    tighter: tuple[tuple[str, float], ...] = (("tight-1", 0.04), ("tight-2", 0.14))
    max_hyphens_per_page: int | None = 1
    no_hyphens_class: str = "no-hyphens"


@dataclass
class LayoutReport:
    """What the chosen layout is and how its pages are filled."""

    classes: tuple[str, ...] = ()
    pages: int = 0
    last_page_fill: float = 1.0
    hyphens_per_page: list[int] = field(default_factory=list)
    layouts: int = 1            #: how many layouts it took

    @property
    def name(self) -> str:
        return " ".join(self.classes) or "standard"


def with_classes(html: str, classes: tuple[str, ...]) -> str:
    """*html* with *classes* added to its ``<html>`` element."""
    if not classes:
        return html
    extra = " ".join(classes)
    new, count = _HTML_CLASS.subn(lambda m: f"{m[1]}{m[2]} {extra}{m[3]}", html, count=1)
    return new if count else html


def _leaves(box):
    children = getattr(box, "children", None)
    if not children:
        yield box
        return
    for child in children:
        yield from _leaves(child)


def _in_flow(box) -> bool:
    style = getattr(box, "style", None)
    if style is None:
        return True
    position = style["position"]
    return not (isinstance(position, tuple) or position in ("absolute", "fixed"))


def _boxes(box):
    """Every box of *box*'s tree that is in the flow (not a watermark or running element)."""
    stack = [box]
    while stack:
        current = stack.pop()
        if not _in_flow(current):
            continue
        yield current
        stack.extend(getattr(current, "children", ()) or ())


def last_page_fill(document) -> float:
    """How much of the last page's content area the text uses (0 to 1)."""
    from weasyprint.formatting_structure.boxes import BlockBox, LineBox, ReplacedBox

    page_box = document.pages[-1]._page_box
    top, height = page_box.content_box_y(), page_box.height
    bottom = top
    for child in page_box.children:
        if type(child).__name__.endswith("MarginBox"):
            continue
        for box in _boxes(child):
            if isinstance(box, (LineBox, ReplacedBox)) or (
                    isinstance(box, BlockBox) and box.style["border_bottom_width"]):
                bottom = max(bottom, box.border_box_y() + box.border_height())
    return max(0.0, min(1.0, (bottom - top) / height)) if height else 1.0


def hyphens_per_page(document) -> list[int]:
    """How many lines end with an inserted hyphen, page by page."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    counts = []
    for page in document.pages:
        count = 0
        for box in _boxes(page._page_box):
            if isinstance(box, LineBox):
                leaves = [leaf for leaf in _leaves(box) if isinstance(leaf, TextBox)]
                if leaves and leaves[-1].text.endswith(leaves[-1].style["hyphenate_character"]):
                    count += 1
        counts.append(count)
    return counts


def choose_layout(render: Callable[[str], object], html: str,
                  policy: LayoutPolicy | None) -> tuple[object, str, LayoutReport]:
    """Lay *html* out with *render* (HTML -> WeasyPrint document), then again
    as *policy* allows; the document kept, its HTML, and a report."""
    document = render(html)
    report = LayoutReport(pages=len(document.pages))
    if policy is None:
        return document, html, report
    classes: tuple[str, ...] = ()
    hyphens = hyphens_per_page(document)
    if policy.max_hyphens_per_page is not None and max(hyphens, default=0) > \
            policy.max_hyphens_per_page:
        classes = (policy.no_hyphens_class,)
        document = render(with_classes(html, classes))
        report.layouts += 1
        hyphens = hyphens_per_page(document)
    fill = last_page_fill(document)
    pages = len(document.pages)
    if fill < policy.min_last_page_fill and pages > 1:
        # The text's height, in pages: the last page's share plus the full ones.
        text_pages = pages - 1 + fill
        for name, saving in policy.tighter:
            if saving * text_pages <= fill:
                continue                     # could not save the page: not tried
            candidate = render(with_classes(html, classes + (name,)))
            report.layouts += 1
            candidate_hyphens = hyphens_per_page(candidate)
            if len(candidate.pages) < pages and (
                    policy.max_hyphens_per_page is None
                    or max(candidate_hyphens, default=0) <= policy.max_hyphens_per_page):
                document, classes, hyphens = candidate, classes + (name,), candidate_hyphens
                fill = last_page_fill(document)
                break
    report.classes, report.pages = classes, len(document.pages)
    report.last_page_fill, report.hyphens_per_page = fill, hyphens
    return document, with_classes(html, classes), report
