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
    from ..checks import ERROR
    from ..checks.terminology import check_consistency

    if project.is_source(locale):
        return []
    context = check_context(locale, project.config)
    fingerprint = context_fingerprint(context) if cache.active() else None
    problems, present, order = [], [], []
    for domain in domains if domains is not None else project.domains():
        path = project.repo.po_path(locale, domain)
        if not path.exists():
            order.append(Problem("missing", ERROR, "no catalog (run 'export.py update "
                                 f"--locale {locale.tag}')", path, None))
            continue
        order.append(len(present))
        present.append(path)
    consistency = only is None or "consistency" in only
    # The whole locale's findings, kept under all its catalogs' bytes: one look-up
    # when nothing changed (8,000 catalogs are read, not checked).
    key = _locale_key(present, fingerprint, only) if fingerprint is not None else None
    stored = cache.lookup("locale", key, _valid_locale(len(present))) if key else None
    if stored is not None:
        found = {i: problems_from_rows([row[1:] for row in stored["catalogs"] if row[0] == i],
                                       present[i]) for i in range(len(present))}
        after = [problem for row in stored["consistency"]
                 for problem in problems_from_rows([row[1:]], present[row[0]])]
    else:
        found = {i: catalog_findings(path, context, only, fingerprint)
                 for i, path in enumerate(present)}
        after = check_consistency(present, context.glossary) if consistency else []
        syntax = any(p.check == "syntax" for listed in found.values() for p in listed)
        if key is not None and not syntax and _locale_key(present, fingerprint, only) == key:
            index = {path: i for i, path in enumerate(present)}
            cache.store("locale", key, {
                "catalogs": [[i, *row] for i, listed in found.items()
                             for row in problem_rows(listed)],
                "consistency": [[index[p.path], *problem_rows([p])[0]] for p in after]})
    for item in order:
        problems.extend([item] if isinstance(item, Problem) else found[item])
    return problems + list(after)


def _locale_key(paths: list[Path], fingerprint: str, only: frozenset[str] | None) -> str | None:
    parts: list[bytes | str] = []
    for path in paths:
        try:
            parts += [str(path), read_input(path, CatalogError, "catalog", confine=True)]
        except CatalogError:
            return None
    return cache.digest("locale", cache.toolkit_fingerprint(), fingerprint,
                        repr(None if only is None else sorted(only)), *parts)


def _valid_locale(count: int):
    def valid(value) -> bool:
        return (isinstance(value, dict) and set(value) == {"catalogs", "consistency"}
                and all(isinstance(value[part], list) and all(
                    isinstance(row, list) and row and type(row[0]) is int
                    and 0 <= row[0] < count for row in value[part])
                    and valid_rows([row[1:] for row in value[part]])
                    for part in ("catalogs", "consistency")))
    return valid


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
