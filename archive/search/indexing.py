"""Writing the index: apply the outbox, rebuild from the database, compare the two.

One writer at a time (Whoosh's write lock). A process that cannot get the lock leaves its outbox rows for the
process holding it, which looks for new rows again after each commit, so no change waits for long.

Large writes (a rebuild, or an outbox of thousands of rows after a bulk import) are split into batches of
articles that worker processes turn into one index segment each (building.FastSegmentWriter); the process
holding the lock commits those segments together. Fewer than PARALLEL_MIN articles, a database the workers
cannot share (SQLite in memory, an open transaction) or procs=1: everything happens in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import shutil
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.db import connections, transaction
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.reading import TermNotFound
from whoosh.writing import LockError

from archive.faults import pause_at
from archive.models import Article, IndexOutbox
from archive.sequences import chunks

from .building import FastSegmentWriter
from .documents import DocumentBatches
from .storage import IndexUnavailable, index_root, new_generation, open_live_index, publish, searchers, write_lock

BATCH_SIZE = 500  # articles per database round trip (and per progress report)
SMALL_APPLY = 2_000  # up to this many outbox articles: update documents one by one, merge small segments
APPLY_ROWS = 500_000  # outbox rows read per commit
PARALLEL_MIN = 4_000  # fewer articles than this: not worth starting worker processes
MAX_PROCS = 4
LIMIT_MB = 256  # postings buffered per writer (estimated) before a sorted run is spilled to disk
Progress = Callable[[int], None]  # called with the number of articles just written
# A unit of work: (first pk, last pk, article count) of consecutive articles, or a list of article ids.
Task = tuple[int, int, int] | list[int]


def default_procs() -> int:
    """Indexing processes when the caller does not say: one per core, at most MAX_PROCS."""
    return max(1, min(os.cpu_count() or 1, MAX_PROCS))


# ---------------------------------------------------------------------------------------------------------------
# The outbox
# ---------------------------------------------------------------------------------------------------------------


def _write_articles(writer: FastSegmentWriter, article_ids: Iterable[int]) -> None:
    """Index the given articles as the database has them now; delete those that are gone."""
    wanted = set(article_ids)
    for document in DocumentBatches().for_ids(wanted):
        writer.update_document(**document)
        wanted.discard(int(document["id"]))
    for missing in wanted:
        writer.delete_by_term("id", str(missing))


def apply_pending(*, lock_timeout: float = 0.0, batch_size: int = APPLY_ROWS, procs: int | None = None) -> int:
    """Apply outbox rows to the live index; returns how many articles were written or removed.

    Returns early (rows kept) when another process holds the index: that process applies them. Rows are deleted
    only after the index has committed them, so a crash re-applies them (idempotent). A large outbox (a bulk
    import) is written like a rebuild: new segments built in `procs` processes, committed at once.
    """
    applied = 0
    while True:
        rows = list(IndexOutbox.objects.order_by("id").values_list("id", "article_id")[:batch_size])
        if not rows:
            return applied
        ix = open_live_index()
        try:
            writer = FastSegmentWriter(ix, timeout=lock_timeout, limitmb=LIMIT_MB)
        except LockError:
            return applied
        article_ids = {article_id for _, article_id in rows}
        try:
            if len(article_ids) <= SMALL_APPLY:
                _write_articles(writer, article_ids)
                pause_at("index")
                writer.commit()
            else:
                with _collector_paused():
                    _replace_articles(writer, sorted(article_ids), procs=default_procs() if procs is None else procs)
                    writer.commit(merge=False)
        except BaseException:
            writer.cancel()
            raise
        # Deleted only after the index has them: a crash before this line re-applies them (idempotent).
        row_ids = [row_id for row_id, _ in rows]
        for start in range(0, len(row_ids), BATCH_SIZE):
            IndexOutbox.objects.filter(id__in=row_ids[start : start + BATCH_SIZE]).delete()
        applied += len(article_ids)


def _replace_articles(writer: FastSegmentWriter, article_ids: list[int], *, procs: int) -> None:
    """Delete the index entries of many articles (sorted ids) and add them again as the database has them now."""
    _delete_documents(writer, article_ids)
    tasks: list[Task] = []
    for chunk in chunks(article_ids, BATCH_SIZE):
        contiguous = chunk[-1] - chunk[0] + 1 == len(chunk)  # typical after an import: a range query is cheaper
        tasks.append((chunk[0], chunk[-1], len(chunk)) if contiguous else list(chunk))
    _index(writer, tasks, procs=procs, progress=None)


def _delete_documents(writer: FastSegmentWriter, article_ids: Iterable[int]) -> None:
    """writer.delete_by_term("id", …) for many ids, without a query per id: an id is one term, whose term info
    names its document when it has one (it always should: ids are unique)."""
    keys = [str(article_id) for article_id in article_ids]
    for leaf, offset in writer.searcher().reader().leaf_readers():
        for key in keys:
            try:
                info = leaf.term_info("id", key)
            except TermNotFound:
                continue
            docnums = [info.min_id()] if info.doc_frequency() == 1 else list(leaf.postings("id", key).all_ids())
            for docnum in docnums:
                if not leaf.is_deleted(docnum):
                    writer.delete_document(offset + docnum)


def pending_count() -> int:
    return IndexOutbox.objects.count()


def enqueue(article_ids: Iterable[int]) -> int:
    from .backend import uses_postgres  # the seam between the backends for every writer (signals, imports)

    if uses_postgres():  # no outbox: the documents are written now, in the writer's own transaction
        from .pg.writing import write_documents

        write_documents(article_ids)
        return 0
    rows = [IndexOutbox(article_id=article_id) for article_id in set(article_ids)]
    IndexOutbox.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# ---------------------------------------------------------------------------------------------------------------
# Rebuild
# ---------------------------------------------------------------------------------------------------------------


def rebuild(*, progress: Progress | None = None, lock_timeout: float = 60.0, procs: int | None = None) -> int:
    """Build a new index from the database, switch to it atomically, then apply what changed meanwhile.

    Searches use the old index until the switch. The old index's write lock is held throughout, so writes
    made during the rebuild stay in the outbox and are applied to the new index right after the switch.
    `procs`: indexing processes (default: one per core, see default_procs).
    """
    procs = default_procs() if procs is None else procs
    root = index_root()
    try:
        live_lock = write_lock(open_live_index(), timeout=lock_timeout)
    except IndexUnavailable:  # built by another version: nothing to protect, it is replaced
        live_lock = nullcontext()
    with live_lock:
        generation, fresh = new_generation(root)
        try:
            count = _fill(fresh, progress=progress, procs=procs)
        except BaseException:
            shutil.rmtree(root / generation, ignore_errors=True)  # the live index was never touched
            raise
        publish(root, generation)
    apply_pending(lock_timeout=lock_timeout, procs=procs)
    return count


def _fill(ix: FileIndex, *, progress: Progress | None, procs: int) -> int:
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    tasks: list[Task] = [(chunk[0], chunk[-1], len(chunk)) for chunk in chunks(ids, BATCH_SIZE)]
    writer = FastSegmentWriter(ix, limitmb=LIMIT_MB)
    try:
        with _collector_paused():
            count = _index(writer, tasks, procs=procs, progress=progress)
            pause_at("rebuild")
            writer.commit(merge=False)
    except BaseException:
        writer.cancel()
        raise
    return count


def _task_size(task: Task) -> int:
    return task[2] if isinstance(task, tuple) else len(task)


def _index(writer: FastSegmentWriter, tasks: list[Task], *, procs: int, progress: Progress | None) -> int:
    """Add the documents of `tasks` to the index of `writer` (as its own segment or as segments built by worker
    processes, committed with it); returns how many documents were added."""
    articles = sum(map(_task_size, tasks))
    if procs > 1 and len(tasks) > 1 and articles >= PARALLEL_MIN and _workers_can_share_database():
        count = 0
        for segment, added in _build_in_workers(writer.storage.folder, tasks, procs=procs, progress=progress):
            writer.add_segment(segment)
            count += added
        return count
    return _add_documents(writer, tasks, DocumentBatches(), progress)


def _add_documents(writer: FastSegmentWriter, tasks: Iterable[Task], source: DocumentBatches,
                   progress: Progress | None) -> int:  # fmt: skip
    count = 0
    for task in tasks:
        documents = source.for_range(task[0], task[1]) if isinstance(task, tuple) else source.for_ids(task)
        for document in documents:
            writer.add_document(**document)
        count += len(documents)
        if progress:
            progress(_task_size(task))
    return count


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Without the cyclic garbage collector while millions of posting tuples pile up: each full collection
    would walk all of them, for nothing (they form no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _workers_can_share_database() -> bool:
    """Forked workers open their own connections: they see committed data only, and an SQLite database in memory
    not at all."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    for alias in connections:
        conn = connections[alias]
        if conn.in_atomic_block:
            return False
        if conn.vendor == "sqlite" and conn.is_in_memory_db():
            return False
    return True


