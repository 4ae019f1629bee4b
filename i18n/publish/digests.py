"""Digests remembered from one command to the next: of the files of ``dist/``, and
the handouts' inputs hashes.

Skipping an unchanged handout, and ``verify``, need the sha256 of every PDF
of ``dist/``: 9,000 handouts with their large print are over 2 GB to hash.
The digests worked out in a command are kept in the validation cache
(:mod:`i18n.catalogs.cache`: the user's cache folder, each entry signed with
the user's key) by each file's *state*: its path, size, modification and
change times, inode and device (:func:`i18n.variants.file_state`).  Writing
to a file, or putting another in its place, changes its state (the change
time is set by every write, and by setting the modification time back), so a
remembered digest is only ever used for the very bytes it was made from.
``verify --full`` and ``HANDOUTS_NO_CACHE=1`` hash every file again.

Likewise each handout's inputs hash (:func:`~i18n.publish.manifest.inputs_hash`,
which feeds every input's bytes, templates included, for each of 18,000
handouts) is remembered under the digest of the same inputs made from each
file's own sha256 (:func:`~i18n.publish.manifest.inputs_digest`): the same
files give the same digest, hence the same hash.  And that sha256 of each
input file (8,000 catalogs, 1,000 articles) is remembered by its state too,
so that ``status`` with nothing changed reads no catalog; a file found by its
state is still refused if it is reached through a link leading out of the
project, as reading it would be.
"""

from __future__ import annotations

import contextlib
import os
from typing import Iterator

from .. import variants
from ..catalogs import cache
from .manifest import INPUT_DIGESTS, KNOWN_INPUTS, USED_INPUTS

_KIND = "dist-digests"
_INPUTS_KIND = "inputs-hashes"
_INPUTS_FILES_KIND = "input-digests"
#: More than this many files is not remembered (the entry would be too large to read).
MAX_REMEMBERED = 200_000


def _key(project) -> str:
    return cache.digest(_KIND, str(project.dist_dir.resolve()))


#: What each table held when recalled (or last stored).
_LAST: dict[str, object] = {}

#: The inputs hashes recalled at the start of this command.
_RECALLED: dict[str, str] = {}


def _valid(value) -> bool:
    return isinstance(value, list) and len(value) <= MAX_REMEMBERED and all(
        isinstance(row, list) and len(row) == 7 and isinstance(row[0], str)
        and all(type(v) is int for v in row[1:6]) and isinstance(row[6], str)
        and len(row[6]) == 64 for row in value)


def _valid_hashes(value) -> bool:
    return isinstance(value, dict) and len(value) <= MAX_REMEMBERED and all(
        isinstance(k, str) and isinstance(v, str) and len(k) == len(v) == 64
        for k, v in value.items())


def recall(project) -> int:
    """Make the digests remembered for ``dist/`` known to :func:`~i18n.variants.file_sha256`;
    returns how many."""
    if not cache.active():
        return 0
    stored = _LAST[_KIND] = cache.lookup(_KIND, _key(project), _valid) or []
    for *state, digest in stored:
        variants._DIGESTS.setdefault(tuple(state), digest)
    hashes = _LAST[_INPUTS_KIND] = \
        cache.lookup(_INPUTS_KIND, _inputs_key(project), _valid_hashes) or {}
    _RECALLED.clear()
    _RECALLED.update(hashes)
    _LAST[_INPUTS_FILES_KIND] = \
        cache.lookup(_INPUTS_FILES_KIND, _inputs_key(project), _valid) or []
    for *state, digest in _LAST[_INPUTS_FILES_KIND]:
        INPUT_DIGESTS.setdefault(tuple(state), digest)
    for quick, inputs in hashes.items():
        KNOWN_INPUTS.setdefault(quick, inputs)
    return len(stored)


def _inputs_key(project) -> str:
    return cache.digest(_INPUTS_KIND, str(project.root.resolve()))


def remember(project) -> None:
    """Keep the digests of the files of ``dist/`` known now, for the next command."""
    if not cache.active():
        return
    prefix = os.path.join(os.path.abspath(project.dist_dir), "")
    rows = []
    for state, digest in variants._DIGESTS.items():
        path = str(state[0])
        # Only files of dist/ still as they were: a file since replaced is not kept.
        if os.path.abspath(path).startswith(prefix) and variants.file_state(path) == state:
            rows.append([path, *state[1:], digest])
    if len(rows) <= MAX_REMEMBERED:
        _store(_KIND, _key(project), sorted(rows))
    root = os.path.join(os.path.abspath(project.root), "")
    files = [[str(state[0]), *state[1:], digest] for state, digest in INPUT_DIGESTS.items()
             if os.path.abspath(state[0]).startswith(root) and
             variants.file_state(state[0]) == state]
    if files and len(files) <= MAX_REMEMBERED:
        _store(_INPUTS_FILES_KIND, _inputs_key(project), sorted(files))
    used = {quick: KNOWN_INPUTS[quick] for quick in USED_INPUTS if quick in KNOWN_INPUTS}
    if not used:
        return
    # What the last commands knew is kept too (a 'pdf' of one handout forgets no
    # other), unless edits have piled up more than twice what this command used.
    known = {**_RECALLED, **used}
    kept = known if len(known) <= 2 * len(used) + 1000 else used
    if len(kept) <= MAX_REMEMBERED:
        _store(_INPUTS_KIND, _inputs_key(project), dict(sorted(kept.items())))


def _store(kind: str, key: str, value) -> None:
    """Keep *value*, unless it is what was recalled (a table of 18,000 rows is not
    signed and written again for nothing)."""
    if _LAST.get(kind) != value:
        cache.store(kind, key, value)
        _LAST[kind] = value


@contextlib.contextmanager
def remembered_digests(project) -> Iterator[None]:
    """Within this block, digests of ``dist/`` come from the last command when the files
    are as they were; at its end, the digests known are kept for the next."""
    recall(project)
    try:
        yield
    finally:
        remember(project)
