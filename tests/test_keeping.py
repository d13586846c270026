"""Saved searches and collections (issue 11): a plain account keeps them; nobody else can see or change them."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from archive.models import Article, Collection, CollectionItem, SavedSearch

pytestmark = pytest.mark.usefixtures("imported_seeds")


@pytest.fixture
def alice(client):
    user = User.objects.create_user("alice", password="a-long-password-1")  # a researcher: not staff
    response = client.post(reverse("login"), {"username": "alice", "password": "a-long-password-1"})
    assert response.status_code == 302
    return user


@pytest.fixture
def bob_client():
    User.objects.create_user("bob", password="another-password-2")
    other = Client()
    # Through the sign-in page: Client.login() calls authenticate() without a request, which django-axes refuses.
    assert other.post(reverse("login"), {"username": "bob", "password": "another-password-2"}).status_code == 302
    return other


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    for name in ("archive:saved_searches", "archive:collections"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert reverse("login") in client.get(reverse("login")).text  # a page of its own, not the admin's


def test_a_search_is_saved_with_its_filters_and_gets_a_private_feed(client, alice):
    search_query = "q=%D0%9A%D0%BE%D0%BD%D1%81%D1%82%D0%B8%D1%82%D1%83%D1%86%D0%B8%D1%8F&language=kk&page=2&format=json"
    form = client.get(reverse("archive:saved_searches"), {"query": search_query})
    assert form.status_code == 200 and 'name="csrfmiddlewaretoken"' in form.text
    client.post(reverse("archive:saved_searches"), {"name": "Kazakh coverage", "query": search_query})
    saved = SavedSearch.objects.get(owner=alice)
    assert parse_qs(saved.query) == {"q": ["Конституция"], "language": ["kk"]}  # page and format are not kept
    page = client.get(reverse("archive:saved_searches")).text
    assert "Kazakh coverage" in page and saved.feed_token in page
    results = client.get(saved.search_url() + "&format=json").json()
    assert results["total"] == Article.objects.filter(language="kk").count()
    client.logout()
    feed = client.get(reverse("archive:saved_search_feed", args=[saved.feed_token]))  # a feed reader: no session
    assert feed.status_code == 302
    target = parse_qs(urlsplit(feed.url).query)
    assert target["format"] == ["atom"] and target["sort"] == ["date"] and target["language"] == ["kk"]
    assert client.get(reverse("archive:saved_search_feed", args=["not-a-token"])).status_code == 404


def test_an_article_is_kept_with_a_note_and_exported(client, alice):
    article = Article.objects.order_by("pk").first()
    client.post(reverse("archive:collection_add", args=[article.pk]),
                {"new_collection": "Round tables", "note": "=cited in chapter 2"})
    collection = Collection.objects.get(owner=alice, name="Round tables")
    client.post(reverse("archive:collection_add", args=[article.pk]), {"collection": collection.pk, "note": "again"})
    assert list(collection.items.values_list("article_id", "note")) == [(article.pk, "again")]  # not doubled
    exported = client.get(collection.get_absolute_url(), {"format": "csv"})
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][-1] == "note" and rows[1][0] == str(article.pk) and rows[1][-1] == "again"
    data = client.get(collection.get_absolute_url(), {"format": "json"}).json()
    assert data["articles"][0]["id"] == article.pk and data["articles"][0]["note"] == "again"
    item = collection.items.get()
    client.post(collection.get_absolute_url(), {"item": item.pk, "remove": "1"})
    assert not collection.items.exists()


def test_nobody_else_can_read_or_change_what_a_user_keeps(client, alice, bob_client):
    article = Article.objects.order_by("pk").first()
    collection = Collection.objects.create(owner=alice, name="Private")
    item = CollectionItem.objects.create(collection=collection, article=article, note="mine")
    saved = SavedSearch.objects.create(owner=alice, name="Mine", query="q=x")
    assert bob_client.get(collection.get_absolute_url()).status_code == 404
    assert bob_client.get(collection.get_absolute_url(), {"format": "csv"}).status_code == 404
    assert bob_client.post(collection.get_absolute_url(), {"item": item.pk, "note": "bob"}).status_code == 404
    assert bob_client.post(reverse("archive:collection_delete", args=[collection.pk])).status_code == 404
    assert bob_client.post(reverse("archive:saved_search_delete", args=[saved.pk])).status_code == 404
    assert "Private" not in bob_client.get(reverse("archive:collections")).text
    assert "Mine" not in bob_client.get(reverse("archive:saved_searches")).text
    other = Collection.objects.create(owner=User.objects.get(username="bob"), name="Bob's")
    bob_client.post(reverse("archive:collection_add", args=[article.pk]), {"collection": collection.pk, "note": "x"})
    assert CollectionItem.objects.get(pk=item.pk).note == "mine"  # alice's collection is not a choice for bob
    assert not other.items.exists()
    assert client.get(collection.get_absolute_url()).status_code == 200  # and alice still has it all


def test_changes_need_the_csrf_token(alice):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post(reverse("archive:collections"), {"name": "x"}).status_code == 403
    assert not Collection.objects.filter(name="x").exists()


def test_a_leaked_feed_address_is_revoked_by_a_new_one(client, alice, bob_client):
    saved = SavedSearch.objects.create(owner=alice, name="Referendum", query="q=референдум")
    old = saved.feed_token
    assert bob_client.post(reverse("archive:saved_search_new_feed", args=[saved.pk])).status_code == 404  # not his
    saved.refresh_from_db()
    assert saved.feed_token == old
    assert client.get(reverse("archive:saved_search_new_feed", args=[saved.pk])).status_code == 405  # POST only
    client.post(reverse("archive:saved_search_new_feed", args=[saved.pk]))
    saved.refresh_from_db()
    assert saved.feed_token != old and len(saved.feed_token) >= 32
    anonymous = Client()
    assert anonymous.get(reverse("archive:saved_search_feed", args=[old])).status_code == 404
    assert anonymous.get(reverse("archive:saved_search_feed", args=[saved.feed_token])).status_code == 302
    assert saved.feed_token in client.get(reverse("archive:saved_searches")).text
