"""One writer at a time in ``dist/``: a lock that concurrent runs take.

Two ``export.py all`` runs at once would each read the manifest, build, and
write it back, and the second would drop the first one's entries (and its
library links).  So every command that writes ``dist/`` holds an exclusive
``flock`` on the ``dist/`` folder itself for its whole run, and ``verify`` a
shared one.  A second run waits for the first, saying so once on stderr.
The lock adds no file to ``dist/``, and the kernel releases it when a run
ends, however it ends, so a killed run never leaves ``dist/`` locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from typing import Callable, Iterator

from ..errors import OutputError, display_path


@contextlib.contextmanager
def dist_lock(project, shared: bool = False,
              on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock on ``dist/`` (exclusive, or *shared* for readers) until the block ends.

    If another run holds it, *on_wait* is called once with a message saying
    so, and the lock is awaited.  A reader (*shared*) takes no lock when there
    is no ``dist/`` yet, and creates nothing; a writer creates ``dist/``.
    """
    folder = project.dist_dir
    if shared and not folder.is_dir():
        yield
        return
    try:
        if not shared:
            folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(f"cannot take the lock on {folder.name}/: {exc.strerror or exc}",
                          folder) from None
    try:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"waiting: another export.py run is writing {display_path(folder)}/ "
                        "(it goes on when that run ends)")
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)      # releases the lock
