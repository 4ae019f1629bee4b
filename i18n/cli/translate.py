"""Commands for translators: extract, update, init, check, status."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import LocaleError, display_path
from .base import _project, _target_locales, cli, parse_locale

LOCALE_HELP = "Locale, e.g. zh-TW (repeatable; default: every locale of clinic.yaml)."


@cli.command()
def extract() -> None:
    """Write locales/<slug>.pot for every article and locales/handout.pot.

    \b
    Example:
      clinic-handouts extract     # 'update' does this by itself first
    """
    from ..catalogs.project import extract as run
    for path, changed in run(_project()):
        click.echo(f"{'wrote' if changed else 'unchanged'} {display_path(path)}")


def _catalog_targets(project, names) -> list:
    from ..catalogs.project import catalog_locales
    return [parse_locale(name) for name in names] if names else catalog_locales(project)


@cli.command()
@click.option("-l", "--locale", "locales", multiple=True, help=LOCALE_HELP)
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; fail if any catalog is out of date with the sources.")
@click.option("--from", "draft_from", metavar="LOCALE",
              help="Pre-fill empty entries, fuzzy, by converting this locale's translations "
                   "with OpenCC (zh-CN from zh-TW); needs --locale.")
def update(locales, check_only, draft_from=None) -> None:
    """Bring the catalogs up to date with the articles, templates and clinic.yaml.

    It always extracts first: a POT (locales/*.pot) is rewritten only when
    its source changed, so there is no separate 'extract' step to forget.
    Then it creates or merges each locale's catalogs and prints one line per
    catalog: new entries, changed ones (now fuzzy), obsolete ones, and those
    filled from translation memory or from another locale. A locale that
    clinic.yaml does not list yet is added to it.

    \b
    Examples:
      clinic-handouts update                      # every locale of clinic.yaml
      clinic-handouts update -l zh-TW -l ja
      clinic-handouts update --check              # CI: fail, writing nothing, if stale
      clinic-handouts update -l zh-CN --from zh-TW
    """
    from ..catalogs.project import configure_locale, fresh_templates, outdated_templates
    from ..catalogs.project import update as run
    project = _project()
    if draft_from and not locales:
        raise LocaleError(f"--from {draft_from} drafts one locale from another: name it with "
                          "--locale (e.g. -l zh-CN --from zh-TW)")
    targets = _catalog_targets(project, locales)
    if check_only:
        stale = [display_path(path) for path in outdated_templates(project)]
        stale += [display_path(result.path) for locale in targets
                  for result in run(project, locale, check_only=True) if result.changed]
        for path in stale:
            click.echo(f"{path}: out of date with its sources (run 'export.py update')", err=True)
        if stale:
            sys.exit(1)
        click.echo("catalogs are up to date")
        return
    source = parse_locale(draft_from) if draft_from else None
    templates, written = fresh_templates(project)
    for path, changed in written:
        if changed:
            click.echo(f"extracted {display_path(path)} (its sources changed)")
    for locale in targets:
        for result in run(project, locale, draft_from=source, templates=templates):
            shown = display_path(result.path)
            if result.changed:
                click.echo(f"wrote {shown}: "
                           f"{result.summary(source.tag if source else '')}")
            else:
                click.echo(f"unchanged {shown}")
        if configure_locale(project, locale):
            click.echo(f"added {locale.tag} to the locales of "
                       f"{display_path(project.config.path)}")


@cli.command()
@click.option("-l", "--locale", "locales", multiple=True, required=True,
              help="Locale to start, e.g. ja (repeatable).")
@click.pass_context
def init(ctx, locales) -> None:
    """Start a new locale: its catalogs, an empty glossary, and its place in clinic.yaml.

    Other locales' catalogs and the POTs are left as they are. A new
    catalog's Last-Translator comes from 'translators:' in clinic.yaml, or
    is left empty.

    \b
    Example:
      clinic-handouts init -l es
    """
    from ..catalogs.glossary import glossary_path
    from ..catalogs.project import init_locale
    ctx.invoke(update, locales=locales, check_only=False)
    project = _project()   # clinic.yaml now lists the new locales
    for name in locales:
        locale = parse_locale(name)
        glossary = glossary_path(project.root, locale)
        if init_locale(project, locale):
            click.echo(f"created {display_path(glossary)} (empty: add the house terms)")
        folder = display_path(project.repo.po_path(locale, "x").parent)
        me = ctx.find_root().info_name or "clinic-handouts"   # export.py or clinic-handouts
        click.echo(f"\nnext steps for {locale.tag}:")
        steps = [f"translate {folder}/*.po in Poedit, Lokalize or Weblate, or send them "
                 f"to an agency: {me} xliff -l {locale.tag}",
                 f"add the house terms to {display_path(glossary)} "
                 "(source,target,note,mandatory)",
                 f"{me} check -l {locale.tag} --errors-only",
                 f"{me} status -l {locale.tag}, then {me} pdf SLUG "
                 f"-l {locale.tag} --draft to see a handout"]
        if locale.tag not in project.config.translators:
            steps.append(f"name the translator in {display_path(project.config.path)} "
                         f"(translators: {{{locale.tag}: NAME}}) for the handout's credit line")
        for number, step in enumerate(steps, 1):
            click.echo(f"  {number}. {step}")


def _split(ctx, param, value) -> frozenset[str] | None:
    from ..checks import CHECKS, OTHER_CHECKS
    if not value:
        return None
    names = frozenset(name.strip() for item in value for name in item.split(",")
                      if name.strip())
    known = (*CHECKS, *OTHER_CHECKS)
    unknown = sorted(names - set(known))
    if unknown:
        raise click.BadParameter(f"unknown check {', '.join(unknown)} (known: "
                                 f"{', '.join(known)})")
    return names


@cli.command()
@click.option("-l", "--locale", "locales", multiple=True, help=LOCALE_HELP)
@click.option("-s", "--slug", "slugs", multiple=True,
              help="Only this article's catalog (repeatable; 'handout' for the templates').")
@click.option("--only", callback=_split, multiple=True, metavar="CHECK[,CHECK…]",
              help="Only these checks, e.g. numbers,markup.")
@click.option("-e", "--errors-only", is_flag=True, help="Leave out the warnings.")
@click.option("--source", "source_only", is_flag=True,
              help="Only the articles as written: medical-advertising claims and plain "
                   "language.")
def check(locales, slugs, only, errors_only, source_only) -> None:
    """Check the articles as written, then the catalogs; fail on errors.

    Errors come first, then warnings, the articles' findings ([claims],
    [plain-language]) before the catalogs' in each; each finding is
    'file:line: severity: [check] message', followed by the entry's
    source reference (#:) and the start of its text; a summary by check ends
    the report (on stderr).

    \b
    Examples:
      clinic-handouts check                        # every locale
      clinic-handouts check -l zh-TW --only numbers,markup
      clinic-handouts check -l ja -s prp-basement-membrane --errors-only
      clinic-handouts check --source               # the articles only
    """
    from ..checks import ERROR
    from ..checks.locale import check_locale
    project = _project()
    domains = None
    if slugs:
        known = project.domains()
        domains = [slug if slug in known else project.article(slug).slug for slug in slugs]
    targets = _target_locales(project, locales)
    found = [problem for problem in _source_problems(project, targets, domains, only)
             if not errors_only or problem.severity == ERROR]
    found += [problem for locale in ([] if source_only else targets)
              for problem in check_locale(project, locale, domains, only)
              if not errors_only or problem.severity == ERROR]
    # Stable: errors first; within each severity, the articles' findings, then the
    # catalogs', in file order.
    found.sort(key=lambda problem: problem.severity != ERROR)
    by_check: dict[tuple[str, str], int] = {}
    for problem in found:
        click.echo(str(problem))
        if problem.source:
            click.echo(f"    {problem.source}")
        by_check[problem.severity, problem.check] = by_check.get(
            (problem.severity, problem.check), 0) + 1
    errors = sum(n for (severity, _), n in by_check.items() if severity == ERROR)
    if by_check:
        click.echo("by check:", err=True)
        for (severity, name), count in sorted(by_check.items(),
                                              key=lambda item: (item[0][0] != ERROR,
                                                                -item[1], item[0][1])):
            click.echo(f"  {name:<16}{count:>5} {severity}{'s' if count > 1 else ''}", err=True)
    click.echo(f"{errors} error(s), {len(found) - errors} warning(s)", err=True)
    if errors:
        sys.exit(1)


def _source_problems(project, targets, domains, only) -> list:
    """The findings of ``check --source`` on the articles (those of *domains*, if given):
    claims (errors where ``clinic.yaml`` makes them errors for one of *targets*) and
    plain language; an article that cannot be read is one error."""
    from ..checks import ERROR, Problem
    from ..checks.source import CLAIMS, PLAIN_LANGUAGE, check_source, source_severity
    from ..content.article import list_articles
    from ..errors import HandoutError
    if only is not None and not only & {CLAIMS, PLAIN_LANGUAGE, "article"}:
        return []
    severity = source_severity(project.config, [locale.tag for locale in targets])
    found = []
    for path in list_articles(project.articles_dir):
        if domains is not None and path.stem not in domains:
            continue
        try:    # (parsed only if its findings are not in the validation cache)
            problems = check_source(path, project.config, severity).problems
        except HandoutError as error:
            if error.filename in (None, display_path(path)):   # the article: the rest goes on
                found.append(Problem("article", ERROR, error.message, path, error.lineno))
                continue
            # a glossary the checks read: named once, as it is
            problem = Problem("glossary", ERROR, error.message, Path(error.filename),
                              error.lineno)
            if problem not in found:
                found.append(problem)
            continue
        found.extend(problem for problem in problems if only is None or problem.check in only)
    return found


@cli.command()
@click.option("-l", "--locale", "locales", multiple=True, help=LOCALE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(locales, as_json) -> None:
    """Show, per article and locale, what is translated and what blocks export.

    'own' counts the article's own strings, 'template' the handout
    template's strings that every handout shares (locales/*/handout.po);
    'missing' the untranslated strings and 'words' their words. Why a
    handout is blocked follows the table, one line each.

    \b
    Examples:
      clinic-handouts status
      clinic-handouts status -l zh-TW --json
    """
    from ..catalogs.project import unconfigured_catalogs
    from ..publish.status import project_status
    project = _project()
    for folder, tag in unconfigured_catalogs(project):
        click.echo(f"warning: {display_path(folder)}: catalogs for '{tag}', which "
                   f"{display_path(project.config.path)} does not list under 'locales' "
                   f"(run 'export.py init --locale {tag}')", err=True)
    rows = project_status(project, [locale for locale in _target_locales(project, locales)
                                    if not project.is_source(locale)])
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    from .tables import print_status
    print_status(rows)
