"""Kept document arrays brought up to date with the documents changed since they were read, instead of read whole
(~1.5 s of a process's time at 100,000 documents, after every edit anyone makes).

Which rows changed: every row a transaction wrote after the arrays' snapshot has an xmin at least as recent as
that snapshot's xmin (older transactions had all ended, and their rows were in it). Those rows are read again,
with the ids of every document (one statement, one snapshot): ids gone are deletions. The others keep their
codes; new facet values are added to the vocabularies (a value no document holds any more counts 0, and is not
listed). tests/test_search_pg_fast.py pins a refreshed table to one read whole.
"""

from __future__ import annotations

import numpy as np

from ..facets import MULTI_VALUED, SINGLE_VALUED, FacetTable, _Codes, _spans
from . import reading
from .arrays import _COLUMNS, ROWS, SNAPSHOT_XMIN, TABLE, VERSION_COLUMNS, DocumentArrays, Version

MAX_CHANGED_SHARE = 0.2  # past a fifth of the documents, reading them all is as quick
MAX_AGE = 1 << 30  # transaction ids wrap around at 2^32: compare only recent ones (else read whole)
_CHANGED = (
    f"SELECT {VERSION_COLUMNS}, {SNAPSHOT_XMIN}, age(%s::xid) < {MAX_AGE}, "
    f"(SELECT array_agg(article_id ORDER BY article_id) FROM {TABLE}), "
    f"(SELECT {ROWS} FROM {TABLE} WHERE age(xmin) <= age(%s::xid))"
)


def refreshed(kept: DocumentArrays, timeout_ms: int = 60_000) -> DocumentArrays | None:
    """`kept` with the documents changed since it was read; None when reading them all is the better way."""
    if kept.snapshot_xmin is None:
        return None
    xmin = str(kept.snapshot_xmin % (1 << 32))  # the 32-bit xid rows carry
    with reading.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}; SET LOCAL enable_seqscan = on; "
                       "SET LOCAL jit = off")  # fmt: skip
        cursor.execute(_CHANGED, [xmin, xmin])
        committed, own_changes, snapshot_xmin, recent, ids, rows = cursor.fetchone()
    version = Version(committed, bool(own_changes))
    ids = np.array(ids or [], dtype=np.int64)
    if not recent or not version.shared or len(rows) > MAX_CHANGED_SHARE * max(ids.size, 1):
        return None
    arrays = merged(kept, version, ids, rows)
    if arrays is not None:
        arrays.snapshot_xmin = int(snapshot_xmin)
    return arrays


def merged(kept: DocumentArrays, version: Version, ids: np.ndarray, rows: list[list]) -> DocumentArrays | None:
    """The arrays of the documents `ids` (ascending): `rows` (as arrays.from_rows reads them) for those that
    changed, `kept`'s codes for the others. None if some new id is in neither (then read whole)."""
    changed_ids = np.array([row[0] for row in rows], dtype=np.int64)
    at, present = kept.locate(ids)
    is_changed = np.isin(ids, changed_ids)
    if (~present & ~is_changed).any():
        return None
    same = present & ~is_changed
    unchanged, old = np.flatnonzero(same), at[same]  # new and old document numbers, both ascending
    fresh = np.flatnonzero(is_changed)  # in id order, as `rows`
    count = ids.size
    table = kept.table
    facets = {}
    for facet in SINGLE_VALUED:
        data = table.facets[facet]
        vocabulary, code = _extended(data.vocabulary, (row[_COLUMNS[facet]] or "" for row in rows))
        codes = np.full(count, -1, dtype=np.int32)
        codes[unchanged] = data.codes[old]
        codes[fresh] = [code.get(row[_COLUMNS[facet]] or "", -1) for row in rows]
        facets[facet] = _Codes(vocabulary, codes)
    for facet in MULTI_VALUED:
        data = table.facets[facet]
        lists = [row[_COLUMNS[facet]] or [] for row in rows]
        vocabulary, code = _extended(data.vocabulary, (v for values in lists for v in values))
        lengths = np.zeros(count, dtype=np.int64)
        lengths[unchanged] = np.diff(data.indptr)[old]
        lengths[fresh] = [len(values) for values in lists]
        indptr = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        codes = np.empty(int(indptr[-1]), dtype=np.int32)
        codes[_spans(indptr, unchanged)] = data.codes[_spans(data.indptr, old)]
        codes[_spans(indptr, fresh)] = [code[v] for values in lists for v in values]
        facets[facet] = _Codes(vocabulary, codes, indptr)
    dates = np.zeros(count, dtype=np.int32)
    dates[unchanged] = table.dates[old]
    dates[fresh] = [row[7] or 0 for row in rows]
    clusters = np.zeros(count, dtype=np.int64)
    clusters[unchanged] = table.clusters[old]
    clusters[fresh] = [row[8] or 0 for row in rows]
    return DocumentArrays(version, ids, FacetTable(count, facets, dates, np.ones(count, dtype=bool), clusters))


def _extended(vocabulary: list[str], values) -> tuple[list[str], dict[str, int]]:
    """The vocabulary with the values it lacks appended (codes already given stay), and value → code."""
    code = {value: i for i, value in enumerate(vocabulary)}
    extended = list(vocabulary)
    for value in values:
        if value and value not in code:
            code[value] = len(extended)
            extended.append(value)
    return extended, code
