"""XLIFF for translation agencies' CAT tools (Trados, memoQ, Phrase), with translate-toolkit.

One XLIFF file per catalog: XLIFF 2.0 by default, 1.2 on request (older
tools).  Each translatable string is one unit, whose id is a hash of its
msgctxt and msgid (and plural form), so a unit finds its entry again
whatever the order of the files.  A unit carries the entry's extracted
comment (what the string is), its ``#:`` references, its msgctxt, the
translator's comment and its state:

=====================  ==================  ==============================
catalog                XLIFF 2.0 state     XLIFF 1.2 target state
=====================  ==================  ==============================
untranslated           initial, no target  no target
fuzzy                  initial             needs-review-translation
translated             translated          translated
signed off (review)    final               signed-off, approved="yes"
=====================  ==================  ==============================

Reading back (:func:`read_xliff`) takes a target as confirmed when its
state says it is (2.0: translated, reviewed, final; 1.2: translated, final,
signed-off or approved="yes"); any other target comes back fuzzy, for a
translator to confirm.  Merging is :mod:`.exchange`'s business.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polib

from ..errors import CatalogError
from ..fileio import read_input

XLIFF_VERSIONS = ("2.0", "1.2")
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
#: Segment states, as the toolkit names them.
NEW, FUZZY, TRANSLATED, REVIEWED = "new", "fuzzy", "translated", "reviewed"
_STATE_20 = {NEW: "initial", FUZZY: "initial", TRANSLATED: "translated", REVIEWED: "final"}
_STATE_12 = {FUZZY: "needs-review-translation", TRANSLATED: "translated", REVIEWED: "signed-off"}
_CONFIRMED_20 = {"translated", "reviewed", "final"}
_CONFIRMED_12 = {"translated", "final", "signed-off"}


@dataclass(frozen=True)
class Segment:
    """One exchanged string: a catalog entry, or one plural form of it."""

    id: str                      #: the unit id: :func:`unit_id`
    context: str | None
    source: str
    target: str
    state: str                   #: new, fuzzy, translated or reviewed
    notes: tuple[tuple[str, str], ...] = ()   #: (category, text)
    locations: tuple[str, ...] = ()

    @property
    def confirmed(self) -> bool:
        return self.state in (TRANSLATED, REVIEWED)


@dataclass(frozen=True)
class XliffDocument:
    """The units of one ``<file>`` of an XLIFF file, as read back."""

    path: Path
    version: str
    source_language: str
    target_language: str
    domain: str                  #: the catalog it was exported from
    segments: tuple[Segment, ...]


def unit_id(context: str | None, msgid: str, form: int | None = None) -> str:
    """A stable, XML-safe id for an entry (and plural form): ``m`` + 16 hex digits."""
    key = f"{context or ''}\x04{msgid}".encode("utf-8")
    base = "m" + hashlib.sha256(key).hexdigest()[:16]
    return base if form is None else f"{base}-p{form}"


def entry_segments(entry: polib.POEntry, nplurals: int, reviewed: bool) -> list[Segment]:
    """The segments of one active catalog entry: one, or one per plural form."""
    notes = []
    if entry.comment:
        notes.append(("description", entry.comment))
    if entry.tcomment:
        notes.append(("translator", entry.tcomment))
    if entry.msgctxt:
        notes.append(("context", entry.msgctxt))
    if "python-brace-format" in entry.flags:
        notes.append(("format", "keep every {field} exactly as it is"))
    if entry.fuzzy and entry.previous_msgid:
        notes.append(("previous-source", entry.previous_msgid))
    locations = tuple(f"{path}:{line}" if line else path for path, line in entry.occurrences)

    def state(target: str) -> str:
        if not target:
            return NEW
        return FUZZY if entry.fuzzy else REVIEWED if reviewed else TRANSLATED

    if not entry.msgid_plural:
        return [Segment(unit_id(entry.msgctxt, entry.msgid), entry.msgctxt, entry.msgid,
                        entry.msgstr, state(entry.msgstr), tuple(notes), locations)]
    segments = []
    for form in range(nplurals):
        source = entry.msgid if form == 0 and nplurals > 1 else entry.msgid_plural
        target = entry.msgstr_plural.get(form, "")
        segments.append(Segment(unit_id(entry.msgctxt, entry.msgid, form), entry.msgctxt,
                                source, target, state(target),
                                (*notes, ("plural", f"plural form {form} of {nplurals}")),
                                locations))
    return segments


# --- writing ------------------------------------------------------------------------------

def write_xliff(segments: list[Segment], domain: str, original: str, source_language: str,
                target_language: str, version: str = "2.0") -> bytes:
    """The XLIFF file (2.0 or 1.2) of one catalog's *segments*."""
    if version not in XLIFF_VERSIONS:
        raise CatalogError(f"XLIFF {version} is not offered (choose {' or '.join(XLIFF_VERSIONS)})")
    return (_write_20 if version == "2.0" else _write_12)(
        segments, domain, original, source_language, target_language)


