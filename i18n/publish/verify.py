"""``export.py verify``: is ``dist/`` exactly the current, gated build of the inputs?

For CI, before ``dist/`` is published.  Every file under ``dist/`` is
accounted for, or reported, one line each, ``path: why``:

* a handout PDF must be listed as built in ``dist/manifest.json``, for an
  article and a locale the project has, in a variant the release publishes;
  its bytes must hash to the manifest's sha256 (a PDF replaced by hand is
  caught); its inputs must hash to the manifest's inputs hash (else it is
  stale); and the release gate must pass it *now* (else it is blocked but
  present).  Its thumbnail likewise;
* the library's files, the bundles and the web pages (and the sitemap) must be
  what ``export.py all`` would publish from the handouts that passed those
  checks and today's inputs: a refused handout in a zip or on the library
  page, a page of a blocked handout, an ``hreflang`` to a page that is gone,
  all show as a difference;
* anything else is unknown to the manifest.

How a derived file is compared:

* by default, nothing is built: the file's derivation key is worked out from
  today's inputs and the checked handouts (:mod:`.derived`) and must equal the
  key the manifest records for it, and the file's bytes must hash to the
  sha256 recorded with it; a PDF or thumbnail copied beside a web page must
  hash to its source's recorded sha256.  The manifest is untrusted data here
  as everywhere: its records are validated when read and only ever compared
  with what is worked out from the inputs.  What is trusted is the same as
  for a PDF, whose sha256 the manifest gives: the recorded sha256 of a file
  whose key matches says the bytes are those ``all`` wrote for these inputs.
  Someone who can rewrite ``dist/`` *and* its manifest consistently could
  publish other bytes; ``--full`` does not trust that;
* with ``full``, every derived file is built again from the manifest's
  checked handouts (the web pages on a scratch copy of the release, outside
  the project) and compared byte for byte, one file at a time.

Nothing is written to the project.  By default the gate's decision on an
unchanged handout, and the sha256 of a file of ``dist/`` in the same state,
come from the user's validation cache (signed with the user's key, keyed by
the handout's inputs and by each file's size, times and inode: see
:mod:`.status` and :mod:`.digests`), as for ``status`` and ``all``.  With
``full`` no earlier run's cache is believed: the gate's per-catalog work is
remembered only within this run (:func:`~i18n.catalogs.cache.private_cache`)
and every file is hashed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content.article import check_slug, find_article, list_articles
from ..errors import HandoutError, display_path
from ..locales import parse_locale
from ..variants import file_sha256
from .manifest import JobResult, load_manifest, manifest_path, shard_manifest_paths
from .thumbnails import thumbnail_path

#: Files of dist/ that are the release's bookkeeping, not published content.
BOOKKEEPING = ("manifest.json", "library-cache.json")


@dataclass(frozen=True, order=True)
class Finding:
    """One file of ``dist/`` that is not the current, gated build of its inputs."""

    path: Path
    why: str

    def __str__(self) -> str:
        # The folder shown as usual, the name as it is: a link is named, not followed.
        return f"{Path(display_path(self.path.parent)) / self.path.name}: {self.why}"


class _Gate:
    """The gate's decision per article and locale, asked once (variants share it)."""

    def __init__(self, project) -> None:
        self.project = project
        self.decisions: dict[tuple[str, str], str] = {}

    def refusal(self, slug: str, locale_tag: str) -> str:
        """Why the gate refuses the handout now, in a few words; ``""`` if it passes.

        The decision ``status`` takes (:func:`~.status.handout_decision`): from the
        validation cache when the handout's inputs are unchanged, except with
        ``--full`` (a cache of this run only).
        """
        from .status import handout_decision
        key = (slug, locale_tag)
        if key not in self.decisions:
            try:
                path = find_article(slug, self.project.articles_dir)
                check_slug(path)
                decision = handout_decision(self.project, path, parse_locale(locale_tag))
                self.decisions[key] = decision.summary if not decision.ready else ""
            except HandoutError as error:
                self.decisions[key] = error.message.splitlines()[0][:100]
        return self.decisions[key]


