#!/usr/bin/env python3
"""Command line of the clinic handout toolkit.

It only parses arguments, calls the library (``i18n``) and prints: every
user error becomes one ``file:line: message`` line and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from i18n.errors import HandoutError, display_path
from i18n.render.pdf import PDF_VARIANTS


def parse_locale(name: str):
    """``i18n.locales.parse_locale``, imported late: ``pdf`` starts its renderer first."""
    from i18n.locales import parse_locale as parse
    return parse(name)


def _project():
    from i18n.catalogs.project import Project
    return Project.load(Path.cwd())


def _fail(error: HandoutError) -> None:
    click.echo(f"error: {error}" if error.filename is None else str(error), err=True)
    sys.exit(error.exit_code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HandoutError as error:
            _fail(error)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group)
def cli() -> None:
    """Health articles -> gettext catalogs -> translated PDF patient handouts."""


@cli.command()
def extract() -> None:
    """Write locales/<slug>.pot for every article and locales/handout.pot."""
    from i18n.catalogs.project import extract as run
    for path, changed in run(_project()):
        click.echo(f"{'wrote' if changed else 'unchanged'} {display_path(path)}")


@cli.command()
@click.option("--locale", "locales", multiple=True, required=True,
              help="Locale to create or merge, e.g. zh-TW (repeatable).")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; fail if any catalog is out of date with the sources.")
@click.option("--from", "draft_from", metavar="LOCALE",
              help="Pre-fill empty entries, fuzzy, by converting this locale's translations "
                   "with OpenCC (zh-CN from zh-TW).")
def update(locales, check_only, draft_from=None) -> None:
    """Create or merge the .po catalogs of a locale from the templates.

    A locale that clinic.yaml does not list yet is added to it.
    """
    from i18n.catalogs.project import configure_locale, outdated_templates
    from i18n.catalogs.project import update as run
    project = _project()
    if check_only:
        stale = [display_path(path) for path in outdated_templates(project)]
        stale += [display_path(path) for name in locales
                  for path, changed in run(project, parse_locale(name), check_only=True)
                  if changed]
        for path in stale:
            click.echo(f"{path}: out of date with its sources (run 'export.py extract' "
                       "and 'export.py update')", err=True)
        if stale:
            sys.exit(1)
        click.echo("catalogs are up to date")
        return
    for name in locales:
        locale = parse_locale(name)
        source = parse_locale(draft_from) if draft_from else None
        for path, changed in run(project, locale, draft_from=source):
            click.echo(f"{'wrote' if changed else 'unchanged'} {display_path(path)}")
        if configure_locale(project, locale):
            click.echo(f"added {locale.tag} to the locales of "
                       f"{display_path(project.config.path)}")


@cli.command()
@click.option("--locale", "locales", multiple=True, required=True,
              help="Locale to start, e.g. ja (repeatable).")
@click.pass_context
def init(ctx, locales) -> None:
    """Start a new locale: create its catalogs and add it to clinic.yaml."""
    ctx.invoke(update, locales=locales, check_only=False)


@cli.command()
@click.option("--locale", "locales", multiple=True,
              help="Locale to check (repeatable; default: every configured locale).")
def check(locales) -> None:
    """Check catalogs; print file:line: severity: [check] message; fail on errors."""
    from i18n.checks.locale import check_locale
    project = _project()
    errors = warnings = 0
    for locale in _target_locales(project, locales):
        for problem in check_locale(project, locale):
            click.echo(str(problem))
            errors += problem.severity == "error"
            warnings += problem.severity == "warning"
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    if errors:
        sys.exit(1)


@cli.command()
@click.option("--locale", "locales", multiple=True,
              help="Locale to show (repeatable; default: every configured locale).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(locales, as_json) -> None:
    """Show, per article and locale, what is translated and what blocks export."""
    from i18n.catalogs.project import unconfigured_catalogs
    from i18n.publish.status import handout_status
    project = _project()
    for folder, tag in unconfigured_catalogs(project):
        click.echo(f"warning: {display_path(folder)}: catalogs for '{tag}', which "
                   f"{display_path(project.config.path)} does not list under 'locales' "
                   f"(run 'export.py init --locale {tag}')", err=True)
    rows = [handout_status(project, article, locale)
            for article in project.articles()
            for locale in _target_locales(project, locales) if not project.is_source(locale)]
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    table = Table(title="Translation status")
    for name, justify in (("article", "left"), ("locale", "left"), ("translated", "right"),
                          ("reviewed", "right"), ("fuzzy", "right"), ("untranslated", "right"),
                          ("words left", "right"), ("status", "left")):
        table.add_column(name, justify=justify, no_wrap=name != "status")
    for row in rows:
        state = "[green]ready[/green]" if row.ready else f"[red]blocked[/red]: {row.reason}"
        table.add_row(row.slug, row.locale, f"{row.translated}/{row.total}",
                      f"{row.reviewed}/{row.translated}", str(row.fuzzy),
                      str(row.untranslated), str(row.untranslated_words), state)
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    console.print(table)


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("--locale", required=True, help="Locale whose translations were reviewed.")
@click.option("--by", "reviewer", required=True, help="The qualified reviewer's name.")
def review(slugs, locale, reviewer) -> None:
    """Record that REVIEWER approved every translated, non-fuzzy entry as it stands.

    Without SLUGS: every article's catalog and the handout domain.
    """
    from i18n.catalogs.review import record_review, reviews_path
    project = _project()
    handout_locale = parse_locale(locale)
    domains = [project.article(slug).slug for slug in slugs] or [
        domain for domain in project.domains()
        if project.repo.po_path(handout_locale, domain).exists()]
    added = record_review(project.repo, handout_locale, domains, reviewer)
    click.echo(f"recorded {added} new review(s) by {reviewer} in "
               f"{display_path(reviews_path(project.repo, handout_locale))}")


def _target_locales(project, names):
    return [parse_locale(name) for name in names] if names else project.locales()


@cli.command()
@click.argument("article")
@click.option("--locale", default="en", show_default=True, help="Handout language, e.g. zh-TW.")
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
def pdf(article, locale, output, draft, paper, large_print, font_style, pdf_variant,
        html_output) -> None:
    """Export one handout as a print-ready PDF."""
    from i18n.render.pdf import Renderer
    with Renderer() as renderer:   # it loads WeasyPrint while the handout is read and checked
        from i18n.render.pipeline import export_pdf
        project = _project()
        result = export_pdf(project, project.article(article), parse_locale(locale),
                            output=output, draft=draft, paper=paper, large_print=large_print,
                            font_style=font_style, pdf_variant=pdf_variant,
                            html_output=html_output, renderer=renderer)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {display_path(result.path)} ({result.pages} pages, "
               f"{result.size / 1024:.0f} KB{', DRAFT' if draft else ''})")


@cli.command()
@click.argument("article")
@click.option("--locale", default="en", show_default=True, help="Handout language, e.g. zh-TW.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF file to keep up to date (default: drafts/<locale>/<slug>.preview.pdf).")
def preview(article, locale, output) -> None:
    """Re-render a draft handout on every save of its article, catalogs or templates."""
    from i18n.render.preview import run_preview
    project = _project()
    project.article(article)   # a missing article is an error before watching starts
    click.echo("watching; Ctrl-C to stop", err=True)
    run_preview(project, article, parse_locale(locale), output,
                on_render=lambda r: click.echo(r.describe(), err=not r.ok))


def _shard_option(ctx, param, value):
    if value is None:
        return None
    from i18n.publish.batch import parse_shard
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command("all")
@click.option("--locale", "locales", multiple=True,
              help="Locale to build (repeatable; default: every configured locale).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes rendering in parallel.")
@click.option("--strict", is_flag=True, help="Fail the run when any handout is blocked.")
@click.option("--shard", "shard_spec", metavar="K/N", callback=_shard_option,
              help="Build only shard K of N, for N CI runners (merging: see i18n/batch.py).")
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
    """
    from i18n.publish.batch import run_batch, run_failed, summarize
    from i18n.publish.library import build_library
    from i18n.publish.manifest import current_handouts, manifest_path
    from i18n.variants import Variant
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
        from i18n.publish.bundle import build_bundles
        bundles = build_bundles(project, current_handouts(project))
    counts = summarize(results)
    if as_json:
        from i18n.variants import download_name
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
@click.option("--locale", "locales", multiple=True,
              help="Locale to publish (repeatable; default: every configured locale).")
def web(locales) -> None:
    """Write dist/web/<locale>/<slug>.html for every built handout (run 'all' first)."""
    from i18n.publish.web import build_web_pages
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

    from i18n.publish.batch import run_batch
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


def main() -> None:
    cli(prog_name="export.py")


if __name__ == "__main__":
    main()
