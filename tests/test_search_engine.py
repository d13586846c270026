"""The numpy engine against Whoosh itself: same postings, same lengths, same matches, same BM25 scores.

The index here has two segments and a deleted document (an article edited after the import), so segment offsets
and deletions are exercised, not just one fresh segment.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.utils import translation
from whoosh import query as wq

from archive import search
from archive.models import Article
from archive.search.coverage import coverage
from archive.search.documents import article_to_document, indexable_articles
from archive.search.evaluation import K1, B, Matches, QueryEvaluator, _bm25, _frequency, _summed, _zero_outside
from archive.search.facets import FacetTable, _Codes, facet_table, facet_tables
from archive.search.parsing import ParsedQueries, parse_query
from archive.search.postings import (
    EMPTY,
    ENTRY_BYTES,
    LENGTH_OF_CODE,
    SegmentArrayCache,
    read_length_codes,
    read_positions,
    read_postings,
)
from archive.search.query import _best_scored, _bodies, _by_date
from archive.search.storage import open_live_index, searchers

QUERIES = [
    "конституция", "референдум", "Тоқаев", "Tokayev", "Конституциялық", "закон парламент",
    "референдум OR Konstitutsiya", "конституция NOT референдум", "конституция -Тоқаев",
    '"Конституционной комиссии"', '"комиссии Конституционной"', "конститу*", "lang:kk", "person:Тоқаев",
    "(референдум OR сайлау) конституция", "title:Тоқаев",
]  # fmt: skip


@pytest.fixture
def two_segment_index(imported_seeds):
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(title=article.title + " (edited)")
    writer = open_live_index().writer()
    writer.update_document(**article_to_document(indexable_articles().get(pk=article.pk)))
    writer.commit(merge=False)  # a second segment, and the old copy deleted in the first
    with searchers.use() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert len(leaves) == 2 and any(leaf.has_deletions() for leaf in leaves)


@pytest.fixture
def evaluator(two_segment_index):
    with searchers.use() as searcher:
        table = facet_table(searcher)
        yield searcher, QueryEvaluator(searcher, table.alive_mask, cache=SegmentArrayCache())


def _whoosh_postings(leaf, fieldname, text):
    matcher = leaf._terms.matcher(fieldname, leaf._text_to_bytes(fieldname, text), leaf.schema[fieldname].format)
    ids, weights, positions = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        positions += [(matcher.id(), p) for p in leaf.schema[fieldname].format.decode_positions(matcher.value())]
        matcher.next()
    return ids, weights, positions


@pytest.mark.usefixtures("two_segment_index")
def test_posting_arrays_equal_what_whoosh_reads_one_by_one():
    checked = 0
    with searchers.use() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            for fieldname in ("body_ru", "body_kk", "names", "title_ru"):
                for text in list(leaf.lexicon(fieldname))[:40]:
                    text = text.decode("utf-8")
                    ids, weights, positions = _whoosh_postings(leaf, fieldname, text)
                    postings = read_postings(leaf, fieldname, text)
                    assert postings.docnums.tolist() == ids
                    assert postings.weights.tolist() == pytest.approx(weights)
                    keys = read_positions(leaf, fieldname, text, np.ones(leaf.doc_count_all(), dtype=bool))
                    assert [(int(k >> 32), int(k & 0xFFFFFFFF)) for k in keys] == positions
                    even = np.arange(leaf.doc_count_all()) % 2 == 0  # only the documents asked for are decoded
                    keys = read_positions(leaf, fieldname, text, even)
                    expected = [p for p in positions if p[0] % 2 == 0]
                    assert [(int(k >> 32), int(k & 0xFFFFFFFF)) for k in keys] == expected
                    checked += 1
    assert checked > 100
    assert read_postings(leaf, "body_ru", "nosuchwordanywhere").docnums.size == 0


@pytest.mark.usefixtures("two_segment_index")
def test_field_lengths_equal_whoosh_per_document_lengths():
    with searchers.use() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            for fieldname in ("body_ru", "body_kk", "names", "title_kk"):
                expected = [leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(leaf.doc_count_all())]
                assert LENGTH_OF_CODE[read_length_codes(leaf, fieldname)].tolist() == expected


@pytest.mark.parametrize("q", QUERIES)
def test_matches_and_scores_equal_whoosh(evaluator, q, monkeypatch):
    # Whoosh's own "preloaded" OR (its choice for small indexes) scores differently from its default OR.
    monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
    searcher, engine = evaluator
    parsed = parse_query(q, searcher.reader())
    matches = engine.evaluate(parsed.query)
    whoosh_hits = {hit.docnum: hit.score for hit in searcher.search(parsed.query, limit=None)}
    assert set(np.flatnonzero(matches.mask).tolist()) == set(whoosh_hits)
    for docnum, score in whoosh_hits.items():
        assert matches.scores[docnum] == pytest.approx(score, rel=1e-4), (q, docnum)


def test_a_phrase_needs_its_words_in_order_and_adjacent(evaluator):
    searcher, engine = evaluator
    in_order = engine.evaluate(parse_query('"Конституционной комиссии"', searcher.reader()).query).mask
    reversed_ = engine.evaluate(parse_query('"комиссии Конституционной"', searcher.reader()).query).mask
    both_words = engine.evaluate(parse_query("Конституционной комиссии", searcher.reader()).query).mask
    assert in_order.sum() >= 1
    assert not (reversed_ & ~both_words).any()
    assert in_order.sum() > reversed_.sum()


def test_deleted_documents_never_match(evaluator):
    searcher, engine = evaluator
    parsed = parse_query("(edited)", searcher.reader())
    matches = engine.evaluate(parsed.query)
    assert matches.mask.sum() == 1  # the new copy only; the old one was deleted
    deleted = [
        offset + d
        for leaf, offset in searcher.reader().leaf_readers()
        for d in range(leaf.doc_count_all())
        if leaf.is_deleted(d)
    ]
    assert deleted and not matches.mask[deleted].any()


def test_the_cache_is_bounded_and_keeps_the_most_recent(two_segment_index):
    cache = SegmentArrayCache(max_bytes=2_000)
    with searchers.use() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        terms = [t.decode() for t in list(leaf.lexicon("body_ru"))[:200]]
        for text in terms:
            cache.postings(leaf, "body_ru", text)
        assert 0 < cache.nbytes <= 2_000 + ENTRY_BYTES + max(read_postings(leaf, "body_ru", t).nbytes for t in terms)
        last = cache.postings(leaf, "body_ru", terms[-1])
        assert cache.postings(leaf, "body_ru", terms[-1]) is last


@pytest.mark.usefixtures("imported_seeds")
def test_ranking_puts_the_best_scoring_article_first():
    page = search.search(search.SearchRequest(q="Тоқаев"))
    assert page.total >= 2
    with searchers.use() as searcher:
        parsed = parse_query("Тоқаев", searcher.reader())
        best = searcher.search(parsed.query, limit=1)[0]
        assert page.hits[0].article_id == int(best["id"])


@pytest.mark.usefixtures("imported_seeds")
def test_warm_up_prepares_what_the_first_search_would_build(monkeypatch):
    search.warm_up()
    built = []
    monkeypatch.setattr(facet_tables, "_build", lambda *args: built.append(args))
    assert search.search(search.SearchRequest(q="Конституция")).total == 5
    assert built == []  # the first search found the facet table ready


def test_warm_up_on_an_archive_without_an_index_is_harmless(tmp_path, settings):
    settings.SEARCH_INDEX_DIR = tmp_path / "nothing-here"
    search.warm_up()  # no exception; searching still answers (an empty index is made, as a search would)
    assert search.search(search.SearchRequest()).total == 0


@pytest.mark.usefixtures("imported_seeds")
def test_related_articles_share_people_or_events_and_put_the_other_language_first():
    from archive.models import PersonMention

    article = Article.objects.get(origin__startswith="003")
    related = search.related_article_ids(article.pk, limit=6)
    assert related and article.pk not in related
    people = set(PersonMention.objects.filter(article=article).values_list("person", flat=True))
    events = set(article.events.values_list("pk", flat=True))
    for other in Article.objects.filter(pk__in=related):
        shares_person = PersonMention.objects.filter(article=other, person__in=people).exists()
        assert shares_person or set(other.events.values_list("pk", flat=True)) & events
    languages = [Article.objects.get(pk=pk).language for pk in related]
    assert languages == sorted(languages, key=lambda language: language == article.language)
    assert search.related_article_ids(10**9, limit=6) == []  # not indexed: nothing, no error


# Per-query shortcuts (issue 13, second round), each against the slower obvious path it replaced.


@pytest.mark.usefixtures("two_segment_index")
def test_a_terms_frequency_from_its_postings_is_whooshs_doc_frequency():
    with searchers.use() as searcher:
        reader = searcher.reader()
        engine = QueryEvaluator(searcher, facet_table(searcher).alive_mask, cache=SegmentArrayCache())
        checked = 0
        for fieldname in ("body_ru", "body_kk", "names", "title_ru", "person", "language"):
            for text in [t.decode() for t in list(reader.lexicon(fieldname))[:60]] + ["nosuchwordanywhere"]:
                found = [(leaf, offset, engine._postings(leaf, fieldname, text)) for leaf, offset in engine.leaves]
                assert _frequency(found) == reader.doc_frequency(fieldname, text), (fieldname, text)
                checked += 1
        assert checked > 150


def test_scores_are_summed_as_np_sum_summed_them_to_the_bit():
    rng = np.random.default_rng(13)
    for count in range(1, 9):
        arrays = [(rng.random(1001) * (rng.random(1001) < 0.3)).astype(np.float32) * 7 for _ in range(count)]
        for boost in (1.0, 2.5):
            expected = np.sum(arrays, axis=0, dtype=np.float32) * np.float32(boost)
            assert np.array_equal(_summed([a.copy() for a in arrays], boost), expected)


def test_scores_are_zeroed_outside_the_mask_as_assigning_through_it_did():
    rng = np.random.default_rng(5)
    for share in (0.0, 0.3, 1.0):
        scores = (rng.random(1001) * 9).astype(np.float32)
        scores[rng.random(1001) < 0.2] = 0
        mask = rng.random(1001) < share
        expected = scores.copy()
        expected[~mask] = 0
        _zero_outside(scores, mask)
        assert np.array_equal(scores, expected) and not np.signbit(scores).any()


def test_bm25_in_place_is_the_expression_it_replaced_to_the_bit():
    rng = np.random.default_rng(3)
    for size in (0, 1, 1000):
        tf = rng.integers(1, 40, size).astype(np.float32) * np.float32(3.0)
        lengths = (rng.random(size) * 900).astype(np.float32)
        for average_length, idf, boost in ((217.3, 1.7, 1.0), (3.1, 9.25, 3.0), (1.0, 1.0000001, 0.5)):
            norm = K1 * ((1 - B) + B * lengths / average_length)
            expected = (boost * idf) * (tf * (K1 + 1)) / (tf + norm)
            assert np.array_equal(_bm25(tf, lengths, average_length, idf, boost), expected)
            assert _bm25(tf, lengths, average_length, idf, boost).dtype == np.float32


def test_the_best_scored_found_through_a_sample_are_those_of_partitioning_every_score():
    rng = np.random.default_rng(11)
    for size in (2, 50, 3_000, 70_000):
        docs = np.sort(rng.choice(100_000, size, replace=False)).astype(np.int64)
        for scores in ((rng.random(size) * 10).astype(np.float32),  # few ties
                       rng.integers(1, 4, size).astype(np.float32),  # ties everywhere
                       np.sort(rng.random(size)).astype(np.float32)):  # the best all at the end
            for limit in (1, 20, 100, size - 1):
                if not 0 < limit < size:
                    continue
                threshold = np.partition(scores, size - limit)[size - limit]
                kept_docs, kept_scores = _best_scored(docs, scores, limit)
                assert np.array_equal(kept_docs, docs[scores >= threshold])
                assert np.array_equal(kept_scores, scores[scores >= threshold])


def _by_date_lexsorted(docs, dates, *, oldest):
    """The date orders as first written: np.lexsort over every match."""
    dates = dates.astype(np.int64)
    if oldest:
        dates[dates == 0] = np.iinfo(np.int64).max
        return docs[np.lexsort((docs, dates))]
    return docs[np.lexsort((-docs, -dates))]


def test_date_orders_are_the_lexsorted_ones_whole_and_cut():
    rng = np.random.default_rng(8)
    for size in (0, 1, 5, 300):
        docs = np.sort(rng.choice(100_000, size, replace=False)).astype(np.int64)
        dates = rng.choice([0, 738_000, 738_001, 739_500], size).astype(np.int32)  # many ties, undated ones
        for oldest in (False, True):
            expected = _by_date_lexsorted(docs, dates, oldest=oldest)
            assert np.array_equal(_by_date(docs, dates, oldest=oldest, limit=None), expected)
            for limit in (1, 20, 299, 300, 400):
                assert np.array_equal(_by_date(docs, dates, oldest=oldest, limit=limit)[:limit], expected[:limit])


def test_the_cache_counts_absent_terms_too():
    cache = SegmentArrayCache(max_bytes=10 * ENTRY_BYTES)
    for i in range(100):  # absent terms are cached as empty postings: each still counts
        cache.decoded.get(("p", i), lambda: EMPTY)
    assert cache.nbytes <= 10 * ENTRY_BYTES and len(cache.decoded) <= 10


def _counted_plainly(table, facet, selection):
    """Each selected document's values, one at a time."""
    data, counts = table.facets[facet], {}
    for doc in np.flatnonzero(selection).tolist():
        if data.indptr is None:
            codes = [data.codes[doc]] if data.codes[doc] >= 0 else []
        else:
            codes = data.codes[data.indptr[doc] : data.indptr[doc + 1]].tolist()
        for code in codes:
            counts[data.vocabulary[code]] = counts.get(data.vocabulary[code], 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@pytest.mark.usefixtures("two_segment_index")
@pytest.mark.parametrize("share", [0.0, 0.01, 0.05, 0.5, 1.0])
def test_facet_counts_of_few_and_of_many_documents_are_the_plain_counts(share):
    rng = np.random.default_rng(int(share * 100))
    with searchers.use() as searcher:
        table = facet_table(searcher)
        selection = (rng.random(table.doc_count) < share) & table.alive_mask
        for facet in search.FACETS:
            plain = _counted_plainly(table, facet, selection)
            assert table.counts(facet, selection) == plain, facet
            for limit in (1, 2, 3, 15):
                assert table.top(facet, selection, limit) == (plain[:limit], len(plain)), (facet, limit)
        assert table.top_of_each(list(search.FACETS), selection, 15) == {
            facet: table.top(facet, selection, 15) for facet in search.FACETS}  # fmt: skip


def test_the_first_facet_values_of_many_tied_ones_are_those_of_the_whole_order():
    rng = np.random.default_rng(21)
    vocabulary = [f"v{i:02d}" for i in rng.permutation(60)]  # value order differs from code order
    size = 3_000
    lengths = rng.integers(0, 4, size)
    multi = _Codes(vocabulary, rng.integers(0, 60, int(lengths.sum())).astype(np.int32),
                   np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))  # fmt: skip
    single = _Codes(vocabulary, rng.integers(-1, 60, size).astype(np.int32))
    two = _Codes(["a", "b"], rng.integers(-1, 2, size).astype(np.int32))
    # "one" and "two" are counted together, "three" alone (61 × 3 × 51 bins would be too many)
    three = _Codes(vocabulary[:50], rng.integers(-1, 50, size).astype(np.int32))
    table = FacetTable(size, {"one": single, "many": multi, "two": two, "three": three}, np.zeros(size, np.int32),
                       np.ones(size, bool), np.zeros(size, np.int64))  # fmt: skip
    for share in (0.01, 0.03, 0.5, 1.0):  # few tied counts, and many
        selection = rng.random(size) < share
        for facet in ("one", "many"):
            plain = _counted_plainly(table, facet, selection)
            assert table.counts(facet, selection) == plain
            for limit in (1, 5, 15, 59, 60, 61):
                assert table.top(facet, selection, limit) == (plain[:limit], len(plain)), (facet, share, limit)
        together = table.top_of_each(["one", "many", "two", "three"], selection, 15)  # counted together
        assert together == {f: table.top(f, selection, 15) for f in ("one", "many", "two", "three")}
    # Values no document has (the PostgreSQL backend's vocabularies only grow), first, between others and last:
    # counted, listed and masked the same (np.add.reduceat cannot sum an empty group by itself).
    codes = multi.codes + (multi.codes >= 30) + 1
    padded = ["unused-first", *vocabulary[:30], "unused-between", *vocabulary[30:], "unused-last"]
    unused = FacetTable(size, {"many": _Codes(padded, codes, multi.indptr)}, np.zeros(size, np.int32),
                        np.ones(size, bool), np.zeros(size, np.int64))  # fmt: skip
    for share in (0.01, 0.5, 1.0):
        selection = rng.random(size) < share
        assert unused.counts("many", selection) == table.counts("many", selection)
        assert unused.counts("many", selection) == _counted_plainly(unused, "many", selection)
        assert unused.top("many", selection, 5) == table.top("many", selection, 5)
    for value in ("unused-first", "unused-between", "unused-last", vocabulary[0], vocabulary[45]):
        code = padded.index(value)
        expected = np.array([code in codes[multi.indptr[d] : multi.indptr[d + 1]] for d in range(size)])
        assert np.array_equal(unused.mask("many", [value]), expected), value
        assert np.array_equal(np.unique(unused.documents_with("many", code)), np.flatnonzero(expected)), value
        assert expected.any() == (not value.startswith("unused"))


