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


def _variant_option(ctx, param, values):
    from ..variants import parse_variant
    try:
        return tuple(parse_variant(value) for value in values)
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
              help="Add large print to the release: dist/<locale>/<slug>.large-print.pdf.")
@click.option("--paper", type=click.Choice(["a4", "letter"]),
              help="Add this paper to the release, where it is not the locale's default.")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS),
              help="Add PDF/UA or PDF/A to the release.")
@click.option("--variant", "variants", multiple=True, metavar="NAME", callback=_variant_option,
              help="Add a variant by name, e.g. large-print+letter (repeatable).")
@click.option("--drop-variant", "dropped", multiple=True, metavar="NAME",
              callback=_variant_option,
              help="Stop publishing a variant that flags added earlier (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON, for scripts.")
@click.option("--bundle/--no-bundle", default=None,
              help="Publish (or stop publishing) dist/bundles/<locale>.zip; kept once asked for.")
@click.option("--web/--no-web", default=None,
              help="Publish (or not) dist/web/; on whenever clinic.yaml has site_url.")
def all_handouts(locales, jobs, strict, shard_spec, force, large_print=False, paper=None,
                 pdf_variant=None, variants=(), dropped=(), as_json=False, bundle=None,
                 web=None) -> None:
    """Build every article in every locale: dist/, its manifest, library page,
    bundles and web pages, as one consistent release.

    Variants: clinic.yaml's 'variants', plus every one a flag adds (each flag
    adds one: --large-print --paper letter gives A4 large print and regular
    Letter).  A variant a flag added stays in the release, kept current, until
    --drop-variant.  Anything blocked, gone or no longer published is removed.

    \b
    Examples:
      clinic-handouts all
      clinic-handouts all -l zh-TW -l ja --jobs 2 --bundle
      clinic-handouts all --large-print --paper letter   # A4 large print and Letter
      clinic-handouts all --shard 1/4 --json        # one of 4 CI runners
    """
    from ..publish.batch import run_failed, summarize
    from ..publish.release import publish_release
    from ..variants import Variant
    project = _project()
    added = [*([Variant(large_print=True)] if large_print else []),
             *([Variant(paper=paper)] if paper else []),
             *([Variant(pdf_variant=pdf_variant)] if pdf_variant else []), *variants]
    run = dict(locales=[parse_locale(name) for name in locales] or None, jobs=jobs,
               shard_spec=shard_spec, force=force, add=added, drop=dropped, bundles=bundle,
               web=web, on_wait=lambda message: click.echo(message, err=True))
    if as_json:
        release = publish_release(project, **run)
    elif sys.stdout.isatty():
        release = _all_with_progress(project, run)
    else:
        def report(result, done, total):
            click.echo(result.describe(project.dist_dir))
            _echo_warnings(result)
        release = publish_release(project, **run, progress=report)
    for problem in release.problems:
        click.echo(f"warning: {problem}", err=True)
    results = release.results
    written = release.library or manifest_path_of(project, shard_spec)
    counts = summarize(results)
    if as_json:
        from ..variants import download_name
        click.echo(json.dumps({
            "summary": counts,
            "handouts": [{**r.as_manifest(), "status": r.status, "warnings": list(r.warnings),
                          "download": download_name(r.slug, r.locale, r.variant)}
                         for r in results],
            "wrote": [display_path(path) for path in (written, *release.written)],
            "bundles": [display_path(path) for path in release.bundles],
            "removed": [{"path": display_path(path), "why": why}
                        for path, why in release.removed],
        }, ensure_ascii=False, indent=2))
    else:
        for path, why in release.removed:
            click.echo(f"removed {display_path(path)}: {why}")
        for path in release.written:
            click.echo(f"wrote {display_path(path)}")
        click.echo(", ".join(f"{n} {status}" for status, n in counts.items()
                             if n or status != "stale")
                   + f"; wrote {display_path(written)}")
    if run_failed(results, strict):
        sys.exit(1)


