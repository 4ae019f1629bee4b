"""One ``export.py all`` run: ``dist/`` as one consistent release.

Under the lock on ``dist/`` (:mod:`.lock`), one run

1. works out what the release publishes (:func:`release_plan`): the standard
   handouts, ``clinic.yaml``'s ``variants:`` and the variants that flags added
   in this or an earlier run (kept in the manifest until ``--drop-variant``),
   bundles (once asked for, until ``--no-bundle``) and web pages (whenever
   ``site_url`` is set, or once asked for with ``--web``, until ``--no-web``);
2. builds, skips or blocks every handout of it and reconciles the manifest
   with ``dist/`` (:func:`~.batch.run_batch`);
3. publishes what is derived from the handouts, from the manifest's entries
   checked on disk: the library page, the bundles and the web pages with
   their siblings' ``hreflang`` and the sitemap, removing those of handouts
   that are blocked, failed or gone.

Step 3 runs even after Ctrl-C, for the handouts that finished (a second
Ctrl-C stops it), so a handout's outputs are all old or all new.
``export.py verify`` (:mod:`.verify`) checks the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..locales import HandoutLocale
from ..variants import Variant
from .manifest import JobResult, Release, current_handouts, load_manifest, manifest_path


@dataclass
class ReleaseRun:
    """What one run did."""

    results: list[JobResult] = field(default_factory=list)
    release: Release = Release()
    variants: tuple[Variant, ...] = ()          #: every variant built besides the standard one
    problems: list[str] = field(default_factory=list)
    removed: list[tuple[Path, str]] = field(default_factory=list)   #: (file, why)
    written: list[Path] = field(default_factory=list)     #: bundles and web pages that changed
    library: Path | None = None
    bundles: list[Path] = field(default_factory=list)     #: every bundle of the release


def release_plan(project, previous: Release, add: Iterable[Variant] = (),
                 drop: Iterable[Variant] = (), bundles: bool | None = None,
                 web: bool | None = None) -> tuple[Release, tuple[Variant, ...]]:
    """The release after this run's flags, and every variant it builds.

    *add* and *drop* are variants named by flags; *bundles* and *web* are
    ``None`` unless a flag says yes or no.
    """
    drop = set(drop)
    added = tuple(sorted((set(previous.variants) | set(add)) - drop))
    variants = tuple(dict.fromkeys(v for v in (*project.config.variants, *added)
                                   if v not in drop and not v.is_standard))
    release = Release(added,
                      previous.bundles if bundles is None else bundles,
                      (previous.web or bool(project.config.site_url)) if web is None else web)
    return release, variants


def publish_release(project, locales: Iterable[HandoutLocale] | None = None, *, jobs: int = 1,
                    shard_spec: tuple[int, int] | None = None, force: bool = False,
                    add: Iterable[Variant] = (), drop: Iterable[Variant] = (),
                    bundles: bool | None = None, web: bool | None = None,
                    progress: Callable | None = None,
                    on_wait: Callable[[str], None] | None = None) -> ReleaseRun:
    """Run ``export.py all``: see the module's docstring.

    On Ctrl-C the derived outputs are still published for the handouts that
    finished, and then :class:`KeyboardInterrupt` propagates.
    """
    from .batch import _finish_first, run_batch
    from .digests import remembered_digests
    from .lock import dist_lock

    run = ReleaseRun()
    with dist_lock(project, on_wait=on_wait), remembered_digests(project):
        _, previous = load_manifest(manifest_path(project))
        run.release, run.variants = release_plan(project, previous, add, drop, bundles, web)
        try:
            run.results = run_batch(project, locales, jobs=jobs, shard_spec=shard_spec,
                                    force=force, progress=progress, variants=run.variants,
                                    problems=run.problems, release=run.release,
                                    removed=run.removed)
        finally:
            if shard_spec is None:
                with _finish_first():
                    publish_outputs(project, run, fresh=force)
    return run


def publish_outputs(project, run: ReleaseRun, fresh: bool = False) -> None:
    """Step 3: the library page, bundles and web pages, from the manifest as it is now.

    A derived file whose derivation key (:mod:`.derived`) is the one the manifest
    records for it, and whose bytes are the recorded ones, is kept without being
    built again (unless *fresh*); the manifest then records every derived file
    of the release.
    """
    from .bundle import build_bundles, published_bundles, remove_bundle
    from .derived import DerivedKeys, Records
    from .library import ensure_thumbnails
    from .manifest import load_derived, write_derived

    manifest = manifest_path(project)
    entries = current_handouts(project)
    ensure_thumbnails(project, entries)      # before the keys: they hold the thumbnails
    # The inputs hashes this run computed for its standard handouts: not computed again.
    hashes = {r.key: r.inputs_hash for r in run.results if r.inputs_hash and not r.variant}
    keys = DerivedKeys(project, hashes, run.results)
    records = Records(project, load_derived(manifest), fresh=fresh)
    run.library = publish_library(project, entries, records, keys, fresh, hashes)
    if run.release.bundles:
        for path, changed in build_bundles(project, entries, run.removed, records, keys):
            run.bundles.append(path)
            if changed:
                run.written.append(path)
    else:
        for path in published_bundles(project):
            remove_bundle(project, path, run.removed)
    if run.release.web:
        pages = publish_web(project, None, run.removed, records, keys, entries)
        run.written.extend(path for path, changed in pages if changed)
    else:
        remove_web_files(project, published_web_files(project), run.removed,
                         "the release publishes no web pages")
    write_derived(manifest, records.new)


def publish_library(project, entries: list[JobResult], records, keys, fresh: bool = False,
                    hashes: dict[str, str] | None = None) -> Path:
    """Write the library's files (:func:`~.library.library_files`) unless the group is
    current in *records*, and remove what of ``dist/library/`` it no longer publishes;
    return the page staff open (``dist/index.html``).

    The articles' texts come from the search files where their inputs are unchanged
    (unless *fresh*), and ``dist/library-cache.json`` is updated
    (:mod:`~.library_cache`); it is recorded in the group, so that a cache edited or
    gone has the group built again.
    """
    from ..fileio import remove_within
    from .derived import LIBRARY_GROUP
    from .library import INDEX_NAME, library_files
    from .library_cache import LibraryCache
    from .library_pages import published_library_files, write_files

    key = keys.library(entries)
    kept = records.current_group(LIBRARY_GROUP, key)
    if kept is None:
        cache = LibraryCache(project, hashes=hashes) if fresh else \
            LibraryCache.load(project, hashes)
        files = library_files(project, entries, cache)
        write_files(project, files)
        for path, data in files.items():
            records.wrote(path, key, data, LIBRARY_GROUP)
        saved = cache.save()
        if saved is not None:
            records.wrote_file(saved, key, LIBRARY_GROUP)
    else:       # nothing built: only what an interrupted or earlier build left goes
        for path in set(published_library_files(project)) - set(kept):
            remove_within(path, project.dist_dir)
    return project.dist_dir / INDEX_NAME


def publish_web(project, locales=None, removed: list | None = None, records=None,
                keys=None, entries: list[JobResult] | None = None) -> list[tuple[Path, bool]]:
    """Build ``dist/web/`` (:func:`~.web.build_web_pages`; *records*, *keys* and *entries*
    as its *results* there)
    and list in *removed* what an earlier run published there and this one did not.
    With no page built at all, nothing of an earlier run stays (no page, no index, no
    sitemap)."""
    from .web import build_web_pages

    gone: list[Path] = []
    pages = build_web_pages(project, locales, records, keys, entries, gone)
    if not pages and locales is None:
        everything: list[tuple[Path, str]] = []
        remove_web_files(project, published_web_files(project), everything)
        gone.extend(path for path, _ in everything)
    if removed is not None:
        removed.extend((path, "not published by this run: its handout is blocked, failed "
                              "or gone") for path in sorted(gone))
    return pages


def published_web_files(project) -> list[Path]:
    """What ``dist/web/`` publishes now: the sitemap and the pages, PDFs and pictures of
    each language folder (links are listed, never followed)."""
    from ..errors import HandoutError
    from ..locales import parse_locale
    from .web import SITEMAP_NAME, WEB_DIR

    root = project.dist_dir / WEB_DIR
    if not root.is_dir() or root.is_symlink():
        return []
    found = [root / SITEMAP_NAME] if (root / SITEMAP_NAME).is_file() else []
    for folder in sorted(root.iterdir()):
        try:
            if parse_locale(folder.name).tag != folder.name:
                continue
        except HandoutError:
            continue
        if folder.is_dir() and not folder.is_symlink():
            found.extend(path for path in sorted(folder.iterdir())
                         if path.suffix in (".html", ".pdf", ".png")
                         and (path.is_file() or path.is_symlink()))
    return found


def remove_web_files(project, paths: Iterable[Path], removed: list | None,
                     why: str = "") -> None:
    """Remove files of ``dist/web/`` (never through a link out of ``dist/``)."""
    from ..fileio import remove_within

    for path in paths:
        if remove_within(path, project.dist_dir) and removed is not None:
            removed.append((path, why))
