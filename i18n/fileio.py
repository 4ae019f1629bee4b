"""Atomic file writes: a reader never sees a half-written file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable

from .errors import HandoutError, OutputError


def write_atomic(path: str | os.PathLike, data: bytes | str,
                 validate: Callable[[Path], None] | None = None) -> Path:
    """Write *data* to *path* through a temporary file in the same folder.

    The temporary file is renamed over *path* only once it is complete (and
    *validate*, given its path, has not raised), so an error or a Ctrl-C
    leaves either the old file or none, never a partial or invalid one.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.exists() and not path.is_file():   # never rename over a device, FIFO or folder
        raise OutputError("cannot write file: not a regular file", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write file: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        if validate is not None:
            validate(Path(tmp))
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write file: {exc.strerror or exc}", path) from None
        raise
    return path


def write_if_changed(path: str | os.PathLike, data: bytes | str) -> bool:
    """Write *data* atomically unless *path* already holds exactly it."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    # Only a regular file of the same size is read: a FIFO would block here
    # (write_atomic then refuses it in one line).
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


#: No article, catalog or config of a clinic comes near this; a larger file is
#: refused rather than read into memory.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def read_input(path: str | os.PathLike, error: type[HandoutError] = HandoutError,
               what: str = "file") -> bytes:
    """The bytes of an input file, or *error* naming it in one line.

    A folder, a FIFO or a device is refused before it is opened (a FIFO would
    block), and so is a file over :data:`MAX_INPUT_BYTES`.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{what} not found", path) from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"expected a {what}, found a folder", path)
    if not stat.S_ISREG(info.st_mode):
        raise error(f"expected a {what}, found a special file (FIFO, socket or device)", path)
    if info.st_size > MAX_INPUT_BYTES:
        raise error(f"{what} is too large ({info.st_size // (1024 * 1024)} MB; "
                    f"the limit is {MAX_INPUT_BYTES // (1024 * 1024)} MB)", path)
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", path) from None


def is_inside(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """Whether *path*, with every symbolic link followed, lies inside *root*."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def confined(path: str | os.PathLike, root: str | os.PathLike) -> Path:
    """*path*, after checking that it really lies inside *root*.

    Folders of ``dist/`` may have been copied from elsewhere (a CI runner's
    shard): a symbolic link there must not let a write or a deletion reach
    outside.  Raises :class:`OutputError` when *path*, with every link
    followed, is outside *root*.
    """
    path, root = Path(path), Path(root)
    if not is_inside(path, root):
        raise OutputError(f"refusing to write or delete outside {root.name}/ "
                          "(a symbolic link leads elsewhere)", path)
    return path
