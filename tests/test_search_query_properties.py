"""Any text typed into the search box gets an answer: never a 500, always within the time limit.

Generated queries mix the query syntax (operators anywhere, lowercase and/or/not, -, unbalanced quotes and
parentheses, known, unknown and empty fields, lang:xx, ~, * and ?) with words of the archive and with text from
every Unicode category (astral characters, control characters, combining marks, right-to-left scripts, very long
words). In CI each test runs 200 examples; QUJAT_LONG_TESTS=1 runs thousands (hypothesis_profiles.py).
"""

from __future__ import annotations

import json
import re
import time

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.parsing import UNREADABLE, ParsedQuery, QueryError, parse_query
from archive.search.storage import searchers

from .hypothesis_profiles import PROFILE

pytestmark = pytest.mark.usefixtures("imported_seeds")
URL = reverse("archive:search")
SECONDS_PER_REQUEST = 2.0

ARCHIVE_WORDS = ["Конституция", "референдум", "Токаев", "Тоқаев", "Tokayev", "Shanyraq", "Ашимбаев", "круглый",
                 "стол", "Конституциялық", "комиссии", "Мажилис", "kk", "ru"]  # fmt: skip
SYNTAX = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "and", "or", "not", "Or", "-", "--", '"', "(", ")",
          "()", "*", "?", "~", "~2", "~9", "~/3", ":", "::", "person:", "org:", "event:", "source:", "lang:",
          "title:", "language:", "foo:", "Person:", "lang:xx", "lang:kk", "lang:KK", "lang:*", "person:(", "-(",
          '-"', "\\", "^", "+", "&&", "||", "!", "{", "}", "[", "]", "/"]  # fmt: skip
ODD = ["\x00", "\x07", "\x1b", "\u200b", "\u200f", "\u202e", "\ufeff", "\u0301", "\u0306", "\u00ad", "\U0001f600",
       "\U00020000", "\U0001d400", "مرحبا", "שלום", "ё", "Ё", "ß", "ǅ", "ﬁ", "İ",
       "\u2028", "\t", "\n", "\r\n"]  # fmt: skip

any_character = st.characters(blacklist_categories=("Cs",))  # every category but lone surrogates
fragment = st.one_of(
    st.sampled_from(SYNTAX),
    st.sampled_from(ARCHIVE_WORDS),
    st.sampled_from(ODD),
    st.text(any_character, min_size=1, max_size=12),
    st.text(st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"), min_size=1, max_size=8),
    st.builds(lambda word, n: word * n, st.sampled_from(["ы", "аб", "Токаев", "x"]), st.integers(1, 120)),
)
glue = st.sampled_from(["", " ", " ", " ", "  ", "\t"])
queries = st.lists(st.tuples(fragment, glue), min_size=1, max_size=14).map(
    lambda parts: "".join(text + space for text, space in parts)
)


def _timed_get(client, params):
    started = time.perf_counter()
    response = client.get(URL, params)
    if hasattr(response, "streaming_content"):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_REQUEST, f"{params!r} took {elapsed:.2f} s"
    return response, body


def _quoted_parts_were_typed(messages: list[str], typed: str) -> None:
    """Every «…» in a message quotes what was typed (shortened with … at most)."""
    for quoted in re.findall(r"«([^»]*)»", " ".join(messages)):
        assert quoted.rstrip("…") in typed, (quoted, typed)


@settings(settings.get_profile(PROFILE))
@given(q=queries)
def test_any_query_gets_an_answer_on_the_page_in_json_and_in_csv(client, q):
    response, _ = _timed_get(client, {"q": q})
    assert response.status_code == 200, q

    response, body = _timed_get(client, {"q": q, "format": "json"})
    assert response.status_code == 200, q
    data = json.loads(body)
    assert isinstance(data["total"], int) and data["total"] >= 0
    assert UNREADABLE not in data["message"], q  # the parser's safety net caught what _tidy let through
    if data["suggestion"]:
        assert data["suggestion"] != q.strip() and "<" not in data["suggestion"]

    response, body = _timed_get(client, {"q": q, "format": "csv"})
    assert response.status_code in (200, 400), q
    if response.status_code == 400:  # a query that cannot run: the plain reason, as on the page
        assert response["Content-Type"].startswith("text/plain")
        assert body.decode().startswith("The export could not run: ")
        assert body.decode().endswith(data["message"]) or data["message"] in body.decode()
    else:
        assert response["Content-Type"].startswith("text/csv")
        assert body.decode().count("\n") >= 1


@settings(settings.get_profile(PROFILE))
@given(q=queries)
def test_parse_query_answers_a_query_none_or_a_query_error(q):
    with searchers.use() as searcher:
        started = time.perf_counter()
        try:
            parsed = parse_query(q, searcher.reader())
        except QueryError as exc:
            message = str(exc)
            assert message and message != UNREADABLE, q
            assert message[0].isupper() or message[0] == "«", message
            _quoted_parts_were_typed([message], q.replace("\x00", " "))
        else:
            assert parsed is None or isinstance(parsed, ParsedQuery)
            if parsed is None:
                assert not q.replace("\x00", " ").strip()
            else:
                _quoted_parts_were_typed(parsed.notes, q.replace("\x00", " "))
        assert time.perf_counter() - started < SECONDS_PER_REQUEST


@settings(settings.get_profile(PROFILE))
@given(words=st.lists(st.sampled_from(ARCHIVE_WORDS + SYNTAX), min_size=1, max_size=10))
def test_syntax_around_archive_words_never_fails(words):
    """Denser in operators and fields than the test above: the parser's repairs, not the noise, are exercised."""
    q = " ".join(words)
    with searchers.use() as searcher:
        try:
            parse_query(q, searcher.reader())
        except QueryError as exc:
            assert str(exc) != UNREADABLE, q
