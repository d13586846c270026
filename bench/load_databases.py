"""The load test on PostgreSQL (bench/load.py --database-url, --replica-urls): which database served the reads.

Each server's own counters (`pg_stat_database` of the archive's database: transactions, rows returned and fetched)
are read before and after the run; on a streaming replica they count only the queries that replica answered, so
the difference shows where the search and page reads went. Counters are read after gunicorn has stopped: a
backend flushes its statistics at exit at the latest.
"""

from __future__ import annotations

import random
from typing import Any
from urllib.parse import urlsplit

COUNTERS = ("xact_commit", "tup_returned", "tup_fetched")


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql")


def label(url: str) -> str:
    """host:port/database, without the password."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}{parts.path}"


def article_ids(url: str, seed: int, sample: int) -> tuple[int, list[int]]:
    """How many articles the database holds, and a seeded sample of their ids (read only)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM archive_article ORDER BY id")]
    return len(ids), sorted(random.Random(seed).sample(ids, min(sample, len(ids))))


def counters(urls: list[str]) -> dict[str, dict[str, int] | None]:
    """Each database's counters now (None when it does not answer)."""
    import psycopg

    found: dict[str, dict[str, int] | None] = {}
    for url in urls:
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=5) as db:
                row = db.execute(f"SELECT {', '.join(COUNTERS)} FROM pg_stat_database "
                                 "WHERE datname = current_database()").fetchone()  # fmt: skip
            found[label(url)] = dict(zip(COUNTERS, map(int, row), strict=True))
        except psycopg.Error:
            found[label(url)] = None
    return found


def reads_report(before: dict[str, Any], after: dict[str, Any], primary: str) -> dict[str, Any]:
    """Per database: its role, and how many transactions and rows it served during the run."""
    report = {}
    for name, start in before.items():
        end = after.get(name)
        role = "primary" if name == label(primary) else "replica"
        if start is None or end is None:
            report[name] = {"role": role, "answered": False}
            continue
        report[name] = {"role": role, "answered": True, "transactions": end["xact_commit"] - start["xact_commit"],
                        "rows_read": (end["tup_returned"] - start["tup_returned"])
                        + (end["tup_fetched"] - start["tup_fetched"])}  # fmt: skip
    return report
