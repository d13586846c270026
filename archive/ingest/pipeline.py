"""An import run: files → read, parse, extract (worker processes) → database, batch by batch → search index.

`import_files` is what `manage.py import_articles` runs (and the benchmark, bench/import_stage.py): it returns
the report and the time each stage took.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import reset_queries

from archive import search

from .pool import BATCH_SIZE, POOL_MIN_FILES, default_workers, prepared_batches
from .prepare import TEXT_TIMEOUT, KnownNames, Prepared
from .reading.origins import TextFile
from .reading.reader import MAX_TEXT_BYTES
from .results import FileResult, IngestReport, Outcome
from .storing.articles import StoredArticles, known_people
from .storing.batch import store_batch
from .timings import StageTimings


@dataclass
class ImportRun:
    report: IngestReport
    timings: StageTimings
    index_note: str = ""  # how the search index fared, for the summary line


def import_files(
    files: Sequence[TextFile | Path], *, dry_run: bool = False, relink: bool = False, max_bytes: int = MAX_TEXT_BYTES,
    workers: int | None = None, batch_size: int = BATCH_SIZE, on_result: Callable[[FileResult], None] | None = None,
    text_timeout: float | None = TEXT_TIMEOUT, follow_symlinks: bool = False,
) -> ImportRun:
    """Import the files and (unless dry_run) bring the search index up to date once, at the end."""
    timings = StageTimings(workers=choose_workers(workers, len(files)))
    report = IngestReport()
    with search.deferred_sync():  # one index commit for the whole run, not one per article
        for result in ingest_files(files, dry_run=dry_run, relink=relink, max_bytes=max_bytes,
                                   workers=timings.workers, batch_size=batch_size, timings=timings,
                                   text_timeout=text_timeout, follow_symlinks=follow_symlinks):
            report.add(result)
            if on_result:
                on_result(result)
    note = "" if dry_run else update_index(timings)
    timings.finish()
    return ImportRun(report, timings, note)


def choose_workers(requested: int | None, files: int) -> int:
    """As many as asked; by default up to 2 (one per core), and none for a few files (not worth starting)."""
    if requested is not None:
        return max(1, requested)
    return default_workers() if files >= POOL_MIN_FILES else 1


def ingest_files(
    files: Sequence[TextFile | Path], *, dry_run: bool = False, relink: bool = False, max_bytes: int = MAX_TEXT_BYTES,
    workers: int = 1, batch_size: int = BATCH_SIZE, timings: StageTimings | None = None,
    text_timeout: float | None = TEXT_TIMEOUT, follow_symlinks: bool = False,
) -> Iterator[FileResult]:
    """Read, parse, extract and (unless dry_run) store each file, in order; one bad file never stops the others."""
    timings = timings or StageTimings(workers=workers)
    known = KnownNames(known_people())  # lets the rules recognise Kazakh names and lone surnames the archive has seen
    files = [TextFile.of(file) for file in files]  # a bare path: a file given alone, known by its name
    for batch in prepared_batches(files, known=known, max_bytes=max_bytes, workers=workers,
                                  batch_size=batch_size, timings=timings, text_timeout=text_timeout,
                                  follow_symlinks=follow_symlinks):
        timings.texts += len(batch)
        for item in batch:
            timings.add("read_parse", item.read_parse_s, item.read_parse_cpu_s)
            timings.add("extract", item.extract_s, item.extract_cpu_s)
        readable = [item for item in batch if item.parsed is not None]
        with timings.measure("database"):
            stored = iter(_planned(readable) if dry_run else store_batch(readable, relink=relink) if readable else [])
            reset_queries()  # with DEBUG on, Django keeps every query's SQL, bulk inserts of whole articles included
        for item in batch:
            yield FileResult(item.path, Outcome.FAILED, reason=item.reason) if item.parsed is None else next(stored)


def _planned(items: list[Prepared]) -> list[FileResult]:
    stored = StoredArticles(item.parsed for item in items)
    results = []
    for item in items:
        outcome, article_id = stored.match(item.parsed)
        new_origin = outcome is Outcome.UNCHANGED and stored.is_new_origin(item.parsed, article_id)
        results.append(FileResult(item.path, outcome, parsed=item.parsed, extraction=item.extraction,
                                  new_origin=new_origin))
    return results


def update_index(timings: StageTimings) -> str:
    """Apply the outbox once; the articles are stored either way (the outbox keeps what is not applied)."""
    with timings.measure("index"):
        try:
            search.apply_pending(lock_timeout=10.0)
        except search.IndexUnavailable as exc:
            return f"; search index not updated ({exc})"
    pending = search.pending_count()
    return f"; search index updated{f', {pending} updates still pending (run sync_index)' if pending else ''}"
