#!/usr/bin/env python
"""Qujat's benchmark: synthetic corpus → database → Whoosh index → queries through Django → report.

    python bench/run.py --articles 10000                 # writes bench/out/n10000-s1/report.json
    python bench/run.py --articles 10000 --procs 1 2     # index with 1, then 2 processes; queries use the last
    python bench/run.py --articles 10000 --keep          # keep bench/out/n10000-s1/data for quick reruns
    python bench/run.py --articles 10000 --skip-build    # queries only, on the kept database and index
    python bench/run.py --articles 1000 --dump corpus.jsonl   # the same archive for other engines
    python bench/run.py --corpus corpus.jsonl            # load a dump instead of generating
    DATABASE_URL=postgres://... python bench/run.py --backend postgres   # and the PostgreSQL search backend beside

Everything lives in a private DATA_DIR (bench/out/<name>/data unless --data-dir): the developer's database and
index are never touched. SQLite there by default; a PostgreSQL DATABASE_URL set by the caller is used instead
(and emptied first: only a database holding nothing but bench articles is ever emptied).
See bench/README.md for what is measured and the report's keys.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
# Run as a script, Python puts bench/ itself first on the path; the repository root is what imports need.
sys.path[:] = [str(REPO), *(p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR)]

from bench.corpus import Corpus, article_record, generate_corpus, load_jsonl  # noqa: E402
from bench.import_stage import import_stage  # noqa: E402
from bench.queries import (  # noqa: E402
    QUERY_SET_VERSION,
    BenchQuery,
    Vocabulary,
    add_article,
    build_queries,
    frequent_phrases,
    pathological_queries,
    warmup_queries,
)

STATE_FILE = "bench-state.json"
QUERIES_FILE = "queries.json"
ARTICLE_BATCH = 2000
SEARCH_URL = "/search/"
MESSAGE_MARK = 'role="alert"'  # how the HTML page shows a message instead of (or besides) results


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Arguments and environment
# ---------------------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus and query seed (default 1)")
    parser.add_argument("--queries", type=int, default=200, help="queries to time (default 200)")
    parser.add_argument("--procs", type=int, nargs="+", default=[1], help="indexing processes; several values "
                        "index several times, in order (queries run on the last index)")  # fmt: skip
    parser.add_argument("--name", help="report name (default n<articles>-s<seed>)")
    parser.add_argument("--out", type=Path, help="report folder (default bench/out/<name>)")
    parser.add_argument("--data-dir", type=Path, help="DATA_DIR for the database and index (default <out>/data)")
    parser.add_argument("--corpus", type=Path, help="load this JSONL corpus instead of generating one")
    parser.add_argument("--dump", type=Path, help="write the corpus as JSONL (one article a line)")
    parser.add_argument("--keep", action="store_true", help="keep the data dir afterwards (for --skip-build)")
    parser.add_argument("--via-import", action="store_true", help="fill the database with the real importer "
                        "(texts written as seed-format files; parse, extract, database and index timed) instead of "
                        "bulk inserts")
    parser.add_argument("--skip-build", action="store_true", help="reuse the kept database and index as they are")
    parser.add_argument("--no-copies", action="store_true", help="skip finding syndicated copies (at 100k "
                        "articles the generated corpus takes hours: it is one pool of sentences remixed)")
    parser.add_argument("--compare", choices=["tantivy"], help="also index the corpus in tantivy and time the "
                        "engine against it, query by query, interleaved (bench/tantivy_compare.py)")
    parser.add_argument("--compare-rounds", type=int, default=3, help="timed rounds per query and engine in "
                        "--compare (the fastest counts; default 3)")
    parser.add_argument("--profile", action="store_true", help="cProfile the index and query stages into <out>/ "
                        "(slows everything: the timings are not comparable)")  # fmt: skip
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh", help="postgres: also time "
                        "the PostgreSQL search backend on the same queries (bench/backends.py; needs DATABASE_URL)")
    parser.add_argument("--reuse-pg-documents", action="store_true", help="with --backend postgres: keep the "
                        "PostgreSQL backend's documents when there is one per article (a --skip-build rerun), instead "
                        "of writing them again (report.backends.postgres_build says reused)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.corpus and not args.name:
        args.name = f"{args.corpus.stem}-s{args.seed}"
    args.name = args.name or f"n{args.articles}-s{args.seed}"
    args.out = (args.out or BENCH_DIR / "out" / args.name).resolve()
    args.own_data_dir = args.data_dir is None  # only a data dir the bench chose itself is ever deleted
    args.data_dir = (args.data_dir or args.out / "data").resolve()
    if min(args.procs) < 1 or args.articles < 1 or args.queries < 1:
        parser.error("--procs, --articles and --queries must be positive")
    return args


def configure_django(data_dir: Path) -> None:
    """Settings for a private, local archive: must run before anything imports Django models."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "1"
    os.environ["DATA_DIR"] = str(data_dir)  # overrides any inherited value: never the developer's archive
    os.environ["SEARCH_INDEX_DIR"] = str(data_dir / "index")
    os.environ["RATE_LIMITS_ENABLED"] = "0"  # one client sends every query: the per-client limit would answer 429
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    os.environ["ALLOWED_HOSTS"] = ",".join(dict.fromkeys(["testserver", "localhost", *hosts]))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------------------------


