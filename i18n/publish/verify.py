"""``export.py verify``: is ``dist/`` exactly the current, gated build of the inputs?

For CI, before ``dist/`` is published.  Every file under ``dist/`` is
accounted for, or reported, one line each, ``path: why``:

* a handout PDF must be listed as built in ``dist/manifest.json``, for an
  article and a locale the project has, in a variant the release publishes;
  its bytes must hash to the manifest's sha256 (a PDF replaced by hand is
  caught); its inputs must hash to the manifest's inputs hash (else it is
  stale); and the release gate must pass it *now* (else it is blocked but
  present).  Its thumbnail likewise;
* the library page, the bundles and the web pages (and the sitemap) must be
  byte for byte what ``export.py all`` would write from the handouts that
  passed those checks and today's inputs: a refused handout in a zip or on
  the library page, a page of a blocked handout, an ``hreflang`` to a page
  that is gone, all show as a difference;
* anything else is unknown to the manifest.

The manifest itself is data, never authority: it is read like any file of
``dist/`` (validated entry by entry), and what it claims is checked against
the files and the inputs.  Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..content.article import list_articles
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
        """Why the gate refuses the handout now, in a few words; ``""`` if it passes."""
        from ..render.pipeline import decide_handout
        key = (slug, locale_tag)
        if key not in self.decisions:
            try:
                decision = decide_handout(self.project, self.project.article(slug),
                                          parse_locale(locale_tag))
                self.decisions[key] = decision.summary if not decision.ready else ""
            except HandoutError as error:
                self.decisions[key] = error.message.splitlines()[0][:100]
        return self.decisions[key]


def verify_release(project) -> list[Finding]:
    """Every file under ``dist/`` that is not the current, gated build, and why; sorted."""
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
    checked = _check_handouts(project, list(entries.values()), release)
    findings.extend(checked.findings)
    expected = _derived_files(project, checked.entries, release)
    for path in _files(dist):
        relative = path.relative_to(dist).as_posix()
        if path.is_symlink():
            findings.append(Finding(path, "a symbolic link, not a file the release made"))
        elif relative in BOOKKEEPING or path in checked.accounted or path == manifest:
            continue
        elif path in expected:
            if _read(path) != expected.pop(path):
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


def _derived_files(project, entries: list[JobResult], release) -> dict[Path, bytes]:
    """What ``export.py all`` writes from *entries*: library page, bundles, web files."""
    from .bundle import bundle_files
    from .library import INDEX_NAME, library_files
    from .library_cache import LibraryCache

    files: dict[Path, bytes] = {}
    if (project.dist_dir / INDEX_NAME).exists() or entries:
        files.update(library_files(project, sorted(entries, key=lambda r: (r.slug, r.locale)),
                                   LibraryCache(project)))
    if release.bundles:       # as the last run published them (the manifest records it)
        files.update(bundle_files(project, entries))
    if release.web:
        files.update(_web_files(project, entries, release))
    return files


def _web_files(project, entries: list[JobResult], release) -> dict[Path, bytes]:
    """Every file ``dist/web/`` must hold: the web build run on a scratch copy of the
    release (the manifest's entries that passed, their PDFs and thumbnails), in a
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
        return {dist / path.relative_to(scratch.dist_dir): path.read_bytes()
                for path in sorted(web.rglob("*")) if path.is_file()} if web.is_dir() else {}


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


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
