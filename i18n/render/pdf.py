"""The WeasyPrint side of a render: HTML and font subsets in, PDF bytes out.

This module imports nothing heavy when it loads, so that a renderer can be
started before the rest of the toolkit is imported.  ``export.py pdf``
starts one first: its child imports WeasyPrint (most of a cold start) while
the parent reads the article and the catalogs and runs the checks.

What the renderer may read is restricted: translators' text reaches it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Mapping
from urllib.parse import unquote, urlparse

from .isolation import ForkedWorker

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
#: The scheme of the handout's font subsets, served from memory (see fonts.py).
SUBSET_SCHEME = "handout-font"


def load_weasyprint() -> None:
    """Import WeasyPrint (about 0.8 s of a cold start; most of it is cffi and Pango)."""
    import weasyprint  # noqa: F401


def restricted_url_fetcher(allowed_roots: tuple[Path, ...], refused: list[str],
                           fonts: Mapping[str, bytes] | None = None):
    """A WeasyPrint URL fetcher that serves only *allowed_roots*, ``data:`` and
    the handout's own font subsets (``handout-font:`` URLs, from *fonts*).

    Anything else (``file:///etc/passwd``, ``http://``, a redirect) is refused:
    WeasyPrint logs a warning and goes on without the resource.
    """
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    roots = tuple(Path(root).resolve() for root in allowed_roots)
    fonts = fonts or {}

    class RestrictedURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False,
                             timeout=5)

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == SUBSET_SCHEME and url in fonts:
                return URLFetcherResponse(url, fonts[url], {"Content-Type": "font/otf"})
            if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"refused URL (only the project's templates and data: URIs "
                             f"are allowed): {url[:200]}")

    return RestrictedURLFetcher()


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def laid_out_pdf(html: str, pdf_variant: str | None, base_dir: str,
                 fonts: Mapping[str, bytes], environment: Mapping[str, str] | None = None,
                 layout=None):
    """The PDF of *html* (relative URLs in *base_dir*), its page count and the
    renderer's warnings, with the layout chosen by *layout* (an
    :class:`i18n.render.economy.LayoutPolicy`, or ``None`` for the first one)
    and *environment* set in this process first (the Thai line-breaking
    dictionary); also returns the :class:`~i18n.render.economy.LayoutReport`."""
    import os

    from weasyprint import HTML

    from .economy import choose_layout

    for name, value in (environment or {}).items():
        os.environ[name] = value
    refused: list[str] = []
    collector = _WarningCollector()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collector)
    try:
        fetcher = restricted_url_fetcher((Path(base_dir),), refused, fonts)

        def render(text: str):
            return HTML(string=text, base_url=str(base_dir) + "/", url_fetcher=fetcher).render()

        document, chosen, report = choose_layout(render, html, layout)
        identifier = hashlib.sha256(chosen.encode("utf-8")).hexdigest()[:32].encode()
        data = document.write_pdf(pdf_variant=pdf_variant, pdf_tags=True,
                                  pdf_identifier=identifier)
    finally:
        weasy_logger.removeHandler(collector)
    warnings = [f"refused URL: {url}" for url in refused]
    warnings += list(dict.fromkeys(m for m in collector.messages if "refused URL" not in m))
    return data, len(document.pages), warnings, report


class Renderer:
    """A renderer process, forked when created, that serves render after render.

    Its child imports WeasyPrint at once, unless this process already has;
    :meth:`render` sends it the HTML and waits, within a time limit.  A
    long-lived renderer keeps WeasyPrint's caches warm between renders (the
    preview, batch workers).  Use it as a context manager, so that it is
    stopped::

        with Renderer() as renderer:
            ...   # read and check the handout meanwhile
            data, pages, warnings = renderer.render(html, ...)
    """

    def __init__(self) -> None:
        self._worker = ForkedWorker(laid_out_pdf, prepare=load_weasyprint)
        #: The environment the child has rendered with: a library such as
        #: libthai reads its variable once, at its first use in the process.
        self._environment: dict[str, str] = {}

    def render(self, html: str, *, pdf_variant: str | None, base_dir: Path,
               fonts: Mapping[str, bytes], timeout: float,
               what: str) -> tuple[bytes, int, list[str]]:
        """The PDF bytes, page count and warnings of *html*; see :func:`laid_out_pdf`.

        Raises :class:`~i18n.errors.RenderError` naming *what* past *timeout* s.
        """
        data, pages, warnings, _ = self.render_laid_out(
            html, pdf_variant=pdf_variant, base_dir=base_dir, fonts=fonts, timeout=timeout,
            what=what)
        return data, pages, warnings

    def render_laid_out(self, html: str, *, pdf_variant: str | None, base_dir: Path,
                        fonts: Mapping[str, bytes], timeout: float, what: str,
                        environment: Mapping[str, str] | None = None, layout=None):
        """:meth:`render` with a layout policy and an environment (see
        :func:`laid_out_pdf`); also returns the layout report.  A child that
        rendered with another value of a variable is replaced by a fresh one."""
        environment = dict(environment or {})
        if any(self._environment.get(name, value) != value
               for name, value in environment.items()):
            self._worker.close()
            self._worker = ForkedWorker(laid_out_pdf, prepare=load_weasyprint)
            self._environment = {}
        self._environment.update(environment)
        return self._worker.call(html, pdf_variant, str(base_dir), dict(fonts), environment,
                                 layout, timeout=timeout, what=what)

    def close(self) -> None:
        self._worker.close()

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