class TimedIterator:
    """Wraps an iterator and adds up the time spent producing its items (so it can be told apart)."""

    def __init__(self, items: Iterator) -> None:
        self.items = items
        self.seconds = 0.0

    def __iter__(self) -> TimedIterator:
        return self

    def __next__(self):
        started = time.perf_counter()
        try:
            return next(self.items)
        finally:
            self.seconds += time.perf_counter() - started


def summary(values: list[float]) -> dict[str, float]:
    """p50 / p95 / max (and mean, n) of timings in ms; percentiles interpolated between ranks."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "max": 0.0, "mean": 0.0}
    ordered = sorted(values)

    def percentile(p: float) -> float:
        rank = (len(ordered) - 1) * p
        low = int(rank)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)

    return {"n": len(ordered), "p50": round(percentile(0.5), 2), "p95": round(percentile(0.95), 2),
            "max": round(ordered[-1], 2), "mean": round(statistics.fmean(ordered), 2)}  # fmt: skip


def memory() -> dict[str, float]:
    """Peak resident memory so far of this process and of its finished children (e.g. index workers), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    current = 0.0
    with contextlib.suppress(OSError, ValueError, IndexError):
        current = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return {"rss_mb": round(current, 1), "peak_rss_mb": round(own, 1), "children_peak_rss_mb": round(children, 1)}


def disk_mb(path: Path) -> float:
    if not path.exists():
        return 0.0
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


