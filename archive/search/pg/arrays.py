"""Every search document's facet values as numpy arrays, held by each process: facets, dates, copies and coverage
are counted over them (facets.FacetTable, as the Whoosh backend counts them) for the ids PostgreSQL matched,
instead of in SQL over every matching row.

The arrays are read once and kept, under the documents' version: `epoch:counter` of archive_searchversion, which
every transaction that changes a document bumps as it commits (migration 0009). Each search reads the version in
the statement that matches its words, so in the same snapshot: an edit committed by any process changes it, and
the next search of every process reloads (a database change always reaches every process's answers). A
transaction that has itself changed documents, not yet committed (the counter does not know), gets arrays read
for it alone, never kept.

Document number i is the i-th article id in ascending order, so ordering by document number is ordering by id.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import numpy as np
from django.db import connections

from ..facets import MULTI_VALUED, SINGLE_VALUED, FacetTable, _Codes
from . import reading

TABLE = "archive_searchdocument"
# The version, and whether this transaction has itself changed documents (uncommitted: migration 0009's statement
# trigger says so in a transaction-local setting): two columns any statement can carry, read in its snapshot.
VERSION_COLUMNS = (
    "(SELECT epoch || ':' || version FROM archive_searchversion WHERE id = 1), "
    "coalesce(current_setting('qujat.search_changed_in', true) = txid_current_if_assigned()::text, false)"
)
_COLUMNS = {"language": 1, "month": 2, "source": 3, "person": 4, "organisation": 5, "event": 6}
ROWS = (
    "coalesce(json_agg(json_build_array(article_id, language, month, source, people, organisations, events, "
    "published_on - DATE '0001-01-01' + 1, cluster) ORDER BY article_id), '[]')"
)
# The oldest transaction the statement's snapshot does not see (or sees still running): every row written after
# it has an xmin at least this old (refreshing.py reads only those again).
SNAPSHOT_XMIN = "pg_snapshot_xmin(pg_current_snapshot())::text"
_LOAD = f"SELECT {VERSION_COLUMNS}, {SNAPSHOT_XMIN}, {ROWS} FROM {TABLE}"


@dataclass(frozen=True)
class Version:
    committed: str | None  # epoch:counter
    own_changes: bool  # this transaction has changed documents itself: then the arrays are its own

    @property
    def shared(self) -> bool:
        return self.committed is not None and not self.own_changes


@dataclass
class DocumentArrays:
    version: Version
    ids: np.ndarray  # int64 article ids, ascending: document number → article id
    table: FacetTable
    snapshot_xmin: int | None = None  # the reading snapshot's xmin (a 64-bit transaction id)

    @property
    def label_version(self) -> str | None:
        """For facet_labels' cache: a renamed person or source rewrites its articles' documents, so the version
        changes with every label a page shows (None: not cached)."""
        return f"pg-{self.version.committed}" if self.version.shared else None

    def locate(self, article_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The document numbers of these article ids, and which of them are in the arrays at all."""
        if not self.ids.size:
            return np.zeros(article_ids.size, dtype=np.int64), np.zeros(article_ids.size, dtype=bool)
        at = np.minimum(np.searchsorted(self.ids, article_ids), self.ids.size - 1)
        return at, self.ids[at] == article_ids

    def selection(self, article_ids: np.ndarray) -> np.ndarray:
        """Bool per document number: the documents of these article ids (ids not in the arrays are none)."""
        found = np.zeros(self.table.doc_count, dtype=bool)
        at, known = self.locate(article_ids)
        found[at[known]] = True
        return found


def from_rows(version: Version, rows: list[list]) -> DocumentArrays:
    """The arrays of rows [article_id, language, month, source, people, organisations, events, date ordinal, cluster]
    in ascending article id."""
    count = len(rows)
    facets = {}
    for facet in SINGLE_VALUED:
        values = [row[_COLUMNS[facet]] or "" for row in rows]
        vocabulary = sorted(set(values) - {""})
        code = {value: i for i, value in enumerate(vocabulary)}
        codes = np.fromiter((code.get(value, -1) for value in values), dtype=np.int32, count=count)
        facets[facet] = _Codes(vocabulary, codes)
    for facet in MULTI_VALUED:
        lists = [row[_COLUMNS[facet]] or [] for row in rows]
        flat = list(chain.from_iterable(lists))
        vocabulary = sorted(set(flat))
        code = {value: i for i, value in enumerate(vocabulary)}
        indptr = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, lists), dtype=np.int64, count=count), out=indptr[1:])
        facets[facet] = _Codes(vocabulary, np.fromiter(map(code.__getitem__, flat), dtype=np.int32, count=len(flat)),
                               indptr)  # fmt: skip
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
    dates = np.fromiter((row[7] or 0 for row in rows), dtype=np.int32, count=count)
    clusters = np.fromiter((row[8] or 0 for row in rows), dtype=np.int64, count=count)
    table = FacetTable(count, facets, dates, np.ones(count, dtype=bool), clusters)
    return DocumentArrays(version, ids, table)


