"""Commands for translation agencies' CAT tools: xliff, import-xliff, tm, glossary."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import display_path
from ..fileio import refuse_project_input, write_atomic
from .base import _project, cli, parse_locale


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("-l", "--locale", "locales", multiple=True, required=True,
              help="Target locale, e.g. ja (repeatable).")
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path),
              default=Path("xliff"), show_default=True, help="Folder for the XLIFF files.")
@click.option("--xliff-version", type=click.Choice(["2.0", "1.2"]), default="2.0",
              show_default=True, help="XLIFF 2.0, or 1.2 for older CAT tools.")
def xliff(slugs, locales, folder, xliff_version) -> None:
    """Export catalogs as XLIFF for a translation agency's CAT tool (Trados, memoQ, Phrase).

    One file per catalog, FOLDER/<slug>.<locale>.xlf, with each string's
    notes (what it is), context, #: source references and state (fuzzy
    entries as 'initial', signed-off ones as 'final'). Without SLUGS: every
    article's catalog, the handout's and the library's.

    \b
    Examples:
      clinic-handouts xliff -l ja
      clinic-handouts xliff -l ja prp-basement-membrane --xliff-version 1.2 -o to-agency
      clinic-handouts import-xliff xliff/*.ja.xlf      # when the agency sends them back
    """
    from ..catalogs.exchange import export_xliff
    project = _project()
    known = project.domains()
    domains = [slug if slug in known else project.article(slug).slug for slug in slugs] or known
    for name in locales:
        locale = parse_locale(name)
        for path in export_xliff(project.repo, locale, domains, folder,
                                 project.config.source_locale, xliff_version):
            click.echo(f"wrote {display_path(path)}")


@cli.command("import-xliff")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
def import_xliff(files) -> None:
    """Merge the translations of XLIFF files (2.x or 1.2) back into the catalogs.

    Every file is validated before anything is written. An empty target
    never clears a translation; a target not marked translated comes in
    fuzzy, and only where there was no translation; an entry a reviewer
    signed off is never overwritten: such units are reported as conflicts
    and left out. The merged entries then go through the same checks as
    'check': a changed number is reported here, and blocks the handout's
    export until fixed. Exits non-zero on a conflict or an error.

    \b
    Example:
      clinic-handouts import-xliff returned/prp-basement-membrane.ja.xlf
    """
    from ..catalogs.exchange import apply_import, plan_import
    from ..catalogs.project import catalog_locales
    project = _project()
    plan = plan_import(project.repo, list(files), project.config.source_locale,
                       project.domains(), [locale.tag for locale in catalog_locales(project)])
    for conflict in plan.conflicts:
        click.echo(str(conflict), err=True)
    apply_import(plan)
    errors = 0
    for item in plan.catalogs:
        shown = display_path(item.path)
        if item.data is None:
            click.echo(f"unchanged {shown}")
            continue
        click.echo(f"wrote {shown}: {len(item.changed)} entr"
                   f"{'y' if len(item.changed) == 1 else 'ies'} merged")
        errors += _check_merged(project, item)
    click.echo(f"{sum(len(i.changed) for i in plan.catalogs)} merged, {plan.unchanged} "
               f"already there, {len(plan.conflicts)} conflict(s), {errors} error(s)", err=True)
    if errors or plan.conflicts:
        sys.exit(1)


def _check_merged(project, item) -> int:
    """Print the findings of the checks on the merged entries; return the error count."""
    from ..catalogs.repository import load_po
    from ..checks import ERROR, check_catalog
    from ..checks.context import check_context
    changed = set(item.changed)
    lines = {entry.linenum for entry in load_po(item.path)
             if not entry.obsolete and (entry.msgctxt, entry.msgid) in changed}
    errors = 0
    for problem in check_catalog(item.path, check_context(item.locale, project.config)):
        if problem.line in lines and problem.check != "fuzzy":
            click.echo(str(problem))
            if problem.source:
                click.echo(f"    {problem.source}")
            errors += problem.severity == ERROR
    return errors


@cli.command()
@click.option("-l", "--locale", required=True, help="Locale, e.g. ja.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="TMX file to write (default: <locale>.tmx).")
@click.option("--force", is_flag=True, help="Write -o even over a file of the project.")
def tm(locale, output, force) -> None:
    """Export a locale's translation memory as TMX 1.4, for a CAT tool.

    Every translated, non-fuzzy entry of the locale's catalogs, each pair
    once, with the catalog it comes from as a note.

    \b
    Example:
      clinic-handouts tm -l ja -o ja.tmx
    """
    from ..catalogs.tmx import memory_tmx
    project = _project()
    handout_locale = parse_locale(locale)
    data, count = memory_tmx(project.repo, handout_locale, project.config.source_locale)
    target = output or Path(f"{handout_locale.tag}.tmx")
    if not force:
        refuse_project_input(target, project.inputs, "-o")
    path = write_atomic(target, data)
    click.echo(f"wrote {display_path(path)} ({count} translation units)")


@cli.command()
@click.option("-l", "--locale", required=True, help="Locale, e.g. zh-TW.")
@click.option("--tbx", "as_tbx", is_flag=True, help="Write the glossary as TBX.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="With --tbx: the file to write (default: glossary.<locale>.tbx).")
@click.option("--from-tbx", type=click.Path(dir_okay=False, path_type=Path),
              help="Add the terms of this TBX file to the glossary (existing terms are kept).")
@click.option("--force", is_flag=True, help="Write -o even over a file of the project.")
def glossary(locale, as_tbx, output, from_tbx, force) -> None:
    """Show a locale's glossary, export it as TBX, or add the terms of a TBX file.

    \b
    Examples:
      clinic-handouts glossary -l zh-TW
      clinic-handouts glossary -l zh-TW --tbx -o zh-TW.tbx
      clinic-handouts glossary -l zh-TW --from-tbx agency-terms.tbx
    """
    from ..catalogs.glossary import glossary_path, load_glossary
    project = _project()
    handout_locale = parse_locale(locale)
    path = glossary_path(project.root, handout_locale)
    terms = load_glossary(path)
    if from_tbx is not None:
        _add_terms(path, terms, from_tbx, project.config.source_locale, handout_locale.tag)
        return
    if as_tbx:
        from ..catalogs.tbx import glossary_tbx
        data = glossary_tbx(terms, project.config.source_locale, handout_locale.tag)
        target = output or Path(f"glossary.{handout_locale.tag}.tbx")
        if not force:
            refuse_project_input(target, project.inputs, "-o")
        written = write_atomic(target, data)
        click.echo(f"wrote {display_path(written)} ({len(terms)} terms)")
        return
    for term in terms:
        click.echo(f"{term.source} → {term.target}{' (mandatory)' if term.mandatory else ''}"
                   f"{': ' + term.note if term.note else ''}")
    click.echo(f"{len(terms)} terms in {display_path(path)}", err=True)


def _add_terms(path: Path, terms, tbx: Path, source: str, target: str) -> None:
    from ..catalogs.glossary import append_terms
    from ..catalogs.tbx import read_tbx
    known = {term.source.casefold(): term for term in terms}
    new, differing = [], 0
    for term in read_tbx(tbx, source, target):
        old = known.get(term.source.casefold())
        if old is None:
            known[term.source.casefold()] = term
            new.append(term)
        elif (old.target, old.mandatory) != (term.target, term.mandatory):
            differing += 1
            click.echo(f"{display_path(tbx)}:{term.line}: '{term.source}' is already "
                       f"'{old.target}' in {display_path(path)}: kept", err=True)
    if new:
        append_terms(path, new)
    click.echo(f"added {len(new)} term(s) to {display_path(path)}; {differing} kept as they were")
