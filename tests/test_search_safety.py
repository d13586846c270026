"""Hostile input: markup in texts and queries stays inert; expensive queries answer quickly or explain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive import search
from archive.ingest import parse_text
from archive.ingest.storing.loader import upsert_article
from archive.models import Article

pytestmark = pytest.mark.usefixtures("imported_seeds")
URL = reverse("archive:search")


def test_script_in_an_article_comes_out_inert_in_snippets(client):
    # Markup can reach a body through an edit (the importer itself reduces HTML to text).
    Article.objects.create(title="Заголовок <b>жирный</b>", body="Текст <script>alert('x')</script> в Актау и Атырау.",
                           raw_text="x", language="ru", origin="hostile.txt", checksum="h" * 64)
    search.apply_pending()
    response = client.get(URL, {"q": "Актау"})
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.text
    assert "<mark>Актау</mark>" in response.text
    assert "Заголовок &lt;b&gt;жирный&lt;/b&gt;" in response.text


def test_the_importer_drops_scripts_from_html_texts():
    _, article = upsert_article(parse_text("<p>Заголовок</p><script>alert(1)</script><p>Текст о референдуме.</p>"))
    assert "alert" not in article.body and "<script>" in article.raw_text


def test_script_in_a_query_is_echoed_escaped(client):
    response = client.get(URL, {"q": '<script>alert("q")</script>'})
    assert response.status_code == 200
    assert '<script>alert("q")' not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.parametrize(("q", "message"), [
    ("к*", "at least 3 letters"),
    ("*а*", "at least 3 letters"),
    (" ".join("ы" * 500), "has 500 words"),
    ("(" * 100 + "конституция" + ")" * 100, "nests parentheses"),
    ("(" * 1000 + "конституция" + ")" * 1000, "characters long"),
    (" ".join(f"слово{i}" for i in range(500)), "characters long"),
])
def test_expensive_queries_are_refused_with_a_reason(client, q, message):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert message in response.text
    assert client.get(URL, {"q": q, "format": "json"}).json()["total"] == 0


def test_a_bounded_wildcard_runs():
    page = search.search(search.SearchRequest(q="конститу*"))
    assert page.total >= 4 and not page.message


def test_a_200_word_or_query_answers():
    q = " OR ".join(["конституция", "референдум"] * 20)
    page = search.search(search.SearchRequest(q=q))
    assert not page.message and page.total >= 4


@pytest.mark.parametrize("q", ['"круглый стол', "((конституция", "OR", "NOT", "AND OR NOT", ")(", "person:", ":::"])
def test_odd_syntax_never_errors(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200


def test_a_page_far_past_the_end_is_explained(client):
    response = client.get(URL, {"q": "", "page": str(10**9)})
    assert response.status_code == 200
    assert "past the last page (1)" in response.text


@pytest.mark.parametrize("params", [{"page": "-3"}, {"page": "abc"}, {"date_from": "31.02.2026"},
                                    {"sort": "random"}])  # a reversed date range: test_search_queries.py
def test_bad_parameters_are_reported_and_the_search_still_runs(client, params):
    response = client.get(URL, {"q": "Конституция", **params})
    assert response.status_code == 200
    assert response.context["page"].total > 0
    assert response.context["messages_shown"]


def test_nul_bytes_and_control_characters_in_queries(client):
    assert client.get(URL, {"q": "конституция\x00\x07"}).status_code == 200


def test_the_engine_is_interrupted_at_its_deadline_even_inside_whoosh(monkeypatch):
    from archive.search import query

    monkeypatch.setattr(query, "ENGINE_SECONDS", 0.000_001)  # fires before Whoosh can finish anything
    page = search.search(search.SearchRequest(q="Конституция"))
    assert page.message.startswith("This query is too expensive to answer quickly")
    assert page.hits == []
    monkeypatch.undo()
    assert search.search(search.SearchRequest(q="Конституция")).total > 0  # the timer does not linger
