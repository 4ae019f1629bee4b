"""Writing .po/.pot files the way translators' tools do, without churn.

Translators' tools write catalogs too: ``msgmerge``, ``msgcat``,
``msgattrib``, Poedit, Weblate.  Each has its own header order, extra
headers (``X-Generator``) and line width, and all of them are legitimate.
So a file is never re-serialized as a whole.  Instead:

* the text the toolkit would write is laid out by GNU ``msgcat`` itself, at
  the width the existing file uses (79 columns for a new one), so a new
  entry looks exactly as ``msgmerge`` would write it;
* that text is compared with the file entry by entry, by meaning (ids,
  strings, flags, comments, references), not by bytes: a file whose
  entries all mean the same is not touched, whatever tool or Babel version
  last saved it;
* otherwise the file is spliced: every entry that did not change keeps its
  exact old text, and the header keeps its fields, their order and its
  ``X-`` headers; only ``POT-Creation-Date`` follows the template.

A change only in ``Generated-By``, ``POT-Creation-Date`` or
``PO-Revision-Date`` is not a change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import polib

from ..errors import CatalogError

#: GNU gettext's default line width.
GNU_WIDTH = 79

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_OBSOLETE_PREVIOUS = re.compile(rb"^#~\|.*(?:\r?\n|$)", re.MULTILINE)


def strip_obsolete_previous(data: bytes) -> bytes:
    """Drop the ``#~|`` lines that ``msgmerge --previous`` writes on obsolete entries.

    Babel's reader rejects them; they only record an obsolete entry's
    previous source, which the splice below keeps in the file anyway.
    """
    return _OBSOLETE_PREVIOUS.sub(b"", data)


def gnu_layout(data: bytes, width: int | None = GNU_WIDTH, name: str = "catalog") -> bytes:
    """*data* (a whole .po/.pot text) laid out by GNU ``msgcat``.

    *width* ``None`` means ``--no-wrap``.
    """
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        raise CatalogError("GNU msgcat is not installed (Debian package 'gettext')", name)
    with tempfile.TemporaryDirectory(prefix="po-layout-") as tmp:
        source, target = Path(tmp, "in.po"), Path(tmp, "out.po")
        source.write_bytes(data)
        wrap = ["--no-wrap"] if width is None else [f"--width={width}"]
        result = subprocess.run([msgcat, *wrap, "--force-po", "--output-file", str(target),
                                 str(source)],
                                capture_output=True, text=True,
                                env={**os.environ, "LC_ALL": "C"})
        if result.returncode != 0 or not target.exists():
            first = next((l for l in result.stderr.splitlines() if l.strip()), "msgcat failed")
            raise CatalogError(f"cannot lay out catalog: {first.split(': ', 1)[-1]}", name)
        return target.read_bytes()


# --- entries ------------------------------------------------------------------------

def split_blocks(text: str) -> list[str]:
    """The entries of a .po text, each with its comments, as written."""
    return [block.strip("\n") + "\n" for block in _BLANK_LINES.split(text) if block.strip()]


def _parse_block(block: str) -> list[polib.POEntry] | None:
    try:
        return list(polib.pofile(block, encoding="utf-8", wrapwidth=0))
    except (OSError, ValueError, UnicodeError):
        return None


def fingerprint(entry: polib.POEntry) -> tuple:
    """What an entry means, whatever its layout: equal fingerprints, same entry."""
    previous = None if entry.obsolete else (entry.previous_msgctxt, entry.previous_msgid,
                                             entry.previous_msgid_plural)
    return (entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())), tuple(sorted(entry.flags)),
            entry.comment or "", entry.tcomment or "", tuple(entry.occurrences), previous)


def _entries(text: str) -> tuple[str | None, list[tuple[tuple, str]]] | None:
    """The header block and ``(fingerprint, block)`` pairs, or ``None`` when a
    block is not exactly one entry (then the file is not spliced)."""
    header, entries = None, []
    for index, block in enumerate(split_blocks(text)):
        parsed = _parse_block(block)
        if parsed is None:
            return None
        if not parsed and index == 0 and re.search(r'^msgid ""', block, re.MULTILINE):
            header = block
            continue
        if len(parsed) != 1:
            return None
        entries.append((fingerprint(parsed[0]), block))
    return header, entries


def detect_width(text: str) -> int | None:
    """The line width *text* was written with: ``None`` for ``--no-wrap``.

    Long strings are wrapped at the width; a line longer than GNU's default
    that is not cut means the file is not wrapped at all.
    """
    widest = 0
    for line in text.splitlines():
        if line.startswith(("#", "msg", '"')) and not line.startswith(("#.", "# ", "#:")):
            widest = max(widest, _columns(line))
    if widest > GNU_WIDTH:
        return None
    return GNU_WIDTH if widest >= GNU_WIDTH - 6 else max(widest, 20)


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def set_header_field(header: str, name: str, value: str) -> str:
    """*header* block with the field *name* set to *value*, where it stands."""
    pattern = re.compile(rf'({re.escape(name)}:[ \t]*)([^"\\]*)(\\n)')
    return pattern.sub(lambda m: f"{m[1]}{value}{m[3]}", header, count=1)


# --- the splice -----------------------------------------------------------------------

def splice(old: bytes, new: bytes, header_fields: dict[str, str] | None = None) -> bytes | None:
    """The bytes to write over *old* so that the file means what *new* means.

    *new* is the toolkit's own rendering of the updated catalog.  Returns
    ``None`` when every entry of *old* already means the same (nothing to
    write).  Otherwise the result keeps *old*'s header (with *header_fields*
    set) and the exact text of every unchanged entry; changed and new entries
    are laid out by ``msgcat`` at *old*'s width.
    """
    crlf = b"\r\n" in old      # saved on Windows: keep its line endings
    old_text = old.decode("utf-8").replace("\r\n", "\n")
    new_text = new.decode("utf-8")
    old_parts = _entries(old_text)
    new_parts = _entries(new_text)
    if new_parts is None:
        raise CatalogError("internal error: unreadable catalog rendering")
    if old_parts is not None and sorted(f for f, _ in old_parts[1]) == sorted(
            f for f, _ in new_parts[1]):
        return None
    width = detect_width(old_text)
    laid_out = _entries(gnu_layout(new, width).decode("utf-8"))
    if laid_out is None:
        raise CatalogError("internal error: unreadable msgcat output")
    header, blocks = laid_out
    kept: dict[tuple, list[str]] = {}
    if old_parts is not None and old_parts[0] is not None:
        header = old_parts[0]
        for key, block in old_parts[1]:
            kept.setdefault(key, []).append(block)
    for name, value in (header_fields or {}).items():
        header = set_header_field(header, name, value)
    out = [header] if header else []
    out += [kept[key].pop(0) if kept.get(key) else block for key, block in blocks]
    trailer = "\n" if old_text.endswith("\n\n") else ""
    text = "\n".join(out) + trailer
    return (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


#: The header order of ``msginit`` and ``msgmerge``; other fields follow.
GNU_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                    "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                    "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms")


def new_file(rendered: bytes, defaults: dict[str, str] | None = None) -> bytes:
    """A new catalog as ``msgmerge`` would write it: GNU layout and header
    order, ``charset=UTF-8``; header fields of *defaults* added where missing."""
    text = gnu_layout(rendered, None).decode("utf-8")   # one header field a line
    header, _, body = text.partition("\n\n")
    lines = header.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("msgstr ")) + 1
    present = {line.lstrip('"').partition(":")[0] for line in lines[start:]}
    lines += [f'"{name}: {value}\\n"' for name, value in (defaults or {}).items()
              if name not in present]
    rank = {name: i for i, name in enumerate(GNU_HEADER_ORDER)}
    lines[start:] = sorted(lines[start:], key=lambda line: rank.get(
        line.lstrip('"').partition(":")[0], len(rank)))
    text = "\n".join(lines) + "\n\n" + body
    text = re.sub("charset=utf-8", "charset=UTF-8", text, count=1, flags=re.IGNORECASE)
    return gnu_layout(text.encode("utf-8"), GNU_WIDTH)
