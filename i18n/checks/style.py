"""Style: untranslated-looking text, whitespace and punctuation."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

import polib

from .base import ERROR, WARNING, CheckContext, pairs

_CODE_TOKEN = re.compile(r"\S*[0-9{%]\S*|(?=(?:[a-z]?[A-Z]){2})[A-Za-z]{2,4}")
# Negated classes stop at the character that opens another match: each part of
# a text is scanned once, however many "](" or "<" a translator's text holds.
_NOT_WORDS = re.compile(r"\{[^{}]*\}|%(?:\([^)%(]*\))?[a-zA-Z]|\]\([^)\]]*\)|<[^<>]*>|[0-9]+")


def _needs_no_translation(text: str, do_not_translate: tuple[str, ...]) -> bool:
    """Whether *text* may stay as it is: short, a code, or only terms and numbers."""
    text = text.strip()
    if len(text) <= 3 or _CODE_TOKEN.fullmatch(text.strip("*_`")):
        return True
    for term in sorted(do_not_translate, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text)
    words = [word for word in re.findall(r"[\w{}%+-]+", _NOT_WORDS.sub(" ", text))
             if not _CODE_TOKEN.fullmatch(word)]
    return not re.search(r"[^\W\d_]", " ".join(words))


def check_same_as_source(entry: polib.POEntry,
                         context: CheckContext) -> Iterator[tuple[str, str]]:
    """A translation identical to its source is likely text left in English."""
    locale = context.locale
    if locale.pseudo or locale.babel.language == re.split(r"[-_]", context.source_locale)[0]:
        return
    for source, translation in pairs(entry):
        if translation == source and not _needs_no_translation(source,
                                                                context.do_not_translate):
            yield WARNING, ("the translation is the same as the source (add the translator "
                            "comment '# no-same-as-source-check' if it is meant to stay so)")


# --- whitespace -----------------------------------------------------------------

def check_whitespace(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Leading and trailing whitespace and newlines as in the source; no stray double spaces."""
    for source, translation in pairs(entry):
        for end, test in (("start", str.startswith), ("end", str.endswith)):
            if test(source, "\n") != test(translation, "\n"):
                which = "the source" if test(source, "\n") else "the translation"
                yield ERROR, f"only {which} {end}s with a newline"
        inner_source, inner = source.strip("\n"), translation.strip("\n")
        for end, pattern in (("start", r"^\s"), ("end", r"\s$")):
            in_source = bool(re.search(pattern, inner_source))
            if in_source != bool(re.search(pattern, inner)):
                which = "the source" if in_source else "the translation"
                yield WARNING, f"only {which} {end}s with whitespace"
        if "  " in translation and "  " not in source:
            yield WARNING, f"double space at column {translation.index('  ') + 1}"


# --- punctuation ----------------------------------------------------------------

_END_KINDS = {"period": ".。．।", "question": "?？؟", "exclamation": "!！", "colon": ":：",
              "semicolon": ";；", "ellipsis": "…"}
# What a Chinese or Japanese sentence ends with, by the kind of the source's ending.
_CJK_ENDINGS = {"period": "。", "question": "？", "exclamation": "！", "colon": "：",
                "semicolon": "；", "ellipsis": "…"}
_CLOSERS = "\"')]}»”’」』）】〕》〉*_`\u3000 \t\n"
_HALF_WIDTH = ",.;:?!()"
_LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese"}
# Half-width punctuation is right inside these: "[文](https://a.b/c,d)", `a.b`, {name}.
_PROTECTED = re.compile(r"\]\([^)\]]*\)|`[^`]*`|<[^<>]*>|https?://[^\s)>\]]+|\{[^{}]*\}"
                        r"|%\([A-Za-z_]\w*\)[a-zA-Z]")


def _stripped_end(text: str) -> str:
    """*text* without its link targets and its closing quotes, brackets and markup."""
    return re.sub(r"\]\([^)\]]*\)", "]", text).rstrip(_CLOSERS)


def _ending(text: str) -> str:
    """The last character of *text*, past closing quotes, brackets, markup and link targets."""
    text = _stripped_end(text)
    if text.endswith("..."):
        return "…"
    return text[-1:] if text else ""


def _end_kind(char: str) -> str | None:
    return next((kind for kind, chars in _END_KINDS.items() if char and char in chars), None)


