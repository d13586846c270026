"""Snippets: the words the query matched are marked, and nothing of the text can become markup."""

from __future__ import annotations

import pytest

from archive.search.analyzers import kazakh_analyzer, name_analyzer, russian_analyzer
from archive.search.snippets import _marked_spans, make_snippet

from .conftest import seed_path

ANALYZERS = {"ru": russian_analyzer(), "kk": kazakh_analyzer(), "names": name_analyzer()}


@pytest.mark.parametrize(("seed", "terms"), [
    ("003", {"ru": {"референдум", "конституц"}, "names": {"tokaev", "ashimbaev"}}),
    ("004", {"kk": {"конституция", "казакстан"}, "names": {"tokaev", "vasilenk"}}),
])
def test_marking_finds_exactly_the_tokens_the_analyzers_make(seed, terms):
    text = seed_path(seed).read_text(encoding="utf-8")
    expected = sorted({
        (token.startchar, token.endchar)
        for name, wanted in terms.items()
        for token in ANALYZERS[name](text, chars=True, mode="index")
        if token.text in wanted
    })
    assert expected and _marked_spans(text, terms) == expected


def test_text_is_escaped_and_only_mark_is_added():
    snippet = str(make_snippet('Вера Ким <script>alert("x")</script> & «референдум»', {"ru": {"референдум"}}))
    assert snippet == ('Вера Ким &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «<mark>референдум</mark>»')


def test_the_window_moves_to_the_matches_in_a_long_text():
    text = "Вступление. " * 60 + "Здесь упомянут референдум и снова референдума. " + "Заключение. " * 60
    snippet = str(make_snippet(text, {"ru": {"референдум"}}, width=120))
    assert snippet.count("<mark>") == 2
    assert snippet.startswith("… ") and snippet.endswith(" …")


def test_without_terms_the_opening_is_shown():
    assert str(make_snippet("Первые слова статьи. Дальше текст.", {})) == "Первые слова статьи. Дальше текст."
