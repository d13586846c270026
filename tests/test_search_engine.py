"""The numpy engine against Whoosh itself: same postings, same lengths, same matches, same BM25 scores.

The index here has two segments and a deleted document (an article edited after the import), so segment offsets
and deletions are exercised, not just one fresh segment.
"""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as wq

from archive import search
from archive.models import Article
from archive.search.documents import article_to_document, indexable_articles
from archive.search.evaluation import QueryEvaluator
from archive.search.facets import facet_table, facet_tables
from archive.search.parsing import parse_query
from archive.search.postings import SegmentArrayCache, read_lengths, read_positions, read_postings
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
                assert read_lengths(leaf, fieldname).tolist() == expected


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
        assert 0 < cache.nbytes <= 2_000 + max(read_postings(leaf, "body_ru", t).nbytes for t in terms)
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
