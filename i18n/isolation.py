"""Run a function in a forked child process that can be stopped.

A time limit inside the process (``SIGALRM``) cannot interrupt a long call
into C: a 4,000,000-character line keeps Pango busy for minutes, and neither
the alarm nor Ctrl-C gets through.  A child process can always be killed.
The child is a fork, so it starts with everything the parent has imported
(WeasyPrint, fonts) and costs a few milliseconds.

The child also dies with its parent (``PR_SET_PDEATHSIG``): a killed batch
leaves no renderer running and writing.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import select
import signal
import time
from typing import Any, Callable

from .errors import HandoutError, RenderError

_PR_SET_PDEATHSIG = 1
_KILL_GRACE = 2.0


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent exits (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def call_with_time_limit(func: Callable[..., Any], *args: Any, timeout: float,
                         what: str) -> Any:
    """``func(*args)`` in a forked child; its result, or its error raised here.

    Raises :class:`RenderError` naming *what* when the child runs past
    *timeout* seconds (it is killed), or dies.  On Ctrl-C the child is killed
    and :class:`KeyboardInterrupt` propagates at once.
    """
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        _child(func, args, read_end, write_end, parent)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RenderError(f"rendering took longer than {timeout:g} s; stopped", what)
            ready, _, _ = select.select([read_end], [], [], min(remaining, 0.5))
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        raise RenderError(f"the renderer stopped unexpectedly (status {status})", what) from None
    if kind == "ok":
        return value
    if kind == "user-error":
        raise _rebuild_error(*value)
    if kind == "interrupted":
        raise KeyboardInterrupt
    raise RenderError(f"the renderer failed: {value}", what)


def _rebuild_error(name: str, message: str, filename: str | None,
                   lineno: int | None) -> HandoutError:
    from . import errors
    cls = getattr(errors, name, HandoutError)
    if not (isinstance(cls, type) and issubclass(cls, HandoutError)):
        cls = HandoutError
    return cls(message, filename, lineno)


def _child(func, args, read_end: int, write_end: int, parent: int) -> None:
    """The forked child: run, send the outcome through the pipe, exit at once."""
    code = 0
    try:
        os.close(read_end)
        die_with_parent()
        if os.getppid() != parent:    # the parent died before the line above
            os._exit(1)
        try:
            outcome = ("ok", func(*args))
        except HandoutError as exc:
            outcome = ("user-error", (type(exc).__name__, exc.message, exc.filename, exc.lineno))
        except KeyboardInterrupt:
            outcome = ("interrupted", None)
        except BaseException as exc:  # reported in the parent, never a traceback here
            outcome = ("crash", f"{type(exc).__name__}: {exc}")
        data = pickle.dumps(outcome)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + _KILL_GRACE
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.01)
