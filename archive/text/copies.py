"""Near-duplicate texts: MinHash signatures of word shingles, banded for candidate lookup (no Django).

An agency text reprinted by several outlets comes back with a new headline, a paragraph cut or added, another
footer, a word changed here and there. Such copies share most of their word sequences; two articles on the same
event written independently share words and names but few runs of three words. So:

- a text's *shingles* are its runs of SHINGLE_WORDS words after `fold` (case and Kazakh letters folded, so a
  reprint typed without Kazakh letters still matches);
- its *signature* is datasketch's MinHash of those shingles (NUM_PERM uint32 values), preceded by the number of
  shingles. From two signatures we estimate the Jaccard similarity J (the share of equal values) and, with the
  two sizes, the *containment* of the shorter text in the longer: |A∩B| = J·(|A|+|B|)/(1+J). Containment is
  what a cut copy keeps (a reprint of half the text is half as long: J ≈ 0.5, containment ≈ 1);
- two texts are copies when containment ≥ CONTAINMENT and J ≥ MIN_JACCARD (a short note contained in a long
  article is a quote, not a copy). The thresholds were measured on variants built from the seeds
  (tests/test_syndication_thresholds.py prints the table; docs/SYNDICATION.md records it).

Candidates come from banding (locality-sensitive hashing): the signature is cut into BANDS bands of ROWS values;
texts sharing one band's values are candidates. `BandIndex` keeps the band keys of many texts in sorted numpy
arrays (datasketch's MinHashLSH holds them in Python dicts: 8.8 s to insert 100,000 texts, against ~0.2 s here),
so an import loads it once and a lookup is a binary search per band.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from .folding import fold

NUM_PERM = 128
SHINGLE_WORDS = 3
# 64 bands of 2 values: a pair with J = 0.3 is a candidate with probability 1 - (1 - 0.3²)⁶⁴ ≈ 0.998 (a reprint of
# a third of a text has J ≈ 0.33); one with J = 0.02 (same topic) with ~2.5%, and is then refused on its estimates.
BANDS, ROWS = 64, 2
CONTAINMENT = 0.5
MIN_JACCARD = 0.2
MIN_SHINGLES = 20  # a text of fewer than ~22 words is never called a copy: headlines and captions repeat
SEED = 1
SIGNATURE_BYTES = 4 * (NUM_PERM + 1)

_WORD = re.compile(r"\w+")
# Fixed odd multipliers: a band's ROWS values → one 64-bit key (a collision merely adds a candidate).
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                        dtype=np.uint64)  # fmt: skip
_hashers: dict[int, object] = {}  # num_perm → a MinHash whose permutations are copied for each text


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Runs of `size` words of the folded text (numbers count as words: dates and figures are part of a copy)."""
    words = _WORD.findall(fold(text))
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str, *, num_perm: int = NUM_PERM, size: int = SHINGLE_WORDS) -> np.ndarray | None:
    """uint32 array: [number of shingles, num_perm MinHash values]; None for a text too short to compare."""
    found = shingles(text, size=size)
    if len(found) < MIN_SHINGLES:
        return None
    hasher = _hasher(num_perm).copy()
    hasher.update_batch(list(found))
    return np.concatenate([np.array([len(found)], dtype=np.uint32), hasher.hashvalues.astype(np.uint32)])


def _hasher(num_perm: int):
    """Imported on first use: datasketch pulls in scipy (~0.8 s), which a web process needs only after an edit."""
    if num_perm not in _hashers:
        from datasketch import MinHash

        _hashers[num_perm] = MinHash(num_perm=num_perm, seed=SEED)
    return _hashers[num_perm]


def to_bytes(sig: np.ndarray | None) -> bytes:
    return b"" if sig is None else sig.astype("<u4").tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    """The signature stored by `to_bytes`; None for none (or one made with another NUM_PERM: recompute it)."""
    if not data or len(data) != SIGNATURE_BYTES:
        return None
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


