"""Writing index segments fast: Whoosh's SegmentWriter with our own inversion and posting writer. No Django.

Whoosh's writer costs ~10 µs per posting (~570 postings per article): every posting goes through a tuple, an
external sort that pickles it to a run file and back, a per-posting length lookup in a column file, and a
per-posting block writer. `FastSegmentWriter` writes the same segments (tests compare them with Whoosh's own
writer: stored fields, lengths, columns, terms, term and block statistics, and every block's ids, weights and
values) at ~1 ms of CPU per article, Django included, instead of ~13:

- Inversion: the fields whose analyzer is WordTokenizer | a word → term filter (analyzers.word_term_step) are
  inverted without Whoosh tokens. Each distinct text of a document is split into words once (names and words
  index `title\\nbody`: the title's words followed by the body's, not split again), each word becomes a number in
  the writer, and per field a table gives its term's number (a word's term is computed once per field, through
  per-process caches in front of the pure term functions). Other fields (ID) go through Whoosh's own `field.index`.
- Postings: documents arrive in docnum order. A word field keeps one term number per word (token_postings.py),
  other fields their postings in a few flat arrays; at commit numpy sorts them by term (stably: docnums stay in
  order), cuts them into postings and encodes their positions, and they are written directly as W3 blocks: same
  block size, compression, block statistics and term infos. Beyond `limitmb` (estimated) a sorted run is spilled
  to a temporary file; runs are merged per term, not per posting.
- Blocks are pickled with protocol 4 instead of Whoosh's 2 (see BLOCK_PICKLE_PROTOCOL): Whoosh reads them the
  same, they are ~45% smaller and faster to write and to read.

Anything unusual (`_boost` / `_stored_` keys, segments merged into this writer) falls back to Whoosh's own
posting pool for the whole segment, so the writer is always correct and fast in the common case.
"""

from __future__ import annotations

import heapq
import pickle
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, groupby
from operator import itemgetter, sub

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_int, pack_ushort
from whoosh.util import random_name
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .analyzers import WORD_RE, word_term_step
from .segment_files import VERSION_FILE, record_segment_files, toc_name
from .term_arrays import TermArrayWriter
from .token_postings import (
    EXISTENCE,
    FREQUENCY,
    POSITIONS,
    TOKEN_BYTES,
    WORD_NUMBERS_LIMIT,
    FieldTerms,
    TokenRun,
    WordNumbers,
)

_KINDS = {Positions: POSITIONS, Frequency: FREQUENCY, Existence: EXISTENCE}
# Blocks shorter than this are stored as they are: half of all blocks (a word in a document or two) are under 64
# bytes, which zlib makes longer, not shorter, at ~20 µs each (a third of writing the postings). Each block says
# whether it is compressed (its info's compression level, 0 here), and Whoosh's reader follows it.
COMPRESSED_MIN_BYTES = 128
# Per-process word → term caches: bounded, cleared when full (the vocabulary is small next to the token count).
TERM_CACHE_LIMIT = 400_000


class _TermCache(dict):
    """word → term of one term function, "" for terms shorter than the minimum length (dropped)."""

    __slots__ = ("term", "min_length")

    def __init__(self, term: Callable[[str], str], min_length: int):
        super().__init__()
        self.term, self.min_length = term, min_length

    def __missing__(self, word: str) -> str:
        if len(self) >= TERM_CACHE_LIMIT:
            self.clear()
        text = self.term(word)
        if len(text) < self.min_length:
            text = ""
        self[word] = text
        return text


_TERM_CACHES: dict[tuple[Callable, int], _TermCache] = {}


