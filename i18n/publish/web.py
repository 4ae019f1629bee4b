"""Web pages for the clinic's website: ``dist/web/``, ready to upload as it is.

One static, accessible HTML page per built handout (status ``built`` in
``dist/manifest.json``, read as untrusted input and checked against the
files): ``dist/web/<locale>/<slug>.html``, the localized article with a
visible switch to its other languages (named in themselves), links to its
PDFs (the standard one and every variant, copied beside the page), schema.org
``MedicalWebPage`` JSON-LD, ``<link rel="alternate" hreflang>`` to every
language of the article and ``x-default`` (the source language), a
canonical URL when ``clinic.yaml`` has ``site_url``, and Open Graph tags with
page 1 as the picture.  Then one index page per language
(``dist/web/<locale>/index.html``) and, under a ``site_url``,
``dist/web/sitemap.xml`` with the ``xhtml:link`` hreflang alternates of every
page.

The page is built like a handout: the same localized text
(:mod:`i18n.render.localize`) through the same gate, the same article body
template (``blocks.html``), Jinja2 autoescaping, Markdown with raw HTML off,
links limited to http, https and mailto, no external assets (the logo is a
``data:`` URI).  Its few words of navigation ("Languages", "Printable
handout", "大字版") are the ``library`` domain's, shared with the library
page.  The JSON-LD is escaped for ``<script>`` (``<``, ``>``, ``&`` as
``\\u003c`` ...).  The same inputs give the same bytes.

``dist/web/`` belongs to this build: a file in a built language's folder that
this run did not write (the page of a handout that is now blocked, a PDF
that no longer exists) is removed, so nothing stale is published.  Under
``export.py all``, a page, index or sitemap whose derivation key
(:mod:`.derived`) and bytes are the ones the manifest records is kept as it
is, without localizing its handout.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import jinja2

from ..errors import ExportBlockedError, HandoutError
from ..fileio import confined, write_if_changed
from ..locales import HandoutLocale, parse_locale
from ..render.branding import branding
from ..variants import built_pdf, download_name
from .thumbnails import png_size, thumbnail_path

WEB_DIR = "web"
WEB_TEMPLATE = "web.html"
WEB_INDEX_TEMPLATE = "web-index.html"
INDEX_PAGE = "index.html"
SITEMAP_NAME = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: Headings of the section whose list items are an article's references (JSON-LD ``citation``).
REFERENCE_HEADINGS = frozenset({"references", "sources", "bibliography", "further reading"})
_LINK = re.compile(r"\]\((https?://[^\s)]+)\)|(https?://[^\s)<>\]]+)")


@dataclass(frozen=True)
class Alternate:
    """Another language of the same page, for ``hreflang`` and the language switch."""

    hreflang: str
    href: str
    language: str = ""   #: the language's name in itself ("" for x-default)


@dataclass(frozen=True)
class WebFile:
    """A PDF of the page, published beside it."""

    variant: str         #: "" for the standard handout, else "large-print" ...
    href: str            #: relative to the page
    download: str        #: ``<slug>.<locale>[.<variant>].pdf``
    pages: int
    size_kb: int


@dataclass(frozen=True)
class Picture:
    """Page 1 of the handout, for sharing (``og:image``, JSON-LD ``image``)."""

    url: str
    width: int
    height: int


@dataclass
class WebBuild:
    """What one run published, by language: pages, their dates, and the files written."""

    pages: dict[str, dict[str, object]] = field(default_factory=dict)  #: tag -> slug -> handout
    written: list[tuple[Path, bool]] = field(default_factory=list)


def web_page_path(project, slug: str, locale_tag: str) -> Path:
    return project.dist_dir / WEB_DIR / locale_tag / f"{slug}.html"


def page_url(project, slug: str, locale_tag: str, from_tag: str, name: str = "") -> str:
    """The page's absolute URL under ``site_url``, else its path relative to *from_tag*'s page.

    *name* is the file name (``<slug>.html`` by default; ``index.html`` for an index).
    """
    name = name or f"{slug}.html"
    if project.config.site_url:
        return f"{project.config.site_url}{locale_tag}/{name}"
    return name if locale_tag == from_tag else f"../{locale_tag}/{name}"


def _alternates(project, tags: list[str], tag: str, slug: str, name: str = "") -> list[Alternate]:
    found = [Alternate(other, page_url(project, slug, other, tag, name),
                       parse_locale(other).display_name) for other in tags]
    source = project.config.source_locale
    default = source if source in tags else (tags[0] if tags else tag)
    found.append(Alternate("x-default", page_url(project, slug, default, tag, name)))
    return found


def references(article, text) -> list[dict]:
    """The items of the article's "References" section as schema.org ``CreativeWork``\\ s."""
    from ..content.article import Heading, ListBlock, Paragraph

    found, inside = [], False
    for block in article.body:
        if isinstance(block, Heading) and block.level <= 2:
            inside = block.segment.text.strip().strip("#:").strip().casefold() in REFERENCE_HEADINGS
            continue
        if not inside or not isinstance(block, ListBlock):
            continue
        for item in block.items:
            segments = [b.segment for b in item.blocks if isinstance(b, Paragraph)]
            if not segments:
                continue
            work: dict = {"@type": "CreativeWork", "name": text(segments[0])}
            link = _LINK.search(segments[0].text)
            if link:
                work["url"] = link.group(1) or link.group(2)
            found.append(work)
    return found