def manifest_path_of(project, shard_spec):
    from ..publish.manifest import manifest_path
    return manifest_path(project, shard_spec)


@cli.command()
@click.option("-l", "--locale", "locales", multiple=True,
              help="Locale to publish (repeatable; default: every configured locale).")
def web(locales) -> None:
    """Write dist/web/<locale>/<slug>.html for every built handout (run 'all' first).

    Pages of handouts that are no longer built and current are removed.

    \b
    Example:
      clinic-handouts all && clinic-handouts web -l zh-TW
    """
    from ..publish.lock import dist_lock
    from ..publish.manifest import load_manifest, manifest_path
    from ..publish.release import publish_web
    project = _project()
    removed: list = []
    problems: list[str] = []
    with dist_lock(project, on_wait=lambda message: click.echo(message, err=True)):
        load_manifest(manifest_path(project), problems)
        # A manifest that cannot be read publishes nothing, and removes nothing either.
        pages = [] if problems else publish_web(
            project, [parse_locale(name) for name in locales] or None, removed)
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    for path, why in removed:
        click.echo(f"removed {display_path(path)}: {why}")
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

    from ..publish.release import publish_release
    console = Console()
    styles = {"built": "green", "skipped": "dim", "blocked": "yellow", "failed": "bold red",
              "stale": "yellow"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("checking handouts", total=None)

        def advance(result, done, total):
            bar.update(task, completed=done, total=total,
                       description=f"{result.locale}/{result.slug}")
            _echo_warnings(result)
        release = publish_release(project, **run, progress=advance)
    table = Table(title="Handouts")
    for name in ("article", "locale", "status", "pages", "size", "variant", "detail"):
        table.add_column(name, justify="right" if name in ("pages", "size") else "left",
                         overflow="fold")
    for r in release.results:
        detail = display_path(project.dist_dir / r.path) if r.has_pdf else r.reason
        table.add_row(Text(r.slug), Text(r.locale), Text(r.status, style=styles[r.status]),
                      str(r.pages) if r.has_pdf else "",
                      f"{r.size / 1024:.0f} KB" if r.has_pdf else "",
                      Text(r.variant or "standard"), Text(detail))
    console.print(table)
    return release


@cli.command()
@click.option("--full", is_flag=True,
              help="Build the library, bundles and web pages again and compare bytes, "
                   "hash every file and decide every handout afresh, rather than trust "
                   "the manifest's records and the user's cache.")
def verify(full: bool = False) -> None:
    """Check dist/ before publishing it (CI): every file must be the current, gated build.

    Prints one line per file that is stale, blocked but present, unknown to the
    manifest, or whose bytes do not match the manifest's hash ('path: why'),
    and exits non-zero if there is any.  Writes nothing in the project.  The
    library, bundles and web pages are checked against the derivation keys and
    hashes the manifest records (today's inputs must give the recorded key; the
    bytes the recorded hash), and the gate's decisions and files' hashes of an
    earlier run are believed for unchanged inputs and files (the user's signed
    cache); --full builds the pages again, compares bytes and believes no cache.

    \b
    Example:
      clinic-handouts all --strict && clinic-handouts verify   # in CI, before publishing
      clinic-handouts verify --full      # the final job: trusts no recorded hash of a page
    """
    from ..catalogs.cache import use_cache
    from ..publish.lock import dist_lock
    from ..publish.verify import verify_release
    project = _project()
    if full:
        use_cache(None)   # the last word before publishing: it trusts no cache
    with dist_lock(project, shared=True, on_wait=lambda message: click.echo(message, err=True)):
        findings = verify_release(project, full=full)
    for finding in findings:
        click.echo(str(finding))
    if findings:
        click.echo(f"{len(findings)} file(s) in {display_path(project.dist_dir)}/ are not the "
                   "current, gated release (run 'export.py all')", err=True)
        sys.exit(1)
    click.echo(f"{display_path(project.dist_dir)}/ is the current, gated release", err=True)
