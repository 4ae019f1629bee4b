"""Extract translatable strings: articles to POT templates, templates to ``handout.pot``.

Each article gets its own domain (``locales/<slug>.pot``): one message per
segment, with a ``#:`` reference to the article line and a ``#.`` comment
saying what the string is.  The handout templates' own labels go to the
shared ``handout`` domain, extracted with Babel's Jinja2 extraction.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract
from jinja2.ext import babel_extract as jinja2_babel_extract

from ..config import ClinicConfig
from ..errors import ArticleError, display_path
from .article import Article, Segment, parse_article

HANDOUT_DOMAIN = "handout"
TEMPLATE_FILES = ("handout.html", "blocks.html")
#: The library page's own domain: staff interface text, not part of any handout.
LIBRARY_DOMAIN = "library"
LIBRARY_TEMPLATE_FILES = ("library.html", "library-card.html", "library-list.html",
                          "library-parts.html", "bundle.html")
#: The library page marks its text with t("…"), ts("…", slot=…), tn("…", "…", n) and attr("name", "…").
LIBRARY_KEYWORDS = {**DEFAULT_KEYWORDS, "t": None, "ts": None, "tn": (1, 2), "attr": (2,)}
#: The web pages' navigation words are the library's too (t, ts, tn); their _() strings
#: are the handout domain's, found in blocks.html.
WEB_TEMPLATE_FILES = ("web.html", "web-index.html")
WEB_KEYWORDS = {"t": None, "ts": None, "tn": (1, 2)}
COMMENT_TAGS = ("Translators:",)
_BRACE_FIELD = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})")

CATALOG_PROJECT = "clinic-handouts"
CATALOG_HEADER = """\
# {title}
# Translations of this text for the clinic's patient handouts.
# Edit the .po files in locales/<language>/LC_MESSAGES, not this template.
#"""


def new_catalog(domain: str, title: str, locale: str | None = None) -> Catalog:
    """An empty catalog with the toolkit's fixed, date-free header comment."""
    catalog = Catalog(locale=locale, domain=domain, project=domain, version="1.0",
                      copyright_holder=None, msgid_bugs_address="", charset="utf-8",
                      fuzzy=False)
    catalog.header_comment = CATALOG_HEADER.format(title=title)
    return catalog


def segment_flags(text: str) -> tuple[str, ...]:
    """Gettext flags for a string: ``python-brace-format`` when it has ``{fields}``."""
    return ("python-brace-format",) if _BRACE_FIELD.search(text) else ()


def article_messages(article: Article) -> Iterator[tuple[Segment, str]]:
    """(segment, extracted comment) for every translatable string of *article*."""
    for segment in article.segments():
        if segment.text:  # msgid "" is the catalog header, never a message
            yield segment, segment.role


def extract_article_catalog(article: Article, location: str | None = None) -> Catalog:
    """Build the POT catalog of one article, in document order.

    Identical strings share one message with several ``#:`` references, as
    gettext does; their comments are merged.
    """
    location = location or display_path(article.path)
    catalog = new_catalog(article.slug, article.title.text)
    for segment, comment in article_messages(article):
        existing = catalog.get(segment.text, segment.context)
        if existing is not None:
            existing.locations.append((location, segment.line))
            if comment not in existing.auto_comments:
                existing.auto_comments.append(comment)
            continue
        catalog.add(segment.text, locations=[(location, segment.line)],
                    auto_comments=[comment], context=segment.context,
                    flags=segment_flags(segment.text))
    return catalog


def extract_article(fileobj, keywords, comment_tags, options) -> Iterable[tuple]:
    """Babel extraction method for articles (entry point ``article``).

    Lets ``pybabel extract -F mapping.cfg`` read articles, with a mapping like::

        [article: articles/**.md]
    """
    path = Path(getattr(fileobj, "name", "article.md"))
    data = fileobj.read()        # the text Babel hands over, not a second read of the file
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text ({exc.reason})", path) from None
    article = parse_article(text, path)
    for segment, comment in article_messages(article):
        yield segment.line, None, segment.text, [comment]


def extract_handout_catalog(templates_dir: Path, config: ClinicConfig) -> Catalog:
    """Build ``handout.pot``: the templates' strings and the clinic's own texts."""
    catalog = new_catalog(HANDOUT_DOMAIN, "Handout templates and clinic-wide texts")
    for name in TEMPLATE_FILES:
        _add_template_messages(catalog, templates_dir, name)
    # The config file sits at the top of the project: name it as such, not by cwd.
    # Its settings are referenced by name in the comment, without a line number:
    # a line that moves (a locale added above the disclaimer) must not change
    # the reference, or every locale's handout.po would be rewritten for nothing.
    config_location = config.path.name if config.path else "clinic.yaml"
    _add(catalog, config.clinic_name, config_location, None,
         ["setting clinic_name: the clinic's name (running header)"], None)
    _add(catalog, config.standard_disclaimer, config_location, None,
         ["setting standard_disclaimer: for articles without a disclaimer of their own"], None)
    if config.contact.address:
        _add(catalog, config.contact.address, config_location, None,
             ["setting contact.address: the clinic's address (contact block)"], None)
    return catalog


def _add_template_messages(catalog: Catalog, templates_dir: Path, name: str,
                           keywords=DEFAULT_KEYWORDS) -> None:
    """Add the ``_()`` strings of one Jinja2 template, with Babel's extractor."""
    # The templates ship with the toolkit, not the project: refer to them as
    # templates/<name> whatever the working directory, or the POT would
    # change (absolute paths, new POT-Creation-Date) with where it is run from.
    location = f"{templates_dir.resolve().name}/{name}"
    with (templates_dir / name).open("rb") as fileobj:
        for lineno, message, comments, context in babel_extract(
                jinja2_babel_extract, fileobj, keywords=keywords,
                comment_tags=COMMENT_TAGS, strip_comment_tags=True,
                options={"extensions": "jinja2.ext.i18n", "trimmed": "true"}):
            _add(catalog, message, location, lineno, comments, context)


def extract_library_catalog(templates_dir: Path) -> Catalog:
    """Build ``library.pot``: the interface of the library page (``dist/index.html``), of
    the bundles' index and the web pages' navigation."""
    catalog = new_catalog(LIBRARY_DOMAIN, "The handout library page, for clinic staff")
    for name, keywords in ([(n, LIBRARY_KEYWORDS) for n in LIBRARY_TEMPLATE_FILES]
                           + [(n, WEB_KEYWORDS) for n in WEB_TEMPLATE_FILES]):
        folder = templates_dir if (templates_dir / name).is_file() else _toolkit_templates()
        _add_template_messages(catalog, folder, name, keywords)
    return catalog


def _toolkit_templates() -> Path:
    return Path(__file__).resolve().parent.parent / "templates"


def _add(catalog: Catalog, message, location: str, lineno: int | None, comments,
         context) -> None:
    existing = catalog.get(message, context)
    if existing is not None:
        if (location, lineno) not in existing.locations:
            existing.locations.append((location, lineno))
        return
    catalog.add(message, locations=[(location, lineno)], auto_comments=list(comments),
                context=context, flags=segment_flags(message if isinstance(message, str)
                                                     else message[0]))
