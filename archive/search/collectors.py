"""A Whoosh collector that filters by a numpy mask and stops at a deadline.

Whoosh's TimeLimitCollector wrapped around its FilterCollector silently drops the filter (it iterates the
child's matches and collects them itself), so filtering and the time limit live here together.
"""

from __future__ import annotations

import time

import numpy as np
from whoosh.collectors import Collector, TimeLimit, WrappingCollector

DEADLINE_CHECK_EVERY = 256


class BoundedCollector(WrappingCollector):
    """Collect into `child` only documents with allowed[docnum] (all when None); raise TimeLimit after `seconds`."""

    def __init__(self, child: Collector, *, allowed: np.ndarray | None, seconds: float) -> None:
        super().__init__(child)
        self.allowed = allowed
        self.seconds = seconds
        self.deadline = 0.0

    def prepare(self, top_searcher, q, context) -> None:
        self.child.prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds

    def collect_matches(self) -> None:
        child, allowed = self.child, self.allowed
        offset = child.offset
        for count, sub_docnum in enumerate(child.matches()):
            if count % DEADLINE_CHECK_EVERY == 0 and time.monotonic() > self.deadline:
                raise TimeLimit
            if allowed is None or allowed[offset + sub_docnum]:
                child.collect(sub_docnum)
