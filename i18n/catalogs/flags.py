"""Translator flags that silence a check on one entry: ``no-<name>-check``,
or Weblate's ``ignore-<check>``.

Read by the checks (a silenced warning is not reported) and by the review
records (a waiver is part of what a reviewer signs off).
"""

from __future__ import annotations

import re

import polib

_SILENCER = re.compile(r"(?<![\w-])no-([a-z]+(?:-[a-z]+)*)-check(?![\w-])")
_WEBLATE = re.compile(r"(?<![\w-])ignore-([a-z]+(?:-[a-z]+)*)(?![\w-])")

#: Weblate's check names (``ignore-end-stop`` ...) and the toolkit's check each maps to.
#: A Weblate name that is also one of the toolkit's (``ignore-numbers``) maps to itself.
WEBLATE_CHECKS = {
    "same": "same-as-source",
    "end-stop": "punctuation", "end-colon": "punctuation", "end-question": "punctuation",
    "end-exclamation": "punctuation", "end-ellipsis": "punctuation",
    "end-semicolon": "punctuation", "punctuation-spacing": "punctuation",
    "begin-space": "whitespace", "end-space": "whitespace", "double-space": "whitespace",
    "begin-newline": "whitespace", "end-newline": "whitespace",
    "python-brace-format": "placeholders", "python-format": "placeholders",
    "md-text": "markup", "md-link": "markup", "md-reflink": "markup", "md-syntax": "markup",
    "url": "markup", "zero-width-space": "invisible", "inconsistent": "consistency",
    "translated": "consistency",
}


def silenced_checks(entry: polib.POEntry) -> frozenset[str]:
    """The checks a translator silenced on *entry*: ``no-<name>-check`` or
    Weblate's ``ignore-<check>``, as a ``#,`` flag or in a translator comment
    (``# no-numbers-check``).

    GNU msgmerge and msgcat drop flags they do not know, but keep comments.
    Weblate writes its flags as ``#,`` flags; its own check names are mapped
    to the toolkit's (``ignore-end-stop`` silences ``punctuation``).
    """
    names = set()
    for text in (*entry.flags, entry.tcomment or ""):
        names.update(_SILENCER.findall(text))
        names.update(WEBLATE_CHECKS.get(name, name) for name in _WEBLATE.findall(text))
    return frozenset(names)
