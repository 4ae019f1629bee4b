"""Catalogs out to translation agencies as XLIFF, and their translations back in.

Export writes one XLIFF file per catalog (:mod:`.xliff`).  Import merges
the targets back into the catalogs under these rules:

* everything is read and validated first (every file, every catalog, and
  every new catalog with ``msgfmt --check``); nothing is written unless all
  of it is valid;
* a translation is never lost: an empty or missing target leaves the entry
  as it is, and entries the file does not carry are untouched;
* a unit whose state is not confirmed (XLIFF 2.0 ``initial``, 1.2
  ``needs-review-*``) comes in fuzzy, and only into an entry that is
  untranslated or fuzzy: a draft never replaces a translation;
* an entry a reviewer signed off is never overwritten: a different target
  for it is a :class:`Conflict`, reported and left out;
* so is a unit whose source no longer matches the catalog (the article
  changed since the export), or whose id the catalog does not know;
* only the entries that change are rewritten (the catalog is spliced, see
  :mod:`.pofile`); the header is left alone.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CatalogError, LocaleError
from ..fileio import write_atomic
from ..locales import HandoutLocale, parse_locale
from . import pofile
from .repository import (CatalogRepository, load_po, msgfmt_check, read_catalog, read_po_bytes,
                         render_catalog)
from .review import entry_key, listed_reviewers, load_reviews, reviews_path
from .xliff import XliffDocument, Segment, entry_segments, read_xliff, unit_id, write_xliff


def export_xliff(repo: CatalogRepository, locale: HandoutLocale, domains: list[str],
                 folder: Path, source_language: str, version: str = "2.0") -> list[Path]:
    """Write ``<folder>/<domain>.<locale>.xlf`` for each domain's catalog; return the paths."""
    reviews = load_reviews(reviews_path(repo, locale), listed_reviewers(repo))
    written = []
    for domain in domains:
        path = repo.po_path(locale, domain)
        po = load_po(path)
        nplurals = _nplurals(po)
        segments = [segment for entry in po if entry.msgid and not entry.obsolete
                    for segment in entry_segments(entry, nplurals, entry_key(entry) in reviews)]
        original = path.relative_to(repo.root).as_posix()
        data = write_xliff(segments, domain, original, source_language, locale.tag, version)
        written.append(write_atomic(Path(folder) / f"{domain}.{locale.tag}.xlf", data))
    return written


def _nplurals(po) -> int:
    forms = po.metadata.get("Plural-Forms", "")
    try:
        return int(forms.split("nplurals=")[1].split(";")[0])
    except (IndexError, ValueError):
        return 2


@dataclass(frozen=True)
class Conflict:
    """A unit that was not merged, and why."""

    path: Path            #: the XLIFF file
    unit: str             #: the unit id
    message: str

    def __str__(self) -> str:
        from ..errors import display_path
        return f"{display_path(self.path)}: unit {self.unit}: conflict: {self.message}"


@dataclass
class CatalogImport:
    """What an import does to one catalog."""

    path: Path
    locale: HandoutLocale
    changed: list[tuple[str | None, str]] = field(default_factory=list)  #: (msgctxt, msgid)
    data: bytes | None = None   #: the new file, or None when nothing changes


@dataclass
class ImportPlan:
    catalogs: list[CatalogImport]
    conflicts: list[Conflict]
    unchanged: int = 0    #: units whose target the catalog already holds


def plan_import(repo: CatalogRepository, paths: list[Path], source_language: str,
                domains: list[str], locales: list[str]) -> ImportPlan:
    """Read and validate every XLIFF file of *paths*, and work out the merged catalogs.

    Writes nothing.  A file that is not XLIFF, or is for another source
    language, a locale not in *locales* (configured tags) or a catalog not
    in *domains*, is a :class:`CatalogError` naming it.
    """
    documents: list[XliffDocument] = []
    for path in paths:
        for document in read_xliff(Path(path)):
            _validate(document, source_language, domains, locales)
            documents.append(document)
    plans: dict[Path, tuple[CatalogImport, object, set]] = {}
    conflicts: list[Conflict] = []
    unchanged = 0
    for document in documents:
        locale = parse_locale(document.target_language)
        po_path = repo.po_path(locale, document.domain)
        if po_path not in plans:
            catalog = read_catalog(po_path, locale=locale.posix)   # msgfmt --check first
            reviews = load_reviews(reviews_path(repo, locale), listed_reviewers(repo))
            signed = {(e.msgctxt, e.msgid) for e in load_po(po_path)
                      if e.msgid and not e.obsolete and entry_key(e) in reviews}
            plans[po_path] = (CatalogImport(po_path, locale), catalog, signed)
        plan, catalog, signed = plans[po_path]
        unchanged += _merge(document, plan, catalog, signed, conflicts)
    result = []
    for po_path, (plan, catalog, _) in plans.items():
        if plan.changed:
            plan.data = pofile.splice(read_po_bytes(po_path), render_catalog(catalog))
            if plan.data is not None:
                _validate_catalog(po_path, plan.data)
        result.append(plan)
    return ImportPlan(result, conflicts, unchanged)


