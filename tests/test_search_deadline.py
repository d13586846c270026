"""The hard deadline interrupts work in the main thread and stays out of other threads' way."""

from __future__ import annotations

import threading
import time

import pytest

from archive.search.deadline import SearchTimeout, hard_deadline


def busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_it_interrupts_a_busy_loop_in_the_main_thread():
    started = time.monotonic()
    with pytest.raises(SearchTimeout), hard_deadline(0.05):
        busy(5)
    assert time.monotonic() - started < 1


def test_it_leaves_no_timer_behind():
    with hard_deadline(0.05):
        pass
    busy(0.1)  # an alarm left armed would raise here


def test_in_another_thread_it_does_nothing():
    outcome = []

    def work():
        with hard_deadline(0.01):
            busy(0.05)
        outcome.append("finished")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert outcome == ["finished"]
