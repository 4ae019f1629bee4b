"""Which line of an article a word of a segment stands on.

A segment knows the line its block starts on; a paragraph's text is its
lines joined with spaces, without block markup (``- ``, ``### Q4:``, a YAML
key).  To name the line of a phrase inside it, the segment's words are
walked along the file's words from that line, skipping what the segment
does not have (markers, quotes, Markdown link targets).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import HandoutError
from ..fileio import read_input

_LOOKAHEAD = 8
_STRIP = "\"'“”‘’*_`[]()<>"


def read_lines(path: Path) -> list[str]:
    """The lines of the article file (empty when it cannot be read: lines fall back
    to the segment's)."""
    try:
        return read_input(path, HandoutError, "article",
                          confine=True).decode("utf-8").splitlines()
    except (HandoutError, UnicodeDecodeError):
        return []


def _same(word: str, file_word: str) -> bool:
    a, b = word.strip(_STRIP).casefold(), file_word.strip(_STRIP).casefold()
    if not a or not b:
        return a == b
    return a == b or (len(a) > 2 and a in b) or (len(b) > 2 and b in a)


def line_of(lines: list[str], start_line: int, text: str, offset: int) -> int:
    """The file line of the word at *offset* in *text*, a segment (or its plain text)
    whose block starts on *start_line*."""
    target = len(text[:offset].split())
    if 0 < offset < len(text) and not text[offset - 1].isspace() and target:
        target -= 1                       # the offset is inside a word
    wanted = text.split()[:target + 1]
    if not lines or not wanted:
        return start_line
    file_words = [(number, word)
                  for number in range(start_line, min(len(lines), start_line + 400) + 1)
                  for word in lines[number - 1].split()]
    position, line = 0, start_line
    for word in wanted:
        for step, (number, candidate) in enumerate(file_words[position:position + _LOOKAHEAD]):
            if _same(word, candidate):
                position += step + 1
                line = number
                break
    return line
