"""Read, parse and extract files batch by batch, in worker processes or (few files) in this one. No Django.

`prepared_batches` yields the files batch by batch, in order. With workers, batch k+1 is submitted before
batch k is handed out, so the workers extract while the caller writes batch k to the database. Batch k+1 is
submitted only once batch k is extracted: its texts then know the names found in batch k (see prepare.py).

The workers learn the names through an append-only file: each task says up to which byte it may read, so a
worker that missed some batches catches up, and none reads names of its own batch.

A text fails alone even when it kills its worker (a crash in a C extension) or hangs it where the worker's own
alarm cannot reach: the batch is then run again one text per process, each killed at its time limit. Workers
end with the import that started them, even one killed by SIGKILL (`end_with_parent`).
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .prepare import TEXT_TIMEOUT, KnownNames, Prepared, found_names, prepare_file
from .reading.origins import TextFile
from .timings import StageTimings

BATCH_SIZE = 500
FIRST_BATCH = 10  # batches double up to BATCH_SIZE: a run into an empty archive learns its names early
POOL_MIN_FILES = 300  # below this, a few seconds of work: not worth processes and their sync points
HANG_GRACE_S = 30.0  # beyond a task's time limits, before its worker is taken to hang where no alarm reaches
TASKS_PER_WORKER = 8  # per batch: small tasks keep both workers busy up to the end of a batch
# fork: a worker starts in milliseconds with everything imported, and spawn would re-run the caller's main
# script in each worker (a script without `if __name__ == "__main__"` would import again). The workers never
# use the database connection they inherit; they only read files and run the extraction rules.
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def prepared_batches(
    files: Sequence[TextFile], *, known: KnownNames, max_bytes: int, workers: int = 1, batch_size: int = BATCH_SIZE,
    timings: StageTimings | None = None, text_timeout: float | None = TEXT_TIMEOUT, follow_symlinks: bool = False,
) -> Iterator[list[Prepared]]:
    """The files read, parsed and extracted, one list per batch, in order; `known` grows batch by batch."""
    batches = split(files, batch_size)
    options = {"max_bytes": max_bytes, "text_timeout": text_timeout, "follow_symlinks": follow_symlinks}
    if workers <= 1 or len(files) < 2:
        for batch in batches:
            prepared = [prepare_file(file, known=known.names, **options) for file in batch]
            known.add(found_names(prepared))
            yield prepared
        return
    yield from _pooled(batches, known=known, options=options, workers=workers, timings=timings)


def split(files: Sequence[TextFile], batch_size: int) -> list[list[TextFile]]:
    """Consecutive batches of 10, 20, 40 … files, then `batch_size` each. A text knows the names found in
    earlier batches only: small first batches let the names of a run's first texts help the next ones."""
    batches, start, size = [], 0, min(FIRST_BATCH, batch_size)
    while start < len(files):
        batches.append(list(files[start:start + size]))
        start += size
        size = min(size * 2, batch_size)
    return batches


def _pooled(batches: list[list[TextFile]], *, known: KnownNames, options: dict, workers: int,
            timings: StageTimings | None) -> Iterator[list[Prepared]]:
    context = multiprocessing.get_context(START_METHOD)
    with tempfile.TemporaryDirectory(prefix="qujat-import-") as folder:
        names_file = Path(folder) / "known-names.txt"
        names_file.write_text("".join(f"{name}\n" for name in known.names), encoding="utf-8")
        executor = _executor(context, workers)
        try:
            pending = _submit(executor, batches[0], options, names_file, workers) if batches else []
            for number in range(len(batches)):
                started = time.perf_counter()
                try:
                    prepared = [item for task, size in pending for item in task.result(_task_limit(options, size))]
                except (BrokenProcessPool, FutureTimeout):
                    # A worker died (a crash in a C extension, the kernel's OOM killer) or hangs where its own
                    # alarm cannot reach: end this pool, and run the batch's texts one by one, each in a process
                    # of its own, so that the text to blame fails alone.
                    _kill(executor)
                    prepared = [_prepare_alone(context, file, options, known.names) for file in batches[number]]
                    executor = _executor(context, workers)
                if timings is not None:
                    timings.add("waiting", time.perf_counter() - started)
                with names_file.open("a", encoding="utf-8") as out:
                    out.writelines(f"{name}\n" for name in known.add(found_names(prepared)))
                if number + 1 < len(batches):
                    pending = _submit(executor, batches[number + 1], options, names_file, workers)
                yield prepared
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


def _executor(context, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=end_with_parent,
                               initargs=(os.getpid(),))


def _task_limit(options: dict, files: int) -> float | None:
    """How long to wait for a task of `files` texts before deciding its worker hangs beyond its own alarm."""
    limit = options.get("text_timeout")
    return None if not limit else files * limit + HANG_GRACE_S


def _kill(executor: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor has no public way to stop a worker that is busy (Python 3.14 adds terminate_workers());
    # its process table is stable across 3.11–3.13.
    for process in list(getattr(executor, "_processes", {}).values()):
        process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


def _prepare_alone(context, file: TextFile, options: dict, known: set[str]) -> Prepared:
    """One text in a process of its own, killed if it outlives its time limit: whatever happens, a Prepared."""
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_alone_task, args=(sender, file, options, known, os.getpid()), daemon=True)
    process.start()
    sender.close()
    limit = _task_limit(options, 1)
    try:
        if receiver.poll(limit):
            return receiver.recv()
        reason = (f"took longer than {options['text_timeout']:g} s to analyse, and did not stop when asked: "
                  "its process was killed; not stored")
    except EOFError:  # the process ended without an answer
        reason = ""
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    return Prepared(file.path, reason=reason or f"the process analysing it crashed (exit code {process.exitcode}); "
                                          "not stored")


def _alone_task(sender, file: TextFile, options: dict, known: set[str], parent: int) -> None:
    end_with_parent(parent)
    sender.send(prepare_file(file, known=known, **options))
    sender.close()


def _submit(executor: ProcessPoolExecutor, batch: list[TextFile], options: dict, names_file: Path,
            workers: int) -> list[tuple[Future, int]]:
    size = max(1, math.ceil(len(batch) / (workers * TASKS_PER_WORKER)))
    upto = names_file.stat().st_size
    return [(executor.submit(_prepare_task, batch[i:i + size], options, str(names_file), upto),
             len(batch[i:i + size])) for i in range(0, len(batch), size)]


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent: int) -> None:
    """Worker initializer: a worker ends when the import that started it ends, even by SIGKILL.

    A killed parent cannot shut its pool down, and a worker blocked on its task queue would then wait forever.
    On Linux the kernel sends the worker SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere, and
    in case the parent died before the prctl, a daemon thread watches the parent's pid.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="qujat-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


# Worker process state: the names known so far and how far into the names file they were read.
_known: KnownNames | None = None
_read_upto = 0


def _prepare_task(files: list[TextFile], options: dict, names_file: str, upto: int) -> list[Prepared]:
    global _known, _read_upto
    if _known is None:
        _known = KnownNames()
    if upto > _read_upto:
        with open(names_file, "rb") as source:
            source.seek(_read_upto)
            _known.add(source.read(upto - _read_upto).decode("utf-8").splitlines())
        _read_upto = upto
    return [prepare_file(file, known=_known.names, **options) for file in files]
