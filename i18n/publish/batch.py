"""Every article in every locale: plan the handouts, skip what is current, render the rest.

A *job* is one article in one locale in one variant (the standard handout,
large print ...).  Before anything is rendered, each job's inputs are hashed
(:func:`inputs_hash`) and compared with ``dist/manifest.json``:

* **skipped**: the manifest has the same hash, status ``built``, and the PDF on
  disk has the recorded size *and sha256*: a PDF replaced by hand, even one of
  the same size, is rebuilt.  Deciding this needs no WeasyPrint.
* **blocked**: the release gate refuses the handout (a string missing, an
  error-level finding, an unreviewed entry under ``require_review``).  The
  reason reads ``zh-TW: 3 untranslated, 1 fuzzy`` or names the finding's
  ``file:line``.  A blocked handout keeps **no file** in ``dist/``: its PDF and
  thumbnail are removed, in every variant (each variant is judged by the same
  gate), so nothing stale pretends to be current.  An unchanged blocked
  handout is reported again from the manifest without re-checking its catalogs.
* **failed**: any other :class:`~i18n.errors.HandoutError` (a broken article, a
  missing glyph, a timeout); its old files are removed too.  Failures are never
  cached: the next run tries again.
* **built**: rendered to a temporary file, its page-1 thumbnail made from that,
  then both renamed into place together, so an interrupted run leaves each
  handout's files all old or all new (never half-written, even on Ctrl-C).

``skipped`` is what *this run* did; the manifest stores the handout's state,
so a skipped handout stays ``built`` there.

After the jobs, the manifest is *reconciled* (:func:`_save`): entries of
articles that are gone, of locales the project no longer has, and of variants
the release no longer publishes lose their files and their entry; a built
handout outside this run's ``--locale`` whose inputs changed since it was
built loses its files and becomes ``stale``; then every PDF and thumbnail
under ``dist/`` that the manifest does not account for, and every temporary
file left by a killed run, is removed.  So ``dist/`` holds only current,
gated builds, whatever runs came before.

Sharding (``--shard K/N``) keeps the jobs whose ``sha256("slug/locale")``
modulo N is K-1: a job stays in its shard when articles are added or
removed, at the price of shards of slightly unequal size.  A sharded run
writes ``dist/manifest.shard-K-of-N.json`` instead of ``manifest.json`` and no
library page, and removes nothing but its own jobs' files.  To merge N
shards, put their ``dist/`` folders together (the PDFs never overlap; the
shard manifests have distinct names) and run ``export.py all`` once without
``--shard``: it reads every shard manifest as its cache (an entry for an
article or locale the project does not have is ignored), skips every handout
a shard built, renders any a missing shard left out, writes the merged
``manifest.json`` and ``index.html``, and then deletes the shard manifests it
consumed.  :func:`merge_manifests` does the merge alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from ..catalogs.project import read_article_once
from ..content.article import list_articles, plain_text
from ..content.extract import HANDOUT_DOMAIN
from ..errors import (ExportBlockedError, HandoutError, IncompleteTranslationError, OutputError,
                      display_path)
from ..fileio import confined
from ..locales import HandoutLocale, parse_locale
from ..render.isolation import die_with_parent, time_limit
from ..render.localize import LocalizedHandout, blocked_reason
from ..variants import STANDARD, Variant, built_pdf, file_sha256
from .manifest import (STATUSES, JobResult, Release, inputs_hash, manifest_path, merge_manifests,
                       shard_manifest_paths, write_manifest)
from .reconcile import project_entries, reconcile, remove_outputs, sweep
from .thumbnails import make_thumbnail, thumbnail_path


@dataclass(frozen=True, order=True)
class Job:
    """One handout to make: an article in a locale (and a variant: large print ...)."""

    slug: str
    locale_tag: str
    variant_name: str = ""            #: "" for the standard handout, else "large-print" ...
    variant: Variant = STANDARD

    @property
    def key(self) -> str:
        return "/".join(p for p in (self.slug, self.locale_tag, self.variant_name) if p)


ProgressCallback = Callable[[JobResult, int, int], None]


# --- planning -----------------------------------------------------------------------

def plan_jobs(project, locales: Iterable[HandoutLocale] | None = None,
              variants: Iterable[Variant] = ()) -> list[Job]:
    """Every article in every locale (default: the configured ones), sorted.

    Each handout is planned in its standard form and in every one of *variants*
    that differs from it in that locale (``letter`` is no variant for en-US).
    """
    chosen = {locale.tag: locale for locale in (locales or project.locales())}
    slugs = [path.stem for path in list_articles(project.articles_dir)]
    jobs = set()
    for tag, locale in chosen.items():
        for variant in (STANDARD, *variants):
            name = project.variant_name(locale, variant.paper or None, variant.large_print,
                                        variant.pdf_variant or None)
            if name or variant.is_standard:
                jobs.update(Job(slug, tag, name, variant) for slug in slugs)
    return sorted(jobs)


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/5"`` -> ``(2, 5)``; raises :class:`ValueError` unless 1 <= K <= N."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"'{text}' is not K/N, e.g. 1/4") from None
    if not 1 <= k <= n:
        raise ValueError(f"'{text}': K must be between 1 and N")
    return k, n


def shard_of(job: Job, n: int) -> int:
    """The 1-based shard of *job* among *n*: stable whatever the other jobs are."""
    digest = hashlib.sha256(job.key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def shard(jobs: Iterable[Job], k: int, n: int) -> list[Job]:
    """The jobs of shard *k* of *n*; the *n* shards cover every job exactly once."""
    return [job for job in jobs if shard_of(job, n) == k]


# --- one job -------------------------------------------------------------------------

def completeness(handout: LocalizedHandout) -> tuple[float, str]:
    """(percent translated, ``"zh-TW: 3 untranslated, 1 fuzzy"``) of what *handout* needs.

    Counts distinct strings looked up in the article and handout domains
    (after the HTML was built, so the templates' labels are included).
    """
    used = handout.used
    translated = len({(found.catalog, found.line) for found in used})
    missing = handout.missing
    fuzzy = sum(miss.state == "fuzzy" for miss in missing)
    untranslated = len(missing) - fuzzy  # "not in catalog" counts as untranslated
    total = translated + len(missing)
    percent = 100.0 * translated / total if total else 100.0
    return round(percent, 1), blocked_reason(handout.locale.tag, untranslated, fuzzy)


def build_job(project, job: Job, digest: str, renderer=None) -> JobResult:
    """Localize and render one handout; never raises a :class:`HandoutError`.

    *renderer* (an :class:`i18n.pdf.Renderer`) is kept across jobs, warm.
    """
    from ..render.html import render_handout
    from ..render.pipeline import localize_article, render_options

    base = JobResult(job.slug, job.locale_tag, "failed", inputs_hash=digest,
                     title=job.slug, source_title=job.slug, variant=job.variant_name)
    try:
        locale = parse_locale(job.locale_tag)
        base = replace(base, language=locale.display_name)
        article = read_article_once(project.articles_dir / f"{job.slug}.md")
        source_title = plain_text(article.title.text)
        base = replace(base, source_title=source_title, title=source_title,
                       date_published=article.date_published.isoformat())
        if not project.is_source(locale):
            absent = [p for p in (project.repo.po_path(locale, job.slug),
                                  project.repo.po_path(locale, HANDOUT_DOMAIN)) if not p.exists()]
            if absent:
                remove_outputs(project, job.slug, job.locale_tag, job.variant_name)
                return replace(base, status="blocked", percent=0.0,
                               reason=f"{locale.tag}: no catalog {display_path(absent[0])} "
                                      f"(run 'export.py update --locale {locale.tag}')")
        with time_limit(project.config.render_timeout, job.key):   # the gate, in the limit
            handout = localize_article(project, article, locale)
        base = replace(base, title=handout.segment_text(article.title))
        target = confined(project.pdf_path(job.slug, locale.tag, job.variant_name),
                          project.dist_dir)
        options = render_options(project, locale, job.variant.paper or None,
                                 large_print=job.variant.large_print,
                                 pdf_variant=job.variant.pdf_variant or None)
        building = _temporary(target)
        try:
            rendered = render_handout(handout, building, options,
                                      templates_dir=project.templates_dir, renderer=renderer,
                                      within=project.dist_dir)
        except ExportBlockedError as blocked:
            percent, reason = completeness(handout)
            if not isinstance(blocked, IncompleteTranslationError):
                reason = str(blocked)      # a check or review finding, with file:line
            remove_outputs(project, job.slug, job.locale_tag, job.variant_name)
            return replace(base, status="blocked", percent=percent, reason=reason)
        sha256, thumb_sha256 = _install(project, job, building, target)
    except HandoutError as error:
        remove_outputs(project, job.slug, job.locale_tag, job.variant_name)
        return replace(base, reason=str(error))
    return replace(base, status="built", path=target.relative_to(project.dist_dir).as_posix(),
                   size=rendered.size, pages=rendered.pages, warnings=tuple(rendered.warnings),
                   sha256=sha256, thumb_sha256=thumb_sha256)


def _temporary(target: Path) -> Path:
    """A hidden name beside *target* for a file still being made (``.<name>.<pid>.tmp``)."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _install(project, job: Job, building: Path, target: Path) -> tuple[str, str]:
    """Put a rendered PDF (and the thumbnail made from it) in place, together.

    Both are made under temporary names first and renamed one right after the
    other, so a handout's PDF and thumbnail are both old or both new.  Returns
    the sha256 of the PDF and of the thumbnail (``""`` if poppler made none,
    and then no old thumbnail is left either).
    """
    dist = project.dist_dir
    thumb = thumb_tmp = None
    try:
        if target.exists() and not target.is_file():   # never renamed over a FIFO or folder
            raise OutputError("cannot write file: not a regular file", target)
        if not job.variant_name:
            thumb = thumbnail_path(dist, job.locale_tag, job.slug)
            thumb_tmp = _temporary(thumb)
            # A thumbnail that cannot be written (a folder or a FIFO in its place, a
            # link out of dist/) stops nothing: the card shows no picture.
            if (thumb.exists() and not thumb.is_file()) or \
                    not make_thumbnail(building, thumb_tmp, within=dist):
                thumb_tmp = None
        sha256 = file_sha256(building)
        thumb_sha256 = file_sha256(thumb_tmp) if thumb_tmp is not None else ""
        if thumb is not None:
            if thumb_tmp is not None:
                os.replace(thumb_tmp, confined(thumb, dist))
            elif thumb.is_file() or thumb.is_symlink():
                confined(thumb, dist).unlink()
        os.replace(building, confined(target, dist))
    except OSError as exc:
        raise OutputError(f"cannot write file: {exc.strerror or exc}", target) from None
    finally:
        for leftover in (building, thumb_tmp):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
    return sha256, thumb_sha256


# --- worker processes -------------------------------------------------------------------

_WORKER_PROJECT = None
_WORKER_RENDERER = None


def _init_worker(project) -> None:
    """Pool initializer: import WeasyPrint once, keep the project, leave Ctrl-C to the parent.

    The parent lets a running job finish after Ctrl-C instead of killing it
    mid-write, so workers ignore SIGINT.
    """
    global _WORKER_PROJECT, _WORKER_RENDERER
    die_with_parent()   # a killed parent leaves no worker rendering and writing
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from multiprocessing.util import Finalize

    from ..render.pdf import Renderer, load_weasyprint
    load_weasyprint()   # once per worker, not once per handout
    _WORKER_PROJECT, _WORKER_RENDERER = project, Renderer()
    # Stopped and reaped when the worker exits (atexit does not run in pool workers).
    Finalize(None, _WORKER_RENDERER.close, exitpriority=10)


def _worker_build(job: Job, digest: str) -> JobResult:
    return build_job(_WORKER_PROJECT, job, digest, _WORKER_RENDERER)


# --- the batch -----------------------------------------------------------------------

def _cached(entry: JobResult | None, digest: str, project) -> JobResult | None:
    """The result of an unchanged handout from its manifest entry, or ``None``.

    A built entry counts only if its PDF's bytes still hash to the recorded
    sha256 (a file of the same size written by hand is rebuilt); a missing or
    altered thumbnail is made again from the PDF.
    """
    if entry is None or entry.inputs_hash != digest:
        return None
    if entry.status == "blocked":
        return entry
    if entry.status not in ("built", "skipped") or built_pdf(project, entry) is None:
        return None
    if not entry.variant:
        thumb = thumbnail_path(project.dist_dir, entry.locale, entry.slug)
        if not entry.thumb_sha256 or file_sha256(thumb) != entry.thumb_sha256:
            try:
                made = make_thumbnail(project.dist_dir / entry.path, thumb,
                                      within=project.dist_dir)
            except (HandoutError, OSError):
                made = False
            if not made:
                with contextlib.suppress(OSError, HandoutError):   # no stale picture
                    confined(thumb, project.dist_dir).unlink(missing_ok=True)
            entry = replace(entry, thumb_sha256=file_sha256(thumb) if made else "")
    return replace(entry, status="skipped", warnings=())


def _crashed(project, job: Job, digest: str, error: BaseException) -> JobResult:
    """A job whose worker died: failed, and (like any failure) without its old PDF."""
    remove_outputs(project, job.slug, job.locale_tag, job.variant_name)
    return JobResult(job.slug, job.locale_tag, "failed", inputs_hash=digest, title=job.slug,
                     source_title=job.slug, reason=f"worker crashed: {error!r}",
                     variant=job.variant_name)


def run_batch(project, locales: Iterable[HandoutLocale] | None = None, jobs: int = 1,
              shard_spec: tuple[int, int] | None = None, force: bool = False,
              progress: ProgressCallback | None = None,
              variants: Iterable[Variant] = (),
              problems: list[str] | None = None,
              release: Release | None = None,
              removed: list[tuple[Path, str]] | None = None) -> list[JobResult]:
    """Make every handout of the plan that is not current; return the results, sorted.

    *variants* are made besides each standard handout (large print ...): the
    release's whole set, since the manifest entries of any other variant are
    removed with their files.  *release* is recorded in the manifest.

    *jobs* > 1 renders in that many worker processes.  *shard_spec* ``(k, n)``
    keeps shard k of n.  *force* ignores the manifest.  *progress* is called
    in this process as ``progress(result, done, total)`` after each handout.
    Problems with the old manifests (malformed, unsafe, naming an article or
    locale the project does not have) go into *problems*; the files removed
    when the manifest is reconciled go into *removed*, as (path, why).

    On Ctrl-C, the running jobs finish (with ``jobs=1`` a second Ctrl-C stops
    at once), nothing else starts, the manifest keeps every finished handout
    and is reconciled, and then :class:`KeyboardInterrupt` propagates.
    """
    variants = list(variants)
    planned = plan_jobs(project, locales, variants)
    scope = {locale.tag for locale in (locales or project.locales())}
    if shard_spec is not None:
        planned = shard(planned, *shard_spec)
    previous = merge_manifests([manifest_path(project)], problems)
    previous.update(project_entries(project, merge_manifests(shard_manifest_paths(project),
                                                              problems), scope, problems))
    cache = {} if force else previous
    results: dict[str, JobResult] = {}
    total = len(planned)

    def record(result: JobResult) -> None:
        results[result.key] = result
        if progress is not None:
            progress(result, len(results), total)

    todo: list[tuple[Job, str]] = []
    for job in planned:
        try:
            digest = inputs_hash(project, project.articles_dir / f"{job.slug}.md",
                                 parse_locale(job.locale_tag), job.variant)
        except HandoutError as error:
            remove_outputs(project, job.slug, job.locale_tag, job.variant_name)
            record(JobResult(job.slug, job.locale_tag, "failed", reason=str(error),
                             title=job.slug, source_title=job.slug, variant=job.variant_name))
            continue
        cached = _cached(cache.get(job.key), digest, project)
        if cached is not None:
            record(cached)
        else:
            todo.append((job, digest))

    try:
        if todo and (jobs <= 1 or len(todo) == 1):
            from ..render.pdf import Renderer
            with Renderer() as renderer:
                for job, digest in todo:
                    with _finish_first() as interrupted:
                        result = build_job(project, job, digest, renderer)
                    record(result)
                    if interrupted:
                        raise KeyboardInterrupt
        elif todo:
            _run_pool(project, todo, jobs, record)
    finally:
        with _finish_first():
            _save(project, shard_spec, previous, results, scope, variants, release,
                  removed if removed is not None else [])
    return [results[job.key] for job in planned]


@contextlib.contextmanager
def _finish_first():
    """On Ctrl-C, let the running job finish (yields a list that records the press).

    The same as the workers do; a second Ctrl-C stops at once.
    """
    pressed: list[int] = []

    def handler(signum, frame):
        if pressed:
            raise KeyboardInterrupt
        pressed.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: Ctrl-C is not ours to handle
        yield pressed
        return
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_pool(project, todo: list[tuple[Job, str]], jobs: int,
              record: Callable[[JobResult], None]) -> None:
    import multiprocessing

    workers = min(jobs, len(todo))
    # spawn, not fork: the parent may run a progress-bar thread, and a fresh
    # worker imports WeasyPrint once in its initializer anyway.
    pool = ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(project,))
    queue = list(reversed(todo))
    running: dict[Future, tuple[Job, str]] = {}
    try:
        while queue or running:
            # Only as many jobs as workers are handed over: the executor queues
            # more ahead, and a queued job could no longer be cancelled by Ctrl-C.
            while queue and len(running) < workers:
                job, digest = queue.pop()
                try:
                    running[pool.submit(_worker_build, job, digest)] = (job, digest)
                except BrokenExecutor as error:  # a worker died: nothing more can run
                    for job, digest in [(job, digest), *reversed(queue)]:
                        record(_crashed(project, job, digest, error))
                    queue.clear()
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                record(_outcome(project, future, *running.pop(future)))
    except KeyboardInterrupt:
        # The running jobs finish (their workers ignore SIGINT) and are kept
        # for the manifest; nothing else starts.
        pool.shutdown(wait=True, cancel_futures=True)
        for future, (job, digest) in running.items():
            if future.done() and not future.cancelled():
                record(_outcome(project, future, job, digest))
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _outcome(project, future: Future, job: Job, digest: str) -> JobResult:
    try:
        return future.result()
    except (BrokenExecutor, OSError, RuntimeError) as error:
        return _crashed(project, job, digest, error)


def _save(project, shard_spec, previous: dict[str, JobResult],
          results: dict[str, JobResult], scope: set[str] = frozenset(),
          variants: Iterable[Variant] = (), release: Release | None = None,
          removed: list[tuple[Path, str]] | None = None) -> None:
    """Write this run's manifest: a shard's own, or the merged ``manifest.json`` after
    reconciling it with ``dist/`` (:func:`~.reconcile.reconcile`)."""
    path = manifest_path(project, shard_spec)
    if shard_spec is not None:
        write_manifest(path, sorted(results.values(), key=lambda r: r.key))
        return
    final, gone = reconcile(project, previous, results, scope, variants)
    write_manifest(path, final, release)
    for consumed in shard_manifest_paths(project):
        consumed.unlink(missing_ok=True)
    gone.extend(sweep(project, final))
    if removed is not None:
        removed.extend(gone)


def summarize(results: Iterable[JobResult]) -> dict[str, int]:
    """How many handouts ended in each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    return counts


def run_failed(results: Iterable[JobResult], strict: bool = False) -> bool:
    """Whether the run failed: any handout failed, or (``--strict``) any is blocked."""
    bad = ("failed", "blocked") if strict else ("failed",)
    return any(result.status in bad for result in results)
