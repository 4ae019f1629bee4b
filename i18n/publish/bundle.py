"""Bundles for the marketing team: ``dist/bundles/<locale>.zip``, one per locale.

Each zip holds the locale's built handouts (every variant) under their
download names (``<slug>.<locale>[.<variant>].pdf``), so files from several
bundles never collide in one folder, and an ``index.html`` listing them in
that language, styled like the library page, with the library's words
(``templates/bundle.html``; variants named as the library names them).  Bundles are deterministic: entries sorted, timestamps from the
articles' publication dates, fixed permissions and compression, so the same
handouts give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from ..fileio import confined, remove_within, write_if_changed
from ..variants import built_pdf, download_name

BUNDLES_DIR = "bundles"
INDEX_NAME = "index.html"
#: The earliest time a zip can store: for entries without a date.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

BUNDLE_TEMPLATE = "bundle.html"


@dataclass(frozen=True)
class BundleItem:
    """One PDF in a bundle."""

    name: str          #: the download name, also the name in the zip
    pdf: Path
    title: str
    variant: str
    pages: int
    size_kb: int
    published: str     #: ISO date, for the entry's timestamp
    slug: str = ""


def _timestamp(iso: str) -> tuple[int, int, int, int, int, int]:
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return ZIP_EPOCH
    return (day.year, day.month, day.day, 0, 0, 0) if day.year >= 1980 else ZIP_EPOCH


def _entry(name: str, when: tuple) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3                     # Unix, so that the permissions below count
    info.external_attr = (0o100644 & 0xFFFF) << 16
    return info


def bundle_bytes(items: Iterable[BundleItem], index_html: str) -> bytes:
    """The zip of *items* and the index: the same inputs give the same bytes."""
    items = sorted(items, key=lambda item: item.name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        newest = max((_timestamp(item.published) for item in items), default=ZIP_EPOCH)
        zf.writestr(_entry(INDEX_NAME, newest), index_html.encode("utf-8"))
        for item in items:
            zf.writestr(_entry(item.name, _timestamp(item.published)), item.pdf.read_bytes())
    return buffer.getvalue()


def bundle_items(project, results: Iterable, checked=None) -> dict[str, list[BundleItem]]:
    """The built handouts of *results* (manifest entries) by locale, verified on disk (by
    *checked*, ``checked(result) -> bool``, if given)."""
    by_locale: dict[str, list[BundleItem]] = {}
    for result in results:
        if not (checked(result) if checked is not None else built_pdf(project, result)):
            continue
        pdf = project.dist_dir / result.path
        by_locale.setdefault(result.locale, []).append(BundleItem(
            download_name(result.slug, result.locale, result.variant), pdf,
            str(result.title or result.slug), result.variant, int(result.pages),
            round(int(result.size) / 1024), str(result.date_published), result.slug))
    return by_locale


def render_index(project, tag: str, items: list[BundleItem], interfaces: dict | None = None) -> str:
    """The bundle's ``index.html``: its articles, each with its files, in *tag*'s words."""
    from ..locales import parse_locale
    from .library import Interface, library_environment, markup_helpers
    from .library import interfaces as all_interfaces

    locale = parse_locale(tag)
    found = interfaces if interfaces is not None else all_interfaces(project)
    ui = found.get(tag) or Interface(tag, locale.display_name, locale.direction, "(n != 1)", {})
    articles: dict[str, dict] = {}
    for item in sorted(items, key=lambda i: (i.slug or i.name, i.variant != "", i.variant)):
        article = articles.setdefault(item.slug or item.name, {
            "slug": item.slug or item.name.split(".")[0], "title": item.title,
            "published": item.published, "files": []})
        article["files"].append(item)
    ordered = sorted(articles.values(), key=lambda a: (a["title"].casefold(), a["slug"]))
    template = library_environment(project.templates_dir).get_template(BUNDLE_TEMPLATE)
    return template.render(lang=locale.tag, dir=locale.direction, language=locale.display_name,
                           clinic=project.config.clinic_name, articles=ordered,
                           **markup_helpers(ui, live=False))


def bundle_files(project, results: Iterable) -> dict[Path, bytes]:
    """Every bundle the release publishes and its exact bytes: one zip per locale with a
    built handout (*results*: manifest entries, each checked on disk)."""
    return dict(each_bundle(project, results))


def each_bundle(project, results: Iterable, records=None, keys=None
                ) -> Iterator[tuple[Path, bytes | None]]:
    """:func:`bundle_files` one zip at a time (only one is ever held in memory).

    With *records* (:class:`~.derived.Records`) and *keys*
    (:class:`~.derived.DerivedKeys`), a zip whose recorded derivation key is
    today's and whose bytes are the recorded ones comes as ``(path, None)``:
    current, not built again.
    """
    from .library import interfaces

    folder = project.dist_dir / BUNDLES_DIR
    uis = None
    for tag, items in sorted(bundle_items(project, results, keys and keys.built).items()):
        items.sort(key=lambda item: item.name)
        path = folder / f"{tag}.zip"
        key = keys.bundle(tag, items) if records is not None else ""
        if records is not None and records.current(path, key):
            yield path, None
            continue
        uis = interfaces(project) if uis is None else uis
        data = bundle_bytes(items, render_index(project, tag, items, uis))
        if records is not None:
            records.wrote(path, key, data)
        yield path, data


def published_bundles(project) -> list[Path]:
    """The zips under ``dist/bundles/`` now (links not followed)."""
    folder = project.dist_dir / BUNDLES_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(path for path in folder.glob("*.zip") if path.is_file() or path.is_symlink())


def build_bundles(project, results: Iterable,
                  removed: list[tuple[Path, str]] | None = None, records=None,
                  keys=None) -> list[tuple[Path, bool]]:
    """Write ``dist/bundles/<locale>.zip`` for every locale with a built handout; return
    (path, changed) pairs.

    Each zip is written to a temporary file and renamed, and only when its
    bytes change; with *records* and *keys*, one whose derivation key and bytes are
    the recorded ones is not even built (:func:`each_bundle`).  Bundles of locales
    with nothing built any more are removed (and listed in *removed*).
    """
    written = [(path, data is not None
                and write_if_changed(confined(path, project.dist_dir), data))
               for path, data in each_bundle(project, results, records, keys)]
    made = {path for path, _ in written}
    for stale in published_bundles(project):
        if stale not in made:
            remove_bundle(project, stale, removed, "its locale has no built handout")
    return written


def remove_bundle(project, path: Path, removed: list | None = None,
                  why: str = "the release publishes no bundles") -> None:
    """Remove one zip of ``dist/bundles/`` (never through a link out of ``dist/``)."""
    if remove_within(path, project.dist_dir) and removed is not None:
        removed.append((path, why))
