"""Facet values of every indexed document as numpy arrays: counting and filtering without per-hit Python.

Whoosh segments never change once written, so each segment's `facets` column is decoded once, its values
numbered in vocabularies shared by the whole index; a new searcher (after an index change) only decodes the
segments it has not seen and joins the arrays. Between two tables a segment keeps only views into the last one,
so the values are held once. Codes are stored in the smallest integer type that holds them (at a million
articles the table is a few tens of MB). Deleted documents never match a query, and `alive_mask` marks the
rest for the empty query.
"""

from __future__ import annotations

import functools
import json
import math
import threading
from array import array
from dataclasses import dataclass, field

import numpy as np
from whoosh.searching import Searcher

from .schema import FACETS, MULTI_VALUED_FACETS
from .storage import searchers

SINGLE_VALUED = tuple(f for f in FACETS if f not in MULTI_VALUED_FACETS)
MULTI_VALUED = tuple(f for f in FACETS if f in MULTI_VALUED_FACETS)


def code_type(size: int) -> np.dtype:
    """The smallest signed integer type for codes of a vocabulary of `size` values, -1 (no value) and code + 1."""
    for kind in (np.int8, np.int16, np.int32):
        if size <= np.iinfo(kind).max:
            return np.dtype(kind)
    return np.dtype(np.int64)


def _offset_type(size: int) -> np.dtype:
    return np.dtype(np.int32 if size <= np.iinfo(np.int32).max else np.int64)


@dataclass
class _Codes:
    """Values of one facet: `codes[i]` indexes `vocabulary` (-1: no value); multi-valued facets add CSR row
    pointers. Any integer types (the PostgreSQL backend's arrays are int32 and int64)."""

    vocabulary: list[str]
    codes: np.ndarray
    indptr: np.ndarray | None = None  # multi-valued: document d owns codes[indptr[d]:indptr[d+1]]

    @functools.cached_property
    def ranks(self) -> np.ndarray:
        """Each vocabulary entry's place in value order. Vocabulary order is the order values reached the index,
        which differs between an index kept up to date and one rebuilt from the same database (a restore):
        ties are broken by value, so both list a facet alike."""
        ranks = np.empty(len(self.vocabulary), dtype=np.int64)
        ranks[np.argsort(np.array(self.vocabulary, dtype=object), kind="stable")] = np.arange(len(self.vocabulary))
        return ranks

    @functools.cached_property
    def codes_of(self) -> dict[str, int]:
        return {value: code for code, value in enumerate(self.vocabulary)}


@dataclass
class _Part:
    """One segment's documents, their values numbered in the index's vocabularies. Once a table is joined, views
    into its arrays (multi-valued `indptr` then holds the table's offsets: only differences count)."""

    codes: dict[str, np.ndarray]
    indptr: dict[str, np.ndarray]  # multi-valued facets: len(dates) + 1 row pointers
    dates: np.ndarray  # date ordinals, 0 where unknown
    clusters: np.ndarray  # CopyCluster ids, 0 for an article without copies


def _decode_segment(reader, vocabularies: dict[str, dict[str, int]]) -> _Part:
    """The segment's `facets` column, values numbered in (and added to) `vocabularies`. Typed arrays, not
    lists: a list of a million dates holds a million int objects."""
    codes = {f: array("i") for f in FACETS}
    lengths = {f: array("i") for f in MULTI_VALUED}
    dates, clusters = array("i"), array("q")
    for raw in reader.column_reader("facets", translate=False):
        values = json.loads(raw) if raw else {}
        for facet in SINGLE_VALUED:
            value = values.get(facet, "")
            numbers = vocabularies[facet]
            codes[facet].append(numbers.setdefault(value, len(numbers)) if value else -1)
        for facet in MULTI_VALUED:
            items = values.get(facet, [])
            numbers = vocabularies[facet]
            codes[facet].extend(numbers.setdefault(v, len(numbers)) for v in items)
            lengths[facet].append(len(items))
        dates.append(values.get("date", 0))
        clusters.append(values.get("cluster", 0))
    indptr = {}
    for facet in MULTI_VALUED:
        indptr[facet] = np.zeros(len(lengths[facet]) + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(lengths[facet], dtype=np.int32), out=indptr[facet][1:])
    arrays = {facet: np.frombuffer(codes[facet], dtype=np.int32) for facet in FACETS}
    return _Part(arrays, indptr, np.frombuffer(dates, dtype=np.int32), np.frombuffer(clusters, dtype=np.int64))


