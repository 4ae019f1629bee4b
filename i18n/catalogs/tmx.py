"""A locale's translation memory as TMX 1.4, for CAT tools (translate-toolkit writes it).

The memory is what :mod:`.memory` pre-fills new entries from: every
translated, non-fuzzy entry of the locale's catalogs, each pair once.  Each
translation unit notes the catalog it comes from.  Plural entries are left
out: TMX has no plural forms.
"""

from __future__ import annotations

from ..locales import HandoutLocale
from .memory import locale_memory
from .repository import CatalogRepository


def memory_tmx(repo: CatalogRepository, locale: HandoutLocale,
               source_language: str) -> tuple[bytes, int]:
    """The TMX file of *locale*'s memory, and how many units it holds."""
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=source_language, targetlanguage=locale.tag)
    seen = set()
    for unit in locale_memory(repo, locale).units:
        if not isinstance(unit.id, str) or (unit.context, unit.id, unit.string) in seen:
            continue
        seen.add((unit.context, unit.id, unit.string))
        store.addtranslation(unit.id, source_language, unit.string, locale.tag,
                             comment=unit.origin, context=unit.context)
    return bytes(store), len(seen)
