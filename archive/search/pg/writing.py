"""Writing the PostgreSQL backend's documents, in the transaction of the change that needs them.

`write_documents` is what the outbox's enqueue does under SEARCH_BACKEND=postgres: it runs inside the writer's own
transaction (a signal receiver, an import batch), so the article and its search document commit together or not at
all. Hence no outbox, no «apply after commit», no index lock, no drift to repair: a reader sees both or neither.
`check()` still compares every row with a freshly made document, to prove it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from archive.models import Article, SearchDocument
from archive.sequences import chunks

from ..documents import DocumentBatches
from ..indexing import BATCH_SIZE, IndexDrift, compare_with_database
from .terms import FIELD_CODES, document_terms, title_literal, tsvector_literal

Progress = Callable[[int], None]

_UPSERT = """
INSERT INTO archive_searchdocument (article_id, terms, title_terms, language, month, source, people, organisations,
                                    events, published_on, cluster, content_hash, stamp)
SELECT r.article_id, r.terms::tsvector, r.title_terms::tsvector, r.language, r.month, r.source,
       ARRAY(SELECT jsonb_array_elements_text(r.people)), ARRAY(SELECT jsonb_array_elements_text(r.organisations)),
       ARRAY(SELECT jsonb_array_elements_text(r.events)), r.published_on, r.cluster, r.content_hash,
       nextval('archive_searchdocument_stamp_seq')
FROM jsonb_to_recordset(%s::jsonb) AS r(article_id bigint, terms text, title_terms text, language text, month text,
     source text, people jsonb, organisations jsonb, events jsonb, published_on date, cluster bigint,
     content_hash text)
ON CONFLICT (article_id) DO UPDATE SET terms = EXCLUDED.terms, title_terms = EXCLUDED.title_terms,
    language = EXCLUDED.language, month = EXCLUDED.month, source = EXCLUDED.source, people = EXCLUDED.people,
    organisations = EXCLUDED.organisations, events = EXCLUDED.events, published_on = EXCLUDED.published_on,
    cluster = EXCLUDED.cluster, content_hash = EXCLUDED.content_hash, stamp = EXCLUDED.stamp
"""
# Sorted, so that two writers adding overlapping new terms take their row locks in one order (no deadlock).
_ADD_TERMS = """
INSERT INTO archive_searchterm (field, term)
SELECT t.field, t.term FROM unnest(%s::text[], %s::text[]) AS t(field, term) ORDER BY 1, 2
ON CONFLICT DO NOTHING
"""


def _row(document: dict) -> tuple[dict, set[tuple[str, str]]]:
    terms = document_terms(document)
    facets = json.loads(document["facets"])
    row = {
        "article_id": int(document["id"]),
        "terms": tsvector_literal(terms),
        "title_terms": title_literal(terms),
        "language": facets["language"] or "",
        "month": facets["month"] or "",
        "source": facets["source"] or "",
        "people": facets["person"],
        "organisations": facets["organisation"],
        "events": facets["event"],
        "published_on": document["published_on"] or None,
        "cluster": facets.get("cluster", 0),
        "content_hash": document["content_hash"],
    }
    vocabulary = {(FIELD_CODES[field], term) for field, found in terms.items() for term in found}
    return row, vocabulary


def write_documents(article_ids: Iterable[int], *, source: DocumentBatches | None = None) -> int:
    """Make the search documents of these articles what the database says now (removing those of deleted
    articles), in the caller's transaction; returns how many articles were looked at."""
    wanted = sorted(set(article_ids))
    source = source or DocumentBatches()
    for chunk in chunks(wanted, BATCH_SIZE):
        _write(source.for_ids(chunk), chunk)
    return len(wanted)


def _write(documents: list[dict], article_ids: list[int]) -> None:
    rows, vocabulary = [], set()
    for document in documents:
        row, terms = _row(document)
        rows.append(row)
        vocabulary |= terms
    present = {row["article_id"] for row in rows}
    with transaction.atomic(), connection.cursor() as cursor:
        gone = [pk for pk in article_ids if pk not in present]
        if gone:
            cursor.execute("DELETE FROM archive_searchdocument WHERE article_id = ANY(%s)", [gone])
        if rows:
            cursor.execute(_UPSERT, [json.dumps(rows, ensure_ascii=False)])
        if vocabulary:
            fields, terms = zip(*sorted(vocabulary), strict=True)
            cursor.execute(_ADD_TERMS, [list(fields), list(terms)])


def rebuild(*, progress: Progress | None = None, lock_timeout: float = 60.0, procs: int | None = None) -> int:
    """Every document made afresh in one transaction: readers see the old ones until it commits. (`lock_timeout`
    and `procs` are the Whoosh backend's; the database's row locks order concurrent writers here.)"""
    source = DocumentBatches()
    count = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM archive_searchterm")
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for chunk in chunks(ids, BATCH_SIZE):
            documents = source.for_range(chunk[0], chunk[-1])
            _write(documents, chunk)
            count += len(documents)
            if progress:
                progress(len(chunk))
        with connection.cursor() as cursor:  # articles deleted meanwhile are gone from `ids`; their rows too
            cursor.execute("DELETE FROM archive_searchdocument WHERE NOT article_id = ANY(%s)", [ids])
    return count


def check(*, progress: Progress | None = None) -> IndexDrift:
    """Rows compared with freshly made documents, as the Whoosh backend's check compares its index."""
    started = time.perf_counter()
    stored = dict(SearchDocument.objects.values_list("article_id", "content_hash"))
    return compare_with_database(stored, IndexDrift(pending=0), started, progress=progress)


def enqueue_all() -> int:
    return write_documents(Article.objects.values_list("pk", flat=True))


def apply_pending(*, lock_timeout: float = 0.0, batch_size: int = 0, procs: int | None = None) -> int:
    """Nothing is ever pending: documents are written with their articles."""
    return 0


def pending_count() -> int:
    return 0
