"""People, organisation and event pages; lists with filters; the article page's links and related coverage."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from archive.models import Article, Event, Organisation, Person, PersonMention

from .conftest import seed_path

pytestmark = pytest.mark.usefixtures("imported_seeds")


def seed_article(prefix: str) -> Article:
    return Article.objects.get(origin=seed_path(prefix).name)


def test_a_person_page_shows_aliases_articles_quotes_and_timeline(client):
    ashimbayev = Person.objects.matching("Маулен Ашимбаев")
    response = client.get(ashimbayev.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["articles"]) == 1
    assert len(response.context["quotes"]) >= 3
    chart = response.context["chart"]
    assert [bar.start.strftime("%Y-%m") for bar in chart.bars if bar.count] == ["2026-02"]
    assert sum(bar.count for bar in chart.bars) == 1
    assert "Coverage over time" in response.text


def test_a_profile_lists_the_newest_articles_and_links_to_all_of_them_in_search(client, monkeypatch):
    from urllib.parse import urlencode

    from archive import selectors

    tokayev = Person.objects.matching("Tokayev")
    everything = client.get(tokayev.get_absolute_url())
    total = everything.context["article_count"]
    assert total >= 2 and len(everything.context["articles"]) == total
    assert "in search</a>" not in everything.text
    monkeypatch.setattr(selectors, "ARTICLES_SHOWN", 1)
    shortened = client.get(tokayev.get_absolute_url())
    assert len(shortened.context["articles"]) == 1 and shortened.context["article_count"] == total
    assert f"Articles ({total})" in shortened.text
    link = reverse("archive:search") + "?" + urlencode({"person": tokayev.slug})
    assert f'href="{link}">All {total} articles in search</a>' in shortened.text
    assert client.get(link).context["page"].total == total  # the link finds the same articles


def test_a_person_page_lists_who_appears_alongside(client):
    kim = Person.objects.matching("Вера Ким")
    response = client.get(kim.get_absolute_url())
    companions = {other.name for other, _ in response.context["people"]}
    assert {"Тимур Джумурбаев", "Абылайхан Әбдіраш"} <= companions


def test_organisation_and_event_pages(client):
    nato = Organisation.objects.matching("НАТО")
    assert client.get(nato.get_absolute_url()).status_code == 200
    referendum = Event.objects.get(key="referendum-2026-03-15")
    response = client.get(referendum.get_absolute_url())
    assert response.status_code == 200 and len(response.context["articles"]) >= 2


def test_lists_filter_and_count(client):
    people = client.get(reverse("archive:person_list"), {"name": "Tokayev"})
    assert people.status_code == 200
    kazakh_named = client.get(reverse("archive:person_list"), {"language": "kk"})
    names = {p.name for p in kazakh_named.context["object_list"]}
    assert "Дарина Телагисова" in names and "Вера Ким" not in names
    tokayev = client.get(reverse("archive:person_list"), {"name": "Тоқаев"}).context["object_list"]
    assert [p.article_count for p in tokayev] == [2]
    events = client.get(reverse("archive:event_list"), {"kind": "referendum"})
    assert [e.key for e in events.context["object_list"]] == ["referendum-2026-03-15"]
    assert client.get(reverse("archive:organisation_list"), {"name": "АДГС"}).context["object_list"]


def test_the_article_page_links_names_and_shows_coverage_in_the_other_language(client):
    senate = seed_article("003")
    response = client.get(senate.get_absolute_url())
    ashimbayev = Person.objects.matching("Маулен Ашимбаев")
    assert f'<a class="entity" href="{ashimbayev.get_absolute_url()}">Маулен Ашимбаев</a>' in response.text
    assert seed_article("004") in response.context["related"]
    assert response.context["related"][0].language == "kk"
    assert "Who said what" in response.text


def test_linked_names_never_unescape_the_text(client):
    art = seed_article("000")
    art.body = "Вера Ким сказала: <script>alert(1)</script>"
    art.save()
    PersonMention.objects.get_or_create(article=art, person=Person.objects.matching("Вера Ким"), surface="Вера Ким")
    response = client.get(art.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize("typed", ["Tokayev", "токаев", "ТОҚАЕВ", "Toqaev", "Тоқаевтың", "Касым-Жомарт Токаев",
                                   "Qasym-Jomart Toqaev", "Тока"])
def test_the_people_list_finds_a_name_in_any_script_and_case(client, typed):
    tokayev = Person.objects.matching("Тоқаев")
    found = client.get(reverse("archive:person_list"), {"name": typed}).context["object_list"]
    assert tokayev in list(found), typed
    assert len({p.pk for p in found}) == len(found)  # one row per person, however many spellings match


def test_a_name_that_is_not_there_finds_no_one(client):
    assert not client.get(reverse("archive:person_list"), {"name": "Назарбаев Нурсултан"}).context["object_list"]


def test_the_organisation_list_finds_a_body_by_its_other_language_name(client):
    names = {o.name for o in client.get(reverse("archive:organisation_list"),
                                        {"name": "конституциялық комиссия"}).context["object_list"]}
    assert any("омисси" in name for name in names), names


@pytest.mark.parametrize("typed", ["Tokayev", "токаев", "Тоқаев"])
def test_the_admin_search_finds_every_spelling_of_a_person(admin_client, typed):
    tokayev = Person.objects.matching("Тоқаев")
    response = admin_client.get(reverse("admin:archive_person_changelist"), {"q": typed})
    assert response.status_code == 200
    assert tokayev in list(response.context["cl"].result_list), typed


def test_a_person_as_json_agrees_with_the_database(client):
    tokayev = Person.objects.matching("Тоқаев")
    data = client.get(tokayev.get_absolute_url(), {"format": "json"}).json()
    assert (data["kind"], data["name"], data["slug"]) == ("person", tokayev.name, tokayev.slug)
    assert set(data["aliases"]) == set(tokayev.aliases.values_list("name", flat=True))
    mentioned = set(PersonMention.objects.filter(person=tokayev).exclude(status="rejected")
                    .values_list("article_id", flat=True))
    assert data["article_count"] == len(mentioned) == len(data["articles"])
    assert {a["id"] for a in data["articles"]} == mentioned
    assert all(a["url"].startswith("http://testserver/articles/") for a in data["articles"])
    assert data["search_url"] == "http://testserver/search/?" + urlencode({"person": tokayev.slug})
    assert sum(bar["count"] for bar in data["coverage"]) <= data["article_count"]  # (undated ones not drawn)


def test_organisations_and_events_as_json(client):
    for entity in (Organisation.objects.first(), Event.objects.get(key="referendum-2026-03-15")):
        response = client.get(entity.get_absolute_url(), {"format": "json"})
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert data["id"] == entity.pk and data["url"].endswith(entity.get_absolute_url())
        assert data["article_count"] == len(data["articles"]) > 0
    event = client.get(Event.objects.get(key="referendum-2026-03-15").get_absolute_url(), {"format": "json"}).json()
    assert event["starts_on"] == "2026-03-15" and event["title_ru"] and event["title_kk"]