class _WordField:
    """How one word-analysed field is inverted: the term function, its cache and the posting format."""

    __slots__ = ("name", "kind", "cache", "boost", "scorable")

    def __init__(self, name: str, term: Callable[[str], str], min_length: int, kind: str, boost: float,
                 scorable: bool):  # fmt: skip
        self.name, self.kind, self.boost, self.scorable = name, kind, boost, scorable
        # One cache per term function, shared by every field (and writer) that uses it in this process.
        self.cache = _TERM_CACHES.setdefault((term, min_length), _TermCache(term, min_length))

    def terms(self, groups: dict[str, list[int]]) -> dict[str, list[int]]:
        """term → sorted positions, from word → sorted positions (the PostgreSQL backend's documents, pg/terms.py;
        the writer groups words in numpy instead: TokenInverter)."""
        terms: dict[str, list[int]] = {}
        merged = []
        for text, positions in zip(map(self.cache.__getitem__, groups), groups.values(), strict=True):
            if not text:
                continue
            if text in terms:
                terms[text] = terms[text] + positions  # new list: those in `groups` are shared
                merged.append(text)
            else:
                terms[text] = positions
        for text in merged:
            terms[text].sort()
        return terms


def word_fields(schema) -> dict[str, _WordField]:
    """The schema's fields inverted without Whoosh tokens (analyzers.word_term_step), by name."""
    found = {}
    for name, field in schema.items():
        if not field.indexed or field.vector or field.separate_spelling():
            continue
        kind = _KINDS.get(type(field.format))
        step = word_term_step(field.analyzer) if kind and getattr(field, "analyzer", None) else None
        if step is not None:
            term, min_length = step
            found[name] = _WordField(name, term, min_length, kind, field.format.field_boost, bool(field.scorable))
    return found


class TokenInverter:
    """A document's fields → per indexed field: for word fields the term number of each word of its text (see
    token_postings), for the others Whoosh's postings; and its length. One per writer: the numbers are its own."""

    def __init__(self, schema):
        self.schema = schema
        self.word_fields = word_fields(schema)
        self.words = WordNumbers()
        self.terms = {name: FieldTerms(field.cache.__getitem__) for name, field in self.word_fields.items()}

    def invert(self, fields: dict, names: Iterable[str]) -> list[tuple[str, _WordField | None, object, int]]:
        """[(field name, word field, term numbers or None, length)] for the word fields among `names` (None: no
        word makes a term), and [(field name, None, [(term bytes, weight, value)], length)] for the others."""
        if len(self.words) > WORD_NUMBERS_LIMIT:  # between documents: no word's number is held, only terms'
            self.restart(terms=False)
        schema, word_fields = self.schema, self.word_fields
        texts: dict[str, np.ndarray] = {}
        inverted = []
        for name in names:
            value = fields[name]
            if value is None:
                continue
            word_field = word_fields.get(name)
            if word_field is not None and isinstance(value, str):
                numbers = self.terms[name].of_words(self._word_numbers(value, texts), self.words.words)
                kept = numbers >= 0
                if not kept.any():
                    inverted.append((name, word_field, None, 0))
                    continue
                length = 0
                if word_field.scorable:
                    length = int(np.count_nonzero(kept))
                    if word_field.kind == EXISTENCE:  # Whoosh: 1 per distinct term
                        length = int(np.unique(numbers[kept]).size)
                inverted.append((name, word_field, numbers, length))
                continue
            field = schema[name]
            if not field.indexed:
                continue
            postings, length = [], 0
            for btext, freq, weight, vbytes in field.index(value):
                postings.append((btext, weight, vbytes))
                if field.scorable:
                    length += freq
            inverted.append((name, None, postings, length))
        return inverted

    def restart(self, *, terms: bool) -> None:
        """Number words afresh; and terms too when no word held refers to them (after a spill): memory stays
        bounded by a run."""
        self.words.restart()
        for field_terms in self.terms.values():
            if terms:
                field_terms.clear()
            else:
                field_terms.forget_words()

    def _word_numbers(self, text: str, texts: dict[str, np.ndarray]) -> np.ndarray:
        """The word numbers of one text, memoised per document in `texts`: a text that is another one after a
        prefix and a newline (names = title + "\\n" + body) takes the two parts' (a newline is no word character)."""
        known = texts.get(text)
        if known is not None:
            return known
        for other, numbers in list(texts.items()):
            cut = len(text) - len(other) - 1
            if cut >= 0 and len(other) > 64 and text[cut] == "\n" and text.endswith(other):
                known = np.concatenate([self._word_numbers(text[:cut], texts), numbers])
                break
        else:
            known = self.words.of_text(text)
        texts[text] = known
        return known


