"""Live preview: one warm process re-renders a draft handout on every save.

``export.py preview SLUG --locale L`` renders the handout once, then watches
its inputs (the article, its catalogs and the locale's glossary, the
templates, the clinic's assets and ``clinic.yaml``) with ``watchfiles`` and
renders again after each save.  One renderer process serves every render,
so WeasyPrint is imported once and its caches stay warm: only the layout
is paid again.

A preview is always a draft: missing strings show in their red boxes and
nothing blocks.  A broken save (a catalog ``msgfmt`` rejects, an article
with bad front matter) is reported in one line and the watch goes on; the
last good PDF stays in place (outputs are written atomically).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..catalogs.glossary import glossary_path
from ..content.article import Article
from ..content.extract import HANDOUT_DOMAIN
from ..errors import HandoutError, OutputError, display_path
from ..fileio import is_inside
from ..locales import HandoutLocale

#: watchfiles yields once no new change came for this long (ms) ...
STEP_MS = 30
#: ... or after this long (ms) of continuous changes.
DEBOUNCE_MS = 400


@dataclass(frozen=True)
class PreviewRender:
    """The outcome of one preview render."""

    output: Path
    seconds: float
    pages: int | None = None        #: None when the render failed
    error: str | None = None        #: the one-line error of a broken save
    changed: tuple[Path, ...] = ()  #: the saved files that caused it (none: the first)
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        """One line for the terminal."""
        why = ""
        if self.changed:
            names = ", ".join(display_path(path) for path in self.changed[:3])
            more = f" (+{len(self.changed) - 3})" if len(self.changed) > 3 else ""
            why = f" after saving {names}{more}"
        if self.ok:
            return (f"rendered {display_path(self.output)} ({self.pages} pages) in "
                    f"{self.seconds:.2f} s{why}")
        return f"{self.error} [{self.seconds:.2f} s{why}; still watching]"


@dataclass
class _ArticleCache:
    """The parsed article, kept while its file is unchanged (size and mtime)."""

    stamp: tuple | None = None
    article: Article | None = None

    def get(self, project, slug: str) -> Article:
        from ..content.article import find_article
        path = find_article(slug, project.articles_dir)
        stat = path.stat()
        stamp = (str(path), stat.st_mtime_ns, stat.st_size)
        if stamp != self.stamp or self.article is None:
            self.article, self.stamp = project.article(slug), stamp
        return self.article


@dataclass
class Watched:
    """What a preview watches: folders for watchfiles, and the files that count."""

    folders: list[Path] = field(default_factory=list)
    files: set[Path] = field(default_factory=set)
    trees: list[Path] = field(default_factory=list)   #: every file below counts
    ignored: set[Path] = field(default_factory=set)   #: the preview's own output

    def __contains__(self, path: str | Path) -> bool:
        path = Path(path).resolve()
        if path.name.startswith(".") or path.name.endswith((".tmp", "~")) or path in self.ignored:
            return False   # editors' and write_atomic's temporary files, our PDF
        return path in self.files or any(path.parent == tree for tree in self.trees)


def watched_inputs(project, slug: str, locale: HandoutLocale) -> Watched:
    """The inputs of the handout *slug* in *locale*."""
    from ..content.article import find_article
    article_path = find_article(slug, project.articles_dir).resolve()
    files = {article_path, project.config.path.resolve()}
    if not project.is_source(locale):
        files.update(project.repo.po_path(locale, domain).resolve()
                     for domain in (slug, HANDOUT_DOMAIN))
        files.add(glossary_path(project.root, locale).resolve())
    trees = [Path(project.templates_dir).resolve()]
    assets = (Path(project.root) / "assets").resolve()
    if assets.is_dir():
        trees.append(assets)
    folders = {path.parent for path in files} | set(trees)
    # A catalog folder may not exist yet; watch the nearest one that does.
    existing = set()
    for folder in folders:
        while not folder.is_dir():
            folder = folder.parent
        existing.add(folder)
    return Watched(sorted(existing), files, trees)


def default_output(project, slug: str, locale: HandoutLocale) -> Path:
    """``drafts/<locale>/<slug>.preview.pdf``: never under ``dist/``."""
    return project.pdf_path(slug, locale.tag, "preview", draft=True)


def render_preview(project, slug: str, locale: HandoutLocale, output: Path,
                   cache: _ArticleCache | None = None,
                   changed: tuple[Path, ...] = (), renderer=None) -> PreviewRender:
    """Render the draft once (in *renderer*, an :class:`i18n.pdf.Renderer` kept
    warm between saves); a user error becomes the result's one-line error."""
    from .pipeline import export_pdf
    start = time.perf_counter()
    try:
        article = (cache or _ArticleCache()).get(project, slug)
        result = export_pdf(project, article, locale, output=output, draft=True,
                            renderer=renderer)
    except HandoutError as error:
        message = f"error: {error}" if error.filename is None else str(error)
        return PreviewRender(output, time.perf_counter() - start, error=message, changed=changed)
    except Exception as error:   # a preview outlives any one bad save
        first = str(error).splitlines()[0] if str(error) else ""
        return PreviewRender(output, time.perf_counter() - start,
                             error=f"error: {type(error).__name__}: {first}", changed=changed)
    return PreviewRender(Path(result.path), time.perf_counter() - start, result.pages,
                         changed=changed, warnings=tuple(result.warnings))


def run_preview(project, slug: str, locale: HandoutLocale, output: Path | None = None,
                stop_event: threading.Event | None = None,
                on_render: Callable[[PreviewRender], None] = print,
                on_ready: Callable[[Watched], None] | None = None) -> int:
    """Render, then re-render after every save of an input until *stop_event* is set.

    Each render's :class:`PreviewRender` goes to *on_render*; *on_ready* is
    called with what is watched once the watch has started.  A change of
    ``clinic.yaml`` reloads the project.  Returns the number of renders.
    Ctrl-C raises :class:`KeyboardInterrupt` (from watchfiles) to the caller.
    """
    import watchfiles

    from ..catalogs.project import Project
    output = Path(output) if output is not None else default_output(project, slug, locale)
    if is_inside(output, project.dist_dir):   # refused before watching, not on every save
        raise OutputError("a preview is a draft, and a draft is never written under dist/ "
                          "(write it elsewhere, or leave out -o)", output)
    from .pdf import Renderer
    with Renderer() as renderer:   # one warm renderer for every save
        cache = _ArticleCache()
        watched = watched_inputs(project, slug, locale)
        watched.ignored.add(output.resolve())
        config_path = project.config.path.resolve()
        on_render(render_preview(project, slug, locale, output, cache, renderer=renderer))
        renders = 1
        changes = watchfiles.watch(*watched.folders, watch_filter=lambda _, path: path in watched,
                                   recursive=False, stop_event=stop_event, step=STEP_MS,
                                   debounce=DEBOUNCE_MS, yield_on_timeout=on_ready is not None,
                                   rust_timeout=200 if on_ready is not None else 5000)
        for batch in changes:
            if on_ready is not None:
                on_ready(watched)
                on_ready = None
            if not batch:
                continue   # the first timeout only tells that the watch is up
            paths = tuple(sorted({Path(path).resolve() for _, path in batch}))
            if config_path in paths:
                try:
                    project = Project.load(project.root)
                except HandoutError as error:
                    on_render(PreviewRender(output, 0.0, error=str(error), changed=paths))
                    renders += 1
                    continue
            on_render(render_preview(project, slug, locale, output, cache, changed=paths,
                                     renderer=renderer))
            renders += 1
    return renders