def _write_20(segments, domain, original, source_language, target_language) -> bytes:
    from lxml import etree
    from translate.storage.xliff2 import Xliff2File

    store = Xliff2File(sourcelanguage=source_language, targetlanguage=target_language)
    store.body.set("id", domain)
    store.body.set("original", original)
    for segment in segments:
        unit = store.UnitClass(segment.source)
        store.addunit(unit)
        unit.setid(segment.id)
        if segment.target:
            unit.target = segment.target
        unit.xmlelement.set("state", _STATE_20[segment.state])
        element = unit.getunitelement()
        # The schema puts notes and xml:space on <unit>; translate-toolkit 3.20 puts
        # them on <segment>, which strict tools reject.  A unit is one gettext entry:
        # it must come back whole, so it may not be resegmented.
        element.set("canResegment", "no")
        space = unit.xmlelement.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
        if space:
            element.set("{http://www.w3.org/XML/1998/namespace}space", space)
        notes = [*segment.notes, *(("location", where) for where in segment.locations)]
        if notes:
            container = etree.Element(etree.QName(NS_20, "notes"))
            for category, text in notes:
                note = etree.SubElement(container, etree.QName(NS_20, "note"))
                note.set("category", category)
                note.text = text
            element.insert(0, container)
    return bytes(store)


def _store_12():
    from translate.storage.xliff import xlifffile, xliffunit

    class Unit12(xliffunit):
        namespace = NS_12

    class File12(xlifffile):
        UnitClass = Unit12
        namespace = NS_12
        XMLskeleton = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                       f'xmlns="{NS_12}">\n<file original="NoName" source-language="en" '
                       f'datatype="po">\n<body>\n</body>\n</file>\n</xliff>')

    return File12


def _write_12(segments, domain, original, source_language, target_language) -> bytes:
    store = _store_12()(sourcelanguage=source_language, targetlanguage=target_language)
    store.body.getparent().set("original", original)
    store.body.getparent().set("datatype", "po")
    for segment in segments:
        unit = store.UnitClass(segment.source)
        store.addunit(unit)
        unit.setid(segment.id)
        if segment.target:
            unit.target = segment.target
            unit.getlanguageNode(lang=None, index=1).set("state", _STATE_12[segment.state])
        unit.markapproved(segment.state == REVIEWED)
        if segment.context:
            unit.createcontextgroup("po-entry", [("x-po-msgctxt", segment.context)],
                                    "information")
        for category, text in segment.notes:
            unit.addnote(text, origin="developer" if category == "description" else category)
        for where in segment.locations:
            unit.addlocation(where)
    return bytes(store)


# --- reading ------------------------------------------------------------------------------

def read_xliff(path: Path) -> list[XliffDocument]:
    """The ``<file>`` elements of the XLIFF (2.x or 1.2) file at *path*, with their units.

    The file is untrusted: it is parsed without entities or network access
    (translate-toolkit's safe parser), and anything but XLIFF is a
    :class:`CatalogError` naming it.
    """
    from lxml import etree
    from translate.misc.xml_helpers import parse_xml

    data = read_input(path, CatalogError, "XLIFF file")
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        raise CatalogError(f"not well-formed XML: {exc.msg}", path, exc.lineno) from None
    if etree.QName(root).localname != "xliff":
        raise CatalogError("not an XLIFF file (the root element is not <xliff>)", path,
                           root.sourceline)
    version = root.get("version", "")
    if version.startswith("2.") and etree.QName(root).namespace == NS_20:
        return _read_20(path, data, root)
    if version in ("1.2", "1.1") and etree.QName(root).namespace.startswith(NS_12[:-3]):
        return _read_12(path, data)
    raise CatalogError(f"XLIFF version '{version}' is not read (XLIFF 2.x or 1.2 are)", path,
                       root.sourceline)


