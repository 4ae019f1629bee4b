"""What every check shares: findings, the context, and the entry's text pairs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import polib

from ..catalogs.glossary import Term
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

    def __str__(self) -> str:
        where = display_path(self.path) if self.line is None else \
            f"{display_path(self.path)}:{self.line}"
        return f"{where}: {self.severity}: [{self.check}] {self.message}"


@dataclass(frozen=True)
class CheckContext:
    """What the checks need to know besides the entry."""

    locale: HandoutLocale
    do_not_translate: tuple[str, ...] = ()   #: terms a translation may keep as they are
    source_locale: str = "en"                #: the language the msgids are written in
    glossary: tuple[Term, ...] = ()          #: the locale's termbase (i18n.glossary)
    #: review keys (:func:`i18n.review.entry_key`) of the entries a reviewer signed off
    reviewed: frozenset[str] = frozenset()


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


