"""Posting lists and field lengths of Whoosh segments as numpy arrays, cached per segment.

Whoosh scores and intersects postings one document at a time in Python; reading a posting list block by block
into arrays (128 postings per block: one zlib + unpickle each) and doing the arithmetic in numpy is 10–50× faster.
Segments never change once written, so a term's arrays stay valid for the life of the segment and are kept in a
byte-bounded LRU cache shared by all searchers of the process. Deletions are not applied here (the caller masks
with the live documents), which is what keeps the cache valid when documents are deleted.

This module is the only one that reaches into Whoosh's codec (W3 segments: block data and the length column);
tests compare its answers with Whoosh's public per-document API.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length

DEFAULT_CACHE_BYTES = 96 * 1024 * 1024
DEFAULT_COPY_BYTES = 24 * 1024 * 1024
ENTRY_BYTES = 200  # counted for each entry besides its arrays: absent terms (empty arrays) are cached too
LENGTH_OF_CODE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)  # Whoosh's one-byte lengths
_EMPTY_IDS = np.zeros(0, dtype=np.int32)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)
_EMPTY_KEYS = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Postings:
    """One term in one segment: segment-local document numbers (ascending) and term weights (frequency × boost)."""

    docnums: np.ndarray
    weights: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.docnums.nbytes + self.weights.nbytes


EMPTY = Postings(_EMPTY_IDS, _EMPTY_WEIGHTS)


def segment_key(reader: SegmentReader, scope: str) -> tuple[str, str]:
    """Segment ids are random names, unique within an index, not across indexes (tests reseed `random`):
    `scope` names the index generation (its folder)."""
    return scope, reader.segment().segment_id()


def _stored_matcher(reader: SegmentReader, fieldname: str, text: str):
    """The segment's raw posting reader for the term (no deletion filter), or None when the term is absent."""
    tbytes = reader._text_to_bytes(fieldname, text)
    if (fieldname, tbytes) not in reader:
        return None
    return reader._terms.matcher(fieldname, tbytes, reader.schema[fieldname].format)


def _block_ids(matcher: W3LeafMatcher) -> np.ndarray:
    """Document numbers of the current block (stored delta-encoded); loads the block."""
    matcher._read_data()
    return np.cumsum(np.array(matcher._data[0], dtype=np.int64))


def read_postings(reader: SegmentReader, fieldname: str, text: str) -> Postings:
    """All postings of `fieldname:text` in one segment, deleted documents included."""
    matcher = _stored_matcher(reader, fieldname, text)
    if matcher is None:
        return EMPTY
    if isinstance(matcher, W3LeafMatcher):
        return _read_blocks(matcher)
    ids, weights = [], []  # inlined postings (a term in one document): a ListMatcher
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return Postings(np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32))


def _read_blocks(matcher: W3LeafMatcher) -> Postings:
    """Each block holds ids and weights (None: all 1.0; a float: all the same) in one pickle."""
    id_blocks, weight_blocks = [], []
    while matcher.is_active():
        ids = _block_ids(matcher)
        id_blocks.append(ids)
        weights = matcher._data[1]
        if weights is None or isinstance(weights, float):
            weight_blocks.append(np.full(len(ids), 1.0 if weights is None else weights, dtype=np.float32))
        else:
            weight_blocks.append(np.array(weights, dtype=np.float32))
        matcher._next_block()
    if not id_blocks:
        return EMPTY
    return Postings(np.concatenate(id_blocks).astype(np.int32), np.concatenate(weight_blocks))


