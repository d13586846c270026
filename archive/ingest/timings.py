"""Where an import's time goes: seconds and texts per second for each stage. No Django.

read+parse and extract run in worker processes: their seconds are summed over the workers (so with 2 workers
they can add up to twice the wall time, and their texts/s is what one worker does). database and index run in
the main process; `waiting` is the main process's time spent waiting for the workers (wall time the database
was idle). `total` is wall time, end to end.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

STAGES = ("read_parse", "extract", "database", "index")
LABELS = {"read_parse": "read+parse", "extract": "extract", "database": "database", "index": "index",
          "waiting": "waiting for workers"}  # fmt: skip


@dataclass
class StageTimings:
    texts: int = 0
    workers: int = 1
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys((*STAGES, "waiting"), 0.0))
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    total: float = 0.0
    _started: float = field(default_factory=time.perf_counter, repr=False)

    def add(self, stage: str, seconds: float, cpu: float = 0.0) -> None:
        self.seconds[stage] += seconds
        if stage in self.cpu:
            self.cpu[stage] += cpu

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - started, time.process_time() - cpu_started)

    def finish(self) -> None:
        """Stop the wall clock (started when the timings were made)."""
        self.total = time.perf_counter() - self._started

    def rate(self, seconds: float) -> float:
        return round(self.texts / seconds, 1) if seconds > 0 else 0.0

    def as_dict(self) -> dict:
        """{"texts", "workers", "<stage>_s", "<stage>_per_s", "<stage>_cpu_s" for each stage, "waiting_s",
        "total_s", "total_per_s"}."""
        data: dict = {"texts": self.texts, "workers": self.workers}
        for stage, seconds in self.seconds.items():
            data[f"{stage}_s"] = round(seconds, 3)
            if stage != "waiting":
                data[f"{stage}_per_s"] = self.rate(seconds)
                data[f"{stage}_cpu_s"] = round(self.cpu[stage], 3)
        data["total_s"] = round(self.total, 3)
        data["total_per_s"] = self.rate(self.total)
        return data

    def summary(self) -> str:
        parts = [f"{LABELS[stage]} {self.seconds[stage]:.2f} s ({self.rate(self.seconds[stage])} texts/s, "
                 f"cpu {self.cpu[stage]:.2f} s)" for stage in STAGES]
        parts.append(f"{LABELS['waiting']} {self.seconds['waiting']:.2f} s")
        workers = f"{self.workers} worker{'s' if self.workers != 1 else ''}"
        return (f"timings ({self.texts} texts, {workers}): " + ", ".join(parts)
                + f"; total {self.total:.2f} s ({self.rate(self.total)} texts/s)")
