"""The manifest of ``dist/``: what became of every handout, and with what tools.

``dist/manifest.json`` records, per handout, its status, reason, PDF path,
size, page count, the sha256 of the PDF's bytes (and of its thumbnail) and
the hash of its inputs; a sharded run writes
``dist/manifest.shard-K-of-N.json``.  Beside the handouts it records what the
release publishes besides the configured variants (:class:`Release`: the
variants that flags added, bundles, web pages), so that a later run keeps
them current, and, per derived file (web page, index, sitemap, bundle,
library file), the derivation key it was made under and the sha256 of its
bytes (:class:`DerivedRecord`, :mod:`.derived`).  ``dist/`` is untrusted
input (a shard manifest may come from a CI runner), so every entry is
validated when read: no slug, locale or path
from a manifest can make the toolkit read, write or delete outside
``dist/``, and a recorded hash only ever lets a file be *kept*, never makes
one be trusted whose bytes differ.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator

from .. import __version__
from ..catalogs.cache import digest as digest_of
from ..catalogs.glossary import glossary_path
from ..catalogs.review import reviews_path
from ..content.article import Article
from ..content.claims import PHRASES_DIR, phrases_language
from ..content.extract import HANDOUT_DOMAIN
from ..errors import HandoutError, display_path
from ..fileio import command_memo, read_input, refuse_outside_project, write_if_changed
from ..locales import HandoutLocale, parse_locale
from ..render.fonts import font_file, font_stack
from ..text import first_hidden
from ..variants import (STANDARD, Variant, file_state, parse_variant, variant_label,
                        variant_spec)

MANIFEST_NAME = "manifest.json"
#: 2: entries carry the sha256 of their PDF and thumbnail, and the file has a
#: "release" section.  Entries of a format-1 file have no hash: they are rebuilt.
#: A "derived" section (:class:`DerivedRecord`) is optional: without it, every
#: derived file is built again.
MANIFEST_FORMAT = 2
#: Files of templates/ that make the library page, the bundles' index and the web
#: pages, not the handouts: they do not invalidate every PDF when they change.
LIBRARY_FILES = frozenset({"library.html", "library-card.html", "library-list.html",
                           "library.js", "library-parts.html", "library.css", "bundle.html",
                           "web.html", "web-index.html"})
#: ``stale``: a handout outside a run's ``--locale`` whose inputs changed since it was
#: built; its files were removed, and the next run of its locale builds it again.
STATUSES = ("built", "skipped", "blocked", "failed", "stale")

#: Every library whose version can change a PDF's bytes: the text (Babel's dates,
#: polib, markdown-it, Jinja2), the layout and the file (WeasyPrint and its own
#: dependencies, HarfBuzz subsetting, the QR code, BudouX's phrases and PyThaiNLP's
#: Thai dictionary).  Their versions are part of every handout's inputs.
RENDER_PACKAGES = ("babel", "polib", "pyyaml", "markdown-it-py", "mdurl", "jinja2",
                   "markupsafe", "segno", "weasyprint", "pydyf", "tinycss2", "tinyhtml5",
                   "cssselect2", "pyphen", "fonttools", "brotli", "zopfli", "pillow",
                   "uharfbuzz", "budoux", "pythainlp")


@dataclass(frozen=True)
class JobResult:
    """What became of one handout, as the manifest and the library page see it."""

    slug: str
    locale: str
    status: str                  #: "built", "skipped", "blocked" or "failed"
    reason: str = ""             #: why blocked or failed, one line
    path: str | None = None      #: the PDF, relative to dist/ (None unless built/skipped)
    size: int = 0
    pages: int = 0
    inputs_hash: str = ""
    title: str = ""              #: the title in this locale (source text where untranslated)
    source_title: str = ""
    language: str = ""           #: the language's name in itself, e.g. 中文（台灣）
    date_published: str = ""     #: ISO date
    percent: float = 100.0       #: completeness of the translation this handout needs
    variant: str = ""            #: "" for the standard handout, else e.g. "large-print"
    sha256: str = ""             #: of the PDF's bytes (built/skipped only)
    thumb_sha256: str = ""       #: of the page-1 thumbnail's bytes (standard handouts)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        return "/".join(p for p in (self.slug, self.locale, self.variant) if p)

    @property
    def has_pdf(self) -> bool:
        return self.status in ("built", "skipped")

    def describe(self, dist_dir: Path) -> str:
        """One plain line: ``built dist/zh-TW/x.pdf (6 pages, 180 KB)``."""
        if self.has_pdf:
            note = "unchanged" if self.status == "skipped" else \
                f"{self.pages} pages, {self.size / 1024:.0f} KB"
            return f"{self.status} {display_path(dist_dir / self.path)} ({note})"
        return (f"{self.status} {self.locale}/{self.slug}{variant_label(self.variant)}: "
                f"{self.reason.removeprefix(self.locale + ': ')}")

    def as_manifest(self) -> dict:
        """The manifest entry: the handout's state (a skipped handout is still built)."""
        data = asdict(self)
        del data["warnings"]
        if self.status == "skipped":
            data["status"] = "built"
        return data

    @classmethod
    def from_manifest(cls, data: dict) -> "JobResult":
        """An entry of a manifest, validated: ``dist/`` is untrusted input.

        Raises :class:`ValueError` for an entry whose slug, locale or path
        could lead outside ``dist/``, or whose fields have the wrong types.
        """
        if not isinstance(data, dict):
            raise ValueError("an entry is not an object")
        values = {}
        for spec in fields(cls):
            if spec.name == "warnings" or spec.name not in data:
                continue
            value = data[spec.name]
            kinds = _MANIFEST_TYPES.get(spec.name, (str,))
            if not isinstance(value, kinds) or isinstance(value, bool):
                raise ValueError(f"'{spec.name}' has the wrong type")
            if isinstance(value, str) and len(value) > 10_000:
                raise ValueError(f"'{spec.name}' is too long")
            values[spec.name] = value
        result = cls(**values)
        if not _SAFE_SLUG.match(result.slug):
            raise ValueError(f"unsafe slug {result.slug!r}")
        try:
            locale = parse_locale(result.locale)
            if locale.tag != result.locale:
                raise ValueError
        except (HandoutError, ValueError):
            raise ValueError(f"unsafe locale {result.locale!r}") from None
        if result.status not in STATUSES:
            raise ValueError(f"unknown status {result.status!r}")
        if result.path is not None and not _safe_pdf_path(result.path, result.slug,
                                                          result.locale):
            raise ValueError(f"unsafe path {result.path!r}")
        if not 0 <= result.size < 1 << 40 or not 0 <= result.pages <= 100_000:
            raise ValueError("impossible size or page count")
        if result.variant and not _SAFE_VARIANT.match(result.variant):
            raise ValueError(f"unsafe variant {result.variant!r}")
        for name in ("sha256", "thumb_sha256"):
            if getattr(result, name) and not _SHA256.match(getattr(result, name)):
                raise ValueError(f"'{name}' is not a sha256")
        for name, value in values.items():
            allow = _title_marks(locale) if name == "title" else frozenset()
            if isinstance(value, str) and first_hidden(value, allow=allow, controls=True):
                raise ValueError(f"'{name}' holds control or invisible characters")
        return result


