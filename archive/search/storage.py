"""Where the index lives, and one reused searcher per process.

Layout of SEARCH_INDEX_DIR:

    CURRENT            name of the live generation (replaced atomically by os.replace)
    gen-<stamp>/       a complete Whoosh index; rebuilds write a new one and then switch CURRENT

Readers keep working on the old generation while a rebuild fills the new one (their open files stay valid), and
notice the switch on their next search. Opening a searcher is expensive (~290 ms at 100k articles), so each
process keeps one and refreshes it only when the index has changed.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.util.filelock import LockBase
from whoosh.writing import LockError

from .deadline import SearchTimeout
from .parsing import QueryError
from .schema import INDEX_VERSION, build_schema
from .segment_files import VERSION_FILE, segment_files_problem, toc_name

logger = logging.getLogger(__name__)
POINTER = "CURRENT"
WRITE_LOCK = "WRITELOCK"  # Whoosh's own writer lock name: holding it keeps every writer out
KEEP_GENERATIONS = 2


class IndexUnavailable(RuntimeError):
    """The index cannot be opened; the message says what to run."""


def index_root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def _read_pointer(root: Path) -> str | None:
    try:
        with open(os.path.join(root, POINTER), encoding="utf-8") as pointer:  # read before every search: no Path
            return pointer.read().strip() or None
    except FileNotFoundError:
        return None


def _write_pointer(root: Path, generation: str) -> None:
    temporary = root / f".{POINTER}.{os.getpid()}"
    temporary.write_text(generation, encoding="utf-8")
    os.replace(temporary, root / POINTER)  # atomic: readers see the old name or the new one


def new_generation(root: Path) -> tuple[str, FileIndex]:
    """A fresh, empty index directory (not yet live)."""
    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    path = root / name
    path.mkdir()
    try:
        (path / VERSION_FILE).write_text(INDEX_VERSION, encoding="utf-8")
        return name, whoosh_index.create_in(str(path), build_schema())
    except BaseException:  # a full disk: leave no half-made generation behind
        shutil.rmtree(path, ignore_errors=True)
        raise


def publish(root: Path, generation: str) -> None:
    """Make `generation` the live index and prune old ones (keeping the previous one for open readers)."""
    _write_pointer(root, generation)
    generations = sorted(p for p in root.glob("gen-*") if p.is_dir() and p.name != generation)
    for stale in generations[: max(0, len(generations) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(stale, ignore_errors=True)


def open_live_index(*, create: bool = True) -> FileIndex:
    """The live index. When there is none, an empty one is created only if `create` and the database holds no
    article that the outbox would not bring into it (an empty index standing in for a lost one would answer
    "0 results" as if that were true); otherwise IndexUnavailable, as for a damaged or foreign index."""
    root = index_root()
    generation = _read_pointer(root)
    if generation is None:
        if not create or not _empty_index_would_be_complete():
            raise IndexUnavailable(f"there is no search index: {REBUILD}")
        generation, ix = new_generation(root)
        publish(root, generation)
        return ix
    path = root / generation
    try:
        version = (path / VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise IndexUnavailable(f"the search index is damaged ({generation} is incomplete): {REBUILD}") from exc
    if version != INDEX_VERSION:
        raise IndexUnavailable(f"the search index was built by another version ({version[:40]}, need "
                               f"{INDEX_VERSION}): {REBUILD}")
    try:
        # Without mmap: Whoosh would copy every compound segment into the heap (BytesIO over the mapping),
        # ~1.2 GB per process at 100k articles; file reads go through the page cache instead.
        return FileStorage(str(path), supports_mmap=False).open_index()
    except Exception as exc:  # any of Whoosh's errors on missing or garbled files: the index cannot be read
        raise damaged(exc) from exc


REBUILD = "run `python manage.py rebuild_index`"


def damaged(exc: BaseException) -> IndexUnavailable:
    return IndexUnavailable(f"the search index is damaged ({type(exc).__name__}: {str(exc)[:200]}): {REBUILD}")


def _empty_index_would_be_complete() -> bool:
    """True when every article has an outbox row, so applying the outbox to an empty index gives the whole index
    (a new archive, or one whose index was never built while every change was queued)."""
    from archive.models import Article, IndexOutbox  # storage is imported before the app registry is ready

    return not Article.objects.exclude(pk__in=IndexOutbox.objects.values("article_id")).exists()


def live_generation() -> str | None:
    return _read_pointer(index_root())


@contextmanager
def write_lock(ix: FileIndex, *, timeout: float) -> Iterator[LockBase]:
    """Hold the index's writer lock (the same one Whoosh writers take) or raise LockError."""
    lock = ix.lock(WRITE_LOCK)
    deadline = time.monotonic() + timeout
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise LockError("the search index is locked by another writer")
        time.sleep(0.05)
    try:
        yield lock
    finally:
        lock.release()


