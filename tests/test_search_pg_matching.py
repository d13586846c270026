"""The PostgreSQL backend's word masks (archive/search/pg/matching.py, arrays.word_masks): a query's parts matched
once per version and kept, their AND, OR and NOT evaluated in numpy. Pinned to PostgreSQL's own `terms @@ tsquery`
over the whole query on generated queries; kept masks reused, bounded, and dropped when any process changes a
document.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import search
from archive.models import Article
from archive.search import SearchRequest
from archive.search.parsing import QueryError
from archive.search.pg import arrays, engine, fast, matching

from .hypothesis_profiles import PROFILE
from .test_search_pg_fast import answer, archive  # noqa: F401  (the fixture: seeds, 40 articles, copies)
from .test_search_stateful import article_text, in_another_process, marker, store

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="needs PostgreSQL"),  # fmt: skip
]

WORDS = ["Конституция", "Токаев", "Tokayev", "референдум", "комиссия", "zqzzzz", '"новой Конституции"', "конститу*",
         "lang:kk", "lang:ru", "title:Конституция", "Башимов", "рефирендум~", "title_ru:Конституция", "Жазықбай",
         '"Марат Башимов"', "person:Токаев", "year", "reform"]  # fmt: skip
OPERATORS = [" ", " AND ", " OR ", " NOT ", " ANDNOT ", " ANDMAYBE "]
queries = st.recursive(
    st.sampled_from(WORDS),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map("".join),
        inner.map(lambda q: f"-{q}" if not q.startswith(("-", "(")) else q),
        inner.map(lambda q: f"({q})"),
    ),
    max_leaves=5,
)


def sql_ids(tsquery: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM archive_searchdocument WHERE terms @@ %s::tsquery", [tsquery])
        return {pk for (pk,) in cursor.fetchall()}


def fast_ids(request: SearchRequest) -> set[int]:
    plan = engine._plan(request)
    with engine._limited(5) as budget:
        matched = fast.match(plan, request, budget, ranked=False)
    return set(matched.article_ids(np.flatnonzero(matched.selected.docs)))


def mask(ids: set[int], documents: arrays.DocumentArrays) -> np.ndarray:
    return documents.selection(np.array(sorted(ids), dtype=np.int64))


@settings(settings.get_profile(PROFILE), max_examples=min(settings.get_profile(PROFILE).max_examples, 60))
@given(q=queries)
def test_the_formula_over_its_parts_matches_what_postgresql_matches(archive, q):  # noqa: F811
    request = SearchRequest(q=q)
    try:
        plan = engine._plan(request)
    except QueryError:
        return  # refused before matching (too many words, a bare NOT): the same on both paths
    if not isinstance(plan.matched, str):
        return  # nothing or everything: no part is matched
    expected = sql_ids(plan.matched)
    shape = matching.formula(plan.parsed.query)
    search.search(SearchRequest())  # the arrays at the current version
    documents = arrays.documents(fast.Version(*_version()))[0]
    masks = {part: mask(sql_ids(part), documents) for part in matching.parts(shape)}
    evaluated = matching.evaluate(shape, masks, documents.table.alive_mask)
    assert set(documents.ids[evaluated].tolist()) == expected, (q, plan.matched)
    assert fast_ids(request) == expected, (q, "matched now")
    assert fast_ids(request) == expected, (q, "from the kept masks")


def _version() -> tuple[str, bool]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {arrays.VERSION_COLUMNS}")
        committed, own = cursor.fetchone()
    return committed, bool(own)


def kept_keys(*queries: str) -> set[str]:
    """Which of these queries' parts, and of the queries themselves, are kept."""
    wanted = []
    for q in queries:
        plan = engine._plan(SearchRequest(q=q))
        wanted += [*matching.parts(matching.formula(plan.parsed.query)), plan.matched]
    return set(arrays.word_masks.known(connection.alias, wanted)[1])


def part(q: str) -> str:
    return engine._plan(SearchRequest(q=q)).matched