@dataclass
class FacetTable:
    """All documents of one searcher. Document numbers are the searcher's (global) docnums."""

    doc_count: int
    facets: dict[str, _Codes]
    dates: np.ndarray
    alive_mask: np.ndarray  # bool per docnum: not deleted
    clusters: np.ndarray  # per docnum: CopyCluster id, 0 for none
    _combinations: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict)  # see _combined()
    _values_major: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # see _by_value()
    memo: dict = field(default_factory=dict)  # answers that depend on this table alone (coverage's denominators)

    def counts(self, facet: str, selection: np.ndarray) -> list[tuple[str, int]]:
        """(value, count) for the documents where `selection` (bool per docnum) is true, largest first."""
        return self.top(facet, selection, None)[0]

    def top(self, facet: str, selection: np.ndarray, limit: int | None) -> tuple[list[tuple[str, int]], int]:
        """The first `limit` (all when None) of counts(), and how many values it has: only those are ordered and
        made Python pairs (a page shows 15 of possibly thousands)."""
        return self._ordered(facet, self._count(facet, selection), limit)

    def top_of_each(self, facets: list[str], selection: np.ndarray,
                    limit: int | None) -> dict[str, tuple[list[tuple[str, int]], int]]:  # fmt: skip
        """top() of each of `facets` under one selection. A few documents are listed once for all the facets;
        for many, single-valued facets are counted together, a few at a time: one count of their combinations
        (while there are at most _COMBINED_BINS of them) instead of a pass over every document per facet, then
        each facet's counts are the sums over the others."""
        found = {}
        if np.count_nonzero(selection) * _FEW < self.doc_count:  # few: their numbers found once for every facet
            docs = np.flatnonzero(selection)
            found = {facet: self._ordered(facet, self._count_few(facet, docs), limit) for facet in facets}
        else:  # many: single-valued facets in fewer passes
            for group in self._groups([f for f in facets if self.facets[f].indptr is None]):
                sizes = tuple(len(self.facets[f].vocabulary) + 1 for f in group)
                combined = np.bincount(self._combined(group) * selection, minlength=math.prod(sizes))
                combined = combined.reshape(sizes)
                for axis, facet in enumerate(group):
                    counts = combined.sum(axis=tuple(i for i in range(len(group)) if i != axis))[1:]
                    found[facet] = self._ordered(facet, counts, limit)
        return {facet: found[facet] if facet in found else self.top(facet, selection, limit) for facet in facets}

    def _groups(self, facets: list[str]) -> list[tuple[str, ...]]:
        groups, group, bins = [], [], 1
        for facet in facets:
            size = len(self.facets[facet].vocabulary) + 1
            if group and bins * size > _COMBINED_BINS:
                groups.append(tuple(group))
                group, bins = [], 1
            group.append(facet)
            bins *= size
        groups.append(tuple(group))
        return [g for g in groups if len(g) > 1]

    def _combined(self, group: tuple[str, ...]) -> np.ndarray:
        """One number per document for its values of the single-valued facets of `group` (codes + 1, 0 for no
        value, in mixed radix), in the smallest unsigned type that holds them: np.bincount widens it as it
        reads, faster than reading a stored intp array four or eight times the size."""
        if group not in self._combinations:
            sizes = [len(self.facets[facet].vocabulary) + 1 for facet in group]
            key = np.zeros(self.doc_count, dtype=np.min_scalar_type(math.prod(sizes) - 1))
            for facet, size in zip(group, sizes, strict=True):
                key *= size
                key += (self.facets[facet].codes + 1).astype(key.dtype)  # code_type() leaves room for the + 1
            self._combinations[group] = key
        return self._combinations[group]

    def _ordered(self, facet: str, counts: np.ndarray, limit: int | None) -> tuple[list[tuple[str, int]], int]:
        data = self.facets[facet]
        present = np.flatnonzero(counts)
        if limit is not None and limit < present.size:
            # (-count, rank) as one int64 key (ranks are distinct): the same first `limit` as ordering them all
            keys = (int(counts.max()) - counts[present]) * len(data.vocabulary) + data.ranks[present]
            present = present[np.argpartition(keys, limit - 1)[:limit]]
        order = present[np.lexsort((data.ranks[present], -counts[present]))]
        return [(data.vocabulary[i], int(counts[i])) for i in order.tolist()], int(np.count_nonzero(counts))

    def _count(self, facet: str, selection: np.ndarray) -> np.ndarray:
        """Documents per vocabulary entry among the selected ones."""
        data = self.facets[facet]
        if np.count_nonzero(selection) * _FEW < self.doc_count:  # few: read only their codes, not every one
            return self._count_few(facet, np.flatnonzero(selection))
        if data.indptr is not None:
            # Per value, its documents' selection summed: a third of the memory a bincount over every code reads
            documents, bounds = self._by_value(facet)
            counts = np.zeros(len(data.vocabulary), dtype=np.intp)
            used = bounds[:-1] < bounds[1:]  # np.add.reduceat cannot sum an empty group: those stay 0
            if documents.size:
                counts[used] = np.add.reduceat(selection.take(documents), bounds[:-1][used], dtype=np.intp)
            return counts
        # Every key times whether its document is selected: picking the selected codes through a bool mask
        # branches on each (~0.5 ms over 100k documents in no order), multiplying does not.
        return np.bincount(self._combined((facet,)) * selection, minlength=len(data.vocabulary) + 1)[1:]

    def _count_few(self, facet: str, docs: np.ndarray) -> np.ndarray:
        """Documents per vocabulary entry among `docs` (ascending docnums)."""
        data = self.facets[facet]
        if data.indptr is None:
            codes = data.codes[docs]
            codes = codes[codes >= 0]
        else:
            codes = data.codes[_spans(data.indptr, docs)]
        return np.bincount(codes, minlength=len(data.vocabulary))

    def _by_value(self, facet: str) -> tuple[np.ndarray, np.ndarray]:
        """A multi-valued facet's documents grouped by value (int32 docnums), and each value's group's bounds:
        value c's documents are documents[bounds[c]:bounds[c + 1]] (ascending)."""
        if facet not in self._values_major:
            data = self.facets[facet]
            order = np.argsort(data.codes, kind="stable")
            bounds = np.searchsorted(data.codes[order], np.arange(len(data.vocabulary) + 1))
            owners = np.repeat(np.arange(self.doc_count, dtype=np.int32), np.diff(data.indptr))
            self._values_major[facet] = (owners[order], bounds)
        return self._values_major[facet]

    def mask(self, facet: str, values: list[str]) -> np.ndarray:
        """Documents having any of `values` for `facet` (several values of one facet combine with OR)."""
        data = self.facets[facet]
        codes = sorted({data.codes_of[v] for v in values if v in data.codes_of})
        if data.indptr is None and len(codes) == 1:
            return data.codes == codes[0]
        if data.indptr is None:
            wanted = np.zeros(len(data.vocabulary) + 1, dtype=bool)  # the last: code -1, no value
            wanted[codes] = True
            return wanted.take(data.codes)  # a look-up per document (np.isin sorted them)
        result = np.zeros(self.doc_count, dtype=bool)
        for code in codes:
            result[self.documents_with(facet, code)] = True
        return result

    def documents_with(self, facet: str, code: int) -> np.ndarray:
        """The docnums (ascending) having the value numbered `code` in the facet's vocabulary."""
        data = self.facets[facet]
        if data.indptr is None:
            return np.flatnonzero(data.codes == code)
        documents, bounds = self._by_value(facet)
        return documents[bounds[code] : bounds[code + 1]]

    def cluster_keys(self, docnums: np.ndarray) -> np.ndarray:
        """A key per document that copies share: the cluster id, or -(docnum + 1) for a text without copies."""
        clusters = self.clusters[docnums]
        return np.where(clusters > 0, clusters, -(docnums.astype(np.int64) + 1))

    def date_mask(self, first: int | None, last: int | None) -> np.ndarray:
        result = self.dates > 0
        if first is not None:
            result &= self.dates >= first
        if last is not None:
            result &= self.dates <= last
        return result