#: Manifest fields that are not text, and their types.
_MANIFEST_TYPES = {"path": (str, type(None)), "size": (int,), "pages": (int,),
                   "percent": (int, float)}
_SAFE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}\Z")
_SAFE_VARIANT = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+){0,9}\Z")
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")


def _title_marks(locale) -> frozenset[str]:
    """What the gate lets into a translated title, and so into its manifest entry.

    The directional marks of a right-to-left language; in ``ar-XB`` the
    overrides that mirror each word.  Refusing them would refuse the whole
    manifest, and rebuild every handout on every run.
    """
    from ..catalogs.pseudo import PDF, RLO
    from ..checks.invisible import RTL_MARKS

    marks = RTL_MARKS if locale.direction == "rtl" else frozenset()
    return marks | {RLO, PDF} if locale.pseudo and locale.direction == "rtl" else marks


def _safe_pdf_path(path: str, slug: str, locale: str) -> bool:
    """Whether a manifest's PDF path is ``<locale>/<slug>[.<variant>].pdf``, nothing else."""
    parts = path.split("/")
    return (len(parts) == 2 and parts[0] == locale and parts[1].endswith(".pdf")
            and (parts[1] == f"{slug}.pdf"
                 or re.fullmatch(rf"{re.escape(slug)}\.[a-z0-9.-]+\.pdf", parts[1]) is not None)
            and ".." not in parts[1])



@cache
def tool_versions() -> str:
    """The toolkit's version and those of the libraries that write the PDF bytes."""
    parts = [f"clinic-handouts {__version__}"]
    for package in RENDER_PACKAGES:
        try:
            parts.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} -")
    return ", ".join(parts)