def test_what_is_matched_once_is_kept_for_the_next_searches(archive):  # noqa: F811
    arrays.word_masks.clear()
    q = "Конституция Токаев -референдум"  # three parts: two words and one left out
    by_date = SearchRequest(q=q, sort="date")
    first = search.search(by_date)
    assert kept_keys(q) == {part(q)}  # several parts missing, no counts wanted: the whole query, in one pass
    with CaptureQueriesContext(connection) as statements:
        again = search.search(by_date)
    assert answer(again) == answer(first)
    assert not any("d.terms @@" in item["sql"] for item in statements.captured_queries)  # kept: not matched again
    assert arrays.word_masks.kept_bytes > 0

    ranked = SearchRequest(q=q)  # the words' document counts (idf) wanted: each part matched, counted by its mask
    assert answer(search.search(ranked)) == answer(engine._search_in_sql(ranked))
    assert {part("Конституция"), part("Токаев"), part("референдум")} <= kept_keys("Конституция", "Токаев", "референдум")

    other = SearchRequest(q="Конституция Башимов -референдум", sort="date")
    assert answer(search.search(other)) == answer(engine._search_in_sql(other))
    assert part("Башимов") in kept_keys("Башимов")  # the one part missing, matched alone: kept for others
    assert part(other.q) not in kept_keys(other.q)
    with CaptureQueriesContext(connection) as statements:  # every part kept: only evaluated
        page = search.search(other)
    assert not any("d.terms @@" in item["sql"] for item in statements.captured_queries)
    assert answer(page) == answer(engine._search_in_sql(other))


def test_a_document_committed_by_another_process_reaches_a_kept_word(archive):  # noqa: F811
    request = SearchRequest(q="Конституция")
    before = search.search(request).total
    created = in_another_process(lambda: store(article_text("ru", [1, 3], marker(610), 5, "Конституция"),
                                               origin="matching:new").pk)  # fmt: skip
    after = search.search(request)
    assert after.total == before + 1
    assert created in search.matching_article_ids(request)
    assert answer(after) == answer(engine._search_in_sql(request))
    in_another_process(lambda: Article.objects.filter(pk=created).delete())
    assert search.search(request).total == before


def test_kept_words_are_matched_again_after_a_commit_elsewhere_without_the_sql_path(archive, monkeypatch):  # noqa: F811
    requests = [SearchRequest(q="Конституция Токаев"), SearchRequest(q="референдум", sort="date")]
    for request in requests:
        search.search(request)  # kept
    in_another_process(lambda: Article.objects.order_by("pk").first().save())  # a new version, nothing else

    def refuse(request):
        raise AssertionError("the SQL path answered: the masks of the old version were never let go")

    monkeypatch.setattr(engine, "_search_in_sql", refuse)
    pages = [search.search(request) for request in requests]
    monkeypatch.undo()
    for request, page in zip(requests, pages, strict=True):
        assert answer(page) == answer(engine._search_in_sql(request)), request.q


def test_the_kept_masks_stay_within_their_bytes(archive, monkeypatch):  # noqa: F811
    arrays.word_masks.clear()
    documents = Article.objects.count()
    monkeypatch.setattr(arrays.word_masks, "LIMIT_BYTES", 3 * ((documents + 7) // 8))  # three masks
    words = ["Конституция", "Токаев", "референдум", "комиссия", "Башимов", "Жазықбай"]
    for word in words:
        request = SearchRequest(q=word)
        assert answer(search.search(request)) == answer(engine._search_in_sql(request)), word
        assert arrays.word_masks.kept_bytes <= arrays.word_masks.LIMIT_BYTES
    parts = [matching.parts(matching.formula(engine._plan(SearchRequest(q=w)).parsed.query))[0] for w in words]
    _version, kept = arrays.word_masks.known(connection.alias, parts)
    assert set(kept) == set(parts[-3:])  # the least recently used went first
