"""Translation memory: a new article's entries pre-filled from the locale's other catalogs.

New articles by the same author share the bio, the disclaimer and many
sentences, so ``update`` fills the entries it creates from the other
catalogs of the same locale, as ``msgmerge --compendium`` does:

* an identical msgid (and msgctxt) is filled as translated;
* a near match (difflib ratio ≥ 0.8) is filled as fuzzy, with the matched
  source as ``#| msgid`` so that the translator sees what changed.

Either way a translator comment ``# memory: <catalog>`` names where it came
from.  Only translated, non-fuzzy, non-obsolete entries are remembered; an
existing translation is never replaced.

Lookup must stay fast for a library of hundreds of catalogs: exact matches
come from a dict; near matches from an inverted index of words.  A query
only compares (with ``SequenceMatcher``) the entries of a similar length
that share most of its rarest words, never the whole memory.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterable

from babel.messages.catalog import Catalog, Message

from ..locales import HandoutLocale
from .repository import CatalogRepository, read_catalog

#: The similarity (difflib's ratio) from which a translation is offered as fuzzy.
FUZZY_THRESHOLD = 0.8
#: How many of a query's rarest words select the candidates.
_RARE_WORDS = 6
#: At most this many candidates (by shared rare words) are ranked per query.
_MAX_CANDIDATES = 300
#: ... and the most word-alike of them are compared in full (ratio(), quadratic).
_MAX_RATIOS = 12
_WORD = re.compile(r"\w+")
COMMENT_PREFIX = "memory: "


@dataclass(frozen=True)
class Unit:
    """One remembered translation."""

    context: str | None
    id: str | tuple[str, ...]
    string: str | tuple[str, ...]
    origin: str           #: the catalog it comes from, relative to the project


@dataclass(frozen=True)
class Match:
    """What the memory offers for a msgid."""

    unit: Unit
    ratio: float          #: 1.0 for an exact match

    @property
    def exact(self) -> bool:
        return self.ratio == 1.0


@dataclass
class TranslationMemory:
    """The translations of a set of catalogs, indexed for exact and near lookup.

    Sources are indexed once however many catalogs share them (the bio, the
    disclaimer): ``_keys`` holds each distinct ``(msgctxt, msgid)``.
    """

    units: list[Unit] = field(default_factory=list)
    _keys: list[tuple] = field(default_factory=list)
    _by_key: dict[tuple, list[int]] = field(default_factory=dict)
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _words: list[frozenset[str]] = field(default_factory=list)

    def add(self, unit: Unit) -> None:
        key = (unit.context, unit.id)
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = []
            words = frozenset(_WORD.findall(unit.id.lower())) if isinstance(unit.id, str) \
                else frozenset()
            for word in words:
                self._postings.setdefault(word, []).append(len(self._keys))
            self._keys.append(key)
            self._words.append(words)
        found.append(len(self.units))
        self.units.append(unit)

    def __len__(self) -> int:
        return len(self.units)

    def _unit(self, key: tuple, exclude: str | None) -> Unit | None:
        """The first unit of *key* that is not from the catalog *exclude*."""
        return next((self.units[i] for i in self._by_key.get(key, ())
                     if self.units[i].origin != exclude), None)

    def lookup(self, msgid: str | tuple[str, ...], context: str | None = None,
               exclude: str | None = None, fuzzy: bool = True) -> Match | None:
        """The best translation for *msgid*: exact, else the nearest ≥ the threshold.

        Units from the catalog *exclude* (the one being updated) are ignored.
        Plural entries are only matched exactly.
        """
        unit = self._unit((context, msgid), exclude)
        if unit is not None:
            return Match(unit, 1.0)
        if not fuzzy or not isinstance(msgid, str):
            return None
        return self._nearest(msgid, context, exclude)

    def _nearest(self, msgid: str, context: str | None, exclude: str | None) -> Match | None:
        # Words of the query that the memory knows, rarest first: a near match
        # shares most of them, and rare words have short posting lists.
        words = frozenset(_WORD.findall(msgid.lower()))
        known = sorted((len(self._postings[w]), w) for w in words if w in self._postings)
        if not known:
            return None
        rare = [word for _, word in known[:_RARE_WORDS]]
        votes = Counter(i for word in rare for i in self._postings[word])
        need = (len(rare) + 1) // 2
        ranked = []
        for number, shared in votes.most_common():
            if shared < need or len(ranked) >= _MAX_CANDIDATES:
                break
            context_, other = self._keys[number]
            # ratio = 2M / (a + b) <= 2 min(a, b) / (a + b): lengths must be within 2:3.
            if context_ != context or 2 * min(len(msgid), len(other)) < \
                    FUZZY_THRESHOLD * (len(msgid) + len(other)):
                continue
            # The words both share (a set intersection, in C) rank the candidates.
            theirs = self._words[number]
            ranked.append((2 * len(words & theirs) / (len(words) + len(theirs) or 1), number))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        matcher = SequenceMatcher()
        matcher.set_seq2(msgid)   # the query is the cached side
        best: Match | None = None
        for _, number in ranked[:_MAX_RATIOS]:
            key = self._keys[number]
            unit = self._unit(key, exclude)
            if unit is None:
                continue
            matcher.set_seq1(key[1])
            floor = best.ratio if best else FUZZY_THRESHOLD
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio >= floor and (best is None or ratio > best.ratio):
                best = Match(unit, ratio)
        return best

    def prefill(self, catalog: Catalog, exclude: str | None = None,
                skip: Iterable[tuple] = ()) -> int:
        """Fill the empty entries of *catalog* from memory; return how many.

        *exclude* is the catalog's own path (relative, as in :attr:`Unit.origin`);
        *skip* the ``(msgid, msgctxt)`` keys the catalog had before this update:
        only entries the update creates are filled, so that running ``update``
        again changes nothing.
        """
        skip = set(skip)
        filled = 0
        for message in catalog:
            if not message.id or (message.id, message.context) in skip or _has_string(message):
                continue
            match = self.lookup(message.id, message.context, exclude=exclude)
            if match is None:
                continue
            message.string = match.unit.string
            message.user_comments = [*message.user_comments,
                                     f"{COMMENT_PREFIX}{match.unit.origin}"]
            if not match.exact:
                message.flags.add("fuzzy")
                message.previous_id = [match.unit.id]
            filled += 1
        return filled


def _has_string(message: Message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return any(message.string)
    return bool(message.string)


def _complete(message: Message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return bool(message.string) and all(message.string)
    return bool(message.string)


def origin_name(repo: CatalogRepository, path: Path) -> str:
    """*path* as the memory names it: relative to the project, POSIX slashes."""
    try:
        return Path(path).relative_to(repo.root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def build_memory(paths: Iterable[Path], repo: CatalogRepository | None = None,
                 locale: str | None = None) -> TranslationMemory:
    """A memory of the translated, non-fuzzy entries of the catalogs at *paths*.

    Each file is validated (``msgfmt --check``) before it is read; a broken
    one is a :class:`~i18n.errors.CatalogError` at its ``file:line``.
    """
    memory = TranslationMemory()
    for path in sorted(paths):
        origin = origin_name(repo, path) if repo is not None else Path(path).as_posix()
        catalog = read_catalog(Path(path), locale=locale)
        for message in catalog:   # obsolete entries are not iterated
            if message.id and not message.fuzzy and _complete(message):
                string = tuple(message.string) if isinstance(message.string, (list, tuple)) \
                    else message.string
                msgid = tuple(message.id) if isinstance(message.id, (list, tuple)) \
                    else message.id
                memory.add(Unit(message.context, msgid, string, origin))
    return memory


def locale_memory(repo: CatalogRepository, locale: HandoutLocale) -> TranslationMemory:
    """The memory of every catalog of *locale* (``locales/<posix>/LC_MESSAGES/*.po``)."""
    folder = repo.locales_dir / locale.posix / "LC_MESSAGES"
    paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
    return build_memory(paths, repo, locale=locale.posix)
