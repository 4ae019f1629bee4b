"""The handout library: ``dist/index.html``, one card per article, for clinic staff.

The page is one self-contained file: CSS and JavaScript inline, no fonts,
no external assets, every link relative to ``dist/``, so it works from
``file://`` and from any static web server.  Thumbnails of page 1 are PNG
files in ``dist/thumbs/<locale>/<slug>.png``, made by poppler's ``pdftoppm``
whenever a PDF is built (so only when its inputs changed), and here for any
built handout that has none yet.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

import jinja2
from babel.dates import format_date

from .fileio import write_if_changed
from .locales import parse_locale

LIBRARY_TEMPLATE = "library.html"
INDEX_NAME = "index.html"
THUMB_WIDTH = 240


# --- thumbnails ---------------------------------------------------------------------

def thumbnail_path(dist_dir: Path, locale_tag: str, slug: str) -> Path:
    return dist_dir / "thumbs" / locale_tag / f"{slug}.png"


def make_thumbnail(pdf: Path, png: Path, width: int = THUMB_WIDTH) -> bool:
    """Render page 1 of *pdf* to *png* (``pdftoppm``), atomically.

    Returns ``False`` (and leaves no file) when poppler is missing or fails:
    the library then shows the card without a picture.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return False
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{png.stem}.", dir=png.parent) as tmp:
        root = Path(tmp) / "page"
        result = subprocess.run([pdftoppm, "-png", "-f", "1", "-l", "1", "-scale-to", str(width),
                                 "-singlefile", str(pdf), str(root)], capture_output=True)
        made = root.with_suffix(".png")
        if result.returncode or not made.is_file():
            return False
        os.chmod(made, 0o644)
        os.replace(made, png)
    return True


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, so the page reserves the image's space."""
    try:
        with path.open("rb") as handle:
            head = handle.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


# --- the page's data -------------------------------------------------------------------

@dataclass(frozen=True)
class Version:
    """One language of an article on its card."""

    locale: str          #: BCP 47 tag: the ``lang`` attribute
    language: str        #: the language's name in itself
    status: str          #: "built", "blocked" or "failed"
    title: str
    date_text: str       #: the publication date in this language
    date_iso: str
    href: str | None     #: the PDF, relative to dist/
    pages: int
    size_kb: int
    percent: float
    reason: str
    thumb: str | None    #: the thumbnail, relative to dist/
    thumb_size: tuple[int, int] | None


@dataclass(frozen=True)
class Card:
    """One article: its versions and the text the search box matches."""

    slug: str
    title: str
    source_lang: str
    versions: tuple[Version, ...]
    search_text: str

    @property
    def thumb(self) -> Version | None:
        """The version whose page 1 the card shows: the source language's if built."""
        built = [v for v in self.versions if v.thumb]
        return next((v for v in built if v.locale == self.source_lang), built[0] if built else None)


def _href(relative: str) -> str:
    return "/".join(quote(part) for part in relative.split("/"))


def _long_date(iso: str, locale_tag: str) -> str:
    if not iso:
        return ""
    try:
        return format_date(date.fromisoformat(iso), format="long", locale=parse_locale(locale_tag).babel)
    except (ValueError, LookupError):
        return iso


def _version(dist_dir: Path, result) -> Version:
    built = result.status in ("built", "skipped") and bool(result.path)
    thumb = thumbnail_path(dist_dir, result.locale, result.slug) if built else None
    has_thumb = thumb is not None and thumb.is_file()
    return Version(
        locale=result.locale,
        language=result.language or result.locale,
        status="built" if built else result.status,
        title=result.title or result.slug,
        date_text=_long_date(result.date_published, result.locale),
        date_iso=result.date_published,
        href=_href(result.path) if built else None,
        pages=result.pages,
        size_kb=round(result.size / 1024),
        percent=result.percent,
        reason=result.reason,
        thumb=_href(thumb.relative_to(dist_dir).as_posix()) if has_thumb else None,
        thumb_size=png_size(thumb) if has_thumb else None,
    )


def library_cards(project, results: Iterable) -> list[Card]:
    """The cards of the page, by source title; languages in the configured order."""
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    source = project.config.source_locale
    by_slug: dict[str, list] = {}
    for result in results:
        by_slug.setdefault(result.slug, []).append(result)
    cards = []
    for slug, group in by_slug.items():
        group.sort(key=lambda r: (order.get(r.locale, len(order)), r.locale))
        versions = tuple(_version(project.dist_dir, r) for r in group)
        title = next((r.source_title for r in group if r.source_title), slug)
        titles = [title, *(v.title for v in versions if v.status == "built")]
        cards.append(Card(slug, title, source, versions, "\n".join(dict.fromkeys(titles))))
    return sorted(cards, key=lambda card: (card.title.casefold(), card.slug))


def ensure_thumbnails(project, results: Iterable, jobs: int = 4) -> None:
    """Make the missing thumbnails of built handouts (e.g. after merging shards)."""
    wanted = []
    for result in results:
        if result.status in ("built", "skipped") and result.path:
            pdf = project.dist_dir / result.path
            png = thumbnail_path(project.dist_dir, result.locale, result.slug)
            if pdf.is_file() and not png.is_file():
                wanted.append((pdf, png))
    if wanted:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(lambda pair: make_thumbnail(*pair), wanted))


def library_environment(templates_dir: Path) -> jinja2.Environment:
    """The project's ``library.html`` if it has one, else the toolkit's."""
    from .render import TEMPLATES_DIR
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_dir)),
                                  jinja2.FileSystemLoader(str(TEMPLATES_DIR))])
    return jinja2.Environment(loader=loader,
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def render_library(project, results: Iterable) -> str:
    """The HTML of the library page for *results* (manifest entries)."""
    results = list(results)
    cards = library_cards(project, results)
    order = {tag: i for i, tag in enumerate(project.config.locales)}
    languages = {}
    for card in cards:
        for version in card.versions:
            languages.setdefault(version.locale, version.language)
    languages = dict(sorted(languages.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    counts = {status: sum(v.status == status for c in cards for v in c.versions)
              for status in ("built", "blocked", "failed")}
    template = library_environment(project.templates_dir).get_template(LIBRARY_TEMPLATE)
    return template.render(clinic_name=project.config.clinic_name, lang=project.config.source_locale,
                           cards=cards, languages=languages, counts=counts)


def build_library(project, results: Iterable) -> Path:
    """Write ``dist/index.html`` for *results* (atomically, only when it changes).

    Thumbnails missing for built handouts are made first.
    """
    results = list(results)
    ensure_thumbnails(project, results)
    path = project.dist_dir / INDEX_NAME
    write_if_changed(path, render_library(project, results))
    return path
