"""Chinese and Japanese, after the W3C's clreq and jlreq.

WeasyPrint 70 has no ``text-autospace``, ``text-spacing-trim`` or
``line-break: strict``, and the Noto CJK faces of Debian 12 have no
``chws`` feature, so each rule is markup on the text:

* **Quotes, dashes and ellipses from the CJK face.**  The Latin face comes
  first in the handout's font stack (Latin words keep one design), and it
  has “ ” — …, narrow and low; in Chinese and Japanese text they are
  ``span.cjk``, set in the CJK face: full width, centred.
* **Adjacent punctuation.**  Of two full-width punctuation marks in a row
  (``）：``, ``）。``, ``、「``), the first closing mark (or else the
  second, opening, one) is ``span.half``, set with the font's ``palt``
  feature: in its own width, about half an em, as jlreq's table of
  adjacent punctuation asks, instead of two full-width gaps.  (``halt``
  does the same to the advance but leaves the glyph's box a full em wide, so
  text extraction reads the next mark as a new line.)
  The dash pair ``——`` from the CJK face is one long rule, so a following
  一 or ー would merge into it: a thin gap (``span.dash``) keeps them apart.
* **¼ em between ideographs or kana and Latin letters or digits**, whatever
  the translator typed: exactly one space stands at each such boundary
  (spaces typed there are left out, one is added where there was none).
  The space comes from the Latin face, Noto Sans, whose space is 0.26 em
  wide: the quarter em of jlreq and clreq, with no element to lay out (a
  span with a margin per boundary made the layout a third slower), and
  like ``text-autospace`` it vanishes at a line start or end.
* **No one-character last line.**  The last three ideographs or kana of a
  paragraph (a Latin word counts as one) and its closing punctuation are one
  unit (``span.nobr``).
* **Headings break between phrases**: BudouX's phrase model (ja, zh-Hans,
  zh-Hant) cuts the title or heading into phrases, each kept whole, with a
  ``<wbr>`` between them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .markup import Marked

#: Drawn from the CJK face in Chinese and Japanese text.
CJK_FACE_CHARS = frozenset("\u201c\u201d\u2018\u2019\u2014\u2015\u2026\u2025\u2e3a")
_CLOSING = frozenset("、。，．：；！？）」』】〕〉》〙〗｝］\u201d\u2019")
_OPENING = frozenset("（「『【〔〈《〘〖｛［\u201c\u2018")
_PUNCTUATION = _CLOSING | _OPENING
_LETTER = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u1e00-\u1eff]")
_TRAILING = frozenset("、。，．：；！？）」』】〕〉》\u201d\u2019.!?)") | {" "}
_MAX_PHRASE = 16
#: A heading shorter than this never wraps (a line of the title holds about 19
#: ideographs): its phrases need no markup.
MIN_PHRASED_HEADING = 15


def is_letter(char: str) -> bool:
    """A Han ideograph or a kana."""
    return bool(_LETTER.match(char))


def is_latin(char: str) -> bool:
    return bool(_LATIN.match(char))


def punctuation_classes(text: str, classes: dict[int, set[str]]) -> None:
    """Add ``cjk`` and ``half`` to the classes of *text*'s punctuation."""
    for index, char in enumerate(text):
        if char in CJK_FACE_CHARS:
            classes.setdefault(index, set()).add("cjk")
            if char in "\u2014\u2015" and text[index + 1:index + 2] in ("一", "ー"):
                classes[index].add("dash")
        if index + 1 < len(text):
            following = text[index + 1]
            if char in _PUNCTUATION and following in _PUNCTUATION:
                if char in _CLOSING:
                    classes.setdefault(index, set()).add("half")
                elif following in _OPENING:
                    classes.setdefault(index + 1, set()).add("half")


def autospace(marked: Marked) -> None:
    """One space between ideographs or kana and Latin letters or digits."""
    text = marked.text
    for index in range(len(text) - 1):
        before = text[index]
        after_index = index + 1
        while after_index < len(text) and text[after_index] in " \u3000":
            after_index += 1
        if after_index >= len(text):
            break
        after = text[after_index]
        if (is_letter(before) and is_latin(after)) or (is_latin(before) and is_letter(after)):
            if after_index == index + 1:
                marked.insert(index + 1, " ")
            else:
                marked.drops.update(range(index + 2, after_index))
                if text[index + 1] != " ":
                    marked.drops.add(index + 1)
                    marked.insert(index + 1, " ")


def wrap_classes(marked: Marked, classes: dict[int, set[str]]) -> None:
    """Each character with classes in a ``span`` of them."""
    for index in sorted(classes):
        names = " ".join(sorted(classes[index]))
        marked.wrap(index, index + 1, f'<span class="{names}">', "</span>")


def last_line_unit(text: str, units: int = 3) -> tuple[int, int] | None:
    """The end of a paragraph that must not stand alone on its last line:
    its last *units* ideographs or kana (or Latin words) and what follows them."""
    end = len(text)
    index = end
    while index > 0 and text[index - 1] in _TRAILING:
        index -= 1
    counted = 0
    while index > 0 and counted < units:
        char = text[index - 1]
        if is_letter(char):
            index -= 1
        elif is_latin(char):
            while index > 0 and is_latin(text[index - 1]):
                index -= 1
        else:
            break
        counted += 1
    if counted < 2 or index == 0:
        return None
    return index, end


@lru_cache(maxsize=3)
def _parser(model: str):
    import budoux

    return {"ja": budoux.load_default_japanese_parser,
            "zh-Hans": budoux.load_default_simplified_chinese_parser,
            "zh-Hant": budoux.load_default_traditional_chinese_parser}[model]()


def phrases(text: str, model: str) -> list[tuple[int, int]]:
    """(start, end) of BudouX's phrases of *text*."""
    spans, position = [], 0
    for phrase in _parser(model).parse(text):
        spans.append((position, position + len(phrase)))
        position += len(phrase)
    return spans


def keep_phrases(marked: Marked, model: str) -> list[tuple[int, int]]:
    """Break a heading only between phrases: the phrases to keep whole (returned)
    with a ``<wbr>`` between two phrases that touch."""
    whole = []
    text = marked.text
    spans = phrases(text, model)
    for number, (start, end) in enumerate(spans):
        core_start, core_end = start, end
        while core_start < core_end and text[core_start].isspace():
            core_start += 1
        while core_end > core_start and text[core_end - 1].isspace():
            core_end -= 1
        if 1 < core_end - core_start <= _MAX_PHRASE:
            whole.append((core_start, core_end))
        # Between two ideographs or kana a line may break anyway; elsewhere
        # (between two Latin letters) it needs a <wbr>.
        if number and not text[start - 1].isspace() and not text[start].isspace() \
                and not (is_letter(text[start - 1]) or is_letter(text[start])):
            marked.insert(start, "<wbr>")
    return whole


def budoux_model(language: str, script: str) -> str | None:
    """The BudouX model of a locale, if there is one."""
    if language == "ja":
        return "ja"
    if language == "zh":
        return "zh-Hant" if script == "Hant" else "zh-Hans"
    return None