_FEW = 16  # a selection of under 1/16 of the documents is counted through its document numbers
_COMBINED_BINS = 4096  # value combinations of single-valued facets counted in one pass (their sums are cheap)


def _spans(indptr: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The code positions of the documents `docs` (ascending) in a CSR column: indptr[d]..indptr[d+1] for each,
    in order, as one array (what selection[owner] picks, without a pass over every code)."""
    starts, lengths = indptr[docs], indptr[docs + 1] - indptr[docs]
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if ends.size else 0)


def _joined(parts: list[_Part], vocabularies: dict[str, dict[str, int]], alive_mask: np.ndarray) -> FacetTable:
    """One table of the parts' documents, in order, with values no document has left out of the vocabularies
    (renumbered in place: `vocabularies` then number the table's codes)."""
    facets = {}
    for facet in FACETS:
        kind = code_type(len(vocabularies[facet]))
        codes = np.concatenate([p.codes[facet] for p in parts], dtype=kind) if parts else np.zeros(0, kind)
        indptr = _joined_offsets([p.indptr[facet] for p in parts]) if facet in MULTI_VALUED else None
        codes, vocabulary = _without_unused(codes, vocabularies[facet])
        facets[facet] = _Codes(vocabulary, codes, indptr)
    dates = np.concatenate([p.dates for p in parts]) if parts else np.zeros(0, dtype=np.int32)
    clusters = np.concatenate([p.clusters for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    if clusters.size and clusters.max() <= np.iinfo(np.int32).max and clusters.min() >= 0:
        clusters = clusters.astype(np.int32)
    return FacetTable(len(dates), facets, dates, alive_mask, clusters)


def _joined_offsets(pointers: list[np.ndarray]) -> np.ndarray:
    """Row pointers of consecutive CSR parts joined (each part's own start subtracted: it may be a view of a
    larger table's pointers)."""
    total = sum(int(p[-1] - p[0]) for p in pointers)
    indptr = np.zeros(sum(p.size - 1 for p in pointers) + 1, dtype=_offset_type(total))
    at = base = 0
    for p in pointers:
        indptr[at : at + p.size - 1] = p[:-1] - p[0] + base
        at += p.size - 1
        base += int(p[-1] - p[0])
    indptr[-1] = base
    return indptr


def _without_unused(codes: np.ndarray, numbers: dict[str, int]) -> tuple[np.ndarray, list[str]]:
    """The codes and the vocabulary, with the values no code refers to any longer (their segments merged or
    replaced) dropped and the rest renumbered in order; `numbers` is updated to match."""
    vocabulary = list(numbers)
    if not vocabulary:
        return codes, vocabulary
    used = np.bincount(codes[codes >= 0], minlength=len(vocabulary)) > 0
    if used.all():
        return codes, vocabulary
    renumbered = np.append(np.cumsum(used) - 1, -1).astype(codes.dtype)  # the last: code -1 stays -1
    vocabulary = [value for value, kept in zip(vocabulary, used.tolist(), strict=True) if kept]
    numbers.clear()
    numbers.update((value, code) for code, value in enumerate(vocabulary))
    return renumbered.take(codes), vocabulary


class FacetTableCache:
    """FacetTable per searcher; decoded segments are reused across searchers (as views of the last table)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index_key: str | None = None
        self._vocabularies: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        self._segments: dict[str, _Part] = {}
        self._table_key: tuple | None = None
        self._table: FacetTable | None = None

    def table(self, searcher: Searcher, index_key: str) -> FacetTable:
        leaves = [(r, offset) for r, offset in searcher.reader().leaf_readers() if r.doc_count_all()]
        deletions = tuple(
            (reader.segment().segment_id(), reader.doc_count()) for reader, _ in leaves if reader.segment()
        )
        key = (index_key, deletions)
        with self._lock:
            if key != self._table_key:
                self._table = self._table_key = None  # the last table goes once its parts are views of the new one
                self._table = self._build(leaves, index_key)
                self._table_key = key
            return self._table

    def _build(self, leaves, index_key: str) -> FacetTable:
        if index_key != self._index_key:  # another index (a rebuild's generation): numbered afresh
            self._index_key, self._segments = index_key, {}
            self._vocabularies = {f: {} for f in FACETS}
        keys, parts, alive = [], [], []
        for reader, offset in leaves:
            keys.append(reader.segment().segment_id() if reader.segment() else f"offset-{offset}")
            if keys[-1] not in self._segments:
                self._segments[keys[-1]] = _decode_segment(reader, self._vocabularies)
            parts.append(self._segments[keys[-1]])
            alive.append(np.fromiter(reader.all_doc_ids(), dtype=np.int64) + offset)
        alive_mask = np.zeros(sum(len(p.dates) for p in parts), dtype=bool)
        if alive:
            alive_mask[np.concatenate(alive)] = True
        table = _joined(parts, self._vocabularies, alive_mask)
        self._segments = dict(zip(keys, _views(table, [len(p.dates) for p in parts]), strict=True))
        return table


def _views(table: FacetTable, sizes: list[int]) -> list[_Part]:
    """The parts `table` was joined from, as views into its arrays (merged-away segments are not among them)."""
    parts, start = [], 0
    for size in sizes:
        end = start + size
        codes, indptr = {}, {}
        for facet, data in table.facets.items():
            if data.indptr is None:
                codes[facet] = data.codes[start:end]
            else:
                indptr[facet] = data.indptr[start : end + 1]
                codes[facet] = data.codes[indptr[facet][0] : indptr[facet][-1]]
        parts.append(_Part(codes, indptr, table.dates[start:end], table.clusters[start:end]))
        start = end
    return parts


facet_tables = FacetTableCache()


def facet_table(searcher: Searcher) -> FacetTable:
    """The facet table of the process's searcher (`searchers.use()`), built or extended after an index change."""
    return facet_tables.table(searcher, searchers.location)
