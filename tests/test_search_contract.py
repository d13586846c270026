"""One set of search-behaviour tests, run on each search backend, as Wagtail runs its BackendTests on each of its
backends: whatever SEARCH_BACKEND says, the same request gives the same ids, totals and facet counts, and those
are what the database says.

The PostgreSQL backend's half runs when the tests run on PostgreSQL (DATABASE_URL; CI's second pass), and is
skipped with "needs PostgreSQL" on SQLite. On PostgreSQL the last test also puts both backends side by side on
the same articles.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.db import connection

from archive import search
from archive.models import Article, CopyCluster, PersonMention
from archive.search import SearchRequest

from .conftest import SEEDS_DIR, seed_prefixes
from .facet_reference import facet_reference

BACKENDS = ("whoosh", "postgres")


def _use(settings, backend: str) -> None:
    if backend == "postgres" and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.SEARCH_BACKEND = backend


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db) -> str:
    _use(settings, request.param)
    return request.param


@pytest.fixture
def archive(backend) -> str:
    """The five seeds, imported under the backend: its documents are written as the import writes articles."""
    call_command("import_articles", str(SEEDS_DIR), "--no-progress", stdout=io.StringIO())
    return backend


def page_of(q: str = "", **options) -> search.SearchPage:
    page = search.search(SearchRequest(q=q, page_size=50, **options))
    assert not page.message, page.message
    return page


def found(q: str = "", **filters) -> set[str]:
    page = page_of(q, filters={k: tuple(v) for k, v in filters.items()})
    return seed_prefixes(hit.article_id for hit in page.hits)


def counts(page, facet: str) -> dict[str, int]:
    return {item.value: item.count for item in page.facets[facet] if item.count}





def assert_facets(page, expected: dict[str, dict[str, int]]) -> None:
    for facet, values in expected.items():
        shown = counts(page, facet)
        assert all(values.get(v, 0) == n for v, n in shown.items()), (facet, shown, values)
        if len(values) <= 15:
            assert shown == values, (facet, shown, values)


# Seed queries and the seeds they must find (exactly): morphology, names in three scripts, operators, prefixes.
SEED_QUERIES = {
    "Ашимбаев": {"003"}, "Ashimbayev": {"003"}, "Shanyraq": {"004"}, "НАТО": {"004"},
    "lang:kk": {"001", "004"}, "source:kazpravda": {"002"},
    "Shanyraq OR Ашимбаев": {"003", "004"}, "Токаев NOT Брюссель": {"003"},
}  # fmt: skip
# ... and the seeds they must find among others.
SEED_QUERIES_AT_LEAST = {
    "референдуму": {"002", "003"}, "конституцию": {"000", "002", "003"}, '"круглый стол"': {"000", "002"},
    "Токаев": {"003", "004"}, "Тоқаев": {"003", "004"}, "Tokayev": {"003", "004"}, "Toqaev": {"003", "004"},
    "токаева": {"003", "004"}, "Конституциясы": {"004"}, "Қазақстан": {"004"}, "Брюссельде": {"004"},
    "конститу*": {"000", "002", "003", "004"},
}  # fmt: skip


@pytest.mark.usefixtures("archive")
class TestSearchContract:
    @pytest.mark.parametrize("q", sorted(SEED_QUERIES))
    def test_seed_queries_find_exactly_their_seeds(self, q):
        assert found(q) == SEED_QUERIES[q]

    @pytest.mark.parametrize("q", sorted(SEED_QUERIES_AT_LEAST))
    def test_seed_queries_find_their_seeds_among_others(self, q):
        assert SEED_QUERIES_AT_LEAST[q] <= found(q)

    def test_totals_and_facet_counts_are_the_databases(self):
        page = page_of()
        assert page.total == Article.objects.count() == 5
        assert_facets(page, facet_reference(Article.objects.all()))

    def test_a_facet_counts_under_every_filter_but_its_own(self):
        page = page_of(filters={"language": ("kk",)})
        assert page.total == Article.objects.filter(language="kk").count()
        expected = facet_reference(Article.objects.filter(language="kk"))
        expected["language"] = facet_reference(Article.objects.all())["language"]
        assert_facets(page, expected)
        assert [v.value for v in page.facets["language"] if v.selected] == ["kk"]

    def test_the_query_and_the_filters_combine(self):
        page = page_of("Конституция", filters={"language": ("ru",)})
        ids = {h.article_id for h in page.hits}
        assert ids and all(Article.objects.get(pk=pk).language == "ru" for pk in ids)
        assert found("Tokayev", language=["kk"]) == {"004"}
        assert found(language=["kk"], month=["2026-02"]) == {"001"}

    def test_a_left_out_value_leaves_exactly_the_others_and_stays_counted(self):
        page = page_of(exclusions={"language": ("kk",)})
        others = set(Article.objects.exclude(language="kk").values_list("pk", flat=True))
        assert {h.article_id for h in page.hits} == others
        (kazakh,) = [v for v in page.facets["language"] if v.value == "kk"]
        assert (kazakh.excluded, kazakh.count) == (True, 2)
        person = PersonMention.objects.values_list("person__slug", flat=True).first()
        page = page_of(exclusions={"person": (person,)})
        having = set(PersonMention.objects.filter(person__slug=person).values_list("article_id", flat=True))
        assert {h.article_id for h in page.hits} == set(Article.objects.values_list("pk", flat=True)) - having

    @pytest.mark.parametrize("date_from, date_to, expected", [
        ("2026-02-10", "2026-02-28", {"001", "003"}), ("2026-03-01", None, {"004"}), (None, "2026-02-09", {"000"}),
    ])  # fmt: skip
    def test_date_ranges_leave_out_undated_articles(self, date_from, date_to, expected):
        page = page_of(date_from=dt.date.fromisoformat(date_from) if date_from else None,
                       date_to=dt.date.fromisoformat(date_to) if date_to else None)  # fmt: skip
        assert seed_prefixes(h.article_id for h in page.hits) == expected == seed_prefixes(
            Article.objects.filter(published_on__range=(date_from or "1990-01-01", date_to or "2100-01-01"))
            .values_list("pk", flat=True))  # fmt: skip

    def test_sorts(self):
        newest = [h.published_on for h in page_of(sort="date").hits]
        dated = [d for d in newest if d]
        assert dated == sorted(dated, reverse=True) and newest[: len(dated)] == dated  # undated last
        oldest = [h.published_on for h in page_of(sort="oldest").hits]
        assert [d for d in oldest if d] == sorted(dated) and oldest[0].isoformat() == "2026-02-09"
        assert page_of().hits[0].published_on == max(dated)  # no words: newest first

    def test_the_export_lists_the_pages_articles_in_the_pages_order(self):
        for q, sort in (("Конституция", "relevance"), ("", "date"), ("Токаев", "oldest")):
            page = page_of(q, sort=sort)
            assert search.matching_article_ids(SearchRequest(q=q, sort=sort)) == [h.article_id for h in page.hits]

    @pytest.mark.parametrize("q, sort, collapse", [("Конституция", "relevance", False), ("", "date", False),
                                                   ("Токаев", "oldest", False), ("", "date", True)])
    def test_the_first_matches_alone_are_the_first_of_all(self, q, sort, collapse):
        """A feed asks only for the newest (matching_articles' limit): the same as cutting the whole list."""
        if collapse:
            first, second = Article.objects.filter(language="ru").order_by("pk")[:2]
            Article.objects.filter(pk__in=[first.pk, second.pk]).update(cluster=CopyCluster.objects.create())
            search.enqueue_all()
            search.apply_pending()
        request = SearchRequest(q=q, sort=sort, collapse=collapse)
        everything = search.matching_articles(request)
        assert len(everything) >= 2
        for limit in (1, 2, 3, 100):
            assert search.matching_articles(request, limit=limit) == everything[:limit]
        with pytest.raises(ValueError):
            search.matching_articles(request, limit=0)

    def test_copies_collapse_into_one_result_with_their_count(self):
        first, second = Article.objects.filter(language="ru").order_by("pk")[:2]
        cluster = CopyCluster.objects.create()
        Article.objects.filter(pk__in=[first.pk, second.pk]).update(cluster=cluster)
        search.enqueue_all()  # update() sends no signals: as the importer, the writer says what it changed
        search.apply_pending()
        page = page_of(sort="date", collapse=True)
        assert (page.total, page.collapsed_total) == (5, 4)
        shown = {h.article_id: h.copies for h in page.hits}
        assert len(shown) == 4 and len({first.pk, second.pk} & set(shown)) == 1
        assert shown.get(first.pk, shown.get(second.pk)) == 1
        assert sorted(search.matching_articles(SearchRequest(sort="date", collapse=True))) == sorted(shown.items())

    def test_snippets_mark_the_matched_forms_and_suggestions_come_from_the_archive(self):
        page = page_of("референдуму")
        assert any("<mark>референдум" in str(h.snippet) for h in page.hits)
        missing = search.search(SearchRequest(q="рефирендума"))
        assert (missing.total, missing.suggestion) == (0, "референдума")
        assert search.snippet_maker("референдуму")("Был объявлен референдум.") == "Был объявлен референдум."
        assert "ru" in search.query_terms("референдуму")

    def test_coverage_counts_the_dated_matches(self):
        coverage = search.coverage_of(SearchRequest())
        assert coverage.dated == Article.objects.filter(published_on__isnull=False).count()
        assert coverage.undated == Article.objects.filter(published_on__isnull=True).count()

    def test_related_articles_share_a_person_or_an_event(self):
        article = Article.objects.filter(person_mentions__isnull=False).order_by("pk").first()
        people = set(PersonMention.objects.filter(article=article).values_list("person_id", flat=True))
        related = search.related_article_ids(article.pk, limit=6)
        assert article.pk not in related
        for pk in related:
            assert people & set(PersonMention.objects.filter(article_id=pk).values_list("person_id", flat=True))

    def test_an_edit_and_a_delete_are_found_at_once_and_nothing_drifts(self):
        article = Article.objects.order_by("pk").first()
        article.title = "Заголовок zqbmdp"
        article.save()
        search.apply_pending()  # the Whoosh backend applies its outbox after commit; a test transaction never commits
        assert [h.article_id for h in page_of("zqbmdp").hits] == [article.pk]
        Article.objects.filter(pk=article.pk).delete()
        search.apply_pending()
        assert page_of("zqbmdp").total == 0 and page_of().total == 4
        drift = search.check()
        assert drift.clean and drift.checked == 4
        assert search.index_health().ok


def test_postgres_refuses_to_start_on_another_database(settings):
    if connection.vendor == "postgresql":
        pytest.skip("runs on SQLite")
    from django.core.exceptions import ImproperlyConfigured

    settings.SEARCH_BACKEND = "postgres"
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        search.search(SearchRequest(q="референдум"))


def test_postgres_search_on_sqlite_stops_the_process_at_start(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SEARCH_BACKEND": "postgres", "DEBUG": "1", "DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0
    assert "ImproperlyConfigured: SEARCH_BACKEND=postgres needs a PostgreSQL database" in result.stderr


SIDE_BY_SIDE = [
    "", "референдум", "конституция", "Тоқаев", "Tokayev", '"круглый стол"', "конститу*", "lang:kk", "person:Токаев",
    "Конституция -Shanyraq", "Shanyraq OR Ашимбаев", "(референдум OR сайлау) конституция", "title:Тоқаев",
    "рефирендум~", "zzzz",
]  # fmt: skip


def test_both_backends_answer_alike_on_the_same_articles(settings, db):
    """On PostgreSQL: the seeds' documents written for the PostgreSQL backend and indexed by Whoosh; every query
    gives both the same matches, totals and facet counts (relevance order may differ, not membership)."""
    _use(settings, "postgres")
    call_command("import_articles", str(SEEDS_DIR), "--no-progress", stdout=io.StringIO())
    settings.SEARCH_BACKEND = "whoosh"
    search.rebuild()
    for q in SIDE_BY_SIDE:
        for options in ({}, {"filters": {"language": ("ru",)}}, {"exclusions": {"language": ("kk",)}, "sort": "date"}):
            answers = {}
            for backend in BACKENDS:
                settings.SEARCH_BACKEND = backend
                page = search.search(SearchRequest(q=q, page_size=50, **options))
                chart = page.coverage
                answers[backend] = (page.message, page.total, sorted(h.article_id for h in page.hits),
                                    {f: counts(page, f) for f in search.FACETS}, page.suggestion,
                                    chart and (chart.starts, chart.languages, chart.matches.tolist(),
                                               chart.totals.tolist(), chart.undated))  # fmt: skip
            whoosh, postgres = answers["whoosh"], answers["postgres"]
            differing = {f: (whoosh[3][f], postgres[3][f]) for f in search.FACETS if whoosh[3][f] != postgres[3][f]}
            unequal = [w for w, g in zip(whoosh, postgres, strict=True) if w != g]
            assert whoosh == postgres, (q, options, differing or unequal)


def test_postgres_search_without_its_documents_answers_503_not_500(settings, client, db):
    _use(settings, "postgres")
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("ALTER TABLE archive_searchdocument RENAME TO archive_searchdocument_gone")
    response = client.get("/search/", {"q": "референдум"})
    assert response.status_code == 503
    assert b"archive_searchdocument" not in response.content  # no SQL shown to the visitor
    assert not search.index_health().ok


def test_postgres_statements_are_cancelled_at_the_time_limit(settings, db):
    from archive.search.deadline import SearchTimeout
    from archive.search.pg.engine import _limited

    _use(settings, "postgres")
    started = time.perf_counter()
    with pytest.raises(SearchTimeout), _limited(0.2) as budget, connection.cursor() as cursor:
        budget.execute(cursor, "SELECT pg_sleep(5)")
    assert time.perf_counter() - started < 2
    with connection.cursor() as cursor:  # the caller's transaction goes on, without our limit
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone()[0] == "0"
