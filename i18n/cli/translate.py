"""Commands for translators: extract, update, init, check, status."""

from __future__ import annotations

import json
import sys

import click

from ..errors import display_path
from .base import _project, _target_locales, cli, parse_locale


@cli.command()
def extract() -> None:
    """Write locales/<slug>.pot for every article and locales/handout.pot."""
    from ..catalogs.project import extract as run
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
    from ..catalogs.project import configure_locale, outdated_templates
    from ..catalogs.project import update as run
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
    from ..checks.locale import check_locale
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
    from ..catalogs.project import unconfigured_catalogs
    from ..publish.status import handout_status
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
