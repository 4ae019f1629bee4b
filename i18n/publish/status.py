"""Translation status: what is complete, what is blocked and why.

Counts are taken against what a handout needs *now*: the article's current
segments and the handout template's strings, so a catalog that was not
updated after a source change shows its new strings as untranslated.

Whether a handout is ``ready`` is not counted here: it is the release gate's
own decision (:func:`i18n.render.pipeline.decide_handout`, the one ``pdf`` and
``all`` take), so ``status`` says ``ready`` exactly when ``pdf`` would export
the handout, and says why not in a few words (``5 check errors: numbers 3,
markup 2``, ``13 unreviewed``).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path

import polib

from ..catalogs import cache
from ..catalogs.project import read_article_once
from ..catalogs.repository import load_po, read_catalog
from ..catalogs.review import entry_key, load_reviews, reviews_path
from ..checks.source import SourceReport, check_source
from ..content.article import Article
from ..content.extract import HANDOUT_DOMAIN
from ..errors import (CatalogError, HandoutError, display_path, error_from_record, error_record,
                      is_error_record)
from ..fileio import command_memo, read_input
from ..locales import HandoutLocale
from ..render.gate import Decision
from ..render.pipeline import decide_handout
from .manifest import inputs_digest


@dataclass(frozen=True)
class CatalogStatus:
    """Completeness of one domain's catalog for one handout."""

    domain: str
    path: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    untranslated_words: int
    error: str | None = None
    reviewed: int = 0        #: translated entries a reviewer approved as they stand
    unreviewed: int = 0

    @property
    def complete(self) -> bool:
        return self.error is None and self.translated == self.total


@dataclass(frozen=True)
class HandoutStatus:
    """Whether one article can be exported in one locale."""

    slug: str
    locale: str
    catalogs: tuple[CatalogStatus, ...]
    reading_grade: float | None = None   #: of the source text (check --source)
    claims: int = 0                      #: claims in the source text (check --source)
    decision: Decision = Decision()     #: the release gate's, as pdf and all take it

    @property
    def ready(self) -> bool:
        return self.decision.ready

    @property
    def translated(self) -> int:
        return sum(c.translated for c in self.catalogs)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.catalogs)

    @property
    def fuzzy(self) -> int:
        return sum(c.fuzzy for c in self.catalogs)

    @property
    def untranslated(self) -> int:
        return sum(c.untranslated for c in self.catalogs)

    @property
    def reviewed(self) -> int:
        return sum(c.reviewed for c in self.catalogs)

    @property
    def unreviewed(self) -> int:
        return sum(c.unreviewed for c in self.catalogs)

    @property
    def untranslated_words(self) -> int:
        return sum(c.untranslated_words for c in self.catalogs)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def reason(self) -> str:
        """Why the handout is blocked, e.g. ``zh-TW: 5 check errors: numbers 3, markup 2``."""
        return "" if self.ready else f"{self.locale}: {self.decision.summary}"

    @property
    def first_error(self) -> str:
        """The gate's first refusal as ``pdf`` reports it (``file:line: ...``)."""
        return "" if self.ready else str(self.decision.error)

    def as_dict(self) -> dict:
        return {"slug": self.slug, "locale": self.locale, "ready": self.ready,
                "reason": self.reason, "blocked_by": list(self.decision.reasons),
                "error": self.first_error, "percent": round(self.percent, 1),
                "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "total": self.total,
                "reviewed": self.reviewed, "unreviewed": self.unreviewed,
                "untranslated_words": self.untranslated_words,
                "reading_grade": self.reading_grade, "claims": self.claims,
                "catalogs": [asdict(c) for c in self.catalogs]}


def catalog_status(path: Path, domain: str, needed: list[str],
                   reviews: dict | None = None) -> CatalogStatus:
    """Count *needed* msgids in the catalog at *path* by state (and review, with *reviews*)."""
    shown = display_path(path)
    try:
        po = load_po(path)
    except CatalogError as exc:
        words = sum(len(msgid.split()) for msgid in needed)
        return CatalogStatus(domain, shown, len(needed), 0, 0, len(needed), words, str(exc))
    entries: dict[str, polib.POEntry] = {e.msgid: e for e in po if not e.obsolete}
    translated = fuzzy = untranslated = words = reviewed = 0
    for msgid in needed:
        entry = entries.get(msgid)
        if entry is not None and entry.fuzzy:
            fuzzy += 1
            words += len(msgid.split())
        elif entry is not None and entry.msgstr:
            translated += 1
            if reviews:   # no review records: nothing to hash
                reviewed += entry_key(entry) in reviews
        else:
            untranslated += 1
            words += len(msgid.split())
    return CatalogStatus(domain, shown, len(needed), translated, fuzzy, untranslated, words,
                         reviewed=reviewed, unreviewed=translated - reviewed)


