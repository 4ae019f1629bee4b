"""Text with inline HTML, annotated by position and written back as HTML.

The typesetting rules look at a segment's *plain text* (the text of all its
text nodes, joined), so that a unit such as ``TGF-beta`` or a right-to-left
run is found even when Markdown emphasis cuts through it.  Each rule adds
annotations by character position: an element around a range
(:class:`Wrap`), an empty element at a position (``<wbr>``), or a character
to leave out (a space the renderer replaces with its own spacing).

:func:`serialize` writes the text back with the original tags and the new
elements properly nested: where a new element and an original inline element
(``<strong>``, ``<a>``) overlap, one of them is closed and reopened around
the other.  An *unsplittable* wrap (a ``<bdi>``, whose content must be laid
out as one unit) is never cut: the original element is split instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_VOID = frozenset({"br", "wbr", "img", "hr", "input", "area", "col", "embed", "source"})


@dataclass(frozen=True, order=True)
class Wrap:
    """An element from ``start`` to ``end`` (character positions of the plain text)."""

    start: int
    end: int
    open: str
    close: str
    splittable: bool = True


@dataclass
class Marked:
    """A segment's plain text, its original inline tags, and the annotations added."""

    text: str
    elements: list[Wrap] = field(default_factory=list)     #: original elements
    empties: list[tuple[int, str]] = field(default_factory=list)  #: original void tags
    wraps: list[Wrap] = field(default_factory=list)         #: added elements
    inserts: list[tuple[int, str]] = field(default_factory=list)  #: added empty elements
    drops: set[int] = field(default_factory=set)            #: characters left out

    def wrap(self, start: int, end: int, open_tag: str, close_tag: str,
             splittable: bool = True) -> None:
        if start < end:
            self.wraps.append(Wrap(start, end, open_tag, close_tag, splittable))

    def insert(self, position: int, tag: str) -> None:
        self.inserts.append((position, tag))


def parse(markup: str) -> Marked:
    """Split inline HTML into plain text and its elements (positions in the text)."""
    text: list[str] = []
    length = 0
    elements: list[Wrap] = []
    empties: list[tuple[int, str]] = []
    stack: list[tuple[str, int, str]] = []   # (name, start, open tag)
    for index, part in enumerate(_TAG.split(str(markup))):
        if not index % 2:
            if part:
                plain = html.unescape(part)
                text.append(plain)
                length += len(plain)
            continue
        match = _TAG_NAME.match(part)
        name = match.group(1).lower() if match else ""
        if not name or name in _VOID or part.endswith("/>"):
            empties.append((length, part))
        elif part.startswith("</"):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    _, start, open_tag = stack.pop(depth)
                    if start == length:
                        empties.append((length, open_tag + part))
                    else:
                        elements.append(Wrap(start, length, open_tag, part))
                    break
            else:
                empties.append((length, part))   # a stray closing tag: kept where it was
        else:
            stack.append((name, length, part))
    for name, start, open_tag in stack:             # never closed: close at the end
        elements.append(Wrap(start, length, open_tag, f"</{name}>"))
    return Marked("".join(text), elements, empties)


def _split_around(element: Wrap, fixed: list[Wrap]) -> list[Wrap]:
    """*element* cut at every boundary of a *fixed* wrap that it partly overlaps."""
    cuts = {point for wrap in fixed for point in (wrap.start, wrap.end)
            if element.start < point < element.end
            and not (element.start <= wrap.start and wrap.end <= element.end)}
    bounds = [element.start, *sorted(cuts), element.end]
    return [Wrap(a, b, element.open, element.close, element.splittable)
            for a, b in zip(bounds, bounds[1:]) if a < b]


def serialize(marked: Marked) -> str:
    """The annotated text as HTML: original tags kept, added elements nested."""
    fixed = [w for w in marked.wraps if not w.splittable]
    intervals: list[tuple[Wrap, int]] = []     # (element, rank: lower opens first on a tie)
    for element in marked.elements:
        for piece in _split_around(element, fixed):
            intervals.append((piece, 1))
    for wrap in marked.wraps:
        pieces = [wrap] if not wrap.splittable else _split_around(wrap, fixed)
        for piece in pieces:
            intervals.append((piece, 0 if not wrap.splittable else 2))
    opens: dict[int, list[tuple[Wrap, int]]] = {}
    for item in intervals:
        opens.setdefault(item[0].start, []).append(item)
    for items in opens.values():       # longest first; unsplittable before original before added
        items.sort(key=lambda item: (-item[0].end, item[1]))
    empties: dict[int, list[str]] = {}
    for position, tag in marked.empties:
        empties.setdefault(position, []).append(tag)
    for position, tag in sorted(marked.inserts, key=lambda item: item[0]):
        empties.setdefault(position, []).append(tag)

    out: list[str] = []
    stack: list[Wrap] = []
    text = marked.text

    def close_until(position: int) -> None:
        # Close every element ending here; an element above it on the stack that
        # goes on is closed and reopened around the close.
        while any(w.end <= position for w in stack):
            reopen = []
            while stack and stack[-1].end > position:
                top = stack.pop()
                out.append(top.close)
                reopen.append(top)
            top = stack.pop()
            out.append(top.close)
            for element in reversed(reopen):
                out.append(element.open)
                stack.append(element)

    events = sorted({0, len(text), *opens, *empties, *marked.drops,
                     *(w.end for w, _ in intervals)})
    for index, position in enumerate(events):
        close_until(position)
        out.extend(empties.get(position, ()))
        for element, _ in opens.get(position, ()):
            out.append(element.open)
            stack.append(element)
        following = events[index + 1] if index + 1 < len(events) else len(text)
        start = position + 1 if position in marked.drops else position
        if start < following:
            out.append(html.escape(text[start:following]))
    close_until(len(text) + 1)
    return "".join(out)
