"""Derived files: made again only when what they are made from changed.

Besides the handouts, ``export.py all`` publishes files made from them: a web
page per handout (``dist/web/<locale>/<slug>.html``), a web index per language,
the sitemap, a bundle per language (``dist/bundles/<locale>.zip``) and the
library's files (one group: :func:`~.library.library_files`).  Rendering them
all again on every run costs far more than the handouts that did not change.

So each gets a **derivation key** (:class:`DerivedKeys`): a sha256 over
everything it is made from.  The manifest records, per derived file, its key
and the sha256 of the bytes written (:class:`~.manifest.DerivedRecord`);
``all`` keeps a file whose recorded key equals today's key and whose bytes
still hash to the record (:class:`Records`), and builds every other one as
before.  ``verify`` checks the same records without building anything.

What goes into the keys (a missing input would publish a stale file):

* every key: the toolkit's code (:func:`~i18n.catalogs.cache.toolkit_fingerprint`),
  the versions of the libraries that write the bytes (Jinja2, Babel ...:
  :func:`~.manifest.tool_versions`), the toolkit's data files (the claim
  phrases, the Thai word list), every file of the toolkit's ``templates/`` and of
  the project's, and ``clinic.yaml`` with the logo it names (site_url, the
  clinic's name and contact, locales and their order, source and library
  locales ...);
* a handout's texts: its :func:`~.manifest.inputs_hash` (the article, the
  locale's catalogs, glossary and review records, the claim phrases, the
  templates, ``clinic.yaml``; the gate decides from these);
* the words of a page's interface: the locale's ``library`` catalog and what
  the gate checks it against (its glossary and review records);
* what a file links or copies: each PDF's path, variant, pages, size and
  sha256, the thumbnail's sha256 on disk, and the languages a page links
  (``hreflang``, the language switch, the index's and sitemap's alternates);
* the library: every manifest entry as recorded (status, reason, title ...),
  whether each PDF still checks out on disk, each thumbnail, each article's
  bytes and the inputs hash of each built handout and of each article's
  source.

Keys never hold a path outside the project's own names, so the same inputs
give the same key in any copy of the project (a CI runner's).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields
from pathlib import Path
from typing import Iterable

from ..catalogs.cache import digest, toolkit_fingerprint
from ..errors import HandoutError
from ..fileio import read_input
from ..locales import parse_locale
from ..variants import built_pdf, file_sha256
from .manifest import DerivedRecord, JobResult, inputs_hash, tool_versions
from .thumbnails import thumbnail_path

#: The group of the library's files: one key for all of them.
LIBRARY_GROUP = "library"
#: What the manifest records of a handout (all of it: the library may show any of it).
_ENTRY_FIELDS = tuple(spec.name for spec in fields(JobResult) if spec.name != "warnings")


def _bytes(path: Path | None) -> bytes:
    """An input's bytes for a key; a marker, never an error, for one that is absent or
    cannot be read (the file that reads it reports that)."""
    if path is None:
        return b"\0none"
    if not os.path.lexists(path):
        return b"\0missing"
    try:
        return read_input(path, HandoutError, "input")
    except HandoutError as error:
        return f"\0unreadable: {error.message}".encode("utf-8")


def _files_of(folder: Path, label: str) -> list[bytes | str]:
    """Every file below *folder* (compiled Python left out), by its name there, with
    its bytes."""
    parts: list[bytes | str] = []
    if not folder.is_dir():
        return [f"{label}: none"]
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or path.suffix in (".py", ".pyc") or not path.is_file():
            continue
        parts += [f"{label}:{path.relative_to(folder).as_posix()}", _bytes(path)]
    return parts


def code_digest(project) -> str:
    """The toolkit's share of every key: its code, the libraries' versions, its data
    files and the templates (the toolkit's and the project's)."""
    from ..config import TEMPLATES_DIR

    package = Path(__file__).resolve().parent.parent
    return digest("code", toolkit_fingerprint(), tool_versions(),
                  *_files_of(package, "data"), *_files_of(TEMPLATES_DIR, "toolkit-templates"),
                  *_files_of(Path(project.templates_dir), "templates"))


def _pdf_of(result) -> tuple:
    return (result.key, result.path, result.size, result.sha256)


class DerivedKeys:
    """The derivation keys of one run's derived files.

    *hashes*: inputs hashes of standard handouts (by ``slug/locale``) already
    computed by this run; the others are computed when asked for, once.
    *checked*: handouts (:class:`~.manifest.JobResult`) whose PDF this run built
    or found current on disk (:func:`~.batch.run_batch` checks each it skips).
    """

    def __init__(self, project, hashes: dict[str, str] | None = None,
                 checked: Iterable = ()) -> None:
        self.project = project
        self._hashes: dict[str, str] = dict(hashes or {})
        self._interfaces: dict[str, str] = {}
        self._common: str | None = None
        self._built: dict[tuple, bool] = {_pdf_of(r): True for r in checked if r.has_pdf}

    def built(self, result) -> bool:
        """Whether a manifest entry's PDF checks out on disk (:func:`~i18n.variants.built_pdf`),
        asked once a run: the library, the bundles and the web pages all ask."""
        if not result.has_pdf:
            return False
        key = _pdf_of(result)
        if key not in self._built:
            self._built[key] = built_pdf(self.project, result) is not None
        return self._built[key]

    # --- what every key holds ----------------------------------------------------------

    @property
    def common(self) -> str:
        """The code, the templates, ``clinic.yaml`` and its logo."""
        if self._common is None:
            config = self.project.config
            path = Path(config.path or self.project.root / "clinic.yaml")
            self._common = digest(code_digest(self.project), _bytes(path), _bytes(config.logo))
        return self._common

    def inputs(self, slug: str, tag: str) -> str:
        """The inputs hash of the standard handout of *slug* in *tag* (a marker if it
        cannot be computed: then no recorded key can equal it)."""
        key = f"{slug}/{tag}"
        if key not in self._hashes:
            try:
                self._hashes[key] = inputs_hash(self.project,
                                                self.project.articles_dir / f"{slug}.md",
                                                parse_locale(tag))
            except (HandoutError, ValueError, OSError) as error:
                self._hashes[key] = f"unhashable: {error}"
        return self._hashes[key]

    def interface(self, tag: str) -> str:
        """The words of a page in *tag*: its ``library`` catalog, gated against the
        locale's glossary and review records (none in the source locale)."""
        if tag not in self._interfaces:
            from ..catalogs.glossary import glossary_path
            from ..catalogs.review import reviews_path
            from ..content.extract import LIBRARY_DOMAIN

            try:
                locale = parse_locale(tag)
            except HandoutError:
                self._interfaces[tag] = digest("no locale", tag)
                return self._interfaces[tag]
            if self.project.is_source(locale):
                self._interfaces[tag] = digest("source", tag)
            else:
                project = self.project
                self._interfaces[tag] = digest(
                    "interface", tag, _bytes(project.repo.po_path(locale, LIBRARY_DOMAIN)),
                    _bytes(glossary_path(project.config.root, locale)),
                    _bytes(reviews_path(project.repo, locale)))
        return self._interfaces[tag]

    # --- the keys ------------------------------------------------------------------------

    def web_page(self, slug: str, tag: str, languages: Iterable[str], results: Iterable,
                 ) -> str:
        """The page of *slug* in *tag*: its texts, its words, the *languages* it links
        and the PDFs (*results*: its built manifest entries) and thumbnail it copies."""
        files = sorted([r.variant, r.path, r.pages, r.size, r.sha256] for r in results)
        thumb = thumbnail_path(self.project.dist_dir, tag, slug)
        return digest("web page", self.common, slug, tag, self.inputs(slug, tag),
                      self.interface(tag), json.dumps(list(languages)), json.dumps(files),
                      file_sha256(thumb))

    def web_index(self, tag: str, slugs: Iterable[str], languages: Iterable[str]) -> str:
        """The index of *tag*: the texts of every page it lists and the languages it links."""
        pages = [f"{slug}:{self.inputs(slug, tag)}" for slug in sorted(slugs)]
        return digest("web index", self.common, tag, self.interface(tag),
                      json.dumps(list(languages)), *pages)

    def sitemap(self, pages: dict[str, Iterable[str]]) -> str:
        """The sitemap of *pages* (locale -> slugs, in the order the run made them)."""
        listed = [[tag, [[slug, self.inputs(slug, tag)] for slug in sorted(slugs)]]
                  for tag, slugs in pages.items()]
        return digest("sitemap", self.common, json.dumps(listed))

    def bundle(self, tag: str, items: Iterable) -> str:
        """The zip of *tag*: every PDF in it (*items*: :class:`~.bundle.BundleItem`) and
        the words of its index."""
        listed = sorted([i.name, i.title, i.variant, i.pages, i.size_kb, i.published, i.slug,
                         file_sha256(i.pdf)] for i in items)
        return digest("bundle", self.common, tag, self.interface(tag), json.dumps(listed))

    def library(self, entries: Iterable) -> str:
        """The library's files: every manifest entry, what of it checks out on disk, the
        articles, the texts of every built handout and of each source, every
        interface language."""
        project = self.project
        config = project.config
        source = config.source_locale
        parts: list[bytes | str] = ["library", self.common]
        for tag in dict.fromkeys((source, *config.locales, config.library_locale or source)):
            parts.append(self.interface(tag))
        slugs: set[str] = set()
        for entry in sorted(entries, key=lambda e: e.key):
            slugs.add(entry.slug)
            parts.append(json.dumps([getattr(entry, name) for name in _ENTRY_FIELDS],
                                    ensure_ascii=False))
            if entry.has_pdf:
                on_disk = self.built(entry)
                parts.append(f"on disk: {on_disk}")
                if on_disk and not entry.variant:
                    parts += [self.inputs(entry.slug, entry.locale),
                              file_sha256(thumbnail_path(project.dist_dir, entry.locale,
                                                         entry.slug))]
        for slug in sorted(slugs):
            parts += [slug, file_sha256(project.articles_dir / f"{slug}.md"),
                      self.inputs(slug, source)]
        return digest(*parts)