def _build_in_workers(index_dir: str, tasks: list[Task], *, procs: int,
                      progress: Progress | None) -> list[tuple[object, int]]:  # fmt: skip
    """(segment, documents) of each worker process; the tasks are shared out as the workers ask for them."""
    context = multiprocessing.get_context("fork")
    jobs, results = context.Queue(), context.Queue()
    for task in tasks:
        jobs.put(task)
    procs = min(procs, len(tasks))
    for _ in range(procs):
        jobs.put(None)
    connections.close_all()  # each worker opens its own; this process reconnects when it next queries
    workers = [context.Process(target=_worker, args=(index_dir, jobs, results), daemon=True) for _ in range(procs)]
    for worker in workers:
        worker.start()
    segments: list[tuple[object, int]] = []
    finished = 0
    try:
        while finished < procs:
            try:
                kind, payload = results.get(timeout=1.0)
            except queue.Empty:
                if any(w.exitcode not in (None, 0) for w in workers):
                    raise RuntimeError("an indexing worker process died") from None
                continue
            if kind == "progress":
                if progress:
                    progress(payload)
            elif kind == "done":
                finished += 1
                segment, added = payload
                if segment is not None:
                    segments.append((segment, added))
            else:
                raise RuntimeError(f"an indexing worker failed:\n{payload}")
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join(timeout=30)
        jobs.close()
        results.close()
    return segments


