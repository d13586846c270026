"""Which database connection the PostgreSQL backend's searches read from: the one the router chooses for this
request (a streaming replica for a public read, see archive/replicas.py; the primary otherwise), held for the
whole of one search so that its statements, and its statement_timeout, share one connection and one snapshot."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, router

from archive.models import SearchDocument

_pinned: contextvars.ContextVar[str | None] = contextvars.ContextVar("qujat_pg_search_alias", default=None)


def alias() -> str:
    return _pinned.get() or router.db_for_read(SearchDocument)


@contextmanager
def pinned() -> Iterator[str]:
    """The alias every cursor() inside uses (chosen once, before any transaction is opened on it)."""
    chosen = alias()
    token = _pinned.set(chosen)
    try:
        yield chosen
    finally:
        _pinned.reset(token)


def cursor():
    return connections[alias()].cursor()
