"""A call in a forked child: results, errors, time limits, and a child started early."""

from __future__ import annotations

import os
import time

import pytest

from i18n.errors import CatalogError, RenderError
from i18n.render.isolation import ForkedWorker, call_with_time_limit


def add(a, b):
    return a + b


def refuse(path):
    raise CatalogError("bad entry", path, 7)


def sleep_forever():
    time.sleep(600)


def pid_of_child():
    return os.getpid()


def crash_on_prepare():
    raise ImportError("no module named weasyprint")


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_result_comes_back_from_another_process():
    assert call_with_time_limit(add, 2, 40, timeout=10, what="x") == 42
    assert call_with_time_limit(pid_of_child, timeout=10, what="x") != os.getpid()


def test_a_user_error_keeps_its_type_file_and_line():
    with pytest.raises(CatalogError) as caught:
        call_with_time_limit(refuse, "locales/zh_TW/LC_MESSAGES/handout.po", timeout=10, what="x")
    assert str(caught.value) == "locales/zh_TW/LC_MESSAGES/handout.po:7: bad entry"


def test_a_child_past_its_time_limit_is_killed():
    call = ForkedWorker(sleep_forever)
    pid = call.pid
    start = time.monotonic()
    with pytest.raises(RenderError, match="longer than 0.5 s"):
        call.call(timeout=0.5, what="slow.pdf")
    assert time.monotonic() - start < 3
    assert not process_exists(pid)


def test_child_started_early_prepares_before_the_arguments_exist(tmp_path):
    marker = tmp_path / "prepared"
    call = ForkedWorker(add, prepare=lambda: marker.write_text("yes"))
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:   # the child works meanwhile
        time.sleep(0.01)
    assert marker.read_text() == "yes"
    assert call.call("ab", "cd", timeout=10, what="x") == "abcd"


def test_arguments_larger_than_a_pipe_buffer_reach_a_busy_child():
    call = ForkedWorker(len, prepare=lambda: time.sleep(0.3))
    assert call.call("字" * 3_000_000, timeout=10, what="x") == 3_000_000


def test_an_unused_child_is_stopped_by_close():
    with ForkedWorker(add, prepare=lambda: time.sleep(600)) as call:
        pid = call.pid
        assert process_exists(pid)
    assert not process_exists(pid)


def test_a_failed_preparation_is_reported_at_the_call():
    call = ForkedWorker(add, prepare=crash_on_prepare)
    with pytest.raises(RenderError, match="ImportError: no module named weasyprint"):
        call.call(1, 2, timeout=10, what="x")


def test_one_child_serves_call_after_call_and_survives_user_errors():
    with ForkedWorker(pid_of_child) as worker:
        first = worker.call(timeout=10, what="x")
        assert worker.call(timeout=10, what="x") == first != os.getpid()
    with ForkedWorker(refuse) as worker:
        pid = worker.pid
        for _ in range(2):
            with pytest.raises(CatalogError):
                worker.call("a.po", timeout=10, what="x")
        assert worker.pid == pid and process_exists(pid)


def test_after_a_timeout_the_next_call_gets_a_fresh_child():
    with ForkedWorker(time.sleep) as worker:
        killed = worker.pid
        with pytest.raises(RenderError, match="longer than"):
            worker.call(600, timeout=0.3, what="x")
        assert not process_exists(killed)
        assert worker.call(0, timeout=10, what="x") is None
        assert worker.pid not in (None, killed)


def test_a_child_that_dies_is_reported_not_awaited():
    with ForkedWorker(os._exit) as worker:
        with pytest.raises(RenderError, match="stopped unexpectedly"):
            worker.call(3, timeout=10, what="x")
