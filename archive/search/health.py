"""What /healthz says about the search index: is it there, readable, of this version, and in step with the
database? Cheap enough for a container health check every few seconds (no full scan: `check()` does that)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Count, Min
from django.utils import timezone

from archive.models import Article, IndexOutbox

from .storage import IndexUnavailable, searchers

STUCK_AFTER_SECONDS = 300  # an outbox row older than this is not "being applied": no writer is running


@dataclass
class IndexHealth:
    ok: bool
    problem: str  # empty when ok
    generation: str | None = None
    documents: int | None = None  # live documents this process's searcher sees
    articles: int = 0
    pending: int = 0
    oldest_pending_seconds: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def index_health() -> IndexHealth:
    articles = Article.objects.count()
    outbox = IndexOutbox.objects.aggregate(count=Count("id"), oldest=Min("created_at"))  # one query per check
    count, oldest = outbox["count"], outbox["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else None
    health = IndexHealth(True, "", articles=articles, pending=count, oldest_pending_seconds=age)
    try:
        with searchers.use() as searcher:
            health.generation = searchers.generation
            health.documents = searcher.doc_count()
            fresh_count = searchers.files_doc_count()
    except IndexUnavailable as exc:
        return IndexHealth(False, str(exc), articles=articles, pending=count, oldest_pending_seconds=age)
    except Exception as exc:  # opening the files afresh failed: the same as a damaged index
        searchers.reset()
        return IndexHealth(False, f"the search index cannot be read ({type(exc).__name__})", health.generation,
                           health.documents, articles, count, age)
    if fresh_count != health.documents:
        health.ok, health.problem = False, "this process serves another state of the index than its files hold"
    elif age is not None and age > STUCK_AFTER_SECONDS:
        health.ok, health.problem = False, f"index updates have waited {age:.0f} s: run `manage.py sync_index`"
    elif not count and health.documents != articles:
        health.ok = False
        health.problem = f"the index holds {health.documents} documents for {articles} articles: run `rebuild_index`"
    return health
