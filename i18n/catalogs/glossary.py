"""The termbase of a locale: ``locales/<posix>/glossary.csv``.

A glossary fixes the house translation of the terms that matter: "session"
is one visit (次治療), "course" the whole course of treatment (療程),
"protocol" the treatment plan (治療方案).  It is a plain UTF-8 CSV file with
the columns ``source,target,note,mandatory`` so that it stays editable in a
spreadsheet::

    source,target,note,mandatory
    session,次治療,one visit,yes

The file is untrusted input like every other: a malformed one (a missing
column, a bad ``mandatory`` value, another encoding, an oversized file) is
a :class:`GlossaryError` naming ``file:line``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import HandoutError
from ..fileio import read_input
from ..locales import HandoutLocale
from ..text import describe, first_hidden

GLOSSARY_FILENAME = "glossary.csv"
REQUIRED_COLUMNS = ("source", "target", "mandatory")
COLUMNS = ("source", "target", "note", "mandatory")
#: A termbase is a few hundred terms; anything far larger is not one.
MAX_BYTES = 1_000_000
MAX_TERMS = 10_000
_YES = {"yes", "y", "true", "1", "mandatory"}
_NO = {"no", "n", "false", "0", ""}


class GlossaryError(HandoutError):
    """A glossary file that cannot be read."""


@dataclass(frozen=True)
class Term:
    """One glossary entry: how *source* must be translated."""

    source: str
    target: str
    note: str = ""
    mandatory: bool = False
    path: Path | None = None
    line: int | None = None

    @cached_property
    def pattern(self) -> re.Pattern:
        """*source* as a whole word or phrase, any case, singular or plural.

        "session" also finds "sessions", "laser" "lasers", "therapy"
        "therapies"; a hyphen ends a word ("melanin-containing").
        """
        return re.compile(rf"(?<!\w){_plural_forms(self.source)}(?!\w)", re.IGNORECASE)

    def found_in(self, text: str) -> re.Match | None:
        """Where the source term occurs in *text* (a msgid), if it does."""
        return self.pattern.search(text)

    def rendered_in(self, text: str) -> bool:
        """Whether *text* (a msgstr) contains the target term, in any case."""
        return self.target.casefold() in text.casefold()

    def count_in_source(self, text: str) -> int:
        """How many times the source term occurs in *text* (a msgid)."""
        return len(self.pattern.findall(text))

    def count_in_translation(self, text: str) -> int:
        """How many times the target term occurs in *text* (a msgstr)."""
        return text.casefold().count(self.target.casefold())

    def describe(self) -> str:
        """``'session' → '次治療': one visit`` for messages."""
        note = f": {self.note}" if self.note else ""
        return f"'{self.source}' → '{self.target}'{note}"


def _plural_forms(source: str) -> str:
    """A regex for *source* and its English plural (on the last word)."""
    head, last = source[:-1], source[-1:]
    words = re.escape(source)
    if last.lower() == "y" and len(source) > 1 and source[-2].lower() not in "aeiou":
        return rf"(?:{words}|{re.escape(head)}ies)"
    return rf"{words}(?:s|es)?"


def glossary_path(root: Path, locale: HandoutLocale) -> Path:
    """``<root>/locales/<posix>/glossary.csv``."""
    return Path(root) / "locales" / locale.posix / GLOSSARY_FILENAME


def load_glossary(path: Path) -> tuple[Term, ...]:
    """The terms of the glossary at *path*; none when there is no such file."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return ()
    # refuses a folder, a FIFO and a link out of the project
    data = read_input(path, GlossaryError, "glossary", confine=True)
    if len(data) > MAX_BYTES:
        raise GlossaryError(f"glossary larger than {MAX_BYTES // 1_000_000} MB; "
                            "is this the right file?", path)
    try:
        text = data.decode("utf-8-sig")   # a spreadsheet may add a byte-order mark
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise GlossaryError(f"not UTF-8 (byte 0x{data[exc.start]:02X}); save the glossary "
                            "as 'CSV UTF-8'", path, line) from None
    if "\0" in text:
        raise GlossaryError("not a text file (NUL byte)", path,
                            text[:text.index("\0")].count("\n") + 1)
    return parse_glossary(text, path)


