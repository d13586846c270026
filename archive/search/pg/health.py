"""The PostgreSQL backend's version (for page caches) and health (for /healthz)."""

from __future__ import annotations

from django.db import DatabaseError, connection

from archive.models import Article

from ..health import IndexHealth
from ..storage import IndexUnavailable
from . import reading
from .arrays import VERSION_COLUMNS


def index_version() -> str:
    """The documents' version (arrays.py: bumped by every transaction that changes a document, as it commits), one
    primary-key read instead of a pass over every row. Read in the reader's snapshot: a page is never cached under a
    version newer than the rows it was made from. A transaction that has changed documents itself, not committed,
    gets a version of its own each time: no page of it is ever served to anyone, itself included. Read where this
    request's search reads (a replica for a public page): the primary's newer version would label a page made from
    the replica's older rows, and that page would be served after the replica had caught up."""
    try:
        with reading.cursor() as cursor:
            cursor.execute(f"SELECT {VERSION_COLUMNS}, txid_current_if_assigned(), clock_timestamp()")
            committed, own_changes, txid, now = cursor.fetchone()
    except DatabaseError as exc:
        raise IndexUnavailable(f"the search documents cannot be read ({type(exc).__name__})") from exc
    return f"pg-{committed}" if not own_changes else f"pg-{committed}-{txid}-{now.timestamp()}"


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
