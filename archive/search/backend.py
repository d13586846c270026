"""Which engine answers: the public verbs of archive.search, each handed to the backend SEARCH_BACKEND names.

    whoosh    (default) an index directory on this machine, kept in step by the outbox (query.py, indexing.py, ...)
    postgres  rows of the database the articles live in (archive/search/pg/): stateless web hosts

Both take the same requests and give the same answers (tests/test_search_contract.py runs one set of tests on
each, as Wagtail runs its BackendTests on each of its backends); the query parser, analyzers, snippets and facet
labels are shared. The setting is read at each call, so a test can switch it with override_settings.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

BACKENDS = ("whoosh", "postgres")
# verb → (Whoosh module, PostgreSQL module), relative to archive.search
VERBS = {
    "search": ("query", "pg.engine"),
    "matching_article_ids": ("query", "pg.engine"),
    "matching_articles": ("query", "pg.engine"),
    "coverage_of": ("query", "pg.engine"),
    "warm_up": ("query", "pg.engine"),
    "related_article_ids": ("related", "pg.engine"),
    "query_terms": ("highlight", "pg.engine"),
    "snippet_maker": ("export_snippets", "pg.engine"),
    "rebuild": ("indexing", "pg.writing"),
    "apply_pending": ("indexing", "pg.writing"),
    "check": ("indexing", "pg.writing"),
    "enqueue_all": ("indexing", "pg.writing"),
    "pending_count": ("indexing", "pg.writing"),
    "index_version": ("storage", "pg.health"),
    "index_health": ("health", "pg.health"),
}


def backend_name() -> str:
    name = getattr(settings, "SEARCH_BACKEND", "whoosh")
    if name not in BACKENDS:
        raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}.")
    if name == "postgres" and connection.vendor != "postgresql":
        raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs a PostgreSQL database (DATABASE_URL).")
    return name


def uses_postgres() -> bool:
    return backend_name() == "postgres"


def implementation(verb: str):
    whoosh, postgres = VERBS[verb]
    module = postgres if uses_postgres() else whoosh
    return getattr(import_module(f"archive.search.{module}"), verb)


def _dispatcher(verb: str):
    def dispatch(*args, **kwargs):
        return implementation(verb)(*args, **kwargs)

    dispatch.__name__ = dispatch.__qualname__ = verb
    dispatch.__doc__ = f"archive.search.{verb} of the backend SEARCH_BACKEND names (backend.py)."
    return dispatch


for _verb in VERBS:
    globals()[_verb] = _dispatcher(_verb)
