"""The validation cache: work on a file's exact bytes, done once.

A thousand articles in nine languages are 8,000 catalogs.  Most commands
read all of them, and most of them did not change since the last command.
So the results of the costly steps are kept in the user's cache folder,
one folder per project (``~/.cache/clinic-handouts/validation/<hash of the
project's path>/``, or under ``$XDG_CACHE_HOME``): outside the project, so
that nothing is there for git to ignore and a command that fails leaves
the project exactly as it was.  Each result is kept under a key that is a
sha256 of **the bytes the step was run on**, with everything else the step
depends on:

* ``msgfmt``: these bytes passed GNU ``msgfmt --check`` (that msgfmt binary);
* ``polib``: these bytes parse as these entries (that polib version);
* ``findings``: these bytes give these check findings (this toolkit's
  code, that locale's context: glossary, reviews, settings);
* ``article``: these bytes parse as this article;
* ``update`` / ``extract``: merging this template into these bytes, or
  extracting this article over this template, changes nothing.

An edited file has other bytes, hence another key: it is always validated,
parsed and checked again.  A failure is never cached, only a success, so
a broken catalog is reported every time.  Keys also hold a fingerprint of
the toolkit's own source (:func:`toolkit_fingerprint`), so a change of the
code or of a library that shapes a result makes every entry miss.

The cache is untrusted input like every file: an entry is read with the
bounds of :func:`~i18n.fileio.read_input`, must be JSON of the expected
shape, must name its own key, and must carry an HMAC-SHA256 made with this
user's secret key (``~/.cache/clinic-handouts/cache-key``, 0600, made on
first use): entries copied from elsewhere (a CI cache restored from another
branch) or edited by hand are ignored, never believed.  Anything that fails
is ignored and the work is done again (a cache only ever costs time).  An
entry can only ever say something about the bytes its key was made from: it
can never let a check be skipped for other bytes.  Nothing is written
through a link that leads out of the cache's folder, and a cache that
cannot be written, or a secret key that cannot be made, means no cache.

The cache is used once a project is loaded (:func:`use_cache`, called by
:meth:`~i18n.catalogs.project.Project.load`); ``HANDOUTS_NO_CACHE=1`` turns
it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import fields, is_dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any, Callable

from ..errors import HandoutError
from ..fileio import is_inside, read_input, write_atomic

CACHE_FORMAT = 1
#: Libraries whose version can change a parse, a merge or a finding.
_PACKAGES = ("babel", "polib", "opencc", "markdown-it-py", "pyyaml")

_KEY_BYTES = 32

_state: dict[str, object] = {"root": None, "project": None, "secret": None}


def use_cache(project_root: str | os.PathLike | None) -> None:
    """Keep the cache of the project at *project_root* (``None``: no cache)."""
    secret = None if project_root is None or os.environ.get("HANDOUTS_NO_CACHE") \
        else _secret()
    if secret is None:
        _state.update(root=None, project=None, secret=None)
        return
    project = str(Path(project_root).resolve())
    folder = hashlib.sha256(project.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    base = _base() / "validation"
    _state.update(project=base, root=base / folder, secret=secret)


@contextlib.contextmanager
def private_cache():
    """For the block, a cache that only this process believes: in a new temporary
    folder, signed with a key made now and never written down; then the cache as it
    was.  ``export.py verify`` trusts no earlier run's cache, yet need not validate,
    parse and check the same catalog bytes once per handout."""
    saved = dict(_state)
    with tempfile.TemporaryDirectory(prefix="clinic-handouts-private-") as folder:
        _state.update(project=Path(folder), root=Path(folder) / "validation",
                      secret=os.urandom(_KEY_BYTES))
        try:
            yield
        finally:
            _state.clear()
            _state.update(saved)


def _base() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clinic-handouts"


def cache_folder() -> Path | None:
    """Where the active cache is kept (``None``: no cache)."""
    return _state["root"]


def secret_path() -> Path:
    return _base() / "cache-key"


@lru_cache(maxsize=None)
def _secret_at(path: Path) -> bytes | None:
    """The user's secret key for the cache's signatures, made once (``None``: no cache)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(_KEY_BYTES))
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() \
                or info.st_mode & 0o077:
            return None     # someone else's, or readable by others: not a secret
        with open(path, "rb") as handle:
            key = handle.read(_KEY_BYTES + 1)
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _secret() -> bytes | None:
    return _secret_at(secret_path())


def _signature(kind: str, key: str, text: str) -> str:
    secret = _state["secret"]
    assert isinstance(secret, bytes)
    return hmac.new(secret, digest(kind, key, text).encode("ascii"), hashlib.sha256).hexdigest()


def active() -> bool:
    return _state["root"] is not None