def _read_20(path: Path, data: bytes, root) -> list[XliffDocument]:
    from translate.storage.xliff2 import Xliff2File

    store = _parse(Xliff2File, data, path)
    by_file: dict[str, dict[str, list]] = {}
    lines: dict[str, int] = {}
    for unit in store.units:
        element = unit.getunitelement()
        file_node = next(element.iterancestors(f"{{{NS_20}}}file"), None)
        file_id = file_node.get("id", "") if file_node is not None else ""
        unit_key = element.get("id") or ""
        by_file.setdefault(file_id, {}).setdefault(unit_key, []).append(unit)
        lines[unit_key] = element.sourceline
    documents = []
    file_ids = [node.get("id", "") for node in
                store.document.getroot().iter(f"{{{NS_20}}}file")]
    for file_id in dict.fromkeys([*file_ids, *by_file]):
        segments = []
        for key, parts in by_file.get(file_id, {}).items():
            if len(parts) != 1:
                raise CatalogError(f"unit '{key}' was split into {len(parts)} segments; "
                                   "join them (one unit is one catalog entry)", path,
                                   lines.get(key))
            (unit,) = parts
            state = unit.xmlelement.get("state") or "initial"
            target = unit.target or ""
            segments.append(Segment(key, None, unit.source or "", target,
                                    NEW if not target else
                                    TRANSLATED if state in _CONFIRMED_20 else FUZZY))
        documents.append(XliffDocument(path, root.get("version"), root.get("srcLang", ""),
                                       root.get("trgLang", ""), file_id, tuple(segments)))
    return documents


def _read_12(path: Path, data: bytes) -> list[XliffDocument]:
    from translate.storage.xliff import xlifffile

    store = _parse(xlifffile, data, path)
    by_file: dict[tuple[str, str, str], list[Segment]] = {}
    seen: dict[tuple[str, str, str], set[str]] = {}
    for unit in store.units:
        file_node = next(unit.xmlelement.iterancestors(f"{{{store.namespace}}}file"), None)
        attributes = file_node.attrib if file_node is not None else {}
        key = tuple(attributes.get(name, "") for name in
                    ("original", "source-language", "target-language"))
        target = unit.target or ""
        node = unit.getlanguageNode(lang=None, index=1)
        state = node.get("state", "") if node is not None else ""
        confirmed = unit.xmlelement.get("approved") == "yes" or state in _CONFIRMED_12
        unit_id = unit.xmlelement.get("id") or ""
        if unit_id in seen.setdefault(key, set()):   # as in 2.0: one unit, one entry
            raise CatalogError(f"unit '{unit_id}' appears twice; keep one (one unit is one "
                               "catalog entry)", path, unit.xmlelement.sourceline)
        seen[key].add(unit_id)
        by_file.setdefault(key, []).append(Segment(
            unit_id, unit.getcontext() or None, unit.source or "",
            target, NEW if not target else TRANSLATED if confirmed else FUZZY))
    for node in store.document.getroot().iter(f"{{{store.namespace}}}file"):
        key = tuple(node.get(name, "") for name in
                    ("original", "source-language", "target-language"))
        by_file.setdefault(key, [])
    return [XliffDocument(path, "1.2", source, target,
                          Path(original).stem if original.endswith(".po") else original,
                          tuple(segments))
            for (original, source, target), segments in by_file.items()]


def _parse(kind, data: bytes, path: Path):
    try:
        return kind.parsestring(data)
    except Exception as exc:   # translate-toolkit raises ValueError, AssertionError, lxml's ...
        raise CatalogError(f"not a readable XLIFF file: {exc}", path) from None
