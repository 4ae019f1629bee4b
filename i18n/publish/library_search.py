"""The library's search data: ``dist/library/search-*.js``, loaded by the page on demand.

The page (``dist/index.html``) carries what its cards show, not what its search
box matches: at a thousand articles in nine languages the whole text of every
handout is some 100 MB, far too much for a phone to open.  So the texts live in
plain script files next to it, which the page's script adds as ``<script src>``
tags when staff first search (``fetch()`` of a local file is blocked in
Chromium, and the page must work opened from disk):

* ``search-front-<k>.js``: for every built handout, its title, short title,
  description, topic, specialty and author, in its language (what the search
  box's label promises: "in any language");
* ``search-<locale>-<k>.js``: the body of every built handout in that locale,
  each word once (a search term has no space in it, so it is found exactly
  where it was found in the whole text).  The page loads the bodies of the
  handout language chosen, of the page's language and of the source language.

Each unit is cut into parts of about :data:`PART_BYTES`, so that no file comes
near :data:`~i18n.fileio.MAX_INPUT_BYTES` (a thousand Thai handouts are 39 MB
of text).  Only handouts the gate let through are in any of them: the caller
passes only built ones.

The files are also the cache of the next build (:mod:`.library_cache`): they
are read back like every file of ``dist/``, as untrusted input, and an entry
of the wrong shape or size is ignored (it is made again).  Their texts are
matched, never shown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import HandoutError
from ..fileio import read_input
from ..locales import parse_locale

LIBRARY_DIR = "library"
FRONT = "front"                #: the unit of the front matter's texts, every language
#: A unit's part ends once it holds this many bytes (a part holds at least one entry).
PART_BYTES = 2_000_000
#: Far above any article's texts (the seed's body is 14,000 characters in English).
MAX_TEXT = 5_000_000

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,199}\Z")
_FILE = re.compile(r"search-(?:.+-)?\d+\.js\Z")
_CALL = re.compile(r'handoutLibrary\.search\(("[A-Za-z0-9-]{1,40}"),(\{.*\})\);\n\Z', re.S)


def search_body(text: str) -> str:
    """The words of *text*, each once, in the order they first appear.

    Search terms are split at white space, so a term is in the whole text
    exactly when it is in one of its words: the page finds what it found in
    the whole text, in a fraction of the bytes (English: 14 KB -> 8 KB).
    """
    return " ".join(dict.fromkeys(text.split()))


def script_data(data) -> str:
    """JSON that is also safe JavaScript anywhere in a page: no ``<``, ``>``, ``&``,
    line or paragraph separator."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def file_name(unit: str, part: int) -> str:
    return f"search-{unit}-{part}.js"


def search_files(dist_dir: Path, fronts: dict[str, dict[str, str]],
                 bodies: dict[str, dict[str, str]]) -> tuple[dict[Path, bytes], dict[str, int]]:
    """The search files for *fronts* (slug -> locale -> text) and *bodies* (locale ->
    slug -> words), and how many parts each unit has (what the page loads).

    A unit with no entry has no file (a locale with nothing built)."""
    files: dict[Path, bytes] = {}
    parts: dict[str, int] = {}
    for unit, entries in ((FRONT, fronts), *sorted(bodies.items())):
        chunk: dict = {}
        size = 0
        count = 0
        for slug in sorted(entries):
            chunk[slug] = entries[slug]
            value = entries[slug]
            size += sum(len(text.encode("utf-8")) for text in
                        (value.values() if isinstance(value, dict) else (value,)))
            if size >= PART_BYTES:
                count += 1
                files[_path(dist_dir, unit, count)] = _script(unit, chunk)
                chunk, size = {}, 0
        if chunk:
            count += 1
            files[_path(dist_dir, unit, count)] = _script(unit, chunk)
        if count:
            parts[unit] = count
    return files, parts


def _path(dist_dir: Path, unit: str, part: int) -> Path:
    return dist_dir / LIBRARY_DIR / file_name(unit, part)


def _script(unit: str, entries: dict) -> bytes:
    return f"handoutLibrary.search({script_data(unit)},{script_data(entries)});\n".encode("utf-8")


def is_search_file(relative: str) -> bool:
    """Whether a path under ``dist/`` (POSIX, relative) is named as a search file."""
    folder, _, name = relative.rpartition("/")
    return folder == LIBRARY_DIR and bool(_FILE.match(name))


def read_search_files(dist_dir: Path) -> tuple[dict[str, dict[str, str]],
                                                dict[str, dict[str, str]]]:
    """The texts of the search files in ``dist/library/``: (fronts by slug and locale,
    bodies by locale and slug).  A file that is not exactly what :func:`search_files`
    writes is ignored whole; an entry of the wrong shape, or given twice, is left out."""
    fronts: dict[str, dict[str, str]] = {}
    bodies: dict[str, dict[str, str]] = {}
    seen: set[tuple[str, str]] = set()
    doubled: set[tuple[str, str]] = set()
    folder = dist_dir / LIBRARY_DIR
    try:
        paths = sorted(p for p in folder.iterdir() if _FILE.match(p.name)) \
            if folder.is_dir() and not folder.is_symlink() else []
    except OSError:
        return {}, {}
    for path in paths:
        found = _read(path)
        if found is None:
            continue
        unit, entries = found
        for slug, value in entries.items():
            if (unit, slug) in seen:
                doubled.add((unit, slug))
                continue
            seen.add((unit, slug))
            if unit == FRONT:
                fronts[slug] = value
            else:
                bodies.setdefault(unit, {})[slug] = value
    for unit, slug in doubled:
        (fronts if unit == FRONT else bodies.get(unit, {})).pop(slug, None)
    return fronts, bodies


def _read(path: Path) -> tuple[str, dict] | None:
    try:
        if path.is_symlink():
            return None
        return parse_search_file(read_input(path, HandoutError, "search file"))
    except (HandoutError, OSError):
        return None


def parse_search_file(data: bytes) -> tuple[str, dict] | None:
    """(unit, valid entries) of a search file's bytes; ``None`` unless it is exactly
    what :func:`search_files` writes."""
    try:
        match = _CALL.match(data.decode("utf-8"))
        if match is None:
            return None
        unit, entries = json.loads(match[1]), json.loads(match[2])
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(unit, str) or not isinstance(entries, dict):
        return None
    if unit != FRONT:
        try:
            if parse_locale(unit).tag != unit:
                return None
        except HandoutError:
            return None
    valid = _valid_front if unit == FRONT else _valid_text
    return unit, {slug: value for slug, value in entries.items()
                  if isinstance(slug, str) and _SLUG.match(slug) and valid(value)}


def _valid_text(value) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _valid_front(value) -> bool:
    if not isinstance(value, dict) or len(value) > 200:
        return False
    for tag, text in value.items():
        if not isinstance(tag, str) or not _valid_text(text) or len(text) > 100_000:
            return False
        try:
            if parse_locale(tag).tag != tag:
                return False
        except HandoutError:
            return False
    return True
