"""The handout library: ``dist/index.html``, one card per article, for clinic staff.

The page is one self-contained file: CSS and JavaScript inline, no fonts,
no external assets, every link relative to ``dist/``, so it works from
``file://`` and from any static web server.

Its interface text is the ``library`` gettext domain (``templates/library.html``,
extracted like the handout templates).  The page opens in ``clinic.yaml``'s
``library_locale`` and carries every translated interface language as JSON,
so a switch on the page changes the language offline, without a reload.  Thumbnails of page 1 are PNG
files in ``dist/thumbs/<locale>/<slug>.png``, made by poppler's ``pdftoppm``
whenever a PDF is built (so only when its inputs changed), and here for any
built handout that has none yet.

The handout language follows the page language unless staff choose another
("All languages" included); the page's script remembers both choices
(localStorage) and reads them from a link (``index.html#ui=zh-TW&lang=ja``).
Dates, labels and the names of variants are in the page's language
(:mod:`i18n.publish.wording`): the script carries every date of the page in
every interface language, and messages with an element in them
("發布日期：{date}") are filled by name on both sides.  Languages not ready
share one line per card, their reasons behind one Details.

Each card's search text holds its article's texts in every built language,
localized through the release gate: :mod:`i18n.library_cache` keeps them
between runs, keyed by each handout's inputs hash, so a run that changed
nothing reads no article and no catalog.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from ..errors import HandoutError
from ..fileio import confined, read_input, write_if_changed
from ..locales import parse_locale
from ..variants import built_pdf, download_name
from .library_cache import ArticleFacts, LibraryCache
from .thumbnails import make_thumbnail, png_size, thumbnail_path
from .wording import fields_of, fill, list_separator, long_date, variant_msgids

LIBRARY_TEMPLATE = "library.html"
INDEX_NAME = "index.html"
#: Up to this many built handouts, each card's search text holds the whole text of
#: its article in every built language (19 KB a handout for the seed article); past it,
#: the front matter's texts only (title, description, topic, specialty, author: about
#: 0.5 KB), so that the page and ``library-cache.json`` stay within what a browser
#: and :data:`~i18n.fileio.MAX_INPUT_BYTES` take (9,000 handouts with their bodies
#: would make a 190 MB page and a 175 MB cache).
FULL_TEXT_HANDOUTS = 1_000


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
    """One article: its versions and the text the search box matches."""

    slug: str
    title: str
    source_lang: str
    versions: tuple[Version, ...]
    search_text: str
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


def _long_date(iso: str, locale_tag: str) -> str:
    return long_date(iso, locale_tag)


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
    article is shown as not available.  Titles come from the manifest;
    the searchable texts (description, topic, specialty, author, body) from
    the article and the catalogs, in every built language: from *cache* where
    their inputs have not changed (without one, everything is made anew).
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
    built_handouts = sum(1 for group in standard.values() for result in group.values()
                         if result.status in ("built", "skipped"))
    body = built_handouts <= FULL_TEXT_HANDOUTS
    cards = []
    for slug, group in standard.items():
        facts = cache.facts(slug)
        tags = sorted(group, key=lambda t: (order.get(t, len(order)), t))
        versions = tuple(_version(project, group[t], facts, variants.get((slug, t), []))
                         for t in tags)
        search, title = [], slug
        if facts is not None:
            title = facts.title
            for version in versions:
                if version.status == "built":
                    search.extend(cache.texts(slug, parse_locale(version.locale), body))
            search.extend(cache.texts(slug, parse_locale(source), body))
        search.extend(v.title for v in versions if v.status == "built")
        cards.append(Card(slug, title, source, versions, "\n".join(dict.fromkeys(search)),
                          facts.url if facts is not None else "",
                          facts.reading_grade if facts is not None else None))
    return sorted(cards, key=lambda card: (card.title.casefold(), card.slug))


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


# --- the interface language ------------------------------------------------------------

@dataclass(frozen=True)
class Interface:
    """The page's own text in one language: the ``library`` domain's translations."""

    locale: str                          #: BCP 47
    language: str                        #: its name in itself
    direction: str
    plural: str                          #: gettext plural expression (Babel's, from CLDR)
    messages: dict                       #: msgid -> msgstr, or [forms] for plural entries

    def gettext(self, msgid: str) -> str:
        found = self.messages.get(msgid)
        return found if isinstance(found, str) and found else msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.messages.get(singular)
        if isinstance(forms, list) and forms:
            index = _plural_index(self.plural, n)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return singular if n == 1 else plural

    def as_json(self) -> dict:
        return {"language": self.language, "dir": self.direction, "plural": self.plural,
                "messages": self.messages}


def _plural_index(expression: str, n: int) -> int:
    """Evaluate a gettext plural expression (Babel's own, never a catalog's) for *n*."""
    return int(_c_ternary(expression, n))


def _c_ternary(expr: str, n: int) -> int:
    """A tiny evaluator for C plural expressions: ``cond ? a : b``, ``== != < > <= >= % && ||``."""
    tokens = re.findall(r"\d+|n|==|!=|<=|>=|&&|\|\||[()?:<>%!]", expr)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def primary():
        tok = take()
        if tok == "(":
            value = ternary()
            take()
            return value
        if tok == "!":
            return int(not primary())
        return n if tok == "n" else int(tok)

    def binary(level):
        ops = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("%",)]
        if level == len(ops):
            return primary()
        value = binary(level + 1)
        while peek() in ops[level]:
            op = take()
            right = binary(level + 1)
            value = {"||": lambda a, b: int(bool(a or b)), "&&": lambda a, b: int(bool(a and b)),
                     "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
                     "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
                     "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
                     "%": lambda a, b: a % b if b else 0}[op](value, right)
        return value

    def ternary():
        cond = binary(0)
        if peek() == "?":
            take()
            yes = ternary()
            take()  # ":"
            no = ternary()
            return yes if cond else no
        return cond

    return ternary()


def interfaces(project) -> dict[str, Interface]:
    """The page's text in the source language and in every locale with a ``library`` catalog.

    Only translated, non-fuzzy entries that pass the release gate (no
    error-level finding of the checks) are used; any other shows the English.
    """
    from babel.messages.plurals import get_plural

    from ..catalogs.repository import load_po
    from ..checks import ERROR, check_entry
    from ..checks.context import check_context
    from ..content.extract import LIBRARY_DOMAIN

    found: dict[str, Interface] = {}
    tags = [project.config.source_locale, *project.config.locales]
    if project.config.library_locale:
        tags.append(project.config.library_locale)
    for tag in dict.fromkeys(tags):
        try:
            locale = parse_locale(tag)
        except HandoutError:
            continue
        messages: dict = {}
        path = project.repo.po_path(locale, LIBRARY_DOMAIN)
        if not project.is_source(locale):
            if not path.is_file():
                continue
            try:
                contents = read_input(path, HandoutError, "catalog", confine=True)
                context = check_context(locale, project.config)
                known = _INTERFACES.get((locale.tag, contents), [])
                messages = next((dict(m) for c, m in known if c == context), None)
                catalog = load_po(path) if messages is None else ()
            except HandoutError:
                continue
            if messages is not None:   # every web page asks again: checked once a run
                plural = get_plural(locale.babel).plural_expr
                found[locale.tag] = Interface(locale.tag, locale.display_name,
                                              locale.direction, plural, messages)
                continue
            messages = {}
            for entry in catalog.translated_entries():
                if any(severity == ERROR for _, severity, _ in check_entry(entry, context)):
                    continue   # the gate: the English rather than a changed number
                if entry.msgid_plural:
                    messages[entry.msgid] = [entry.msgstr_plural[i]
                                             for i in sorted(entry.msgstr_plural)]
                else:
                    messages[entry.msgid] = entry.msgstr
            if len(_INTERFACES) > 64:
                _INTERFACES.clear()
            _INTERFACES.setdefault((locale.tag, contents), []).append(
                (context, dict(sorted(messages.items()))))
        plural = get_plural(locale.babel).plural_expr
        found[locale.tag] = Interface(locale.tag, locale.display_name, locale.direction,
                                      plural, dict(sorted(messages.items())))
    return found


#: The gated interface texts of a library catalog, by (locale, its bytes), with the
#: check context they were gated in: a run that writes 9,000 web pages asks for them
#: on every page.
_INTERFACES: dict[tuple[str, bytes], list[tuple[object, dict]]] = {}


def _format(text: str, fallback: str, fields: dict) -> str:
    """*text* with its ``{fields}`` substituted by name, as the handout does (never
    ``str.format`` on translated text); the English if a translation has a field
    the page does not fill."""
    from ..render.html import substitute_fields
    try:
        return substitute_fields(text, **fields)
    except HandoutError:
        return substitute_fields(fallback, **fields)


def _markup_helpers(ui: Interface, live: bool = True) -> dict:
    """``t``, ``tn`` and ``attr``: text the page's script can translate again in place
    (or, not *live*, only the text: the bundles' index and the web pages)."""

    def fields_json(fields: dict) -> str:
        return json.dumps(fields, ensure_ascii=False, sort_keys=True)

    def t(msgid: str, **fields) -> Markup:
        text = _format(ui.gettext(msgid), msgid, fields)
        if not live:
            return escape(text)
        args = Markup(' data-i18n-args="{}"').format(fields_json(fields)) if fields else ""
        return Markup('<span data-i18n="{}"{}>{}</span>').format(msgid, args, text)

    def tn(singular: str, plural: str, n: int, **fields) -> Markup:
        fields = {"n": n, **fields}
        text = _format(ui.ngettext(singular, plural, n), singular if n == 1 else plural, fields)
        if not live:
            return escape(text)
        return Markup('<span data-i18n="{}" data-i18n-plural="{}" data-i18n-args="{}">{}</span>'
                      ).format(singular, plural, fields_json(fields), text)

    def attr(name: str, msgid: str) -> Markup:
        return Markup('{0}="{1}" data-i18n-{0}="{2}"').format(name, ui.gettext(msgid), msgid)

    def ts(msgid: str, **slots) -> Markup:
        """A message with elements in it (``"Published: {date}"``, the date a ``<time>``):
        the translator places them, punctuation and all; the script moves them on a switch."""
        text = ui.gettext(msgid)
        if fields_of(text) != fields_of(msgid):   # a lost or invented field: the English
            text = msgid
        if not live:
            return fill(text, slots)
        elements = {name: Markup('<span data-slot="{}">{}</span>').format(name, html)
                    for name, html in slots.items()}
        return Markup('<span data-i18n="{}" data-i18n-slots="">{}</span>').format(
            msgid, fill(text, elements))

    def date(iso: str) -> Markup:
        """A date in the page's language; the script rewrites it from the page's date table."""
        return Markup('<time datetime="{}"{}>{}</time>').format(
            iso, Markup(' data-date=""') if live else "", long_date(iso, ui.locale))

    def joined(items) -> Markup:
        """Items (markup) separated as the page's language separates a list."""
        separator = Markup('<span class="sep" aria-hidden="true">{}</span>').format(
            list_separator(ui.locale))
        return separator.join(items)

    def variant_name(variant: str) -> Markup:
        """A variant's localized name: "大字版", "大字版、Letter 紙張"."""
        return joined(t(msgid) for msgid in variant_msgids(variant))

    def language_list(versions) -> Markup:
        """Languages named in themselves, each isolated, as a list of the page's language."""
        return joined(Markup('<bdi class="lang-item" data-lang="{0}" lang="{0}">{1}</bdi>').format(
            v.locale, v.language) for v in versions)

    return {"t": t, "tn": tn, "attr": attr, "ts": ts, "date": date, "joined": joined,
            "variant_name": variant_name, "language_list": language_list}


def markup_helpers(ui: Interface, live: bool = True) -> dict:
    """The template helpers of a page in *ui*'s language (see :func:`_markup_helpers`)."""
    return _markup_helpers(ui, live)


def page_data(uis: dict[str, Interface], dates: Iterable[str]) -> dict:
    """What the page's script needs to switch language: each interface's messages,
    plural rule, list separator, and every date of the page written in it."""
    dates = sorted(set(filter(None, dates)))
    return {tag: {**ui.as_json(), "sep": list_separator(tag),
                  "dates": {iso: long_date(iso, tag) for iso in dates}}
            for tag, ui in uis.items()}


def script_json(data) -> Markup:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` that could end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def library_environment(templates_dir: Path) -> jinja2.Environment:
    """The project's ``library.html`` if it has one, else the toolkit's."""
    from ..config import TEMPLATES_DIR
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_dir)),
                                  jinja2.FileSystemLoader(str(TEMPLATES_DIR))])
    env = jinja2.Environment(loader=loader,
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    # Fields by name, never str.format on a translation ({clinic.__class__}).
    env.filters["fmt"] = lambda text, **fields: _format(text, text, fields)
    return env


def render_library(project, results: Iterable, cache: LibraryCache | None = None) -> str:
    """The HTML of the library page for *results* (manifest entries).

    *cache* holds the articles' facts and search texts of earlier runs; without
    one, every article is read and localized in every built language.
    """
    results = list(results)
    cards = library_cards(project, results, cache)
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    languages = {}
    for card in cards:
        for version in card.versions:
            languages.setdefault(version.locale, version.language)
    languages = dict(sorted(languages.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    built = sum(len(card.built) for card in cards)
    counts = {"articles": len(cards), "built": built,
              "unavailable": sum(len(card.versions) for card in cards) - built,
              "languages": len({v.locale for card in cards for v in card.built})}
    uis = interfaces(project)
    default = project.config.library_locale or project.config.source_locale
    ui = uis.get(default) or uis.get(project.config.source_locale) or next(iter(uis.values()))
    dates = [d for card in cards for v in card.versions for d in (v.date_iso, v.reviewed_iso)]
    template = library_environment(project.templates_dir).get_template(LIBRARY_TEMPLATE)
    return template.render(clinic_name=project.config.clinic_name, ui=ui,
                           interfaces=uis, translations=script_json(page_data(uis, dates)),
                           cards=cards, languages=languages, counts=counts,
                           **markup_helpers(ui))


def build_library(project, results: Iterable, fresh: bool = False,
                  hashes: dict[str, str] | None = None) -> Path:
    """Write ``dist/index.html`` for *results* (atomically, only when it changes).

    Thumbnails missing for built handouts are made first.  The articles'
    texts come from ``dist/library-cache.json`` where their inputs are
    unchanged (unless *fresh*), and the cache is updated
    (:mod:`i18n.library_cache`).  *hashes*: the inputs hashes of standard handouts
    (by ``slug/locale``) that this run computed, so they are not computed again.
    """
    results = list(results)
    ensure_thumbnails(project, results)
    path = project.dist_dir / INDEX_NAME
    cache = LibraryCache(project, hashes=hashes) if fresh else \
        LibraryCache.load(project, hashes)
    write_if_changed(confined(path, project.dist_dir), render_library(project, results, cache))
    cache.save()
    return path