class _Cache:
    """The last arrays read per database (its alias and address: a replica has its own)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple, DocumentArrays] = {}
        self.loads = 0  # how many times arrays were read whole (tests check that a version is read once)
        self.refreshes = 0  # and how many times only the documents changed since

    def get(self, alias: str, version: Version, load: Callable[[], DocumentArrays],
            refresh: Callable[[DocumentArrays], DocumentArrays | None]) -> DocumentArrays:  # fmt: skip
        """The kept arrays if at `version`; else those arrays refreshed (the documents changed since), or read
        whole (a first read, another database, this transaction's own changes)."""
        key = _database_key(alias)
        kept = None
        if version.shared:
            with self._lock:
                kept = self._kept.get(key)
            if kept is not None and kept.version == version:
                return kept
        arrays = refresh(kept) if kept is not None and _same_epoch(kept.version, version) else None
        if arrays is None:
            arrays = load()
            self.loads += 1
        else:
            self.refreshes += 1
        if arrays.version.shared:
            with self._lock:
                self._kept[key] = arrays
        return arrays

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
        frequencies.clear()
        word_masks.clear()


def _same_epoch(kept: Version, wanted: Version) -> bool:
    return kept.committed.partition(":")[0] == (wanted.committed or "").partition(":")[0]


def _database_key(alias: str) -> tuple:
    settings = connections[alias].settings_dict
    return alias, settings.get("NAME"), settings.get("HOST"), settings.get("PORT")


cache = _Cache()


class _Frequencies:
    """How many documents match each ranked word (its idf), per database, for the last version seen: a frequent
    word is counted over its whole posting list, once per version rather than once per search."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple, tuple[Version, dict[str, int]]] = {}

    def known(self, alias: str, queries: list[str]) -> tuple[Version | None, dict[str, int]]:
        """The version the counts were kept at, and those of `queries` it has."""
        with self._lock:
            version, counts = self._kept.get(_database_key(alias), (None, {}))
            return version, {query: counts[query] for query in queries if query in counts}

    def keep(self, alias: str, version: Version, counts: dict[str, int]) -> None:
        if not version.shared:
            return
        key = _database_key(alias)
        with self._lock:
            kept_at, kept = self._kept.get(key, (None, {}))
            if kept_at != version or len(kept) > self.LIMIT:
                kept = {}
            self._kept[key] = (version, {**kept, **counts})

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


frequencies = _Frequencies()


class _Masks:
    """Which documents each word matches (a bool per document number, packed eight to a byte), per database, for
    the last version seen: what the Whoosh backend's term arrays are to it. A word searched again is not matched
    again in PostgreSQL, whose GIN index cannot list its documents without visiting every one of them (~50 ms for
    a word in half of 100,000 articles). Bounded in bytes, least recently used first out; all of a database's go
    when its version changes (the next searches match their words again)."""

    LIMIT_BYTES = 64 * 2**20

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple, tuple[Version, int, OrderedDict[str, np.ndarray]]] = {}
        self._bytes = 0

    def known(self, alias: str, queries: list[str]) -> tuple[Version | None, dict[str, np.ndarray]]:
        """The version the masks were kept at, and those of `queries` it has (unpacked: bool per document)."""
        with self._lock:
            version, count, kept = self._kept.get(_database_key(alias), (None, 0, OrderedDict()))
            found = {}
            for query in queries:
                if query in kept:
                    kept.move_to_end(query)
                    found[query] = kept[query]
        return version, {query: np.unpackbits(packed, count=count).view(bool) for query, packed in found.items()}

    def keep(self, alias: str, version: Version, count: int, found: dict[str, np.ndarray]) -> None:
        """Keep `found` (bool per document number of the `count` documents at `version`); those kept at another
        version go, even when nothing is found."""
        if not version.shared:
            return
        key = _database_key(alias)
        with self._lock:
            kept_at, kept_count, kept = self._kept.get(key, (None, 0, OrderedDict()))
            if kept_at != version or kept_count != count:
                self._bytes -= sum(packed.nbytes for packed in kept.values())
                kept = OrderedDict()
            for query, mask in found.items():
                packed = np.packbits(mask)
                self._bytes += packed.nbytes - (kept[query].nbytes if query in kept else 0)
                kept[query] = packed
            self._kept[key] = (version, count, kept)
            while self._bytes > self.LIMIT_BYTES and any(kept for _, _, kept in self._kept.values()):
                self._drop_oldest()

    def _drop_oldest(self) -> None:
        for _version, _count, kept in self._kept.values():
            if kept:
                _query, packed = kept.popitem(last=False)
                self._bytes -= packed.nbytes
                return

    @property
    def kept_bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0


word_masks = _Masks()


def load(timeout_ms: int = 60_000) -> DocumentArrays:
    """Every document's facet values and the version they are at, in one statement (one snapshot)."""
    with reading.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}; SET LOCAL enable_seqscan = on; "
                       "SET LOCAL jit = off")
        cursor.execute(_LOAD)
        committed, own_changes, snapshot_xmin, rows = cursor.fetchone()
    arrays = from_rows(Version(committed, bool(own_changes)), rows)
    arrays.snapshot_xmin = int(snapshot_xmin)
    return arrays


def documents(version: Version) -> tuple[DocumentArrays, float]:
    """The arrays at `version` (kept, refreshed or read now: check their version), and the seconds it took."""
    from .refreshing import refreshed

    started = time.monotonic()
    arrays = cache.get(reading.alias(), version, load, refreshed)
    return arrays, time.monotonic() - started