def estimate(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller shingle set in the larger), estimated from two signatures."""
    jaccard = float(np.count_nonzero(a[1:] == b[1:])) / (a.size - 1)
    size_a, size_b = int(a[0]), int(b[0])
    common = jaccard * (size_a + size_b) / (1 + jaccard)
    return jaccard, min(1.0, common / min(size_a, size_b))


def is_copy(
    a: np.ndarray, b: np.ndarray, *, containment: float = CONTAINMENT, min_jaccard: float = MIN_JACCARD
) -> bool:
    jaccard, contained = estimate(a, b)
    return jaccard >= min_jaccard and contained >= containment


def copy_mask(sig: np.ndarray, others: np.ndarray) -> np.ndarray:
    """`is_copy(sig, row)` for each row of `others` at once."""
    jaccard = np.count_nonzero(others[:, 1:] == sig[1:], axis=1) / (sig.size - 1)
    sizes = others[:, 0].astype(np.float64)
    common = jaccard * (sizes + float(sig[0])) / (1 + jaccard)
    contained = np.minimum(1.0, common / np.minimum(sizes, float(sig[0])))
    return (jaccard >= MIN_JACCARD) & (contained >= CONTAINMENT)


def band_keys(signatures: np.ndarray, *, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """(n, bands) uint64 keys from (n, 1 + NUM_PERM) signatures."""
    values = signatures[:, 1 : 1 + bands * rows]
    if rows == 2:  # two uint32 values are one uint64 exactly: a view, no hashing (~50x faster at 100,000 texts)
        return np.ascontiguousarray(values, dtype=np.uint32).view(np.uint64)
    values = values.astype(np.uint64).reshape(len(signatures), bands, rows)
    with np.errstate(over="ignore"):  # wrapping multiplication is the hash
        return (values * _MULTIPLIERS[:rows]).sum(axis=2, dtype=np.uint64)


class BandIndex:
    """Signatures of many texts by id, with their band keys in one sorted array for lookup.

    Built at once from arrays (`BandIndex(ids, signatures)`): each text's BANDS keys are hashed to 32 bits (the
    band mixed in) and packed with the text's row number into one uint64, `key << 32 | row`, and the lot sorted
    in place (a sort, not an argsort: ~3x faster, and no separate key array). A lookup is two binary searches per
    band key; a 32-bit collision only adds a candidate, and candidates are verified on their signatures in one
    numpy comparison. `add` and `discard` then change it one text at a time (added texts are kept aside in dicts,
    removed ones hidden), which is what an import run needs.
    """

    def __init__(self, ids: Sequence[int] = (), signatures: np.ndarray | None = None) -> None:
        self._ids = np.asarray(ids, dtype=np.int64)
        self._signatures = signatures if signatures is not None else np.zeros((0, NUM_PERM + 1), dtype=np.uint32)
        packed = _hashed(band_keys(self._signatures)) << np.uint64(32)
        packed |= np.arange(len(self._ids), dtype=np.uint64)[:, None]
        self._packed = packed.ravel()
        self._packed.sort()
        self._row = dict(zip(self._ids.tolist(), range(len(self._ids)), strict=True))
        self._hidden = np.zeros(len(self._ids), dtype=bool)
        self._added: dict[int, np.ndarray] = {}
        self._added_keys: dict[int, set[int]] = {}

    def __len__(self) -> int:
        return len(self._row) - int(self._hidden.sum()) + len(self._added)

    def __contains__(self, text_id: int) -> bool:
        return self.get(text_id) is not None

    def get(self, text_id: int) -> np.ndarray | None:
        if text_id in self._added:
            return self._added[text_id]
        row = self._row.get(text_id)
        return self._signatures[row] if row is not None and not self._hidden[row] else None

    def add(self, text_id: int, sig: np.ndarray) -> None:
        self.discard(text_id)
        self._added[text_id] = sig
        for key in _hashed(band_keys(sig[None, :]))[0].tolist():
            self._added_keys.setdefault(key, set()).add(text_id)
        if len(self._added) > max(COMPACT_MIN, len(self._row) // 2):
            self._compact()

    def _compact(self) -> None:
        """Sort the added texts in with the rest: the dicts stay small in a long import (a geometric schedule, so
        the sorting adds up to a few times one final sort)."""
        keep = ~self._hidden
        ids = np.concatenate([self._ids[keep], np.fromiter(self._added, dtype=np.int64, count=len(self._added))])
        signatures = np.concatenate([self._signatures[keep], np.stack(list(self._added.values()))])
        self.__init__(ids, signatures)

    def discard(self, text_id: int) -> None:
        old = self._added.pop(text_id, None)
        if old is not None:
            for key in _hashed(band_keys(old[None, :]))[0].tolist():
                self._added_keys.get(key, set()).discard(text_id)
        row = self._row.get(text_id)
        if row is not None:
            self._hidden[row] = True

    def copies_of(self, sig: np.ndarray, *, exclude: int | None = None) -> list[int]:
        """Ids of the indexed texts that `sig`'s text is a copy of: those sharing a band with it (candidates),
        verified on their signatures. Sorted."""
        keys = _hashed(band_keys(sig[None, :]))[0]
        found: set[int] = set()
        if self._packed.size:
            low = keys << np.uint64(32)
            left = np.searchsorted(self._packed, low, side="left")
            right = np.searchsorted(self._packed, low | np.uint64(_ROW_MASK), side="right")
            spans = [self._packed[a:b] for a, b in zip(left.tolist(), right.tolist(), strict=True) if b > a]
            if spans:
                rows = np.unique(np.concatenate(spans) & np.uint64(_ROW_MASK)).astype(np.int64)
                rows = rows[~self._hidden[rows]]
                rows = rows[copy_mask(sig, self._signatures[rows])]
                found.update(self._ids[rows].tolist())
        added = sorted(set().union(*(self._added_keys.get(key, set()) for key in keys.tolist())))
        if added:  # verified together: one numpy comparison, not one per candidate
            mask = copy_mask(sig, np.stack([self._added[i] for i in added]))
            found.update(i for i, copy in zip(added, mask.tolist(), strict=True) if copy)
        found.discard(exclude)
        return sorted(found)


_ROW_MASK = 0xFFFFFFFF
COMPACT_MIN = 2_000  # texts added one by one before they are sorted in


def _hashed(keys: np.ndarray) -> np.ndarray:
    """(n, bands) uint64 keys → 32-bit hashes (in uint64) with the band mixed in, so all bands share one array."""
    bands = np.arange(keys.shape[1], dtype=np.uint64) * np.uint64(0xA0761D6478BD642F)
    with np.errstate(over="ignore"):  # wrapping multiplication is the hash; its high half the best mixed
        return ((keys ^ bands) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(32)


def components(pairs: Iterable[tuple[int, int]], ids: Iterable[int]) -> list[list[int]]:
    """Connected groups of `ids` joined by `pairs` (union-find), each sorted, groups by their first id."""
    parent = {i: i for i in ids}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in parent:
        groups.setdefault(root(i), []).append(i)
    return sorted(sorted(group) for group in groups.values())