def json_ld(project, handout, canonical: str | None, picture: Picture | None = None) -> dict:
    """The schema.org ``MedicalWebPage`` of a localized article."""
    article, text = handout.article, handout.segment_text
    clinic = handout.handout_translator.gettext(project.config.clinic_name)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "inLanguage": handout.locale.tag,
        "name": text(article.title),
        "description": text(article.description),
        "author": {"@type": "Person", "name": text(article.author.name),
                   "affiliation": {"@type": "MedicalClinic",
                                   "name": text(article.author.affiliation)}},
        "datePublished": article.date_published.isoformat(),
        "dateModified": (article.date_modified or article.date_published).isoformat(),
    }
    # Reviewed: a translation, when a clinician signed off every entry it uses
    # (the review records); the source, when its author revised it (date_modified).
    credits = handout.credits()
    if credits is not None:
        if credits.fully_reviewed and credits.review_date:
            data["lastReviewed"] = credits.review_date.isoformat()
            people = [{"@type": "Person", "name": name} for name in credits.reviewers]
            data["reviewedBy"] = people[0] if len(people) == 1 else people
    elif article.date_modified:
        data["lastReviewed"] = article.date_modified.isoformat()
    if article.about:
        data["about"] = {"@type": article.about_type, "name": text(article.about)}
    if article.specialty:
        data["specialty"] = text(article.specialty)
    if picture is not None:
        data["image"] = {"@type": "ImageObject", "url": picture.url,
                         "width": picture.width, "height": picture.height}
    # The front matter's references (texts as written: not translated), or else
    # the items of a "References" section of the body.
    citations = [{"@type": "CreativeWork", "name": ref.text,
                  **({"url": ref.url} if ref.url else {})}
                 for ref in article.references] or references(article, text)
    if citations:
        data["citation"] = citations
    publisher: dict = {"@type": "Organization", "name": clinic}
    if project.config.contact.website:
        publisher["url"] = project.config.contact.website
    data["publisher"] = publisher
    if project.config.site_url:
        data["isPartOf"] = {"@type": "WebSite", "name": clinic, "url": project.config.site_url}
    if canonical:
        data["url"] = canonical
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": canonical}
    elif article.url:
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": article.url}
    return data


def _environment(project, handout=None, locale: HandoutLocale | None = None) -> jinja2.Environment:
    from ..config import TEMPLATES_DIR
    from ..render.html import template_environment

    env = template_environment(project.templates_dir)
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(project.templates_dir)),
                                      jinja2.FileSystemLoader(str(TEMPLATES_DIR))])
    if handout is not None:
        tr = handout.handout_translator
        env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=False,
                                      pgettext=tr.pgettext, npgettext=tr.npgettext)
    return env


