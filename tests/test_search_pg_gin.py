"""The words' GIN index under maintenance (migration 0011): a query leaving a word out never returns a document
holding it while another connection rewrites documents and the index is being cleaned.

PostgreSQL's GIN pending list let `a & b & !c` return rows holding c while the list was moved into the index's tree
(a CI run once failed on it: four Kazakh articles titled «Референдум» among the answers to «… -референдум»).
Without the list it cannot happen. Bounded in CI; QUJAT_LONG_TESTS=1 runs it ten times longer.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction

from archive import search
from archive.search import SearchRequest
from archive.search.pg import engine

from .hypothesis_profiles import LONG
from .test_search_pg_fast import archive  # noqa: F401  (the fixture: seeds, 40 articles, copies)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="needs PostgreSQL"),  # fmt: skip
]

INDEX = "archive_searchdocument_terms_gin"
SECONDS = 60.0 if LONG else 6.0
QUERIES = ["Конституция Башимов -референдум", "Токаев -Башимов", "Конституция -(референдум OR комиссия)"]
CHURN = "zz:churn"  # a lexeme no query holds: adding and removing it rewrites a row's index entries, not its matches


def matched_ids(tsquery: str, *, index: bool) -> set[int]:
    """The documents `terms @@ tsquery` holds for: through the GIN index as the engine reads (sequential scans off),
    or by reading every row (the slow, obvious path)."""
    with transaction.atomic(), connection.cursor() as cursor:  # SET LOCAL: for this statement's transaction only
        cursor.execute("SET LOCAL enable_seqscan = off" if index else "SET LOCAL enable_bitmapscan = off")
        cursor.execute("SELECT article_id FROM archive_searchdocument WHERE terms @@ %s::tsquery", [tsquery])
        return {pk for (pk,) in cursor.fetchall()}


def rewrite_and_clean(stop: threading.Event, rounds: list[int]) -> None:
    """Another connection: every document's index entries written again (a lexeme no query holds, added then
    removed), committed, then the index's pending list (if it had one) moved into its tree, until `stop`."""
    try:
        with connections["default"].cursor() as cursor:
            while not stop.is_set():
                cursor.execute(
                    "UPDATE archive_searchdocument SET terms = CASE WHEN terms @@ %s::tsquery "
                    "THEN ts_delete(terms, %s) ELSE terms || %s::tsvector END",
                    [f"'{CHURN}'", CHURN, f"'{CHURN}'"],
                )
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [INDEX])
                rounds[0] += 1
    finally:
        connections["default"].close()


def test_the_words_index_has_no_pending_list(archive):  # noqa: F811
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [INDEX])
        assert "fastupdate=off" in (cursor.fetchone()[0] or [])
        cursor.execute("UPDATE archive_searchdocument SET terms = terms || %s::tsvector", [f"'{CHURN}'"])
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [INDEX])
        assert cursor.fetchone()[0] == 0  # every row's entries went straight into the tree: no list pages to move


def test_a_word_left_out_is_never_matched_while_the_index_is_maintained(archive):  # noqa: F811
    plans = {q: engine._plan(SearchRequest(q=q)).matched for q in QUERIES}
    expected = {q: matched_ids(tsquery, index=False) for q, tsquery in plans.items()}
    assert all(expected.values()) and all(ids != set(archive) for ids in expected.values())  # a real test each
    stop, rounds, scans, wrong = threading.Event(), [0], 0, []
    writer = threading.Thread(target=rewrite_and_clean, args=(stop, rounds))
    writer.start()
    try:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline and len(wrong) < 5:
            for q, tsquery in plans.items():
                found = matched_ids(tsquery, index=True)
                scans += 1
                if found != expected[q]:
                    wrong.append((q, sorted(found ^ expected[q])))
            if scans % 60 == 0:  # now and then the whole search, as a reader of the site gets it
                page = search.search(SearchRequest(q=QUERIES[0], sort="date", page_size=50))
                if {hit.article_id for hit in page.hits} != expected[QUERIES[0]]:
                    wrong.append((QUERIES[0], "search"))
    finally:
        stop.set()
        writer.join()
    assert not wrong, f"{len(wrong)} of {scans} scans differed from the rows themselves: {wrong}"
    assert rounds[0] > 20, "the writer hardly ran: nothing was tested"
