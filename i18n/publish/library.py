"""The handout library: ``dist/index.html``, one card per article, for clinic staff.

The page has its CSS and JavaScript inline, no fonts, no external assets,
every link relative to ``dist/``, so it works from ``file://`` and from any
static web server; what it loads besides (other pages' cards, search texts)
are script files in ``dist/library/``, added as ``<script src>`` tags.

Its interface text is the ``library`` gettext domain (``templates/library*.html``,
extracted like the handout templates; :mod:`.library_interface`).  The page opens
in ``clinic.yaml``'s ``library_locale`` and carries every translated interface
language as JSON, so a switch on the page changes the language offline, without
a reload.  Thumbnails of page 1 are PNG
files in ``dist/thumbs/<locale>/<slug>.png``, made by poppler's ``pdftoppm``
whenever a PDF is built (so only when its inputs changed), and here for any
built handout that has none yet.

The handout language follows the page language unless staff choose another
("All languages" included); the page's script remembers both choices
(localStorage) and reads them from a link (``index.html#ui=zh-TW&lang=ja``).
Dates, labels and the names of variants are in the page's language
(:mod:`i18n.publish.wording`): the script carries every date of its cards in
every interface language, and messages with an element in them
("發布日期：{date}") are filled by name on both sides.  Languages not ready
share one line per card, their reasons behind one Details.

Each card's search matches its handout's texts in every built language,
localized through the release gate.  They are not in the page (a thousand
articles in nine languages would make it some 100 MB): they are published as
``dist/library/search-*.js`` (:mod:`.library_search`), which the page loads
when staff first search, and :mod:`.library_cache` takes them back from there
on the next run, keyed by each handout's inputs hash, so that a run that
changed nothing reads no article and no catalog.  The page shows the first
:data:`~.library_pages.CARDS_PER_PAGE` cards; its script shows the others a
page at a time, from ``dist/library/cards/<slug>.js`` (:mod:`.library_pages`).
:func:`library_files` gives every file the library publishes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from ..errors import HandoutError
from ..locales import parse_locale
from ..variants import built_pdf, download_name
from .library_cache import ArticleFacts, LibraryCache
# The interface language, for the bundles' index and the web pages too.
from .library_interface import (_format, Interface, interfaces, library_environment,  # noqa: F401
                                markup_helpers, page_data, script_json)
from .library_pages import INDEX_NAME, LIBRARY_TEMPLATE, site_files  # noqa: F401
from .thumbnails import make_thumbnail, png_size, thumbnail_path
from .wording import long_date



# --- thumbnails ---------------------------------------------------------------------


# --- the page's data -------------------------------------------------------------------

@dataclass(frozen=True)
class Download:
    """A variant of a handout (large print ...), linked next to the standard one."""

    variant: str         #: "large-print", "letter" ...
    href: str
    download: str        #: the file name a browser saves it under
    pages: int
    size_kb: int


@dataclass(frozen=True)
class Version:
    """One language of an article on its card."""

    locale: str          #: BCP 47 tag: the ``lang`` attribute
    language: str        #: the language's name in itself
    direction: str       #: "ltr" or "rtl"
    status: str          #: "built", or "unavailable" (missing, blocked or failed)
    title: str
    date_text: str       #: the publication date in this language
    date_iso: str
    reviewed_text: str   #: the last-reviewed date ("" if never revised since publication)
    reviewed_iso: str
    href: str | None     #: the PDF, relative to dist/
    download: str        #: ``<slug>.<locale>.pdf``
    pages: int
    size_kb: int
    reason: str          #: for translators: why it is not available
    thumb: str | None    #: the thumbnail, relative to dist/
    thumb_size: tuple[int, int] | None
    variants: tuple[Download, ...] = ()


@dataclass(frozen=True)
class Card:
    """One article: its versions in every language."""

    slug: str
    title: str
    source_lang: str
    versions: tuple[Version, ...]
    url: str = ""        #: the article online, if it has one
    reading_grade: float | None = None   #: staff choose easier handouts for some patients

    @property
    def thumb(self) -> Version | None:
        """The version whose page 1 the card shows: the source language's if built."""
        built = [v for v in self.versions if v.thumb]
        return next((v for v in built if v.locale == self.source_lang), built[0] if built else None)

    @property
    def built(self) -> tuple[Version, ...]:
        return tuple(v for v in self.versions if v.status == "built")

    @property
    def unavailable(self) -> tuple[Version, ...]:
        """The languages not ready: one line on the card, the reasons behind one Details."""
        return tuple(v for v in self.versions if v.status != "built")

    @property
    def lead(self) -> str:
        """The language the card leads with before the page's script runs."""
        tags = [v.locale for v in self.built]
        return self.source_lang if self.source_lang in tags or not tags else tags[0]


def _href(relative: str) -> str:
    return "/".join(quote(part) for part in relative.split("/"))


@lru_cache(maxsize=4096)
def _long_date(iso: str, locale_tag: str) -> str:
    return long_date(iso, locale_tag)    # 18,000 dates of 9,000 handouts: a few distinct