def glossary_csv(terms) -> str:
    """The CSV text of a glossary holding *terms*, header first (as :func:`parse_glossary` reads it)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for term in terms:
        writer.writerow((term.source, term.target, term.note, "yes" if term.mandatory else "no"))
    return out.getvalue()


def append_terms(path: Path, new) -> None:
    """Add the terms *new* at the end of the glossary at *path*, in the file's own
    column order (a file without a ``note`` column gets none); every line already
    there, and a spreadsheet's byte-order mark, stay as they are.  The result must
    read back as a glossary before it replaces the file.
    """
    from ..fileio import write_atomic
    path = Path(path)
    data = read_input(path, GlossaryError, "glossary", confine=True) \
        if path.exists() or path.is_symlink() else b""
    bom = "\ufeff" if data.startswith("\ufeff".encode("utf-8")) else ""
    text = data.decode("utf-8-sig", errors="strict") or glossary_csv(())
    header = next(csv.reader(io.StringIO(text, newline="")))
    names = [name.strip().lower() for name in header]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for term in new:
        cells = {"source": term.source, "target": term.target, "note": term.note,
                 "mandatory": "yes" if term.mandatory else "no"}
        writer.writerow([cells[name] for name in names])
    text = (text if text.endswith("\n") else text + "\n") + out.getvalue()
    parse_glossary(text, path)
    write_atomic(path, bom + text)


def create_glossary(path: Path) -> bool:
    """Create an empty glossary (its header line only) at *path*, unless one is there."""
    from ..fileio import write_atomic
    path = Path(path)
    if path.exists() or path.is_symlink():
        return False
    write_atomic(path, glossary_csv(()))
    return True


def parse_glossary(text: str, path: Path) -> tuple[Term, ...]:
    """The terms of a glossary's CSV *text* (read from *path*, for messages)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV: {exc}", path, reader.line_num or 1) from None
    if header is None:
        return ()
    names = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise GlossaryError(f"missing column(s) {', '.join(missing)}: the first line must "
                            f"name the columns {','.join(COLUMNS)}", path, 1)
    unknown = [name for name in names if name not in COLUMNS]
    if unknown or len(set(names)) != len(names):
        what = f"unknown column '{unknown[0]}'" if unknown else "a column named twice"
        raise GlossaryError(f"{what}: the columns are {','.join(COLUMNS)}", path, 1)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise GlossaryError(f"malformed CSV: {exc}", path, reader.line_num) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            raise GlossaryError(f"expected {len(names)} fields ({','.join(names)}), "
                                f"found {len(row)}", path, start)
        if len(terms) >= MAX_TERMS:
            raise GlossaryError(f"more than {MAX_TERMS} terms", path, start)
        _refuse_hidden(names, row, path, start)
        term = _term(dict(zip(names, (cell.strip() for cell in row))), path, start)
        key = term.source.casefold()
        if key in seen:
            raise GlossaryError(f"'{term.source}' is already defined on line {seen[key]}",
                                path, start)
        seen[key] = start
        terms.append(term)
    return tuple(terms)


def _refuse_hidden(names: list[str], row: list[str], path: Path, line: int) -> None:
    """A cell holding a line break, a bidi control or another invisible or control
    character is an error: a term must match, and print, as it looks."""
    for name, cell in zip(names, row):
        found = first_hidden(cell, controls=True)
        if found:
            what = "a line break" if found[1] in "\r\n" else \
                f"an invisible or control character ({describe(found[1])})"
            raise GlossaryError(f"'{name}' holds {what}: delete it", path, line)


def _term(fields: dict[str, str], path: Path, line: int) -> Term:
    for name in ("source", "target"):
        if not fields[name]:
            raise GlossaryError(f"empty '{name}'", path, line)
    mandatory = fields["mandatory"].lower()
    if mandatory not in _YES | _NO:
        raise GlossaryError(f"'mandatory' must be yes or no, not '{fields['mandatory']}'",
                            path, line)
    return Term(fields["source"], fields["target"], fields.get("note", ""),
                mandatory in _YES, path, line)


def terms_in(text: str, glossary: tuple[Term, ...]) -> list[Term]:
    """The glossary terms whose source occurs in *text*, in glossary order.

    Only the terms whose first word starts one of *text*'s words are
    matched against it: a 10,000-term glossary costs a few dictionary
    look-ups per word instead of 10,000 regular expressions per entry.
    """
    return _TermIndex.of(glossary).terms_in(text)


_WORD = re.compile(r"\w+")


class _TermIndex:
    """A glossary's terms by the start any match must have, and the terms without one.

    A match of a term begins with its first word (a one-word term: all of it
    but the last letter, which its plural may change).  Terms whose first
    word is not plain ASCII are always matched: case folding there is not
    ``str.lower``'s.  Indexes are kept by the glossary's identity: hashing a
    10,000-term tuple on every look-up would cost more than the look-up.
    """

    _by_glossary: dict[int, "_TermIndex"] = {}

    def __init__(self, glossary: tuple[Term, ...]) -> None:
        self.glossary = glossary
        self.keyed: dict[str, list[int]] = {}
        self.unkeyed: list[int] = []
        self.found: dict[str, list[Term]] = {}
        for index, term in enumerate(glossary):
            words = _WORD.findall(term.source)
            first = words[0].lower() if words else ""
            if not first.isascii() or not term.source.lower().startswith(first):
                self.unkeyed.append(index)
                continue
            key = first[:-1] if len(words) == 1 and len(first) > 1 else first
            self.keyed.setdefault(key, []).append(index)

    @classmethod
    def of(cls, glossary: tuple[Term, ...]) -> "_TermIndex":
        index = cls._by_glossary.get(id(glossary))
        if index is None or index.glossary is not glossary:
            if len(cls._by_glossary) >= 16:
                cls._by_glossary.clear()
            index = cls._by_glossary[id(glossary)] = cls(glossary)
        return index

    def terms_in(self, text: str) -> list[Term]:
        if text not in self.found:
            candidates = set(self.unkeyed)
            for word in _WORD.findall(text.lower()):
                for end in range(1, len(word) + 1):
                    candidates.update(self.keyed.get(word[:end], ()))
            if len(self.found) >= 4096:
                self.found.clear()
            self.found[text] = [self.glossary[i] for i in sorted(candidates)
                                if self.glossary[i].found_in(text)]
        return list(self.found[text])