@pytest.mark.usefixtures("two_segment_index")
def test_facet_masks_are_the_documents_having_a_chosen_value():
    with searchers.use() as searcher:
        table = facet_table(searcher)
        for facet in search.FACETS:
            data = table.facets[facet]
            for values in ([], ["no-such-value"], data.vocabulary[:1], data.vocabulary[1:4] + ["no-such-value"]):
                expected = np.zeros(table.doc_count, dtype=bool)
                for doc in range(table.doc_count):
                    if data.indptr is None:
                        owned = [data.codes[doc]] if data.codes[doc] >= 0 else []
                    else:
                        owned = data.codes[data.indptr[doc] : data.indptr[doc + 1]].tolist()
                    expected[doc] = any(data.vocabulary[code] in values for code in owned)
                assert np.array_equal(table.mask(facet, values), expected), (facet, values)
                if len(values) == 1 and values[0] in data.vocabulary:
                    assert expected.any()


@pytest.mark.usefixtures("two_segment_index")
def test_the_coverage_denominators_kept_for_the_next_search_give_the_same_chart():
    with searchers.use() as searcher:
        table = facet_table(searcher)
        language = table.facets["language"]
        dated = np.flatnonzero((table.dates > 0) & table.alive_mask)
        memo: dict = {}
        prepared: dict = {}
        for picked in (dated[:1], dated[::2], dated[:1], dated, dated[-3:]):
            selection = np.zeros(table.doc_count, dtype=bool)
            selection[picked] = True
            selection &= table.alive_mask
            args = (table.dates, language.codes, language.vocabulary, selection, table.alive_mask)
            plain = coverage(*args, last_year=2027)
            kept = coverage(*args, last_year=2027, denominators=memo, prepared=prepared)
            assert (plain.granularity, plain.starts, plain.languages, plain.undated) == (
                kept.granularity, kept.starts, kept.languages, kept.undated)  # fmt: skip
            assert np.array_equal(plain.matches, kept.matches) and np.array_equal(plain.totals, kept.totals)
        assert memo  # the denominators were kept, and reused by the third search
        assert "chartable" in prepared and {"week", "month"} & set(prepared)


