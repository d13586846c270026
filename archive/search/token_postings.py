"""Word fields' postings while a segment is written: one term number per word of the text, grouped in numpy.

Grouping each document's words into term → positions in Python cost ~1 µs per posting (a dict per field and
document, a pickle per posting's positions), and holding the postings ~90 bytes each; the buffer spilled to run
files every ~3M postings. Here a document adds, per word field, one int32 per word: its term's number in this
writer (-1: a word that makes no term, kept so positions stay implicit, positions being indexes in the text). When
the postings are wanted, numpy sorts a field's words by term (stably: by document, then position, within a term),
cuts them into postings, and encodes every posting's Whoosh Positions value at once. 4 bytes per word: a build
worker holds 100k articles' share without spilling. No Django, no Whoosh.

Three maps make a word's term number: the writer's `WordNumbers` (word → word number), per field a table (word
number → term number, filled the first time a word is seen in that field, through building.py's per-process
caches of the pure term functions) and the field's `FieldTerms` (term text ↔ number).
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Callable, Iterator

import numpy as np
from whoosh.system import pack_uint

from .analyzers import WORD_RE

POSITIONS, FREQUENCY, EXISTENCE = "positions", "frequency", "existence"
UNSEEN, DROPPED = -2, -1  # term numbers of a word not yet looked up in a field, and of one that makes no term
# Words numbered by one writer (and so rows of its fields' tables) before the numbers start afresh; they also
# start afresh with every spilled run, as the term numbers do.
WORD_NUMBERS_LIMIT = 1_000_000
RECORD_CHUNK = 1 << 19  # words grouped into postings at a time (bounds the temporaries: ~200 bytes each)
TOKEN_BYTES = 5  # the buffer's estimate per word held: the number, its share of the documents' arrays
# Whoosh's Positions value: the count (4 bytes, big-endian), then the deltas pickled as a list with protocol 2.
_LIST_HEADER = b"\x80\x02]q\x00"  # PROTO 2, EMPTY_LIST, BINPUT 0
_BATCH = 1000  # pickle appends list items in batches of 1000: longer postings are encoded by `pickled_positions`


def pickled_positions(positions) -> bytes:
    """Whoosh's Positions.encode: the count, then the pickled list of deltas (the reference for encode_positions)."""
    positions = list(positions)
    deltas = [positions[0], *(b - a for a, b in zip(positions, positions[1:], strict=False))]
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


