"""What the library page needs from articles and catalogs, kept between runs.

A library card shows its article's title, dates and web address, and its
search box matches the article's texts (title, description, topic, author
and body) in every built language.  Getting those texts means reading the
article and localizing it through the release gate in each language: about
50 ms a handout, and nearly all the time of an ``export.py all`` that has
nothing to build.  ``dist/library-cache.json`` keeps them, one entry per
article and language, keyed by the handout's :func:`~i18n.publish.manifest.inputs_hash`
(the article, the catalogs, the glossary, the templates, ``clinic.yaml``, the
toolkit's version): any change to what the texts are made from misses the
cache, and only that entry is made again.

The file is untrusted input like every file in ``dist/``: each entry is
validated when read, and one that is malformed is made again (a cache only
costs time).  It holds only the search texts, which fill the page's
``data-search`` attribute, matched and never shown.  What a card shows and
links to (the title, the address, the dates) is read from the article on
every build, never from the cache: an entry whose key and hash were forged
cannot put a link or a date on the page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError
from ..fileio import confined, read_input, write_if_changed
from ..locales import HandoutLocale
from ..text import first_hidden

CACHE_NAME = "library-cache.json"
CACHE_FORMAT = 3     #: 2: the facts carry the reading grade; 3: the body's text apart ("body")

_HASH = re.compile(r"[0-9a-f]{64}\Z")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_PLAIN_URL = re.compile(r"https?://[^\s\"'<>`]+\Z")    # what article.py accepts for 'url'
#: Far above any article's texts (the seed's are 14,000 characters in English).
_MAX_TEXT = 5_000_000


@dataclass(frozen=True)
class ArticleFacts:
    """What a card shows of its article, whatever the language."""

    title: str           #: the source title, without markup
    url: str             #: the article online, or ""
    published: str       #: ISO date
    reviewed: str        #: ISO date: last modified, else published
    reading_grade: float | None = None   #: of the English text (plain_language)

    @classmethod
    def of(cls, article, english: bool = True) -> "ArticleFacts":
        from ..content.plain_language import article_readability
        from ..content.article import plain_text
        return cls(plain_text(article.title.text), article.url or "",
                   article.date_published.isoformat(),
                   (article.date_modified or article.date_published).isoformat(),
                   article_readability(article).grade if english else None)


def search_parts(project, article, locale: HandoutLocale) -> tuple[tuple[str, ...], str]:
    """What a card's search finds in *locale*: (title, description, topic, specialty,
    author), and the body.

    As a handout prints them: through the release gate, so an entry that
    fails a check gives the source text.  Empty if the article cannot be
    localized.
    """
    from ..render.pipeline import localize_article

    try:
        handout = localize_article(project, article, locale)
    except HandoutError:
        return (), ""
    text = handout.segment_text
    fields = (article.title, article.short_title, article.description, article.about,
              article.specialty, article.author.name, article.author.affiliation)
    # Then the whole text: staff search for what a handout is about ("pigment"),
    # which is often only in its body.
    body = " ".join(text(segment) for segment in article.segments() if segment not in fields)
    return tuple(t for t in map(text, fields) if t), body


class LibraryCache:
    """The article facts and search texts of one library build, cached by inputs hash.

    Ask :meth:`facts` and :meth:`texts`; :meth:`save` then writes the entries
    this build used (and drops the others).
    """

    def __init__(self, project, entries: dict[str, dict] | None = None,
                 hashes: dict[str, str] | None = None) -> None:
        self.project = project
        self.old = entries or {}
        self.new: dict[str, dict] = {}
        # The inputs hashes this run already computed (``all``: one per planned handout,
        # by ``slug/locale``), not computed a second time for 9,000 handouts.
        self._hashes: dict[str, str | None] = dict(hashes or {})
        self._articles: dict[str, object] = {}
        self.made = 0    #: search texts made this build rather than read from the cache

    @classmethod
    def load(cls, project, hashes: dict[str, str] | None = None) -> "LibraryCache":
        """The cache of ``dist/``; empty if there is none or it cannot be read.

        *hashes* are inputs hashes of standard handouts computed in this run.
        """
        return cls(project, read_cache(cache_path(project)), hashes)

    # --- what the page asks for ------------------------------------------------------

    def facts(self, slug: str) -> ArticleFacts | None:
        """The article's facts, or ``None`` if the article cannot be read.

        Always read from the article itself (a few milliseconds): what a card
        shows and links to (the title, the address, the dates) is never taken
        from ``dist/``, which anyone who can write there could have forged.
        """
        article = self._article(slug)
        if article is None:
            return None
        return ArticleFacts.of(article, self.project.config.source_locale.split("-")[0] == "en")

    def texts(self, slug: str, locale: HandoutLocale, body: bool = True) -> tuple[str, ...]:
        """The article's search texts in *locale* (call :meth:`facts` first: the article
        must be readable); without the body's text unless *body*, and then the body's
        text is not kept in the cache either (a library past
        :data:`~i18n.publish.library.FULL_TEXT_HANDOUTS`)."""
        key, digest = f"{slug}/{locale.tag}", self._hash(slug, locale)
        entry = self._current(key, digest)
        if entry is not None and "search" in entry and (not body or "body" in entry):
            if not body and "body" in entry:
                self.new[key] = {k: v for k, v in entry.items() if k != "body"}
            text = entry.get("body", "") if body else ""
            return (*entry["search"], text) if text else tuple(entry["search"])
        article = self._article(slug)
        front, text = search_parts(self.project, article, locale) if article is not None \
            else ((), "")
        self._store(key, digest, search=list(front), **({"body": text} if body else {}))
        if not body and entry is not None and "body" in entry:
            self.new[key].pop("body", None)
        return (*front, text) if body and text else front

    def save(self) -> Path | None:
        """Write the entries of this build (only if they changed); ``None`` if unwritable."""
        data = {"format": CACHE_FORMAT, "entries": dict(sorted(self.new.items()))}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        path = cache_path(self.project)
        try:   # a FIFO or a folder in its place is refused, never read or replaced
            write_if_changed(confined(path, self.project.dist_dir), text + "\n")
        except (HandoutError, OSError):
            return None    # a cache that cannot be written only costs time next run
        return path

    # --- inside -----------------------------------------------------------------------

    def _hash(self, slug: str, locale: HandoutLocale) -> str | None:
        key = f"{slug}/{locale.tag}"
        if key not in self._hashes:
            from .manifest import inputs_hash
            try:
                self._hashes[key] = inputs_hash(
                    self.project, self.project.articles_dir / f"{slug}.md", locale)
            except (HandoutError, OSError):
                self._hashes[key] = None    # never cached: made every time
        return self._hashes[key]

    def _current(self, key: str, digest: str | None) -> dict | None:
        """The entry of *key* (this build's, else the file's) if made from inputs *digest*."""
        if digest is None:
            return None
        for entries in (self.new, self.old):
            entry = entries.get(key)
            if entry is not None and entry.get("inputs_hash") == digest:
                if entries is self.old:   # facts of an older cache are never used again
                    self.new[key] = entry = {k: v for k, v in entry.items() if k != "facts"}
                return entry
        return None

    def _store(self, key: str, digest: str | None, **values) -> None:
        self.made += 1
        if digest is not None:
            self.new[key] = {**self.new.get(key, {}), **values, "inputs_hash": digest}

    def _article(self, slug: str):
        if slug not in self._articles:
            try:
                self._articles[slug] = self.project.article(slug)
            except HandoutError:
                self._articles[slug] = None
        return self._articles[slug]


def cache_path(project) -> Path:
    return project.dist_dir / CACHE_NAME


def read_cache(path: Path) -> dict[str, dict]:
    """The valid entries of a cache file; none if it is missing or malformed."""
    if not path.exists():
        return {}
    try:
        data = json.loads(read_input(path, HandoutError, "library cache").decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return {}
        entries = data.get("entries")
    except (HandoutError, ValueError, RecursionError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {key: entry for key, entry in entries.items() if valid_entry(key, entry)}


def valid_entry(key: str, entry) -> bool:
    """Whether a cache entry has the right shape, and shows nothing hidden or unsafe."""
    if not isinstance(entry, dict) or not isinstance(key, str):
        return False
    if not isinstance(entry.get("inputs_hash"), str) or not _HASH.match(entry["inputs_hash"]):
        return False
    if set(entry) - {"inputs_hash", "facts", "search", "body"}:
        return False
    search = entry.get("search", [])
    body = entry.get("body", "")
    if not isinstance(search, list) or not all(isinstance(t, str) for t in search) \
            or not isinstance(body, str) or sum(map(len, search)) + len(body) > _MAX_TEXT:
        return False
    facts = entry.get("facts")
    if facts is None:
        return True
    if not isinstance(facts, dict):
        return False
    grade = facts.get("reading_grade")
    if grade is not None and (isinstance(grade, bool) or not isinstance(grade, (int, float))
                              or not 0 <= grade <= 100):
        return False
    facts = {key: value for key, value in facts.items() if key != "reading_grade"}
    if set(facts) != {"title", "url", "published", "reviewed"} \
            or not all(isinstance(v, str) and len(v) <= 10_000 for v in facts.values()):
        return False
    if any(first_hidden(value, controls=True) for value in facts.values()):
        return False
    if facts["url"] and not _PLAIN_URL.match(facts["url"]):
        return False
    return all(_ISO_DATE.match(facts[name]) for name in ("published", "reviewed"))