def _word_groups(text: str, texts: dict) -> tuple[dict[str, list[int]], list[str]]:
    """word → positions, and the words, of one text; memoised per document in `texts`.

    A text that is another value of the document after a prefix and a newline (names = title + "\\n" + body) takes
    the words of the two parts instead of splitting the long one again (the newline is no word character)."""
    known = texts.get(text)
    if known is not None:
        return known
    words = None
    for other in list(texts):
        cut = len(text) - len(other) - 1
        if cut >= 0 and len(other) > 64 and text[cut] == "\n" and text.endswith(other):
            words = _word_groups(text[:cut], texts)[1] + texts[other][1]
            break
    if words is None:
        words = WORD_RE.findall(text)
    groups: dict[str, list[int]] = {}
    get = groups.get
    for i, word in enumerate(words):
        positions = get(word)
        if positions is None:
            groups[word] = [i]
        else:
            positions.append(i)
    known = texts[text] = (groups, words)
    return known


# ---------------------------------------------------------------------------------------------------------------
# Buffered postings
# ---------------------------------------------------------------------------------------------------------------

GENERIC = "generic"  # postings from Whoosh's field.index: explicit weights and values
# Whoosh pickles each block's (ids, weights, values) with protocol 2, where a bytes object (every Positions
# value) becomes a call to _codecs.encode on a latin-1 string. Protocol 4 stores bytes as bytes: the same objects
# come back from Whoosh's reader (pickle.loads reads any protocol), ~45% fewer bytes to compress and store, and
# blocks load 2-3 times faster at query time.
BLOCK_PICKLE_PROTOCOL = 4
# Rough memory of the buffer, to decide when to spill: per word of a word field token_postings.TOKEN_BYTES; per
# posting of other fields (term number, weight, value reference, the sort's arrays) and per distinct term of
# their runs (the key, its number, the dict slot).
POSTING_BYTES = 90
TERM_BYTES = 200


class _TermNumbers(dict):
    """term → its number in the run, numbered on first sight."""

    __slots__ = ()

    def __missing__(self, term):
        self[term] = number = len(self)
        return number


class _GenericRun:
    """Postings of one field indexed by Whoosh's field.index (ID fields: a posting or two per document) since the
    last spill, flat in arrival (docnum) order; numpy groups them by term."""

    __slots__ = ("numbers", "terms", "docs", "sizes", "values", "weights")

    def __init__(self):
        self.numbers = _TermNumbers()
        self.terms = array("I")  # term number of each posting
        self.docs = array("I")  # docnum of each document of the run that has this field ...
        self.sizes = array("I")  # ... and its number of postings
        self.values: list[bytes] = []
        self.weights = array("d")

    def records(self) -> Iterator[tuple]:
        """(term, docnums, weights, values, None) per term in term order (see PostingBuffer.records)."""
        texts = list(self.numbers)
        by_text = sorted(range(len(texts)), key=texts.__getitem__)
        rank = np.empty(len(texts), dtype=np.int64)
        rank[by_text] = np.arange(len(texts))
        keys = rank[np.frombuffer(self.terms, dtype=np.uint32)]
        order = np.argsort(keys, kind="stable")  # stable: docnums stay ascending within a term
        keys = keys[order]
        bounds = [0, *(np.flatnonzero(keys[1:] != keys[:-1]) + 1).tolist(), keys.size]
        docs = np.repeat(np.frombuffer(self.docs, dtype=np.uint32), np.frombuffer(self.sizes, dtype=np.uint32))
        ids = docs[order].tolist()
        weights = np.frombuffer(self.weights, dtype=np.float64)[order].tolist()
        values = [self.values[i] for i in order.tolist()]
        for k in range(len(bounds) - 1):  # every term of the run has postings: group k is the k-th term
            start, stop = bounds[k], bounds[k + 1]
            yield texts[by_text[k]], ids[start:stop], weights[start:stop], values[start:stop], None


