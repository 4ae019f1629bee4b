"""Bounded reads and atomic, confined writes: the one way the toolkit touches files.

Every write goes through :func:`write_atomic` (a reader never sees a
half-written file; with *within*, nothing is written through a symbolic link
leading out of that folder).  Every read of a project input goes through
:func:`read_input` (no FIFO, no giant file; with *confine*, no symbolic link
leading out of the project).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from .errors import HandoutError, OutputError


def write_atomic(path: str | os.PathLike, data: bytes | str,
                 validate: Callable[[Path], None] | None = None, *,
                 within: str | os.PathLike | None = None) -> Path:
    """Write *data* to *path* through a temporary file in the same folder.

    The temporary file is renamed over *path* only once it is complete (and
    *validate*, given its path, has not raised), so an error or a Ctrl-C
    leaves either the old file or none, never a partial or invalid one.
    With *within* (``dist/``, ``drafts/``), *path* must lie inside that folder
    with every symbolic link followed, checked before a folder is made and
    again before the rename (:func:`confined`).
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if within is not None:
        confined(path, within)
    if path.exists() and not path.is_file():   # never rename over a device, FIFO or folder
        raise OutputError("cannot write file: not a regular file", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if within is not None:
            confined(path, within)
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


def write_if_changed(path: str | os.PathLike, data: bytes | str, *,
                     within: str | os.PathLike | None = None) -> bool:
    """Write *data* atomically unless *path* already holds exactly it (*within*: as
    for :func:`write_atomic`)."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if within is not None:
        confined(path, within)
    # Only a regular file of the same size is read: a FIFO would block here
    # (write_atomic then refuses it in one line).
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    write_atomic(path, data, within=within)
    return True


#: No article, catalog or config of a clinic comes near this; a larger file is
#: refused rather than read into memory.
MAX_INPUT_BYTES = 20 * 1024 * 1024


#: The file that makes a folder a project: its inputs are read only from inside it.
PROJECT_FILE = "clinic.yaml"


def project_root_of(path: str | os.PathLike) -> Path | None:
    """The nearest folder above *path*, as written (links not followed), that holds
    ``clinic.yaml``: the project *path* belongs to, or ``None``."""
    for folder in Path(os.path.abspath(path)).parents:
        if os.path.lexists(folder / PROJECT_FILE):
            return folder
    return None


def refuse_outside_project(path: str | os.PathLike, error: type[HandoutError] = HandoutError,
                           what: str = "file") -> None:
    """*error* naming *path* when, with every symbolic link followed, it leads out
    of the project it is written in (:func:`project_root_of`)."""
    folder, name = os.path.split(os.path.abspath(path))
    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        link = False
    if not link and name:
        # Not a link itself: it is where its folder really is (thousands of
        # catalogs share a handful of folders).
        root, inside = _folder_facts(folder)
    else:
        root = project_root_of(path)
        inside = root is None or is_inside(path, root)
    if root is not None and not inside:
        raise error(f"refusing to read the {what} through a symbolic link that leads out of "
                    f"the project (to {Path(path).resolve()})", path)


#: What a command learns of the files once, forgotten when the next one starts
#: (:func:`new_command`, called by ``Project.load``): a command does not move the
#: project's folders, and 9,000 handouts share them.
_COMMAND_MEMOS: list[dict] = []


def command_memo() -> dict:
    """A dict that is emptied when a new command starts (:func:`new_command`)."""
    memo: dict = {}
    _COMMAND_MEMOS.append(memo)
    return memo


def new_command() -> None:
    """Forget what the last command learnt of the files (:func:`command_memo`)."""
    for memo in _COMMAND_MEMOS:
        memo.clear()


#: Per folder: (its project, whether it really lies inside it).
_FOLDERS: dict[str, tuple[Path | None, bool]] = command_memo()


def _folder_facts(folder: str) -> tuple[Path | None, bool]:
    if folder not in _FOLDERS:
        root = project_root_of(os.path.join(folder, "-"))
        _FOLDERS[folder] = (root, root is None or is_inside(folder, root))
    return _FOLDERS[folder]


def read_input(path: str | os.PathLike, error: type[HandoutError] = HandoutError,
               what: str = "file", *, confine: bool = False) -> bytes:
    """The bytes of an input file, or *error* naming it in one line.

    A folder, a FIFO or a device is refused before it is opened (a FIFO would
    block), and so is a file over :data:`MAX_INPUT_BYTES`.  With *confine*
    (articles, catalogs, glossaries, review records, the config), a symbolic
    link leading out of the project is refused before anything is read.
    """
    path = Path(path)
    if confine:
        refuse_outside_project(path, error, what)
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
            # Sized by the file (a buffer of the limit's size per read is slow); a file
            # that grew since stat() is read on, up to the limit, as before.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_INPUT_BYTES + 1 - len(data))
            return data
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", path) from None


def is_inside(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """Whether *path*, with every symbolic link followed, lies inside *root*."""
    real, base = _real_path(path), _real_folder(os.path.abspath(root))
    if real is None or base is None:
        return False
    return real == base or real.startswith(os.path.join(base, ""))


def _real_path(path: str | os.PathLike) -> str | None:
    """*path* with every symbolic link followed (``None``: a loop); a file that is not a
    link is where its folder really is, and folders are looked at once per command."""
    if ".." not in Path(path).parts:    # (.. after a link is not where abspath puts it)
        folder, name = os.path.split(os.path.abspath(path))
        try:
            link = stat.S_ISLNK(os.lstat(os.path.join(folder, name)).st_mode)
        except OSError:
            link = False
        if name and not link:
            real = _real_folder(folder)
            return None if real is None else os.path.join(real, name)
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):   # a symbolic link loop
        return None


def _real_folder(folder: str) -> str | None:
    if folder not in _REAL_FOLDERS:
        try:
            _REAL_FOLDERS[folder] = str(Path(folder).resolve())
        except (OSError, RuntimeError):
            _REAL_FOLDERS[folder] = None
    return _REAL_FOLDERS[folder]


_REAL_FOLDERS: dict[str, str | None] = command_memo()


def refuse_project_input(path: str | os.PathLike, inputs: Iterable[str | os.PathLike],
                         option: str) -> None:
    """:class:`OutputError` when *path* (an ``-o`` or ``--html`` the user gave) is one
    of the project's *inputs* (files or folders: articles, catalogs, templates,
    ``clinic.yaml``) or lies inside one; ``--force`` skips this check."""
    for item in inputs:
        if item is not None and is_inside(path, item):
            raise OutputError(f"refusing to write {option} over an input of the project "
                              f"({Path(item).name}); choose another file, or add --force",
                              path)


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


def remove_within(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """Delete the file or link *path* if it lies inside *root*, never through a link out of it.

    Returns whether it was deleted: ``False`` when there is no such file, or when
    it may not or cannot be deleted (an output left behind is for ``verify`` to
    report, not a reason to stop a run).
    """
    path = Path(path)
    try:
        if not (path.is_file() or path.is_symlink()):
            return False
        confined(path, root).unlink()
        return True
    except (HandoutError, OSError):
        return False
