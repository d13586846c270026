"""`bench/run.py --backend postgres`: the PostgreSQL search backend beside the Whoosh one, in the same run.

After the usual run (database, Whoosh index, queries), the PostgreSQL backend's documents are built from the
same database (timed), and the same queries are timed on both backends, one after the other: the engine alone
(archive.search.search) and the whole page (/search/ with the page cache emptied before each request, as the
main run's html_warm pass). For every query with words sorted by relevance, the overlap of the two backends'
top 10 is measured (|both| / |Whoosh's|), and whether the totals agree.

Needs DATABASE_URL to PostgreSQL (the bench's own, emptied first, as run.py says).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

BACKENDS = ("whoosh", "postgres")
TOP = 10


def compare_backends(queries: list, warmups: list, summary, request, engine, log, *,
                     reuse_documents: bool = False) -> dict[str, Any]:  # fmt: skip
    """Both backends' engine and page latencies for `queries`; `summary`, `request`, `engine`: run.py's helpers.
    `reuse_documents`: keep the PostgreSQL documents already written when there is one per article."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test import Client

    from archive import search
    from archive.search_pages import CACHE_ALIAS

    if connection.vendor != "postgresql":
        raise SystemExit("--backend postgres needs DATABASE_URL=postgres://...")
    result: dict[str, Any] = {}
    from archive.models import Article, SearchDocument

    settings.SEARCH_BACKEND = "postgres"
    reused = reuse_documents and SearchDocument.objects.count() == Article.objects.count()
    log("postgres backend: " + ("reusing the search documents" if reused else "writing the search documents"))
    started = time.perf_counter()
    # DEBUG keeps every statement's text: each batch's carries its documents' terms (megabytes).
    count = SearchDocument.objects.count() if reused else search.rebuild(progress=lambda n: reset_queries())
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('archive_searchdocument'), "
                       "pg_total_relation_size('archive_searchterm')")  # fmt: skip
        documents_bytes, terms_bytes = cursor.fetchone()
    result["postgres_build"] = {
        "docs": count, "seconds": round(seconds, 1), "docs_per_s": round(count / seconds, 1),
        "table_mb": round(documents_bytes / 2**20, 1), "terms_mb": round(terms_bytes / 2**20, 1),
    } if not reused else {"docs": count, "reused": True, "table_mb": round(documents_bytes / 2**20, 1),
                          "terms_mb": round(terms_bytes / 2**20, 1)}  # fmt: skip
    client = Client()
    top: dict[str, list[list[int]]] = {}
    totals: dict[str, list[int | None]] = {}
    for backend in BACKENDS:
        settings.SEARCH_BACKEND = backend
        log(f"{backend} backend: {len(queries)} queries, engine and page")
        for q in warmups:
            engine(q)
        # A first pass reads what the queries need into memory (Whoosh's term arrays, PostgreSQL's word masks), as
        # the main run's html pass; timed too: each query's first time in this process (after the warm-up set).
        first_times = [engine(q) for q in queries]
        engine_times = [engine(q) for q in queries]
        page_times = []
        for q in queries:
            caches[CACHE_ALIAS].clear()
            page_times.append(request(client, q, "html"))
        top[backend] = [_top_ids(search, q) for q in queries]
        totals[backend] = [t.total for t in engine_times]
        result[backend] = {
            "engine_first_ms": summary([t.ms for t in first_times]),
            "engine_ms": summary([t.ms for t in engine_times]),
            "page_ms": summary([t.ms for t in page_times]),
            "messages": sum(1 for t in engine_times if t.message),
            "errors": sum(1 for t in [*engine_times, *page_times] if t.status != 200),
        }
    settings.SEARCH_BACKEND = "whoosh"
    ranked = [i for i, q in enumerate(queries) if q.q.strip() and (q.sort or "relevance") == "relevance"]
    overlaps = [len(set(top["whoosh"][i]) & set(top["postgres"][i])) / len(top["whoosh"][i])
                for i in ranked if top["whoosh"][i]]  # fmt: skip
    result["agreement"] = {
        "queries": len(queries),
        "same_total": sum(1 for a, b in zip(totals["whoosh"], totals["postgres"], strict=True) if a == b),
        "ranked_queries": len(overlaps),
        "top10_overlap_mean": round(statistics.mean(overlaps), 3) if overlaps else None,
        "top10_overlap_median": round(statistics.median(overlaps), 3) if overlaps else None,
        "top1_same": sum(1 for i in ranked if top["whoosh"][i][:1] == top["postgres"][i][:1] and top["whoosh"][i]),
        "differing_totals": [
            {"q": queries[i].q, "filters": queries[i].filters, "whoosh": totals["whoosh"][i],
             "postgres": totals["postgres"][i]}
            for i in range(len(queries)) if totals["whoosh"][i] != totals["postgres"][i]
        ][:20],
    }  # fmt: skip
    return result


def _top_ids(search, query) -> list[int]:
    import datetime as dt

    request = search.SearchRequest(
        q=query.q, filters={facet: tuple(values) for facet, values in query.filters.items()},
        date_from=dt.date.fromisoformat(query.date_from) if query.date_from else None,
        date_to=dt.date.fromisoformat(query.date_to) if query.date_to else None,
        sort=query.sort or "relevance", page_size=TOP,
    )  # fmt: skip
    return [hit.article_id for hit in search.search(request).hits]


def print_comparison(result: dict[str, Any]) -> None:
    print("\nsearch backends, same queries (ms)        p50      p95      max")
    for backend in BACKENDS:
        for kind, label in (("engine_first_ms", "engine, first time"), ("engine_ms", "engine"), ("page_ms", "page")):
            s = result[backend][kind]
            print(f"  {backend:<9}{label:<32}{s['p50']:>7.1f}  {s['p95']:>7.1f}  {s['max']:>7.1f}")
    agreement = result["agreement"]
    print(f"  same totals: {agreement['same_total']}/{agreement['queries']}; top-10 overlap on "
          f"{agreement['ranked_queries']} ranked queries: mean {agreement['top10_overlap_mean']}, median "
          f"{agreement['top10_overlap_median']}; same first hit: {agreement['top1_same']}")  # fmt: skip
    build = result["postgres_build"]
    written = "reused" if build.get("reused") else f"in {build['seconds']} s"
    print(f"  postgres documents: {build['docs']} {written}, table {build['table_mb']} MB, "
          f"terms {build['terms_mb']} MB")  # fmt: skip
