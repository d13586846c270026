"""«Did you mean»: the query with each word the archive does not have replaced by the closest word it has.

A suggestion is offered only when it is made of words of the archive (and the query's own syntax: operators,
-word, field prefixes, quotes, parentheses), differs from the query, and was found within a small time budget.
A query with anything else in it (wildcards, ~, markup such as <script>, words too long to be words) gets none:
a suggestion must never echo text that is not in the archive.
"""

from __future__ import annotations

import re
import time

from whoosh.searching import Searcher

from .analyzers import _plain_term
from .parsing import _FIELD, _TOKEN, LANGUAGES, OPERATORS, QUERY_PREFIXES, close_terms

FIELD = "words"  # the archive's vocabulary, unstemmed (schema.py)
MAX_SUGGESTED_LETTERS = 40  # longer words are not misspellings of anything
MIN_CORRECTED_LETTERS = 3  # a one- or two-letter word is close to too many others to correct
MAX_CORRECTIONS = 8
SECONDS = 0.15  # own budget, after the engine's; each step is bounded, so the check between steps suffices
MAX_DISTANCE = 2

_PARTS = re.compile(r"([^\W_]+)")  # letters and digits; what lies between (- or ') is kept as typed
_VALUE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


class _NoSuggestion(Exception):
    pass


def did_you_mean(searcher: Searcher, text: str, *, seconds: float = SECONDS) -> str:
    """The corrected query, or "" when there is nothing (or nothing safe) to suggest."""
    text = (text or "").strip()
    if not text:
        return ""
    corrector = _Corrector(searcher, time.monotonic() + seconds)
    try:
        suggestion = "".join(corrector.token(m.lastgroup, m.group()) for m in _TOKEN.finditer(text))
    except _NoSuggestion:
        return ""
    suggestion = " ".join(suggestion.split())
    if not corrector.corrections or suggestion.casefold() == " ".join(text.split()).casefold():
        return ""
    return suggestion


class _Corrector:
    def __init__(self, searcher: Searcher, deadline: float):
        self.reader = searcher.reader()
        self.deadline = deadline
        self.corrections = 0

    def token(self, kind: str, value: str) -> str:
        if kind == "space":
            return " "
        if kind in ("open", "close"):
            return value
        if kind == "phrase":
            inner, _, slop = value[1:].rpartition('"')
            return '"' + " ".join(self.value(word) for word in inner.split()) + '"' + slop
        if kind != "word":
            raise _NoSuggestion  # an unclosed quote
        if value in OPERATORS:
            return value
        minus = "-" if value.startswith("-") and len(value) > 1 else ""
        value = value[len(minus):]
        match = _FIELD.fullmatch(value)
        if match:
            prefix = match["prefix"].lower()
            if prefix not in QUERY_PREFIXES:
                raise _NoSuggestion
            if QUERY_PREFIXES[prefix] == "language":
                if match["value"].lower() not in LANGUAGES:
                    raise _NoSuggestion
                return minus + value
            return minus + prefix + ":" + (self.value(match["value"]) if match["value"] else "")
        return minus + self.value(value)

    def value(self, value: str) -> str:
        if not _VALUE.fullmatch(value):
            raise _NoSuggestion  # wildcards, ~, markup, punctuation: not words of the archive
        return "".join(self.word(part) if i % 2 else part for i, part in enumerate(_PARTS.split(value)))

    def word(self, typed: str) -> str:
        if len(typed) > MAX_SUGGESTED_LETTERS or time.monotonic() > self.deadline:
            raise _NoSuggestion
        term = _plain_term(typed)
        if self.reader.doc_frequency(FIELD, term):
            return typed
        if len(term) < MIN_CORRECTED_LETTERS or self.corrections >= MAX_CORRECTIONS:
            raise _NoSuggestion
        found = close_terms(self.reader, FIELD, term, MAX_DISTANCE, 1)
        if not found:
            raise _NoSuggestion
        self.corrections += 1
        return _same_case(typed, found[0])


def _same_case(typed: str, word: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word
