"""Per-script typesetting that WeasyPrint's CSS cannot express.

WeasyPrint 70 ignores ``word-break: keep-all``, ``line-break: strict``,
``text-autospace`` and ``writing-mode``.  So the renderer marks up the HTML
of each translated text, never the text itself: nothing is asked of
translators and no invisible character is added to a catalog (the checks
refuse them).  One module per family of rules:

* :mod:`.units`: ranges, numbers with their units and hyphenated terms kept
  on one line, in every script;
* :mod:`.cjk`: Chinese and Japanese punctuation, ¼ em spacing next to Latin
  text, no one-character last lines, headings broken between phrases;
* :mod:`.thai`: Thai lines broken only between dictionary words (by
  Pango, given a better dictionary; marked up only when that cannot be
  built);
* :mod:`.bidi`: right-to-left text with its left-to-right runs isolated
  exactly where the Unicode bidi algorithm puts them;
* Korean words are kept whole (``word-break: keep-all``): lines break at
  the spaces between words;
* in the scripts with spaces, the last two words of a paragraph or heading
  stay together: no last line holds one word alone.

:mod:`.markup` holds the text and its annotations and writes the HTML, with
every tag of the translation kept (link targets included).  The stylesheet
(templates/handout.css) gives the classes their meaning.  The web page
(i18n/publish/web.py) uses the same units and bidi isolation, so that a
browser shows numbers in the order the PDF prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ...locales import HandoutLocale
from . import bidi, cjk, thai
from .markup import Marked, parse, serialize
from .units import NOBR, last_words, merge, unit_ranges

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_WORD = re.compile(r"\S+")
#: Roles (i18n.content.article.Segment.role) set as headings: broken between phrases.
_HEADING_ROLES = ("heading", "front matter: title", "front matter: short title", "FAQ question",
                  "table header")
#: Roles set as running text: no one-character last line.
_TEXT_ROLES = ("paragraph", "list item", "FAQ answer", "front matter: description",
               "front matter: disclaimer", "front matter: author bio", "disclaimer")


def is_heading(role: str) -> bool:
    return role.startswith(_HEADING_ROLES)


def is_running_text(role: str) -> bool:
    return role.startswith(_TEXT_ROLES)


def korean_words(text: str) -> list[tuple[int, int]]:
    """Every space-separated word holding Hangul (kept whole, as ``keep-all`` would)."""
    return [m.span() for m in _WORD.finditer(text) if _HANGUL.search(m.group())]


def _cover_isolates(ranges: list[tuple[int, int]], isolates: list[tuple[int, int]]
                    ) -> list[tuple[int, int]]:
    """*ranges* grown to hold whole every isolate they partly overlap, merged."""
    ranges = merge(ranges)
    while True:
        grown = []
        for start, end in ranges:
            for a, b in isolates:
                if a < end and start < b:
                    start, end = min(start, a), max(end, b)
            grown.append((start, end))
        grown = merge(grown)
        if grown == ranges:
            return ranges
        ranges = grown


@dataclass(frozen=True)
class Typesetter:
    """Marks up the translated HTML of one handout's locale.

    *terms*: words a line must not break (the locale's glossary terms: Thai
    has no spaces to show where they end).  *medium* ``"web"`` keeps only
    the marks a browser needs too (units, last words, bidi isolation);
    ``"print"`` adds what WeasyPrint lacks.  *mark_thai_words*: mark every Thai word up,
    for a renderer without the Thai line-breaking dictionary
    (:func:`.thai.line_break_environment`).
    """

    locale: HandoutLocale
    terms: frozenset[str] = frozenset()
    medium: str = "print"
    mark_thai_words: bool = False

    def __call__(self, markup: Markup | str, role: str = "paragraph") -> Markup:
        if self.locale.pseudo or not markup:
            return Markup(markup)
        marked = parse(str(markup))
        if not marked.text.strip():
            return Markup(markup)
        self.annotate(marked, role)
        return Markup(serialize(marked))

    def annotate(self, marked: Marked, role: str) -> None:
        """Add the locale's annotations to *marked*."""
        text, locale = marked.text, self.locale
        language = locale.babel.language
        print_medium = self.medium == "print"
        keep: list[tuple[int, int]] = []
        next_word = None
        if language == "th":
            next_word = thai.counter_end
            if self.mark_thai_words and print_medium:
                keep += thai.keep_thai_words(marked, thai.word_spans(text, self.terms))
        keep += unit_ranges(text, language in ("zh", "ja", "ko"), next_word)
        if language == "ko" and print_medium:
            keep += korean_words(text)
        if language not in ("zh", "ja", "th") and (is_running_text(role) or is_heading(role)):
            unit = last_words(text)
            if unit:
                keep.append(unit)
        if language in ("zh", "ja") and print_medium:
            classes: dict[int, set[str]] = {}
            cjk.punctuation_classes(text, classes)
            cjk.wrap_classes(marked, classes)
            cjk.autospace(marked)
            model = cjk.budoux_model(language, locale.script)
            if model and is_heading(role) and len(text) >= cjk.MIN_PHRASED_HEADING:
                keep += cjk.keep_phrases(marked, model)
            if is_running_text(role):
                unit = cjk.last_line_unit(text)
                if unit:
                    keep.append(unit)
        isolates: list[tuple[int, int]] = []
        if locale.direction == "rtl":
            isolates = bidi.ltr_runs(text)
            for start, end in isolates:
                marked.wrap(start, end, '<bdi dir="ltr">', "</bdi>", splittable=False)
        ranges = _cover_isolates(keep, isolates)
        # A break opportunity inside a unit kept whole would be a contradiction.
        marked.inserts = [(position, tag) for position, tag in marked.inserts
                          if tag != "<wbr>" or not any(s < position < e for s, e in ranges)]
        for start, end in ranges:
            marked.wrap(start, end, *NOBR)


def typeset(markup: Markup | str, locale: HandoutLocale, role: str = "paragraph") -> Markup:
    """The HTML of a translated text, marked up for *locale*'s script (print)."""
    return Typesetter(locale)(markup, role)


def glossary_words(glossary) -> frozenset[str]:
    """The target terms of a glossary (:class:`i18n.catalogs.glossary.Term`), each kept whole."""
    return frozenset(term.target for term in glossary if term.target)


__all__ = ["Typesetter", "glossary_words", "is_heading", "is_running_text",
           "korean_words", "typeset"]
