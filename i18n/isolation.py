"""Run a function in a forked child process that can be stopped.

A time limit inside the process (``SIGALRM``) cannot interrupt a long call
into C: a 4,000,000-character line keeps Pango busy for minutes, and neither
the alarm nor Ctrl-C gets through.  A child process can always be killed.
The child is a fork, so it starts with everything the parent has imported
(WeasyPrint, fonts) and costs a few milliseconds.

A child can also be started before its call is known (:class:`ForkedCall`):
``export.py pdf`` forks its renderer first, and the child imports WeasyPrint
while the parent reads and checks the handout.

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


class ForkedCall:
    """One call of *func* in a forked child, started before its arguments exist.

    The child forks at once and runs *prepare* (say, importing WeasyPrint)
    while this process gets the arguments ready; :meth:`call` then sends
    them and waits for the outcome.  A child that is never called is killed
    by :meth:`close` (or when this process exits).
    """

    def __init__(self, func: Callable[..., Any], prepare: Callable[[], Any] | None = None):
        parent = os.getpid()
        request_read, self._request = os.pipe()
        self._reply, reply_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            _child(func, prepare, request_read, reply_write, parent,
                   unused=(self._request, self._reply))
        os.close(request_read)
        os.close(reply_write)
        self._open = True

    def call(self, *args: Any, timeout: float, what: str) -> Any:
        """``func(*args)`` in the child: its result, or its error raised here.

        Raises :class:`RenderError` naming *what* when the child runs past
        *timeout* seconds (it is killed), or dies.  On Ctrl-C the child is
        killed and :class:`KeyboardInterrupt` propagates at once.
        """
        if not self._open:
            raise RuntimeError("a ForkedCall runs one call")
        deadline = time.monotonic() + timeout
        try:
            _send(self._request, pickle.dumps(args), deadline, timeout, what)
            os.close(self._request)   # end of the arguments
            self._request = None
            data = _receive(self._reply, deadline, timeout, what)
        except BaseException:
            self.close()
            raise
        self._close_pipes()
        _, status = os.waitpid(self.pid, 0)
        try:
            kind, value = pickle.loads(data)
        except Exception:
            raise RenderError(f"the renderer stopped unexpectedly (status {status})",
                              what) from None
        if kind == "ok":
            return value
        if kind == "user-error":
            raise _rebuild_error(*value)
        if kind == "interrupted":
            raise KeyboardInterrupt
        raise RenderError(f"the renderer failed: {value}", what)

    def close(self) -> None:
        """Kill the child unless its call is done."""
        if self._open:
            self._close_pipes()
            _kill(self.pid)

    def _close_pipes(self) -> None:
        if self._open:
            self._open = False
            for fd in (self._request, self._reply):
                if fd is not None:
                    os.close(fd)

    def __enter__(self) -> "ForkedCall":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def call_with_time_limit(func: Callable[..., Any], *args: Any, timeout: float,
                         what: str) -> Any:
    """``func(*args)`` in a forked child; see :meth:`ForkedCall.call`."""
    return ForkedCall(func).call(*args, timeout=timeout, what=what)


def _timed_out(timeout: float, what: str) -> RenderError:
    return RenderError(f"rendering took longer than {timeout:g} s; stopped", what)


def _send(fd: int, data: bytes, deadline: float, timeout: float, what: str) -> None:
    """Write *data* to the child, which reads it once prepared."""
    view = memoryview(data)
    os.set_blocking(fd, False)
    while view:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timed_out(timeout, what)
        _, ready, _ = select.select([], [fd], [], min(remaining, 0.5))
        if ready:
            try:
                view = view[os.write(fd, view):]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                return   # the child died; its outcome (or none) says why


def _receive(fd: int, deadline: float, timeout: float, what: str) -> bytes:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timed_out(timeout, what)
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.5))
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _rebuild_error(name: str, message: str, filename: str | None,
                   lineno: int | None) -> HandoutError:
    from . import errors
    cls = getattr(errors, name, HandoutError)
    if not (isinstance(cls, type) and issubclass(cls, HandoutError)):
        cls = HandoutError
    return cls(message, filename, lineno)


def _child(func, prepare, request_read: int, reply_write: int, parent: int,
           unused: tuple[int, ...]) -> None:
    """The forked child: prepare, read the arguments, run, send the outcome, exit at once."""
    code = 0
    try:
        for fd in unused:
            os.close(fd)
        die_with_parent()
        if os.getppid() != parent:    # the parent died before the line above
            os._exit(1)
        try:
            if prepare is not None:
                prepare()
            request = _read_all(request_read)
            if not request:           # closed without a call: nothing to do
                os._exit(0)
            outcome = ("ok", func(*pickle.loads(request)))
        except HandoutError as exc:
            outcome = ("user-error", (type(exc).__name__, exc.message, exc.filename, exc.lineno))
        except KeyboardInterrupt:
            outcome = ("interrupted", None)
        except BaseException as exc:  # reported in the parent, never a traceback here
            outcome = ("crash", f"{type(exc).__name__}: {exc}")
        data = pickle.dumps(outcome)
        view = memoryview(data)
        while view:
            view = view[os.write(reply_write, view):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


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