def _navigation(project, tag: str) -> dict:
    """``t``, ``tn`` and the rest, in the page's language: the ``library`` domain's words."""
    from .library import Interface, interfaces, markup_helpers

    found = interfaces(project)
    locale = parse_locale(tag)
    ui = found.get(tag) or Interface(tag, locale.display_name, locale.direction, "(n != 1)", {})
    return markup_helpers(ui, live=False)


def render_web_page(project, handout, languages: Iterable[str], files: Iterable[WebFile] = (),
                    picture: Picture | None = None, navigation: dict | None = None) -> str:
    """The HTML of one article in one language; *languages*: every language it is built in;
    *files*: its PDFs, linked from the page; *picture*: page 1, for sharing."""
    from .library import script_json

    article, locale = handout.article, handout.locale
    slug, tag = article.slug, locale.tag
    languages = list(dict.fromkeys(languages))
    alternates = _alternates(project, languages, tag, slug)
    canonical = page_url(project, slug, tag, tag) if project.config.site_url else None
    from ..render.html import article_context, handout_typesetter

    html = _environment(project, handout).get_template(WEB_TEMPLATE).render(
        # the PDF's texts, units and bidi isolation
        **article_context(handout, handout_typesetter(handout, "web")),
        canonical=canonical,
        alternates=alternates,
        files=list(files),
        picture=picture,
        og_locale=locale.posix if "_" in locale.posix else locale.babel.language,
        json_ld=script_json(json_ld(project, handout, canonical, picture)),
        **(navigation if navigation is not None else _navigation(project, tag)),
    )
    return html


def render_index_page(project, tag: str, handouts: list, languages: Iterable[str],
                      navigation: dict | None = None) -> str:
    """The index of every article published in *tag*; *handouts*: their localized handouts."""
    locale = parse_locale(tag)
    languages = list(dict.fromkeys(languages))
    canonical = page_url(project, "", tag, tag, INDEX_PAGE) if project.config.site_url else None
    gettext = handouts[0].handout_translator.gettext if handouts else (lambda text: text)
    return _environment(project).get_template(WEB_INDEX_TEMPLATE).render(
        lang=tag, dir=locale.direction, handouts=handouts,
        clinic_name=gettext(project.config.clinic_name), canonical=canonical,
        alternates=_alternates(project, languages, tag, "", INDEX_PAGE),
        **(navigation if navigation is not None else _navigation(project, tag)),
        **branding(project.config, gettext))


def build_sitemap(project, pages: dict[str, dict]) -> str | None:
    """``sitemap.xml`` for every page of *pages* (locale -> slug -> article, in the order
    they were built), each with the ``xhtml:link`` hreflang alternates of its languages
    (itself included) and ``x-default``.

    ``None`` without a ``site_url``: a sitemap holds absolute addresses only.
    """
    if not project.config.site_url:
        return None
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    by_slug: dict[str, list[str]] = {}
    for tag, articles in pages.items():
        for slug in articles:
            by_slug.setdefault(slug, []).append(tag)

    def add(loc: str, lastmod: str, alternates: list[Alternate]) -> None:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
        for alt in alternates:
            ET.SubElement(url, f"{{{XHTML_NS}}}link",
                          {"rel": "alternate", "hreflang": alt.hreflang, "href": alt.href})

    tags = list(pages)
    for tag in tags:
        newest = max((_lastmod(article) for article in pages[tag].values()), default="")
        add(page_url(project, "", tag, tag, INDEX_PAGE), newest,
            _alternates(project, tags, tag, "", INDEX_PAGE))
    for slug in sorted(by_slug):
        for tag in by_slug[slug]:
            add(page_url(project, slug, tag, tag), _lastmod(pages[tag][slug]),
                _alternates(project, by_slug[slug], tag, slug))
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="unicode", xml_declaration=False) \
        .join(('<?xml version="1.0" encoding="UTF-8"?>\n', "\n"))


def _lastmod(article) -> str:
    return (article.date_modified or article.date_published).isoformat()


