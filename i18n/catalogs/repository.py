"""The catalog repository: ``locales/<domain>.pot`` and
``locales/<posix>/LC_MESSAGES/<domain>.po``, after Sphinx's ``CatalogRepository``.

Writing follows Babel (``write_po``, ``Catalog.update``) with two rules on top:

* files are only rewritten when their content changes, so regenerating
  without source changes leaves them byte-identical (``POT-Creation-Date``
  included);
* no translation is ever lost: a source string that comes back gets its
  obsolete (``#~``) translation back, and a string that went fuzzy keeps
  its old entry as obsolete as well.

Translators' files are never trusted to a Python parser alone: GNU
``msgfmt --check`` validates them first and reports ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import polib
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, generate_po, normalize, read_po, unescape

from ..content.extract import new_catalog
from ..errors import CatalogError
from ..fileio import read_input, write_atomic
from ..locales import HandoutLocale
from . import cache, pofile

PO_WIDTH = 76
_MSGFMT_LINE = re.compile(r"^(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")


@dataclass(frozen=True)
class CatalogRepository:
    """Where the catalogs of a project live."""

    root: Path

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    def pot_path(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def po_path(self, locale: HandoutLocale, domain: str) -> Path:
        return self.locales_dir / locale.posix / "LC_MESSAGES" / f"{domain}.po"


# --- writing --------------------------------------------------------------------

def render_catalog(catalog: Catalog) -> bytes:
    """Serialize *catalog* the one way the toolkit writes .po files.

    This is Babel's ``write_po`` with three corrections, so that what is
    written can be read back (by Babel, polib and ``msgfmt``) unchanged:

    * the previous msgid of a fuzzy entry is written as GNU gettext does
      (``#| msgid ""`` / ``#| "..."``); Babel wraps it as a plain comment,
      which breaks the quoted string across lines (``msgfmt``: "end-of-line
      within string");
    * an obsolete entry keeps its ``#, fuzzy`` flag, so a fuzzy translation
      that comes back is not silently taken for a reviewed one;
    * no ``python-format`` flag: the toolkit never uses ``%`` formatting, and
      Babel's guess flags prose such as "80% of" (then ``msgfmt --check``
      rejects every correct translation of it).
    """
    for message in [*catalog, *catalog.obsolete.values()]:
        message.flags.discard("python-format")
    active = iter(list(catalog))                      # the order generate_po writes them in
    obsolete = iter(list(catalog.obsolete.values()))
    chunks: list[str] = []
    in_keywords = False
    for chunk in generate_po(catalog, width=PO_WIDTH, include_previous=False):
        if not in_keywords and chunk.startswith(("msgctxt ", "msgid ")):
            in_keywords = True
            chunks.extend(_previous_lines(next(active)))
        elif not in_keywords and chunk.startswith(("#~ msgctxt ", "#~ msgid ")):
            in_keywords = True
            if "fuzzy" in next(obsolete).flags:
                chunks.append("#, fuzzy\n")
        elif chunk.startswith(("msgstr", "#~ msgstr")):
            in_keywords = False
        chunks.append(chunk)
    return "".join(chunks).encode(catalog.charset, "backslashreplace")


def _previous_lines(message) -> list[str]:
    """``#| msgid`` lines for a fuzzy *message*, wrapped like its msgid."""
    if not message.id or not message.previous_id:
        return []
    keywords = ("msgid", "msgid_plural")
    lines = []
    for keyword, text in zip(keywords, message.previous_id):
        first, *rest = normalize(text, width=PO_WIDTH - 3).splitlines()
        lines.append(f"#| {keyword} {first}\n")
        lines.extend(f"#| {line}\n" for line in rest)
    return lines


def creation_date() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


def write_template(path: Path, catalog: Catalog, check_only: bool = False) -> bool:
    """Write a POT file unless its messages are unchanged (see :mod:`.pofile`).

    Returns whether the file was written (with *check_only*: would be).
    """
    catalog.creation_date = creation_date()
    rendered = render_catalog(catalog)
    old = _read_existing(path)
    if old is None:
        data = pofile.new_file(rendered)
    else:
        data = pofile.splice(old, rendered, {"POT-Creation-Date": _header(catalog, "POT-Creation-Date")})
        if data is None:
            return False
    if not check_only:
        write_atomic(path, data)
    return True


def _read_existing(path: Path) -> bytes | None:
    if not path.exists() and not path.is_symlink():
        return None
    return read_input(path, CatalogError, "catalog", confine=True)


_CHARSET = re.compile(rb"charset=([A-Za-z0-9._:-]+)")
_BOM = b"\xef\xbb\xbf"


def read_po_bytes(path: Path) -> bytes:
    """The bytes of a translator's .po file, validated before any parser sees them.

    It must be a regular file, UTF-8 as its header declares (no byte-order
    mark), and pass GNU ``msgfmt --check``.  Raises :class:`CatalogError` at
    the fault's ``file:line``.
    """
    data = read_input(path, CatalogError, "catalog", confine=True)
    if data.startswith(_BOM):
        raise CatalogError("the file starts with a UTF-8 byte-order mark, which gettext does "
                           "not allow; save it without BOM (e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' FILE)",
                           path, 1)
    declared = _CHARSET.search(data[:8192])
    charset = declared[1].decode("ascii").upper() if declared else "UTF-8"
    if charset not in ("UTF-8", "UTF8", "CHARSET"):
        raise CatalogError(f"the catalog declares charset={charset}; the toolkit reads UTF-8 "
                           "catalogs only (convert it: msgconv --to-code=UTF-8)", path,
                           data[:declared.start()].count(b"\n") + 1)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"bytes do not match the declared charset UTF-8: {exc.reason} "
                           f"(byte 0x{data[exc.start]:02X})", path,
                           data[:exc.start].count(b"\n") + 1) from None
    key = cache.digest("msgfmt --check", cache.tool_identity("msgfmt"), data)
    if cache.lookup("msgfmt", key, cache.is_true) is None:
        msgfmt_check(path, data)    # the very bytes read above, not the file again
        cache.store("msgfmt", key, True)
    return data


