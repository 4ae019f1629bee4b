"""Invisible characters: what a reader cannot see must not change what is printed.

A right-to-left override (U+202E) around "24至48" prints "84至42"; a
zero-width space splits a word that looks whole.  Every format character
(Unicode category Cf) is an error in a translation, except the directional
marks of a right-to-left language.
"""

from __future__ import annotations

import unicodedata
from typing import Iterator

import polib

from ..content.links import printed
from ..text import LINE_CONTROLS, describe, hidden_characters
from .base import ERROR, CheckContext, pairs

#: Directional marks that right-to-left text legitimately needs: LRM, RLM, ALM.
RTL_MARKS = frozenset("\u200e\u200f\u061c")
_OVERRIDE_RTL, _OVERRIDE_LTR, _POP = "\u202e", "\u202d", "\u202c"
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_POPS = frozenset("\u202c\u2069")


#: How deep embeddings are followed: each one reverses what it holds, and a
#: translation of nested overrides is an error anyway.
_MAX_EMBEDDING = 32


def invisible_characters(text: str, rtl: bool = False) -> list[tuple[int, str]]:
    """(index, character) of every format character (Cf) and control character (Cc, but a
    tab or line break) of *text* that is not allowed."""
    allow = (RTL_MARKS | LINE_CONTROLS) if rtl else LINE_CONTROLS
    return hidden_characters(text, allow=allow, controls=True)


def as_printed(text: str) -> str:
    """*text* in the order a reader sees it, as far as overrides change it.

    Inside a right-to-left override every character is shown right to left,
    so ``\u202e24至48\u202c`` reads "84至42"; the other controls are dropped.
    """
    out: list[str] = []
    stack: list[tuple[str, int]] = []   # (control, where its run starts in out)
    for char in text:
        if char in _EMBEDDINGS:
            if len(stack) < _MAX_EMBEDDING:
                stack.append((char, len(out)))
        elif char in _POPS:
            if stack:
                _close(out, *stack.pop())
        elif unicodedata.category(char) != "Cf":
            out.append(char)
    while stack:
        _close(out, *stack.pop())
    return "".join(out)


def _close(out: list[str], control: str, start: int) -> None:
    if control == _OVERRIDE_RTL:
        out[start:] = out[start:][::-1]


def check_invisible(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """No bidi controls, zero-width, format or control characters in a translation, as
    written or as printed (``&#x202E;`` prints U+202E)."""
    rtl = context.locale.babel.character_order == "right-to-left"
    for source, translation in pairs(entry):
        if context.locale.pseudo:   # its overrides are the pseudo-locale's own; controls not
            found = [(i, c) for i, c in hidden_characters(translation, allow=LINE_CONTROLS,
                                                          controls=True)
                     if unicodedata.category(c) == "Cc"]
        else:
            found = invisible_characters(translation, rtl)
        for index, char in found:
            yield ERROR, (f"invisible character {describe(char)} at position {index + 1} of "
                          "the translation: delete it (it can reorder or hide what is printed)")
        if found or "&" not in translation:
            continue
        shown = printed(translation).text
        for _, char in invisible_characters(shown, rtl)[:1]:
            if char not in printed(source).text:
                yield ERROR, (f"invisible character {describe(char)}, written as a character "
                              "reference: delete it (it can reorder or hide what is printed)")
