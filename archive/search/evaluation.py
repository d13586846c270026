"""A parsed query → which documents match and how well, for every document at once, in numpy.

Each node of the query tree becomes a `Matches`: a bool per document number and a BM25 score per document.
Terms read their posting arrays (postings.py), phrases check positions with sorted-array intersections, and
AND / OR / NOT are element-wise operations: no Python loop runs per matching document, which is what made
Whoosh's own matchers cost hundreds of milliseconds on frequent words. Scores follow Whoosh's BM25F (same idf,
field lengths and boosts), so rankings keep their meaning.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from .deadline import SearchTimeout
from .postings import LENGTH_OF_CODE, Postings, SegmentArrayCache, read_positions, segment_arrays, segment_key
from .term_arrays import TermArrayFile, TermArrayFiles, term_arrays

K1 = 1.2
B = 0.75
_POSITION_BITS = 32
_POSITION_MASK = (1 << _POSITION_BITS) - 1


@dataclass
class Matches:
    mask: np.ndarray  # bool per document number
    scores: np.ndarray  # float32 per document number, 0 where the document does not match


class QueryEvaluator:
    """Evaluates queries against one searcher; `alive` is False for deleted documents.

    `seconds` bounds the work between term reads, also in threads where the hard deadline (an alarm) cannot run.
    `scope` names the index the searcher reads (its folder), for the per-segment cache; frequent terms' postings
    and positions are read from the segments' term array files there (term_arrays.py) unless `arrays` is None
    (the posting blocks: the slow path, kept for segments without a file and to compare with).
    """

    def __init__(
        self, searcher: Searcher, alive: np.ndarray, *, seconds: float | None = None,
        cache: SegmentArrayCache = segment_arrays, scope: str = "", arrays: TermArrayFiles | None = term_arrays,
    ) -> None:  # fmt: skip
        self.deadline = time.monotonic() + seconds if seconds is not None else None
        self.reader = searcher.reader()
        self.searcher = searcher
        self.alive = alive
        self.cache = cache
        self.scope = scope
        self.arrays = arrays
        self.doc_count = alive.size
        self.leaves = [(leaf, offset) for leaf, offset in self.reader.leaf_readers() if leaf.doc_count_all()]
        # Per leaf and per field, worked out once per query rather than once per term and field: a word is looked
        # for in 7 fields, and these were a fifth of a rare word's matching time.
        self._files: dict[int, TermArrayFile | None] = {}
        self._segment_keys: dict[int, tuple[str, str]] = {}
        self._average_lengths: dict[str, float] = {}
        self._total = self.reader.doc_count_all()

    def evaluate(self, node: wq.Query) -> Matches:
        matches = self._node(node)
        matches.mask &= self.alive
        _zero_outside(matches.scores, matches.mask)
        return matches

    def _node(self, node: wq.Query) -> Matches:
        if isinstance(node, wq.Term):
            return self._term(node.fieldname, node.text, node.boost)
        if isinstance(node, wq.Phrase) and node.slop == 1:
            return self._phrase(node)
        if isinstance(node, wq.And | wq.Or):
            return self._compound(node)
        if isinstance(node, wq.Not):
            return self._negated(self._node(node.query), node.boost)
        if isinstance(node, wq.AndNot):
            positive, negative = self._node(node.a), self._node(node.b)
            return self._only(positive, positive.mask & ~negative.mask)
        if isinstance(node, wq.AndMaybe):
            required, optional = self._node(node.a), self._node(node.b)
            return self._only(Matches(required.mask, required.scores + optional.scores), required.mask)
        if isinstance(node, wq.Require):
            scored, required = self._node(node.a), self._node(node.b)
            return self._only(scored, scored.mask & required.mask)
        if isinstance(node, wq.Every):
            return Matches(self.alive.copy(), self._zeros())
        if node is wq.NullQuery:
            return Matches(np.zeros(self.doc_count, dtype=bool), self._zeros())
        return self._by_whoosh(node)

    def _compound(self, node: wq.And | wq.Or) -> Matches:
        children = [self._node(child) for child in node.subqueries]
        if not children:
            return Matches(np.zeros(self.doc_count, dtype=bool), self._zeros())
        # A child matching nothing scores 0 everywhere: it adds nothing to an OR (x + 0 is x, to the bit), and
        # leaves an AND nothing. A word is looked for in 7 fields and is absent from most of them.
        matching = [child for child in children if child.mask.any()]
        if not matching or (isinstance(node, wq.And) and len(matching) < len(children)):
            return Matches(np.zeros(self.doc_count, dtype=bool), self._zeros())
        mask = matching[0].mask.copy()
        combine = np.logical_and if isinstance(node, wq.And) else np.logical_or
        for child in matching[1:]:
            combine(mask, child.mask, out=mask)
        return self._only(Matches(mask, _summed([child.scores for child in matching], node.boost)), mask)

    def _term(self, fieldname: str, text: str | bytes, boost: float, within: np.ndarray | None = None) -> Matches:
        """`within` (bool per docnum): only those documents are scored (the rest score 0, as if unmatched)."""
        self._check_deadline()
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if fieldname not in self.reader.schema or not self.reader.schema[fieldname].scorable:
            return self._unscored_term(fieldname, text, boost)
        found = [(leaf, offset, self._postings(leaf, fieldname, text)) for leaf, offset in self.leaves]
        frequency = _frequency(found)
        mask, scores = np.zeros(self.doc_count, dtype=bool), self._zeros()
        if not frequency:
            return Matches(mask, scores)
        idf = math.log(self._total / (frequency + 1)) + 1  # Whoosh's idf, so scores mean what they meant
        if fieldname not in self._average_lengths:
            self._average_lengths[fieldname] = self.searcher.avg_field_length(fieldname) or 1.0
        average_length = self._average_lengths[fieldname]
        for leaf, offset, postings in found:
            docnums, tf = postings.docnums, postings.weights
            if within is not None:
                kept = within[docnums + offset]
                docnums, tf = docnums[kept], tf[kept]
            if not docnums.size:
                continue
            docnums = docnums.astype(np.intp)  # once: numpy converts an int32 index array at every use
            codes = self.cache.length_codes(leaf, fieldname, scope=self.scope, segment=self._segment_key(leaf))
            lengths = LENGTH_OF_CODE[codes[docnums]]
            docs = docnums + offset
            mask[docs] = True
            scores[docs] = _bm25(tf, lengths, average_length, idf, boost)
        return Matches(mask, scores)

    def _unscored_term(self, fieldname: str, text: str, boost: float) -> Matches:
        """ID fields (language) keep no lengths: a match scores its boost, as a filter should."""
        mask = np.zeros(self.doc_count, dtype=bool)
        for leaf, offset in self.leaves:
            mask[self._postings(leaf, fieldname, text).docnums + offset] = True
        return Matches(mask, mask * np.float32(boost))

    def _phrase(self, node: wq.Phrase) -> Matches:
        """Documents where the words occur one right after the other; scored as the words together.

        Which documents match is settled first, from the postings alone; only those are scored (each word's BM25
        over every document holding it was most of a phrase's matching time at 100k articles), and a word absent
        from the field settles it at once. Same documents and scores as scoring every word first
        (tests/test_search_engine.py)."""
        self._check_deadline()
        fieldname = node.fieldname
        words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in node.words]
        found = [[(leaf, offset, self._postings(leaf, fieldname, word)) for leaf, offset in self.leaves]
                 for word in words]  # fmt: skip
        frequencies = [_frequency(postings) for postings in found]
        if not words or not all(frequencies):
            return Matches(np.zeros(self.doc_count, dtype=bool), self._zeros())
        mask = None
        for postings in found:
            holding = np.zeros(self.doc_count, dtype=bool)
            for _, offset, each in postings:
                holding[each.docnums + offset] = True
            mask = holding if mask is None else np.logical_and(mask, holding, out=mask)
        if len(words) > 1 and mask.any():
            mask = self._adjacent(fieldname, words, mask, frequencies)
        scores = _summed([self._term(fieldname, word, node.boost, within=mask).scores for word in words])
        return self._only(Matches(mask, scores), mask)

    def _adjacent(self, fieldname: str, words: list[str], candidates: np.ndarray,
                  frequencies: list[int]) -> np.ndarray:  # fmt: skip
        """Rarest word first: each word's positions are decoded only where the phrase can still be."""
        order = sorted(range(len(words)), key=frequencies.__getitem__)
        found = np.zeros(self.doc_count, dtype=bool)
        for leaf, offset in self.leaves:
            local = candidates[offset : offset + leaf.doc_count_all()].copy()
            starts = None  # docnum << 32 | position where the phrase's first word would be
            for index in order:
                if not local.any():
                    break
                self._check_deadline()
                keys = self._positions(leaf, fieldname, words[index], local)
                if index:
                    keys = keys[(keys & _POSITION_MASK) >= index] - index  # aligned on the phrase's first word
                starts = keys if starts is None else _common(starts, keys)
                local[:] = False
                local[starts >> _POSITION_BITS] = True
            if starts is not None and starts.size:
                found[(starts >> _POSITION_BITS) + offset] = True
        return found

    def _positions(self, leaf, fieldname: str, word: str, wanted: np.ndarray) -> np.ndarray:
        """docnum << 32 | position keys of `word` in the wanted documents of one segment, sorted."""
        stored = self._arrays_of(leaf)
        if stored is not None:
            docnums = self._postings(leaf, fieldname, word).docnums
            keys = stored.keys(fieldname, word, docnums, wanted)
            if keys is not None:
                return keys
        return read_positions(leaf, fieldname, word, wanted)

    def _arrays_of(self, leaf) -> TermArrayFile | None:
        if id(leaf) not in self._files:
            segment = leaf.segment()
            usable = self.arrays is not None and self.scope and segment is not None
            self._files[id(leaf)] = self.arrays.get(self.scope, segment.segment_id()) if usable else None
        return self._files[id(leaf)]

    def _segment_key(self, leaf) -> tuple[str, str]:
        if id(leaf) not in self._segment_keys:
            self._segment_keys[id(leaf)] = segment_key(leaf, self.scope)
        return self._segment_keys[id(leaf)]

    def _postings(self, leaf, fieldname: str, text: str) -> Postings:
        """The term's postings in one segment: from the cache, else the term array file, else the blocks."""
        stored = self._arrays_of(leaf)
        segment = self._segment_key(leaf)
        if stored is None:
            return self.cache.postings(leaf, fieldname, text, scope=self.scope, segment=segment)
        boost = leaf.schema[fieldname].format.field_boost
        return self.cache.postings(leaf, fieldname, text, scope=self.scope, segment=segment,
                                   stored=lambda field, term: stored.postings(field, term, boost))  # fmt: skip

    def _negated(self, matches: Matches, boost: float) -> Matches:
        """Everything but the matches, each scoring the boost (as in Whoosh: the same for all, ranks nothing)."""
        mask = self.alive & ~matches.mask
        return Matches(mask, mask * np.float32(boost))

    def _by_whoosh(self, node: wq.Query) -> Matches:
        """Query types the parser does not make today (ranges, fuzzy terms): Whoosh finds them, unscored."""
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[np.fromiter(self.searcher.docs_for_query(node), dtype=np.int64)] = True
        return Matches(mask, mask * np.float32(node.boost))

    def _check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise SearchTimeout

    @staticmethod
    def _only(matches: Matches, mask: np.ndarray) -> Matches:
        _zero_outside(matches.scores, mask)
        return Matches(mask, matches.scores)

    def _zeros(self) -> np.ndarray:
        return np.zeros(self.doc_count, dtype=np.float32)


def _bm25(tf: np.ndarray, lengths: np.ndarray, average_length: float, idf: float, boost: float) -> np.ndarray:
    """(boost × idf) × (tf × (K1 + 1)) / (tf + K1 × ((1 - B) + B × length / average length)), element-wise, in
    float32, in place in two arrays rather than a new one per step: the same operations in the same order, so
    the same scores to the bit (tests/test_search_engine.py); a frequent word's postings are tens of thousands."""
    norm = B * lengths
    norm /= average_length
    norm += 1 - B
    norm *= K1
    norm += tf
    scores = tf * (K1 + 1)
    scores *= boost * idf
    scores /= norm
    return scores


def _frequency(found: list) -> int:
    """Documents holding a term, deleted ones included, from its postings in every segment: what Whoosh's
    doc_frequency() reads from each segment's term table (tests/test_search_engine.py), without a second look-up
    of the term per segment (a sixth of a one-word query's time: each word is looked for in 7 fields)."""
    return sum(postings.docnums.size for _, _, postings in found)


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both of two sorted arrays of distinct values, sorted: a binary search of the shorter in the
    longer (np.intersect1d sorts both together: most of a phrase's time at 100k articles)."""
    if a.size > b.size:
        a, b = b, a
    if not a.size:
        return a
    at = np.searchsorted(b, a)
    at[at == b.size] = b.size - 1
    return a[b[at] == a]


def _zero_outside(scores: np.ndarray, mask: np.ndarray) -> None:
    """scores[~mask] = 0, in place, as a multiplication: assigning through a bool mask branches on every document
    (~0.3 ms over 100k documents in no order), multiplying by it does not (0.02 ms). Scores are finite and not
    negative, so x × 1 is x and x × 0 is 0 (tests/test_search_engine.py compares the two)."""
    np.multiply(scores, mask, out=scores)


def _summed(scores: list[np.ndarray], boost: float = 1.0) -> np.ndarray:
    """The element-wise sum of float32 score arrays, times `boost`, added one array after another into the first
    (the children's arrays are their own): np.sum over the stacked list copied every array into one (n × docs)
    block first, 2.4 ms of a one-word query at 100k articles (a word is looked for in 7 fields). Sums the way
    np.sum(axis=0) did, row after row, so the scores are the same to the bit (tests/test_search_engine.py)."""
    total = scores[0]
    for other in scores[1:]:
        np.add(total, other, out=total)
    if boost != 1.0:
        np.multiply(total, np.float32(boost), out=total)
    return total
