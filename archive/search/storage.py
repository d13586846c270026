"""Where the index lives, and one reused searcher per process.

Layout of SEARCH_INDEX_DIR:

    CURRENT            name of the live generation (replaced atomically by os.replace)
    gen-<stamp>/       a complete Whoosh index; rebuilds write a new one and then switch CURRENT

Readers keep working on the old generation while a rebuild fills the new one (their open files stay valid), and
notice the switch on their next search. Opening a searcher is expensive (~290 ms at 100k articles), so each
process keeps one and refreshes it only when the index has changed.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.util.filelock import LockBase
from whoosh.writing import LockError

from .schema import INDEX_VERSION, build_schema

POINTER = "CURRENT"
VERSION_FILE = "QUJAT_INDEX_VERSION"
WRITE_LOCK = "WRITELOCK"  # Whoosh's own writer lock name: holding it keeps every writer out
KEEP_GENERATIONS = 2


class IndexUnavailable(RuntimeError):
    """The index cannot be opened; the message says what to run."""


def index_root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def _read_pointer(root: Path) -> str | None:
    try:
        return (root / POINTER).read_text(encoding="utf-8").strip() or None
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
    (path / VERSION_FILE).write_text(INDEX_VERSION, encoding="utf-8")
    return name, whoosh_index.create_in(str(path), build_schema())


def publish(root: Path, generation: str) -> None:
    """Make `generation` the live index and prune old ones (keeping the previous one for open readers)."""
    _write_pointer(root, generation)
    generations = sorted(p for p in root.glob("gen-*") if p.is_dir() and p.name != generation)
    for stale in generations[: max(0, len(generations) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(stale, ignore_errors=True)


def open_live_index(*, create: bool = True) -> FileIndex:
    """The live index; created empty when there is none yet (and `create`)."""
    root = index_root()
    generation = _read_pointer(root)
    if generation and (root / generation).is_dir():
        version = (root / generation / VERSION_FILE).read_text(encoding="utf-8").strip()
        if version != INDEX_VERSION:
            raise IndexUnavailable(
                f"the search index was built by another version ({version}, need {INDEX_VERSION}): "
                "run `python manage.py rebuild_index`"
            )
        # Without mmap: Whoosh would copy every compound segment into the heap (BytesIO over the mapping),
        # ~1.2 GB per process at 100k articles; file reads go through the page cache instead.
        return FileStorage(str(root / generation), supports_mmap=False).open_index()
    if not create:
        raise IndexUnavailable("there is no search index yet: run `python manage.py rebuild_index`")
    generation, ix = new_generation(root)
    publish(root, generation)
    return ix


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


class SearcherCache:
    """One searcher per process, per live generation; refreshed when the index changes.

    `refresh()` may close readers the old searcher still uses, so a search holds the cache's lock while it runs:
    threads of one process (runserver) take turns; gunicorn's sync workers have one thread each anyway.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._key: tuple[str, str | None] | None = None
        self._searcher: Searcher | None = None

    @contextmanager
    def use(self) -> Iterator[Searcher]:
        with self._lock:
            key = (str(index_root()), live_generation())
            if self._searcher is None or key != self._key:
                self._close()
                self._searcher = open_live_index().searcher()
                self._key = key
            elif not self._searcher.up_to_date():
                if self._searcher.reader().segments():
                    self._searcher = self._searcher.refresh()  # reuses the readers of unchanged segments
                else:  # Whoosh cannot refresh a searcher of an empty index (EmptyReader has no segments)
                    self._searcher = open_live_index().searcher()
            yield self._searcher

    @property
    def generation(self) -> str | None:
        """The generation the current searcher reads (read from CURRENT when it was opened, not again)."""
        return self._key[1] if self._key else None

    def version(self) -> str:
        """Names the index state searches see now: it changes with every commit and every rebuild."""
        with self.use() as searcher:
            return f"{self.generation}:{searcher.reader().generation()}"

    def reset(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher, self._key = None, None


searchers = SearcherCache()


def index_version() -> str:
    """For caches of search results: a key part that changes whenever the index does (IndexUnavailable if none)."""
    return searchers.version()
