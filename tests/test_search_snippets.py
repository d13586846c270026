"""Snippets: the words the query matched are marked, and nothing of the text can become markup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search import snippets
from archive.search.analyzers import TERM_FUNCTIONS, kazakh_analyzer, name_analyzer, russian_analyzer
from archive.search.snippets import _marked_spans, _window, make_snippet, marked_spans_plainly

from .conftest import seed_path
from .hypothesis_profiles import PROFILE

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


def _window_by_counting(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The window as first written: every span counts the spans after it that fit (quadratic)."""
    best, start = -1, spans[0][0]
    for i, (first, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= first + width)
        if count > best:
            best, start = count, max(0, first - width // 4)
    return _finish(text, start, width)


def _finish(text: str, start: int, width: int) -> tuple[int, int]:
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


@settings(settings.get_profile(PROFILE))
@given(st.lists(st.sampled_from(["референдум", "конституция", "и", "Тоқаев", "в", "закон", "—"]), max_size=400),
       st.integers(min_value=10, max_value=300))
def test_the_window_is_the_one_the_quadratic_count_found(words, width):
    text = " ".join(words)
    spans = _marked_spans(text, {"ru": {"референдум", "закон"}, "names": {"tokaev"}})
    if spans:
        assert _window(text, spans, width) == _window_by_counting(text, spans, width)


_WORDS = ["референдум", "Референдума", "конституции", "Тоқаев", "Tokayev", "Токаев", "и", "the", "Constitution",
          "Қазақстанның", "Конституциясының", "е\u0301", "сло\u00adво", "—", "«", "2026"]  # fmt: skip
_TERMS = {"ru": {"референдум", "конституц"}, "kk": {"конституция", "казакстан"}, "en": {"constitut"},
          "names": {"tokaev"}}  # fmt: skip


@settings(settings.get_profile(PROFILE))
@given(st.lists(st.sampled_from(_WORDS) | st.text(alphabet=st.characters(codec="utf-8"), max_size=12), max_size=300),
       st.sampled_from([" ", "\n", ", ", "-"]))  # fmt: skip
def test_marking_in_one_pass_answers_what_every_word_through_the_term_functions_does(words, separator):
    text = separator.join(words)
    assert _marked_spans(text, _TERMS) == marked_spans_plainly(text, _TERMS)


def test_a_long_text_is_marked_without_keeping_its_matches_and_alike():
    text = " ".join(_WORDS * 4_000)  # over _ONE_PASS_CHARS: the two-pass branch
    assert len(text) > snippets._ONE_PASS_CHARS
    spans = _marked_spans(text, _TERMS)
    assert spans == marked_spans_plainly(text, _TERMS)
    assert len(spans) == 4_000 * 8  # eight of the words are marked, each time


def test_remembered_words_of_terms_answer_what_the_term_functions_do_and_are_bounded(monkeypatch):
    vocabulary = snippets._WordsOfTerms(TERM_FUNCTIONS["ru"])
    monkeypatch.setattr(snippets._WordsOfTerms, "KEPT", 4)
    texts = [{"Референдума", "конституции"}, {"закон", "суды", "референдум"}, {"Референдума", "законы"},
             {"а", "б", "в", "г", "д", "е"}, {"референдумом", "Законом"}]  # fmt: skip
    for wanted in ({"референдум"}, {"закон", "конституц"}, {"нет"}):
        for words in texts:
            expected = {word for word in words if TERM_FUNCTIONS["ru"](word) in wanted}
            assert vocabulary.marked(words, wanted) == expected
            assert len(vocabulary._known) <= 4 or len(words) > 4
    assert vocabulary.marked({"Референдума", "суды"}, {"референдум"}) == {"Референдума"}


def _snippet_plainly(text: str, terms: dict[str, set[str]], width: int = snippets.SNIPPET_CHARS) -> str:
    """A snippet as first written: one text at a time, every word through the term functions, Django's escape."""
    from django.utils.html import escape

    text = " ".join(text.split())
    spans = marked_spans_plainly(text, terms) if terms else []
    start, end = _window(text, spans, width)
    pieces, cursor = [], start
    for first, last in spans:
        if first < cursor or last > end:
            continue
        pieces += [escape(text[cursor:first]), "<mark>", escape(text[first:last]), "</mark>"]
        cursor = last
    pieces.append(escape(text[cursor:end]))
    return ("… " if start > 0 else "") + "".join(pieces) + (" …" if end < len(text) else "")


def test_a_pages_snippets_made_together_are_each_texts_own():
    texts = [seed_path(seed).read_text(encoding="utf-8") for seed in ("003", "004")]
    texts += [" ".join(_WORDS[i:] + _WORDS[:i]) + ' <b>&"' for i in range(0, len(_WORDS), 3)]
    texts += ["", "Ни одного искомого слова.", " ".join(_WORDS * 4_000)]  # the last over _ONE_PASS_CHARS
    for terms in (_TERMS, {"names": {"tokaev"}}, {"ru": {"нет-такого"}}, {}):
        made = snippets.make_snippets(texts, terms)
        assert [str(s) for s in made] == [_snippet_plainly(text, terms) for text in texts]
        assert [str(make_snippet(text, terms)) for text in texts] == [str(s) for s in made]


@pytest.mark.parametrize("repeat", [1, 3, snippets._FOUND_BY_SEARCHING + 1])  # searched for, and read through
def test_marked_words_inside_longer_words_or_touching_marks_are_not_marked(repeat):
    piece = "закон законы законопроект беззакония закон\u0301 за\u00adкон «закон» закон_ 2закон закон2 Закон-закон"
    text = " ".join([piece] * repeat)
    terms = {"ru": {"закон"}}
    assert _marked_spans(text, terms) == marked_spans_plainly(text, terms)
    assert len(_marked_spans(text, terms)) >= 4 * repeat