def project_status(project, locales: list[HandoutLocale]) -> list[HandoutStatus]:
    """The status of every article in each of *locales*, article by article."""
    from ..content.article import list_articles
    from .digests import remembered_digests
    rows: list[HandoutStatus] = []
    with remembered_digests(project):
        for path in list_articles(project.articles_dir):
            rows.extend(article_statuses(project, path, locales))
    return rows


def article_statuses(project, article: Article | Path, locales: list[HandoutLocale]
                     ) -> list[HandoutStatus]:
    """:func:`handout_status` of *article* in each of *locales*.

    The whole row is remembered too, under all its handouts' keys: one look-up
    per article when nothing changed.  Given the article's path, it is parsed
    only if something must be worked out.
    """
    source = check_source(article, project.config)
    keys = [_status_key(project, article, locale) for locale in locales] \
        if cache.active() else []
    row_key = cache.digest("statuses", *keys) if keys and None not in keys else None
    stored = cache.lookup("statuses", row_key, _valid_row) if row_key is not None else None
    if stored is not None and len(stored) == len(locales):
        slug = article.stem if isinstance(article, Path) else article.slug
        return [_status(slug, locale, source, project, *_from_record(record))
                for locale, record in zip(locales, stored)]
    if isinstance(article, Path):
        article = read_article_once(article)
    rows = [handout_status(project, article, locale, source) for locale in locales]
    if row_key is not None:
        cache.store("statuses", row_key, [_record(row.catalogs, row.decision) for row in rows])
    return rows


def handout_status(project, article: Article | Path, locale: HandoutLocale,
                   source: SourceReport | None = None) -> HandoutStatus:
    """The status of *article* in *locale*: counts, the gate's decision (the one ``pdf``
    takes), and the source's reading grade and claims count (*source*: the article's
    :func:`~i18n.checks.source.check_source`, made if not given).

    The counts and the decision are remembered in the validation cache under the
    handout's inputs (every file the handout is made from, the handout
    template's POT) and the toolkit's own source: an unchanged handout is not
    localized and laid out again for every ``status``.  A refusal is remembered
    too: it is as much a result of those inputs as a "ready".  Given the
    article's path, it is parsed only if something must be worked out.
    """
    if source is None:
        source = check_source(article, project.config)
    catalogs, decision = _counts_and_decision(project, article, locale)
    slug = article.stem if isinstance(article, Path) else article.slug
    return _status(slug, locale, source, project, catalogs, decision)


def handout_decision(project, article: Article | Path, locale: HandoutLocale) -> Decision:
    """The gate's decision on *article* in *locale*, as :func:`handout_status` has it
    (from the validation cache when the handout's inputs did not change)."""
    return _counts_and_decision(project, article, locale)[1]


def _counts_and_decision(project, article: Article | Path, locale: HandoutLocale
                         ) -> tuple[tuple[CatalogStatus, ...], Decision]:
    key = _status_key(project, article, locale) if cache.active() else None
    stored = cache.lookup("status", key, _valid_record) if key is not None else None
    if stored is not None:
        return _from_record(stored)
    if isinstance(article, Path):
        article = read_article_once(article)
    catalogs, decision = _work_out(project, article, locale)
    if key is not None and _status_key(project, article, locale) == key:
        cache.store("status", key, _record(catalogs, decision))
    return catalogs, decision


def _status(slug: str, locale: HandoutLocale, source: SourceReport, project,
            catalogs: tuple[CatalogStatus, ...], decision: Decision) -> HandoutStatus:
    grade = source.reading_grade if project.config.source_locale.split("-")[0] == "en" \
        else None
    return HandoutStatus(slug, locale.tag, catalogs, grade, source.claims, decision)


def _status_key(project, article: Article | Path, locale: HandoutLocale) -> str | None:
    try:
        inputs = inputs_digest(project, article, locale)
    except HandoutError:
        return None          # worked out afresh: it says what is wrong
    return cache.digest("status", inputs, _pot_digest(project), cache.toolkit_fingerprint(),
                        os.getcwd())   # messages name files as the command line shows them


def _pot_digest(project) -> str:
    """The handout template's POT (its msgids are counted), once per command."""
    pot = project.repo.pot_path(HANDOUT_DOMAIN)
    if pot not in _POT_DIGESTS:
        _POT_DIGESTS[pot] = cache.digest(_contents(pot) or b"-")
    return _POT_DIGESTS[pot]