def _copy(source: Path, sha256: str, target: Path, project) -> None:
    """Copy a PDF or thumbnail beside its page, unless the copy already has its bytes
    (compared by sha256: neither file is read when both are known)."""
    from ..fileio import write_atomic
    from ..variants import file_sha256

    if target.is_symlink() or file_sha256(target) != sha256:
        write_atomic(target, source.read_bytes(), within=project.dist_dir)


def _publish_files(project, slug: str, tag: str, results: list) -> tuple[list[WebFile], list[Path]]:
    """Copy the handout's PDFs (standard first, then variants) beside its page."""
    files, paths = [], []
    folder = project.dist_dir / WEB_DIR / tag
    for result in sorted(results, key=lambda r: (r.variant != "", r.variant)):
        pdf = project.dist_dir / result.path    # checked on disk by web_plan
        target = folder / pdf.name
        _copy(pdf, result.sha256, target, project)
        paths.append(target)
        files.append(WebFile(result.variant, pdf.name, download_name(slug, tag, result.variant),
                             int(result.pages), round(int(result.size) / 1024)))
    return files, paths


def _publish_picture(project, slug: str, tag: str) -> tuple[Picture | None, list[Path]]:
    from ..variants import file_sha256

    thumb = thumbnail_path(project.dist_dir, tag, slug)
    size = png_size(thumb) if thumb.is_file() else None
    if size is None:
        return None, []
    target = project.dist_dir / WEB_DIR / tag / f"{slug}.png"
    _copy(thumb, file_sha256(thumb), target, project)
    name = target.name
    url = f"{project.config.site_url}{tag}/{name}" if project.config.site_url else name
    return Picture(url, *size), [target]


def web_plan(project, results: Iterable, checked=None) -> dict[str, dict[str, list]]:
    """The built handouts of *results* (manifest entries, checked on disk: by *checked*,
    ``checked(result) -> bool``, if given) by slug and locale: what the web pages
    publish."""
    checked = checked or (lambda result: built_pdf(project, result) is not None)
    built: dict[str, dict[str, list]] = {}
    for result in results:
        if checked(result):
            built.setdefault(result.slug, {}).setdefault(result.locale, []).append(result)
    return built


def page_languages(project, by_tag: dict[str, list]) -> list[str]:
    """The languages of an article's pages (those with a built standard handout), in
    ``clinic.yaml``'s order: every page links all of them."""
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    return sorted((t for t, rs in by_tag.items() if any(not r.variant for r in rs)),
                  key=lambda t: (order.get(t, len(order)), t))