def verify_release(project, full: bool = False) -> list[Finding]:
    """Every file under ``dist/`` that is not the current, gated build, and why; sorted.

    *full*: build every derived file again and compare bytes, rather than
    compare derivation keys and recorded hashes (see the module's docstring).
    """
    from ..catalogs import cache
    from .digests import remembered_digests

    dist = project.dist_dir
    if not dist.is_dir():
        return []
    findings: list[Finding] = []
    problems: list[str] = []
    manifest = manifest_path(project)
    entries, release = load_manifest(manifest, problems)
    for problem in problems:
        findings.append(Finding(manifest, problem.split(": ", 1)[-1]))
    for shard_path in shard_manifest_paths(project):
        findings.append(Finding(shard_path, "a shard manifest not merged yet (run "
                                            "'export.py all' without --shard)"))
    # The gate's decisions and the files' digests: remembered from earlier runs
    # (signed, by inputs and file state) unless --full, which believes no cache.
    with (cache.private_cache() if full or not cache.active()
          else remembered_digests(project)):
        checked = _check_handouts(project, list(entries.values()), release)
        findings.extend(checked.findings)
        ordered = sorted(checked.entries, key=lambda r: (r.slug, r.locale))
        expected = (_rebuilt(project, ordered, release) if full
                    else _recorded(project, ordered, release, checked.hashes))
    for path in _files(dist):
        relative = path.relative_to(dist).as_posix()
        if path.is_symlink():
            findings.append(Finding(path, "a symbolic link, not a file the release made"))
        elif relative in BOOKKEEPING or path in checked.accounted or path == manifest:
            continue
        elif path in expected:
            if not expected.pop(path):
                findings.append(Finding(path, "stale: not what 'export.py all' publishes from "
                                              "the manifest and today's inputs"))
        elif path in checked.unpublished:
            findings.append(Finding(path, checked.unpublished[path]))
        elif relative.startswith(("bundles/", "web/")):
            findings.append(Finding(path, "not published by the release: no built, current "
                                          "handout of its locale or page"))
        elif not relative.startswith("manifest.shard-"):
            findings.append(Finding(path, "unknown to the manifest"))
    for path in expected:   # what the release publishes and dist/ lacks
        findings.append(Finding(path, "missing: the release publishes it (run 'export.py all')"))
    return sorted(set(findings))


@dataclass
class _Checked:
    findings: list[Finding]
    accounted: set[Path]               #: PDFs and thumbnails of built entries (checked)
    unpublished: dict[Path, str]       #: where a non-built entry's files would be, and why
    entries: list[JobResult]           #: the manifest as the release should be: a built
                                       #: entry that fails a check counts as not built
    hashes: dict[str, str] = field(default_factory=dict)   #: today's inputs hashes of
                                       #: standard handouts, by slug/locale


