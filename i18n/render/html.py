"""Render a localized handout: Jinja2 to self-contained HTML, WeasyPrint to PDF.

The renderer trusts neither article authors nor translators:

* their text reaches HTML only through Markdown with raw HTML off, or
  through Jinja2's autoescaping;
* WeasyPrint's URL fetcher serves only the project's templates and ``data:``
  URIs; any other URL is refused with a warning and the render goes on;
* every render has a time limit.

The same inputs give a byte-identical PDF: the dates come from the article
(``dcterms.created``/``modified``) and the PDF identifier from the HTML.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import __version__
from ..config import TEMPLATES_DIR
from ..errors import RenderError
from ..fileio import confined, write_atomic
from .branding import branding
from .economy import LayoutPolicy, with_classes
from .fonts import font_stack, subset_data, subset_font_faces
from .gate import judge
from .isolation import time_limit
from .localize import LocalizedHandout
from .pdf import PDF_VARIANTS, SUBSET_SCHEME, Renderer, load_weasyprint
from .typeset import Typesetter, glossary_words
from .typeset import thai

PAPER_CSS = {"a4": "A4", "letter": "letter"}
FONT_FACES_MARKER = "/* @font-face rules of the handout's font subsets */"
LOGGER = logging.getLogger("i18n.render")


@dataclass(frozen=True)
class RenderOptions:
    """How to lay out and write one handout."""

    paper: str = "a4"
    large_print: bool = False
    pdf_variant: str | None = None
    font_style: str = "sans"
    timeout: float = 120.0


@dataclass
class RenderResult:
    """What a render produced, for the command line to report."""

    path: Path
    size: int
    pages: int
    warnings: list[str] = field(default_factory=list)
    layout: str = "standard"     #: the page-economy layout kept (see i18n.render.economy)
    last_page_fill: float = 1.0


# --- HTML -----------------------------------------------------------------------

def css_string(value: str) -> Markup:
    """*value* as the inside of a double-quoted CSS string, safe in ``<style>``."""
    escaped = []
    for char in str(value):
        if char in '"\\<>&' or ord(char) < 0x20 or char == "\x7f":
            escaped.append(f"\\{ord(char):X} ")
        else:
            escaped.append(char)
    return Markup("".join(escaped))


def css_counters(message: str) -> Markup:
    """``"Page {page} of {pages}"`` as CSS ``content``: strings and page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", message)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(f'"{css_string(part)}"')
    return Markup(" ".join(out) or '""')


_FIELD_OR_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def substitute_fields(message: str, **fields) -> str:
    """Put *fields* into a translated *message*: data, never code.

    Only ``{name}`` fields the template passes are replaced (``{{``/``}}``
    are braces); ``str.format`` is never called on a translator's text, so
    ``{date.__class__}`` or ``{date:>4000000}`` cannot run.  The checks
    refuse such a translation before export; meeting one here is an error.
    """
    def replace(match: re.Match) -> str:
        if match[0] in ("{{", "}}"):
            return match[0][0]
        if match[1] in fields:
            return str(fields[match[1]])
        raise RenderError(f"translation {message[:80]!r} has a placeholder "
                          f"{{{match[1][:40]}}} the template does not fill")
    return _FIELD_OR_BRACE.sub(replace, message)


def kind_of(block) -> str:
    return type(block).__name__.lower()


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling the handout costs ~80 ms."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "clinic-handouts"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def template_environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """The Jinja2 environment of the handout templates (autoescaping on)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(css_string=css_string, css_counters=css_counters, fmt=substitute_fields)
    env.globals.update(kind_of=kind_of)
    return env


def qr_code_data_uri(url: str) -> str:
    """A QR code for *url*, as an SVG (vector) data URI."""
    import segno  # only articles with a url need it

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000")


def _iso(value: date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def _terms(handout: LocalizedHandout) -> frozenset[str]:
    checks = handout.article_translator.checks
    return glossary_words(checks.glossary) if checks is not None else frozenset()


def line_break_environment(handout: LocalizedHandout) -> dict[str, str]:
    """What the renderer process needs to break *handout*'s lines: for Thai,
    the dictionary Pango is given (see :mod:`.typeset.thai`)."""
    if handout.locale.babel.language != "th" or handout.locale.pseudo:
        return {}
    return thai.line_break_environment(_terms(handout))


def handout_typesetter(handout: LocalizedHandout, medium: str = "print") -> Typesetter:
    """The per-script markup of *handout*'s locale; its glossary terms are kept whole."""
    mark_thai = (medium == "print" and handout.locale.babel.language == "th"
                 and not line_break_environment(handout))
    return Typesetter(handout.locale, _terms(handout), medium, mark_thai_words=mark_thai)


def article_context(handout: LocalizedHandout, typesetter) -> dict:
    """What the handout and its web page both print of a localized article: the
    article, its language, its typeset segments, the clinic's name, disclaimer,
    dates, credits and branding (logo as a data: URI, contact block)."""
    article, locale = handout.article, handout.locale
    gettext = handout.handout_translator.gettext
    credits = handout.credits()
    return dict(
        article=article,
        lang=locale.tag,
        dir=locale.direction,
        source_lang=handout.config.source_locale,
        seg=lambda segment: typesetter(handout.segment_html(segment),
                                       segment.role if segment else ""),
        text=handout.segment_text,
        clinic_name=gettext(handout.config.clinic_name),
        standard_disclaimer=typesetter(Markup.escape(gettext(handout.config.standard_disclaimer)),
                                       "disclaimer"),
        published=handout.format_date(article.date_published),
        reviewed=handout.format_date(article.date_modified),
        credits=credits,
        review_date=handout.format_date(credits.review_date) if credits else "",
        **branding(handout.config, gettext),
    )


def build_html(handout: LocalizedHandout, options: RenderOptions,
               templates_dir: Path = TEMPLATES_DIR) -> str:
    """The exact, self-contained HTML and CSS that WeasyPrint receives."""
    article, locale = handout.article, handout.locale
    env = template_environment(templates_dir)
    tr = handout.handout_translator
    env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=False,
                                  pgettext=tr.pgettext, npgettext=tr.npgettext)
    stack = font_stack(locale.script, options.font_style)
    css = (templates_dir / "handout.css").read_text(encoding="utf-8")
    css = css.replace("var(--paper, A4)", PAPER_CSS[options.paper]).replace(
        "var(--font-body)", stack.css_with_subsets).replace(
        "var(--font-cjk)", stack.cjk_css_with_subsets)
    keywords = [w for w in (handout.segment_text(article.about),
                            handout.segment_text(article.specialty)) if w]
    if handout.draft:
        keywords.insert(0, "draft")
    classes = ["large-print" if options.large_print else "standard-print"]
    if handout.draft:
        classes.append("draft")
    html = env.get_template("handout.html").render(
        **article_context(handout, handout_typesetter(handout)),
        html_class=" ".join(classes),
        created=_iso(article.date_published),
        modified=_iso(article.date_modified or article.date_published),
        qr_code=qr_code_data_uri(article.url) if article.url else None,
        draft=handout.draft,
        keywords=keywords,
        version=__version__,
        css=Markup(FONT_FACES_MARKER + "\n" + css),
    )
    # The subset fonts must cover every character of the finished page.
    return html.replace(FONT_FACES_MARKER, subset_font_faces(stack, html), 1)


