"""Per-script typesetting that the renderer's CSS cannot express.

Two adjustments are made to the HTML of translated text, never to the text
itself (no invisible control characters are inserted):

* **Right to left** (Arabic, Hebrew ...): each left-to-right run inside the
  text ("PRP", "SPF 50", "24–48", a URL, the author's romanized name) is
  wrapped in ``<bdi dir="ltr">``.  WeasyPrint lays an inline element out as a
  unit and places the units of a right-to-left line from the right, so the
  run keeps its own order whatever surrounds it.
* **Korean** breaks lines between words, not between syllables (what
  ``word-break: keep-all`` asks for, which WeasyPrint 70 does not support):
  each Korean word is a ``<span class="kw">`` that the stylesheet keeps from
  wrapping.  Lines still break at the spaces between words.

Only text between tags changes; tags and their attributes (link targets)
are kept as they are.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markupsafe import Markup

from ..locales import HandoutLocale

_TAG = re.compile(r"(<[^>]*>)")
#: Bidi classes that make or continue a left-to-right run: letters, European
#: digits and their terminators (% ° #), so "24%" stays whole.
_LTR_CORE = frozenset({"L", "EN", "ET"})
#: What ends a run: right-to-left letters, Arabic digits, breaks, and brackets
#: (a run never holds half of a pair).
_LTR_STOP = frozenset({"R", "AL", "AN", "B", "S"})
_BRACKETS = frozenset("()[]{}«»")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_WORD = re.compile(r"\S+")


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every left-to-right run of *text*.

    A run starts and ends with a letter, a European digit or a terminator
    (``%``); spaces and punctuation inside it belong to it.
    """
    runs: list[tuple[int, int]] = []
    start = last = None
    for index, char in enumerate(text):
        kind = unicodedata.bidirectional(char)
        if kind in _LTR_CORE and char not in _BRACKETS:
            if start is None:
                start = index
            last = index
        elif kind in _LTR_STOP or char in _BRACKETS:
            if start is not None:
                runs.append((start, last + 1))
                start = None
    if start is not None:
        runs.append((start, last + 1))
    return runs


def _has_strong_ltr(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("L", "EN") for c in text)


def isolate_ltr(text: str) -> str:
    """Plain *text* as HTML, each left-to-right run in ``<bdi dir="ltr">``."""
    out, last = [], 0
    for start, end in ltr_runs(text):
        if not _has_strong_ltr(text[start:end]):
            continue
        out.append(html.escape(text[last:start], quote=False))
        out.append('<bdi dir="ltr">' + html.escape(text[start:end], quote=False) + "</bdi>")
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def keep_korean_words(text: str) -> str:
    """Plain *text* as HTML, each word holding Hangul in ``<span class="kw">``."""
    out, last = [], 0
    for match in _WORD.finditer(text):
        if not _HANGUL.search(match.group()):
            continue
        out.append(html.escape(text[last:match.start()], quote=False))
        out.append('<span class="kw">' + html.escape(match.group(), quote=False) + "</span>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _map_text(markup: str, transform) -> Markup:
    """Apply *transform* (plain text -> HTML) to every text node of *markup*."""
    parts = _TAG.split(str(markup))
    return Markup("".join(part if index % 2 else transform(html.unescape(part))
                          for index, part in enumerate(parts)))


def typeset(markup: Markup | str, locale: HandoutLocale) -> Markup:
    """The HTML of a translated text, adjusted for *locale*'s script.

    Right-to-left locales get their left-to-right runs isolated; Korean gets
    its words kept whole.  Pseudo-locales and other scripts are unchanged.
    """
    if locale.pseudo or not markup:
        return Markup(markup)
    if locale.direction == "rtl":
        return _map_text(markup, isolate_ltr)
    if locale.babel.language == "ko":
        return _map_text(markup, keep_korean_words)
    return Markup(markup)