def _validate(document: XliffDocument, source_language: str, domains: list[str],
              locales: list[str]) -> None:
    where = document.path
    try:
        language = parse_locale(document.source_language).babel.language
    except LocaleError:
        language = None
    if language != parse_locale(source_language).babel.language:
        raise CatalogError(f"the source language is '{document.source_language}', not "
                           f"'{source_language}' as the articles'", where)
    try:
        tag = parse_locale(document.target_language).tag
    except LocaleError:
        tag = None
    if tag not in locales:
        raise CatalogError(f"target language '{document.target_language}' is not a locale of "
                           f"clinic.yaml ({', '.join(locales)})", where)
    if document.domain not in domains:
        raise CatalogError(f"'{document.domain}' is not a catalog of this project (file id "
                           "or original: an article slug, handout or library)", where)


def _merge(document: XliffDocument, plan: CatalogImport, catalog, signed: set,
           conflicts: list[Conflict]) -> int:
    """Merge one document's segments into *catalog*; return how many were already there."""
    index = {}
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            for form in range(catalog.num_plurals):
                index[unit_id(message.context, message.id[0], form)] = (message, form)
        else:
            index[unit_id(message.context, message.id)] = (message, None)
    unchanged = 0
    for segment in document.segments:
        found = index.get(segment.id)
        if found is None:
            conflicts.append(Conflict(document.path, segment.id, "no such entry in "
                                      f"{plan.path.name} (its source changed since the "
                                      "export? export again and carry the translation over)"))
            continue
        message, form = found
        expected = message.id if form is None else \
            message.id[0] if form == 0 and catalog.num_plurals > 1 else message.id[1]
        if segment.source != expected:
            conflicts.append(Conflict(document.path, segment.id, "the source text differs "
                                      "from the catalog's: not merged"))
            continue
        if not segment.target:
            continue   # never clear a translation
        outcome = _apply(segment, message, form, catalog.num_plurals,
                         (message.context, _singular(message.id)) in signed)
        if outcome == "same":
            unchanged += 1
        elif outcome == "draft":
            conflicts.append(Conflict(document.path, segment.id, "an unconfirmed target does "
                                      "not replace a translation: confirm it in the CAT tool "
                                      f"({_short(_current(message, form))!r} kept)"))
        elif outcome == "reviewed":
            conflicts.append(Conflict(document.path, segment.id, "the entry was signed off by "
                                      "a reviewer: its translation is not overwritten "
                                      f"({_short(_current(message, form))!r} kept, "
                                      f"{_short(segment.target)!r} offered)"))
        else:
            key = (message.context, _singular(message.id))
            if key not in plan.changed:
                plan.changed.append(key)
    return unchanged


def _apply(segment: Segment, message, form: int | None, nplurals: int, signed: bool) -> str:
    current = _current(message, form)
    fuzzy = "fuzzy" in message.flags
    if segment.target == current and not (fuzzy and segment.confirmed and not signed):
        return "same"       # a state alone never makes a translation fuzzy
    if signed:
        return "reviewed"
    if current and not fuzzy and not segment.confirmed:
        return "draft"      # a draft does not replace a translation
    if form is None:
        message.string = segment.target
    else:
        forms = list(message.string) if isinstance(message.string, (list, tuple)) else \
            [message.string]
        forms += [""] * (nplurals - len(forms))
        forms[form] = segment.target
        message.string = tuple(forms)
    if segment.confirmed:
        message.flags.discard("fuzzy")
        message.previous_id = []
    else:
        message.flags.add("fuzzy")
    return "changed"


def _current(message, form: int | None) -> str:
    if form is None:
        return message.string or ""
    forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return forms[form] if form < len(forms) else ""


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _validate_catalog(path: Path, data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        candidate = Path(folder) / path.name
        candidate.write_bytes(data)
        try:
            msgfmt_check(candidate)
        except CatalogError as exc:
            raise CatalogError(f"the merged catalog would be invalid: {exc.message}", path,
                               exc.lineno) from None


def apply_import(plan: ImportPlan) -> list[Path]:
    """Write the catalogs *plan* changes (already validated); return their paths."""
    return [write_atomic(item.path, item.data) for item in plan.catalogs if item.data is not None]
