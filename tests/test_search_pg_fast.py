"""The PostgreSQL backend's fast path (archive/search/pg/fast.py: ids from SQL, everything counted over the process's
document arrays) pinned to the slow, obvious path it replaced (every count, order and copy in SQL over the matching
rows: engine._search_in_sql): the same ids in the same order, the same totals, facet counts, coverage and
suggestions, for words, phrases, prefixes, NOT, filters, left-out values, dates, sorts, pages, copies and a facet
shown whole. And the arrays' version: read once per version, and an edit committed by another process, or this
transaction's own uncommitted one, reaches the next search.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction

from archive import search
from archive.models import Article, CopyCluster, PersonMention
from archive.search import SearchRequest
from archive.search.pg import arrays, engine, fast

from .conftest import SEEDS_DIR
from .facet_reference import facet_reference
from .test_search_stateful import article_text, in_another_process, marker, store

pytestmark = [
    pytest.mark.django_db(transaction=True),  # committed: the arrays are kept between searches, as when serving
    pytest.mark.skipif(django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="needs PostgreSQL"),  # fmt: skip
]

QUERIES = ["", "Конституция", "Токаев", "Tokayev", "референдум", '"новой Конституции"', "конститу*", "lang:kk",
           "Токаев NOT Башимов", "Башимов OR Жазықбай", "комиссия конституция", "рефирендум~", "zqzzzz",
           "-Токаев", "title:Конституция", "person:Токаев", 'person:"Марат Башимов"',
           "title_ru:Конституция", "Токаев OR -Башимов", "Токаев OR -zqzzzz"]  # fmt: skip


@pytest.fixture
def archive(settings) -> list[int]:
    """The seeds and 40 more articles (both languages, dated and not, shared people), two clusters of copies."""
    settings.SEARCH_BACKEND = "postgres"
    call_command("import_articles", str(SEEDS_DIR), "--no-progress", stdout=io.StringIO())
    for n in range(40):
        language = "kk" if n % 3 == 0 else "ru"
        day = None if n % 7 == 0 else n * 2
        store(article_text(language, [n, n + 1, n * 3 + 2], marker(n), day, "Конституция" if n % 4 else "Референдум"),
              origin=f"fast:{n}")  # fmt: skip
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for members in (ids[5:9], ids[20:23]):
        Article.objects.filter(pk__in=members).update(cluster=CopyCluster.objects.create())
    search.enqueue_all()  # update() sends no signals: the documents are written here
    arrays.cache.clear()
    return ids


def requests() -> list[SearchRequest]:
    person = PersonMention.objects.order_by("person__slug").values_list("person__slug", flat=True).first()
    options = [
        {}, {"filters": {"language": ("ru",)}}, {"exclusions": {"language": ("kk",)}, "sort": "date"},
        {"filters": {"person": (person, "nobody-at-all")}}, {"exclusions": {"person": (person,)}},
        {"filters": {"language": ("kk",), "month": ("2026-01", "2026-02")}},
        {"date_from": dt.date(2026, 1, 20), "date_to": dt.date(2026, 2, 20)}, {"sort": "oldest"},
        {"collapse": True}, {"collapse": True, "sort": "date", "page": 2, "page_size": 4},
        {"page": 3, "page_size": 5}, {"page": 99}, {"expanded": "person", "facet_query": "ток"},
    ]  # fmt: skip
    return [SearchRequest(q=q, **{"page_size": 10, **option}) for q in QUERIES for option in options]


def answer(page: search.SearchPage) -> tuple:
    chart = page.coverage
    return (
        page.message, page.total, page.collapsed_total, [(h.article_id, h.copies, h.title) for h in page.hits],
        {f: [(v.value, v.label, v.count, v.selected, v.excluded) for v in values] for f, values in page.facets.items()},
        page.facets_more, page.suggestion, page.notes,
        chart and (chart.starts, chart.languages, chart.matches.tolist(), chart.totals.tolist(), chart.undated),
    )  # fmt: skip


def test_every_answer_is_the_sql_paths(archive):
    checked = 0
    for request in requests():
        fast_page, sql_page = engine._search_fast(request), engine._search_in_sql(request)
        assert answer(fast_page) == answer(sql_page), request
        exported = engine.matching_articles(request)
        assert exported == engine._matching_articles_in_sql(request), request
        assert [pk for pk, _ in exported][: len(fast_page.hits)] == [h.article_id for h in fast_page.hits] or (
            request.page > 1 or fast_page.message), request  # fmt: skip
        fast_chart, sql_chart = search.coverage_of(request), engine._coverage_in_sql(request)
        assert (fast_chart and fast_chart.matches.tolist()) == (sql_chart and sql_chart.matches.tolist()), request
        checked += bool(fast_page.total)
    assert checked > len(QUERIES)  # most requests match something: the comparison is not of empty pages


def test_ranked_pages_past_the_rescored_candidates_keep_the_sql_order(archive, monkeypatch):
    """Beyond the candidates ranked on all their terms, matches stay in their title order (as _matches)."""
    monkeypatch.setattr(fast, "RANK_CANDIDATES", 7)
    monkeypatch.setattr(engine, "RANK_CANDIDATES", 7)
    for q in ("Конституция", "Токаев OR референдум", "комиссия конституция"):
        request = SearchRequest(q=q, page_size=100)
        assert answer(engine._search_fast(request)) == answer(engine._search_in_sql(request)), q
        assert engine._search_fast(request).total > 7


def test_facet_counts_are_the_databases(archive):
    page = search.search(SearchRequest(page_size=5))
    expected = facet_reference(Article.objects.all())
    for facet, values in page.facets.items():
        assert {v.value: v.count for v in values if v.count} == dict(
            sorted(expected[facet].items(), key=lambda item: (-item[1], item[0]))[:15])  # fmt: skip


def test_the_arrays_are_read_once_per_version(archive):
    request = SearchRequest(q="Конституция")
    search.search(request)
    loads = arrays.cache.loads
    for _ in range(3):
        search.search(request)
        search.search(SearchRequest(filters={"language": ("kk",)}))
    assert arrays.cache.loads == loads


def test_warm_up_reads_the_arrays_before_the_first_search(archive):
    arrays.cache.clear()
    loads = arrays.cache.loads
    search.warm_up()
    assert arrays.cache.loads == loads + 1
    search.search(SearchRequest(q="Конституция"))
    assert arrays.cache.loads == loads + 1


def test_a_transaction_bumps_the_version_once_at_commit(archive):
    def version() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT epoch || ':' || version FROM archive_searchversion")
            return cursor.fetchone()[0]

    before = version()
    with transaction.atomic():
        for article in Article.objects.order_by("pk")[:3]:
            article.title += " правка"
            article.save()
        assert version() == before  # not before the commit: then no other process could see the rows yet
    epoch, counter = before.split(":")
    assert version() == f"{epoch}:{int(counter) + 1}"


def test_an_edit_committed_by_another_process_reaches_the_next_search(archive):
    article = Article.objects.filter(language="ru").order_by("pk").first()
    before = search.search(SearchRequest())
    ranked = SearchRequest(q=f"{marker(600)} OR Токаев OR конституция")  # its words' counts (idf) are kept
    assert answer(search.search(ranked)) == answer(engine._search_in_sql(ranked))
    kazakh = {v.value: v.count for v in before.facets["language"]}["kk"]

    def edit() -> None:
        other = Article.objects.get(pk=article.pk)
        other.title = f"Жаңа тақырып {marker(600)}"
        other.language = "kk"
        other.save()

    in_another_process(edit)
    after = search.search(SearchRequest())
    assert {v.value: v.count for v in after.facets["language"]}["kk"] == kazakh + 1
    assert [h.article_id for h in search.search(SearchRequest(q=marker(600))).hits] == [article.pk]
    assert answer(search.search(ranked)) == answer(engine._search_in_sql(ranked))  # counted again

    in_another_process(lambda: Article.objects.filter(pk=article.pk).delete())
    assert search.search(SearchRequest()).total == before.total - 1
    assert search.search(SearchRequest(q=marker(600))).total == 0


def test_this_transactions_own_edits_are_searched_and_never_kept(archive):
    article = Article.objects.order_by("pk").first()
    search.search(SearchRequest())  # the committed arrays, kept
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = f"Заголовок {marker(601)}"
        article.save()
        assert [h.article_id for h in search.search(SearchRequest(q=marker(601))).hits] == [article.pk]
        page = search.search(SearchRequest(q=marker(601), filters={"language": (article.language,)}))
        assert page.total == 1
        raise RuntimeError("roll back")
    assert search.search(SearchRequest(q=marker(601))).total == 0


def test_documents_changing_under_every_retry_are_answered_by_the_sql_path(archive, monkeypatch):
    monkeypatch.setattr(fast, "RETRIES", 0)  # as if each read of the arrays met a newer version
    request = SearchRequest(q="Конституция", filters={"language": ("ru",)})
    assert answer(search.search(request)) == answer(engine._search_in_sql(request))
    assert search.matching_article_ids(request) == [pk for pk, _ in engine._matching_articles_in_sql(request)]


def test_the_page_cache_version_follows_commits_and_never_keeps_own_changes(archive):
    before = search.index_version()
    assert search.index_version() == before
    in_another_process(lambda: Article.objects.order_by("pk").first().save())
    after = search.index_version()
    assert after != before and search.index_version() == after
    with transaction.atomic():
        Article.objects.order_by("pk").last().save()
        own = search.index_version()
        assert own != after and search.index_version() != own  # a version of its own each time: never a hit
    assert search.index_version() not in (before, after, own)


def test_title_ranks_are_ts_rank_of_every_match(archive):
    """The matching statement ranks only titles holding a lexeme of the query, and gives the others the value
    ts_rank gives them all: pinned to ts_rank itself over every match (both the 0 of OR and the 1e-20 of a phrase)."""
    seen = set()
    for q in [*QUERIES, 'person:"Марат Башимов" Токаев', 'title:"новой Конституции"']:
        request = SearchRequest(q=q)
        plan = engine._plan(request)
        if not plan.groups or not isinstance(plan.matched, str):
            continue
        with engine._limited(5) as budget:
            matched = fast.match(plan, request, budget, ranked=True)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id, ts_rank('{fast.RANK_WEIGHTS}', title_terms, %s::tsquery) "
                           "FROM archive_searchdocument WHERE terms @@ %s::tsquery",
                           [fast._everything(plan), plan.matched])  # fmt: skip
            expected = dict(cursor.fetchall())
        docnums, present = matched.arrays.locate(np.array(list(expected), dtype=np.int64))
        assert present.all()
        assert dict(zip(expected, matched.title_ranks[docnums].tolist(), strict=True)) == expected, q
        seen |= {"zero" if rank == 0 else "tiny" if rank < 1e-19 else "ranked" for rank in expected.values()}
    assert seen == {"zero", "tiny", "ranked"}


def decoded(documents: arrays.DocumentArrays) -> dict:
    """Every document's values, by article id: what a table says whatever its codes."""
    table, by_id = documents.table, {}
    for n, pk in enumerate(documents.ids.tolist()):
        values = {"date": int(table.dates[n]), "cluster": int(table.clusters[n])}
        for facet, data in table.facets.items():
            if data.indptr is None:
                values[facet] = data.vocabulary[data.codes[n]] if data.codes[n] >= 0 else ""
            else:
                values[facet] = [data.vocabulary[c] for c in data.codes[data.indptr[n] : data.indptr[n + 1]]]
        by_id[pk] = values
    return by_id


