"""Every finding of the checks on one locale's catalogs.

A catalog's findings depend on its bytes, the locale's context (settings,
glossary, review records), the checks asked for and the toolkit's code, and
on nothing else: they are kept in the validation cache
(:mod:`i18n.catalogs.cache`) under a hash of all of these, so that only a
catalog that changed, or whose context changed, is checked again.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..catalogs import cache
from ..catalogs.project import Project
from ..errors import CatalogError
from ..fileio import read_input
from ..locales import HandoutLocale
from .base import CheckContext, Problem
from .cached import problem_rows, problems_from_rows, stable, valid_rows
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
    from ..checks import ERROR, Problem
    from ..checks.terminology import check_consistency

    if project.is_source(locale):
        return []
    context = check_context(locale, project.config)
    fingerprint = context_fingerprint(context) if cache.active() else None
    problems, present = [], []
    for domain in domains if domains is not None else project.domains():
        path = project.repo.po_path(locale, domain)
        if not path.exists():
            problems.append(Problem("missing", ERROR, "no catalog (run 'export.py update "
                                    f"--locale {locale.tag}')", path, None))
            continue
        present.append(path)
        problems.extend(catalog_findings(path, context, only, fingerprint))
    if only is None or "consistency" in only:
        problems.extend(check_consistency(present, context.glossary))
    return problems


def context_fingerprint(context: CheckContext) -> str:
    """What the findings of a catalog depend on besides its bytes and the code: every
    field of the context (glossary, review keys, claim phrases ...), written out the
    same way in every process."""
    return cache.digest(repr(stable(context)),
                        os.getcwd())   # messages name files as the command line shows them


def catalog_findings(path: Path, context: CheckContext, only: frozenset[str] | None = None,
                     fingerprint: str | None = None) -> list[Problem]:
    """:func:`~i18n.checks.check_catalog`, computed once for the same catalog bytes,
    context and checks (*fingerprint*: :func:`context_fingerprint`, made if not given)."""
    from ..checks import check_catalog

    key = _key(path, context, only, fingerprint) if cache.active() else None
    if key is None:
        return check_catalog(path, context, only)
    stored = cache.lookup("findings", key, valid_rows)
    if stored is not None:
        return problems_from_rows(stored, path)
    problems = check_catalog(path, context, only)
    # A syntax error is never cached; nor is anything if the file changed meanwhile.
    if not any(p.check == "syntax" for p in problems) and \
            _key(path, context, only, fingerprint) == key:
        cache.store("findings", key, problem_rows(problems))
    return problems


def _key(path: Path, context: CheckContext, only: frozenset[str] | None,
         fingerprint: str | None) -> str | None:
    try:
        data = read_input(path, CatalogError, "catalog", confine=True)
    except CatalogError:
        return None
    return cache.digest("findings", cache.toolkit_fingerprint(),
                        fingerprint or context_fingerprint(context),
                        repr(None if only is None else sorted(only)), data)