# --- PDF ------------------------------------------------------------------------

_SUBSET_URL = re.compile(rf"{SUBSET_SCHEME}:[0-9a-f]{{64}}\.otf")


def font_subsets(html: str) -> dict[str, bytes]:
    """The font subsets *html* uses, by URL, for the renderer to serve."""
    return {url: data for url in dict.fromkeys(_SUBSET_URL.findall(html))
            if (data := subset_data(url)) is not None}


#: Page economy and hyphenation limits of every handout (see i18n.render.economy).
LAYOUT_POLICY = LayoutPolicy()


def write_pdf(html: str, target: Path, options: RenderOptions,
              templates_dir: Path = TEMPLATES_DIR,
              renderer: Renderer | None = None, within: Path | None = None,
              environment: dict[str, str] | None = None,
              layout: LayoutPolicy | None = LAYOUT_POLICY) -> RenderResult:
    """Render *html* to *target* atomically, within the time limit.

    WeasyPrint runs in a forked child process (*renderer*, which stays open,
    or one forked here), killed at ``options.timeout`` or on Ctrl-C, so no
    input can keep a render going past its limit.  The child lays the
    handout out again, tighter or without hyphenation, as *layout* allows;
    *environment* is set in it first (the Thai line-breaking dictionary).
    """
    fonts = font_subsets(html)
    own = renderer is None
    if own:
        load_weasyprint()   # once in this process: every later child inherits it
        renderer = Renderer()
    try:
        data, pages, warnings, report = renderer.render_laid_out(
            html, pdf_variant=options.pdf_variant, base_dir=templates_dir, fonts=fonts,
            timeout=options.timeout, what=str(target), environment=environment,
            layout=layout)
    finally:
        if own:
            renderer.close()
    write_atomic(target, data, within=within)
    return RenderResult(Path(target), len(data), pages, warnings, report.name,
                        report.last_page_fill)


def write_html_copy(html: str, target: Path, within: Path | None = None) -> None:
    """Write the HTML given to WeasyPrint as a file that renders on its own.

    The font subsets, which the renderer serves from memory, go beside it in
    ``<name>.fonts/`` and the HTML points to them there.
    """
    folder = target.parent / f"{target.stem}.fonts"
    def local_name(url: str) -> str:
        return url.removeprefix(f"{SUBSET_SCHEME}:")
    for url in dict.fromkeys(_SUBSET_URL.findall(html)):
        write_atomic(folder / local_name(url), subset_data(url) or b"", within=within)
    write_atomic(target, _SUBSET_URL.sub(lambda m: f"{folder.name}/{local_name(m[0])}", html),
                 within=within)


def render_handout(handout: LocalizedHandout, target: Path, options: RenderOptions,
                   html_target: Path | None = None,
                   templates_dir: Path = TEMPLATES_DIR,
                   renderer: Renderer | None = None, within: Path | None = None,
                   html_within: Path | None = None) -> RenderResult:
    """Check, lay out and write one handout.

    A strict handout with missing strings raises before anything is written;
    so does a character no font can draw.  With *within* (``dist/``), the PDF
    is written only inside that folder (:func:`~i18n.fileio.write_atomic`);
    *html_within* likewise for the HTML copy.
    """
    with time_limit(options.timeout, str(target)):   # the gate's checks have the limit too
        html = build_html(handout, options, templates_dir)
        decision = judge(handout, options)    # the one decision pdf, all and status share
    if decision.error is not None:
        raise decision.error
    if within is not None:   # before the HTML copy: nothing is written for a refused PDF
        confined(target, within)
    if html_target is not None:
        write_html_copy(html, Path(html_target), html_within)
    result = write_pdf(html, target, options, templates_dir, renderer, within,
                       environment=line_break_environment(handout))
    chosen = tuple(c for c in result.layout.split() if c != "standard")
    if html_target is not None and chosen:   # as laid out: the page-economy classes kept
        write_html_copy(with_classes(html, chosen), Path(html_target), html_within)
    return result


__all__ = ["RenderOptions", "RenderResult", "build_html", "render_handout", "write_pdf",
           "PDF_VARIANTS"]
