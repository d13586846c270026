"""The issue's checks on the five seeds: languages, months, inflection, names across scripts, phrases."""

from __future__ import annotations

import pytest

from archive.search import SearchRequest, search

from .conftest import seed_prefixes

pytestmark = pytest.mark.usefixtures("imported_seeds")


def found(q: str = "", **filters) -> set[str]:
    page = search(SearchRequest(q=q, filters={k: tuple(v) for k, v in filters.items()}, page_size=50))
    assert not page.message, page.message
    return seed_prefixes(hit.article_id for hit in page.hits)


def facet_counts(page, facet: str) -> dict[str, int]:
    return {item.value: item.count for item in page.facets[facet]}


def test_an_empty_query_lists_everything_with_language_counts():
    page = search(SearchRequest())
    assert page.total == 5
    assert facet_counts(page, "language") == {"ru": 3, "kk": 2}


def test_the_language_prefix_and_the_language_facet_agree():
    assert found("lang:kk") == found(language=["kk"]) == {"001", "004"}


def test_choosing_a_language_keeps_the_other_languages_countable():
    page = search(SearchRequest(filters={"language": ("kk",)}))
    assert page.total == 2
    assert facet_counts(page, "language") == {"ru": 3, "kk": 2}
    assert [v.value for v in page.facets["language"] if v.selected] == ["kk"]


def test_two_values_of_one_facet_combine_with_or_and_two_facets_with_and():
    assert found(language=["kk", "ru"]) == {"000", "001", "002", "003", "004"}
    assert found(language=["kk"], month=["2026-02"]) == {"001"}


def test_month_facet():
    assert found(month=["2026-02"]) == {"000", "001", "003"}
    page = search(SearchRequest())
    assert facet_counts(page, "month") == {"2026-02": 3, "2026-03": 1}
    assert {v.value: v.label for v in page.facets["month"]}["2026-02"] == "Feb 2026"


def test_source_facet_names_the_outlet():
    page = search(SearchRequest())
    (source,) = page.facets["source"]
    assert (source.label, source.count) == ("Kazpravda.kz", 1)
    assert found(source=[source.value]) == {"002"}
    assert found("source:kazpravda") == {"002"}


@pytest.mark.parametrize("date_from, date_to, expected", [
    ("2026-02-10", "2026-02-28", {"001", "003"}),
    ("2026-03-01", None, {"004"}),
    (None, "2026-02-09", {"000"}),
])
def test_date_range(date_from, date_to, expected):
    import datetime as dt

    request = SearchRequest(
        date_from=dt.date.fromisoformat(date_from) if date_from else None,
        date_to=dt.date.fromisoformat(date_to) if date_to else None,
    )
    page = search(request)
    assert seed_prefixes(h.article_id for h in page.hits) == expected


def test_russian_inflections_find_each_other():
    assert {"002", "003"} <= found("референдуму")
    assert {"000", "002", "003"} <= found("конституцию")


def test_phrases():
    assert {"000", "002"} <= found('"круглый стол"')
    assert "003" not in found('"круглый стол"')


@pytest.mark.parametrize("spelling", ["Токаев", "Тоқаев", "Tokayev", "Tokaev", "Toqaev", "токаева"])
def test_names_match_across_scripts_and_cases(spelling):
    assert {"003", "004"} <= found(spelling)


@pytest.mark.parametrize("spelling", ["Ашимбаев", "Ashimbayev"])
def test_a_name_found_in_one_article_only(spelling):
    assert found(spelling) == {"003"}


def test_latin_and_abbreviations():
    assert found("Shanyraq") == {"004"}
    assert found("НАТО") == {"004"}


@pytest.mark.parametrize(("word", "expected"), [
    ("Конституциясы", "004"), ("Қазақстан", "004"), ("Брюссель", "004"), ("Брюссельде", "004"),
])
def test_kazakh_suffixes_are_stripped(word, expected):
    assert expected in found(word)


def test_or_and_not():
    assert found("Shanyraq OR Ашимбаев") == {"003", "004"}
    assert "004" not in found("Конституция -Shanyraq")
    assert "004" not in found("Конституция NOT Shanyraq")
    assert found("Токаев NOT Брюссель") == {"003"}


def test_a_word_in_no_text_gives_nothing_and_no_error():
    page = search(SearchRequest(q="зюзюблик"))
    assert (page.total, page.hits, page.message) == (0, [], "")


def test_did_you_mean_offers_a_word_the_index_knows():
    page = search(SearchRequest(q="рефирендума"))
    assert page.total == 0
    assert page.suggestion == "референдума"


def test_snippets_mark_the_matched_word_forms():
    page = search(SearchRequest(q="референдуму"))
    snippet = next(str(h.snippet) for h in page.hits if "референдум" in str(h.snippet).lower())
    assert "<mark>референдума</mark>" in snippet or "<mark>референдум</mark>" in snippet


def test_sorting_by_date():
    newest = search(SearchRequest(sort="date")).hits
    oldest = search(SearchRequest(sort="oldest")).hits
    assert [h.published_on for h in newest][:4] == sorted([h.published_on for h in newest if h.published_on])[::-1]
    assert oldest[0].published_on.isoformat() == "2026-02-09"


def test_ranked_results_respect_facet_filters_and_dates():
    import datetime as dt

    assert found("Tokayev", language=["kk"]) == {"004"}
    page = search(SearchRequest(q="Конституция", date_from=dt.date(2026, 3, 1)))
    assert seed_prefixes(h.article_id for h in page.hits) == {"004"} and page.total == 1
