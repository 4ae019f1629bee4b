"""Character references: what a translation writes must be what it prints.

Markdown decodes ``&#48;`` to "0", ``&rlm;`` to a right-to-left mark and
``&frac12;`` to "½" when the handout is printed.  A reference the source does
not have is an error: the translator writes the character itself, which
every other check then reads as it is printed.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Iterator

import polib

from ..text import describe
from .base import ERROR, CheckContext, pairs

#: A numeric or named character reference, as Markdown (and HTML) decode them.
REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")


def references(text: str) -> list[tuple[str, str]]:
    """(reference, what it prints) for every character reference of *text* that decodes
    to something else (``&foo;`` is no reference and prints as it is)."""
    found = []
    for match in REFERENCE.finditer(text):
        decoded = html.unescape(match.group())
        if decoded != match.group():
            found.append((match.group(), decoded))
    return found


def check_references(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """No character reference (``&#48;``, ``&#x202E;``, ``&rlm;``, ``&nbsp;``) that the
    source does not have: it prints as another character than the one written."""
    for source, translation in pairs(entry):
        if "&" not in translation:
            continue
        allowed = Counter(reference for reference, _ in references(source))
        for reference, decoded in references(translation):
            if allowed[reference]:
                allowed[reference] -= 1
                continue
            shown = " ".join(describe(char) for char in decoded[:3])
            yield ERROR, (f"character reference {reference} prints as {shown}: write the "
                          "character itself (the checks read what is printed)")