class PostingBuffer:
    """Postings of one segment: per field in arrival order (word fields: see token_postings.TokenRun), spilled to
    a run file sorted by field and term whenever the estimated memory exceeds `max_bytes`; `records()` merges runs
    and memory per term."""

    def __init__(self, tempstorage, max_bytes: int, field_terms: dict[str, FieldTerms]):
        self.tempstorage = tempstorage
        self.max_bytes = max_bytes
        self.field_terms = field_terms  # word fields' term numbers (the inverter's)
        self.fields: dict[str, TokenRun | _GenericRun] = {}
        self.kinds: dict[str, str] = {}
        self.tokens_count = 0
        self.postings_count = 0
        self.runs: list[str] = []

    def add_tokens(self, docnum: int, word_field: _WordField, term_numbers: np.ndarray) -> None:
        """One document's words (their term numbers) of a word field."""
        run = self.fields.get(word_field.name)
        if run is None:
            run = self.fields[word_field.name] = TokenRun(word_field.kind)
            self.kinds[word_field.name] = word_field.kind
        run.add(docnum, term_numbers)
        self.tokens_count += term_numbers.size

    def add_postings(self, docnum: int, fieldname: str, postings: list[tuple]) -> None:
        """One document's (term, weight, value) postings of a field."""
        run = self.fields.get(fieldname)
        if run is None:
            run = self.fields[fieldname] = _GenericRun()
            self.kinds[fieldname] = GENERIC
        numbers = run.numbers
        for text, weight, value in postings:
            run.terms.append(numbers[text])
            run.weights.append(weight)
            run.values.append(value)
        run.docs.append(docnum)
        run.sizes.append(len(postings))
        self.postings_count += len(postings)

    def full(self) -> bool:
        held = self.tokens_count * TOKEN_BYTES + self.postings_count * POSTING_BYTES
        if held < self.max_bytes:
            return False
        terms = sum(len(run.numbers) for run in self.fields.values() if isinstance(run, _GenericRun))
        return held + terms * TERM_BYTES >= self.max_bytes

    def spill(self) -> None:
        if not self.fields:
            return
        name = f"{random_name()}.qrun"  # random: forked writers share the temporary folder
        with self.tempstorage.create_file(name).raw_file() as out:
            # One pickle per record: a shared Pickler (and Unpickler, when reading back) memoises every object it
            # has seen, which kept whole runs alive in memory (a build worker peaked at 1.5 GB at 100k articles).
            for record in self._memory_records():
                pickle.dump(record, out, pickle.HIGHEST_PROTOCOL)
            pickle.dump(None, out, pickle.HIGHEST_PROTOCOL)
        self.runs.append(name)
        self.fields = {}
        self.tokens_count = self.postings_count = 0

    def _memory_records(self) -> Iterator[tuple]:
        fields, self.fields = self.fields, {}  # each run's arrays are freed as soon as it is written
        for fieldname in sorted(fields):
            run = fields.pop(fieldname)
            records = run.records() if isinstance(run, _GenericRun) else run.records(self.field_terms[fieldname].texts)
            for record in records:
                yield fieldname, *record

    def _run_records(self, name: str) -> Iterator[tuple]:
        with self.tempstorage.open_file(name).raw_file() as f:
            while (record := pickle.load(f)) is not None:
                yield record

    def records(self) -> Iterator[tuple]:
        """(field name, term, docnums, numbers, values, positions) in field and term order, each term once: lists
        of docnums and of numbers (the frequencies for word fields, the weights for others), the values: a list of
        bytes, the joined 4-byte values (Frequency), or None (Existence); and for Positions fields every posting's
        positions one after the other (uint32 array; None for other fields)."""
        if not self.runs:
            yield from self._memory_records()
            return
        sources = [self._run_records(name) for name in self.runs] + [self._memory_records()]
        merged = heapq.merge(*sources, key=itemgetter(0, 1))  # stable: earlier runs (lower docnums) first
        for (fieldname, text), group in groupby(merged, key=itemgetter(0, 1)):
            parts = list(group)
            if len(parts) == 1:
                yield parts[0]
                continue
            ids = list(chain.from_iterable(part[2] for part in parts))
            numbers = list(chain.from_iterable(part[3] for part in parts))
            values = parts[0][4]
            if isinstance(values, bytes):
                values = b"".join(part[4] for part in parts)
            elif values is not None:
                values = list(chain.from_iterable(part[4] for part in parts))
            positions = parts[0][5]
            if positions is not None:
                positions = np.concatenate([part[5] for part in parts])
            yield fieldname, text, ids, numbers, values, positions

    def postings(self, boosts: dict[str, float]) -> Iterator[tuple]:
        """Whoosh's posting tuples (field name, term bytes, docnum, weight, value), sorted."""
        for fieldname, text, ids, numbers, values, _ in self.records():
            if self.kinds[fieldname] == GENERIC:
                weights = numbers
            else:
                weights = list(map(boosts[fieldname].__mul__, numbers))  # Whoosh: float(frequency) × field boost
            if isinstance(values, bytes):  # Frequency values, joined
                values = [values[i : i + 4] for i in range(0, len(values), 4)]
            elif values is None:
                values = [b""] * len(ids)
            btext = text.encode("utf-8") if isinstance(text, str) else text
            for docnum, weight, value in zip(ids, weights, values, strict=True):
                yield fieldname, btext, docnum, weight, value

    def cleanup(self) -> None:
        for name in self.runs:
            try:
                self.tempstorage.delete_file(name)
            except OSError:
                pass
        self.runs = []
        self.fields = {}


