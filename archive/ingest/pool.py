"""Read, parse and extract files batch by batch, in worker processes or (few files) in this one. No Django.

`prepared_batches` yields the files batch by batch, in order. With workers, batch k+1 is submitted before
batch k is handed out, so the workers extract while the caller writes batch k to the database. Batch k+1 is
submitted only once batch k is extracted: its texts then know the names found in batch k (see prepare.py).

The workers learn the names through an append-only file: each task says up to which byte it may read, so a
worker that missed some batches catches up, and none reads names of its own batch.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .prepare import KnownNames, Prepared, found_names, prepare_file
from .reading.origins import TextFile
from .timings import StageTimings

BATCH_SIZE = 500
FIRST_BATCH = 10  # batches double up to BATCH_SIZE: a run into an empty archive learns its names early
POOL_MIN_FILES = 300  # below this, a few seconds of work: not worth processes and their sync points
TASKS_PER_WORKER = 8  # per batch: small tasks keep both workers busy up to the end of a batch
# fork: a worker starts in milliseconds with everything imported, and spawn would re-run the caller's main
# script in each worker (a script without `if __name__ == "__main__"` would import again). The workers never
# use the database connection they inherit; they only read files and run the extraction rules.
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def prepared_batches(
    files: Sequence[TextFile], *, known: KnownNames, max_bytes: int, workers: int = 1, batch_size: int = BATCH_SIZE,
    timings: StageTimings | None = None,
) -> Iterator[list[Prepared]]:
    """The files read, parsed and extracted, one list per batch, in order; `known` grows batch by batch."""
    batches = split(files, batch_size)
    if workers <= 1 or len(files) < 2:
        for batch in batches:
            prepared = [prepare_file(file, max_bytes=max_bytes, known=known.names) for file in batch]
            known.add(found_names(prepared))
            yield prepared
        return
    yield from _pooled(batches, known=known, max_bytes=max_bytes, workers=workers, timings=timings)


def split(files: Sequence[TextFile], batch_size: int) -> list[list[TextFile]]:
    """Consecutive batches of 10, 20, 40 … files, then `batch_size` each. A text knows the names found in
    earlier batches only: small first batches let the names of a run's first texts help the next ones."""
    batches, start, size = [], 0, min(FIRST_BATCH, batch_size)
    while start < len(files):
        batches.append(list(files[start:start + size]))
        start += size
        size = min(size * 2, batch_size)
    return batches


def _pooled(batches: list[list[TextFile]], *, known: KnownNames, max_bytes: int, workers: int,
            timings: StageTimings | None) -> Iterator[list[Prepared]]:
    context = multiprocessing.get_context(START_METHOD)
    with tempfile.TemporaryDirectory(prefix="qujat-import-") as folder:
        names_file = Path(folder) / "known-names.txt"
        names_file.write_text("".join(f"{name}\n" for name in known.names), encoding="utf-8")
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            pending = _submit(executor, batches[0], max_bytes, names_file, workers) if batches else []
            for number in range(len(batches)):
                started = time.perf_counter()
                prepared = [item for task in pending for item in task.result()]
                if timings is not None:
                    timings.add("waiting", time.perf_counter() - started)
                with names_file.open("a", encoding="utf-8") as out:
                    out.writelines(f"{name}\n" for name in known.add(found_names(prepared)))
                if number + 1 < len(batches):
                    pending = _submit(executor, batches[number + 1], max_bytes, names_file, workers)
                yield prepared
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


def _submit(executor: ProcessPoolExecutor, batch: list[TextFile], max_bytes: int, names_file: Path,
            workers: int) -> list[Future]:
    size = max(1, math.ceil(len(batch) / (workers * TASKS_PER_WORKER)))
    upto = names_file.stat().st_size
    return [executor.submit(_prepare_task, batch[i:i + size], max_bytes, str(names_file), upto)
            for i in range(0, len(batch), size)]


# Worker process state: the names known so far and how far into the names file they were read.
_known: KnownNames | None = None
_read_upto = 0


def _prepare_task(files: list[TextFile], max_bytes: int, names_file: str, upto: int) -> list[Prepared]:
    global _known, _read_upto
    if _known is None:
        _known = KnownNames()
    if upto > _read_upto:
        with open(names_file, "rb") as source:
            source.seek(_read_upto)
            _known.add(source.read(upto - _read_upto).decode("utf-8").splitlines())
        _read_upto = upto
    return [prepare_file(file, max_bytes=max_bytes, known=_known.names) for file in files]
