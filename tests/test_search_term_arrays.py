"""Term array files (archive/search/term_arrays.py) against the slow path they replace: the posting blocks
Whoosh reads. Same postings, weights and positions for every term, same matches and scores, same result pages."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.formats import Positions

from archive import search
from archive.search import building, term_arrays, token_postings
from archive.search.building import FastSegmentWriter
from archive.search.evaluation import QueryEvaluator, _common
from archive.search.facets import facet_table
from archive.search.parsing import parse_query
from archive.search.postings import ENTRY_BYTES, SegmentArrayCache, read_positions, read_postings
from archive.search.schema import build_schema
from archive.search.storage import searchers
from archive.search.term_arrays import TermArrayFiles
from tests.hypothesis_profiles import PROFILE
from tests.test_search_build import synthetic_documents

POSITION_FIELDS = [name for name, field in build_schema().items() if isinstance(field.format, Positions)]


@pytest.fixture(scope="module")
def documents() -> list[dict]:
    return synthetic_documents(400, seed=11)


def build(folder, documents, **options):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = FastSegmentWriter(ix, **options)
    for document in documents:
        writer.add_document(**document)
    writer.commit(merge=False)
    return whoosh_index.open_dir(str(folder))


def _pairs(keys: np.ndarray) -> list[tuple[int, int]]:
    return [(int(k >> 32), int(k & 0xFFFFFFFF)) for k in keys]


def check_every_term(ix, folder) -> int:
    """Every term of the file gives the postings and weights the blocks give, and the same position keys for all
    and for some documents."""
    files, checked = TermArrayFiles(), 0
    rng = np.random.default_rng(3)
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            stored = files.get(str(folder), leaf.segment().segment_id())
            assert stored is not None and stored.directory
            for (fieldname, text), (_, _, count, *_) in stored.directory.items():
                docnums, weights = stored.postings(fieldname, text, leaf.schema[fieldname].format.field_boost)
                blocks = read_postings(leaf, fieldname, text)
                assert docnums.tolist() == blocks.docnums.tolist() and docnums.dtype == blocks.docnums.dtype
                assert weights.tolist() == blocks.weights.tolist() and weights.dtype == blocks.weights.dtype
                if count == term_arrays.NO_POSITIONS:
                    assert stored.keys(fieldname, text, docnums, np.ones(leaf.doc_count_all(), dtype=bool)) is None
                    checked += 1
                    continue
                for wanted in (np.ones(leaf.doc_count_all(), dtype=bool), rng.random(leaf.doc_count_all()) < 0.3):
                    fast = stored.keys(fieldname, text, docnums, wanted)
                    assert _pairs(fast) == _pairs(read_positions(leaf, fieldname, text, wanted)), (fieldname, text)
                checked += 1
    return checked


def test_the_term_array_file_holds_what_the_posting_blocks_hold(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(term_arrays, "MIN_POSTINGS", 1)  # every term, not only the frequent ones
    ix = build(tmp_path / "ix", documents)
    assert check_every_term(ix, tmp_path / "ix") > 500
    assert not list((tmp_path / "ix").glob(".*"))  # the staging files were renamed or removed


def test_spilled_runs_give_the_same_term_array_file(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(term_arrays, "MIN_POSTINGS", 1)
    monkeypatch.setattr(building, "POSTING_BYTES", 2**20)  # a run file every few documents
    monkeypatch.setattr(building, "TOKEN_BYTES", 2**14)
    monkeypatch.setattr(token_postings, "RECORD_CHUNK", 50)
    ix = build(tmp_path / "ix", documents, limitmb=1)
    assert check_every_term(ix, tmp_path / "ix") > 500


def test_only_frequent_terms_are_kept(tmp_path, documents):
    ix = build(tmp_path / "ix", documents)
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        stored = TermArrayFiles().get(str(tmp_path / "ix"), leaf.segment().segment_id())
        assert stored.directory and all(postings >= term_arrays.MIN_POSTINGS
                                        for _, postings, *_ in stored.directory.values())  # fmt: skip
        frequent = {(f, t.decode("utf-8")) for f in leaf.schema.names() if leaf.schema[f].indexed
                    and f not in term_arrays.SKIPPED_FIELDS for t in leaf.lexicon(f)
                    if leaf.doc_frequency(f, t) >= term_arrays.MIN_POSTINGS}  # fmt: skip
        assert set(stored.directory) == frequent
        assert all((count >= 0) == (f in POSITION_FIELDS) for (f, _), (_, _, count, *_) in stored.directory.items())


def _phrases(documents, count: int) -> list[str]:
    """2-4 consecutive words of the documents' bodies, and the same words reversed (mostly no match)."""
    rng = random.Random(5)
    phrases = []
    while len(phrases) < count:
        words = re.findall(r"\w+", rng.choice(documents).get("body_ru") or "") if documents else []
        if len(words) < 4:
            continue
        size = rng.choice((2, 3, 4))
        start = rng.randrange(len(words) - size + 1)
        chosen = words[start : start + size]
        phrases += ['"' + " ".join(chosen) + '"', '"' + " ".join(reversed(chosen)) + '"']
    return phrases


