"""Commands for staff and the marketing team: pdf, preview, all, web."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import display_path
from ..render.pdf import PDF_VARIANTS
from .base import _project, cli, parse_locale


@cli.command()
@click.argument("article")
@click.option("-l", "--locale", default="en", show_default=True, help="Handout language, e.g. zh-TW.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF file to write (default: dist/<locale>/<slug>[.<variant>].pdf; drafts under drafts/).")
@click.option("--draft", is_flag=True, help="Render even with missing translations, marked.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Paper size.")
@click.option("--large-print", is_flag=True, help="14-16 pt text for older patients.")
@click.option("--font-style", type=click.Choice(["sans", "serif"]), default="sans",
              show_default=True, help="Noto Sans or Noto Serif (CJK: Noto Serif CJK).")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), help="PDF/UA or PDF/A output.")
@click.option("--html", "html_output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the exact HTML given to WeasyPrint.")
@click.option("--force", is_flag=True,
              help="Let -o or --html replace an input of the project (an article, a catalog ...).")
def pdf(article, locale, output, draft, paper, large_print, font_style, pdf_variant,
        html_output, force=False) -> None:
    """Export one handout as a print-ready PDF.

    \b
    Examples:
      clinic-handouts pdf prp-basement-membrane -l zh-TW
      clinic-handouts pdf prp-basement-membrane -l ja --draft      # into drafts/
      clinic-handouts pdf prp-basement-membrane -l en --large-print --paper letter
    """
    from ..render.pdf import Renderer
    with Renderer() as renderer:   # it loads WeasyPrint while the handout is read and checked
        from ..render.pipeline import export_pdf
        project = _project()
        result = export_pdf(project, project.article(article), parse_locale(locale),
                            output=output, draft=draft, paper=paper, large_print=large_print,
                            font_style=font_style, pdf_variant=pdf_variant,
                            html_output=html_output, renderer=renderer, force=force)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {display_path(result.path)} ({result.pages} pages, "
               f"{result.size / 1024:.0f} KB{', DRAFT' if draft else ''})")


@cli.command()
@click.argument("article")
@click.option("-l", "--locale", default="en", show_default=True, help="Handout language, e.g. zh-TW.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF file to keep up to date (default: drafts/<locale>/<slug>.preview.pdf).")
def preview(article, locale, output) -> None:
    """Re-render a draft handout on every save of its article, catalogs or templates.

    \b
    Example:
      clinic-handouts preview prp-basement-membrane -l zh-TW
    """
    from ..render.preview import run_preview
    project = _project()
    project.article(article)   # a missing article is an error before watching starts
    click.echo("watching; Ctrl-C to stop", err=True)
    run_preview(project, article, parse_locale(locale), output,
                on_render=lambda r: click.echo(r.describe(), err=not r.ok))


def _shard_option(ctx, param, value):
    if value is None:
        return None
    from ..publish.batch import parse_shard
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command("all")
@click.option("-l", "--locale", "locales", multiple=True,
              help="Locale to build (repeatable; default: every configured locale).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes rendering in parallel.")
@click.option("--strict", is_flag=True, help="Fail the run when any handout is blocked.")
@click.option("--shard", "shard_spec", metavar="K/N", callback=_shard_option,
              help="Build only shard K of N, for N CI runners (merging: see i18n/publish/batch.py).")
@click.option("--force", is_flag=True, help="Rebuild handouts even when unchanged.")
@click.option("--large-print", is_flag=True,
              help="Also build large print: dist/<locale>/<slug>.large-print.pdf.")
@click.option("--paper", type=click.Choice(["a4", "letter"]),
              help="Also build on this paper, where it is not the locale's default.")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), help="Also build PDF/UA or PDF/A.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON, for scripts.")
@click.option("--bundle", is_flag=True,
              help="Also write dist/bundles/<locale>.zip: each locale's handouts, to hand over.")
def all_handouts(locales, jobs, strict, shard_spec, force, large_print=False, paper=None,
                 pdf_variant=None, as_json=False, bundle=False) -> None:
    """Build every article in every locale: dist/, its manifest and library page.

    clinic.yaml's 'variants' (e.g. [large-print]) are built in every run too.

    \b
    Examples:
      clinic-handouts all
      clinic-handouts all -l zh-TW -l ja --jobs 2 --bundle
      clinic-handouts all --shard 1/4 --json        # one of 4 CI runners
    """
    from ..publish.batch import run_batch, run_failed, summarize
    from ..publish.library import build_library
    from ..publish.manifest import current_handouts, manifest_path
    from ..variants import Variant
    project = _project()
    extra = Variant(large_print, paper or "", pdf_variant or "")
    variants = [*project.config.variants, *([] if extra.is_standard else [extra])]
    run = dict(locales=[parse_locale(name) for name in locales] or None, jobs=jobs,
               shard_spec=shard_spec, force=force, variants=variants, problems=[])
    if as_json:
        results = run_batch(project, **run)
    elif sys.stdout.isatty():
        results = _all_with_progress(project, run)
    else:
        def report(result, done, total):
            click.echo(result.describe(project.dist_dir))
            _echo_warnings(result)
        results = run_batch(project, **run, progress=report)
    for problem in run["problems"]:
        click.echo(f"warning: {problem}", err=True)
    if shard_spec is None:
        written = build_library(project, current_handouts(project), fresh=force)
    else:
        written = manifest_path(project, shard_spec)
    bundles = []
    if bundle and shard_spec is None:
        from ..publish.bundle import build_bundles
        bundles = build_bundles(project, current_handouts(project))
    counts = summarize(results)
    if as_json:
        from ..variants import download_name
        click.echo(json.dumps({
            "summary": counts,
            "handouts": [{**r.as_manifest(), "status": r.status, "warnings": list(r.warnings),
                          "download": download_name(r.slug, r.locale, r.variant)}
                         for r in results],
            "wrote": [display_path(path) for path in (written, *bundles)],
        }, ensure_ascii=False, indent=2))
    else:
        for path in bundles:
            click.echo(f"wrote {display_path(path)}")
        click.echo(", ".join(f"{n} {status}" for status, n in counts.items())
                   + f"; wrote {display_path(written)}")
    if run_failed(results, strict):
        sys.exit(1)


@cli.command()
@click.option("-l", "--locale", "locales", multiple=True,
              help="Locale to publish (repeatable; default: every configured locale).")
def web(locales) -> None:
    """Write dist/web/<locale>/<slug>.html for every built handout (run 'all' first).

    \b
    Example:
      clinic-handouts all && clinic-handouts web -l zh-TW
    """
    from ..publish.web import build_web_pages
    project = _project()
    pages = build_web_pages(project, [parse_locale(name) for name in locales] or None)
    for path, changed in pages:
        click.echo(f"{'wrote' if changed else 'unchanged'} {display_path(path)}")
    if not pages:
        click.echo("no built handout to publish (run 'export.py all' first)", err=True)
        sys.exit(1)


def _echo_warnings(result) -> None:
    for warning in result.warnings:
        click.echo(f"warning: {result.locale}/{result.slug}: {warning}", err=True)


def _all_with_progress(project, run):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn)
    from rich.table import Table
    from rich.text import Text

    from ..publish.batch import run_batch
    console = Console()
    styles = {"built": "green", "skipped": "dim", "blocked": "yellow", "failed": "bold red"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("checking handouts", total=None)

        def advance(result, done, total):
            bar.update(task, completed=done, total=total,
                       description=f"{result.locale}/{result.slug}")
            _echo_warnings(result)
        results = run_batch(project, **run, progress=advance)
    table = Table(title="Handouts")
    for name in ("article", "locale", "status", "pages", "size", "detail"):
        table.add_column(name, justify="right" if name in ("pages", "size") else "left",
                         overflow="fold")
    for r in results:
        detail = display_path(project.dist_dir / r.path) if r.has_pdf else r.reason
        table.add_row(Text(r.slug), Text(r.locale), Text(r.status, style=styles[r.status]),
                      str(r.pages) if r.has_pdf else "",
                      f"{r.size / 1024:.0f} KB" if r.has_pdf else "", Text(detail))
    console.print(table)
    return results
