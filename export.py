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
from i18n.locales import parse_locale
from i18n.render import PDF_VARIANTS


def _project():
    from i18n.project import Project
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
    from i18n.project import extract as run
    for path, changed in run(_project()):
        click.echo(f"{'wrote' if changed else 'unchanged'} {display_path(path)}")


@cli.command()
@click.option("--locale", "locales", multiple=True, required=True,
              help="Locale to create or merge, e.g. zh-TW (repeatable).")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; fail if any catalog is out of date with the sources.")
def update(locales, check_only) -> None:
    """Create or merge the .po catalogs of a locale from the templates.

    A locale that clinic.yaml does not list yet is added to it.
    """
    from i18n.project import configure_locale, outdated_templates, update as run
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
        for path, changed in run(project, locale):
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
    from i18n.checks import CheckContext, check_catalog
    project = _project()
    errors = warnings = 0
    for locale in _target_locales(project, locales):
        if project.is_source(locale):
            continue  # the source language has no catalogs
        context = CheckContext(locale, tuple(project.config.do_not_translate),
                               source_locale=project.config.source_locale)
        for domain in project.domains():
            path = project.repo.po_path(locale, domain)
            if not path.exists():
                click.echo(f"{display_path(path)}: error: [missing] no catalog "
                           f"(run 'export.py update --locale {locale.tag}')")
                errors += 1
                continue
            for problem in check_catalog(path, context):
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
    from i18n.project import unconfigured_catalogs
    from i18n.status import handout_status
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
                          ("fuzzy", "right"), ("untranslated", "right"), ("words left", "right"),
                          ("status", "left")):
        table.add_column(name, justify=justify, no_wrap=name != "status")
    for row in rows:
        state = "[green]ready[/green]" if row.ready else f"[red]blocked[/red]: {row.reason}"
        table.add_row(row.slug, row.locale, f"{row.translated}/{row.total}", str(row.fuzzy),
                      str(row.untranslated), str(row.untranslated_words), state)
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    console.print(table)


def _target_locales(project, names):
    return [parse_locale(name) for name in names] if names else project.locales()


@cli.command()
@click.argument("article")
@click.option("--locale", default="en", show_default=True, help="Handout language, e.g. zh-TW.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF file to write (default: dist/<locale>/<slug>.pdf).")
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
    from i18n.project import export_pdf
    project = _project()
    result = export_pdf(project, project.article(article), parse_locale(locale), output=output,
                        draft=draft, paper=paper, large_print=large_print, font_style=font_style,
                        pdf_variant=pdf_variant, html_output=html_output)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {display_path(result.path)} ({result.pages} pages, "
               f"{result.size / 1024:.0f} KB{', DRAFT' if draft else ''})")


def _shard_option(ctx, param, value):
    if value is None:
        return None
    from i18n.batch import parse_shard
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
def all_handouts(locales, jobs, strict, shard_spec, force) -> None:
    """Build every article in every locale: dist/, its manifest and library page."""
    from i18n.batch import current_handouts, manifest_path, run_batch, run_failed, summarize
    from i18n.library import build_library
    project = _project()
    run = dict(locales=[parse_locale(name) for name in locales] or None, jobs=jobs,
               shard_spec=shard_spec, force=force)
    if sys.stdout.isatty():
        results = _all_with_progress(project, run)
    else:
        def report(result, done, total):
            click.echo(result.describe(project.dist_dir))
            _echo_warnings(result)
        results = run_batch(project, **run, progress=report)
    if shard_spec is None:
        written = build_library(project, current_handouts(project))
    else:
        written = manifest_path(project, shard_spec)
    counts = summarize(results)
    click.echo(", ".join(f"{n} {status}" for status, n in counts.items())
               + f"; wrote {display_path(written)}")
    if run_failed(results, strict):
        sys.exit(1)


def _echo_warnings(result) -> None:
    for warning in result.warnings:
        click.echo(f"warning: {result.locale}/{result.slug}: {warning}", err=True)


def _all_with_progress(project, run):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table
    from rich.text import Text

    from i18n.batch import run_batch
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