def test_kept_arrays_refreshed_with_the_changed_documents_are_the_ones_read_whole(archive):
    search.search(SearchRequest())  # kept
    refreshes = arrays.cache.refreshes
    victims = Article.objects.order_by("pk")[:3]
    first, second, third = victims[0].pk, victims[1].pk, victims[2].pk

    def edit() -> None:
        Article.objects.filter(pk=first).delete()
        article = Article.objects.get(pk=second)
        article.language, article.title = ("kk" if article.language == "ru" else "ru"), "Жаңа zqvvvv"
        article.save()
        copy = Article.objects.get(pk=third)
        copy.cluster = CopyCluster.objects.create()
        copy.save()
        store(article_text("ru", [1, 2], marker(602), 3, "Депутат Марат Башимов"), origin="fast:new")

    in_another_process(edit)
    page = search.search(SearchRequest(q=marker(602)))
    assert page.total == 1 and arrays.cache.refreshes == refreshes + 1
    with transaction.atomic():
        version = fast.Version(*_version())
        kept, _ = arrays.documents(version)
        whole = arrays.load()
    assert kept.version == whole.version == version
    assert decoded(kept) == decoded(whole)
    assert first not in decoded(kept)
    request = SearchRequest(q="Конституция", filters={"language": ("ru",)}, collapse=True)
    assert answer(search.search(request)) == answer(engine._search_in_sql(request))


def _version() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {arrays.VERSION_COLUMNS}")
        return cursor.fetchone()