# --- the manifest ---------------------------------------------------------------------

def manifest_path(project, shard_spec: tuple[int, int] | None = None) -> Path:
    """``dist/manifest.json``, or ``dist/manifest.shard-K-of-N.json`` for a shard."""
    if shard_spec is None:
        return project.dist_dir / MANIFEST_NAME
    k, n = shard_spec
    return project.dist_dir / f"manifest.shard-{k}-of-{n}.json"


def shard_manifest_paths(project) -> list[Path]:
    return sorted(project.dist_dir.glob("manifest.shard-*-of-*.json"))


@dataclass(frozen=True)
class Release:
    """What a release publishes besides each handout's standard PDF and ``clinic.yaml``'s
    variants: kept in the manifest, so that a later run keeps it current.

    Flags add to it (``--large-print``, ``--variant``, ``--bundle``, ``--web``)
    and take away from it (``--drop-variant``, ``--no-bundle``, ``--no-web``).
    """

    variants: tuple[Variant, ...] = ()   #: added by flags, in every locale
    bundles: bool = False                #: dist/bundles/<locale>.zip
    web: bool = False                    #: dist/web/ (also whenever site_url is set)

    def as_manifest(self) -> dict:
        return {"variants": sorted(variant_spec(v) for v in self.variants),
                "bundles": self.bundles, "web": self.web}

    @classmethod
    def from_manifest(cls, data) -> "Release":
        """The release section of a manifest, validated (:class:`ValueError` otherwise)."""
        if not isinstance(data, dict) or set(data) - {"variants", "bundles", "web"}:
            raise ValueError("'release' is not an object of variants, bundles and web")
        variants = data.get("variants", [])
        if not isinstance(variants, list) or len(variants) > 100 or not all(
                isinstance(v, str) and len(v) < 100 for v in variants):
            raise ValueError("'release.variants' is not a list of variant names")
        parsed = tuple(dict.fromkeys(parse_variant(v) for v in variants))
        if any(v.is_standard for v in parsed):
            raise ValueError("'release.variants' names the standard handout")
        flags = [data.get(name, False) for name in ("bundles", "web")]
        if not all(isinstance(flag, bool) for flag in flags):
            raise ValueError("'release.bundles' and 'release.web' must be true or false")
        return cls(tuple(sorted(parsed)), *flags)


@dataclass(frozen=True)
class DerivedRecord:
    """How ``export.py all`` made a derived file of the release (a web page, an index,
    the sitemap, a bundle, a file of the library): the derivation key of what it was
    made from (:mod:`.derived`) and the sha256 of the bytes it wrote.  *group* names
    files made together under one key (``library``); ``""`` for a file made alone.

    Like every hash of the manifest, a record only ever lets a file be *kept*: its
    key must equal the key of today's inputs and its bytes must hash to the record.
    """

    key: str
    sha256: str
    group: str = ""

    def as_manifest(self) -> dict:
        return {"key": self.key, "sha256": self.sha256, **({"group": self.group}
                                                           if self.group else {})}

    @classmethod
    def from_manifest(cls, path, data) -> "DerivedRecord":
        """A record of the manifest's ``derived`` section, validated (:class:`ValueError`
        otherwise): a path inside ``dist/``, two sha256s, a group name."""
        if not isinstance(path, str) or not _SAFE_DERIVED_PATH.match(path) \
                or ".." in path or path == MANIFEST_NAME:
            raise ValueError(f"unsafe derived file {str(path)[:100]!r}")
        if not isinstance(data, dict) or set(data) - {"key", "sha256", "group"}:
            raise ValueError("a derived record is not an object of key, sha256 and group")
        key, sha256, group = data.get("key"), data.get("sha256"), data.get("group", "")
        if not (isinstance(key, str) and _SHA256.match(key)
                and isinstance(sha256, str) and _SHA256.match(sha256)):
            raise ValueError("a derived record's key or sha256 is not a sha256")
        if not isinstance(group, str) or (group and not _SAFE_VARIANT.match(group)):
            raise ValueError("a derived record's group is not a name")
        return cls(key, sha256, group)


#: A derived file's path relative to dist/: a few folders, plain names, no dot first.
_SAFE_DERIVED_PATH = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}/){0,4}"
                                r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}\Z")