def _check_handouts(project, entries: list[JobResult], release) -> _Checked:
    """Check every handout file the manifest lists against the files and the inputs."""
    from .reconcile import known_locales, variant_names, variant_of
    from .manifest import inputs_hash
    from .release import release_plan

    dist = project.dist_dir
    articles = {path.stem for path in list_articles(project.articles_dir)}
    known = known_locales(project, set())
    variants = release_plan(project, release)[1]
    gate = _Gate(project)
    checked = _Checked([], set(), {}, [])
    for entry in entries:
        pdf = project.pdf_path(entry.slug, entry.locale, entry.variant)
        thumb = thumbnail_path(dist, entry.locale, entry.slug) if not entry.variant else None
        if not entry.has_pdf:
            checked.entries.append(entry)
            why = f"{entry.status} but present: {entry.reason.removeprefix(entry.locale + ': ')}"
            checked.unpublished[pdf] = why[:300]
            if thumb is not None:
                checked.unpublished[thumb] = why[:300]
            continue
        checked.accounted.add(pdf)
        problem = ""
        if entry.slug not in articles:
            problem = "its article is gone"
        elif entry.locale not in known:
            problem = f"{entry.locale} is not a locale of clinic.yaml"
        elif entry.variant not in variant_names(project, entry.locale, variants):
            problem = f"the release does not publish variant {entry.variant}"
        elif not pdf.is_file() or pdf.is_symlink():
            problem = "listed as built in the manifest, but missing"
        elif file_sha256(pdf) != entry.sha256:
            problem = ("its bytes do not match the manifest's sha256 (replaced by hand, or "
                       "written by another command)")
        else:
            try:
                current = inputs_hash(project, project.articles_dir / f"{entry.slug}.md",
                                      parse_locale(entry.locale), variant_of(entry.variant))
            except (HandoutError, ValueError) as error:
                current = f"({error})"
            else:
                if not entry.variant:
                    checked.hashes[entry.key] = current
            refusal = gate.refusal(entry.slug, entry.locale)
            if refusal:
                problem = f"blocked but present: {refusal}"
            elif current != entry.inputs_hash:
                problem = "stale: its inputs changed since it was built (run 'export.py all')"
        if problem:
            checked.findings.append(Finding(pdf, problem))
            entry = replace(entry, status="blocked", reason=problem, path=None, size=0,
                            pages=0, sha256="", thumb_sha256="")
        checked.entries.append(entry)
        if thumb is not None:
            checked.accounted.add(thumb)
            if problem and thumb.exists():
                checked.findings.append(Finding(thumb, f"the thumbnail of {pdf.name}: {problem}"))
            elif not problem and thumb.is_file() and file_sha256(thumb) != entry.thumb_sha256:
                checked.findings.append(Finding(thumb, "its bytes do not match the manifest's "
                                                       "sha256"))
    return checked


def _library_expected(project, entries: list[JobResult]) -> bool:
    from .library import INDEX_NAME
    return (project.dist_dir / INDEX_NAME).exists() or bool(entries)


def _recorded(project, entries: list[JobResult], release, hashes: dict[str, str]
              ) -> dict[Path, bool]:
    """Every derived file the release publishes from *entries*, and whether the
    manifest records it under today's derivation key with the bytes on disk.
    Nothing is built, and no file's bytes are held."""
    from .bundle import BUNDLES_DIR, bundle_items
    from .derived import LIBRARY_GROUP, DerivedKeys, Records
    from .library import INDEX_NAME
    from .manifest import load_derived

    dist = project.dist_dir
    records = Records(project, load_derived(manifest_path(project)))
    keys = DerivedKeys(project, hashes)
    found: dict[Path, bool] = {}
    if _library_expected(project, entries):
        key = keys.library(entries)
        group = [dist / name for name, record in sorted(records.old.items())
                 if record.group == LIBRARY_GROUP and _library_name(name)]
        for path in group or [dist / INDEX_NAME]:
            found[path] = records.matches(path, key, LIBRARY_GROUP)
    if release.bundles:
        for tag, items in sorted(bundle_items(project, entries, keys.built).items()):
            path = dist / BUNDLES_DIR / f"{tag}.zip"
            found[path] = records.matches(path, keys.bundle(tag, items))
    if release.web:
        found.update(_web_recorded(project, entries, records, keys))
    return found


def _library_name(name: str) -> bool:
    """Whether a file of the library's group may be where the manifest says: its page,
    or a file of ``dist/library/``."""
    from .library import INDEX_NAME
    from .library_search import LIBRARY_DIR
    return name == INDEX_NAME or name.startswith(f"{LIBRARY_DIR}/")