def read_positions(reader: SegmentReader, fieldname: str, text: str, wanted: np.ndarray) -> np.ndarray:
    """Occurrences of `fieldname:text` in the documents where `wanted` (bool per segment docnum) is True, as sorted
    int64 keys docnum << 32 | position. Positions are decoded one posting at a time (a pickle each), so only the
    wanted documents' are: phrases ask for the few documents that still hold all their words."""
    matcher = _stored_matcher(reader, fieldname, text)
    if matcher is None:
        return _EMPTY_KEYS
    decode = reader.schema[fieldname].format.decode_positions
    keys: list[int] = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            ids = _block_ids(matcher)
            values = matcher._data[2]
            for i in np.flatnonzero(wanted[ids]).tolist():
                base = int(ids[i]) << 32
                keys += [base | p for p in decode(values[i])]
            matcher._next_block()
    else:
        while matcher.is_active():
            if wanted[matcher.id()]:
                keys += [(matcher.id() << 32) | p for p in decode(matcher.value())]
            matcher.next()
    return np.array(keys, dtype=np.int64) if keys else _EMPTY_KEYS


def read_length_codes(reader: SegmentReader, fieldname: str) -> np.ndarray:
    """Whoosh's one-byte length codes (uint8) of `fieldname` in every document of the segment; the lengths (in
    terms, as Whoosh approximates them) are LENGTH_OF_CODE[codes], a quarter of the memory kept as codes."""
    doc_count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return np.zeros(doc_count, dtype=np.uint8)
    stored = min(column._count, doc_count)  # trailing documents without the field are not written
    codes = np.zeros(doc_count, dtype=np.uint8)
    if stored:
        codes[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    return codes


class _Lru:
    """Values by key within a byte budget, least recently used dropped first; a load's None is not kept."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple, Postings | np.ndarray] = OrderedDict()
        self.nbytes = 0

    def get(self, key: tuple, load):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = load()  # outside the lock: reads may be slow, and two loads of one key are harmless
        with self._lock:
            if value is not None and key not in self._items:
                self._items[key] = value
                self.nbytes += value.nbytes + ENTRY_BYTES
                while self.nbytes > self.max_bytes and len(self._items) > 1:
                    _, dropped = self._items.popitem(last=False)
                    self.nbytes -= dropped.nbytes + ENTRY_BYTES
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.nbytes = 0


class SegmentArrayCache:
    """Arrays per (segment, field, term) and per (segment, field) length codes, in two budgets: what was decoded
    from posting blocks (slow to decode again), and what came from a term array file, which decodes in a few
    milliseconds even at a million articles: a small budget holds the hot terms there (at 1M, 24 MB answered as
    fast as 96 MB, which held ~130 MB more heap per worker)."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES, max_copy_bytes: int = DEFAULT_COPY_BYTES) -> None:
        self.decoded = _Lru(max_bytes)
        self.copies = _Lru(max_copy_bytes)

    def postings(self, reader: SegmentReader, fieldname: str, text: str, *, scope: str = "", stored=None,
                 segment: tuple[str, str] | None = None) -> Postings:  # fmt: skip
        """`stored(fieldname, text)`: (docnums, weights) from a faster copy than the blocks, or None. `segment`:
        segment_key(reader, scope) when the caller has it already."""
        key = ("p", segment or segment_key(reader, scope), fieldname, text)
        if stored is not None:
            copied = self.copies.get(key, lambda: _postings_or_none(stored(fieldname, text)))
            if copied is not None:
                return copied
        return self.decoded.get(key, lambda: read_postings(reader, fieldname, text))

    def length_codes(self, reader: SegmentReader, fieldname: str, *, scope: str = "",
                     segment: tuple[str, str] | None = None) -> np.ndarray:  # fmt: skip
        """read_length_codes(), kept."""
        key = ("l", segment or segment_key(reader, scope), fieldname)
        return self.decoded.get(key, lambda: read_length_codes(reader, fieldname))

    def clear(self) -> None:
        self.decoded.clear()
        self.copies.clear()

    @property
    def nbytes(self) -> int:
        return self.decoded.nbytes + self.copies.nbytes


def _postings_or_none(arrays: tuple[np.ndarray, np.ndarray] | None) -> Postings | None:
    return Postings(*arrays) if arrays is not None else None


segment_arrays = SegmentArrayCache()