# ---------------------------------------------------------------------------------------------------------------
# Writing W3 postings
# ---------------------------------------------------------------------------------------------------------------


def _term_bytes(
    ids: list, numbers: list, boost: float | None, values, fixed_size: int | None, lengths: bytearray | None,
    blocklimit: int, compression: int,
) -> tuple[bytes, W3TermInfo]:  # fmt: skip
    """The W3 posting blocks of one term (as W3PostingsWriter writes them) and its term info (without extent).

    `numbers` are frequencies when `boost` is given (weight = frequency × boost, exact in float32: small
    frequencies, a float32 boost), else the weights themselves. `values`: a list of bytes, the values of a fixed
    size format joined, or None."""
    parts = [WHOOSH3_HEADER_MAGIC]
    total = len(ids)
    step = fixed_size if isinstance(values, bytes) else 1
    variable = fixed_size is None or fixed_size < 0
    term_min = term_max = 0
    term_weight = 0.0
    term_max_weight = 0
    dumps = pickle.dumps
    for start in range(0, total, blocklimit):
        if total <= blocklimit:
            end, block_ids, block_numbers, block_values = total, ids, numbers, values
        else:
            end = min(start + blocklimit, total)
            block_ids, block_numbers = ids[start:end], numbers[start:end]
            block_values = values[start * step : end * step] if values is not None else None
        count = end - start
        deltas = (block_ids[0], *map(sub, block_ids[1:], block_ids))
        if boost is not None:
            first = block_numbers[0]
            if count == 1 or block_numbers.count(first) == count:
                mini_weights = first * boost
                max_weight = mini_weights
                block_weight = count * mini_weights
                if mini_weights == 1.0:
                    mini_weights = None
            else:
                mini_weights = tuple(map(boost.__mul__, block_numbers))
                max_weight = max(block_numbers) * boost
                block_weight = sum(block_numbers) * boost
        else:
            stored = array("f", block_numbers).tolist()  # as Whoosh keeps them: float32
            if stored.count(1.0) == count:
                mini_weights = None
            elif stored.count(stored[0]) == count:
                mini_weights = stored[0]
            else:
                mini_weights = tuple(stored)
            max_weight = max(block_numbers)
            block_weight = sum(stored)
        if not max_weight > 0:
            max_weight = 0
        if variable:
            mini_values = tuple(filter(None, block_values))
        elif fixed_size == 0 or block_values is None:
            mini_values = None
        elif step == 1:
            mini_values = b"".join(block_values)
        else:
            mini_values = block_values
        data = dumps((deltas, mini_weights, mini_values), BLOCK_PICKLE_PROTOCOL)
        compressed = compression if len(data) >= COMPRESSED_MIN_BYTES else 0
        if compressed:
            data = zlib.compress(data, compressed)
        if lengths is None:
            low = high = 0
        elif count == 1:
            low = high = lengths[block_ids[0]]
        else:
            codes = list(map(lengths.__getitem__, block_ids))
            high = max(codes)
            low = min(codes)
            if not low and high:
                low = min(filter(None, codes))
        infobytes = dumps((count, block_ids[-1], max_weight, compressed, low, high), 2)
        size = len(infobytes) + len(data)
        parts += (pack_int(-size if end == total else size), infobytes, data)
        term_weight += block_weight
        if low and (not term_min or low < term_min):
            term_min = low
        if high > term_max:
            term_max = high
        if max_weight > term_max_weight:
            term_max_weight = max_weight
    info = W3TermInfo()
    info._weight = term_weight
    info._df = total
    info._minlength = byte_to_length(term_min) if term_min else None
    info._maxlength = byte_to_length(term_max)
    info._maxweight = term_max_weight
    info._minid = ids[0]
    info._maxid = ids[-1]
    return b"".join(parts), info


