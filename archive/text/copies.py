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
    values = signatures[:, 1 : 1 + bands * rows].astype(np.uint64).reshape(len(signatures), bands, rows)
    with np.errstate(over="ignore"):  # wrapping multiplication is the hash
        return (values * _MULTIPLIERS[:rows]).sum(axis=2, dtype=np.uint64)


class BandIndex:
    """Signatures of many texts by id, with their band keys sorted per band for lookup.

    Built at once from arrays (`BandIndex(ids, signatures)`); `add` and `discard` then change it one text at a
    time (added texts are kept aside in dicts, removed ones hidden), which is what an import run needs.
    """

    def __init__(self, ids: Sequence[int] = (), signatures: np.ndarray | None = None) -> None:
        self._ids = np.asarray(ids, dtype=np.int64)
        self._signatures = signatures if signatures is not None else np.zeros((0, NUM_PERM + 1), dtype=np.uint32)
        keys = band_keys(self._signatures)
        self._order = np.argsort(keys, axis=0, kind="stable").astype(np.int32)  # per band: rows by key
        self._sorted = np.take_along_axis(keys, self._order, axis=0)
        self._row = dict(zip(self._ids.tolist(), range(len(self._ids)), strict=True))
        self._added: dict[int, np.ndarray] = {}
        self._added_keys: dict[tuple[int, int], set[int]] = {}
        self._hidden: set[int] = set()

    def __len__(self) -> int:
        return len(self._row) - len(self._hidden & self._row.keys()) + len(self._added)

    def __contains__(self, text_id: int) -> bool:
        return text_id in self._added or (text_id in self._row and text_id not in self._hidden)

    def get(self, text_id: int) -> np.ndarray | None:
        if text_id in self._added:
            return self._added[text_id]
        if text_id in self._row and text_id not in self._hidden:
            return self._signatures[self._row[text_id]]
        return None

    def add(self, text_id: int, sig: np.ndarray) -> None:
        self.discard(text_id)
        self._added[text_id] = sig
        for band, key in enumerate(band_keys(sig[None, :])[0].tolist()):
            self._added_keys.setdefault((band, key), set()).add(text_id)

    def discard(self, text_id: int) -> None:
        old = self._added.pop(text_id, None)
        if old is not None:
            for band, key in enumerate(band_keys(old[None, :])[0].tolist()):
                self._added_keys.get((band, key), set()).discard(text_id)
        if text_id in self._row:
            self._hidden.add(text_id)

    def candidates(self, sig: np.ndarray) -> set[int]:
        """Ids of texts sharing at least one band with `sig` (a superset of its copies, with high probability)."""
        keys = band_keys(sig[None, :])[0]
        found: set[int] = set()
        if len(self._ids):
            left = [np.searchsorted(self._sorted[:, b], keys[b], side="left") for b in range(BANDS)]
            right = [np.searchsorted(self._sorted[:, b], keys[b], side="right") for b in range(BANDS)]
            for band, (start, end) in enumerate(zip(left, right, strict=True)):
                if end > start:
                    found.update(self._ids[self._order[start:end, band]].tolist())
            found -= self._hidden
        for band, key in enumerate(keys.tolist()):
            found |= self._added_keys.get((band, key), set())
        return found

    def copies_of(self, sig: np.ndarray, *, exclude: int | None = None) -> list[int]:
        """Ids of the indexed texts that `sig`'s text is a copy of (verified on the signatures), sorted."""
        ids = sorted(self.candidates(sig) - {exclude})
        if not ids:
            return []
        chosen = copy_mask(sig, np.stack([self.get(i) for i in ids]))
        return [i for i, ok in zip(ids, chosen.tolist(), strict=True) if ok]


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