def test_queries_match_and_score_the_same_with_and_without_term_arrays(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(term_arrays, "MIN_POSTINGS", 1)
    folder = tmp_path / "ix"
    ix = build(folder, documents[:250])
    writer = ix.writer()  # a second segment by Whoosh's own writer: no position file, the slow path
    for document in documents[250:]:
        writer.add_document(**document)
    writer.commit(merge=False)
    searcher = ix.searcher()
    try:
        assert len(searcher.reader().leaf_readers()) == 2
        alive = np.ones(searcher.reader().doc_count_all(), dtype=bool)
        fast = QueryEvaluator(searcher, alive, cache=SegmentArrayCache(), scope=str(folder), arrays=TermArrayFiles())
        slow = QueryEvaluator(searcher, alive, cache=SegmentArrayCache(), scope=str(folder), arrays=None)
        matched = 0
        words = ["референдум", "Тоқаев", "Tokayev", "конституция OR референдум", "lang:kk", "конститу*",
                 "референдум -Тоқаев", "person:Тоқаев", "title:Тоқаев"]  # fmt: skip
        for q in _phrases(documents, 60) + ['"референдум референдум"', '"референдум референдум референдум"'] + words:
            query = parse_query(q, searcher.reader()).query
            a, b = fast.evaluate(query), slow.evaluate(query)
            assert np.array_equal(a.mask, b.mask), q
            np.testing.assert_allclose(a.scores, b.scores, rtol=1e-4)
            matched += bool(a.mask.any())
        assert matched >= 30
    finally:
        searcher.close()


def test_result_pages_are_the_same_with_and_without_term_arrays(imported_seeds, monkeypatch):
    monkeypatch.setattr(term_arrays, "MIN_POSTINGS", 1)
    search.rebuild(procs=1)
    with searchers.use() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        assert term_arrays.term_arrays.get(searchers.location, leaf.segment().segment_id()) is not None
        facet_table(searcher)
    phrases = ['"Конституционной комиссии"', '"комиссии Конституционной"', '"новой Конституции"',
               '"Қазақстан Республикасының"', '"референдум" конституция', "конституция", "Тоқаев"]  # fmt: skip
    pages = {}
    for mode in ("fast", "slow"):
        if mode == "slow":
            monkeypatch.setattr(TermArrayFiles, "get", lambda self, folder, segment: None)
        pages[mode] = [search.search(search.SearchRequest(q=q)) for q in phrases]
    assert sum(page.total for page in pages["fast"]) > 0
    for fast, slow in zip(pages["fast"], pages["slow"], strict=True):
        assert fast.total == slow.total
        assert [h.article_id for h in fast.hits] == [h.article_id for h in slow.hits]
        assert [h.score or 0.0 for h in fast.hits] == pytest.approx([h.score or 0.0 for h in slow.hits], rel=1e-4)
        assert [h.snippet for h in fast.hits] == [h.snippet for h in slow.hits]


@settings(settings.get_profile(PROFILE))
@given(st.sets(st.integers(0, 2**40)), st.sets(st.integers(0, 2**40)))
def test_phrase_keys_are_intersected_as_numpy_would(a, b):
    a, b = np.array(sorted(a), dtype=np.int64), np.array(sorted(b), dtype=np.int64)
    assert _common(a, b).tolist() == np.intersect1d(a, b).tolist()
    shared = np.union1d(a[: a.size // 2], b)  # and with values certainly in common
    assert _common(a, shared).tolist() == np.intersect1d(a, shared).tolist()


def test_postings_from_the_file_and_from_the_blocks_are_kept_within_their_own_budgets(tmp_path, documents):
    """Term array slices decode fast and get a small budget of their own; what only the blocks have is kept
    apart, so a flood of frequent terms never pushes out what is slow to decode again."""
    folder = tmp_path / "ix"
    ix = build(folder, documents)
    copy_budget = 4_000
    cache = SegmentArrayCache(max_bytes=10**8, max_copy_bytes=copy_budget)
    with ix.reader() as reader:
        leaf = next(iter(reader.leaf_readers()))[0]
        stored = TermArrayFiles().get(str(folder), leaf.segment().segment_id())
        fields = sorted({field for field, _ in stored.directory})
        terms = [(f, t.decode()) for f in fields for t in leaf.lexicon(f)]
        in_file = [term for term in terms if term in stored.directory]
        assert len(in_file) > 5 and len(terms) > len(in_file)
        for field, text in terms:
            boost = leaf.schema[field].format.field_boost
            found = cache.postings(leaf, field, text, stored=lambda f, t, b=boost: stored.postings(f, t, b))
            assert found.docnums.tolist() == read_postings(leaf, field, text).docnums.tolist()
        largest = max(read_postings(leaf, *term).nbytes for term in in_file)
        assert 0 < cache.copies.nbytes <= copy_budget + largest + ENTRY_BYTES
        assert len(cache.copies) < len(in_file)  # the small budget dropped some ...
        assert len(cache.decoded) == len(terms) - len(in_file)  # ... and kept every term only the blocks have