def write_postings(fieldwriter: W3FieldWriter, schema, buffer: PostingBuffer, lengths: dict[str, bytearray],
                   blocklimit: int, compression: int, arrays: TermArrayWriter | None = None) -> None:  # fmt: skip
    """Write the buffer's postings into a W3 field writer's files, as W3FieldWriter.add_postings would; and
    frequent terms' postings and positions into `arrays` (see term_arrays.py)."""
    postfile = fieldwriter._postfile
    tindex = fieldwriter._tindex
    current = None
    fieldid_bytes = b""
    fixed_size = None
    field_lengths = None
    boost = scale = None
    for fieldname, text, ids, numbers, values, positions in buffer.records():
        frequencies = numbers
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldobj = schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            fieldid_bytes = pack_ushort(fieldwriter._fieldid)
            fixed_size = fieldobj.format.fixed_value_size()
            field_lengths = lengths.get(fieldname) if fieldobj.scorable else None
            boost = scale = None  # GENERIC: the numbers are the weights
            if buffer.kinds[fieldname] != GENERIC:  # the numbers are frequencies
                field_boost = fieldobj.format.field_boost
                if float(np.float32(field_boost)) == field_boost:
                    boost = field_boost  # frequency × boost is exact in float32
                else:
                    scale = field_boost  # weights computed here, rounded to float32 in _term_bytes
            current = fieldname
        if scale is not None:
            numbers = list(map(scale.__mul__, numbers))
        if arrays is not None:  # word fields: the frequencies (weight = frequency × field boost); others: weights
            generic = buffer.kinds[fieldname] == GENERIC
            weights = np.asarray(numbers, dtype=np.float32) if generic else None
            arrays.add(fieldname, text, ids, weights, None if generic else frequencies, positions)
        data, info = _term_bytes(ids, numbers, boost, values, fixed_size, field_lengths, blocklimit, compression)
        offset = postfile.tell()
        postfile.write(data)
        info.set_extent(offset, len(data))
        btext = text.encode("utf-8") if isinstance(text, str) else text
        tindex.add(fieldid_bytes + btext, info.to_bytes())
    if current is not None:
        fieldwriter.finish_field()


# ---------------------------------------------------------------------------------------------------------------
# The writer
# ---------------------------------------------------------------------------------------------------------------


