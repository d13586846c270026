"""Rendered search pages are reused until the index changes; facet links toggle one value and keep the rest."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import reverse

from archive import search
from archive.models import Article
from archive.search_pages import CACHE_HEADER, facet_groups

pytestmark = pytest.mark.usefixtures("imported_seeds")
URL = reverse("archive:search")


@pytest.mark.parametrize("output", ["html", "json"])
def test_a_repeated_search_is_served_from_the_cache(client, output):
    params = {"q": "Конституция", "language": "ru"} | ({"format": "json"} if output == "json" else {})
    first = client.get(URL, params)
    again = client.get(URL, params)
    assert (first[CACHE_HEADER], again[CACHE_HEADER]) == ("miss", "hit")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_the_same_parameters_in_another_order_share_one_entry(client):
    client.get(f"{URL}?q=Конституция&language=ru&language=kk")
    assert client.get(f"{URL}?language=kk&q=Конституция&language=ru")[CACHE_HEADER] == "hit"


def test_an_index_change_invalidates_cached_pages(client, django_capture_on_commit_callbacks):
    params = {"q": "Конституция"}
    assert client.get(URL, params)[CACHE_HEADER] == "miss"
    article = Article.objects.order_by("pk").first()
    article.title = "Совсем новый заголовок статьи"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    response = client.get(URL, params)
    assert response[CACHE_HEADER] == "miss"
    assert "Совсем новый заголовок статьи" in response.text


def test_an_answer_cut_by_the_deadline_is_not_cached(client, monkeypatch):
    from archive.search import query

    monkeypatch.setattr(query, "ENGINE_SECONDS", 0.000_001)
    refused = client.get(URL, {"q": "Конституция"})
    assert "too expensive" in refused.text
    monkeypatch.undo()
    answered = client.get(URL, {"q": "Конституция"})
    assert answered[CACHE_HEADER] == "miss"
    assert "too expensive" not in answered.text


def test_the_version_changes_with_every_index_commit(django_capture_on_commit_callbacks):
    before = search.index_version()
    assert search.index_version() == before
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.order_by("pk").first().save()
    assert search.index_version() != before


def test_facet_links_toggle_one_value_and_drop_the_page():
    params = QueryDict("q=закон&language=kk&page=3")
    facets = {
        "language": [search.FacetValue("kk", "Kazakh", 2, True), search.FacetValue("ru", "Russian", 3, False)],
        "person": [],
    }
    (group,) = facet_groups(params, facets)
    assert group.title == "Language"
    assert [link.href for link in group.links] == ["?q=%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD",
                                                    "?q=%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD&language=kk&language=ru"]
