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

from ..content.links import printed
from ..locales import parse_locale
from .base import ERROR, WARNING, CheckContext, pairs
from .invisible import as_printed

# Link targets, autolinks, bare URLs and format fields hold digits that are
# not the text's numbers; the markup, urls and placeholders checks cover them.
# Every negated class stops at the character that opens another match, so no
# part of a text is scanned twice (a 480 KB catalog of "](" must not hang).
_NOT_PROSE = re.compile(r"\]\([^)\]]*\)|<[a-z][a-z0-9+.-]*:[^<>\s]*>|(?:https?://|www\.)[^\s)>\]]+"
                        r"|\{[A-Za-z_][^{}]*\}|%\([A-Za-z_]\w*\)[a-zA-Z]", re.IGNORECASE)
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
#: Minus signs: hyphen-minus, U+2212 MINUS SIGN, full-width and small hyphen-minus.
_MINUS = frozenset("-\u2212\uff0d\ufe63")
#: Minus in words, right before the digits: 零下20°C is -20 °C.
_WORD_MINUS = ("零下", "負", "负", "マイナス", "영하", "마이너스")
_AFTER = re.compile(r"(?P<scale>\s?[萬万億亿])?(?P<percent>\s?%|\s+per\s?cent\b)?", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A number of a text: its value (with its sign), and whether it is a percentage."""

    value: Decimal
    percent: bool = False

    def __str__(self) -> str:
        text = format(self.value.normalize(), "f")
        return f"{text}%" if self.percent else text


@dataclass(frozen=True)
class Found:
    """A number where it stands in a text (for the units check), and how it is written."""

    number: Number
    start: int
    end: int
    malformed: str = ""   #: the written form when its digit groups are malformed (0,300)
    #: a hyphen between a CJK character and the digits: "因子-1" (a name) or "於-20"
    #: (minus twenty); it matches a negative number of the source, else it is no sign
    maybe_negative: bool = False


def _normalize_digits(text: str) -> str:
    """Every decimal digit (full-width ４８, Arabic-Indic ٤٨ ...) as ASCII, full-width ％
    and ． as ASCII; one character for one, so positions stay."""
    if text.isascii():
        return text
    text = re.sub(r"\d", lambda m: str(unicodedata.decimal(m.group(), m.group())), text)
    text = re.sub(r"(?<=[0-9])．(?=[0-9])", ".", text)
    return text.replace("％", "%").replace("﹪", "%")


def _group_separators(group: str) -> frozenset[str]:
    # A group separator (or a thin space) only counts between groups of three digits.
    return frozenset({group, "\u2009", "\u202f"} | ({"\u00a0"} if group.isspace() else set()))


@cache
def _run_pattern(decimal: str, group: str) -> re.Pattern:
    """Runs of digits joined by separators: matched once each, read by :func:`_read_run`."""
    separators = "".join(sorted(_group_separators(group) | {decimal}))
    return re.compile(rf"[0-9]+(?:[{re.escape(separators)}][0-9]+)*")


def _read_run(run: str, decimal: str, group: str) -> Iterator[tuple[Decimal, int, int, bool]]:
    """(value, start, end, malformed) of each number in a run of digits and separators.

    "10,000.5" is one number; "2,3" (English) is two; "0,300" is malformed: a
    group after a leading zero, which a reader cannot take for 300 or 0.3.
    """
    parts = re.split(r"([^0-9])", run)   # digits, separator, digits, ...
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    groups = _group_separators(group)
    index = 0
    while index < len(parts):
        first, last = parts[index], index
        if 1 <= len(first) <= 3:
            while last + 2 < len(parts) and parts[last + 1] in groups and \
                    len(parts[last + 2]) == 3:
                last += 2
        digits = "".join(parts[index:last + 1:2])
        malformed = last > index and (first.startswith("0") or (
            last + 2 < len(parts) and parts[last + 1] == group))
        value = Decimal(digits)
        if last + 2 < len(parts) and parts[last + 1] == decimal:
            value += Decimal(f"0.{parts[last + 2]}")
            last += 2
        yield value, offsets[index], offsets[last + 1], malformed
        index = last + 2


def _is_negative(text: str, start: int) -> bool | None:
    """Whether the digits at *start* carry a minus: "−20 °C" and "(-5)" do; the range
    "2-3", "IGF-1" and "5 -7" do not; ``None`` for a hyphen after a CJK character
    ("因子-1" or "於-20": either)."""
    for word in _WORD_MINUS:
        if text.startswith(word, start - len(word)):
            return True
    if start == 0 or text[start - 1] not in _MINUS:
        return False
    before = start - 2
    if before < 0:
        return True
    if text[before] in ".,_":
        return False
    if text[before].isalnum():
        if unicodedata.east_asian_width(text[before]) not in ("W", "F"):
            return False   # a word's hyphen: IGF-1
        return None if text[start - 1] == "-" else True   # 因子-1 or 於-20; 於−20
    while before >= 0 and text[before].isspace():
        before -= 1
    return before < 0 or not text[before].isdigit()


def _numeric_characters(text: str) -> Iterator[tuple[int, Decimal]]:
    """(index, value) of every numeric character that is not a decimal digit: vulgar
    fractions (½), circled (①), superscript (²) and Roman numerals (Ⅻ) ...

    〇 is left to the CJK numerals, like 一 and 十."""
    if text.isascii():
        return
    for index, char in enumerate(text):
        if char > "\x7f" and char != "〇" and unicodedata.category(char) in ("No", "Nl"):
            yield index, Decimal(str(unicodedata.numeric(char)))


def find_numbers(text: str, decimal: str = ".", group: str = ",") -> list[Found]:
    """Every number of *text* with where it stands, in order; see :func:`numbers`."""
    text = _normalize_digits(_NOT_PROSE.sub(lambda m: " " * len(m.group()), text))
    found: list[Found] = []
    for match in _run_pattern(decimal, group).finditer(text):
        for value, start, end, malformed in _read_run(match.group(), decimal, group):
            start, end = start + match.start(), end + match.start()
            found.append(_finish(text, value, start, end,
                                 match.group() if malformed else ""))
    extra = list(_numeric_characters(text))
    if extra:
        ends = {item.end: i for i, item in enumerate(found)}
        for index, value in extra:
            before = ends.get(index)
            if before is not None and 0 < value < 1:   # 1½ is one and a half
                old = found[before]
                value = old.number.value + (value if old.number.value >= 0 else -value)
                found[before] = _finish(text, value, old.start, index + 1, old.malformed,
                                        signed=True)
            else:
                found.append(_finish(text, value, index, index + 1, ""))
        found.sort(key=lambda item: item.start)
    return found


def _finish(text: str, value: Decimal, start: int, end: int, malformed: str,
            signed: bool = False) -> Found:
    """The number at text[start:end] with its sign, scale (萬) and percent sign."""
    negative = None if signed else _is_negative(text, start)
    if negative:
        value = -value
    after = _AFTER.match(text, end)
    if after["scale"]:
        value *= _CJK_SCALES[after["scale"].strip()]
    before = text[max(0, start - 4):start].rstrip()
    percent = bool(after["percent"]) or before.endswith("百分之")
    return Found(Number(value, percent), start, after.end() if after.group() else end, malformed,
                 maybe_negative=negative is None and not signed)


@lru_cache(maxsize=4096)   # a source string is checked again in every locale
def numbers(text: str, decimal: str = ".", group: str = ",") -> list[Number]:
    """The numbers of *text* as values, in order.

    A minus is part of a number ("−20 °C" is -20), but the range "2-3" is 2
    and 3 and "IGF-1" is 1; "10,000" and "1萬" are 10000; "48%" and
    "百分之48" are 48 percent; every numeric character counts with its value
    (½ 0.5, ① 1, Ⅻ 12).  Roman numerals in letters and numbers written in
    words are not numbers.  *decimal* and *group* are the language's
    separators (German: "," and ".").
    """
    return [item.number for item in find_numbers(text, decimal, group)]


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


#: CLDR numbering systems and the Unicode names of their digits.
_DIGIT_NAMES = {"arab": "ARABIC-INDIC", "arabext": "EXTENDED ARABIC-INDIC", "beng": "BENGALI",
                "deva": "DEVANAGARI", "gujr": "GUJARATI", "guru": "GURMUKHI", "khmr": "KHMER",
                "knda": "KANNADA", "laoo": "LAO", "mlym": "MALAYALAM", "mymr": "MYANMAR",
                "orya": "ORIYA", "tamldec": "TAMIL", "telu": "TELUGU", "thai": "THAI",
                "tibt": "TIBETAN"}


@cache
def _digit_prefixes(locale: str) -> tuple[str, ...]:
    """The Unicode names ("THAI DIGIT") of the digits a reader of *locale* reads:
    ASCII, full-width, and the locale's own numbering systems (CLDR)."""
    babel = Locale.parse(locale)
    systems = {babel.default_numbering_system, *babel.other_numbering_systems.values()}
    if "arab" in systems or "arabext" in systems:
        systems |= {"arab", "arabext"}   # Arabic-Indic and Persian digits alike
    return ("DIGIT", "FULLWIDTH DIGIT",
            *(f"{_DIGIT_NAMES[system]} DIGIT" for system in sorted(systems & _DIGIT_NAMES.keys())))


def foreign_digits(translation: str, source: str, locale: Locale) -> list[str]:
    """The digits of *translation* that a reader of *locale* does not read as digits
    (a Bengali ৪ in Chinese text), and its other numeric characters (④, Ⅳ, ⁴, ½),
    that the source does not have."""
    if translation.isascii():
        return []
    prefixes = _digit_prefixes(str(locale))
    found = []
    for char in translation:
        if char <= "\x7f" or char == "〇" or char in source:
            continue
        category = unicodedata.category(char)
        if category in ("No", "Nl") or category == "Nd" and \
                not unicodedata.name(char, "").startswith(prefixes):
            found.append(char)
    return list(dict.fromkeys(found))


def check_numbers(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Every number of the source, and no other, is in the translation (as a value,
    with its sign), as the reader sees it.

    The text compared is the printed one: character references decoded
    (``&#48;`` is 0), markup gone, and a right-to-left override that turns 24
    into 42 applied.  A source number written in CJK numerals in the
    translation (48 as 四十八) is a warning: a person has to confirm it.  A
    malformed digit group (0,300) and a digit of a script the reader does not
    read are errors.
    """
    source_symbols = _separators(parse_locale(context.source_locale).babel)
    symbols = _separators(context.locale.babel)
    for source, translation in pairs(entry):
        source_text = as_printed(printed(source).text)
        shown = as_printed(printed(translation).text)
        expected = Counter(numbers(source_text, *source_symbols))
        found = find_numbers(shown, *symbols)
        actual = Counter(item.number for item in found)
        if context.locale.pseudo:   # accented "percent" is no longer a word for %, and a
            # mirrored word can put a bracket before a hyphen: "FGI(-1)"
            expected = Counter(Number(abs(n.value)) for n in expected.elements())
            actual = Counter(Number(abs(n.value)) for n in actual.elements())
        source_malformed = {item.malformed for item in find_numbers(source_text,
                                                                    *source_symbols)}
        for item in found:
            if item.malformed and item.malformed not in source_malformed:
                yield ERROR, (f"malformed number '{item.malformed}': its digit groups do not "
                              "read as one number (write it as the source does)")
        for char in foreign_digits(shown, source_text, context.locale.babel):
            value = format(Decimal(str(unicodedata.numeric(char))).normalize(), "f")
            yield ERROR, (f"{char!r} ({unicodedata.name(char, 'numeric character')}) is not "
                          f"how the source or a reader of {context.locale.tag} writes "
                          f"{value}: write it as the source does")
        missing, extra = expected - actual, actual - expected
        for item in found:   # "於-20" is the source's −20, if the source has one
            negative = Number(-item.number.value, item.number.percent)
            if item.maybe_negative and missing[negative] and extra[item.number]:
                missing[negative] -= 1
                extra[item.number] -= 1
        missing, extra = +missing, +extra
        written = cjk_numbers(_NOT_PROSE.sub(" ", shown)) if missing else []
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