@pytest.mark.usefixtures("two_segment_index")
def test_a_remembered_parse_is_the_parse_and_follows_the_index_and_the_language():
    remembered = ParsedQueries()
    with searchers.use() as searcher:
        reader = searcher.reader()
        for q in [*QUERIES, "конститу* сайлау~", "lang:kk конститу*"]:
            first, again = remembered.parse(q, reader), remembered.parse(q, reader)
            plain = parse_query(q, reader)
            assert repr(first.query) == repr(again.query) == repr(plain.query)
            assert first.notes == again.notes == plain.notes and first.words == plain.words
            again.notes.append("changed by a caller")
            assert remembered.parse(q, reader).notes == plain.notes
        with translation.override("ru"):
            assert remembered.parse("конститу*", reader).notes == parse_query("конститу*", reader).notes
    Article.objects.create(title="Новое слово конституирование", body="конституирование", language="ru",
                           checksum="new-term")  # fmt: skip
    search.apply_pending()
    with searchers.use() as searcher:  # a new segment: the wildcard now also expands to the new word
        assert repr(remembered.parse("конститу*", searcher.reader()).query) == repr(
            parse_query("конститу*", searcher.reader()).query)  # fmt: skip


@pytest.mark.usefixtures("two_segment_index")
def test_the_pages_bodies_are_the_orms():
    ids = list(Article.objects.values_list("pk", flat=True)[:7]) + [10**9]
    assert _bodies(ids) == dict(Article.objects.filter(pk__in=ids).values_list("pk", "body"))
    assert _bodies([]) == {}


