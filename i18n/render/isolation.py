"""Run a function in a forked child process that can be stopped.

A time limit inside the process (``SIGALRM``) cannot interrupt a long call
into C: a 4,000,000-character line keeps Pango busy for minutes, and neither
the alarm nor Ctrl-C gets through.  A child process can always be killed.
The child is a fork, so it starts with everything the parent has imported
(WeasyPrint, fonts) and costs a few milliseconds.

A child can also be started before its call is known (:class:`ForkedWorker`):
``export.py pdf`` forks its renderer first, and the child imports WeasyPrint
while the parent reads and checks the handout.

The child also dies with its parent (``PR_SET_PDEATHSIG``): a killed batch
leaves no renderer running and writing.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
import pickle
import select
import signal
import struct
import time
from typing import Any, Callable

from ..errors import HandoutError, RenderError

_PR_SET_PDEATHSIG = 1
_KILL_GRACE = 2.0


@contextlib.contextmanager
def time_limit(seconds: float, what: str):
    """Run the block within *seconds* of wall time, or raise :class:`RenderError`
    naming *what* (a ``SIGALRM`` timer: it interrupts Python code and the regular
    expression engine, not a long call into C, which is why WeasyPrint runs in a
    child process).  Without a timer (not the main thread) the block just runs.
    """
    if threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise RenderError(f"checking and laying out the handout took longer than the render "
                          f"time limit ({seconds:g} s, render_timeout in clinic.yaml)", what)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent exits (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class ForkedWorker:
    """Calls of *func* in a forked child process, each within a time limit.

    The child forks at once and runs *prepare* (say, importing WeasyPrint)
    while this process gets the first call's arguments ready.  It then
    serves call after call, so what it caches (fonts, shaping, layout)
    stays warm: a long-lived preview renders about a third faster than
    with a fresh fork per render.  A call past its time limit, a Ctrl-C or
    a crash kills the child; the next call forks a fresh one.
    """

    def __init__(self, func: Callable[..., Any], prepare: Callable[[], Any] | None = None):
        self._func, self._prepare = func, prepare
        self.pid: int | None = None
        self._start()

    def _start(self) -> None:
        parent = os.getpid()
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            _serve(self._func, self._prepare, request_read, reply_write, parent,
                   unused=(request_write, reply_read))
        os.close(request_read)
        os.close(reply_write)
        os.set_blocking(request_write, False)
        self.pid, self._request, self._reply = pid, request_write, reply_read

    def call(self, *args: Any, timeout: float, what: str) -> Any:
        """``func(*args)`` in the child: its result, or its error raised here.

        Raises :class:`RenderError` naming *what* when the child runs past
        *timeout* seconds (it is killed), or dies.  On Ctrl-C the child is
        killed and :class:`KeyboardInterrupt` propagates at once.
        """
        if self.pid is None:
            self._start()
        deadline = time.monotonic() + timeout
        try:
            _send(self._request, _frame(pickle.dumps(args)), deadline, timeout, what)
            data = _receive(self._reply, deadline, timeout, what)
        except BaseException:
            self.close()
            raise
        if data is None:
            status = self.close()
            raise RenderError(f"the renderer stopped unexpectedly (status {status})", what)
        kind, value = pickle.loads(data)
        if kind == "ok":
            return value
        if kind == "user-error":
            raise _rebuild_error(*value)
        if kind == "interrupted":
            raise KeyboardInterrupt
        raise RenderError(f"the renderer failed: {value}", what)

    def close(self) -> int | None:
        """Stop the child (it holds no file open for writing); its wait status."""
        if self.pid is None:
            return None
        os.close(self._request)
        os.close(self._reply)
        status = _kill(self.pid)
        self.pid = None
        return status

    def __enter__(self) -> "ForkedWorker":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def call_with_time_limit(func: Callable[..., Any], *args: Any, timeout: float,
                         what: str) -> Any:
    """``func(*args)`` in a fresh forked child; see :meth:`ForkedWorker.call`."""
    with ForkedWorker(func) as worker:
        return worker.call(*args, timeout=timeout, what=what)


_LENGTH = struct.Struct("!Q")


def _frame(data: bytes) -> bytes:
    return _LENGTH.pack(len(data)) + data


def _timed_out(timeout: float, what: str) -> RenderError:
    return RenderError(f"rendering took longer than {timeout:g} s; stopped", what)


def _send(fd: int, data: bytes, deadline: float, timeout: float, what: str) -> None:
    """Write *data* to the child (non-blocking *fd*), which reads it once prepared."""
    view = memoryview(data)
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
                return   # the child died: the reply's end says so


def _receive(fd: int, deadline: float, timeout: float, what: str) -> bytes | None:
    """One framed reply from the child, or ``None`` if it died first."""
    buffer = bytearray()
    wanted = _LENGTH.size
    while len(buffer) < wanted:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timed_out(timeout, what)
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.5))
        if ready:
            chunk = os.read(fd, min(wanted - len(buffer), 1 << 20))
            if not chunk:
                return None
            buffer += chunk
            if wanted == _LENGTH.size and len(buffer) == wanted:
                wanted += _LENGTH.unpack(buffer)[0]
    return bytes(buffer[_LENGTH.size:])


def _read_frame(fd: int) -> bytes | None:
    """One framed request (blocking), or ``None`` at the end of the requests."""
    header = _read_exactly(fd, _LENGTH.size)
    return None if header is None else _read_exactly(fd, _LENGTH.unpack(header)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
        chunk = os.read(fd, min(size - len(buffer), 1 << 20))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)


def _rebuild_error(name: str, message: str, filename: str | None,
                   lineno: int | None) -> HandoutError:
    from .. import errors
    cls = getattr(errors, name, HandoutError)
    if not (isinstance(cls, type) and issubclass(cls, HandoutError)):
        cls = HandoutError
    return cls(message, filename, lineno)


def _serve(func, prepare, request_read: int, reply_write: int, parent: int,
           unused: tuple[int, ...]) -> None:
    """The forked child: prepare, then answer each request until they end; exit at once."""
    code = 0
    try:
        for fd in unused:
            os.close(fd)
        die_with_parent()
        if os.getppid() != parent:    # the parent died before the line above
            os._exit(1)
        # Ctrl-C is the parent's to handle: it stops this child, or lets a
        # batch's running job finish.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        failed = None
        try:
            if prepare is not None:
                prepare()
        except Exception as exc:      # reported to the first call
            failed = ("crash", f"{type(exc).__name__}: {exc}")
        while (request := _read_frame(request_read)) is not None:
            outcome = failed or _run(func, request)
            try:
                data = pickle.dumps(outcome)
            except Exception as exc:
                data = pickle.dumps(("crash", f"unpicklable result: {exc}"))
            view = memoryview(_frame(data))
            while view:
                view = view[os.write(reply_write, view):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _run(func, request: bytes) -> tuple[str, Any]:
    try:
        return ("ok", func(*pickle.loads(request)))
    except HandoutError as exc:
        return ("user-error", (type(exc).__name__, exc.message, exc.filename, exc.lineno))
    except KeyboardInterrupt:
        return ("interrupted", None)
    except BaseException as exc:  # reported in the parent, never a traceback here
        return ("crash", f"{type(exc).__name__}: {exc}")


def _kill(pid: int) -> int | None:
    """SIGKILL *pid* and reap it; its wait status (``None`` if it outlives the grace)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + _KILL_GRACE
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.005)
    return None
