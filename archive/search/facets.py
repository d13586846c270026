"""Facet values of every indexed document as numpy arrays: counting and filtering without per-hit Python.

Whoosh segments never change once written, so each segment's `facets` column is decoded once and kept, keyed
by segment id; a new searcher (after an index change) only decodes the segments it has not seen and stitches the
arrays together. Deleted documents never match a query, and `alive_mask` marks the rest for the empty query.
"""

from __future__ import annotations

import functools
import json
import math
import threading
from dataclasses import dataclass, field

import numpy as np
from whoosh.searching import Searcher

from .schema import FACETS, MULTI_VALUED_FACETS
from .storage import searchers

SINGLE_VALUED = tuple(f for f in FACETS if f not in MULTI_VALUED_FACETS)
MULTI_VALUED = tuple(f for f in FACETS if f in MULTI_VALUED_FACETS)


@dataclass
class _Codes:
    """Values of one facet: `codes[i]` indexes `vocabulary`; multi-valued facets add CSR row pointers."""

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

    @functools.cached_property
    def shifted(self) -> np.ndarray:
        """codes + 1 (0: no value) as intp, what np.bincount counts without a conversion."""
        return self.codes.astype(np.intp) + 1


@dataclass
class _SegmentFacets:
    facets: dict[str, _Codes]
    dates: np.ndarray  # date ordinals, 0 where unknown
    clusters: np.ndarray  # CopyCluster ids, 0 for an article without copies


def _decode_segment(reader) -> _SegmentFacets:
    vocabularies: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    single = {f: [] for f in SINGLE_VALUED}
    multi = {f: [] for f in MULTI_VALUED}
    lengths = {f: [] for f in MULTI_VALUED}
    dates, clusters = [], []
    for raw in reader.column_reader("facets", translate=False):
        values = json.loads(raw) if raw else {}
        for facet in SINGLE_VALUED:
            value = values.get(facet, "")
            single[facet].append(vocabularies[facet].setdefault(value, len(vocabularies[facet])) if value else -1)
        for facet in MULTI_VALUED:
            items = values.get(facet, [])
            multi[facet].extend(vocabularies[facet].setdefault(v, len(vocabularies[facet])) for v in items)
            lengths[facet].append(len(items))
        dates.append(values.get("date", 0))
        clusters.append(values.get("cluster", 0))
    facets = {f: _Codes(list(vocabularies[f]), np.array(single[f], dtype=np.int32)) for f in SINGLE_VALUED}
    for f in MULTI_VALUED:
        indptr = np.zeros(len(lengths[f]) + 1, dtype=np.int64)
        np.cumsum(lengths[f], out=indptr[1:])
        facets[f] = _Codes(list(vocabularies[f]), np.array(multi[f], dtype=np.int32), indptr)
    return _SegmentFacets(facets, np.array(dates, dtype=np.int32), np.array(clusters, dtype=np.int64))


