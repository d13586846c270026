"""The PostgreSQL backend's version (for page caches) and health (for /healthz)."""

from __future__ import annotations

from django.db import DatabaseError, connection

from archive.models import Article

from ..health import IndexHealth
from ..storage import IndexUnavailable


def index_version() -> str:
    """Changes with every committed write of a document: each write takes a new, larger stamp, so the sum of the
    stamps grows with every update and insert, and the count changes with every delete. Read in the reader's
    snapshot: a page is never cached under a version newer than the rows it was made from."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), coalesce(sum(stamp), 0) FROM archive_searchdocument")
            count, total = cursor.fetchone()
    except DatabaseError as exc:
        raise IndexUnavailable(f"the search documents cannot be read ({type(exc).__name__})") from exc
    return f"pg-{count}-{total}"


def index_health() -> IndexHealth:
    try:
        articles = Article.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM archive_searchdocument")
            (documents,) = cursor.fetchone()
    except DatabaseError as exc:
        return IndexHealth(False, f"the search documents cannot be read ({type(exc).__name__})")
    health = IndexHealth(True, "", generation="postgres", documents=documents, articles=articles)
    if documents != articles:  # written with their articles: a difference means they were never built
        health.ok = False
        health.problem = f"the database holds {documents} search documents for {articles} articles: run `rebuild_index`"
    return health
