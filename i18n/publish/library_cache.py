"""What the library page needs from articles and catalogs, kept between runs.

A library card shows its article's title, dates, address and reading grade,
and its search matches the handout's texts (title, description, topic,
author and body) in every built language.  Getting the texts means reading
the article and localizing it through the release gate in each language:
about 50 ms a handout.  They are published in the search files
(:mod:`.library_search`), and the next build takes them back from there:
``dist/library-cache.json`` records only which inputs each handout's texts
were made from, one entry per article and language, keyed by the handout's
:func:`~i18n.publish.manifest.inputs_hash` (the article, the catalogs, the
glossary, the templates, ``clinic.yaml``, the toolkit's version).  Any change
to what the texts are made from misses, and only that entry is made again.
At 9,000 handouts the cache is about 1 MB.

Both files are untrusted input like every file in ``dist/``: each entry is
validated when read, and one that is malformed is made again (a cache only
costs time).  The search texts are matched, never shown.  What a card shows
and links to (the title, the address, the dates, the reading grade) is never
read from ``dist/``: it comes from the article, through the validation cache
of :mod:`i18n.catalogs.cache` (outside the project, each entry signed with
this user's key) keyed by the article's bytes, so that an unchanged article
is not parsed and measured again.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..catalogs import cache as validation
from ..errors import HandoutError
from ..fileio import confined, read_input, write_if_changed
from ..locales import HandoutLocale
from ..text import first_hidden
from .library_search import read_search_files, search_body

CACHE_NAME = "library-cache.json"
#: 2: the facts carry the reading grade; 3: the body's text apart ("body");
#: 4: only the inputs hash of each entry, the texts being in the search files.
CACHE_FORMAT = 4

_HASH = re.compile(r"[0-9a-f]{64}\Z")
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,199}/[A-Za-z0-9-]{1,40}\Z")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_PLAIN_URL = re.compile(r"https?://[^\s\"'<>`]+\Z")    # what article.py accepts for 'url'


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


@dataclass(frozen=True)
class SearchTexts:
    """What a card's search finds in one language."""

    front: str    #: title, short title, description, topic, specialty, author: one a line
    body: str     #: the rest of the text, each word once (:func:`.library_search.search_body`)


def search_parts(project, article, locale: HandoutLocale) -> SearchTexts:
    """What a card's search finds in *locale*, as a handout prints it: through the
    release gate, so an entry that fails a check gives the source text.  Empty if
    the article cannot be localized.
    """
    from ..render.pipeline import localize_article

    try:
        handout = localize_article(project, article, locale)
    except HandoutError:
        return SearchTexts("", "")
    text = handout.segment_text
    fields = (article.title, article.short_title, article.description, article.about,
              article.specialty, article.author.name, article.author.affiliation)
    # Then the whole text: staff search for what a handout is about ("pigment"),
    # which is often only in its body.
    body = " ".join(text(segment) for segment in article.segments() if segment not in fields)
    front = "\n".join(t for t in map(text, fields) if t)
    return SearchTexts(front, search_body(body))


