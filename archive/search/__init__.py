"""Full-text search over the archive. Code outside this package imports only from here.

The verbs below are answered by the backend the SEARCH_BACKEND setting names (backend.py): Whoosh by default,
or PostgreSQL (pg/).

    search(SearchRequest(q="референдум", filters={"language": ("kk",)})) -> SearchPage
    matching_article_ids(request) -> [article ids]           every match, for exports
    matching_articles(request) -> [(article id, copies)]     the same, with collapsed copies counted
    coverage_of(request) -> Coverage | None                   matches per week or month and language (charts)
    rebuild(progress=...), apply_pending(), check() -> IndexDrift
    related_article_ids(article_id, limit=6)                  most people and events in common
    snippet_maker(q) -> (body -> plain-text snippet)           for exports
    index_version()                                            changes with the index: part of cache keys
    deferred_sync()                                            bulk writes: apply the outbox once, at the end
    index_health()                                             for /healthz: present, readable, in step
    query_terms(q), hit_spans(text, terms)                     the query's words in one article's text

Names are resolved on first use (PEP 562), so that the Django-free modules of this package (schema,
analyzers) can be imported and tested without configuring Django.
"""

from importlib import import_module

_EXPORTS = {
    "FACETS": "schema",
    "SORTS": "query", "FacetValue": "query", "Hit": "query", "SearchPage": "query", "SearchRequest": "query",
    "SearchTimeout": "deadline", "TOO_EXPENSIVE": "query", "matching_article_ids": "query",
    "matching_articles": "query", "search": "query", "warm_up": "query", "coverage_of": "query",
    "Coverage": "coverage",
    "QueryError": "parsing",
    "IndexUnavailable": "storage", "index_version": "storage",
    "IndexDrift": "indexing", "apply_pending": "indexing", "check": "indexing", "enqueue_all": "indexing",
    "pending_count": "indexing", "rebuild": "indexing",
    "deferred_sync": "sync", "apply_after_commit": "sync",
    "related_article_ids": "related",
    "MAX_MARKS": "highlight", "hit_spans": "highlight", "query_terms": "highlight",
    "snippet_maker": "export_snippets",
    "IndexHealth": "health", "index_health": "health",
}  # fmt: skip
_EXPORTS |= {verb: "backend" for verb in ("search", "matching_article_ids", "matching_articles", "coverage_of",
             "warm_up", "related_article_ids", "query_terms", "snippet_maker", "rebuild", "apply_pending", "check",
             "enqueue_all", "pending_count", "index_version", "index_health")}  # fmt: skip
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
