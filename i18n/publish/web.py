"""Web pages for the clinic's website: ``dist/web/<locale>/<slug>.html``.

One static, accessible HTML page per built handout (status ``built`` in
``dist/manifest.json``, read as untrusted input and checked against the
files): the localized article with schema.org ``MedicalWebPage`` JSON-LD,
``<link rel="alternate" hreflang>`` to every language of the article and
``x-default`` (the source language), a canonical URL when ``clinic.yaml``
has ``site_url``, and Open Graph title and description.

The page is built like a handout: the same localized text
(:mod:`i18n.localize`), the same article body template (``blocks.html``),
Jinja2 autoescaping, Markdown with raw HTML off, links limited to http,
https and mailto, no external assets (the logo is a ``data:`` URI).  The
JSON-LD is escaped for ``<script>`` (``<``, ``>``, ``&`` as ``\\u003c`` ...).
The same inputs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2

from ..errors import ExportBlockedError, HandoutError
from ..fileio import confined, write_if_changed
from ..locales import HandoutLocale, parse_locale
from ..render.branding import branding
from ..variants import built_pdf

WEB_DIR = "web"
WEB_TEMPLATE = "web.html"


@dataclass(frozen=True)
class Alternate:
    """Another language of the same article, for ``hreflang``."""

    hreflang: str
    href: str


def web_page_path(project, slug: str, locale_tag: str) -> Path:
    return project.dist_dir / WEB_DIR / locale_tag / f"{slug}.html"


def page_url(project, slug: str, locale_tag: str, from_tag: str) -> str:
    """The page's absolute URL under ``site_url``, else its path relative to *from_tag*'s page."""
    if project.config.site_url:
        return f"{project.config.site_url}{locale_tag}/{slug}.html"
    return f"{slug}.html" if locale_tag == from_tag else f"../{locale_tag}/{slug}.html"


def json_ld(project, handout, canonical: str | None) -> dict:
    """The schema.org ``MedicalWebPage`` of a localized article, as the seed page had it."""
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
    if article.about:
        data["about"] = {"@type": "MedicalCondition", "name": text(article.about)}
    if article.specialty:
        data["specialty"] = text(article.specialty)
    publisher: dict = {"@type": "Organization", "name": clinic}
    if project.config.contact.website:
        publisher["url"] = project.config.contact.website
    data["publisher"] = publisher
    if project.config.site_url:
        data["isPartOf"] = {"@type": "WebSite", "name": clinic, "url": project.config.site_url}
    if article.references:   # citation texts as written: they are not translated
        data["citation"] = [{"@type": "CreativeWork", "name": ref.text,
                             **({"url": ref.url} if ref.url else {})}
                            for ref in article.references]
    if canonical:
        data["url"] = canonical
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": canonical}
    elif article.url:
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": article.url}
    return data


def _environment(project, handout) -> jinja2.Environment:
    from ..config import TEMPLATES_DIR
    from ..render.html import template_environment

    env = template_environment(project.templates_dir)
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(project.templates_dir)),
                                      jinja2.FileSystemLoader(str(TEMPLATES_DIR))])
    tr = handout.handout_translator
    env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=False,
                                  pgettext=tr.pgettext, npgettext=tr.npgettext)
    return env


def render_web_page(project, handout, languages: Iterable[str]) -> str:
    """The HTML of one article in one language; *languages*: every language it is built in."""
    from .library import script_json

    article, locale = handout.article, handout.locale
    slug, tag = article.slug, locale.tag
    languages = list(dict.fromkeys(languages))
    alternates = [Alternate(other, page_url(project, slug, other, tag)) for other in languages]
    source = project.config.source_locale
    default = source if source in languages else (languages[0] if languages else tag)
    alternates.append(Alternate("x-default", page_url(project, slug, default, tag)))
    canonical = page_url(project, slug, tag, tag) if project.config.site_url else None
    tr = handout.handout_translator
    credits = handout.credits()
    html = _environment(project, handout).get_template(WEB_TEMPLATE).render(
        article=article,
        lang=tag,
        dir=locale.direction,
        source_lang=project.config.source_locale,
        seg=handout.segment_html,
        text=handout.segment_text,
        clinic_name=tr.gettext(project.config.clinic_name),
        standard_disclaimer=tr.gettext(project.config.standard_disclaimer),
        published=handout.format_date(article.date_published),
        reviewed=handout.format_date(article.date_modified),
        credits=credits,
        review_date=handout.format_date(credits.review_date) if credits else "",
        canonical=canonical,
        alternates=alternates,
        og_locale=locale.posix if "_" in locale.posix else locale.babel.language,
        pdf_href=f"../../{tag}/{slug}.pdf",
        json_ld=script_json(json_ld(project, handout, canonical)),
        **branding(project.config, tr.gettext),
    )
    return html


def build_web_pages(project, locales: Iterable[HandoutLocale] | None = None
                    ) -> list[tuple[Path, bool]]:
    """Write the page of every built handout (of *locales*); return (path, changed) pairs.

    A handout whose catalogs no longer translate everything it needs (they
    changed after it was built) gets no page: run ``export.py all`` again.
    """
    from ..render.pipeline import localize_article
    from .manifest import current_handouts

    wanted = {locale.tag for locale in locales} if locales else None
    built: dict[str, list[str]] = {}
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    for result in current_handouts(project):
        if not result.variant and built_pdf(project, result) is not None:
            built.setdefault(result.slug, []).append(result.locale)
    written = []
    for slug, tags in sorted(built.items()):
        tags.sort(key=lambda t: (order.get(t, len(order)), t))
        try:
            article = project.article(slug)
        except HandoutError:
            continue
        for tag in tags:
            if wanted is not None and tag not in wanted:
                continue
            handout = localize_article(project, article, parse_locale(tag))
            try:
                handout.require_complete()     # the same gate as the PDF
            except ExportBlockedError:         # and no stale page of it stays behind
                confined(web_page_path(project, slug, tag), project.dist_dir).unlink(
                    missing_ok=True)
                continue
            html = render_web_page(project, handout, tags)
            path = confined(web_page_path(project, slug, tag), project.dist_dir)
            written.append((path, write_if_changed(path, html)))
    return written


__all__ = ["build_web_pages", "render_web_page", "json_ld", "web_page_path"]
