"""Commands for reviewers: sign off translations."""

from __future__ import annotations

import click

from ..errors import display_path
from .base import _project, cli, parse_locale


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("-l", "--locale", required=True, help="Locale whose translations were reviewed.")
@click.option("--by", "reviewer", required=True, help="The qualified reviewer's name.")
def review(slugs, locale, reviewer) -> None:
    """Record that REVIEWER approved every translated, non-fuzzy entry as it stands.

    Without SLUGS: every article's catalog and the handout domain.

    \b
    Example:
      clinic-handouts review -l zh-TW --by "Dr. Chen Ya-Ting" prp-basement-membrane
    """
    from ..catalogs.review import record_review, reviews_path
    project = _project()
    handout_locale = parse_locale(locale)
    domains = [project.article(slug).slug for slug in slugs] or [
        domain for domain in project.domains()
        if project.repo.po_path(handout_locale, domain).exists()]
    added = record_review(project.repo, handout_locale, domains, reviewer)
    click.echo(f"recorded {added} new review(s) by {reviewer} in "
               f"{display_path(reviews_path(project.repo, handout_locale))}")
