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

from ..text import describe, hidden_characters
from .base import ERROR, CheckContext, pairs

#: Directional marks that right-to-left text legitimately needs: LRM, RLM, ALM.
RTL_MARKS = frozenset("\u200e\u200f\u061c")
_OVERRIDE_RTL, _OVERRIDE_LTR, _POP = "\u202e", "\u202d", "\u202c"
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_POPS = frozenset("\u202c\u2069")


def invisible_characters(text: str, rtl: bool = False) -> list[tuple[int, str]]:
    """(index, character) of every format character of *text* that is not allowed."""
    return hidden_characters(text, allow=RTL_MARKS if rtl else frozenset())


def as_printed(text: str) -> str:
    """*text* in the order a reader sees it, as far as overrides change it.

    Inside a right-to-left override every character is shown right to left,
    so ``\u202e24至48\u202c`` reads "84至42"; the other controls are dropped.
    """
    out: list[str] = []
    stack: list[tuple[str, int]] = []   # (control, where its run starts in out)
    for char in text:
        if char in _EMBEDDINGS:
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
    """No bidi controls, zero-width or other format characters in a translation."""
    if context.locale.pseudo:
        return
    rtl = context.locale.babel.character_order == "right-to-left"
    for _, translation in pairs(entry):
        for index, char in invisible_characters(translation, rtl):
            yield ERROR, (f"invisible character {describe(char)} at position {index + 1} of "
                          "the translation: delete it (it can reorder or hide what is printed)")