def _phrase_scoring_every_word_first(engine, node):
    """The phrase as it was evaluated before: every word matched and scored over the whole index, then kept
    where the words are adjacent."""
    words = [w.decode() if isinstance(w, bytes) else w for w in node.words]
    terms = [engine._term(node.fieldname, word, node.boost) for word in words]
    mask = np.logical_and.reduce([t.mask for t in terms])
    if len(words) > 1 and mask.any():
        frequencies = [searcher_frequency(engine, node.fieldname, word) for word in words]
        mask = engine._adjacent(node.fieldname, words, mask, frequencies)
    scores = np.sum([t.scores for t in terms], axis=0, dtype=np.float32)
    scores[~mask] = 0
    return mask, scores


def searcher_frequency(engine, fieldname, word):
    return engine.reader.doc_frequency(fieldname, word)  # Whoosh's own count (the engine's is pinned above)


PHRASES = ['"Конституционной комиссии"', '"комиссии Конституционной"', '"Тоқаев"', '"проект новой конституции"',
           '"Конституциялық сот"', '"нет такой фразы"', '"референдум конституции"', '"Tokayev said"']  # fmt: skip


@pytest.mark.parametrize("q", PHRASES)
def test_a_phrase_scored_only_where_it_matches_scores_as_when_every_word_was_scored(evaluator, q):
    searcher, engine = evaluator
    parsed = parse_query(q, searcher.reader()).query
    for node in [parsed, *parsed.leaves()]:
        if not isinstance(node, wq.Phrase):
            continue
        matches = engine._phrase(node)
        mask, scores = _phrase_scoring_every_word_first(engine, node)
        assert np.array_equal(matches.mask, mask), (q, node)
        assert np.array_equal(matches.scores, scores), (q, node)  # to the bit


class _EveryChildSummed(QueryEvaluator):
    """AND / OR as they were evaluated before: every child combined and summed, matching or not."""

    def _compound(self, node):
        children = [self._node(child) for child in node.subqueries]
        if not children:
            return Matches(np.zeros(self.doc_count, dtype=bool), self._zeros())
        mask = children[0].mask.copy()
        for child in children[1:]:
            (np.logical_and if isinstance(node, wq.And) else np.logical_or)(mask, child.mask, out=mask)
        scores = np.sum([child.scores for child in children], axis=0, dtype=np.float32) * np.float32(node.boost)
        return self._only(Matches(mask, scores), mask)


@pytest.mark.parametrize("q", [*QUERIES, *PHRASES, "нетакогословавообще конституция", "lang:kk NOT конституция"])
def test_children_matching_nothing_left_out_change_no_score(evaluator, q):
    searcher, engine = evaluator
    plain = _EveryChildSummed(searcher, engine.alive, cache=SegmentArrayCache())
    parsed = parse_query(q, searcher.reader()).query
    fast, slow = engine.evaluate(parsed), plain.evaluate(parsed)
    assert np.array_equal(fast.mask, slow.mask) and np.array_equal(fast.scores, slow.scores)  # to the bit
