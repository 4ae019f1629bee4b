"""Untranslated and fuzzy entries: what cannot be exported at all."""

from __future__ import annotations

from typing import Iterator

import polib

from .base import ERROR, CheckContext, is_untranslated


def check_untranslated(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """An empty msgstr: the handout would show the source text."""
    if is_untranslated(entry):
        yield ERROR, "not translated"


def check_fuzzy(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """A fuzzy entry is not used for export until a translator reviews it."""
    if entry.fuzzy:
        yield ERROR, "fuzzy: review the translation and remove the 'fuzzy' flag"