class LibraryCache:
    """The article facts and search texts of one library build.

    Ask :meth:`facts` and :meth:`texts`; :meth:`save` then writes the entries
    this build used (and drops the others).
    """

    def __init__(self, project, entries: dict[str, str] | None = None,
                 hashes: dict[str, str] | None = None,
                 texts: dict[str, SearchTexts] | None = None) -> None:
        self.project = project
        self.old = entries or {}               #: "slug/locale" -> inputs hash
        self.old_texts = texts or {}           #: "slug/locale" -> the search files' texts
        self.new: dict[str, str] = {}
        self._made: dict[str, SearchTexts] = {}
        # The inputs hashes this run already computed (``all``: one per planned handout,
        # by ``slug/locale``), not computed a second time for 9,000 handouts.
        self._hashes: dict[str, str | None] = dict(hashes or {})
        self._articles: dict[str, object] = {}
        self.made = 0    #: search texts made this build rather than taken from dist/

    @classmethod
    def load(cls, project, hashes: dict[str, str] | None = None) -> "LibraryCache":
        """The cache of ``dist/`` and the texts of its search files; empty if there is
        none or it cannot be read.  *hashes* are inputs hashes of standard handouts
        computed in this run."""
        entries = read_cache(cache_path(project))
        texts: dict[str, SearchTexts] = {}
        if entries:
            fronts, bodies = read_search_files(project.dist_dir)
            for key in entries:
                slug, _, tag = key.partition("/")
                front = fronts.get(slug, {}).get(tag)
                body = bodies.get(tag, {}).get(slug)
                if front is not None and body is not None:   # else made again
                    texts[key] = SearchTexts(front or "", body or "")
        return cls(project, entries, hashes, texts)

    # --- what the page asks for ------------------------------------------------------

    def facts(self, slug: str) -> ArticleFacts | None:
        """The article's facts, or ``None`` if the article cannot be read.

        Never from ``dist/``, which anyone who can write there could have forged:
        from the article, or from what the validation cache kept for its exact bytes.
        """
        english = self.project.config.source_locale.split("-")[0] == "en"
        path = self.project.articles_dir / f"{slug}.md"
        key = _facts_key(path, english)
        if key is not None:
            stored = validation.lookup("library-facts", key, valid_facts)
            if stored is not None:
                return ArticleFacts(**stored)
        article = self._article(slug)
        if article is None:
            return None
        facts = ArticleFacts.of(article, english)
        if key is not None:
            validation.store("library-facts", key, asdict(facts))
        return facts

    def texts(self, slug: str, locale: HandoutLocale) -> SearchTexts:
        """The article's search texts in *locale* (call :meth:`facts` first: the article
        must be readable): those of the search files if made from the same inputs."""
        key, digest = f"{slug}/{locale.tag}", self._hash(slug, locale)
        if key in self._made:
            return self._made[key]
        if digest is not None and self.old.get(key) == digest and key in self.old_texts:
            self.new[key] = digest
            return self.old_texts[key]
        article = self._article(slug)
        found = search_parts(self.project, article, locale) if article is not None \
            else SearchTexts("", "")
        self.made += 1
        self._made[key] = found
        if digest is not None:
            self.new[key] = digest
        return found

    def save(self) -> Path | None:
        """Write the entries of this build (only if they changed); ``None`` if unwritable.

        Call it once the search files are written: an entry says "the search files
        hold the texts of these inputs"."""
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

    def _article(self, slug: str):
        if slug not in self._articles:
            try:
                self._articles[slug] = self.project.article(slug)
            except HandoutError:
                self._articles[slug] = None
        return self._articles[slug]


def _facts_key(path: Path, english: bool) -> str | None:
    """The validation cache's key for the facts of the article at *path*: its bytes,
    its path and the toolkit's code; ``None`` without a cache or a readable file."""
    if not validation.active():
        return None
    try:
        data = read_input(path, HandoutError, "article", confine=True)
    except (HandoutError, OSError):
        return None
    return validation.digest("library-facts", validation.toolkit_fingerprint(), str(path),
                             data, "en" if english else "")


def cache_path(project) -> Path:
    return project.dist_dir / CACHE_NAME


def read_cache(path: Path) -> dict[str, str]:
    """The valid entries of a cache file (``slug/locale`` -> inputs hash); none if it
    is missing or malformed."""
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
    return {key: digest for key, digest in entries.items() if valid_entry(key, digest)}


def valid_entry(key, digest) -> bool:
    """Whether a cache entry has the right shape: ``slug/locale`` and a sha256."""
    return isinstance(key, str) and bool(_KEY.match(key)) \
        and isinstance(digest, str) and bool(_HASH.match(digest))


def valid_facts(facts) -> bool:
    """Whether stored facts have the right shape, and show nothing hidden or unsafe."""
    if not isinstance(facts, dict):
        return False
    if set(facts) != {"title", "url", "published", "reviewed", "reading_grade"}:
        return False
    grade = facts["reading_grade"]
    if grade is not None and (isinstance(grade, bool) or not isinstance(grade, (int, float))
                              or not 0 <= grade <= 100):
        return False
    texts = [facts[name] for name in ("title", "url", "published", "reviewed")]
    if not all(isinstance(v, str) and len(v) <= 10_000 for v in texts):
        return False
    if any(first_hidden(value, controls=True) for value in texts):
        return False
    if facts["url"] and not _PLAIN_URL.match(facts["url"]):
        return False
    return all(_ISO_DATE.match(facts[name]) for name in ("published", "reviewed"))
