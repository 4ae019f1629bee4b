"""Numbers: a dose, an hour or a count must never change in translation."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Iterator

import polib
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..locales import parse_locale
from .base import ERROR, WARNING, CheckContext, pairs
from .invisible import as_printed

# Link targets, autolinks, bare URLs and format fields hold digits that are
# not the text's numbers; the markup and placeholders checks cover them.
_NOT_PROSE = re.compile(r"\]\([^)]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|https?://[^\s)>\]]+"
                        r"|\{[^{}]*\}|%\([A-Za-z_]\w*\)[a-zA-Z]", re.IGNORECASE)
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_SCALES = {"萬": 10 ** 4, "万": 10 ** 4, "億": 10 ** 8, "亿": 10 ** 8}
_CJK_RUN = "[〇零一二兩两三四五六七八九十百千萬万億亿]"
_CJK_NUMBER = re.compile(rf"(?P<percent_before>百分之)?(?P<int>{_CJK_RUN}+)"
                         rf"(?:[點点](?P<fraction>[〇零一二三四五六七八九]+))?(?P<percent>\s?%)?")
# Numbers in English words: a translation may write "two" as 2 and "May" as 5月.
_ENGLISH_NUMBERS = {word: index for index, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_ENGLISH_NUMBERS.update(twice=2, twenty=20, thirty=30, forty=40, fifty=50, hundred=100,
                        thousand=1000, million=10 ** 6)
_MONTHS = {month: index for index, month in enumerate(
    "January February March April May June July August September October November "
    "December".split(), start=1)}


@dataclass(frozen=True)
class Number:
    """A number of a text: its value, and whether it is a percentage."""

    value: Decimal
    percent: bool = False

    def __str__(self) -> str:
        text = format(self.value.normalize(), "f")
        return f"{text}%" if self.percent else text


def _normalize_digits(text: str) -> str:
    """Every decimal digit (full-width ４８ too) as ASCII, full-width ％ and ． as ASCII."""
    text = re.sub(r"\d", lambda m: str(unicodedata.decimal(m.group(), m.group())), text)
    text = re.sub(r"(?<=[0-9])．(?=[0-9])", ".", text)
    return text.replace("％", "%").replace("﹪", "%")


@cache
def _number_pattern(decimal: str, group: str) -> re.Pattern:
    # A group separator (or a thin space) only counts between groups of three digits.
    groups = {group, "\u2009", "\u202f"} | ({"\u00a0"} if group.isspace() else set())
    return re.compile(
        r"(?P<percent_before>百分之\s?)?"
        rf"(?P<int>[0-9]{{1,3}}(?:[{re.escape(''.join(sorted(groups)))}][0-9]{{3}})+(?![0-9])"
        r"|[0-9]+)"
        rf"(?:{re.escape(decimal)}(?P<fraction>[0-9]+))?"
        r"(?P<scale>\s?[萬万億亿])?"
        r"(?P<percent>\s?%|\s+per\s?cent\b)?", re.IGNORECASE)


@lru_cache(maxsize=4096)   # a source string is checked again in every locale
def numbers(text: str, decimal: str = ".", group: str = ",") -> list[Number]:
    """The numbers of *text* as values, in order.

    Signs are ignored, so that the range "2-3" is 2 and 3 and "IGF-1" is 1;
    "10,000" and "1萬" are 10000; "48%" and "百分之48" are 48 percent.
    Roman numerals and numbers written in words are not numbers.  *decimal*
    and *group* are the language's separators (German: "," and ".").
    """
    found = []
    pattern = _number_pattern(decimal, group)
    for match in pattern.finditer(_normalize_digits(_NOT_PROSE.sub(" ", text))):
        value = Decimal(re.sub(r"[^0-9]", "", match["int"]))
        if match["fraction"]:
            value += Decimal(f"0.{match['fraction']}")
        if match["scale"]:
            value *= _CJK_SCALES[match["scale"].strip()]
        found.append(Number(value, bool(match["percent"] or match["percent_before"])))
    return found


def _cjk_int(run: str) -> int | None:
    """The value of a run of CJK numerals: 十 10, 二十四 24, 三百零五 305, 二〇二六 2026."""
    if len(run) > 1 and all(char in _CJK_DIGITS for char in run):
        return int("".join(str(_CJK_DIGITS[char]) for char in run))
    total, section, digit = 0, 0, None
    for char in run:
        if char in ("零", "〇"):
            continue
        if char in _CJK_DIGITS:
            if digit is not None:  # "三十五六" (35 or 36): no single value
                return None
            digit = _CJK_DIGITS[char]
        elif char in _CJK_UNITS:
            section += (1 if digit is None else digit) * _CJK_UNITS[char]
            digit = None
        else:
            total += (section + (digit or 0)) * _CJK_SCALES[char] or _CJK_SCALES[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def cjk_numbers(text: str) -> list[tuple[Number, str]]:
    """The numbers of *text* written in CJK numerals, with how they are written."""
    found = []
    for match in _CJK_NUMBER.finditer(text):
        value = _cjk_int(match["int"])
        if value is None:
            continue
        number = Decimal(value)
        if match["fraction"]:
            number += Decimal("0." + "".join(str(_CJK_DIGITS[c]) for c in match["fraction"]))
        percent = bool(match["percent_before"] or match["percent"])
        found.append((Number(number, percent), match.group().strip()))
    return found


def _numbers_in_words(text: str) -> Counter:
    found: Counter = Counter()
    for word in re.findall(r"[A-Za-z]+", text):
        value = _MONTHS.get(word, _ENGLISH_NUMBERS.get(word.lower()))
        if value is not None:
            found[Number(Decimal(value))] += 1
    return found


def _separators(locale: Locale) -> tuple[str, str]:
    return get_decimal_symbol(locale), get_group_symbol(locale)


def check_numbers(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Every number of the source, and no other, is in the translation (as a value).

    A source number written in CJK numerals in the translation (48 as 四十八)
    is a warning: a person has to confirm it.  Numbers are compared as they
    are printed: a right-to-left override that turns 24 into 42 is caught.
    """
    source_symbols = _separators(parse_locale(context.source_locale).babel)
    symbols = _separators(context.locale.babel)
    for source, translation in pairs(entry):
        translation = as_printed(translation)
        expected = Counter(numbers(source, *source_symbols))
        actual = Counter(numbers(translation, *symbols))
        if context.locale.pseudo:   # accented "percent" is no longer a word for %
            expected = Counter(Number(n.value) for n in expected.elements())
            actual = Counter(Number(n.value) for n in actual.elements())
        missing, extra = expected - actual, actual - expected
        written = cjk_numbers(_NOT_PROSE.sub(" ", translation)) if missing else []
        unexplained: list[Number] = []
        for number in sorted(missing.elements(), key=lambda n: (n.value, n.percent)):
            spelled = next((i for i, (cjk, _) in enumerate(written) if cjk == number), None)
            if spelled is not None:
                yield WARNING, f"number {number} may be written as {written.pop(spelled)[1]}"
            else:
                unexplained.append(number)
        words = _numbers_in_words(source)
        for number in sorted(extra.elements(), key=lambda n: (n.value, n.percent)):
            if words[number]:
                words[number] -= 1
                yield WARNING, f"number {number} is not in the source, unless there in words"
            else:
                unexplained.append(number)
        counted = set()
        for number in unexplained:
            if expected[number] and actual[number]:
                # In both texts, a different number of times: say so once, with the counts.
                if number not in counted:
                    counted.add(number)
                    yield ERROR, (f"number {number} appears {_times(expected[number])} in the "
                                  f"source and {_times(actual[number])} in the translation")
            elif expected[number]:
                yield ERROR, f"number {number} of the source is missing from the translation"
            else:
                yield ERROR, f"number {number} is not in the source"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


# --- markup ---------------------------------------------------------------------
