"""Reconcile ``dist/`` with the manifest: nothing stays that is not a current build.

After the jobs of a run (:mod:`.batch`), the manifest's old entries are
checked against the project and the release (:func:`reconcile`), and every
PDF and thumbnail under ``dist/`` that the resulting manifest does not
account for is removed (:func:`sweep`).  Removal never follows a link out of
``dist/``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from ..content.article import list_articles
from ..errors import HandoutError, display_path
from ..fileio import remove_within
from ..locales import parse_locale
from ..variants import STANDARD, Variant, built_pdf, variant_from_name
from .manifest import JobResult, inputs_hash
from .thumbnails import thumbnail_path


def remove_outputs(project, slug: str, locale_tag: str, variant: str = "") -> list[Path]:
    """Remove a handout's PDF (and, for the standard one, its thumbnail); return what
    was there.  Never outside ``dist/``, whatever a manifest or a link says."""
    paths = [project.pdf_path(slug, locale_tag, variant)]
    if not variant:  # the thumbnail is the standard handout's
        paths.append(thumbnail_path(project.dist_dir, locale_tag, slug))
    return [path for path in paths if remove_within(path, project.dist_dir)]


def known_locales(project, scope: set[str]) -> set[str]:
    """The locales the project publishes: ``clinic.yaml``'s, and this run's ``--locale``."""
    known = set(scope)
    for name in project.config.locales:
        try:
            known.add(parse_locale(name).tag)
        except HandoutError:
            continue
    return known


def project_entries(project, entries: dict[str, JobResult], scope: set[str],
                     problems: list[str] | None) -> dict[str, JobResult]:
    """The entries of shard manifests that are handouts of this project.

    A shard manifest is a CI runner's word: it cannot add a locale or an
    article that the project does not have.
    """
    articles = {path.stem for path in list_articles(project.articles_dir)}
    known = known_locales(project, scope)
    kept = {}
    for key, entry in entries.items():
        if entry.slug in articles and entry.locale in known:
            kept[key] = entry
        elif problems is not None:
            what = (f"article '{entry.slug}'" if entry.slug not in articles
                    else f"locale '{entry.locale}'")
            problems.append(f"{display_path(project.dist_dir)}: a shard manifest lists "
                            f"{entry.key}, but the project has no {what}; ignored")
    return kept


def variant_names(project, locale_tag: str, variants: Iterable[Variant]) -> set[str]:
    """The file-name parts of the variants the release publishes in a locale."""
    locale = parse_locale(locale_tag)
    return {""} | {project.variant_name(locale, v.paper or None, v.large_print,
                                        v.pdf_variant or None) for v in variants}


def reconcile(project, previous: dict[str, JobResult], results: dict[str, JobResult],
              scope: set[str], variants: Iterable[Variant]
              ) -> tuple[list[JobResult], list[tuple[Path, str]]]:
    """The manifest after a run, and the files removed to make ``dist/`` match it.

    *previous* entries that this run did not make are kept, except those of
    an article that is gone, of a locale the project no longer has, or of a
    variant the release no longer publishes (their files are removed, their
    entries dropped), and except built handouts outside this run's locales
    (*scope*) whose inputs changed or whose PDF no longer checks out: their
    files are removed and they become ``stale``.  An in-scope entry that the
    run did not reach (Ctrl-C) keeps its files: all old.
    """
    articles = {p.stem for p in list_articles(project.articles_dir)}
    known = known_locales(project, scope)
    removed: list[tuple[Path, str]] = []
    kept = {}
    for key, entry in previous.items():
        if key in results:
            continue
        why = ("its article is gone" if entry.slug not in articles else
               f"{entry.locale} is not a locale of clinic.yaml" if entry.locale not in known
               else f"the release no longer publishes variant {entry.variant}"
               if entry.variant not in variant_names(project, entry.locale, variants)
               else "")
        if why:
            removed.extend((path, why) for path in remove_outputs(
                project, entry.slug, entry.locale, entry.variant))
            continue
        if entry.has_pdf and entry.locale not in scope and not is_current(project, entry):
            why = (f"stale: its inputs changed since it was built (run 'export.py all "
                   f"--locale {entry.locale}')")
            removed.extend((path, why) for path in remove_outputs(
                project, entry.slug, entry.locale, entry.variant))
            entry = replace(entry, status="stale", reason=f"{entry.locale}: {why}", path=None,
                            size=0, pages=0, sha256="", thumb_sha256="")
        kept[key] = entry
    return sorted([*kept.values(), *results.values()], key=lambda r: r.key), removed


def is_current(project, entry: JobResult) -> bool:
    """Whether a built entry outside this run is still the build of today's inputs."""
    try:
        digest = inputs_hash(project, project.articles_dir / f"{entry.slug}.md",
                             parse_locale(entry.locale), variant_of(entry.variant))
    except (HandoutError, ValueError):
        return False
    return digest == entry.inputs_hash and built_pdf(project, entry) is not None


def variant_of(name: str) -> Variant:
    return variant_from_name(name) if name else STANDARD


#: Folders of dist/ whose files are published by their own builders (bundles, web pages).
_OTHER_OUTPUTS = ("bundles", "web")


def sweep(project, entries: Iterable[JobResult]) -> list[tuple[Path, str]]:
    """Remove every PDF and thumbnail under ``dist/`` that *entries* do not account for,
    and the temporary files of killed runs; return what was removed, and why.

    Links are never followed: a linked folder is left alone, and nothing
    outside ``dist/`` is touched.
    """
    dist = project.dist_dir
    keep = set()
    for entry in entries:
        if entry.has_pdf and entry.path:
            keep.add(dist / entry.path)
            if not entry.variant:
                keep.add(thumbnail_path(dist, entry.locale, entry.slug))
    removed = []

    def consider(path: Path, suffix: str) -> None:
        if path.is_symlink() or not path.is_file():
            return
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            why = "left by an interrupted run"
        elif path.suffix == suffix and path not in keep:
            why = "not a current build the manifest accounts for"
        else:
            return
        if remove_within(path, dist):
            removed.append((path, why))

    if not dist.is_dir() or dist.is_symlink():
        return removed
    for top in sorted(dist.iterdir()):
        if top.is_symlink() or top.name in _OTHER_OUTPUTS:
            continue
        if top.is_file():
            consider(top, ".none")        # only temporary files at the top
        elif top.name == "thumbs":
            for folder in sorted(top.iterdir()):
                if folder.is_dir() and not folder.is_symlink():
                    for path in sorted(folder.iterdir()):
                        consider(path, ".png")
        elif top.is_dir():
            for path in sorted(top.iterdir()):
                consider(path, ".pdf")
    return removed