class FastSegmentWriter(SegmentWriter):
    """A drop-in SegmentWriter (same files, same commit, merge and lock behaviour) that indexes faster.

    `limitmb` bounds the buffered postings as with Whoosh (beyond it they are spilled to sorted run files).
    """

    def __init__(self, ix, limitmb: int = 256, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._inverter = TokenInverter(self.schema)
        self._buffer = PostingBuffer(self._tempstorage, limitmb * 2**20, self._inverter.terms)
        self._lengths: dict[str, bytearray] = {}
        self._whoosh_pool = False  # True once any posting went to Whoosh's own pool
        self._arrays: TermArrayWriter | None = None
        self._foreign_segments: list = []
        if not isinstance(self.codec, W3Codec) or not isinstance(self.fieldwriter, W3FieldWriter):
            self.cancel()
            raise TypeError("FastSegmentWriter writes Whoosh 3 (W3Codec) segments only")

    def add_segment(self, segment) -> None:
        """Commit `segment` (finished by another writer in this index's storage, e.g. a worker process) along
        with this writer's own."""
        self._check_state()
        self._foreign_segments.append(segment)

    def finish_segment(self):
        """For a writer whose segment another process commits: write the segment and return it (None when no
        document was added). The writer is done afterwards; its temporary folder is left to the committer."""
        self._check_state()
        if self._added:
            segment = self._finalize_segment()
        else:
            segment = None
            self._close_segment()
        self.is_closed = True
        return segment

    def commit(self, mergetype=None, optimize=None, merge=None):
        self._check_state()
        # Segments whose every document was deleted (e.g. all replaced by a bulk update) are dropped
        final = [segment for segment in self._merge_segments(mergetype, optimize, merge) if segment.doc_count()]
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final + self._foreign_segments)
        record_segment_files(self.storage.folder, final + self._foreign_segments,  # still under the write lock
                             toc=toc_name(self.indexname, self.generation), fixed=(VERSION_FILE,))
        self._finish()

    def add_document(self, **fields):
        self._check_state()
        if any(name.startswith("_") for name in fields):  # boosts or custom stored values: Whoosh's own way
            self._whoosh_pool = True
            return super().add_document(**fields)
        schema = self.schema
        names = sorted(fields)
        self._check_fields(schema, names)
        docnum = self.docnum
        inverted = self._inverter.invert(fields, names)
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            lengths = {name: length for name, _, _, length in inverted if length}
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                perdoc.add_field(name, field, value if field.stored else None, lengths.get(name, 0))
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        buffer = self._buffer
        for name, word_field, terms, length in inverted:
            if length:
                self._set_length(name, docnum, length)
            if terms is None or not len(terms):
                continue
            if word_field is not None:
                buffer.add_tokens(docnum, word_field, terms)
            else:
                buffer.add_postings(docnum, name, terms)
        if buffer.full():
            buffer.spill()
            self._inverter.restart(terms=True)
        self._added = True
        self.docnum += 1

    def _set_length(self, fieldname: str, docnum: int, length: int) -> None:
        column = self._lengths.get(fieldname)
        if column is None:
            column = self._lengths[fieldname] = bytearray()
        if len(column) <= docnum:
            column.extend(bytes(docnum + 1 - len(column)))
        column[docnum] = length_to_byte(length)

    def add_reader(self, reader):
        self._whoosh_pool = True  # merged postings come through Whoosh's pool
        super().add_reader(reader)

    def _flush_segment(self):
        self.perdocwriter.close()
        if self._whoosh_pool:
            pdr = self.per_document_reader() if self.codec.length_stats else None
            boosts = {name: field.format.field_boost for name, field in self.schema.items() if field.indexed}
            postings = heapq.merge(self._buffer.postings(boosts), self.pool.iter_postings())
            self.fieldwriter.add_postings(self.schema, pdr, postings)
            if pdr:
                pdr.close()
        else:
            codec = self.codec
            self._arrays = TermArrayWriter(self.storage.folder, self.get_segment().segment_id())
            write_postings(self.fieldwriter, self.schema, self._buffer, self._lengths, codec._blocklimit,
                           codec._compression, self._arrays)  # fmt: skip
            self._arrays.close()
        self.fieldwriter.close()
        self._buffer.cleanup()

    def _finalize_segment(self):
        segment = super()._finalize_segment()
        if self._arrays is not None:  # only now: a file named after the segment would go into its compound file
            self._arrays.publish()
        return segment

    def _close_segment(self):
        super()._close_segment()
        self._buffer.cleanup()

    def cancel(self):
        if self._arrays is not None:
            self._arrays.discard()
        super().cancel()