def digest(*parts: bytes | str) -> str:
    """sha256 over *parts*, each length-prefixed, so that no two lists of parts collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(f"{len(data)}\0".encode("ascii"))
        hasher.update(data)
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def toolkit_fingerprint() -> str:
    """A hash of the toolkit's source files (code, data and templates), Python's version and the versions of the
    libraries and GNU tools that shape a parse, a merge or a finding."""
    package = Path(__file__).resolve().parent.parent
    parts: list[bytes | str] = [sys.version]
    # Code and its data (the claim phrase lists), and the toolkit's own templates:
    # a web page or a library page is made from them as much as from the code.
    for folder in (package, package.parent / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts \
                    and path.suffix not in (".pyc", ".tmp"):
                parts += [path.relative_to(package.parent).as_posix(), path.read_bytes()]
    for name in _PACKAGES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} -")
    parts += [tool_identity("msgfmt"), tool_identity("msgcat")]
    return digest(*parts)


@lru_cache(maxsize=None)
def tool_identity(name: str) -> str:
    """Which GNU tool runs: its path, size and modification time (no process started)."""
    found = shutil.which(name)
    if found is None:
        return f"{name} -"
    info = os.stat(found)
    return f"{found}:{info.st_size}:{info.st_mtime_ns}"


def _entry_path(kind: str, key: str) -> Path | None:
    root = _state["root"]
    if root is None:
        return None
    return root / kind / key[:2] / f"{key}.json"


def lookup(kind: str, key: str, valid: Callable[[Any], bool]) -> Any:
    """The value stored for *key*, if there is one, it names *key* and *valid* accepts it;
    else ``None``."""
    path = _entry_path(kind, key)
    if path is None:
        return None
    return _read(str(path), kind, key, valid)


@lru_cache(maxsize=256)
def _read_text(path: str) -> str | None:
    try:
        return read_input(path, HandoutError, "cache entry").decode("utf-8")
    except (HandoutError, UnicodeDecodeError):
        return None


def _read(path: str, kind: str, key: str, valid: Callable[[Any], bool]) -> Any:
    """An entry is one line of JSON naming it (format, kind, key, signature), then its
    value as JSON."""
    if not os.path.isfile(path):
        return None
    text = _read_text(path)
    if text is None:
        return None
    head, _, value_text = text.partition("\n")
    try:
        header = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(header, dict) and header.get("format") == CACHE_FORMAT
            and header.get("kind") == kind and header.get("key") == key
            and isinstance(header.get("mac"), str)):
        return None
    if not hmac.compare_digest(header["mac"], _signature(kind, key, value_text)):
        return None     # not written by this user's toolkit: never believed
    try:
        value = json.loads(value_text)
        return value if valid(value) else None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError):
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Keep *value* for *key*; silently nothing if the cache cannot be written."""
    path = _entry_path(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not is_inside(path.parent, _state["project"]):
            return     # a link leads out of the cache's folder: keep nothing there
        value_text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        header = json.dumps({"format": CACHE_FORMAT, "kind": kind, "key": key,
                             "mac": _signature(kind, key, value_text)})
        write_atomic(path, f"{header}\n{value_text}")
    except (HandoutError, OSError, ValueError):
        return


# --- the shapes of entries ---------------------------------------------------------------

def is_true(value: Any) -> bool:
    return value is True


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# --- frozen dataclasses (an article's blocks) as JSON ---------------------------------------

def encode_tree(value: Any) -> Any:
    """*value* (frozen dataclasses, tuples, dates, paths and scalars) as JSON data."""
    if is_dataclass(value) and not isinstance(value, type):
        return {"c": type(value).__name__,
                "f": [encode_tree(getattr(value, spec.name)) for spec in fields(value)]}
    if isinstance(value, tuple):
        return {"t": [encode_tree(item) for item in value]}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, PurePath):
        return {"p": str(value)}
    if value is None or isinstance(value, (str, int)):
        return value
    raise ValueError(f"cannot keep a {type(value).__name__} in the cache")


def decode_tree(data: Any, classes: dict[str, type]) -> Any:
    """The value :func:`encode_tree` made *data* from; only *classes* may be built.

    Raises :class:`ValueError` for anything else (an unknown class, a wrong number
    of fields, a type JSON cannot have come from).
    """
    if data is None or isinstance(data, (str, bool, int)):
        return data
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise ValueError("not an encoded value")
    if "c" in data:
        cls = classes.get(data["c"]) if isinstance(data["c"], str) else None
        values = data.get("f")
        if cls is None or not isinstance(values, list) or len(values) != len(fields(cls)):
            raise ValueError("unknown class or wrong fields")
        return cls(*(decode_tree(item, classes) for item in values))
    (tag, inner), = data.items()
    if tag == "t" and isinstance(inner, list):
        return tuple(decode_tree(item, classes) for item in inner)
    if tag == "d" and isinstance(inner, str):
        return dt.date.fromisoformat(inner)
    if tag == "p" and isinstance(inner, str):
        return Path(inner)
    raise ValueError("not an encoded value")
