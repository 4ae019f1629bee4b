"""What every check shares: findings, the context, and the entry's text pairs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import polib

from ..catalogs.glossary import Term
from ..content.claims import ClaimRules
from ..errors import display_path
from ..locales import HandoutLocale

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding of a check, at a line of a catalog."""

    check: str            #: the check's stable name, e.g. "numbers"
    severity: str         #: "error" or "warning"
    message: str
    path: Path
    line: int | None      #: the entry's line, or the line msgfmt reported
    reference: str = ""   #: the entry's first ``#:`` source reference (articles/x.md:42)
    excerpt: str = ""     #: the start of its msgid, on one line

    def __str__(self) -> str:
        where = display_path(self.path) if self.line is None else \
            f"{display_path(self.path)}:{self.line}"
        return f"{where}: {self.severity}: [{self.check}] {self.message}"

    @property
    def source(self) -> str:
        """``#: articles/x.md:42 "The first words of the msgid…"``, or ``""``."""
        parts = ([f"#: {self.reference}"] if self.reference else []) + \
            ([f'"{self.excerpt}"'] if self.excerpt else [])
        return "  ".join(parts)


#: How much of a msgid a finding shows.
EXCERPT_LENGTH = 60


def entry_reference(entry: polib.POEntry) -> str:
    """The entry's first ``#:`` reference (``articles/x.md:42``), ``+N`` if it has more."""
    if not entry.occurrences:
        return ""
    where, line = entry.occurrences[0]
    first = f"{where}:{line}" if line else where
    more = len(entry.occurrences) - 1
    return f"{first} (+{more})" if more else first


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """*text* on one line, cut at a word near *length* characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0] if " " in flat[:length] else flat[:length]
    return cut.rstrip(",;:") + "…"


def entry_problem(check: str, severity: str, message: str, path: Path,
                  entry: polib.POEntry) -> "Problem":
    """A finding about *entry*, with its line, source reference and msgid excerpt."""
    return Problem(check, severity, message, path, entry.linenum, entry_reference(entry),
                   excerpt(entry.msgid))


@dataclass(frozen=True)
class CheckContext:
    """What the checks need to know besides the entry."""

    locale: HandoutLocale
    do_not_translate: tuple[str, ...] = ()   #: terms a translation may keep as they are
    source_locale: str = "en"                #: the language the msgids are written in
    glossary: tuple[Term, ...] = ()          #: the locale's termbase (i18n.glossary)
    #: review keys (:func:`i18n.review.entry_key`) of the entries a reviewer signed off
    reviewed: frozenset[str] = frozenset()
    #: the claim phrases of the locale's language and of the source's (i18n.content.claims)
    claims: ClaimRules | None = None
    source_claims: ClaimRules | None = None
    claims_severity: str = WARNING              #: "error" where clinic.yaml makes claims a gate
    #: hosts of the clinic's own sites (``contact.website``, ``site_url``): a
    #: translation may link there although the source does not
    own_hosts: tuple[str, ...] = ()


Checker = Callable[[polib.POEntry, CheckContext], Iterator[tuple[str, str]]]


def pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) for every translated form of *entry*."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)] if entry.msgstr else []
    forms = sorted(entry.msgstr_plural.items())
    # With one form (Chinese, Japanese ...) msgstr[0] is used for every n.
    return [(entry.msgid if index == 0 and len(forms) > 1 else entry.msgid_plural, text)
            for index, text in forms if text]


def is_untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