def _header(catalog: Catalog, name: str) -> str:
    return dict(catalog.mime_headers).get(name, "")


# --- reading and validating -----------------------------------------------------

def msgfmt_check_as(path: Path):
    """A validator for :func:`write_atomic`: ``msgfmt --check`` on the new
    file, with errors reported against *path*."""
    def validate(tmp: Path) -> None:
        try:
            msgfmt_check(tmp)
        except CatalogError as exc:
            raise CatalogError(f"refusing to write an invalid catalog: {exc.message}",
                               path, exc.lineno) from None
    return validate


def msgfmt_check(path: Path, data: bytes | None = None) -> None:
    """Validate a .po file with GNU ``msgfmt --check``: the file at *path*, or *data*
    (its bytes, as read) reported as *path*.

    Raises :class:`CatalogError` at the first ``file:line`` msgfmt reports.
    """
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise CatalogError("GNU msgfmt is not installed (Debian package 'gettext')", path)
    result = subprocess.run([msgfmt, "--check", "--output-file", os.devnull,
                             "-" if data is not None else str(path)],
                            input=data, capture_output=True,
                            env={**os.environ, "LC_ALL": "C"})
    if result.returncode == 0:
        return
    stderr = result.stderr.decode("utf-8", "replace")
    if data is not None:
        stderr = stderr.replace("<stdin>", str(path))
    prefix = f"{path}:"
    for line in stderr.splitlines():
        match = _MSGFMT_LINE.match(line[len(prefix):]) if line.startswith(prefix) else None
        if match is None or match["message"].startswith("warning:"):
            continue
        message, lineno = match["message"].strip(), int(match["line"])
        if message == "end-of-line within string" and lineno > 1:
            lineno -= 1   # msgfmt counts the newline that ended the string
        raise CatalogError(message, path, lineno)
    first = next((l for l in stderr.splitlines() if l.strip()), "msgfmt failed")
    raise CatalogError(first.split(": ", 1)[-1].strip(), path)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a .po/.pot file with Babel, after ``msgfmt --check`` for .po files."""
    data = read_po_bytes(path) if path.suffix == ".po" else read_input(
        path, CatalogError, "catalog", confine=True)
    try:
        catalog = read_po(io.BytesIO(pofile.strip_obsolete_previous(data)), locale=locale,
                          abort_invalid=True)
    except FileNotFoundError:
        raise CatalogError("catalog not found", path) from None
    except PoFileError as exc:
        lineno = getattr(exc, "lineno", None)   # Babel counts lines from 0
        message = str(exc).rsplit(" on ", 1)[0]
        raise CatalogError(f"malformed catalog: {message}", path,
                           lineno + 1 if lineno is not None else None) from None
    _read_previous_ids(catalog, data)
    return catalog


def _read_previous_ids(catalog: Catalog, data: bytes) -> None:
    """Give fuzzy messages back their ``#| msgid`` (Babel reads it as a user comment)."""
    previous: dict[int, dict[str, list[str]]] = {}
    pending: dict[str, list[str]] = {}
    pending_lines: list[str] = []
    keyword = None
    for lineno, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        line = line.strip()
        if line.startswith("#|"):
            body = line[2:].strip()
            pending_lines.append(line[1:].strip())
            word, _, rest = body.partition(" ")
            if word in ("msgctxt", "msgid", "msgid_plural"):
                keyword = word
                pending[keyword] = [rest.strip()]
            elif body.startswith('"') and keyword:
                pending[keyword].append(body)
        elif line.startswith("msgid ") and pending_lines:
            previous[lineno] = {"ids": pending, "comments": pending_lines}
            pending, pending_lines, keyword = {}, [], None
    if not previous:
        return
    for message in catalog:
        found = previous.get(message.lineno) if message.id else None
        if found is None:
            continue
        message.user_comments = [c for c in message.user_comments
                                 if c not in found["comments"]]
        ids = found["ids"]
        message.previous_id = ["".join(unescape(part) for part in ids[key])
                               for key in ("msgid", "msgid_plural") if key in ids]