def read_manifest(path: Path, problems: list[str] | None = None) -> dict[str, JobResult]:
    """The handouts of a manifest by ``slug/locale``; empty if missing or malformed.

    A manifest may come from another machine (a CI runner's shard), so it is
    validated, entry by entry, and never trusted: a malformed file is
    reported in *problems* and ignored as a cache (it only costs a rebuild).
    """
    return load_manifest(path, problems)[0]


def load_manifest(path: Path, problems: list[str] | None = None
                  ) -> tuple[dict[str, JobResult], Release]:
    """The handouts of a manifest and its :class:`Release`; empty if missing or malformed.

    A manifest read before in this process, unchanged since (its file state), is not
    validated again: ``all`` asks for it three times, 18,000 entries each.
    """
    if not path.exists() and not path.is_symlink():
        return {}, Release()
    state = file_state(path)
    if state is not None and state in _LOADED:
        entries, release = _LOADED[state]
        return dict(entries), release
    try:
        data = json.loads(read_input(path, HandoutError, "manifest").decode("utf-8"))
        entries = data["handouts"]
        if not isinstance(entries, dict):
            raise ValueError("'handouts' is not an object")
        results = [JobResult.from_manifest(entry) for entry in entries.values()]
        release = Release.from_manifest(data.get("release", {}))
        _remember_derived(path, data.get("derived"))
    except HandoutError as exc:
        _report(problems, f"{exc}; ignored")
        return {}, Release()
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        _report(problems, f"{display_path(path)}: malformed manifest ({exc}); ignored, "
                          "the handouts it lists are rebuilt")
        return {}, Release()
    loaded = {result.key: result for result in results}
    if state is not None and file_state(path) == state:
        _LOADED.clear()     # (only the last one: a manifest is large)
        _LOADED[state] = (dict(loaded), release)
    return loaded, release


_LOADED: dict[tuple, tuple[dict[str, JobResult], Release]] = {}


def _report(problems: list[str] | None, message: str) -> None:
    if problems is not None:
        problems.append(message)


def write_manifest(path: Path, results: Iterable[JobResult],
                   release: Release | None = None,
                   derived: dict[str, DerivedRecord] | None = None) -> Path:
    """Write a manifest atomically, keys sorted, so that equal runs give equal bytes.

    *derived*: the records of the derived files (:class:`DerivedRecord`); by default
    the file's own are kept.  An unchanged manifest is not rewritten: a run that
    changed nothing writes nothing.
    """
    handouts = {result.key: result.as_manifest() for result in results}
    data = {"format": MANIFEST_FORMAT, "tools": tool_versions(), "handouts": handouts,
            "release": (release or Release()).as_manifest()}
    records = load_derived(path) if derived is None else derived
    if records:
        data["derived"] = {name: records[name].as_manifest() for name in sorted(records)}
    _write(path, data)
    return path


