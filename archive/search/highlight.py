"""The query's words in one article, for the article page reached from a result ("jump to the hit").

Words are found exactly as snippets find them (snippets.py): the analyzers' word → term steps turn the text and
the query into terms, so every inflection and script of a searched word is a hit, and words under NOT are not.
"""

from __future__ import annotations

from .deadline import SearchTimeout, hard_deadline
from .parsing import QueryError, parse_query
from .snippets import _marked_spans, positive_terms
from .storage import IndexUnavailable, searchers

MAX_MARKS = 500  # a 5 MB text may hold tens of thousands of hits: the page marks the first ones and says so
PARSE_SECONDS = 0.5  # wildcards and fuzzy words are expanded against the index; a bound like the search page's


def query_terms(q: str) -> dict[str, set[str]]:
    """Analyzer name → the terms the query looks for; empty for no query, or one that cannot be answered (the
    article is then shown plainly: the search page is the place that explains the query)."""
    if not (q or "").strip():
        return {}
    try:
        with searchers.use() as searcher, hard_deadline(PARSE_SECONDS):
            parsed = parse_query(q, searcher.reader())
    except SearchTimeout:
        searchers.reset()  # interrupted mid-read, as in query.search()
        return {}
    except (QueryError, IndexUnavailable):
        return {}
    return positive_terms(parsed.query if parsed else None)


def hit_spans(text: str, terms: dict[str, set[str]]) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` that is one of `terms`, in order: one pass over the text."""
    return _marked_spans(text, terms) if terms else []
