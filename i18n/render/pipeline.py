"""One handout from article to PDF: localization through the gate, then rendering."""

from __future__ import annotations

from pathlib import Path

from ..catalogs.project import Project
from ..content.article import Article
from ..errors import HandoutError, OutputError
from ..fileio import is_inside, refuse_project_input
from ..locales import HandoutLocale
from .gate import Decision, judge
from .html import RenderOptions, RenderResult, build_html, render_handout
from .isolation import time_limit
from .localize import LocalizedHandout, localize


def render_options(project: Project, locale: HandoutLocale, paper: str | None = None,
                   **options) -> RenderOptions:
    """Layout options for *locale*: its paper (unless *paper*) and the time limit."""
    return RenderOptions(paper=project.config.paper_for(locale.tag, paper),
                         timeout=project.config.render_timeout, **options)


def localize_article(project: Project, article: Article, locale: HandoutLocale,
                     draft: bool = False) -> LocalizedHandout:
    """Translate *article* into *locale* with the project's catalogs."""
    return localize(article, locale, project.config, project.repo, draft=draft,
                    source=project.is_source(locale))


def decide_handout(project: Project, article: Article, locale: HandoutLocale,
                   **options) -> Decision:
    """Would ``pdf`` export *article* in *locale*?  The gate's decision, without rendering.

    The same steps as :func:`export_pdf` up to the PDF: the catalogs applied,
    the HTML built (so the templates' labels are checked too), then
    :func:`~.gate.judge`.  A catalog that cannot be read refuses the handout.
    """
    settings = render_options(project, locale, **options)
    try:
        with time_limit(settings.timeout, f"{article.slug} ({locale.tag})"):   # as pdf's gate
            handout = localize_article(project, article, locale)
            build_html(handout, settings, project.templates_dir)
            return judge(handout, settings)
    except HandoutError as error:
        return Decision((error.message.splitlines()[0][:100],), error)


def export_pdf(project: Project, article: Article, locale: HandoutLocale, *,
               output: Path | None = None, draft: bool = False, paper: str | None = None,
               large_print: bool = False, font_style: str = "sans",
               pdf_variant: str | None = None,
               html_output: Path | None = None, renderer=None,
               force: bool = False) -> RenderResult:
    """Make one handout PDF (strict unless *draft*).

    *renderer* is an :class:`i18n.render.pdf.Renderer` started earlier (by default,
    one is forked when the HTML is ready).  An *output* or *html_output* that is an
    input of the project (an article, a catalog, a template, ``clinic.yaml``) is
    refused unless *force*; one under ``dist/`` or ``drafts/`` stays inside it.
    """
    chosen = output is not None
    if not force:
        for option, path in (("-o", output), ("--html", html_output)):
            if path is not None:
                refuse_project_input(path, project.inputs, option)
        if html_output is not None:   # its font subsets go beside it
            fonts = Path(html_output).parent / f"{Path(html_output).stem}.fonts"
            refuse_project_input(fonts, project.inputs, "--html")
    if output is None:
        variant = project.variant_name(locale, paper, large_print, pdf_variant)
        if font_style != "sans":
            variant = ".".join(p for p in (variant, font_style) if p)
        output = project.pdf_path(article.slug, locale.tag, variant, draft=draft)
    if draft and is_inside(output, project.dist_dir):
        raise OutputError("a draft is never written under dist/, which the library page "
                          "links to " + ("(write it elsewhere, or leave out -o)" if chosen
                                         else "(drafts/ leads into dist/: remove that link)"),
                          output)
    options = render_options(project, locale, paper, large_print=large_print,
                             font_style=font_style, pdf_variant=pdf_variant)
    with time_limit(options.timeout, str(output)):   # the gate's checks, within the limit
        handout = localize_article(project, article, locale, draft=draft)
    return render_handout(handout, output, options, html_target=html_output,
                          templates_dir=project.templates_dir, renderer=renderer,
                          within=project.output_root(output),
                          html_within=project.output_root(html_output) if html_output else None)
