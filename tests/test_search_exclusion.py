"""Leaving a facet value out (issue 11): `not_<facet>=value` in the URL, a «–» beside each value, chips that remove.

Counts are compared with the database: a researcher's number must be exact whatever is chosen and left out.
"""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.models import Article, ExtractionStatus, PersonMention

from .hypothesis_profiles import PROFILE

pytestmark = pytest.mark.usefixtures("imported_seeds")
URL = reverse("archive:search")


def search_json(client, **params) -> dict:
    return client.get(URL, {**params, "format": "json"}).json()


def articles_with(facet: str, value: str):
    if facet == "language":
        return Article.objects.filter(language=value)
    if facet == "source":
        return Article.objects.filter(source__slug=value)
    if facet == "person":
        live = ~Q(status=ExtractionStatus.REJECTED)
        ids = PersonMention.objects.filter(live, person__slug=value).values("article_id")
        return Article.objects.filter(pk__in=ids)
    raise AssertionError(facet)


@pytest.mark.parametrize("facet", ["language", "source", "person"])
def test_leaving_each_value_out_leaves_exactly_the_other_articles(client, facet):
    values = [item["value"] for item in search_json(client)["facets"][facet]]
    assert values, facet
    for value in values:
        data = search_json(client, **{f"not_{facet}": value})
        expected = Article.objects.exclude(pk__in=articles_with(facet, value).values("pk"))
        assert data["total"] == expected.count(), (facet, value)
        assert {item["id"] for item in data["results"]} <= set(expected.values_list("pk", flat=True))
        shown = next(item for item in data["facets"][facet] if item["value"] == value)
        assert shown["excluded"] and not shown["selected"]
        assert shown["count"] == articles_with(facet, value).count()  # what leaving it out removes


@settings(settings.get_profile(PROFILE), max_examples=min(settings.get_profile(PROFILE).max_examples, 25))
@given(data=st.data())
def test_any_mix_of_chosen_and_left_out_values_counts_as_the_database(client, data):
    languages = sorted(Article.objects.values_list("language", flat=True).distinct())
    chosen = data.draw(st.lists(st.sampled_from(languages), unique=True, max_size=2))
    left_out = data.draw(st.lists(st.sampled_from(languages), unique=True, max_size=2))
    sources = sorted(s for s in Article.objects.values_list("source__slug", flat=True).distinct() if s)
    not_source = data.draw(st.lists(st.sampled_from(sources), unique=True, max_size=1)) if sources else []
    params = {"language": chosen, "not_language": left_out, "not_source": not_source}
    expected = Article.objects.all()
    if chosen:
        expected = expected.filter(language__in=chosen)
    expected = expected.exclude(language__in=left_out).exclude(source__slug__in=not_source)
    response = client.get(URL, {**params, "format": "json"})
    assert response.json()["total"] == expected.count(), params


def test_the_page_offers_a_minus_and_a_chip_that_removes_the_filter(client):
    page = client.get(URL, {"q": "Конституция"})
    assert 'class="exclude" href="/search/?q=' in page.text and "not_language=kk" in page.text
    left_out = client.get(URL, {"q": "Конституция", "not_language": "kk"})
    assert left_out.context["page"].total == 3
    chip = next(c for c in left_out.context["chips"] if c.facet == "language")
    assert chip.excluded and chip.remove_href == "?q=%D0%9A%D0%BE%D0%BD%D1%81%D1%82%D0%B8%D1%82%D1%83%D1%86%D0%B8%D1%8F"
    assert 'class="chips"' in left_out.text
    assert client.get(URL + chip.remove_href + "&format=json").json()["total"] == 5  # (the page itself is cached)


def test_choosing_a_left_out_value_swaps_it_rather_than_asking_for_both(client):
    left_out = client.get(URL, {"not_language": "kk"})
    kazakh = next(g for g in left_out.context["facet_groups"] if g.facet == "language")
    link = next(link for link in kazakh.links if link.value.value == "kk")
    assert "not_language" not in link.href and "language=kk" in link.href  # choose it: no longer left out
    assert client.get(URL + link.href + "&format=json").json()["total"] == Article.objects.filter(language="kk").count()


def test_a_left_out_value_is_kept_by_the_date_form_and_escaped(client):
    page = client.get(URL, {"not_source": '"><script>alert(1)</script>'})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert 'name="not_source" value="&quot;&gt;&lt;script&gt;' in page.text


def test_show_all_lists_every_value_and_its_box_finds_a_name_in_any_script(client):
    from archive.models import Person
    from archive.search.query import FACET_VALUES_SHOWN

    everyone = search_json(client)["facets"]["person"]
    page = client.get(URL)
    people = next(g for g in page.context["facet_groups"] if g.facet == "person")
    named = Person.objects.filter(mentions__isnull=False).distinct().count()
    assert len(people.links) == min(named, FACET_VALUES_SHOWN) == len(everyone)
    assert bool(people.toggle_href) == (named > FACET_VALUES_SHOWN)
    whole = client.get(URL, {"more": "person"})
    listed = next(g for g in whole.context["facet_groups"] if g.facet == "person")
    assert listed.expanded and len(listed.links) == named  # every person named in a matching article
    assert 'name="more_q"' in whole.text and 'name="more" value="person"' in whole.text
    tokayev = Person.objects.matching("Тоқаев")
    for typed in ("Tokayev", "тоқаев", "Токаев", "Касым"):
        found = client.get(URL, {"more": "person", "more_q": typed})
        group = next(g for g in found.context["facet_groups"] if g.facet == "person")
        assert tokayev.slug in [link.value.value for link in group.links], typed
        assert all(link.value.count > 0 for link in group.links)
    nobody = client.get(URL, {"more": "person", "more_q": "Zzyzx"})
    assert not next(g for g in nobody.context["facet_groups"] if g.facet == "person").links
    assert client.get(URL, {"more": "nonsense"}).status_code == 200


def test_a_facet_cut_at_its_ceiling_says_so_and_its_box_finds_the_rest(client, monkeypatch):
    from archive.models import Person
    from archive.search import query

    named = Person.objects.filter(mentions__isnull=False).distinct().count()
    assert named > 3
    monkeypatch.setattr(query, "FACET_VALUES_EXPANDED", 3)  # the ceiling (500 in production), lowered to the seeds
    whole = client.get(URL, {"more": "person", "q": "Конституция OR Конституциясы OR конституция"})
    listed = next(g for g in whole.context["facet_groups"] if g.facet == "person")
    assert len(listed.links) == 3 and listed.truncated
    assert "The 3 most frequent are listed" in whole.text
    narrowed = client.get(URL, {"more": "person", "more_q": "Тоқаев"})
    group = next(g for g in narrowed.context["facet_groups"] if g.facet == "person")
    assert group.links and not group.truncated