@dataclass
class FacetTable:
    """All documents of one searcher. Document numbers are the searcher's (global) docnums."""

    doc_count: int
    facets: dict[str, _Codes]
    dates: np.ndarray
    alive_mask: np.ndarray  # bool per docnum: not deleted
    clusters: np.ndarray  # int64 per docnum: CopyCluster id, 0 for none
    _owners: dict[str, np.ndarray] = field(default_factory=dict)  # multi-valued: code position → docnum
    _combinations: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict)  # see _combined()
    _values_major: dict[str, tuple[np.ndarray, np.ndarray] | None] = field(default_factory=dict)  # _by_value()
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
        """One number per document for its values of the facets of `group` (shifted codes, mixed radix)."""
        if group not in self._combinations:
            key = np.zeros(self.doc_count, dtype=np.intp)
            for facet in group:
                key *= len(self.facets[facet].vocabulary) + 1
                key += self.facets[facet].shifted
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
        if data.indptr is not None and (by_value := self._by_value(facet)) is not None:
            # Per value, its documents' selection summed: a third of the memory a bincount over every code reads
            documents, starts = by_value
            return np.add.reduceat(selection.take(documents), starts, dtype=np.intp)
        # Every code times whether its document is selected: picking the selected codes through a bool mask
        # branches on each (~0.5 ms over 100k documents in no order), multiplying does not.
        owned = selection if data.indptr is None else selection[self._owner(facet)]
        return np.bincount(data.shifted * owned, minlength=len(data.vocabulary) + 1)[1:]

    def _count_few(self, facet: str, docs: np.ndarray) -> np.ndarray:
        """Documents per vocabulary entry among `docs` (ascending docnums)."""
        data = self.facets[facet]
        if data.indptr is None:
            codes = data.codes[docs]
            codes = codes[codes >= 0]
        else:
            codes = data.codes[_spans(data.indptr, docs)]
        return np.bincount(codes, minlength=len(data.vocabulary))

    def _by_value(self, facet: str) -> tuple[np.ndarray, np.ndarray] | None:
        """A multi-valued facet's documents grouped by value (int32), and where each value's group starts; None
        when some value has no document (np.add.reduceat cannot sum an empty group) or there is no value."""
        if facet not in self._values_major:
            data = self.facets[facet]
            order = np.argsort(data.codes, kind="stable")
            starts = np.searchsorted(data.codes[order], np.arange(len(data.vocabulary)))
            sizes = np.diff(np.append(starts, data.codes.size))
            usable = len(data.vocabulary) > 0 and bool((sizes > 0).all())
            self._values_major[facet] = (self._owner(facet)[order].astype(np.int32), starts) if usable else None
        return self._values_major[facet]

    def mask(self, facet: str, values: list[str]) -> np.ndarray:
        """Documents having any of `values` for `facet` (several values of one facet combine with OR)."""
        data = self.facets[facet]
        wanted = np.zeros(len(data.vocabulary) + 1, dtype=bool)  # by shifted code: 0 is no value
        wanted[[data.codes_of[v] + 1 for v in set(values) if v in data.codes_of]] = True
        return self._documents_where(facet, wanted[data.shifted])  # a look-up per code (np.isin sorted them)

    def code_mask(self, facet: str, code: int) -> np.ndarray:
        """Documents having the value numbered `code` in the facet's vocabulary."""
        return self._documents_where(facet, self.facets[facet].codes == code)

    def _documents_where(self, facet: str, chosen: np.ndarray) -> np.ndarray:
        """Bool per docnum from a bool per stored code (one per document, or several for multi-valued facets)."""
        if self.facets[facet].indptr is None:
            return chosen
        result = np.zeros(self.doc_count, dtype=bool)
        result[self._owner(facet)[chosen]] = True
        return result

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

    def _owner(self, facet: str) -> np.ndarray:
        if facet not in self._owners:
            indptr = self.facets[facet].indptr
            # intp: numpy converts any other index array first (twice the time of the look-up itself)
            self._owners[facet] = np.repeat(np.arange(self.doc_count, dtype=np.intp), np.diff(indptr))
        return self._owners[facet]


_FEW = 16  # a selection of under 1/16 of the documents is counted through its document numbers
_COMBINED_BINS = 4096  # value combinations of single-valued facets counted in one pass (their sums are cheap)


def _spans(indptr: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The code positions of the documents `docs` (ascending) in a CSR column: indptr[d]..indptr[d+1] for each,
    in order, as one array (what selection[owner] picks, without a pass over every code)."""
    starts, lengths = indptr[docs], indptr[docs + 1] - indptr[docs]
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if ends.size else 0)


def _concatenate(parts: list[_SegmentFacets], facet: str) -> _Codes:
    vocabulary: dict[str, int] = {}
    codes, indptrs, base = [], [], 0
    for part in parts:
        data = part.facets[facet]
        remap = np.array([vocabulary.setdefault(v, len(vocabulary)) for v in data.vocabulary] + [-1], dtype=np.int32)
        codes.append(remap[data.codes])  # -1 (no value) indexes the trailing -1
        if data.indptr is not None:
            indptrs.append(data.indptr[:-1] + base)
            base += len(data.codes)
    merged = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int32)
    if facet not in MULTI_VALUED_FACETS:
        return _Codes(list(vocabulary), merged)
    indptr = np.concatenate([*indptrs, np.array([base], dtype=np.int64)])
    return _Codes(list(vocabulary), merged, indptr)


class FacetTableCache:
    """FacetTable per searcher; decoded segments are reused across searchers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._segments: dict[tuple[str, str], _SegmentFacets] = {}
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
                self._table = self._build(leaves, index_key)
                self._table_key = key
            return self._table

    def _build(self, leaves, index_key: str) -> FacetTable:
        parts, alive, wanted = [], [], set()
        for reader, offset in leaves:
            segment_key = (index_key, reader.segment().segment_id() if reader.segment() else f"offset-{offset}")
            wanted.add(segment_key)
            if segment_key not in self._segments:
                self._segments[segment_key] = _decode_segment(reader)
            parts.append(self._segments[segment_key])
            alive.append(np.fromiter(reader.all_doc_ids(), dtype=np.int64) + offset)
        for stale in set(self._segments) - wanted:  # merged away: free the memory
            del self._segments[stale]
        facets = {facet: _concatenate(parts, facet) for facet in FACETS}
        dates = np.concatenate([p.dates for p in parts]) if parts else np.zeros(0, dtype=np.int32)
        clusters = np.concatenate([p.clusters for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        alive_mask = np.zeros(len(dates), dtype=bool)
        if alive:
            alive_mask[np.concatenate(alive)] = True
        return FacetTable(len(dates), facets, dates, alive_mask, clusters)


facet_tables = FacetTableCache()


def facet_table(searcher: Searcher) -> FacetTable:
    """The facet table of the process's searcher (`searchers.use()`), built or extended after an index change."""
    return facet_tables.table(searcher, searchers.location)