class Records:
    """The derived records of one run: the manifest's (*old*, untrusted) and those of
    the files this run keeps or writes (:attr:`new`, for the manifest).

    *fresh* (``all --force``): no old record counts.
    """

    def __init__(self, project, old: dict[str, DerivedRecord] | None = None,
                 fresh: bool = False) -> None:
        self.project = project
        self._dist = str(project.dist_dir) + os.sep
        self.old = {} if fresh else dict(old or {})
        self.new: dict[str, DerivedRecord] = {}

    def name(self, path: Path) -> str:
        """*path*'s name in the manifest: relative to ``dist/``."""
        text, dist = str(path), self._dist
        if text.startswith(dist) and os.sep == "/":   # the common case, without pathlib
            return text[len(dist):]
        return Path(path).relative_to(self.project.dist_dir).as_posix()

    def matches(self, path: Path, key: str, group: str = "") -> bool:
        """Whether *path* is recorded under *key* (in *group*) and its bytes on disk
        (a regular file, not a link) still hash to the record."""
        record = self.old.get(self.name(path))
        return (record is not None and record.key == key and record.group == group
                and not Path(path).is_symlink() and file_sha256(path) == record.sha256)

    def current(self, path: Path, key: str) -> bool:
        """:meth:`matches`, and then the record is kept for the manifest."""
        if not self.matches(path, key):
            return False
        self.new[self.name(path)] = self.old[self.name(path)]
        return True

    def current_group(self, group: str, key: str) -> list[Path] | None:
        """The files of *group* if every one recorded matches *key* (they are then kept
        for the manifest); ``None`` if there are none or any does not."""
        names = [name for name, record in self.old.items() if record.group == group]
        paths = [self.project.dist_dir / name for name in sorted(names)]
        if not paths or not all(self.matches(path, key, group) for path in paths):
            return None
        for name in names:
            self.new[name] = self.old[name]
        return paths

    def wrote_file(self, path: Path, key: str, group: str = "") -> None:
        """Record the file at *path*, as it is now, as written by this run."""
        if not Path(path).is_symlink() and file_sha256(path):
            self.new[self.name(path)] = DerivedRecord(key, file_sha256(path), group)

    def wrote(self, path: Path, key: str, data: bytes | str, group: str = "") -> None:
        """Record the file this run wrote at *path* with *data*."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.new[self.name(path)] = DerivedRecord(key, hashlib.sha256(data).hexdigest(), group)


__all__ = ["DerivedKeys", "Records", "LIBRARY_GROUP", "code_digest"]