def _worker(index_dir: str, jobs, results) -> None:
    """In a forked process: index the tasks it takes from `jobs` into one new segment of the index at
    `index_dir`, reporting progress and finally the segment (uncommitted: the parent commits it)."""
    gc.disable()  # see _collector_paused; the process ends when its segment is written
    try:
        ix = FileStorage(index_dir).open_index()
        writer = FastSegmentWriter(ix, _lk=False, limitmb=LIMIT_MB)
        source = DocumentBatches()
        added = 0
        for task in iter(jobs.get, None):
            added += _add_documents(writer, [task], source, lambda count: results.put(("progress", count)))
        results.put(("done", (writer.finish_segment(), added)))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        connections.close_all()


# ---------------------------------------------------------------------------------------------------------------
# Comparing the index with the database
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class IndexDrift:
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    stale: list[int] = field(default_factory=list)  # in both, but the index holds an older version
    orphaned: list[int] = field(default_factory=list)  # in the index, no longer in the database
    duplicated: list[int] = field(default_factory=list)  # live in the index more than once
    pending: int = 0  # outbox rows not applied yet
    checked: int = 0
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphaned or self.duplicated)


def check(*, progress: Progress | None = None) -> IndexDrift:
    started = time.perf_counter()
    drift = IndexDrift(pending=pending_count())
    indexed: dict[int, str] = {}
    duplicated = set()
    # The searcher this process serves from (renewed to the latest commit): what a visitor would be shown.
    with searchers.use() as searcher:
        for fields in searcher.all_stored_fields():
            pk = int(fields["id"])
            if pk in indexed:
                duplicated.add(pk)
            indexed[pk] = fields.get("content_hash", "")
    drift.duplicated = sorted(duplicated)
    return compare_with_database(indexed, drift, started, progress=progress)


def compare_with_database(indexed: dict[int, str], drift: IndexDrift, started: float, *,
                          progress: Progress | None = None) -> IndexDrift:
    """Fill `drift` by comparing what a backend holds (article id → content hash) with documents made afresh
    from the database: missing, stale and orphaned articles. Shared by both backends' check()."""
    seen = set()
    source = DocumentBatches()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for chunk in chunks(ids, BATCH_SIZE):
        for document in source.for_range(chunk[0], chunk[-1]):
            pk = int(document["id"])
            seen.add(pk)
            if pk not in indexed:
                drift.missing.append(pk)
            elif indexed[pk] != document["content_hash"]:
                drift.stale.append(pk)
        drift.checked += len(chunk)
        if progress:
            progress(len(chunk))
    drift.orphaned = sorted(set(indexed) - seen)
    drift.seconds = time.perf_counter() - started
    return drift


@transaction.atomic
def enqueue_all() -> int:
    return enqueue(Article.objects.values_list("pk", flat=True))
