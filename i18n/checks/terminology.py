"""Terminology: the locale's glossary, entry by entry and across catalogs.

``terminology`` is a per-entry check: a msgid that contains a glossary term
needs the term's translation in its msgstr.  ``consistency`` looks at every
catalog of a locale at once: one glossary term rendered in different ways,
or one source string translated in different ways.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

import polib

from ..catalogs.flags import silenced_checks
from ..catalogs.glossary import Term, terms_in
from ..catalogs.repository import load_po
from ..errors import CatalogError, display_path
from .base import (ERROR, WARNING, CheckContext, Problem, entry_reference, excerpt,
                   is_untranslated, pairs)

CONSISTENCY = "consistency"


def check_terminology(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Each glossary term of the source has the glossary's translation.

    A term the source has twice needs its translation twice: "2 to 3
    sessions ... 4 to 6 sessions" translated "2至3次治療……4至6次療程" is a miss.
    """
    for source, translation in pairs(entry):
        for term in terms_in(source, context.glossary):
            expected, found = term.count_in_source(source), term.count_in_translation(translation)
            if found >= expected:
                continue
            word = term.found_in(source).group()
            note = f": {term.note}" if term.note else ""
            if found:
                problem = (f"'{word}' occurs {expected} times in the source but its translation "
                           f"'{term.target}' only {found} time{'s' if found > 1 else ''}")
            else:
                problem = f"'{word}' should be translated as '{term.target}'"
            yield ERROR if term.mandatory else WARNING, f"{problem} (glossary{note})"


def alternatives(source: str, translation: str, term: Term,
                 glossary: tuple[Term, ...]) -> set[str]:
    """The renderings *translation* may use for *term* instead of its target.

    Those are the targets of other glossary terms that the source does not
    account for: 療程 in a translation of "3 sessions", whose source has no
    "course".  Empty when the term's own target is there as often as the
    term is in the source.
    """
    if term.count_in_translation(translation) >= term.count_in_source(source):
        return set()
    rest = translation.casefold()
    # Remove what the source's own terms account for, longest target first.
    for other in sorted(terms_in(source, glossary), key=lambda t: -len(t.target)):
        rest = rest.replace(other.target.casefold(), "\0")
    # Terms kept as they are (PRP -> PRP) are no rendering of another term.
    found = sorted({other.target for other in glossary
                    if other.target.casefold() != other.source.casefold()
                    and other.target.casefold() in rest}, key=len, reverse=True)
    # A shorter target inside a longer one found is the same rendering.
    return {t for i, t in enumerate(found) if not any(t in longer for longer in found[:i])}


def _renderings(term: Term, glossary: tuple[Term, ...],
                entries: list[tuple[Path, polib.POEntry]]) -> dict[str, list]:
    """The entries whose source has *term*, by how their translation renders it.

    An entry without the target may hold several other glossary targets; its
    rendering is the one most such entries share (療程 in "...多次療程...真皮").
    Entries with no recognisable rendering are left out.
    """
    used: dict[str, list[tuple[Path, polib.POEntry]]] = defaultdict(list)
    unsure: list[tuple[Path, polib.POEntry, set[str]]] = []
    for path, entry in entries:
        for source, translation in pairs(entry):
            if term.found_in(source):
                if term.rendered_in(translation):
                    used[term.target].append((path, entry))
                others = alternatives(source, translation, term, glossary)
                if others or not term.rendered_in(translation):
                    unsure.append((path, entry, others))
                break
    counts = Counter(alt for _, _, found in unsure for alt in found)
    for path, entry, found in unsure:
        if found:
            used[min(found, key=lambda alt: (-counts[alt], alt))].append((path, entry))
    return used


def _entries(paths: list[Path]) -> Iterator[tuple[Path, polib.POEntry]]:
    for path in map(Path, paths):   # one Path a catalog, not one an entry
        try:
            catalog = load_po(path)
        except CatalogError:
            continue   # check_catalog reports it as a syntax error
        for entry in catalog:
            if (entry.msgid and not entry.obsolete and not entry.fuzzy
                    and not is_untranslated(entry)
                    and CONSISTENCY not in silenced_checks(entry)):
                yield path, entry


def check_consistency(paths: list[Path], glossary: tuple[Term, ...] = ()) -> list[Problem]:
    """Warnings for terms and strings translated in more than one way across *paths*.

    *paths* are the catalogs of one locale (every article and the handout).
    A glossary term is reported where its rendering differs from the
    glossary's (or, when no entry uses the glossary's, the most common); a source
    string where its translation differs from its first translation.
    """
    entries = list(_entries(paths))
    problems: list[Problem] = []
    # -- one glossary term, several renderings
    having: dict[Term, list[tuple[Path, polib.POEntry]]] = defaultdict(list)
    for path, entry in entries:   # each entry looked up once, not once per term
        for term in dict.fromkeys(t for source, _ in pairs(entry)
                                  for t in terms_in(source, glossary)):
            having[term].append((path, entry))
    for term in glossary:
        if term not in having:
            continue
        used = _renderings(term, glossary, having[term])
        if len(used) < 2:
            continue
        # The glossary's rendering is the reference when some entries use it.
        main = term.target if term.target in used else max(used, key=lambda r: len(used[r]))
        example_path, example = used[main][0]
        for found, places in sorted(used.items()):
            if found == main:
                continue
            for path, entry in places:
                problems.append(Problem(
                    CONSISTENCY, WARNING,
                    f"'{term.source}' is rendered as '{found}' here but as '{main}' in "
                    f"{len(used[main])} other entr{'y' if len(used[main]) == 1 else 'ies'} "
                    f"(e.g. {display_path(example_path)}:{example.linenum}); "
                    f"glossary: {term.describe()}", path, entry.linenum,
                    entry_reference(entry), excerpt(entry.msgid)))
    # -- one source string, several translations
    first: dict[tuple, tuple[Path, polib.POEntry]] = {}
    for path, entry in entries:
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        if key not in first:
            first[key] = (path, entry)
            continue
        other_path, other = first[key]
        if (other.msgstr, other.msgstr_plural) != (entry.msgstr, entry.msgstr_plural):
            shown = other.msgstr or next(iter(other.msgstr_plural.values()), "")
            problems.append(Problem(
                CONSISTENCY, WARNING,
                f"the same source is translated as '{shown}' at "
                f"{display_path(other_path)}:{other.linenum}", path, entry.linenum,
                entry_reference(entry), excerpt(entry.msgid)))
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0))