def _web_recorded(project, entries: list[JobResult], records, keys) -> dict[Path, bool]:
    """:func:`_recorded` for ``dist/web/``: the pages, the files they copy, the indexes
    and the sitemap, as :func:`~.web.build_web_pages` plans them."""
    from .thumbnails import png_size
    from .web import (INDEX_PAGE, SITEMAP_NAME, WEB_DIR, page_languages, web_page_path,
                      web_plan)

    dist = project.dist_dir
    found: dict[Path, bool] = {}
    pages: dict[str, list[str]] = {}

    def copied(target: Path, sha256: str) -> None:
        found[target] = not target.is_symlink() and file_sha256(target) == sha256

    for slug, by_tag in sorted(web_plan(project, entries, keys.built).items()):
        tags = page_languages(project, by_tag)
        for tag in tags:
            path = web_page_path(project, slug, tag)
            found[path] = records.matches(path, keys.web_page(slug, tag, tags, by_tag[tag]))
            for result in by_tag[tag]:
                copied(dist / WEB_DIR / tag / Path(result.path).name, result.sha256)
            thumb = thumbnail_path(dist, tag, slug)
            if thumb.is_file() and png_size(thumb) is not None:
                copied(dist / WEB_DIR / tag / f"{slug}.png", file_sha256(thumb))
            pages.setdefault(tag, []).append(slug)
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    languages = sorted(pages, key=lambda t: (order.get(t, len(order)), t))
    for tag in languages:
        index = dist / WEB_DIR / tag / INDEX_PAGE
        found[index] = records.matches(index, keys.web_index(tag, pages[tag], languages))
    if pages and project.config.site_url:
        sitemap = dist / WEB_DIR / SITEMAP_NAME
        found[sitemap] = records.matches(sitemap, keys.sitemap(pages))
    return found


def _rebuilt(project, entries: list[JobResult], release) -> dict[Path, bool]:
    """Every derived file ``export.py all`` writes from *entries*, built again, and
    whether the file on disk has exactly its bytes (one file held at a time)."""
    from .bundle import each_bundle
    from .library import library_files
    from .library_cache import LibraryCache

    found: dict[Path, bool] = {}
    if _library_expected(project, entries):
        for path, data in library_files(project, entries, LibraryCache(project)).items():
            found[path] = _same(path, data)
    if release.bundles:       # as the last run published them (the manifest records it)
        for path, data in each_bundle(project, entries):
            found[path] = _same(path, data)
    if release.web:
        found.update(_web_rebuilt(project, entries, release))
    return found


def _web_rebuilt(project, entries: list[JobResult], release) -> dict[Path, bool]:
    """Every file ``dist/web/`` must hold, from the web build run on a scratch copy of
    the release (the manifest's entries that passed, their PDFs and thumbnails), in a
    temporary folder outside the project, never in ``dist/``."""
    import shutil
    import tempfile
    from dataclasses import dataclass

    from ..catalogs.project import Project
    from .manifest import write_manifest
    from .release import publish_web

    @dataclass(frozen=True)
    class Scratch(Project):
        scratch: Path = Path()

        @property
        def dist_dir(self) -> Path:
            return self.scratch

    dist = project.dist_dir
    with tempfile.TemporaryDirectory(prefix="clinic-handouts-verify-") as folder:
        scratch = Scratch(project.root, project.config, project.templates_dir,
                          Path(folder) / "dist")
        scratch.dist_dir.mkdir()
        for entry in entries:
            if not entry.has_pdf or not entry.path:
                continue
            for path in (dist / entry.path, None if entry.variant else
                         thumbnail_path(dist, entry.locale, entry.slug)):
                if path is not None and path.is_file() and not path.is_symlink():
                    target = scratch.dist_dir / path.relative_to(dist)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
        write_manifest(manifest_path(scratch), entries, release)
        publish_web(scratch)
        web = scratch.dist_dir / "web"
        return {dist / path.relative_to(scratch.dist_dir): _same(
                    dist / path.relative_to(scratch.dist_dir), path.read_bytes())
                for path in sorted(web.rglob("*")) if path.is_file()} if web.is_dir() else {}


def _same(path: Path, data: bytes) -> bool:
    """Whether *path* is a regular file holding exactly *data*."""
    try:
        return (path.is_file() and not path.is_symlink() and path.stat().st_size == len(data)
                and path.read_bytes() == data)
    except OSError:
        return False


def _files(folder: Path) -> list[Path]:
    """Every file and link below *folder*, links not followed."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(_files(path))
        else:
            found.append(path)      # a FIFO or device: reported as unknown
    return found
