"""Writing the index: apply the outbox, rebuild from the database, compare the two.

One writer at a time (Whoosh's write lock). A process that cannot get the lock leaves its outbox rows for the
process holding it, which looks for new rows again after each commit, so no change waits for long.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from whoosh.index import FileIndex
from whoosh.writing import LockError, SegmentWriter

from archive.models import Article, IndexOutbox

from .documents import article_to_document, indexable_articles
from .storage import IndexUnavailable, index_root, new_generation, open_live_index, publish, write_lock

BATCH_SIZE = 500
Progress = Callable[[int], None]  # called with the number of articles just written


def _write_articles(writer: SegmentWriter, article_ids: Iterable[int]) -> None:
    """Index the given articles as the database has them now; delete those that are gone."""
    wanted = set(article_ids)
    for article in indexable_articles().filter(pk__in=wanted):
        writer.update_document(**article_to_document(article))
        wanted.discard(article.pk)
    for missing in wanted:
        writer.delete_by_term("id", str(missing))


def apply_pending(*, lock_timeout: float = 0.0, batch_size: int = BATCH_SIZE) -> int:
    """Apply outbox rows to the live index; returns how many articles were written or removed.

    Returns early (rows kept) when another process holds the index: that process applies them.
    """
    applied = 0
    while True:
        rows = list(IndexOutbox.objects.order_by("id").values_list("id", "article_id")[:batch_size])
        if not rows:
            return applied
        ix = open_live_index()
        try:
            writer = ix.writer(timeout=lock_timeout)
        except LockError:
            return applied
        try:
            article_ids = {article_id for _, article_id in rows}
            _write_articles(writer, article_ids)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        # Deleted only after the index has them: a crash before this line re-applies them (idempotent).
        IndexOutbox.objects.filter(id__in=[row_id for row_id, _ in rows]).delete()
        applied += len(article_ids)


def pending_count() -> int:
    return IndexOutbox.objects.count()


def enqueue(article_ids: Iterable[int]) -> int:
    rows = [IndexOutbox(article_id=article_id) for article_id in set(article_ids)]
    IndexOutbox.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def rebuild(*, progress: Progress | None = None, lock_timeout: float = 60.0, procs: int = 1) -> int:
    """Build a new index from the database, switch to it atomically, then apply what changed meanwhile.

    Searches use the old index until the switch. The old index's write lock is held throughout, so writes
    made during the rebuild stay in the outbox and are applied to the new index right after the switch.
    """
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
    apply_pending(lock_timeout=lock_timeout)
    return count


def _fill(ix: FileIndex, *, progress: Progress | None, procs: int) -> int:
    writer = ix.writer(procs=procs, limitmb=256, multisegment=procs > 1) if procs > 1 else ix.writer(limitmb=256)
    count = 0
    try:
        for batch in _batches(Article.objects.order_by("pk").values_list("pk", flat=True), BATCH_SIZE):
            for article in indexable_articles().filter(pk__in=batch):
                writer.add_document(**article_to_document(article))
                count += 1
            if progress:
                progress(len(batch))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count


def _batches(ids: QuerySet, size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for article_id in ids.iterator(chunk_size=size * 4):
        batch.append(article_id)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class IndexDrift:
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    stale: list[int] = field(default_factory=list)  # in both, but the index holds an older version
    orphaned: list[int] = field(default_factory=list)  # in the index, no longer in the database
    pending: int = 0  # outbox rows not applied yet
    checked: int = 0
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def check(*, progress: Progress | None = None) -> IndexDrift:
    started = time.perf_counter()
    drift = IndexDrift(pending=pending_count())
    with open_live_index(create=False).searcher() as searcher:
        indexed = {int(fields["id"]): fields.get("content_hash", "") for fields in searcher.all_stored_fields()}
    seen = set()
    for batch in _batches(Article.objects.order_by("pk").values_list("pk", flat=True), BATCH_SIZE):
        for article in indexable_articles().filter(pk__in=batch):
            seen.add(article.pk)
            if article.pk not in indexed:
                drift.missing.append(article.pk)
            elif indexed[article.pk] != article_to_document(article)["content_hash"]:
                drift.stale.append(article.pk)
        drift.checked += len(batch)
        if progress:
            progress(len(batch))
    drift.orphaned = sorted(set(indexed) - seen)
    drift.seconds = time.perf_counter() - started
    return drift


@transaction.atomic
def enqueue_all() -> int:
    return enqueue(Article.objects.values_list("pk", flat=True))
