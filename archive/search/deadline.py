"""A hard time limit on the engine's work for one query.

Whoosh's matchers loop inside the library: an intersection that yields few documents (a 40-word AND took 29 s
at 100,000 articles) never comes back to code of ours that could look at the clock. In the main thread
(gunicorn's sync workers, commands, tests) a real-time timer interrupts it; in other threads (runserver's
request threads) only the soft checks between yielded documents apply.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class SearchTimeout(RuntimeError):
    """The query took longer than its budget."""


def _on_alarm(signum, frame) -> None:
    raise SearchTimeout


@contextmanager
def hard_deadline(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
