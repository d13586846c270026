"""Snippets with the query's words marked, built as safe HTML from untrusted article text.

Every piece of article text passes through `escape()`; the only markup added is <mark>. Words are matched the
way they were indexed: the analyzers' own word → term steps turn both the text and the query into terms, so
«референдума» is marked for the query референдуму, and «Тоқаев» for Tokayev.
"""

from __future__ import annotations

import html
import threading
from bisect import bisect_right
from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe
from whoosh import query as wq

from .analyzers import TERM_FUNCTIONS, WORD_RE

SNIPPET_CHARS = 240

# Which analyzer made the terms of each field (see schema.py).
_ANALYZER_OF_FIELD = {
    "title_ru": "ru", "body_ru": "ru", "organisation": "ru", "event": "ru",
    "title_kk": "kk", "body_kk": "kk", "title_en": "en", "body_en": "en",
    "names": "names", "title_names": "names", "person": "names",
}  # fmt: skip


def positive_terms(query: wq.Query | None) -> dict[str, set[str]]:
    """Analyzer name → the terms the query looks for (terms under NOT are left out: they are absent)."""
    found: dict[str, set[str]] = {}

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Phrase):
            pairs: Iterable = ((node.fieldname, word) for word in node.words)
        elif isinstance(node, wq.Term):
            pairs = [(node.fieldname, node.text)]
        else:
            for child in node.children():
                walk(child)
            return
        for fieldname, text in pairs:
            analyzer = _ANALYZER_OF_FIELD.get(fieldname)
            if analyzer:
                found.setdefault(analyzer, set()).add(text.decode() if isinstance(text, bytes) else text)

    if query is not None:
        walk(query)
    return found


class _WordsOfTerms:
    """One analyzer's term → the words of the texts seen so far that make it, remembered: a text's words are then
    marked by a few set operations (which of its words are new, which known words make the query's terms), not
    one look-up per distinct word and analyzer (half of a snippet's time). Bounded: forgotten all at once when
    full, as the term functions' own caches are."""

    KEPT = 200_000  # words

    def __init__(self, function) -> None:
        self.function = function
        self._lock = threading.Lock()  # exports cut snippets outside the searcher's lock
        self._known: set[str] = set()
        self._words_of: dict[str, set[str]] = {}

    def marked(self, words: set[str], wanted: set[str]) -> set[str]:
        """The `words` whose term is in `wanted`."""
        with self._lock:
            new = words.difference(self._known)
            if len(new) > self.KEPT:  # one enormous text: looked up without being remembered
                return {word for word in words if self.function(word) in wanted}
            if new and len(self._known) + len(new) > self.KEPT:
                self._known.clear()
                self._words_of.clear()
                new = set(words)
            words_of, function = self._words_of, self.function
            for word in new:
                term = function(word)
                holding = words_of.get(term)
                if holding is None:
                    words_of[term] = {word}
                else:
                    holding.add(word)
            self._known.update(new)
            found: set[str] = set()
            for term in wanted:
                found.update(words_of.get(term, ()))
        return found.intersection(words)


_VOCABULARIES = {analyzer: _WordsOfTerms(function) for analyzer, function in TERM_FUNCTIONS.items()}
_ONE_PASS_CHARS = 50_000  # shorter texts keep their words' matches between the two steps (longer: found again)


def _marked_spans(text: str, terms: dict[str, set[str]]) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` whose term under one of the analyzers is among that analyzer's `terms`.
    Each distinct word is looked up once, not at every occurrence, without a Python step per word: set operations,
    `map` and `compress` do the loops (a snippet's text was half of a one-article search's time)."""
    words = _Words(text)
    return words.spans(_marked_words(words.distinct, terms))


class _Words:
    """The words of one text, distinct (and for texts up to _ONE_PASS_CHARS, in order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        # findall, not finditer: a match object per word cost more than finding the words (and fed the collector).
        self.found = WORD_RE.findall(text) if len(text) <= _ONE_PASS_CHARS else None  # long: not kept in memory
        self.distinct = set(self.found if self.found is not None else WORD_RE.findall(text))

    def spans(self, marked: set[str]) -> list[tuple[int, int]]:
        """(start, end) of each word in `marked` (which may hold words of other texts too), in order."""
        here = marked.intersection(self.distinct)
        if not here:
            return []
        text = self.text
        if self.found is None or sum(map(text.count, here)) > _FOUND_BY_SEARCHING:
            return [match.span() for match in WORD_RE.finditer(text) if match.group() in here]
        # Where each marked word occurs as a whole word: a word is a longest run of word characters, so an
        # occurrence is one exactly when no word character touches it on either side.
        spans = []
        for word in here:
            start = text.find(word)
            while start >= 0:
                end = start + len(word)
                if (start == 0 or not WORD_RE.match(text, start - 1)) and not WORD_RE.match(text, end):
                    spans.append((start, end))
                start = text.find(word, start + 1)
        spans.sort()
        return spans


_FOUND_BY_SEARCHING = 16  # occurrences of the marked words (whole or inside others) looked at one by one: ~3 µs each


def _marked_words(words: set[str], terms: dict[str, set[str]]) -> set[str]:
    marked: set[str] = set()
    for analyzer, wanted in terms.items():
        marked |= _VOCABULARIES[analyzer].marked(words, wanted)
    return marked


def marked_spans_plainly(text: str, terms: dict[str, set[str]]) -> list[tuple[int, int]]:
    """What _marked_spans answers, the obvious way: every word through the term functions (tests compare)."""
    return [
        match.span()
        for match in WORD_RE.finditer(text)
        if any(TERM_FUNCTIONS[analyzer](match.group()) in wanted for analyzer, wanted in terms.items())
    ]


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The stretch of about `width` characters holding the most marked words, widened to word boundaries."""
    if not spans:
        start = 0
    else:
        ends = [e for _, e in spans]  # ascending: word spans do not overlap
        best, start = -1, spans[0][0]
        for i, (first, _) in enumerate(spans):
            count = bisect_right(ends, first + width, i) - i  # spans from the i-th ending within the width
            if count > best:
                best, start = count, max(0, first - width // 4)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def make_snippet(text: str, terms: dict[str, set[str]], *, width: int = SNIPPET_CHARS) -> SafeString:
    return make_snippets([text], terms, width=width)[0]


def make_snippets(texts: list[str], terms: dict[str, set[str]], *, width: int = SNIPPET_CHARS) -> list[SafeString]:
    """make_snippet() of each text (a results page's), the words of all of them looked up together: whether a
    word is marked depends on the word alone, and one look-up of every page's words costs a third of twenty."""
    texts = [" ".join(text.split()) for text in texts]
    if not terms:
        return [_cut(text, [], width) for text in texts]
    words = [_Words(text) for text in texts]
    marked = _marked_words(set().union(*(w.distinct for w in words)), terms)
    return [_cut(w.text, w.spans(marked), width) for w in words]


def _cut(text: str, spans: list[tuple[int, int]], width: int) -> SafeString:
    start, end = _window(text, spans, width)
    pieces, cursor = [], start
    for first, last in spans:
        if first < cursor or last > end:
            continue
        # html.escape: what Django's escape() runs, without its lazy-string wrapper (a few µs a call)
        pieces += [html.escape(text[cursor:first]), "<mark>", html.escape(text[first:last]), "</mark>"]
        cursor = last
    pieces.append(html.escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every text piece is escaped above