def build_web_pages(project, locales: Iterable[HandoutLocale] | None = None,
                    records=None, keys=None, results: list | None = None,
                    removed: list[Path] | None = None) -> list[tuple[Path, bool]]:
    """Write the page of every built handout (of *locales*), each language's index and
    the sitemap; return (path, changed) pairs.

    A handout whose catalogs no longer translate everything it needs (they
    changed after it was built) gets no page: run ``export.py all`` again.
    What an earlier run published in a language folder and this one did not
    is removed.  With *records* (:class:`~.derived.Records`) and *keys*
    (:class:`~.derived.DerivedKeys`), a file whose recorded derivation key is
    today's and whose bytes are the recorded ones is kept as it is, and every
    file written is recorded.  *results*: the manifest's entries, already read
    (and their missing thumbnails made).  What is removed is added to *removed*.
    """
    from ..render.pipeline import localize_article
    from .library import ensure_thumbnails
    from .manifest import current_handouts

    wanted = {locale.tag for locale in locales} if locales else None
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    if results is None:
        results = list(current_handouts(project))
        ensure_thumbnails(project, results)
    build = WebBuild()
    kept: set[Path] = set()
    articles: dict[str, object] = {}
    folders: dict[str, Path] = {}

    def article_of(slug: str):
        """The article, parsed once; ``None`` if it cannot be read (then: no page)."""
        if slug not in articles:
            try:
                articles[slug] = project.article(slug)
            except HandoutError:
                articles[slug] = None
        return articles[slug]

    def folder_of(tag: str) -> Path:
        """A language's folder, checked once a run to lie inside ``dist/``."""
        if tag not in folders:
            folders[tag] = confined(project.dist_dir / WEB_DIR / tag, project.dist_dir)
        return folders[tag]

    def handout_of(slug: str, tag: str):
        handout = build.pages[tag][slug]
        if handout is None:     # a page kept as it was: localized only for its index
            handout = build.pages[tag][slug] = localize_article(project, article_of(slug),
                                                                parse_locale(tag))
        return handout

    for slug, by_tag in sorted(web_plan(project, results, keys and keys.built).items()):
        tags = page_languages(project, by_tag)
        for tag in tags:
            if wanted is not None and tag not in wanted:
                continue
            path = folder_of(tag) / f"{slug}.html"
            key = keys.web_page(slug, tag, tags, by_tag[tag]) if records is not None else ""
            handout = None
            if records is None or not records.current(path, key):
                article = article_of(slug)
                if article is None:
                    break
                handout = localize_article(project, article, parse_locale(tag))
                try:
                    handout.require_complete()     # the same gate as the PDF
                except ExportBlockedError:         # the folder's clean-up removes its old page
                    continue
            files, paths = _publish_files(project, slug, tag, by_tag[tag])
            picture, pictures = _publish_picture(project, slug, tag)
            if handout is None:
                build.written.append((path, False))
            else:
                html = render_web_page(project, handout, tags, files, picture)
                build.written.append((path, write_if_changed(confined(path, project.dist_dir),
                                                             html)))
                if records is not None:
                    records.wrote(path, key, html)
            build.pages.setdefault(tag, {})[slug] = handout
            kept.update((path, *paths, *pictures))
    if not build.written:
        return []
    pages = list(build.written)
    languages = sorted(build.pages, key=lambda t: (order.get(t, len(order)), t))
    for tag in languages:
        index = folder_of(tag) / INDEX_PAGE
        kept.add(index)
        key = keys.web_index(tag, build.pages[tag], languages) if records is not None else ""
        if records is not None and records.current(index, key):
            pages.append((index, False))
            continue
        handouts = sorted((handout_of(slug, tag) for slug in list(build.pages[tag])),
                          key=lambda h: h.segment_text(h.article.title).casefold())
        html = render_index_page(project, tag, handouts, languages)
        pages.append((index, write_if_changed(confined(index, project.dist_dir), html)))
        if records is not None:
            records.wrote(index, key, html)
    # Under a site_url, and when every language was built: a sitemap of a part would hide the rest.
    if wanted is None and project.config.site_url:
        sitemap = confined(project.dist_dir / WEB_DIR / SITEMAP_NAME, project.dist_dir)
        key = keys.sitemap(build.pages) if records is not None else ""
        if records is not None and records.current(sitemap, key):
            pages.append((sitemap, False))
        else:
            text = build_sitemap(project, {tag: {slug: article_of(slug) for slug in slugs}
                                           for tag, slugs in build.pages.items()})
            pages.append((sitemap, write_if_changed(sitemap, text)))
            if records is not None:
                records.wrote(sitemap, key, text)
    gone = _remove_stale(project, wanted, kept)
    if removed is not None:
        removed.extend(gone)
    return pages


def _remove_stale(project, wanted: set[str] | None, kept: set[Path]) -> list[Path]:
    """Remove what an earlier run published in the language folders built now; return it."""
    root = project.dist_dir / WEB_DIR
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for folder in sorted(root.iterdir()):
        try:
            tag = parse_locale(folder.name).tag
        except HandoutError:
            continue
        if tag != folder.name or (wanted is not None and tag not in wanted):
            continue
        if folder.is_symlink() or not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.suffix in (".html", ".pdf", ".png") and path not in kept \
                    and (path.is_file() or path.is_symlink()):
                confined(path, project.dist_dir).unlink(missing_ok=True)
                removed.append(path)
    return removed


__all__ = ["build_web_pages", "build_sitemap", "render_web_page", "render_index_page",
           "json_ld", "web_page_path"]