def encode_positions(positions: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> list[bytes]:
    """Whoosh's Positions value of each posting, byte for byte, for postings whose (ascending) positions are
    positions[starts[k] : starts[k] + counts[k]], laid out one after the other (counts ≥ 1).

    The pickle is written directly: a delta under 256 is BININT1 (K, 1 byte), under 65,536 BININT2 (M, 2 bytes),
    else BININT (J, 4 bytes); one item is followed by APPEND (a), several are framed by MARK ( and APPENDS (e)."""
    if not counts.size:
        return []
    total = positions.size
    values = positions.astype(np.int64)
    deltas = np.empty(total, dtype=np.int64)
    deltas[0] = values[0]
    np.subtract(values[1:], values[:-1], out=deltas[1:])
    deltas[starts] = values[starts]
    sizes = np.where(deltas < 256, 2, np.where(deltas < 65536, 3, 5))
    several = (counts > 1).astype(np.int64)
    lengths = 4 + len(_LIST_HEADER) + several + np.add.reduceat(sizes, starts) + 2
    ends = np.cumsum(lengths)
    offsets = ends - lengths
    out = np.zeros(int(ends[-1]), dtype=np.uint8)
    for shift, byte in ((24, 0), (16, 1), (8, 2), (0, 3)):
        out[offsets + byte] = (counts >> shift) & 0xFF
    for i, byte in enumerate(_LIST_HEADER):
        out[offsets + 4 + i] = byte
    out[offsets[several == 1] + 9] = ord("(")
    before = np.cumsum(sizes) - sizes  # each item's bytes before it, over all postings
    at = np.repeat(offsets + 9 + several - before[starts], counts) + before
    out[at] = np.where(sizes == 2, ord("K"), np.where(sizes == 3, ord("M"), ord("J")))
    out[at + 1] = deltas & 0xFF
    wide = sizes > 2
    out[at[wide] + 2] = (deltas[wide] >> 8) & 0xFF
    widest = sizes == 5
    out[at[widest] + 3] = (deltas[widest] >> 16) & 0xFF
    out[at[widest] + 4] = (deltas[widest] >> 24) & 0xFF
    out[ends - 2] = np.where(several == 1, ord("e"), ord("a"))
    out[ends - 1] = ord(".")
    data = out.tobytes()
    encoded = list(map(data.__getitem__, map(slice, offsets.tolist(), ends.tolist())))
    odd = (counts > _BATCH) | (np.maximum.reduceat(deltas, starts) >= 2**31)  # batched lists; LONG1 integers
    for k in np.flatnonzero(odd).tolist():
        encoded[k] = pickled_positions(positions[starts[k] : starts[k] + counts[k]].tolist())
    return encoded


class WordNumbers(dict):
    """word → its number in this writer, numbered on first sight (map(numbers.__getitem__, words) runs in C)."""

    __slots__ = ("words",)

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def __missing__(self, word: str) -> int:
        self[word] = number = len(self.words)
        self.words.append(word)
        return number

    def of_text(self, text: str) -> np.ndarray:
        words = WORD_RE.findall(text)
        return np.fromiter(map(self.__getitem__, words), dtype=np.int32, count=len(words))

    def restart(self) -> None:
        self.clear()
        self.words = []


class FieldTerms:
    """One word field's terms in one writer: text ↔ number, and which term each word number makes."""

    __slots__ = ("term", "texts", "numbers", "table")

    def __init__(self, term: Callable[[str], str]):
        self.term = term  # word → term text, "" when the word makes none (a per-process cache)
        self.texts: list[str] = []
        self.numbers: dict[str, int] = {}
        self.table = np.empty(0, dtype=np.int32)  # word number → term number, UNSEEN or DROPPED

    def of_words(self, word_numbers: np.ndarray, words: list[str]) -> np.ndarray:
        """The term number of each word (DROPPED for words that make no term)."""
        table = self.table
        if table.size < len(words):
            grown = np.full(max(len(words), 2 * table.size), UNSEEN, dtype=np.int32)
            grown[: table.size] = table
            self.table = table = grown
        found = table[word_numbers]
        if found.size and found.min() == UNSEEN:
            numbers, texts = self.numbers, self.texts
            for word in np.unique(word_numbers[found == UNSEEN]).tolist():
                text = self.term(words[word])
                if not text:
                    table[word] = DROPPED
                    continue
                number = numbers.get(text)
                if number is None:
                    number = numbers[text] = len(texts)
                    texts.append(text)
                table[word] = number
            found = table[word_numbers]
        return found

    def forget_words(self) -> None:
        """After the writer's word numbers started afresh (the term numbers stay)."""
        self.table = np.empty(0, dtype=np.int32)

    def clear(self) -> None:
        """Once no word held refers to a term number (after a spill): the next run numbers its own terms."""
        self.forget_words()
        self.texts, self.numbers = [], {}


class TokenRun:
    """One word field's words since the last spill: the term number of each (DROPPED included), per document."""

    __slots__ = ("kind", "tokens", "docs", "sizes")

    def __init__(self, kind: str):
        self.kind = kind
        self.tokens = array("i")
        self.docs = array("I")  # docnum of each document of the run that has this field ...
        self.sizes = array("I")  # ... and its number of words

    def add(self, docnum: int, term_numbers: np.ndarray) -> None:
        self.tokens.frombytes(term_numbers.tobytes())
        self.docs.append(docnum)
        self.sizes.append(term_numbers.size)

    def records(self, texts: list[str]) -> Iterator[tuple]:
        """(term, docnums, frequencies, values, positions) per term present, in term order: lists of docnums and
        of frequencies; the values: a list of bytes (Positions), the frequencies as joined 4-byte big-endian
        values (Frequency) or None (Existence); the positions of every posting one after the other (uint32
        array, Positions only)."""
        vocabulary = len(texts)
        by_text = sorted(range(vocabulary), key=texts.__getitem__)
        rank = np.empty(vocabulary + 1, dtype=np.int32)  # the last entry answers DROPPED (-1)
        rank[by_text] = np.arange(vocabulary, dtype=np.int32)
        rank[vocabulary] = -1
        keys = rank[np.frombuffer(self.tokens, dtype=np.int32)]
        per_rank = np.cumsum(np.bincount(keys + 1, minlength=vocabulary + 1)[1:])  # words with rank ≤ r
        sizes = np.frombuffer(self.sizes, dtype=np.uint32)
        doc_starts = np.cumsum(sizes, dtype=np.int64) - sizes
        doc_of = np.repeat(np.arange(sizes.size, dtype=np.int32), sizes)
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        low = 0
        while low < vocabulary:  # ranks [low, high) at a time, about RECORD_CHUNK words
            before = int(per_rank[low - 1]) if low else 0
            high = int(np.searchsorted(per_rank, before + RECORD_CHUNK, side="left")) + 1
            high = min(max(high, low + 1), vocabulary)
            if int(per_rank[high - 1]) > before:
                yield from self._chunk(keys, low, high, doc_of, doc_starts, docs, texts, by_text)
            low = high

    def _chunk(self, keys, low, high, doc_of, doc_starts, docs, texts, by_text) -> Iterator[tuple]:
        chosen = np.flatnonzero((keys >= low) & (keys < high))
        ranks = keys[chosen] - low
        order = np.argsort(ranks.astype(np.uint16) if high - low <= 2**16 else ranks, kind="stable")  # radix
        chosen, ranks = chosen[order], ranks[order]
        del order
        doc = doc_of[chosen]
        positions = (chosen - doc_starts[doc]).astype(np.uint32)
        del chosen
        total = ranks.size
        starts_posting = np.empty(total, dtype=bool)
        starts_posting[0] = True
        np.not_equal(ranks[1:], ranks[:-1], out=starts_posting[1:])
        starts_posting[1:] |= doc[1:] != doc[:-1]
        starts = np.flatnonzero(starts_posting)
        del starts_posting
        counts = np.diff(starts, append=total)
        posting_ranks = ranks[starts]
        ids = docs[doc[starts]].tolist()
        del doc, ranks
        term_starts = [0, *(np.flatnonzero(posting_ranks[1:] != posting_ranks[:-1]) + 1).tolist(), starts.size]
        term_ranks = posting_ranks[term_starts[:-1]].tolist()
        frequencies = counts.tolist()
        kind = self.kind
        values = None
        if kind == POSITIONS:
            values = encode_positions(positions, starts, counts)
        elif kind == FREQUENCY:
            values = counts.astype(">u4").tobytes()
        word_starts = [*starts.tolist(), total]
        for k, rank in enumerate(term_ranks):
            first, last = term_starts[k], term_starts[k + 1]
            if kind == POSITIONS:
                term_values = values[first:last]
                term_positions = positions[word_starts[first] : word_starts[last]]
            else:
                term_values = values[first * 4 : last * 4] if kind == FREQUENCY else None
                term_positions = None
            term_frequencies = [1] * (last - first) if kind == EXISTENCE else frequencies[first:last]
            yield texts[by_text[rank + low]], ids[first:last], term_frequencies, term_values, term_positions