def is_cjk(char: str) -> bool:
    """A Han, kana or Hangul character, or CJK punctuation (not a full-width letter or digit)."""
    if not char or unicodedata.east_asian_width(char) not in ("W", "F"):
        return False
    return not unicodedata.normalize("NFKC", char).isascii()


def _mask(text: str) -> str:
    """*text* with link targets, code, URLs and fields blanked out, columns kept."""
    return _PROTECTED.sub(lambda m: "\0" * len(m.group()), text)


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character from *index* in direction *step*, past spaces and markup."""
    index += step
    while 0 <= index < len(text) and text[index] in " *_~":
        index += step
    return text[index] if 0 <= index < len(text) else ""


#: Languages whose sentences end without a full stop (a space or the paragraph's end),
#: and whose questions may end without a question mark (the particle asks: ไหม, ບໍ).
_NO_FULL_STOP = {"th", "lo"}
_MAY_DROP = ("period", "question")
#: A text that ends with an abbreviation ("10 a.m. and 4 p.m.", "e.g.", "Dr.") ends
#: with its dot, not with a sentence's full stop: the two texts need not agree.
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:(?:[A-Za-z]\.){2,}|(?:etc|vs|approx|incl|min|max|"
                           r"Dr|Mr|Mrs|Ms|Prof|No|cf|ca|Jr|Sr|Inc|Ltd|Co)\.)$",
                           re.IGNORECASE)
#: Where a string stands that is not a sentence: no end punctuation to compare.
_NOT_SENTENCES = ("table cell", "table header")


def _ends_with_abbreviation(text: str) -> bool:
    return bool(_ABBREVIATION.search(_stripped_end(text)))


def _is_table_cell(entry: polib.POEntry) -> bool:
    return any(line.strip().startswith(_NOT_SENTENCES)
               for line in (entry.comment or "").splitlines())


def check_punctuation(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Ending punctuation of the same kind; full-width punctuation in Chinese and Japanese."""
    if context.locale.pseudo:  # pseudo-translations end with padding, on purpose
        return
    language = context.locale.babel.language
    # Korean is written with Western punctuation, so only zh and ja are "full-width".
    full_width = language in _LANGUAGE_NAMES
    compare_ends = not _is_table_cell(entry)
    for source, translation in pairs(entry):
        source_end, end = _ending(source), _ending(translation)
        source_kind, kind = _end_kind(source_end), _end_kind(end)
        if not compare_ends or _ends_with_abbreviation(source) or \
                _ends_with_abbreviation(translation):
            pass
        elif full_width:
            expected = _CJK_ENDINGS.get(source_kind)
            # A Japanese question may end with か。 as well as with ？.
            also = "。" if language == "ja" and source_kind == "question" else expected
            if expected is not None and end not in (expected, also):
                yield WARNING, (f"the source ends with '{source_end}', so the translation "
                                f"should end with '{expected}', not '{end}'")
            elif expected is None and kind is not None:
                yield WARNING, (f"the translation ends with '{end}' but the source "
                                f"has no end punctuation")
        elif source_kind != kind and not (language in _NO_FULL_STOP and
                                          source_kind in _MAY_DROP and kind is None):
            yield WARNING, (f"the source ends with '{source_end}' but the translation "
                            f"ends with '{end}'")
        if full_width:
            yield from _half_width(translation, _LANGUAGE_NAMES[language])


def _half_width(translation: str, language: str) -> Iterator[tuple[str, str]]:
    text = _mask(translation)
    for index, char in enumerate(text):
        if char not in _HALF_WIDTH or char == "." and text[index - 1:index] == ".":
            continue  # an ellipsis "..." is one finding
        before, after = _neighbour(text, index, -1), _neighbour(text, index, 1)
        if char == "(":
            wrong = is_cjk(before) and is_cjk(after)
        elif char == ")":
            wrong = is_cjk(before) and (is_cjk(after) or not after)
        elif char == ".":
            wrong = is_cjk(before)
        else:
            wrong = is_cjk(before) or is_cjk(after)
        if wrong:
            yield WARNING, f"half-width '{char}' in {language} text at column {index + 1}"


# --- script ---------------------------------------------------------------------

# Simplified-only characters and their Traditional forms (Taiwan's standard
# glyphs), one token each: "发發髮" is 发 -> 發 or 髮.  Cross-checked with
# OpenCC's character tables: no character on the left is in use in Traditional
# text, except in the words of _TRADITIONAL_WORDS or too rarely for a handout
# (种 as a surname).  Left out as also Traditional: 后 (queen), 里, 面, 干,
