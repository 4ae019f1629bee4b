"""Hidden characters in untrusted text: the one test every reader of input shares.

A right-to-left override (U+202E) reorders what is printed, a zero-width
space hides inside a word, a control character corrupts a line.  Articles,
catalogs, ``clinic.yaml``, glossaries, review records and manifests all ask
the same question, with :func:`hidden_characters`.

This module imports nothing from the rest of ``i18n`` (the checks import the
catalogs, which import the config), so that every module can use it.
"""

from __future__ import annotations

import unicodedata

#: Control characters ordinary text holds: a line break and a tab.
LINE_CONTROLS = frozenset("\n\t")


def _hidden(text: str, allow, controls: bool):
    if text.isprintable():   # no Other (C*) nor Separator but the space: nothing hidden
        return iter(())
    kinds = ("Cf", "Cc") if controls else ("Cf",)
    # Each distinct character is looked at once; only text that holds a hidden one is
    # scanned again for where (an article is 15,000 characters, about 100 distinct).
    if not any(unicodedata.category(char) in kinds for char in set(text) if char not in allow):
        return iter(())
    return ((index, char) for index, char in enumerate(text)
            if char not in allow and unicodedata.category(char) in kinds)


def hidden_characters(text: str, *, allow: frozenset[str] | set[str] = frozenset(),
                      controls: bool = False) -> list[tuple[int, str]]:
    """(index, character) of every format character (Unicode category Cf) of *text*,
    and of every control character (Cc) too when *controls* is true; characters in
    *allow* are never reported (e.g. ``LINE_CONTROLS``, or the right-to-left marks)."""
    return list(_hidden(text, allow, controls))


def first_hidden(text: str, *, allow: frozenset[str] | set[str] = frozenset(),
                 controls: bool = False) -> tuple[int, str] | None:
    """The first of :func:`hidden_characters`, or ``None``, without scanning the rest."""
    return next(_hidden(text, allow, controls), None)


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` (``U+0007 control character`` for an unnamed one)."""
    fallback = "control character" if unicodedata.category(char) == "Cc" else "format character"
    return f"U+{ord(char):04X} {unicodedata.name(char, fallback)}"
