"""Word fields' postings grouped in numpy (archive.search.token_postings) against the slow obvious path: Whoosh's own
Positions encoding, and a dict that groups each document's words by term in Python.

The whole writer is compared with Whoosh's SegmentWriter in test_search_build.py; these generate the inputs
those documents seldom reach (long postings, large gaps, chunk edges, wide vocabularies).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.formats import Positions

from archive.search import token_postings
from archive.search.token_postings import (
    DROPPED,
    EXISTENCE,
    FREQUENCY,
    POSITIONS,
    FieldTerms,
    TokenRun,
    WordNumbers,
    encode_positions,
    pickled_positions,
)

# Gaps across every pickle integer width: BININT1 (< 256), BININT2 (< 65,536), BININT (< 2**31), LONG1 (beyond).
GAPS = st.one_of(st.integers(1, 255), st.integers(256, 65535), st.integers(65536, 2**31 - 1), st.integers(2**31, 2**32))


@st.composite
def postings(draw) -> list[list[int]]:
    """Postings' ascending positions (uint32), now and then longer than pickle's batch of 1,000 items."""
    result = []
    for _ in range(draw(st.integers(1, 12))):
        long = draw(st.integers(0, 9)) == 0
        count = draw(st.integers(1001, 1300)) if long else draw(st.integers(1, 6))
        first = draw(st.one_of(st.integers(0, 300), st.integers(0, 2**32 - 1)))
        gaps = [1] * (count - 1) if long else draw(st.lists(GAPS, min_size=count - 1, max_size=count - 1))
        positions = [first]
        for gap in gaps:
            positions.append(positions[-1] + gap)
        if positions[-1] < 2**32:
            result.append(positions)
    return result or [[0]]


def test_the_reference_is_whooshs_own_encoding():
    for positions in ([0], [5], [3, 300, 70000], [1, 2**31 + 5], list(range(2500))):
        assert pickled_positions(positions) == Positions().encode(positions)


@settings(max_examples=300, deadline=None)
@given(postings())
def test_positions_are_encoded_as_whoosh_encodes_them(lists):
    flat = np.array([p for positions in lists for p in positions], dtype=np.uint32)
    counts = np.array([len(positions) for positions in lists], dtype=np.int64)
    starts = np.cumsum(counts) - counts
    assert encode_positions(flat, starts, counts) == [pickled_positions(positions) for positions in lists]


# ---------------------------------------------------------------------------------------------------------------
# Grouping words into postings
# ---------------------------------------------------------------------------------------------------------------


def expected_records(documents: list[tuple[int, list[int]]], texts: list[str], kind: str) -> list[tuple]:
    """The obvious path: per document a dict term → positions, then per term its postings in document order."""
    by_term: dict[str, list[tuple[int, list[int]]]] = {}
    for docnum, numbers in documents:
        grouped: dict[int, list[int]] = {}
        for position, number in enumerate(numbers):
            if number != DROPPED:
                grouped.setdefault(number, []).append(position)
        for number, positions in grouped.items():
            by_term.setdefault(texts[number], []).append((docnum, positions))
    records = []
    for text in sorted(by_term):
        found = by_term[text]
        ids = [docnum for docnum, _ in found]
        frequencies = [1 if kind == EXISTENCE else len(positions) for _, positions in found]
        values = positions = None
        if kind == POSITIONS:
            values = [pickled_positions(p) for _, p in found]
            positions = [p for _, ps in found for p in ps]
        elif kind == FREQUENCY:
            values = b"".join(len(p).to_bytes(4, "big") for _, p in found)
        records.append((text, ids, frequencies, values, positions))
    return records


def run_records(documents, texts, kind) -> list[tuple]:
    run = TokenRun(kind)
    for docnum, numbers in documents:
        run.add(docnum, np.array(numbers, dtype=np.int32))
    return [
        (text, ids, frequencies, values, None if positions is None else positions.tolist())
        for text, ids, frequencies, values, positions in run.records(texts)
    ]


@st.composite
def runs(draw):
    texts = draw(st.lists(st.text("абвгқң", min_size=1, max_size=3), min_size=1, max_size=30, unique=True))
    numbers = st.integers(-1, len(texts) - 1)  # -1: a word that makes no term
    documents, docnum = [], 0
    for _ in range(draw(st.integers(1, 15))):
        docnum += draw(st.integers(1, 3))
        documents.append((docnum, draw(st.lists(numbers, min_size=1, max_size=40))))
    return documents, texts


@settings(max_examples=200, deadline=None)
@given(runs(), st.sampled_from([POSITIONS, FREQUENCY, EXISTENCE]), st.sampled_from([1, 3, 50, 1 << 19]))
def test_words_are_grouped_into_the_postings_python_would_make(run, kind, chunk):
    documents, texts = run
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(token_postings, "RECORD_CHUNK", chunk)  # chunks end anywhere, even inside a term
        assert run_records(documents, texts, kind) == expected_records(documents, texts, kind)


def test_a_vocabulary_wider_than_16_bits_is_sorted_as_well():
    rng = np.random.default_rng(5)
    texts = [f"t{i:06d}" for i in range(70_000)]
    documents = [(docnum, rng.integers(-1, len(texts), 900).tolist()) for docnum in range(0, 300, 2)]
    assert run_records(documents, texts, POSITIONS) == expected_records(documents, texts, POSITIONS)


def test_term_numbers_follow_the_term_function_and_survive_new_word_numbers():
    words = WordNumbers()
    terms = FieldTerms(lambda word: "" if len(word) < 2 else word.lower()[:4])
    first = terms.of_words(words.of_text("Конституция конституции и Конституционный"), words.words)
    assert first.tolist() == [0, 0, DROPPED, 0]  # one term "конс"; "и" makes none
    assert terms.texts == ["конс"]
    words.restart()
    terms.forget_words()
    again = terms.of_words(words.of_text("реформа конституции"), words.words)
    assert again.tolist() == [1, 0]  # the term numbers stay; the word numbers started afresh
    assert terms.texts == ["конс", "рефо"]