@contextlib.contextmanager
def profiled(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(path)
        log(f"profile written to {path}")


def machine() -> dict[str, Any]:
    import sqlite3

    import django
    import numpy
    import whoosh

    cpuinfo, meminfo = _read_lines("/proc/cpuinfo"), _read_lines("/proc/meminfo")
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    mem = next((int(line.split()[1]) // 1024 for line in meminfo if line.startswith("MemTotal")), 0)
    return {
        "cpu_count": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory_mb": mem,
        "python": platform.python_version(),
        "platform": " ".join(os.uname()[0:1] + os.uname()[2:3] + os.uname()[4:5]),  # not platform.platform():
        # it forks `uname -p`, and a forked child's peak RSS would pollute the children's figure below
        "django": django.get_version(),
        "whoosh": whoosh.versionstring(),
        "numpy": numpy.__version__,
        "sqlite": sqlite3.sqlite_version,
        "git": _git_revision(),
        "load_average": [round(x, 2) for x in os.getloadavg()],  # at the start: a shared machine is noisy
    }


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _git_revision() -> str:
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True,
                              timeout=10).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""


# ---------------------------------------------------------------------------------------------------------------
# Stage 1: the corpus (and what queries are made of)
# ---------------------------------------------------------------------------------------------------------------


def make_corpus(args: argparse.Namespace) -> Corpus:
    return load_jsonl(args.corpus) if args.corpus else generate_corpus(args.articles, args.seed)


def generate_stage(corpus: Corpus, dump: Path | None) -> tuple[Vocabulary, dict[str, float]]:
    """One pass over every article: time making them, collect the query vocabulary, write the dump if asked."""
    vocabulary = Vocabulary()
    articles = TimedIterator(corpus.articles())
    started = time.perf_counter()
    with dump.open("w", encoding="utf-8") if dump else contextlib.nullcontext() as out:
        for article in articles:
            add_article(vocabulary, article)
            if out:
                out.write(json.dumps(article_record(corpus, article), ensure_ascii=False) + "\n")
    vocabulary.names = {p.slug: p for p in corpus.people}
    total = time.perf_counter() - started
    return vocabulary, {"generate_s": round(articles.seconds, 2), "vocabulary_s": round(total - articles.seconds, 2)}


# ---------------------------------------------------------------------------------------------------------------
# Stage 2: the database
# ---------------------------------------------------------------------------------------------------------------


def read_state(data_dir: Path) -> dict:
    try:
        return json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_state(data_dir: Path, state: dict) -> None:
    (data_dir / STATE_FILE).write_text(json.dumps(state, indent=2), encoding="utf-8")


def clear_data_dir(data_dir: Path) -> None:
    """Remove a previous bench's SQLite file and index; refuse if the folder is not a bench's own."""
    ours = (data_dir / STATE_FILE).exists()
    sqlite = data_dir / "qujat.sqlite3"
    if not ours and (sqlite.exists() or (data_dir / "index").exists()):
        raise SystemExit(f"{data_dir} holds a database or index the bench did not make; choose another --data-dir")
    for name in ("qujat.sqlite3", "qujat.sqlite3-wal", "qujat.sqlite3-shm", STATE_FILE, QUERIES_FILE):
        (data_dir / name).unlink(missing_ok=True)
    shutil.rmtree(data_dir / "index", ignore_errors=True)


def prepare_database(*, empty: bool) -> str:
    """Migrate; with `empty`, empty a server database first (only one holding nothing but bench articles)."""
    from django.core.management import call_command
    from django.db import connection

    from archive.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    if empty and connection.vendor != "sqlite":
        if Article.objects.exclude(origin__startswith="bench:").exists():
            raise SystemExit("DATABASE_URL points at a database with real articles; the bench will not empty it")
        call_command("flush", verbosity=0, interactive=False)
    return connection.vendor


def load_database(corpus: Corpus) -> dict[str, Any]:
    """Every row in bulk, inside deferred_sync (bulk_create sends no signals; the index is rebuilt next)."""
    from django.db import reset_queries, transaction

    from archive import search

    articles = TimedIterator(corpus.articles())
    started = time.perf_counter()
    counts: dict[str, int] = {}
    with transaction.atomic(), search.deferred_sync():
        ids = _load_entities(corpus, counts)
        batch: list = []
        seen_checksums: set[str] = set()
        for article in articles:
            batch.append(article)
            if len(batch) == ARTICLE_BATCH:
                _load_articles(batch, ids, seen_checksums, counts)
                reset_queries()  # DEBUG=1 keeps the SQL of every query, bodies included
                batch = []
        _load_articles(batch, ids, seen_checksums, counts)
    _reset_sequences()
    seconds = time.perf_counter() - started - articles.seconds  # the database's share, not the generator's
    return {"database_s": round(seconds, 2), "rows": counts}


def _load_entities(corpus: Corpus, counts: dict[str, int]) -> dict[str, dict[str, int]]:
    """Sources, people (+ aliases), organisations (+ aliases), events; returns slug → id per kind."""
    from archive import models as m

    ids = {kind: {item.slug: n for n, item in enumerate(items, 1)} for kind, items in (
        ("source", corpus.sources), ("person", corpus.people), ("organisation", corpus.organisations),
        ("event", corpus.events))}  # fmt: skip
    rows = {
        m.Source: [m.Source(id=ids["source"][s.slug], name=s.name, slug=s.slug, domain=s.domain,
                            default_language=s.language) for s in corpus.sources],
        m.Person: [m.Person(id=ids["person"][p.slug], name=p.name, slug=p.slug, role=p.role_ru)
                   for p in corpus.people],
        m.PersonAlias: [m.PersonAlias(person_id=ids["person"][p.slug], name=alias, key=_alias_key(alias))
                        for p in corpus.people for alias in p.aliases],
        m.Organisation: [m.Organisation(id=ids["organisation"][o.slug], name=o.name, slug=o.slug,
                                        abbreviation=o.abbreviation) for o in corpus.organisations],
        m.OrganisationAlias: [m.OrganisationAlias(organisation_id=ids["organisation"][o.slug], name=alias,
                                                  key=_alias_key(alias)) for o in corpus.organisations
                              for alias in o.aliases],
        m.Event: [m.Event(id=ids["event"][e.slug], title=e.title, slug=e.slug, kind=e.kind, place=e.place,
                          starts_on=dt.date.fromisoformat(e.starts_on) if e.starts_on else None)
                  for e in corpus.events],
    }  # fmt: skip
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=1000)
        counts[model.__name__] = len(objects)
    return ids


def _alias_key(name: str) -> str:
    """The key Alias.save() computes (bulk_create does not call save())."""
    from archive import models as m

    if hasattr(m, "entity_key"):
        return m.entity_key(name)
    from archive.text import name_key

    return name_key(name)


def _load_articles(batch: list, ids: dict[str, dict[str, int]], seen: set[str], counts: dict[str, int]) -> None:
    import hashlib

    from archive import models as m

    articles, people, organisations, events = [], [], [], []
    for a in batch:
        raw = a.raw_text
        while (checksum := hashlib.sha256(raw.encode()).hexdigest()) in seen:  # identical text: make it differ
            raw += "\n"
        seen.add(checksum)
        articles.append(m.Article(
            id=a.number, title=a.title[:500], body=a.body, raw_text=raw, language=a.language,
            published_on=dt.date.fromisoformat(a.published_on) if a.published_on else None,
            source_id=ids["source"][a.source], origin=a.origin, checksum=checksum, encoding="utf-8",
            review_status=m.ReviewStatus.AUTO if a.published_on else m.ReviewStatus.NEEDS_REVIEW,
            review_notes="" if a.published_on else "no publication date found",
        ))  # fmt: skip
        people += [m.PersonMention(article_id=a.number, person_id=ids["person"][p.slug], surface=p.surface,
                                   role=p.role) for p in a.people]  # fmt: skip
        organisations += [m.OrganisationMention(article_id=a.number, organisation_id=ids["organisation"][o.slug],
                                                surface=o.surface) for o in a.organisations]  # fmt: skip
        if a.event:
            events.append(m.Event.articles.through(event_id=ids["event"][a.event], article_id=a.number))
    for model, objects in ((m.Article, articles), (m.PersonMention, people),
                           (m.OrganisationMention, organisations), (m.Event.articles.through, events)):  # fmt: skip
        model.objects.bulk_create(objects, batch_size=500)
        counts[model.__name__] = counts.get(model.__name__, 0) + len(objects)


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; later inserts (not the bench's) would collide."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(apps.get_app_config("archive").get_models()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def copies_stage(*, recompute: bool) -> dict[str, Any]:
    """Syndicated copies: signatures and clusters of every article (what the importer does per text, all at once),
    then loading the band index as each import run does (`storing.syndication.load_band_index`)."""
    from archive import ingest, search
    from archive.ingest.storing.syndication import load_band_index
    from archive.models import Article

    result: dict[str, Any] = {}
    if recompute or not Article.objects.exclude(copy_signature=b"").exists():  # a kept dir from before copies
        started = time.perf_counter()
        with search.deferred_sync():  # the index is rebuilt next
            report = ingest.recluster_all()
        seconds = time.perf_counter() - started
        result.update(cluster_s=round(seconds, 2), per_text_ms=round(1000 * seconds / max(1, report["articles"]), 3),
                      clusters=report["clusters"], clustered=report["clustered"])  # fmt: skip
    started = time.perf_counter()
    index = load_band_index()
    result.update(load_index_s=round(time.perf_counter() - started, 3), signatures=len(index))
    return result


# ---------------------------------------------------------------------------------------------------------------
# Stage 3: the index
# ---------------------------------------------------------------------------------------------------------------


def index_stage(procs: int, total: int, profile: Path | None) -> dict[str, Any]:
    from django.conf import settings
    from django.db import reset_queries

    from archive import search
    from archive.search.storage import live_generation

    done = 0
    started = time.perf_counter()
    next_report = [0.1]

    def progress(count: int) -> None:
        nonlocal done
        done += count
        reset_queries()  # DEBUG=1 would keep every prefetch query's SQL
        if done / total >= next_report[0]:
            log(f"  index procs={procs}: {done:,}/{total:,} articles, {time.perf_counter() - started:.0f} s")
            next_report[0] += 0.1

    with profiled(profile):
        count = search.rebuild(progress=progress, procs=procs)
    seconds = time.perf_counter() - started
    root = Path(settings.SEARCH_INDEX_DIR)
    result = {
        "procs": procs, "index_s": round(seconds, 2), "docs": count, "index_docs_per_s": round(count / seconds, 1),
        "index_mb": disk_mb(root / (live_generation() or "-")), "index_dir_mb": disk_mb(root), **memory(),
    }  # fmt: skip
    if procs == 1:  # no workers: the children's figure would be some earlier subprocess's
        result["children_peak_rss_mb"] = None
    return result


# ---------------------------------------------------------------------------------------------------------------
# Stage 4: queries through Django's whole request cycle, and through the engine alone
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Timing:
    query: BenchQuery
    output: str
    ms: float
    status: int | str  # HTTP status, or "exception"
    message: str = ""  # the message the page carried (error, limit), if any
    total: int | None = None
    detail: str = ""  # traceback of an exception
    cache: str = ""  # "hit" when the rendered page came from the page cache


@dataclass
class Pass:
    name: str
    timings: list[Timing] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return summary([t.ms for t in self.timings])


def request(client, query: BenchQuery, output: str) -> Timing:
    """One GET of /search/ through the test client: URL resolving, middleware, form, search, rendering."""
    started = time.perf_counter()
    try:
        response = client.get(SEARCH_URL, query.params(output))
        ms = (time.perf_counter() - started) * 1000
    except Exception:  # the view raised: record it and go on
        return Timing(query, output, (time.perf_counter() - started) * 1000, "exception", detail=traceback.format_exc())
    timing = Timing(query, output, ms, response.status_code, cache=response.get("X-Qujat-Cache", ""))
    if response.status_code == 200 and output == "json":
        data = response.json()
        timing.message, timing.total = data.get("message", ""), data.get("total")
    elif response.status_code == 200:
        timing.message = "message shown" if MESSAGE_MARK in response.content.decode() else ""
    return timing


def engine(query: BenchQuery) -> Timing:
    """archive.search.search() alone: parsing, matching, facets, ranking, snippets (no form, view or template)."""
    from archive import search

    search_request = search.SearchRequest(
        q=query.q, filters={facet: tuple(values) for facet, values in query.filters.items()},
        date_from=dt.date.fromisoformat(query.date_from) if query.date_from else None,
        date_to=dt.date.fromisoformat(query.date_to) if query.date_to else None,
        sort=query.sort or "relevance", page=query.page, page_size=20,
    )  # fmt: skip
    started = time.perf_counter()
    try:
        page = search.search(search_request)
    except Exception:
        return Timing(query, "engine", (time.perf_counter() - started) * 1000, "exception",
                      detail=traceback.format_exc())  # fmt: skip
    return Timing(query, "engine", (time.perf_counter() - started) * 1000, 200, page.message, page.total)


PASSES = {
    "html": "first time each query is seen: page not cached, its terms maybe not read yet",
    "json": "page not cached (another format), terms read by the html pass",
    "html_repeated": "the same request again: served by the page cache",
    "json_repeated": "the same request again: served by the page cache",
    "html_warm": "page cache emptied before each request, terms read",
    "engine": "archive.search.search() alone, terms read",
}


def query_stage(queries: list[BenchQuery], warmups: list[BenchQuery], profile: Path | None) -> dict[str, Any]:
    from django.core.cache import caches
    from django.test import Client

    from archive.search_pages import CACHE_ALIAS

    client = Client()
    with profiled(profile):
        warm = [request(client, q, "html") for q in warmups]  # the first one opens the searcher: cold
        passes = [Pass(name) for name in PASSES]
        for p in passes:
            log(f"  queries: {p.name}")
            for q in queries:
                if p.name == "engine":
                    p.timings.append(engine(q))
                    continue
                if p.name.endswith("_warm"):
                    caches[CACHE_ALIAS].clear()
                p.timings.append(request(client, q, p.name.split("_")[0]))
    return {"warmup": warm, "passes": passes}


def phrase_stage(queries: list[BenchQuery]) -> dict[str, Any]:
    """Engine time of phrases made of the most frequent words, each once after its terms were read (warm) and
    also the first time (cold: read from the index), with the refusals ("too expensive") counted."""
    from archive.search.postings import segment_arrays
    from archive.search.term_arrays import term_arrays

    cold = [engine(q) for q in queries]
    warm = [engine(q) for q in queries]
    refused = [t for t in cold + warm if t.message or t.status != 200]
    slowest = sorted(warm, key=lambda t: -t.ms)[:5]
    blocks: list[Timing] = []  # the same phrases with every posting and position read from Whoosh's blocks
    segment_arrays.clear()
    term_arrays.enabled = False
    try:
        blocks = [engine(q) for q in queries[:40]]
    finally:
        term_arrays.enabled = True
        segment_arrays.clear()
    return {
        "count": len(queries), "cold": summary([t.ms for t in cold]), "warm": summary([t.ms for t in warm]),
        "from_blocks_first_40": summary([t.ms for t in blocks]),
        "from_blocks_refused": sum(bool(t.message) for t in blocks),
        "term_arrays_first_40": summary([t.ms for t in cold[:40]]),
        "over_150_ms_warm": sum(t.ms > 150 for t in warm), "over_150_ms_cold": sum(t.ms > 150 for t in cold),
        "refused": [{"q": t.query.q, "message": t.message} for t in refused[:10]], "refused_count": len(refused),
        "matching": sum(bool(t.total) for t in warm),
        "slowest_warm": [{"q": t.query.q, "ms": round(t.ms, 1), "total": t.total} for t in slowest],
    }  # fmt: skip


COLD_SCRIPT = """
import json, sys, time
started = time.perf_counter()
import django
django.setup()
from bench.run import engine
from bench.queries import BenchQuery
from archive import search
ready = time.perf_counter()
if sys.argv[1] == "warm_up":
    search.warm_up()
warmed = time.perf_counter()
timing = engine(BenchQuery.from_dict(json.loads(sys.argv[2])))
print(json.dumps({"django_setup_ms": (ready - started) * 1000, "warm_up_ms": (warmed - ready) * 1000,
                  "first_search_ms": timing.ms, "status": timing.status, "message": timing.message}))
"""


def cold_start_stage(queries: list[BenchQuery]) -> dict[str, Any]:
    """A fresh process's first engine search (a frequent word: the costliest first read), with the warm-up a
    gunicorn worker does before its first request (config/gunicorn.py) and without it."""
    query = next((q for q in queries if q.kind == "ru_frequent"), queries[0])
    result: dict[str, Any] = {"query": query.q}
    for mode in ("warm_up", "no_warm_up"):
        completed = subprocess.run([sys.executable, "-c", COLD_SCRIPT, mode, json.dumps(query.as_dict())],
                                   cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                                   text=True, timeout=300)  # fmt: skip
        if completed.returncode:
            result[mode] = {"error": completed.stderr[-2000:]}
            continue
        numbers = json.loads(completed.stdout.strip().splitlines()[-1])
        result[mode] = {k: round(v, 1) if isinstance(v, float) else v for k, v in numbers.items()}
    return result


def compare_stage(args: argparse.Namespace, corpus: Corpus, queries: list[BenchQuery]) -> dict[str, Any]:
    """The same corpus in tantivy, the same queries timed interleaved with our engine alone (`engine`)."""
    import tantivy

    from bench.tantivy_compare import TantivyArchive, compare

    folder = args.out / "tantivy"
    archive, seconds = TantivyArchive.build(corpus, folder)
    result = compare(queries, lambda q: engine(q), archive.search, rounds=args.compare_rounds)
    result.update(engine="tantivy", version=getattr(tantivy, "__version__", ""), build_s=round(seconds, 2),
                  index_mb=disk_mb(folder), rounds=args.compare_rounds)  # fmt: skip
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def pathological_stage(queries: list[BenchQuery]) -> list[dict[str, Any]]:
    from django.test import Client

    client = Client()
    results = []
    for query in queries:
        html, data = request(client, query, "html"), request(client, query, "json")
        results.append({
            "name": query.kind, "chars": len(query.q), "html_ms": round(html.ms, 1), "json_ms": round(data.ms, 1),
            "status": html.status, "total": data.total, "message": data.message,
            "answered": "message" if data.message else ("results" if data.total else "no results"),
        })  # fmt: skip
    return results


# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------


def latency_report(stage: dict[str, Any]) -> dict[str, Any]:
    passes: list[Pass] = stage["passes"]
    latency: dict[str, Any] = {p.name: p.summary() for p in passes}
    latency["passes"] = PASSES
    latency["page_cache_hits"] = {p.name: sum(t.cache == "hit" for t in p.timings) for p in passes}
    latency["cold_first_request_ms"] = round(stage["warmup"][0].ms, 1)
    latency["warmup_ms"] = [round(t.ms, 1) for t in stage["warmup"]]
    by_kind: dict[str, dict[str, Any]] = {}
    for p in passes:
        if p.name in ("html", "engine"):
            for kind in dict.fromkeys(t.query.kind for t in p.timings):
                by_kind.setdefault(kind, {})[p.name] = summary([t.ms for t in p.timings if t.query.kind == kind])
    latency["by_kind"] = by_kind
    html = next(p for p in passes if p.name == "html")
    latency["slowest_html"] = [
        {"kind": t.query.kind, "params": t.query.params(), "ms": round(t.ms, 1)}
        for t in sorted(html.timings, key=lambda t: -t.ms)[:8]
    ]
    return latency


def hits_report(stage: dict[str, Any]) -> dict[str, Any]:
    json_pass = next(p for p in stage["passes"] if p.name == "json")
    totals = [t.total for t in json_pass.timings if t.total is not None]
    empty = [t for t in json_pass.timings if t.total == 0]
    return {
        "median_total": statistics.median(totals) if totals else 0, "max_total": max(totals, default=0),
        "zero_results": len(empty), "queries": len(json_pass.timings),
        "zero_result_queries": [{"kind": t.query.kind, **t.query.params()} for t in empty[:30]],
    }  # fmt: skip


def errors_report(stage: dict[str, Any], pathological: list[dict]) -> dict[str, Any]:
    timings = [t for p in stage["passes"] for t in p.timings] + stage["warmup"]
    problems = [t for t in timings if t.status != 200]
    details = [{"output": t.output, "params": t.query.params(), "status": t.status, "detail": t.detail[-3000:]}
               for t in problems[:20]]  # fmt: skip
    messages = {p.name: sum(1 for t in p.timings if t.message) for p in stage["passes"]}
    examples = sorted({t.message for p in stage["passes"] for t in p.timings if t.message and t.output != "html"})
    json_pass = next(p for p in stage["passes"] if p.name == "json")
    with_message = [{"kind": t.query.kind, "q": t.query.q[:100], "ms": round(t.ms), "message": t.message}
                    for t in json_pass.timings if t.message]  # fmt: skip
    return {
        "non_200": sum(1 for t in problems if t.status != "exception"),
        "exceptions": sum(1 for t in problems if t.status == "exception"),
        "pathological_non_200": sum(1 for r in pathological if r["status"] != 200),
        "with_message": messages, "message_examples": examples[:10], "json_with_message": with_message[:30],
        "details": details,
    }  # fmt: skip


def print_table(report: dict[str, Any]) -> None:
    s = report["stages"]
    lines = [
        f"\nQujat bench «{report['name']}»: {report['articles']:,} articles, seed {report['seed']}, "
        f"{report['database']}, {report['machine']['cpu_count']} CPUs, Python {report['machine']['python']}",
        "",
        f"{'stage':<28}{'seconds':>10}  detail",
        f"{'generate corpus':<28}{_num(s.get('generate_s')):>10}  vocabulary pass {_num(s.get('vocabulary_s'))} s",
        f"{'database':<28}{_num(s.get('database_s')):>10}  {s.get('database_note', 'bulk insert')}",
    ]
    if imported := s.get("import_stage"):
        for key in ("parse", "extract", "database", "index", "total"):
            lines.append(f"{'import: ' + key:<28}{imported[key + '_s']:>10.1f}  {imported[key + '_docs_per_s']:,.0f} "
                         f"docs/s{' per worker' if key in ('parse', 'extract') else ''}")  # fmt: skip
    if (copies := s.get("copies")) and not copies.get("skipped"):
        if "cluster_s" in copies:
            lines.append(f"{'copies: cluster all':<28}{copies['cluster_s']:>10.1f}  {copies['per_text_ms']} ms/text, "
                         f"{copies['clusters']:,} clusters of {copies['clustered']:,} articles")  # fmt: skip
        lines.append(f"{'copies: load band index':<28}{copies['load_index_s']:>10.1f}  "
                     f"{copies['signatures']:,} signatures (once per import run)")  # fmt: skip
    for run in s.get("index_runs", []):
        workers = f" (workers {run['children_peak_rss_mb']:.0f} MB)" if run["children_peak_rss_mb"] else ""
        lines.append(f"{'index procs=' + str(run['procs']):<28}{run['index_s']:>10.1f}  {run['index_docs_per_s']:,.0f}"
                     f" docs/s, index {run['index_mb']} MB, peak RSS {run['peak_rss_mb']:.0f} MB{workers}")  # fmt: skip
    lat = report["latency_ms"]
    lines += ["", f"{'latency (ms)':<28}{'n':>5}{'p50':>9}{'p95':>9}{'max':>9}  cache hits  what"]
    for name, meaning in PASSES.items():
        x = lat[name]
        lines.append(f"{name:<28}{x['n']:>5}{x['p50']:>9.1f}{x['p95']:>9.1f}{x['max']:>9.1f}"
                     f"{lat['page_cache_hits'][name]:>12}  {meaning}")  # fmt: skip
    lines.append(f"cold first request {lat['cold_first_request_ms']} ms; warm-ups {lat['warmup_ms']} ms")
    lines += ["", f"{'by kind: html / engine p50':<28}"]
    for kind, values in lat["by_kind"].items():
        lines.append(f"  {kind:<26}{values['html']['p50']:>9.1f}{values['engine']['p50']:>9.1f}")
    lines += ["", f"{'pathological':<22}{'chars':>7}{'html ms':>10}{'json ms':>10}  answered"]
    for r in report["pathological"]:
        answer = f"{r['answered']} ({r['total']})" if r["answered"] != "message" else f"message: {r['message'][:70]}"
        lines.append(f"{r['name']:<22}{r['chars']:>7}{r['html_ms']:>10.1f}{r['json_ms']:>10.1f}  {answer}")
    if phrases := report.get("frequent_phrases"):
        lines.append(f"phrases of frequent words ({phrases['count']}, {phrases['matching']} matching): warm p50 "
                     f"{phrases['warm']['p50']} / p95 {phrases['warm']['p95']} / max {phrases['warm']['max']} ms, "
                     f"cold p50 {phrases['cold']['p50']} / max {phrases['cold']['max']} ms; over 150 ms "
                     f"{phrases['over_150_ms_warm']} warm, {phrases['over_150_ms_cold']} cold; refused "
                     f"{phrases['refused_count']}; first 40 read from Whoosh's blocks instead of term arrays: p50 "
                     f"{phrases['from_blocks_first_40']['p50']} / max {phrases['from_blocks_first_40']['max']} ms "
                     f"(term arrays {phrases['term_arrays_first_40']['p50']} / "
                     f"{phrases['term_arrays_first_40']['max']}), refused "
                     f"{phrases['from_blocks_refused']}")  # fmt: skip
    cold = report.get("cold_start", {})
    for mode in ("warm_up", "no_warm_up"):
        if "first_search_ms" in cold.get(mode, {}):
            c = cold[mode]
            lines.append(f"cold start ({mode}): first search {c['first_search_ms']} ms after warm_up "
                         f"{c['warm_up_ms']} ms (django setup {c['django_setup_ms']} ms)")  # fmt: skip
    if compared := report.get("compare"):
        from bench.tantivy_compare import print_comparison

        lines.append(f"\ntantivy {compared['version']}: build {compared['build_s']} s, index {compared['index_mb']} MB")
        lines.append(print_comparison(compared))
    e, hits = report["errors"], {k: v for k, v in report["hits"].items() if k != "zero_result_queries"}
    lines += [
        "",
        f"errors: non-200 {e['non_200']}, exceptions {e['exceptions']}; with a message {e['with_message']}",
        f"hits: {hits}",
        f"memory: {report['memory']}",
        f"report: {report['report_path']}",
    ]
    print("\n".join(lines))


def _num(value: float | None) -> str:
    return "reused" if value is None else f"{value:.1f}"


# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------


def prepare_queries(args: argparse.Namespace, corpus: Corpus, report: dict) -> dict[str, list[BenchQuery]]:
    """The query sets: from the data dir when it has them for this corpus, else from a pass over the corpus."""
    key = {"corpus": corpus.checksum, "count": args.queries, "seed": args.seed, "version": QUERY_SET_VERSION}
    cached = _read_queries(args.data_dir)
    if args.skip_build and cached.get("key") == key and not args.dump:
        report["stages"].update(generate_s=None, vocabulary_s=None)
        return {name: [BenchQuery.from_dict(q) for q in cached[name]] for name in ("queries", "warmup", "pathological",
                                                                                  "phrases")}  # fmt: skip
    vocabulary, times = generate_stage(corpus, args.dump)
    report["stages"].update(times)
    sets = {"queries": build_queries(vocabulary, args.queries, args.seed), "warmup": warmup_queries(vocabulary),
            "pathological": pathological_queries(vocabulary),
            "phrases": frequent_phrases(vocabulary, seed=args.seed)}  # fmt: skip
    cache = {"key": key, **{name: [q.as_dict() for q in queries] for name, queries in sets.items()}}
    (args.data_dir / QUERIES_FILE).write_text(json.dumps(cache, ensure_ascii=False, indent=1), encoding="utf-8")
    return sets


def _read_queries(data_dir: Path) -> dict:
    try:
        return json.loads((data_dir / QUERIES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build(args: argparse.Namespace, corpus: Corpus, report: dict) -> dict:
    """Database and index, reusing a kept data dir that already holds this corpus."""
    from archive.models import Article

    state = read_state(args.data_dir)
    loader = "import" if args.via_import else "bulk"
    reusable = bool(state.get("corpus") == corpus.checksum and state.get("database_done")
                    and state.get("loaded_by", "bulk") == loader)  # fmt: skip
    if args.skip_build and not (reusable and state.get("index_procs")):
        raise SystemExit(f"--skip-build: {args.data_dir} holds no finished build of this corpus (run with --keep)")
    if not reusable:
        clear_data_dir(args.data_dir)
        state = {"corpus": corpus.checksum, "articles": corpus.count}
        write_state(args.data_dir, state)
    report["database"] = prepare_database(empty=not reusable)
    if reusable:
        if Article.objects.count() != corpus.count:
            raise SystemExit(f"{args.data_dir}: the database does not hold this corpus; delete the folder")
        report["stages"].update(database_s=None, database_note="reused from the data dir")
    elif args.via_import:
        log(f"database: importing {corpus.count:,} articles with import_articles' pipeline")
        numbers = import_stage(corpus, args.out / "import-work")
        shutil.rmtree(args.out / "import-work", ignore_errors=True)
        report["stages"].update(database_s=numbers["total_s"], database_note="real importer", import_stage=numbers)
        state.update(database_done=True, loaded_by=loader)
    else:
        log(f"database: loading {corpus.count:,} articles")
        loaded = load_database(corpus)
        report["stages"].update(database_s=loaded["database_s"], rows=loaded["rows"])
        state.update(database_done=True, loaded_by=loader)
        write_state(args.data_dir, state)
    if args.no_copies:  # the generated texts share one pool of sentences: clustering them is quadratic
        report["stages"]["copies"] = {"skipped": True}
    else:
        log("copies: signatures and clusters" if not reusable else "copies: loading the band index")
        report["stages"]["copies"] = copies_stage(recompute=not reusable)
    report["stages"]["index_runs"] = []
    if args.skip_build:
        return state
    for procs in args.procs:
        log(f"index: rebuild with procs={procs}")
        profile = args.out / f"profile-index-p{procs}.prof" if args.profile else None
        report["stages"]["index_runs"].append(index_stage(procs, corpus.count, profile))
        state["index_procs"] = procs
        write_state(args.data_dir, state)
    return state


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    configure_django(args.data_dir)
    started = time.perf_counter()
    report: dict[str, Any] = {"name": args.name, "machine": machine(), "seed": args.seed, "stages": {},
                              "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}  # fmt: skip
    corpus = make_corpus(args)  # entity tables only: articles are produced on demand
    report["articles"] = corpus.count
    state = build(args, corpus, report)
    query_sets = prepare_queries(args, corpus, report)
    first = (report["stages"].get("index_runs") or [{}])[0]
    report["stages"].update({k: first.get(k) for k in ("index_s", "index_docs_per_s", "index_mb")})
    report["query_index_procs"] = state.get("index_procs")
    log(f"queries: {len(query_sets['queries'])} × 5 passes")
    stage = query_stage(query_sets["queries"], query_sets["warmup"],
                        args.out / "profile-queries.prof" if args.profile else None)  # fmt: skip
    log("pathological queries")
    report["pathological"] = pathological_stage(query_sets["pathological"])
    report["latency_ms"] = latency_report(stage)
    report["hits"] = hits_report(stage)
    report["errors"] = errors_report(stage, report["pathological"])
    log("phrases of frequent words")
    report["frequent_phrases"] = phrase_stage(query_sets["phrases"])
    log("cold start: a fresh process's first search")
    report["cold_start"] = cold_start_stage(query_sets["queries"])
    if args.compare:
        log(f"compare: {args.compare}")
        report["compare"] = compare_stage(args, corpus, query_sets["queries"])
    report["queries"] = {"count": len(query_sets["queries"]), "kinds": sorted({q.kind for q in query_sets["queries"]})}
    if args.backend == "postgres":
        from bench.backends import compare_backends

        sets = query_sets["queries"], query_sets["warmup"]
        report["backends"] = compare_backends(*sets, summary, request, engine, log,
                                              reuse_documents=args.reuse_pg_documents)  # fmt: skip
    report["memory"] = memory()
    report["total_s"] = round(time.perf_counter() - started, 1)
    report["report_path"] = str(args.out / "report.json")
    Path(report["report_path"]).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print_table(report)
    if "backends" in report:
        from bench.backends import print_comparison

        print_comparison(report["backends"])
    if args.profile:
        _print_profiles(args.out)
    _cleanup(args)
    return 0


def _print_profiles(out: Path) -> None:
    for path in sorted(out.glob("profile-*.prof")):
        print(f"\n== {path.name}: top 25 by cumulative time")
        pstats.Stats(str(path)).sort_stats("cumulative").print_stats(25)


def _cleanup(args: argparse.Namespace) -> None:
    """Without --keep, the data dir goes (unless the caller chose it, or it was only read)."""
    if args.keep or args.skip_build or not args.own_data_dir:
        return
    from django.db import connections

    connections.close_all()
    shutil.rmtree(args.data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