def _write(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_if_changed(path, text)
    _remember_derived(path, data.get("derived"))


def load_derived(path: Path) -> dict[str, DerivedRecord]:
    """The valid records of a manifest's ``derived`` section, by path relative to
    ``dist/``; none if the file or the section is missing or malformed (a record that
    is not valid only costs a rebuild of its file)."""
    seen = _DERIVED_SEEN.get(str(path))
    if seen is not None and seen[0] == _stat_of(path):
        raw = seen[1]
    else:
        try:
            data = json.loads(read_input(path, HandoutError, "manifest").decode("utf-8"))
        except (HandoutError, ValueError, RecursionError):
            return {}
        raw = data.get("derived") if isinstance(data, dict) else None
    records = {}
    for name, value in (raw.items() if isinstance(raw, dict) else ()):
        try:
            records[name] = DerivedRecord.from_manifest(name, value)
        except ValueError:
            continue
    return records


def write_derived(path: Path, records: dict[str, DerivedRecord]) -> bool:
    """Put *records* in the manifest at *path* as its ``derived`` section, leaving the
    rest as it is; ``False`` (nothing written) if they are the file's already or the
    file is not a manifest."""
    if load_derived(path) == records:
        return False
    try:
        data = json.loads(read_input(path, HandoutError, "manifest").decode("utf-8"))
    except (HandoutError, ValueError, RecursionError):
        return False
    if not isinstance(data, dict) or not isinstance(data.get("handouts"), dict):
        return False
    data.pop("derived", None)
    if records:
        data["derived"] = {name: records[name].as_manifest() for name in sorted(records)}
    _write(path, data)
    return True


#: The ``derived`` section of the manifests read or written by this process, by path,
#: with the file's (size, mtime, inode) then: kept by :func:`write_manifest` without
#: parsing a 10 MB manifest again.
_DERIVED_SEEN: dict[str, tuple[tuple, object]] = {}


def _stat_of(path: Path) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _remember_derived(path: Path, raw) -> None:
    _DERIVED_SEEN[str(path)] = (_stat_of(path), raw)


def merge_manifests(paths: Iterable[Path],
                    problems: list[str] | None = None) -> dict[str, JobResult]:
    """The union of several manifests (shards); a later file wins on a shared key."""
    merged: dict[str, JobResult] = {}
    for path in paths:
        merged.update(read_manifest(path, problems))
    return merged


def current_handouts(project) -> list[JobResult]:
    """The handouts of ``dist/manifest.json``, sorted: what the library page shows."""
    return sorted(read_manifest(manifest_path(project)).values(),
                  key=lambda r: (r.slug, r.locale))


def _feed(digest, name: str, data: bytes) -> None:
    digest.update(f"{name}\0{len(data)}\0".encode("utf-8"))
    digest.update(data)


def _file_bytes(path: Path) -> bytes:
    """An input's bytes, or a marker if it does not exist.

    Read with :func:`read_input`: a FIFO or a folder in its place is a
    :class:`HandoutError` (the handout fails in one line), never a hang.
    """
    key = file_state(path)
    if key is None and not os.path.lexists(path):   # (no error built: absence is common)
        return b"\0missing"
    # 9,000 handouts share a few templates, the config and the claim phrases, and
    # each article's 18 handouts share its file: bytes read once while unchanged.
    if key in _RECENT:
        refuse_outside_project(path)    # as reading it would: the state says nothing of that
        _RECENT.move_to_end(key)
        return _RECENT[key]
    try:
        data = read_input(path, confine=True)
    except HandoutError:
        if not path.exists():
            return b"\0missing"
        raise
    if key is not None and len(data) <= _RECENT_MAX_BYTES:
        _RECENT[key] = data
        if len(_RECENT) > _RECENT_MAX:
            _RECENT.popitem(last=False)
    return data


def _file_digest(path: Path) -> str:
    """The sha256 of :func:`_file_bytes`, once per file and state (and, through
    :mod:`.digests`, from one command to the next)."""
    key = file_state(path)
    if key is not None and key in _DIGESTS:
        refuse_outside_project(path)    # as reading it would: the state says nothing of that
    if key is None or key not in _DIGESTS:
        found = hashlib.sha256(_file_bytes(path)).hexdigest()
        if key is None:
            return found
        _DIGESTS[key] = found
    return _DIGESTS[key]


#: sha256 of inputs by file state (see :func:`i18n.variants.file_state`).
INPUT_DIGESTS: dict[tuple, str] = {}
_DIGESTS = INPUT_DIGESTS

#: The inputs read last, by path and state (``os.stat``: an edited file is read again).
_RECENT: OrderedDict[tuple, bytes] = OrderedDict()
_RECENT_MAX, _RECENT_MAX_BYTES = 64, 1024 * 1024


def _template_paths(templates: Path) -> list[tuple[str, Path]]:
    """The handout's template files (not the library page's), by name.

    The folder is listed once per process (9,000 handouts share it); a file is read
    again when it changed.
    """
    if templates not in _TEMPLATE_LISTS:
        _TEMPLATE_LISTS[templates] = [
            (path.relative_to(templates).as_posix(), path)
            for path in sorted(templates.rglob("*"))
            if path.is_file() and path.name not in LIBRARY_FILES]
    return _TEMPLATE_LISTS[templates]


_TEMPLATE_LISTS: dict[Path, list[tuple[str, Path]]] = {}


@cache
def _font_files(script: str) -> tuple[tuple[str, str, int], ...]:
    return tuple((family, *font_file(family, bold=bold)) + (bold,)
                 for family in font_stack(script).families for bold in (False, True))


def inputs_hash(project, article: Article | Path, locale: HandoutLocale,
                variant: Variant = STANDARD) -> str:
    """sha256 over everything a handout PDF is made from.

    The article file; the locale's article and handout catalogs (none for the
    source locale), its glossary (the gate's terminology check) and its review
    records (the handout's credits, ``require_review``); the claim phrase lists of
    the source's and the locale's languages; every handout template
    file; the fonts the locale's script uses (path, size and mtime only, for
    speed); the clinic config;
    the toolkit's, WeasyPrint's and HarfBuzz's versions.  Reads no catalog as gettext,
    renders nothing, imports no WeasyPrint.

    Once worked out, it is known by :func:`inputs_digest` of the same inputs (which
    hashes each file once, not once per handout) for the rest of the command, and
    for the next ones through :mod:`i18n.publish.digests`.
    """
    quick = inputs_digest(project, article, locale, variant)
    if quick not in KNOWN_INPUTS:
        digest = hashlib.sha256()
        for name, item in handout_inputs(project, article, locale, variant):
            _feed(digest, name, item if isinstance(item, bytes) else _file_bytes(item))
        found = digest.hexdigest()
        # Kept only if nothing changed while it was read (else: worked out every time).
        if inputs_digest(project, article, locale, variant) != quick:
            return found
        KNOWN_INPUTS[quick] = found
    USED_INPUTS[quick] = True
    return KNOWN_INPUTS[quick]


#: inputs_hash by inputs_digest: learnt in this command, or recalled from the last ones.
KNOWN_INPUTS: dict[str, str] = {}
#: The inputs digests this command asked for (what is worth remembering).
USED_INPUTS: dict[str, bool] = command_memo()


def inputs_digest(project, article: Article | Path, locale: HandoutLocale,
                  variant: Variant = STANDARD) -> str:
    """A digest of the same inputs as :func:`inputs_hash`, made from each file's own
    sha256, for keys of the validation cache: a file is hashed once per state, and
    what every handout of a locale shares (templates, config, glossary ...) once per
    command.  It is not the manifest's inputs hash (that one is kept as it always was)."""
    key = (id(project.config), str(project.root), str(project.templates_dir), locale.tag)
    if key not in _SHARED_DIGESTS:
        _SHARED_DIGESTS[key] = digest_of(*_digested(_shared_inputs(project, locale)))
    return digest_of(*_digested(_own_inputs(project, article, locale, variant)),
                     _SHARED_DIGESTS[key])


_SHARED_DIGESTS: dict[tuple, str] = command_memo()


def _digested(inputs: Iterable[tuple[str, bytes | Path]]) -> list[bytes | str]:
    parts: list[bytes | str] = []
    for name, item in inputs:
        parts += [name, item if isinstance(item, bytes) else _file_digest(item)]
    return parts


def handout_inputs(project, article: Article | Path, locale: HandoutLocale,
                   variant: Variant = STANDARD) -> Iterator[tuple[str, bytes | Path]]:
    """What a handout is made from, by name: a file (its path) or a fact (bytes)."""
    yield from _own_inputs(project, article, locale, variant)
    yield from _shared_inputs(project, locale)


def _own_inputs(project, article: Article | Path, locale: HandoutLocale,
                variant: Variant) -> Iterator[tuple[str, bytes | Path]]:
    article_path = article.path if isinstance(article, Article) else Path(article)
    yield "handout", f"{article_path.stem}/{locale.tag}".encode("utf-8")
    if not variant.is_standard:
        yield "variant", repr(variant).encode("utf-8")
    yield "article", article_path
    if not project.is_source(locale):
        yield f"po:{article_path.stem}", project.repo.po_path(locale, article_path.stem)


def _shared_inputs(project, locale: HandoutLocale) -> Iterator[tuple[str, bytes | Path]]:
    """What every handout of *locale* is made from besides its article and catalog."""
    if not project.is_source(locale):
        yield f"po:{HANDOUT_DOMAIN}", project.repo.po_path(locale, HANDOUT_DOMAIN)
        yield "glossary", glossary_path(project.config.root, locale)
        yield "reviews", reviews_path(project.repo, locale)
    # The claim phrases of the source's and the locale's language: the gate with
    # 'claims: error' (i18n.content.claims).
    for language in sorted({phrases_language(project.config.source_locale),
                            phrases_language(locale.tag)} - {None}):
        yield f"claims:{language}", PHRASES_DIR / f"{language}.txt"
    for name, path in _template_paths(project.templates_dir):
        yield f"template:{name}", path
    for family, file, index, bold in _font_files(locale.script):
        stat = os.stat(file)
        yield (f"font:{family}:{bold}",
               f"{file}:{index}:{stat.st_size}:{stat.st_mtime_ns}".encode("utf-8"))
    yield "config", Path(project.config.path or project.root / "clinic.yaml")
    if project.config.logo is not None:
        yield "logo", Path(project.config.logo)
    yield "versions", tool_versions().encode("utf-8")