def open_reader(ix: FileIndex, previous: IndexReader | None = None) -> IndexReader:
    """A reader of the index's latest commit, reusing the segment readers of `previous` whose segment and
    deletions are unchanged, and closing the rest of them.

    Whoosh's own refresh (`Searcher.refresh()`, `FileIndex.reader(reuse=…)`) matches segments by id alone: a
    segment that gained deletions keeps its old reader, so an edited article is served twice (old and new
    version) until the process restarts; it also carries over segments that a merge removed. Here a reader is
    reused only for the very same segment state, and the result is always a MultiReader, whose generation is
    the commit's own (a reused SegmentReader keeps the generation it was opened at).
    """
    toc = ix._read_toc()  # private: whoosh-reloaded is pinned, tests/test_search_live.py checks this against it
    reusable = {}
    if previous is not None:
        reusable = {_segment_state(r.segment()): r for r, _ in previous.leaf_readers() if r.segment() is not None}
    if not toc.segments:
        readers = []
    else:
        readers = [
            reusable.pop(_segment_state(segment), None)
            or SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
            for segment in toc.segments
        ]
    for unused in reusable.values():
        unused.close()
    if not readers:
        return EmptyReader(toc.schema)
    return MultiReader(readers, generation=toc.generation)


def _segment_state(segment) -> tuple[str, frozenset[int]]:
    """What a segment reader's answers depend on: the segment's files (its id) and its deleted documents."""
    return segment.segment_id(), frozenset(segment.deleted_docs())


class SearcherCache:
    """One searcher per process, per live generation; its reader is renewed after every commit.

    Renewing may close segment readers the old searcher still uses, so a search holds the cache's lock while it
    runs: threads of one process (runserver) take turns; gunicorn's sync workers have one thread each anyway.
    Any failure to open or renew (files missing, truncated or garbled) closes the searcher and raises
    IndexUnavailable: a damaged index is never served from whatever the process still had open.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._key: tuple[str, str | None] | None = None
        self._index: FileIndex | None = None
        self._searcher: Searcher | None = None

    @contextmanager
    def use(self) -> Iterator[Searcher]:
        """The searcher, renewed to the latest commit. An error from reading the index, here or in the caller's
        block, closes it and becomes IndexUnavailable (logged with its traceback); the query's own outcomes
        (QueryError, SearchTimeout) and database errors pass through."""
        with self._lock:
            try:
                self._renew()
                yield self._searcher
            except IndexUnavailable:
                self._close()
                raise
            except (QueryError, SearchTimeout, DatabaseError):  # not the index's fault
                raise
            except Exception as exc:
                logger.exception("reading the search index failed; treating it as damaged")
                self._close()
                raise damaged(exc) from exc

    def _renew(self) -> None:
        root = index_root()
        key = (str(root), _read_pointer(root))
        if self._searcher is None or key != self._key:
            self._close()
            self._index = open_live_index()
            self._searcher = Searcher(open_reader(self._index), fromindex=self._index)
            self._key = (key[0], Path(self._index.storage.folder).name)  # the one opened, even if just made
        elif self._index.latest_generation() != self._searcher.reader().generation():
            reader = open_reader(self._index, previous=self._searcher.reader())
            self._searcher = Searcher(reader, fromindex=self._index)
        # A few stat() calls per search: files damaged under an open searcher are caught before they are read.
        reader = self._searcher.reader()
        names = [r.segment().segment_id() for r, _ in reader.leaf_readers() if r.segment()]
        names += [toc_name(self._index.indexname, reader.generation()), VERSION_FILE]
        problem = segment_files_problem(self._index.storage.folder, names)
        if problem:
            raise IndexUnavailable(f"the search index is damaged ({problem}): {REBUILD}")

    @property
    def generation(self) -> str | None:
        """The generation the current searcher reads (read from CURRENT when it was opened, not again)."""
        return self._key[1] if self._key else None

    @property
    def location(self) -> str:
        """The folder of the generation the current searcher reads: names the index in per-segment caches."""
        return self._index.storage.folder if self._index is not None else ""

    def version(self) -> str:
        """Names the index state searches see now: it changes with every commit and every rebuild."""
        with self.use() as searcher:
            return f"{self.generation}:{searcher.reader().generation()}"

    def files_doc_count(self) -> int:
        """Live documents in the generation this process reads, counted by a reader Whoosh opens afresh: equals
        the searcher's count unless the searcher is stale, and fails when files went missing under it."""
        with self._lock:
            if self._index is None:
                raise IndexUnavailable("the search index is not open")
            reader = self._index.reader()
            try:
                return reader.doc_count()
            finally:
                reader.close()

    def reset(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:  # closing files of a damaged or deleted index: nothing left to release
                pass
        self._searcher, self._index, self._key = None, None, None


searchers = SearcherCache()


def index_version() -> str:
    """For caches of search results: a key part that changes whenever the index does (IndexUnavailable if none)."""
    return searchers.version()
