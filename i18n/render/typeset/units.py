"""Units of meaning that a line must not split, in every script.

* a number range: ``2–3``, ``2～3``, ``2至3``, ``24 to 48``, ``2 إلى 3``;
* a number (or range) with its unit or counter: ``48 小時``, ``3回``,
  ``50 mg``, ``IV型``, ``第4至14天``, ``2 to 3 sessions``;
* a hyphenated technical term: ``TGF-beta``, ``TGF-β``, ``IGF-1``.

Each is found in the plain text and kept on one line by the stylesheet
(``span.nobr``, ``white-space: nowrap``): a range is never read as its first
number alone, and no line starts with "～3回" after a line ending in "2".
"""

from __future__ import annotations

import re


NOBR = ('<span class="nobr">', "</span>")

_NUMBER = r"\d+(?:[.,]\d+)*(?:\s?%)?"
#: Between the two numbers of a range: a dash or tilde, or a word meaning "to".
_RANGE_MARK = (r"(?:\s*[\u2013\u2014\u2012\-~\uff5e\u301c\u2212]\s*"
               r"|\s*(?:至|到)\s*"
               r"|\s+(?:to|through|đến|tới|hingga|sampai|ถึง|إلى|a|à|bis)\s+)")
_QUANTITY = re.compile(rf"{_NUMBER}(?:{_RANGE_MARK}{_NUMBER})?")

#: What a number leads in Chinese, Japanese and Korean: counters and units,
#: longest first (a single ideograph or kana after a number is taken otherwise).
_COUNTERS = sorted("""
日目 週目 週間 時間 ヶ月 か月 カ月 種類 番目 段階 回目 年間 分間 小時 小时 分鐘 分钟 個月 个月
毫克 毫升 階段 阶段 周目 일째 주째 시간 개월 가지
""".split(), key=len, reverse=True)
_CJK_LETTER = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3]"
_CJK_QUANTITY = re.compile(
    # A number is tried from the start of its digits only: retried from each digit
    # of a long run, the pattern went quadratic on a translator's text.
    rf"(?:第\s*)?(?<!\d)(?<!\d[.,])(?:[IVX]{{1,4}}|{_QUANTITY.pattern})"
    rf"\s*(?:{'|'.join(_COUNTERS)}|{_CJK_LETTER})")
#: A hyphenated term whose parts include a capital, a digit or a Greek letter.
_PART = r"(?:[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u1e00-\u1eff]+|[\u0600-\u06ff]+)"
_HYPHENATED = re.compile(rf"(?<![\w\-\u2010\u2011]){_PART}(?:[\-\u2010\u2011]{_PART})+")
_TECHNICAL = re.compile(r"[A-Z0-9\u0370-\u03ff]|\d")
#: The word after a number in text with spaces: letters only, up to 14 of them.
_NEXT_WORD = re.compile(r"\s+([^\W\d_]{1,14})(?![^\W\d_])")


def unit_ranges(text: str, cjk: bool, next_word=None) -> list[tuple[int, int]]:
    """(start, end) of every unit of meaning in *text*.

    *cjk*: Chinese, Japanese or Korean text (a counter follows the number
    directly).  *next_word*: ``f(text, position) -> end`` for scripts whose
    words have no spaces between them (Thai); by default the next word after
    a space.
    """
    ranges = []
    for match in _HYPHENATED.finditer(text):
        if _TECHNICAL.search(match.group()):
            ranges.append(match.span())
    if cjk:
        for match in _CJK_QUANTITY.finditer(text):
            ranges.append(match.span())
    for match in _QUANTITY.finditer(text):
        start, end = match.span()
        unit_end = None
        if next_word is not None:
            unit_end = next_word(text, end)
        else:
            word = _NEXT_WORD.match(text, end)
            if word and not cjk_letter(word.group(1)[0]):
                unit_end = word.end()
        ranges.append((start, unit_end or end))
    return [(s, e) for s, e in ranges if e - s > 1]


_CJK_RE = re.compile(_CJK_LETTER)


def cjk_letter(char: str) -> bool:
    return bool(_CJK_RE.match(char))


def merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping ranges joined (touching ones stay apart: a line may break
    between two words kept whole)."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def last_words(text: str, longest: int = 28) -> tuple[int, int] | None:
    """The last two words of a paragraph or heading in a script with spaces,
    kept together so that its last line never holds one word alone ("sửa /
    chữa?", a stray "وتشبيه"), unless they are too long to move as one."""
    end = len(text.rstrip())
    words = text[:end].rsplit(None, 1)
    if len(words) < 2:
        return None
    before = text[:end - len(words[1])].rstrip()
    start = len(before) - len(before.rsplit(None, 1)[-1])
    if start == 0 or end - start > longest:
        return None
    return start, end