def _version(project, result, facts: ArticleFacts | None, variants: list) -> Version:
    dist_dir = project.dist_dir
    pdf = built_pdf(project, result)
    built = pdf is not None
    thumb = thumbnail_path(dist_dir, result.locale, result.slug) if built else None
    has_thumb = thumb is not None and thumb.is_file()
    locale = parse_locale(result.locale)
    published = facts.published if facts else str(result.date_published)
    reviewed = facts.reviewed if facts else published
    reviewed = "" if reviewed == published else reviewed   # never revised: no second date
    downloads = tuple(
        Download(v.variant, _href(v.path), download_name(v.slug, v.locale, v.variant),
                 v.pages, round(v.size / 1024))
        for v in sorted(variants, key=lambda v: v.variant)
        if built and built_pdf(project, v) is not None)
    return Version(
        locale=locale.tag,
        language=locale.display_name,
        direction=locale.direction,
        status="built" if built else "unavailable",
        title=str(result.title or result.slug),
        date_text=_long_date(published, locale.tag),
        date_iso=published,
        reviewed_text=_long_date(reviewed, locale.tag),
        reviewed_iso=reviewed,
        href=_href(result.path) if built else None,
        download=download_name(result.slug, locale.tag),
        pages=int(result.pages) if built else 0,
        size_kb=round(int(result.size) / 1024) if built else 0,
        reason="" if built else str(result.reason or result.status),
        thumb=_href(thumb.relative_to(dist_dir).as_posix()) if has_thumb else None,
        thumb_size=png_size(thumb) if has_thumb else None,
        variants=downloads,
    )


def library_cards(project, results: Iterable, cache: LibraryCache | None = None) -> list[Card]:
    """The cards of the page, by source title; languages in the configured order.

    Only handouts built and on disk get a link; every other language of an
    article is shown as not available.  Titles come from the manifest; the
    dates, address and reading grade from the article (:meth:`LibraryCache.facts`).
    """
    cache = cache if cache is not None else LibraryCache(project)
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    source = project.config.source_locale
    standard: dict[str, dict[str, object]] = {}
    variants: dict[tuple[str, str], list] = {}
    for result in results:
        try:
            tag = parse_locale(str(result.locale)).tag
        except HandoutError:
            continue
        if result.variant:
            variants.setdefault((result.slug, tag), []).append(result)
        else:
            standard.setdefault(result.slug, {})[tag] = result
    cards = []
    for slug, group in standard.items():
        facts = cache.facts(slug)
        tags = sorted(group, key=lambda t: (order.get(t, len(order)), t))
        versions = tuple(_version(project, group[t], facts, variants.get((slug, t), []))
                         for t in tags)
        cards.append(Card(slug, facts.title if facts is not None else slug, source, versions,
                          facts.url if facts is not None else "",
                          facts.reading_grade if facts is not None else None))
    return sorted(cards, key=lambda card: (card.title.casefold(), card.slug))


def search_texts(cards: Iterable[Card], cache: LibraryCache
                 ) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """What the search files hold: (front texts by slug and locale, bodies by locale and
    slug), of built handouts only: a handout the gate refused is searched for nowhere."""
    fronts: dict[str, dict[str, str]] = {}
    bodies: dict[str, dict[str, str]] = {}
    for card in cards:
        for version in card.built:
            texts = cache.texts(card.slug, parse_locale(version.locale))
            front = "\n".join(dict.fromkeys(filter(None, (version.title, *texts.front.split("\n")))))
            fronts.setdefault(card.slug, {})[version.locale] = front
            bodies.setdefault(version.locale, {})[card.slug] = texts.body
    return fronts, bodies


def ensure_thumbnails(project, results: Iterable, jobs: int = 4) -> None:
    """Make the missing thumbnails of built handouts (e.g. after merging shards)."""
    wanted = []
    for result in results:
        if result.status in ("built", "skipped") and result.path and not result.variant:
            pdf = project.dist_dir / result.path
            png = thumbnail_path(project.dist_dir, result.locale, result.slug)
            if pdf.is_file() and not png.is_file():
                wanted.append((pdf, png))
    if wanted:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(lambda pair: make_thumbnail(*pair, within=project.dist_dir),
                          wanted))


def library_files(project, entries: Iterable, cache: LibraryCache | None = None
                  ) -> dict[Path, bytes]:
    """Every file the library publishes for *entries* (manifest entries), by path:
    ``dist/index.html``, the cards of its other pages, the plain lists and the
    search files (:mod:`.library_pages`).  Only handouts built and on disk are
    linked or searched.  Nothing is written.

    *cache* holds the search texts of earlier runs (:meth:`LibraryCache.load`);
    without one, every article is localized in every built language.
    """
    cache = cache if cache is not None else LibraryCache(project)
    cards = library_cards(project, list(entries), cache)
    return site_files(project, cards, *search_texts(cards, cache))


def render_library(project, results: Iterable, cache: LibraryCache | None = None) -> str:
    """The HTML of the library page, ``dist/index.html``, for *results* (manifest entries)."""
    return library_files(project, results, cache)[project.dist_dir / INDEX_NAME].decode("utf-8")


def build_library(project, results: Iterable, fresh: bool = False,
                  hashes: dict[str, str] | None = None) -> Path:
    """Write the library (:func:`library_files`; each file only when it changes) and
    remove the files of ``dist/library/`` it no longer publishes (the search file of
    a locale with nothing built, the card of a removed article).

    Thumbnails missing for built handouts are made first.  The articles'
    texts come from the search files of ``dist/`` where their inputs are
    unchanged (unless *fresh*), and ``dist/library-cache.json`` is updated
    (:mod:`.library_cache`).  *hashes*: the inputs hashes of standard handouts
    (by ``slug/locale``) that this run computed, so they are not computed again.
    """
    from .library_pages import write_files

    results = list(results)
    ensure_thumbnails(project, results)
    cache = LibraryCache(project, hashes=hashes) if fresh else \
        LibraryCache.load(project, hashes)
    write_files(project, library_files(project, results, cache))
    cache.save()
    return project.dist_dir / INDEX_NAME