_POT_DIGESTS: dict[Path, str] = command_memo()


def _work_out(project, article: Article, locale: HandoutLocale
              ) -> tuple[tuple[CatalogStatus, ...], Decision]:
    decision = decide_handout(project, article, locale)
    if project.is_source(locale):
        return (), decision
    article_needed = list(dict.fromkeys(seg.text for seg in article.segments()))
    handout_pot = project.repo.pot_path(HANDOUT_DOMAIN)
    handout_needed = list(_template_ids(handout_pot, _contents(handout_pot))) \
        if handout_pot.exists() else []
    path = reviews_path(project.repo, locale)
    reviewers = tuple(project.config.reviewers)
    reviews = _reviews(path, _contents(path), reviewers)   # a broken file is an error
    handout_po = project.repo.po_path(locale, HANDOUT_DOMAIN)
    return (
        catalog_status(project.repo.po_path(locale, article.slug), article.slug, article_needed,
                       reviews),
        _shared_catalog_status(handout_po, tuple(handout_needed), reviews, path, reviewers),
    ), decision


def _record(catalogs: tuple[CatalogStatus, ...], decision: Decision) -> dict:
    return {"catalogs": [asdict(c) for c in catalogs],
            "reasons": list(decision.reasons),
            "error": None if decision.error is None else error_record(decision.error)}


def _from_record(record: dict) -> tuple[tuple[CatalogStatus, ...], Decision]:
    error = None if record["error"] is None else error_from_record(record["error"])
    return (tuple(CatalogStatus(**c) for c in record["catalogs"]),
            Decision(tuple(record["reasons"]), error))


_CATALOG_FIELDS = {f.name: f.type for f in fields(CatalogStatus)}


def _valid_row(value) -> bool:
    return isinstance(value, list) and all(_valid_record(record) for record in value)


def _valid_record(value) -> bool:
    """The shape :func:`_record` writes, every field of its kind (the cache is untrusted)."""
    def valid_catalog(c) -> bool:
        return isinstance(c, dict) and set(c) == set(_CATALOG_FIELDS) and all(
            (type(v) is int) if kind == "int" else
            (v is None or isinstance(v, str)) if kind == "str | None" else isinstance(v, str)
            for v, kind in ((c[name], kind) for name, kind in _CATALOG_FIELDS.items()))
    return (isinstance(value, dict) and set(value) == {"catalogs", "reasons", "error"}
            and isinstance(value["catalogs"], list) and len(value["catalogs"]) <= 2
            and all(valid_catalog(c) for c in value["catalogs"])
            and isinstance(value["reasons"], list)
            and all(isinstance(r, str) for r in value["reasons"])
            and (value["error"] is None or is_error_record(value["error"])))


# Every handout of a locale shares the handout domain, its template and the review
# records: each is read and counted once per content, not once per article.

def _contents(path: Path) -> bytes | None:
    """The bytes of *path*, the key of the memos below (``None``: unreadable, never memoized
    as such: the functions read the file again and report it)."""
    if not os.path.exists(path):   # (no error is built for an absent file: a common case)
        return None
    try:
        return read_input(path, CatalogError, confine=True)
    except CatalogError:
        return None


@lru_cache(maxsize=8)
def _template_ids(path: Path, contents: bytes | None) -> tuple[str, ...]:
    return tuple(m.id for m in read_catalog(path) if m.id)


@lru_cache(maxsize=16)
def _reviews_memo(path: Path, contents: bytes, reviewers: tuple[str, ...]) -> dict:
    return load_reviews(path, reviewers)


def _reviews(path: Path, contents: bytes | None, reviewers: tuple[str, ...]) -> dict:
    return load_reviews(path, reviewers) if contents is None else \
        _reviews_memo(path, contents, reviewers)


def _shared_catalog_status(path: Path, needed: tuple[str, ...], reviews: dict,
                           reviews_at: Path, reviewers: tuple[str, ...]) -> CatalogStatus:
    contents, reviews_contents = _contents(path), _contents(reviews_at)
    if contents is None:
        return catalog_status(path, HANDOUT_DOMAIN, list(needed), reviews)
    return _catalog_status_memo(path, contents, needed, reviews_at, reviews_contents,
                                reviewers)


@lru_cache(maxsize=16)
def _catalog_status_memo(path: Path, contents: bytes, needed: tuple[str, ...],
                         reviews_at: Path, reviews_contents: bytes | None,
                         reviewers: tuple[str, ...]) -> CatalogStatus:
    return catalog_status(path, HANDOUT_DOMAIN, list(needed),
                          _reviews(reviews_at, reviews_contents, reviewers))
