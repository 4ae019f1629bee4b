"""Every finding of the checks on one locale's catalogs."""

from __future__ import annotations

from ..catalogs.project import Project
from ..locales import HandoutLocale
from .context import check_context


def check_locale(project: Project, locale: HandoutLocale, domains: list[str] | None = None,
                 only: frozenset[str] | None = None) -> list:
    """Every finding of the checks on *locale*'s catalogs (none for the source language).

    *domains* limits them to some catalogs (articles by slug, ``handout``),
    *only* to some checks by name (a broken or missing catalog is always
    reported: nothing else can be checked in it).  A missing catalog is an
    error; the glossary's consistency across the locale's catalogs is
    checked after the entries.
    """
    from ..checks import ERROR, Problem, check_catalog
    from ..checks.terminology import check_consistency

    if project.is_source(locale):
        return []
    context = check_context(locale, project.config)
    problems, present = [], []
    for domain in domains if domains is not None else project.domains():
        path = project.repo.po_path(locale, domain)
        if not path.exists():
            problems.append(Problem("missing", ERROR, "no catalog (run 'export.py update "
                                    f"--locale {locale.tag}')", path, None))
            continue
        present.append(path)
        problems.extend(check_catalog(path, context, only))
    if only is None or "consistency" in only:
        problems.extend(check_consistency(present, context.glossary))
    return problems
