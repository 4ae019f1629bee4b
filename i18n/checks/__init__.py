"""Quality checks on translations: what a handout must never carry.

A medical handout must not lose a number, break a link or show an
unmarked untranslated paragraph, so every translated entry of a .po file
goes through a few small checkers, after Babel's
``babel/messages/checkers.py``.  A checker is a function
``(entry, context) -> Iterator[(severity, message)]``; :data:`CHECKS` names
them, and the names are stable: a translator silences one check's warnings
on one entry with ``no-<name>-check`` (e.g. ``no-same-as-source-check``), as a
``#,`` flag or a translator comment; an error stays until a reviewer signs
the entry off.

Stage 3, checks: takes in the catalogs and the context of one locale
(:mod:`.context`: settings, glossary, review records); gives out
:class:`~.base.Problem` findings at ``file:line`` (:mod:`.locale` for every
catalog of a locale).  The render stage runs the same checks as its gate.
Imports only the content and catalogs stages and the shared modules.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from ..catalogs.flags import silenced_checks
from ..catalogs.repository import load_po
from ..catalogs.review import entry_key
from ..errors import CatalogError
from .base import (ERROR, WARNING, CheckContext, Checker, Problem, entry_problem,
                   is_untranslated, pairs)
from .claims import check_claims
from .invisible import check_invisible
from .markup import check_markup, check_placeholders
from .numbers import check_numbers, cjk_numbers, numbers
from .references import check_references
from .units import check_units
from .urls import check_urls
from .script import check_script
from .state import check_fuzzy, check_untranslated
from .style import check_punctuation, check_same_as_source, check_whitespace, is_cjk
from .terminology import check_consistency, check_terminology

__all__ = ["CHECKS", "OTHER_CHECKS", "ERROR", "WARNING", "CheckContext", "Problem", "check_catalog",
           "check_entry", "cjk_numbers", "numbers", "is_cjk"]

CHECKS: dict[str, Checker] = {
    "untranslated": check_untranslated,
    "fuzzy": check_fuzzy,
    "numbers": check_numbers,
    "references": check_references,
    "units": check_units,
    "markup": check_markup,
    "urls": check_urls,
    "placeholders": check_placeholders,
    "invisible": check_invisible,
    "same-as-source": check_same_as_source,
    "whitespace": check_whitespace,
    "punctuation": check_punctuation,
    "script": check_script,
    "terminology": check_terminology,
    "claims": check_claims,
}
#: Checks that also look at untranslated entries; the others need a translation.
_STATE_CHECKS = ("untranslated", "fuzzy")
#: The longest text one entry may hold (the longest paragraph of the seed is
#: under 1,000 characters): longer ones are refused before any other check reads
#: them, so no translator's text can make ``check`` or the gate run for minutes.
MAX_ENTRY_CHARS = 10_000


#: Findings that are not a checker of entries: a broken file, a missing catalog,
#: a term rendered in different ways across catalogs.
OTHER_CHECKS = ("syntax", "missing", "consistency", "length",
                "plain-language", "article")   # the last two: check --source (.source)


def check_entry(entry: polib.POEntry, context: CheckContext,
                only: frozenset[str] | None = None) -> list[tuple[str, str, str]]:
    """Run every check (or those named in *only*) on one entry: (check, severity,
    message) for each finding.

    ``no-<name>-check`` (a flag or a translator comment) silences that
    check's warnings.  It silences an error only on an entry that a reviewer
    signed off with the silencing in place: an error is the release gate, and
    a translator alone cannot waive a changed dose.
    """
    translated = not is_untranslated(entry)
    silenced = silenced_checks(entry)
    waived = bool(silenced) and _signed_off(entry, context)
    found = []
    longest = max((len(text) for pair in pairs(entry) for text in pair), default=0)
    too_long = longest > MAX_ENTRY_CHARS
    if too_long:
        found.append(("length", ERROR, f"{longest:,} characters: no entry of a handout is "
                      f"longer than {MAX_ENTRY_CHARS:,} (split it); not checked further"))
    for name, checker in CHECKS.items():
        if only is not None and name not in only:
            continue
        if name not in _STATE_CHECKS and (not translated or too_long):
            continue
        for severity, message in checker(entry, context):
            if name in silenced:
                if severity != ERROR or waived:
                    continue
                message += (f" (no-{name}-check waives an error only once a reviewer has "
                            "signed the entry off: export.py review)")
            found.append((name, severity, message))
    return found


def _signed_off(entry: polib.POEntry, context: CheckContext) -> bool:
    return entry_key(entry) in context.reviewed


def _unterminated_line(path: Path, line: int) -> int:
    """The line of the string msgfmt reports as unterminated.

    msgfmt counts the newline that ends the string, so it names the next line.
    """
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return line
    for candidate in (line, line - 1):
        if 1 <= candidate <= len(lines) and \
                re.sub(r'\\.', "", lines[candidate - 1]).count('"') % 2:
            return candidate
    return line


def check_catalog(path: Path, context: CheckContext,
                  only: frozenset[str] | None = None) -> list[Problem]:
    """Check every entry of the .po file at *path* (with the checks named in *only*).

    A file that ``msgfmt --check`` rejects gives one "syntax" error at the
    line of the fault; the header and obsolete entries are not checked.
    """
    path = Path(path)
    try:
        catalog = load_po(path)
    except CatalogError as error:
        line = error.lineno
        if line is not None and "end-of-line within string" in error.message:
            line = _unterminated_line(path, line)
        return [Problem("syntax", ERROR, error.message, path, line)]
    return [entry_problem(name, severity, message, path, entry)
            for entry in catalog if not entry.obsolete and entry.msgid
            for name, severity, message in check_entry(entry, context, only)]
