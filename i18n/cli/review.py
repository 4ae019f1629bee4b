"""Commands for reviewers: sign off translations."""

from __future__ import annotations

import click

from ..errors import display_path
from .base import _project, cli, parse_locale

#: The template domains, which a reviewer may name like an article.
TEMPLATE_DOMAINS = ("handout", "library")


def _printed_template_lines(project, slug: str, locale) -> set[int]:
    """The lines of the handout catalog's entries that *slug*'s handout prints, as it
    stands and once reviewed (its credit line then names the reviewer)."""
    import dataclasses

    from ..render.html import build_html
    from ..render.pipeline import localize_article, render_options

    lines: set[int] = set()
    for reviewed in (False, True):
        handout = localize_article(project, project.article(slug), locale)
        if reviewed:
            credits = handout.credits()
            if credits is not None:   # the credit line the review will bring
                signed = dataclasses.replace(credits, reviewers=("…",), fully_reviewed=True,
                                             review_date=credits.review_date or _today())
                handout.credits = lambda: signed
        build_html(handout, render_options(project, locale), project.templates_dir)
        labels = handout.handout_translator
        lines |= {found.line for found in labels.used if found.line}
        lines |= {failed.line for failed in labels.failed.values() if failed.line}
    return lines


def _today():
    import datetime as dt

    from ..catalogs.review import today
    return dt.date.fromisoformat(today())


def _selection(project, slugs, locale) -> dict[str, set[int] | None]:
    """domain -> None (all of it) or the lines it covers, for the SLUGS given."""
    from ..content.extract import HANDOUT_DOMAIN
    if not slugs:
        return {domain: None for domain in project.domains()
                if project.repo.po_path(locale, domain).exists()}
    selection: dict[str, set[int] | None] = {}
    for slug in slugs:
        if slug in TEMPLATE_DOMAINS:
            selection[slug] = None
            continue
        selection[project.article(slug).slug] = None
        if project.repo.po_path(locale, HANDOUT_DOMAIN).exists():
            lines = _printed_template_lines(project, slug, locale)
            covered = selection.get(HANDOUT_DOMAIN, set())
            selection[HANDOUT_DOMAIN] = None if covered is None else covered | lines
    return selection


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("-l", "--locale", required=True, help="Locale whose translations were reviewed.")
@click.option("--by", "reviewer", required=True,
              help="The qualified reviewer's name, as clinic.yaml's 'reviewers' lists it.")
@click.option("--dry-run", is_flag=True, help="List what would be approved; write nothing.")
@click.option("--approve-errors", is_flag=True,
              help="Also approve entries with an error-level finding, as they stand "
                   "(e.g. a number changed on purpose, with its no-numbers-check waiver).")
def review(slugs, locale, reviewer, dry_run=False, approve_errors=False) -> None:
    """Record that REVIEWER approved translated, non-fuzzy entries as they stand.

    SLUGS are articles (each with the template strings its handout prints) or
    the template domains 'handout' and 'library'; without SLUGS, every catalog
    of the locale.  Entries with an error-level finding are skipped, and
    listed, unless --approve-errors.

    \b
    Example:
      clinic-handouts review -l zh-TW --by "Dr. Chen Ya-Ting" prp-basement-membrane --dry-run
    """
    from ..catalogs.review import apply_review, plan_review, reviews_path
    from ..checks import ERROR, check_entry
    from ..checks.context import check_context
    project = _project()
    handout_locale = parse_locale(locale)
    selection = _selection(project, slugs, handout_locale)
    context = None

    def findings(entry):
        nonlocal context
        if context is None:
            context = check_context(handout_locale, project.config)
        return [f"[{name}] {message}" for name, severity, message in check_entry(entry, context)
                if severity == ERROR]

    plan = plan_review(project.repo, handout_locale, selection, reviewer,
                       project.config.reviewers, findings, approve_errors=approve_errors)
    for problem in plan.records.problems():
        click.echo(f"warning: {problem}", err=True)
    verb = "would approve" if dry_run else "approved"
    for item in plan.approve:
        if dry_run or item.findings:
            note = f" (with {'; '.join(item.findings)})" if item.findings else ""
            click.echo(f"{verb} {item.where}: {item.excerpt()}{note}")
    for item in plan.skipped:
        click.echo(f"skipped {item.where}: {item.findings[0]}"
                   + (f" (and {len(item.findings) - 1} more)" if len(item.findings) > 1 else "")
                   + "; not approved: fix it, or pass --approve-errors to sign it off as it stands")
    for domain, count in sorted(plan.remaining.items()):
        path = display_path(project.repo.po_path(handout_locale, domain))
        click.echo(f"{count} other string(s) of {path} remain unreviewed (not printed by "
                   f"{'this handout' if len(slugs) == 1 else 'these handouts'}: "
                   f"'export.py review --locale {handout_locale.tag} --by NAME {domain}')")
    where = display_path(reviews_path(project.repo, handout_locale))
    if dry_run:
        click.echo(f"would record {len(plan.approve)} new review(s) by {plan.reviewer} in "
                   f"{where} ({plan.already} already reviewed, {len(plan.skipped)} skipped); "
                   "wrote nothing")
        return
    added = apply_review(project.repo, plan)
    click.echo(f"recorded {added} new review(s) by {plan.reviewer} in {where} "
               f"({plan.already} already reviewed, {len(plan.skipped)} skipped)")
