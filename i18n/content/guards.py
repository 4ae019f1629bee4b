"""What an article may not hold, checked on what is printed, not on what is written.

A character reference (``&#x202E;``) or a YAML escape (``"\\u202e"``) is
decoded before anything is printed, so the invisible-character test reads
the decoded text.  Markdown nested past what the syntax tree can hold, and a
table wider than the page, are refused at their line rather than crashing
or being cut off.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import ArticleError
from ..text import LINE_CONTROLS, describe, first_hidden
from .links import printed

#: How deep any Markdown may nest (emphasis in emphasis, blocks and inline together);
#: markdown-it's syntax tree is built recursively.
MAX_MARKUP_NESTING = 16
#: The widest table a page prints whole: each column needs at least a character and
#: its padding (about 2 em); 24 columns were cut off at the page edge in A4 at 12.5 pt.
MAX_TABLE_COLUMNS = 12


def refuse_invisible(text: str, path: Path) -> None:
    """A bidi control, zero-width or control character in an article is an error at its line
    (a tab, a line break and a carriage return are text)."""
    found = first_hidden(text, allow=_FILE_CONTROLS, controls=True)
    if found:
        index, char = found
        raise ArticleError(f"invisible character {describe(char)}: delete it (it can reorder "
                           "or hide what is printed)", path, text.count("\n", 0, index) + 1)


_FILE_CONTROLS = frozenset("\n\t\r")


def refuse_hidden_printed(segments: Iterable, path: Path) -> None:
    """What a segment prints must hold no invisible or control character either: a
    character reference (``&#x202E;``, ``&rlm;``, ``&#7;``) is decoded when printed."""
    for segment in segments:
        text = printed(segment.text).text
        found = first_hidden(text, allow=LINE_CONTROLS, controls=True)
        if found:
            raise ArticleError(f"invisible character {describe(found[1])}, written as a "
                               "character reference: delete it (it can reorder or hide what "
                               "is printed)", path, segment.line)
        if "\ufffd" in text:
            raise ArticleError("a character reference to no printable character (&#0;, "
                               "&#7; ...) prints as U+FFFD: delete it", path,
                               segment.line)


def refuse_deep_nesting(tokens, path: Path, line_offset: int) -> None:
    """Emphasis, links or blocks nested past :data:`MAX_MARKUP_NESTING` are an error at
    their line, before the syntax tree (built recursively) is made of them."""
    line = 0
    for token in tokens:
        line = token.map[0] if token.map else line
        deepest = max([token.level, *(token.level + child.level
                                      for child in token.children or ())])
        if deepest > MAX_MARKUP_NESTING:
            raise ArticleError(f"Markdown nested more than {MAX_MARKUP_NESTING} deep (emphasis "
                               "inside emphasis ...); the handout cannot show it", path,
                               line + line_offset)


_REFERENCE = re.compile(r"&#?[A-Za-z0-9]{1,32};")


def check_url(url: str, path: Path, line: int) -> None:
    """The QR code's URL as written is what it encodes: no invisible or control character
    (YAML escapes are decoded by now), no character reference, an ASCII host."""
    found = first_hidden(url, controls=True)
    if found:
        raise ArticleError(f"front matter 'url' holds an invisible or control character "
                           f"{describe(found[1])}: delete it", path, line)
    if _REFERENCE.search(url):
        raise ArticleError("front matter 'url' holds a character reference "
                           f"({_REFERENCE.search(url)[0]}): write the character itself", path,
                           line)
    host = url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if not host.isascii():
        odd = next(char for char in host if not char.isascii())
        raise ArticleError(f"front matter 'url' has a non-ASCII letter in its host "
                           f"({describe(odd)}): write the host in its ASCII (xn--) form",
                           path, line)
