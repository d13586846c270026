"""What the search answers to odd queries, on the page, in JSON and in the CSV export: plain messages that quote
what was typed, never a 500, never a silently different search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive import search
from archive.models import Language
from archive.search import parsing

pytestmark = pytest.mark.usefixtures("imported_seeds")
URL = reverse("archive:search")


def as_json(client, q, **params):
    response = client.get(URL, {"q": q, "format": "json", **params})
    assert response.status_code == 200
    return response.json()


def as_csv(client, q, **params):
    response = client.get(URL, {"q": q, "format": "csv", **params})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode()


def total(client, q, **params) -> int:
    data = as_json(client, q, **params)
    assert not data["message"], data["message"]
    return data["total"]


# --- NOT NOT: a 500 before (IndexError in Whoosh's parser) -------------------------------------------------------


@pytest.mark.parametrize("q", ["NOT NOT NOT", "NOT NOT x", "NOT -x", "Конституция NOT -Shanyraq", "--Shanyraq"])
def test_repeated_negations_answer_on_the_page_in_json_and_in_csv(client, q):
    assert client.get(URL, {"q": q}).status_code == 200
    data = as_json(client, q)
    assert "total" in data
    response, body = as_csv(client, q)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert body == f"The export could not run: {data['message']}"


def test_a_repeated_not_is_read_once_and_said_so(client):
    data = as_json(client, "NOT NOT x")
    assert data["total"] == 5 and data["notes"] == ["«NOT» repeated the NOT before it; the two were read as one NOT."]
    data = as_json(client, "Конституция NOT -Shanyraq")
    assert data["total"] == total(client, "Конституция -Shanyraq") == 4
    assert data["notes"] == ["«-» repeated the NOT before it; the two were read as one NOT."]
    response, body = as_csv(client, "NOT -x")
    assert response.status_code == 200 and len(body.strip().splitlines()) == 1 + 5


def test_not_not_not_says_what_was_ignored(client):
    data = as_json(client, "NOT NOT NOT")
    assert data["total"] == 0 and data["results"] == []
    assert data["message"].endswith("«NOT» had nothing after it, so it was ignored. There are no words left to "
                                    "search for.")  # fmt: skip
    response = client.get(URL, {"q": "NOT NOT NOT"})
    assert "There are no words left to search for." in response.text
    response, body = as_csv(client, "NOT NOT NOT")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert "There are no words left to search for." in body


# --- dangling and lowercase operators -----------------------------------------------------------------------------


@pytest.mark.parametrize(("q", "note"), [
    ("OR Конституция", "«OR» at the start had nothing to join, so it was ignored."),
    ("Конституция AND", "«AND» had nothing after it, so it was ignored."),
    ("Конституция NOT", "«NOT» had nothing after it, so it was ignored."),
    ("Конституция AND OR", "«OR» after «AND» had nothing to join, so it was ignored."),
    ("(OR Конституция)", "«OR» at the start had nothing to join, so it was ignored."),
])  # fmt: skip
def test_a_dangling_operator_is_ignored_with_a_note_and_the_words_still_searched(client, q, note):
    data = as_json(client, q)
    assert data["total"] == 5 and note in data["notes"]
    assert note in client.get(URL, {"q": q}).text.replace("&laquo;", "«").replace("&raquo;", "»")


def test_an_operator_alone_is_explained(client):
    data = as_json(client, "NOT")
    assert data["message"] == "«NOT» had nothing after it, so it was ignored. There are no words left to search for."
    assert as_json(client, "OR")["message"].startswith("«OR» at the start had nothing to join")


def test_lowercase_or_is_a_word_and_the_page_says_how_to_mean_either(client):
    data = as_json(client, "Конституция or референдум")
    assert data["total"] == 0  # «or» is not in these texts...
    assert data["notes"] == ["«or» was searched as a word; write OR in capitals to find either word."]  # ...said
    assert total(client, "Конституция OR референдум") == 5
    assert "write NOT in capitals" in as_json(client, "Конституция not Shanyraq")["notes"][0]
    assert "write AND in capitals" in as_json(client, "Конституция and референдум")["notes"][0]
    assert as_json(client, "or Конституция")["notes"] == []  # not between two words: just a word


# --- fields ------------------------------------------------------------------------------------------------------


def test_an_unknown_field_is_named_and_the_real_fields_listed(client):
    data = as_json(client, "foo:Конституция")
    assert data["total"] == 5
    assert data["notes"] == ["There is no field «foo:», so «Конституция» was searched in the whole text; the fields "
                             "are person:, org:, event:, source:, lang:, title:."]  # fmt: skip
    assert parsing.SUGGESTED_PREFIXES == "person:, org:, event:, source:, lang:, title:"


def test_an_empty_field_is_explained(client):
    data = as_json(client, "person:")
    assert data["message"].startswith("«person:» has nothing after the colon, so it was left out; write what to look "
                                      "for right after it, e.g. person:Токаев.")  # fmt: skip
    data = as_json(client, "person: Токаев")
    assert data["total"] == 2 and data["notes"][0].startswith("«person:» has nothing after the colon")
    assert as_json(client, "Person:()")["message"].startswith("«Person:» has nothing after the colon")


def test_an_unknown_language_lists_the_languages_everywhere(client):
    message = "There is no language «xx» in the archive; the languages are lang:ru, lang:kk, lang:en, lang:mixed."
    assert as_json(client, "lang:xx")["message"] == message
    assert message in client.get(URL, {"q": "lang:xx Конституция"}).text.replace("&laquo;", "«").replace(
        "&raquo;", "»")
    response, body = as_csv(client, "lang:xx")
    assert response.status_code == 400 and body == f"The export could not run: {message}"
    assert total(client, "lang:KK") == 2


def test_the_languages_in_messages_are_the_models_languages():
    assert set(parsing.LANGUAGES) == set(Language.values)


# --- wildcards and fuzzy words ------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["*ция", "ко*", "person:То*", "-к?нституция"])
def test_wildcard_messages_quote_what_was_typed(client, q):
    typed = q.lstrip("-")
    assert as_json(client, q)["message"] == (
        f"«{typed}»: a wildcard needs at least 3 letters before * or ? (e.g. конститу*)."
    )


def test_a_wildcard_cut_short_is_quoted_as_typed(monkeypatch, client):
    monkeypatch.setattr(parsing, "MAX_WILDCARD_EXPANSIONS", 1)
    data = as_json(client, "Конститу*")
    assert "«Конститу*» matches many words; only the first 1 were searched." in data["notes"]


def test_fuzzy_words_find_what_one_or_two_mistakes_away(client):
    assert total(client, "референдум") == 3
    assert total(client, "рефирендум") == 0
    assert total(client, "рефирендум~") == 3
    assert total(client, "рефирендум~2") == 3
    assert total(client, "Тукаев~") == total(client, "Токаев") == 2
    assert total(client, "Tokaiev~1") >= 2


def test_fuzzy_limits_are_said(client):
    data = as_json(client, "рефирендум~7")
    assert data["total"] == 3
    assert data["notes"] == ["«рефирендум~7»: at most 2 mistakes can be allowed, so it was searched as рефирендум~2."]
    data = as_json(client, "Ак~")
    assert data["notes"] == ["«Ак~»: ~ works on words of 3 to 30 letters, so «Ак» was searched as it is."]
    data = as_json(client, "конститу*~")
    assert "«конститу*~»: ~ cannot be combined with * or ?, so the ~ was ignored." in data["notes"]


def test_fuzzy_expansions_are_bounded(monkeypatch, client):
    monkeypatch.setattr(parsing, "MAX_FUZZY_EXPANSIONS", 1)
    data = as_json(client, "для~2")
    assert "«для» with ~ is close to many words; only the 1 closest were searched." in data["notes"]


# --- words too long to be words, and padded names --------------------------------------------------------------


def test_a_word_too_long_to_be_a_word_is_left_out_with_a_note(client):
    long_word = "ы" * 61
    data = as_json(client, f"Конституция {long_word}")
    assert data["total"] == 5
    assert data["notes"] == [f"«{'ы' * 29}…» (61 letters) is too long to be a word and was left out."]
    data = as_json(client, "ы" * 1000)
    assert data["message"].endswith("There are no words left to search for.") and data["suggestion"] == ""
    assert total(client, "ы" * 60) == 0  # 60 letters is still a word (that the archive does not have)


@pytest.mark.parametrize("padded", ["Токаевааааааааа", "Токаевввввввввв", "Tokayevvvvvvvvvv", "Токаевыыыыыыыыы",
                                    "Токаевауоиеауоие", "ТТТТТТокаев", "Токаевxxxxxxxxx"])
def test_a_name_padded_with_letters_does_not_match_through_the_name_keys(client, padded):
    # The name key merges repeated letters and drops final vowels, so these all had the key of Токаев.
    assert total(client, "Токаев") == 2
    assert as_json(client, padded)["total"] == 0
    assert as_json(client, f'"{padded}"')["total"] == 0
    message = as_json(client, f"person:{padded}")["message"]
    assert message.startswith(f"«person:{padded}»: «{padded}» does not look like a name")


def test_names_with_endings_and_double_letters_still_match(client):
    for q in ("Токаева", "Тоқаевтың", "Tokayev", "person:Тоқаев", "Kassym-Jomart", '"Токаев"', 'person:"Тоқаев"'):
        assert as_json(client, q)["total"] >= 1, q


# --- did you mean ------------------------------------------------------------------------------------------------


def test_did_you_mean_offers_only_words_of_the_archive(client):
    assert as_json(client, "рефирендум")["suggestion"] == "референдум"
    assert as_json(client, "Канституция OR рефирендум")["suggestion"] == "Конституция OR референдум"
    assert as_json(client, '"круглый стл"')["suggestion"] == '"круглый стол"'
    for q in ("<script>alert(15)</script>", "<b>рефирендум</b>", "рефирендум*", "рефирендум qqqqqqq"):
        assert as_json(client, q)["suggestion"] == "", q
    suggestion = as_json(client, "Канституция")["suggestion"]
    assert total(client, suggestion) > 0


def test_did_you_mean_skips_absurdly_long_words_and_keeps_its_budget(client, monkeypatch):
    data = as_json(client, "ф" * 45)
    assert data["suggestion"] == ""
    from archive.search import suggest

    monkeypatch.setattr(suggest, "SECONDS", 0.0)
    monkeypatch.setattr(suggest.did_you_mean, "__kwdefaults__", {"seconds": 0.0})
    assert as_json(client, "рефирендум", sort="date")["suggestion"] == ""


def test_did_you_mean_gets_only_what_the_engine_left_of_the_time_limit(client, monkeypatch):
    import time

    from archive.search import query, suggest
    from archive.search.storage import searchers

    given = []
    real = suggest.did_you_mean

    def recording(searcher, text, *, seconds):
        given.append(seconds)
        return real(searcher, text, seconds=seconds)

    monkeypatch.setattr(suggest, "did_you_mean", recording)
    assert as_json(client, "рефирендум")["suggestion"] == "референдум"
    assert 0 < given[-1] <= suggest.SECONDS
    with searchers.use() as searcher:
        assert query._did_you_mean(searcher, "рефирендум", time.monotonic() + 0.03) == "референдум"
        assert given[-1] <= 0.03  # the engine spent the rest of its limit: the suggestion gets what is left
        calls = len(given)
        assert query._did_you_mean(searcher, "рефирендум", time.monotonic() - 0.01) == ""  # nothing left
        assert len(given) == calls  # not even tried


def test_the_html_page_shows_notes_and_a_safe_suggestion(client):
    response = client.get(URL, {"q": "рефирендум"})
    assert 'Did you mean <a href="/search/?q=%D1%80%D0%B5' in response.text
    response = client.get(URL, {"q": "<script>alert(15)</script>"})
    assert "Did you mean" not in response.text


# --- a reversed date range -----------------------------------------------------------------------------------


def test_a_reversed_date_range_is_refused_not_changed(client):
    params = {"date_from": "2026-03-01", "date_to": "2026-02-01"}
    message = ("The end date (2026-02-01) is before the start date (2026-03-01), so nothing was searched; swap the "
               "dates or leave one of them empty.")  # fmt: skip
    response = client.get(URL, {"q": "Конституция", **params})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.total == 0 and page.hits == [] and page.message == message
    assert response.context["messages_shown"] == [message]
    assert (page.request.date_from.isoformat(), page.request.date_to.isoformat()) == ("2026-03-01", "2026-02-01")
    data = as_json(client, "Конституция", **params)
    assert data["message"] == message and data["total"] == 0 and data["results"] == []
    response, body = as_csv(client, "Конституция", **params)
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert body == f"The export could not run: {message}"
    assert total(client, "Конституция", date_from="2026-02-01", date_to="2026-03-01") >= 1


def test_search_refuses_a_reversed_range_without_the_form_too():
    import datetime as dt

    page = search.search(search.SearchRequest(q="", date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 2, 1)))
    assert page.total == 0 and page.message.startswith("The end date (2026-02-01) is before the start date")
    with pytest.raises(search.QueryError):
        search.matching_article_ids(
            search.SearchRequest(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 2, 1))
        )