def load_po(path: Path) -> polib.POFile:
    """Load a translator's .po file with polib, after ``msgfmt --check``.

    Both are done once for the same bytes (:mod:`.cache`).
    """
    if not path.exists() and not path.is_symlink():
        raise CatalogError("catalog not found (run 'export.py update' first)", path)
    data = read_po_bytes(path)
    key = cache.digest("polib", _POLIB_VERSION, str(PO_WIDTH), data)
    stored = cache.lookup("polib", key, _valid_parsed)
    if stored is not None:
        return _pofile_from(stored)
    try:
        parsed = polib.pofile(data.decode("utf-8"), wrapwidth=PO_WIDTH, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise CatalogError(f"malformed catalog: {exc}", path) from None
    if cache.active():
        cache.store("polib", key, _parsed_value(parsed))
    return parsed


# --- polib's parse, kept as JSON (never pickle: the cache is untrusted) ----------------

_POLIB_VERSION = polib.__version__
_NONE = type(None)
#: What polib reads into a POEntry (``encoding`` is always UTF-8 here), by the type of
#: its values: kept column by column, so that validating them is a few set operations.
_TEXT_FIELDS = ("msgid", "msgstr", "msgid_plural", "comment", "tcomment")
_OPTIONAL_FIELDS = ("msgctxt", "previous_msgctxt", "previous_msgid", "previous_msgid_plural")
_FIELDS = (*_TEXT_FIELDS, *_OPTIONAL_FIELDS, "obsolete", "linenum", "flags", "occurrences",
           "msgstr_plural")


def _parsed_value(po: polib.POFile) -> dict:
    columns = {name: [getattr(e, name) for e in po] for name in _FIELDS}
    columns["obsolete"] = [int(v) for v in columns["obsolete"]]
    columns["occurrences"] = [[list(o) for o in v] for v in columns["occurrences"]]
    columns["msgstr_plural"] = [sorted([k, v] for k, v in e.items())
                                for e in columns["msgstr_plural"]]
    return {"header": po.header, "metadata": [[k, v] for k, v in po.metadata.items()],
            "metadata_is_fuzzy": po.metadata_is_fuzzy, "columns": columns}


def _types(values) -> set:
    return set(map(type, values))


def _valid_parsed(value) -> bool:
    if not (isinstance(value, dict) and isinstance(value.get("header"), str)
            and isinstance(value.get("columns"), dict)
            and isinstance(value.get("metadata"), list)):
        return False
    fuzzy = value.get("metadata_is_fuzzy")
    if not (fuzzy in (True, False, 0, 1, None) or cache.is_str_list(fuzzy)):
        return False
    metadata = value["metadata"]
    if not (_types(metadata) <= {list} and set(map(len, metadata)) <= {2}
            and _types(chain.from_iterable(metadata)) <= {str}):
        return False
    columns = value["columns"]
    if set(columns) != set(_FIELDS) or not _types(columns.values()) <= {list} \
            or len(set(map(len, columns.values()))) > 1:
        return False
    flags, occurrences, plural = (columns[n] for n in ("flags", "occurrences", "msgstr_plural"))
    places = list(chain.from_iterable(occurrences))
    pairs = list(chain.from_iterable(plural))
    return (all(_types(columns[n]) <= {str} for n in _TEXT_FIELDS)
            and all(_types(columns[n]) <= {str, _NONE} for n in _OPTIONAL_FIELDS)
            and _types(columns["obsolete"]) <= {int} and set(columns["obsolete"]) <= {0, 1}
            and _types(columns["linenum"]) <= {int}
            and _types(flags) <= {list} and _types(chain.from_iterable(flags)) <= {str}
            and _types(occurrences) <= {list} and _types(places) <= {list}
            and set(map(len, places)) <= {2} and _types(chain.from_iterable(places)) <= {str}
            and _types(plural) <= {list} and _types(pairs) <= {list}
            and set(map(len, pairs)) <= {2}
            and _types(p[0] for p in pairs) <= {int} and _types(p[1] for p in pairs) <= {str})


def _pofile_from(value: dict) -> polib.POFile:
    """A POFile equal to polib's own parse of the bytes the value was made from."""
    po = polib.POFile(wrapwidth=PO_WIDTH, encoding="utf-8")
    po.header = value["header"]
    po.metadata = dict((k, v) for k, v in value["metadata"])
    fuzzy = value["metadata_is_fuzzy"]
    po.metadata_is_fuzzy = list(fuzzy) if isinstance(fuzzy, list) else fuzzy
    columns = value["columns"]
    new, append = polib.POEntry.__new__, po.append
    for values in zip(*(columns[name] for name in _FIELDS)):
        entry = new(polib.POEntry)
        fields = entry.__dict__
        fields.update(zip(_FIELDS, values))
        fields["encoding"] = "utf-8"
        fields["occurrences"] = [tuple(o) for o in fields["occurrences"]]
        fields["msgstr_plural"] = dict(fields["msgstr_plural"])
        append(entry)
    return po


# --- updating ---------------------------------------------------------------------

@dataclass(frozen=True)
class UpdateResult:
    """What ``update`` did to one catalog, for its summary line."""

    path: Path
    changed: bool          #: the file was (with check_only: would be) written
    created: bool = False  #: the catalog did not exist before
    new: int = 0           #: entries for strings the catalog did not have
    fuzzy: int = 0         #: entries that became fuzzy: their source changed
    obsolete: int = 0      #: entries whose source string is gone (kept as ``#~``)
    restored: int = 0      #: obsolete translations brought back by their source
    memory: int = 0        #: new entries filled from the locale's other catalogs
    drafted: int = 0       #: empty entries filled from another locale (fuzzy) or pseudo-text

    def __iter__(self):
        # Callers written for the older (path, changed) pairs keep working.
        return iter((self.path, self.changed))

    def summary(self, drafted_from: str = "") -> str:
        """``3 new, 1 changed (fuzzy), 0 obsolete, 2 from memory`` or ``unchanged``;
        ``created: 61 new, 60 from memory`` for a new catalog."""
        if not self.changed:
            return "unchanged"
        parts = [f"{self.new} new"]
        if not self.created:   # nothing can have changed or gone in a new catalog
            parts += [f"{self.fuzzy} changed (fuzzy)", f"{self.obsolete} obsolete"]
        parts.append(f"{self.memory} from memory")
        if self.restored:
            parts.append(f"{self.restored} restored")
        if drafted_from or self.drafted:
            parts.append(f"{self.drafted} from {drafted_from or 'pseudo-translation'}")
        if not (self.created or any((self.new, self.fuzzy, self.obsolete, self.memory,
                                         self.restored, self.drafted))):
            return "only source references or comments changed"
        return ("created: " if self.created else "") + ", ".join(parts)


def _restore_obsolete(catalog: Catalog, template: Catalog) -> int:
    """Bring back translations of strings that return to the source; return how many."""
    restored = 0
    for message in template:
        if not message.id or catalog.get(message.id, message.context) is not None:
            continue
        key = catalog._key_for(message.id, message.context)
        old = catalog.obsolete.pop(key, None)
        if old is not None and old.string:
            catalog[message.id] = old
            restored += 1
    return restored


def merge_template(catalog: Catalog, template: Catalog) -> int:
    """Babel's ``Catalog.update`` without losing a translation.

    The entries that Babel turns fuzzy keep their source's translation and
    ``#| msgid``; the old entries they came from are also kept as obsolete,
    so that reverting the source restores the exact, non-fuzzy translation.
    Merges in place; returns how many obsolete translations came back.
    """
    restored = _restore_obsolete(catalog, template)
    before = {catalog._key_for(m.id, m.context): m.clone() for m in catalog if m.id and m.string}
    previous = {catalog._key_for(m.id, m.context): list(m.previous_id)
                for m in catalog if m.id and m.previous_id and m.fuzzy}
    catalog.update(template, update_creation_date=True)
    for key, old in before.items():
        if catalog.get(old.id, old.context) is None and key not in catalog.obsolete:
            catalog.obsolete[key] = old
    for message in catalog:  # Babel drops the #| msgid of entries that stay fuzzy
        key = catalog._key_for(message.id, message.context) if message.id else None
        if message.id and message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = previous[key]
    return restored


def _first(msgid) -> str:
    return msgid[0] if isinstance(msgid, (tuple, list)) else msgid


def unchanged_key(repo: CatalogRepository, locale: HandoutLocale, domain: str) -> str | None:
    """The cache key under which :func:`update_po` of *domain* (no fill, no given template)
    is recorded as changing nothing: the template's and the catalog's bytes, the locale
    and the code.  ``None`` when the cache is off or a file cannot be read (a new catalog
    always changes)."""
    if not cache.active():
        return None
    try:
        pot = read_input(repo.pot_path(domain), CatalogError, "catalog", confine=True)
        po = read_input(repo.po_path(locale, domain), CatalogError, "catalog", confine=True)
    except CatalogError:
        return None
    return cache.digest("update", cache.toolkit_fingerprint(), locale.tag, locale.posix,
                        str(locale.pseudo), domain, pot, po)


def is_unchanged(repo: CatalogRepository, locale: HandoutLocale, domain: str) -> bool:
    """Whether the cache records that updating *domain* with its template changes nothing."""
    key = unchanged_key(repo, locale, domain)
    return key is not None and cache.lookup("update", key, cache.is_true) is True


def _forms(message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def _filled(message, fill, num_plurals: int):
    """*fill* applied to a message: every plural form from its singular or plural source."""
    if not message.pluralizable:
        return fill(message.id)
    singular, plural = message.id[0], message.id[1]
    return tuple(fill(singular if index == 0 and num_plurals > 1 else plural)
                 for index in range(num_plurals))


def update_po(repo: CatalogRepository, locale: HandoutLocale, domain: str,
              template: Catalog | None = None, fill=None,
              check_only: bool = False, fill_fuzzy: bool = False,
              memory=None, translator: str = "",
              template_on_disk: bool = False) -> UpdateResult:
    """Create or merge ``locales/<posix>/LC_MESSAGES/<domain>.po`` from its POT.

    *memory* (an :class:`i18n.memory.TranslationMemory`) pre-fills the
    entries this update creates, before *fill*.

    *fill* may be a function ``msgid -> msgstr`` used for empty entries (the
    pseudo-locale).  With *fill_fuzzy*, only empty entries are filled, the
    filled ones are marked fuzzy for a translator to confirm, and a fill of
    ``None`` leaves the entry empty (a draft from another locale).  With
    *check_only* nothing is written.  A new catalog's ``Last-Translator`` is
    *translator* (the clinic's ``translators:``), else empty.  Returns the
    path, whether the file changed (or would change) and what changed.

    *template_on_disk*: the given *template* was just read from the domain's POT file,
    so an update that changes nothing is recorded in the cache as for ``None``.
    """
    pot_path = repo.pot_path(domain)
    current = None
    if (template is None or template_on_disk) and fill is None and not check_only:
        current = unchanged_key(repo, locale, domain)
        if current is not None and cache.lookup("update", current, cache.is_true):
            return UpdateResult(repo.po_path(locale, domain), False)
    if template is None:
        if not pot_path.exists():
            raise CatalogError("template not found (run 'export.py extract' first)", pot_path)
        template = read_catalog(pot_path)
    po_path = repo.po_path(locale, domain)
    old = _read_existing(po_path)
    if old is not None:
        catalog = read_catalog(po_path, locale=locale.posix)
    else:
        catalog = new_catalog(domain, template.header_comment.splitlines()[0].lstrip("# "),
                              locale=locale.posix)
        catalog.header_comment = template.header_comment
        catalog.revision_date = creation_date()
        catalog.language_team = f"{locale.display_name} <>"
        catalog.last_translator = translator   # never gettext's "FULL NAME <EMAIL@ADDRESS>"
        if locale.pseudo:
            plural = get_plural(locale.babel)
            catalog._num_plurals, catalog._plural_expr = plural.num_plurals, plural.plural_expr
    known = {(m.id, m.context) for m in catalog if m.id}
    was_fuzzy = {(m.id, m.context) for m in catalog if m.id and m.fuzzy}
    was_obsolete = set(catalog.obsolete)
    restored = merge_template(catalog, template)
    # Entries the merge made fuzzy: a changed source keeps its old translation
    # (those pre-filled from memory below are counted as such).
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy and (m.id, m.context) not in was_fuzzy)
    new = sum(1 for m in catalog if m.id and (m.id, m.context) not in known
              and not m.fuzzy) - restored
    filled = 0
    if memory is not None:
        filled = memory.prefill(catalog, exclude=po_path.relative_to(repo.root).as_posix(),
                                skip=known)
    drafted = 0
    if fill is not None and fill_fuzzy:
        for message in catalog:
            if message.id and not message.string and not message.pluralizable:
                draft = fill(message.id)
                if draft:
                    message.string = draft
                    message.flags.add("fuzzy")
                    drafted += 1
    elif fill is not None:
        for message in catalog:
            if message.id and (not any(_forms(message)) or message.fuzzy):
                message.string = _filled(message, fill, catalog.num_plurals)
                message.flags.discard("fuzzy")
                message.previous_id = []
                drafted += 1
    rendered = render_catalog(catalog)
    # An entry that went fuzzy leaves its old source as obsolete too: not a removal.
    successors = {m.previous_id[0] for m in catalog if m.id and m.fuzzy and m.previous_id}
    counts = dict(new=new, fuzzy=fuzzy, restored=restored, memory=filled,
                  drafted=drafted,
                  obsolete=sum(1 for key, m in catalog.obsolete.items()
                               if key not in was_obsolete and (m.id, m.context) in known
                               and _first(m.id) not in successors))
    if old is None:   # a pseudo-locale has no CLDR data of its own: its base language's plurals
        data = pofile.new_file(rendered, {"Plural-Forms": get_plural(locale.babel).plural_forms})
    else:
        data = pofile.splice(old, rendered,
                             {"POT-Creation-Date": _header(template, "POT-Creation-Date")})
        if data is None:
            if current is not None and unchanged_key(repo, locale, domain) == current:
                cache.store("update", current, True)
            return UpdateResult(po_path, False)
    if not check_only:
        write_atomic(po_path, data, validate=msgfmt_check_as(po_path))
    return UpdateResult(po_path, True, created=old is None, **counts)
