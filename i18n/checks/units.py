"""Units: a number stays with what it counts.

"Use it 2 times a day for 3 days" translated as "3 times a day for 2 days"
keeps every number and still changes the dose.  CLDR's unit names, which
Babel formats per locale (``format_unit``: 天, 日, ngày, วัน, أيام ...), tell
which number counts days, hours or milligrams on each side.  A number the
source gives a unit and the translation gives another unit's name is an
error; a unit whose name cannot be found next to any number of the
translation is a warning (a person checks it), never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Iterator

import polib
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol
from babel.units import format_unit

from ..content.links import printed
from ..locales import parse_locale
from .base import ERROR, WARNING, CheckContext, pairs
from .invisible import as_printed
from .numbers import find_numbers

#: The CLDR units a handout counts with.
UNITS = ("duration-second", "duration-minute", "duration-hour", "duration-day", "duration-week",
         "duration-month", "duration-year", "mass-microgram", "mass-milligram", "mass-gram",
         "mass-kilogram", "volume-milliliter", "volume-liter", "length-millimeter",
         "length-centimeter", "length-meter", "temperature-celsius", "temperature-fahrenheit")
_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 100, 1.5)
_SPACES = " \u00a0\u2009\u202f"


@cache
def unit_words(locale: str) -> tuple[tuple[str, str], ...]:
    """(word, unit) for every name CLDR gives a unit after a number in *locale*, long
    and short, in every plural form; longest first.  One-letter Latin abbreviations
    (``d``, ``h``) are left out: they are also words and initials."""
    babel = Locale.parse(locale)
    words: dict[str, str] = {}
    for unit in UNITS:
        for length in ("long", "short"):
            for value in _SAMPLES:
                try:
                    text = format_unit(value, unit, length=length, locale=babel)
                except (KeyError, ValueError, AttributeError):
                    continue
                match = re.match(r"\s*[\d.,\u066b\u066c]+[\s\u00a0\u202f]*(\S.*?)\s*$", text)
                if not match or re.search(r"\d", match[1]):
                    continue   # no number, or the unit comes first
                word = match[1]
                if len(word) == 1 and word.isascii() and word.isalpha():
                    continue
                words.setdefault(word.lower(), unit)
    return tuple(sorted(words.items(), key=lambda item: -len(item[0])))


def _unit_after(text: str, end: int, words: tuple[tuple[str, str], ...]) -> str | None:
    """The unit whose name follows the number ending at *end* (past two spaces at most)."""
    position = end
    while position < len(text) and position - end < 2 and text[position] in _SPACES:
        position += 1
    lowered = text[position:position + 40].lower()
    for word, unit in words:
        if lowered.startswith(word):
            after = lowered[len(word):len(word) + 1]
            if word[-1].isascii() and word[-1].isalpha() and after.isascii() and after.isalpha():
                continue   # "day" is not the start of "daylight"
            return unit
    return None


def numbers_with_units(text: str, locale: Locale) -> dict[str, Counter]:
    """unit -> the values of the numbers *text* gives that unit."""
    words = unit_words(str(locale))
    found: dict[str, Counter] = {}
    for item in find_numbers(text, get_decimal_symbol(locale), get_group_symbol(locale)):
        unit = _unit_after(text, item.end, words)
        if unit is not None:
            found.setdefault(unit, Counter())[item.number.value] += 1
    return found


def _name(unit: str, locale: Locale) -> str:
    words = [word for word, name in unit_words(str(locale)) if name == unit]
    return ", ".join(sorted(words, key=len)[:3]) or unit.split("-", 1)[1]


def _show(values: Counter) -> str:
    return ", ".join(format(value.normalize(), "f") for value in sorted(values.elements()))


def check_units(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """A number keeps its unit: the numbers the source gives a unit (3 days) are the
    ones the translation gives that unit's name (3天), not other numbers (2天)."""
    if context.locale.pseudo:
        return
    source_locale = parse_locale(context.source_locale).babel
    for source, translation in pairs(entry):
        source_text = as_printed(printed(source).text)
        if not re.search(r"\d", source_text):
            continue
        expected = numbers_with_units(source_text, source_locale)
        if not expected:
            continue
        actual = numbers_with_units(as_printed(printed(translation).text),
                                    context.locale.babel)
        # A value the source does not have at all is the numbers check's finding.
        in_source = {item.number.value for item in find_numbers(
            source_text, get_decimal_symbol(source_locale), get_group_symbol(source_locale))}
        for unit, values in sorted(expected.items()):
            shown = actual.get(unit, Counter())
            moved, lost = shown - values, values - shown
            moved = Counter({value: n for value, n in moved.items() if value in in_source})
            if moved and lost:
                yield ERROR, (f"{_show(lost)} {_name(unit, source_locale)} in the source, but "
                              f"the translation gives {_show(moved)} "
                              f"{_name(unit, context.locale.babel)}: a number moved to "
                              "another unit")
            elif lost and not shown:
                yield WARNING, (f"the unit of {_show(lost)} {_name(unit, source_locale)} was "
                                "not found next to a number in the translation (looked for "
                                f"{_name(unit, context.locale.babel)}): check that the number "
                                "keeps its unit")
