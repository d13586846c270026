#!/usr/bin/env python
"""Qujat's load test: real gunicorn on 127.0.0.1, concurrent clients, mixed requests, worker memory.

    python bench/load.py --data-dir bench/out/n10000-s1/data                  # 2 workers, 20 clients, 60 s
    python bench/load.py --data-dir bench/out/n10000-s1/data --workers 4 --out /tmp/load-w4.json
    make load LOAD_ARGS="--data-dir bench/out/n10000-s1/data --workers 4"

The data dir is one kept by `bench/run.py --keep` (qujat.sqlite3, index/, queries.json). The script starts gunicorn
itself (sync workers, production settings: DEBUG off, a generated SECRET_KEY, plain HTTP on 127.0.0.1), waits for
/healthz, warms every worker up, then runs --clients closed-loop clients for --seconds: ~70% /search/ pages, ~10%
/search/?format=json, ~15% /articles/<id>/, ~5% CSV exports of narrow queries. It samples each worker's RSS every
second, and stops everything (clients, then gunicorn: SIGTERM, SIGKILL after --stop-timeout, to the whole process
group) within a fixed bound, also on Ctrl-C or an error. Prints a table and writes JSON (see bench/README.md).
Plain Python: asyncio streams for the clients, /proc for memory; nothing but gunicorn beyond the standard library.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
# Run as a script, Python puts bench/ itself first on the path; the repository root is what imports need.
sys.path[:] = [str(REPO), *(p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR)]

from bench import load_databases  # noqa: E402
from bench.queries import BenchQuery  # noqa: E402

KINDS = ("search", "json", "article", "csv", "feed")
DEFAULT_MIX = "search=60,json=10,article=15,csv=5,feed=10"
CSV_QUERY_KINDS = ("ru_rare", "kk_rare", "facets_combined")  # narrow queries: an export of a handful of rows
ARTICLE_SAMPLE = 2000  # article ids drawn from the database
MESSAGE_MARK = b'role="alert"'  # how the HTML page shows a message instead of (or besides) results
CACHE_HEADER = "x-qujat-cache"  # set by the app's search page cache: "hit" or "miss"
# A worker's RSS target by archive size: issue 5's up to 100k articles, issue 13's at a million.
RSS_LIMITS_MB = ((100_000, 300), (1_000_000, 500))


def rss_limit_mb(articles: int) -> int:
    """The target for an archive of this many articles: the first size at or above it (the largest beyond)."""
    return next((limit for size, limit in RSS_LIMITS_MB if articles <= size), RSS_LIMITS_MB[-1][1])


SQLITE_NAME = "qujat.sqlite3"
# Variables of the caller's environment that must not reach the server: ours are set explicitly below.
SCRUBBED_ENV = ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DATA_DIR",
                "SEARCH_INDEX_DIR", "SECURE_SSL_REDIRECT", "CSRF_TRUSTED_ORIGINS", "SECURE_HSTS_SECONDS",
                "LOG_LEVEL", "CONN_MAX_AGE", "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "RATE_LIMITS_ENABLED",
                "DATABASE_REPLICA_URLS", "SEARCH_BACKEND")  # fmt: skip


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True,
                        help="a kept bench data dir (qujat.sqlite3, index/, queries.json)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, default=60, help="duration of the measured run (default 60)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--queries", metavar="N|FILE", help="a query set file (default <data-dir>/queries.json), "
                        "or a number: generate that many queries from the data dir's corpus (more distinct "
                        "queries than a page cache holds)")  # fmt: skip
    parser.add_argument("--query-count", type=int, default=0, help="use only the first N queries (default all)")
    parser.add_argument("--mix", default=DEFAULT_MIX, help=f"request kinds and weights (default {DEFAULT_MIX})")
    parser.add_argument("--timeout", type=float, default=10, help="per-request timeout in s, an error (default 10)")
    parser.add_argument("--startup-timeout", type=float, default=60, help="for gunicorn to answer (default 60)")
    parser.add_argument("--stop-timeout", type=float, default=10,
                        help="after SIGTERM, before SIGKILL (default 10)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, help="seed of the request mix (default 1)")
    parser.add_argument("--rate-limited", action="store_true",
                        help="leave the app's rate limits on (RATE_LIMITS_ENABLED=1): 429 answers are counted, not "
                             "errors; by default they are off (RATE_LIMITS_ENABLED=0), all clients being one address")
    parser.add_argument("--database-url", default="", help="serve this PostgreSQL database (a bench/run.py --keep "
                        "archive made with DATABASE_URL) instead of the data dir's SQLite file")  # fmt: skip
    parser.add_argument("--replica-urls", default="", help="comma-separated streaming replicas of --database-url "
                        "(DATABASE_REPLICA_URLS: search and page reads go to them; the report says which database "
                        "answered how many transactions)")  # fmt: skip
    parser.add_argument("--search-backend", choices=("whoosh", "postgres"), default="whoosh",
                        help="SEARCH_BACKEND of the server (postgres needs --database-url)")  # fmt: skip
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/load/<name>-w<workers>.json)")
    args = parser.parse_args(argv)
    if args.database_url and not load_databases.is_postgres(args.database_url):
        parser.error("--database-url: a postgres:// URL")
    if (args.replica_urls or args.search_backend == "postgres") and not args.database_url:
        parser.error("--replica-urls and --search-backend postgres need --database-url")
    args.replica_urls = [url.strip() for url in args.replica_urls.split(",") if url.strip()]
    args.data_dir = args.data_dir.resolve()
    if args.queries and args.queries.isdigit():
        args.generate_queries, args.queries = int(args.queries), args.data_dir / "queries.json"
    else:
        args.generate_queries, args.queries = 0, Path(args.queries or args.data_dir / "queries.json").resolve()
    if args.workers < 1 or args.clients < 1 or args.seconds <= 0 or args.timeout <= 0:
        parser.error("--workers, --clients, --seconds and --timeout must be positive")
    try:
        args.mix = parse_mix(args.mix)
    except ValueError as exc:
        parser.error(f"--mix: {exc}")
    name = args.data_dir.parent.name if args.data_dir.name == "data" else args.data_dir.name
    args.out = (args.out or BENCH_DIR / "out" / "load" / f"{name}-w{args.workers}.json").resolve()
    return args


def parse_mix(text: str) -> dict[str, float]:
    mix: dict[str, float] = {}
    for item in text.split(","):
        kind, _, weight = item.partition("=")
        if kind.strip() not in KINDS:
            raise ValueError(f"unknown kind {kind.strip()!r} (known: {', '.join(KINDS)})")
        mix[kind.strip()] = float(weight)
    if any(w < 0 for w in mix.values()) or sum(mix.values()) <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    total = sum(mix.values())
    return {kind: mix[kind] / total for kind in KINDS if mix.get(kind)}


# ---------------------------------------------------------------------------------------------------------------
# What the clients ask for
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """Request paths per kind, and the weighted choice between kinds."""

    paths: dict[str, list[str]]
    mix: dict[str, float]
    warmup: list[str]
    articles: int
    rate_limited: bool = False  # --rate-limited: 429 answers are the point, not errors

    def pick(self, rng: random.Random) -> tuple[str, str]:
        kind = rng.choices(list(self.mix), weights=list(self.mix.values()))[0]
        return kind, rng.choice(self.paths[kind])


def search_path(query: BenchQuery, output: str = "html") -> str:
    return "/search/?" + urlencode(query.params(output), doseq=True)


def make_plan(args: argparse.Namespace) -> Plan:
    sqlite_path = args.data_dir / SQLITE_NAME
    if not (args.database_url or sqlite_path.is_file()) or not (args.data_dir / "index" / "CURRENT").is_file():
        raise SystemExit(f"{args.data_dir}: no {SQLITE_NAME} and index/ here (make one with bench/run.py --keep)")
    try:
        data = json.loads(args.queries.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"cannot read the query set {args.queries}: {exc} (bench/run.py --keep writes one)") from exc
    queries = [BenchQuery.from_dict(q) for q in data["queries"]]
    warmup = [BenchQuery.from_dict(q) for q in data.get("warmup", [])] or queries[:3]
    if args.generate_queries:
        queries, warmup = generate_queries(args.data_dir, data.get("key", {}).get("seed", 1), args.generate_queries)
    queries = queries[: args.query_count] if args.query_count > 0 else queries
    narrow = [q for q in queries if q.kind in CSV_QUERY_KINDS] or queries
    if args.database_url:
        count, ids = load_databases.article_ids(args.database_url, args.seed, ARTICLE_SAMPLE)
    else:
        count, ids = article_ids(sqlite_path, args.seed)
    if not queries or not ids:
        raise SystemExit(f"{args.data_dir}: no queries or no articles to request")
    paths = {
        "search": [search_path(q) for q in queries],
        "json": [search_path(q, "json") for q in queries],
        "article": [f"/articles/{pk}/" for pk in ids],
        "csv": [search_path(q, "csv") for q in narrow],
        "feed": [search_path(q, "atom") for q in queries],  # the Atom feed of a search (archive/feeds.py)
    }
    return Plan(paths=paths, mix=args.mix, warmup=[search_path(q) for q in warmup], articles=count,
                rate_limited=args.rate_limited)


def generate_queries(data_dir: Path, seed: int, count: int) -> tuple[list[BenchQuery], list[BenchQuery]]:
    """`count` queries built as run.py builds its set (the first 200 are the saved ones), from the same corpus."""
    from bench.corpus import generate_corpus
    from bench.queries import build_queries, collect_vocabulary, warmup_queries

    try:
        state = json.loads((data_dir / "bench-state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"{data_dir}: no bench-state.json to rebuild the corpus from ({exc})") from exc
    started = time.monotonic()
    corpus = generate_corpus(int(state["articles"]), seed)
    if corpus.checksum != state.get("corpus"):
        raise SystemExit(f"{data_dir}: its corpus is not the generated one of {state['articles']} articles, seed "
                         f"{seed} (a --corpus dump?): pass --queries FILE instead of a number")  # fmt: skip
    vocabulary = collect_vocabulary(corpus)
    queries = build_queries(vocabulary, count, seed)
    log(f"generated {count} queries from the corpus in {time.monotonic() - started:.1f} s")
    return queries, warmup_queries(vocabulary)


def article_ids(sqlite_path: Path, seed: int) -> tuple[int, list[int]]:
    """How many articles there are, and a seeded sample of their ids (read-only: the bench's file is not changed)."""
    with contextlib.closing(sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True, timeout=20)) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM archive_article ORDER BY id")]
    return len(ids), sorted(random.Random(seed).sample(ids, min(ARTICLE_SAMPLE, len(ids))))


# ---------------------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_command() -> list[str]:
    script = Path(sys.executable).parent / "gunicorn"  # .venv/bin/gunicorn when run with .venv/bin/python
    return [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]


def gunicorn_version() -> str:
    try:
        from gunicorn import __version__

        return __version__
    except ImportError:
        return ""


class Server:
    """gunicorn in its own process group, with production settings, on the bench's data.

    DATA_DIR is a private run folder holding only the collected static files (the manifest storage of DEBUG off
    needs them), so nothing is written into the data dir; the database is that dir's SQLite file (DATABASE_URL
    names it: the same SQLite settings as the default), the index its index/.
    """

    def __init__(self, args: argparse.Namespace, run_dir: Path) -> None:
        self.args = args
        self.run_dir = run_dir
        self.port = args.port or free_port()
        self.log_path = run_dir / "gunicorn.log"
        self.proc: subprocess.Popen | None = None
        self.pgid: int | None = None
        self.env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        self.env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",  # plain HTTP on localhost: no TLS proxy in front
            SECURE_HSTS_SECONDS="0",  # do not tell anything to remember HSTS for 127.0.0.1
            DATA_DIR=str(run_dir),
            DATABASE_URL=args.database_url or f"sqlite:///{args.data_dir / SQLITE_NAME}",
            DATABASE_REPLICA_URLS=",".join(args.replica_urls),
            SEARCH_BACKEND=args.search_backend,
            SEARCH_INDEX_DIR=str(args.data_dir / "index"),
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
            # All clients come from 127.0.0.1: per-client limits would answer most requests 429 (issue 12, part 1).
            RATE_LIMITS_ENABLED="1" if args.rate_limited else "0",
        )

    def collectstatic(self) -> None:
        completed = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO,
                                   env=self.env, capture_output=True, text=True, timeout=120)  # fmt: skip
        if completed.returncode != 0:
            raise SystemExit(f"collectstatic failed:\n{completed.stderr[-3000:]}")

    def start(self) -> None:
        command = [*gunicorn_command(), "-c", "config/gunicorn.py", "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.args.workers), "--worker-class", "sync", "--timeout", "30",
                   "--graceful-timeout", str(max(1, int(self.args.stop_timeout) - 2)), "--chdir", str(REPO),
                   "--no-control-socket", "--error-logfile", str(self.log_path), "--log-level", "info"]  # fmt: skip
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(command, cwd=REPO, env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        self.pgid = self.proc.pid  # a new session: the master leads its group, and its workers stay in it

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def workers(self) -> list[int]:
        return children(self.proc.pid) if self.alive() else []

    def stop(self) -> dict[str, Any]:
        """SIGTERM to the group, SIGKILL after --stop-timeout; then make sure nothing of the group is left."""
        if self.proc is None:
            return {}
        started = time.monotonic()
        outcome = "exited before stop"
        if self.proc.poll() is None:
            outcome = "SIGTERM"
            self._signal_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout=self.args.stop_timeout)
            except subprocess.TimeoutExpired:
                outcome = "SIGKILL after timeout"
                self._signal_group(signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=5)
        left = group_members(self.pgid)
        if left:  # workers outliving their master: never leave them behind
            self._signal_group(signal.SIGKILL)
            deadline = time.monotonic() + 5
            while group_members(self.pgid) and time.monotonic() < deadline:
                time.sleep(0.05)
        return {"how": outcome, "seconds": round(time.monotonic() - started, 2), "exit_code": self.proc.poll(),
                "stragglers_killed": left, "survivors": group_members(self.pgid)}  # fmt: skip

    def _signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pgid, sig)

    def log_tail(self, lines: int = 30) -> list[str]:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return []

    def log_count(self, text: str) -> int:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace").count(text)
        except OSError:
            return 0


# ---------------------------------------------------------------------------------------------------------------
# /proc: processes and memory
# ---------------------------------------------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, pgrp, ...


def _live_processes(field: int, value: int) -> list[int]:
    """Pids of the processes (zombies left out) whose /proc stat field `field` (1: ppid, 2: pgrp) is `value`."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields and fields[0] != "Z" and int(fields[field]) == value:
                found.append(int(entry.name))
    return sorted(found)


def children(parent: int) -> list[int]:
    return _live_processes(1, parent)


def group_members(pgid: int | None) -> list[int]:
    return [] if pgid is None else _live_processes(2, pgid)


def memory_mb(pid: int) -> dict[str, float] | None:
    """VmRSS (now), VmHWM (the kernel's peak RSS) and RssAnon (heap, not shared libraries) in MB."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {}
    for line in lines:
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"rss_mb": values.get("VmRSS", 0.0), "hwm_mb": values.get("VmHWM", 0.0),
            "anon_mb": values.get("RssAnon", 0.0)} if values else None  # fmt: skip


@dataclass
class MemorySampler:
    """Every worker's RSS once a second: the peak seen per pid (workers replaced after a timeout show up too)."""

    server: Server
    peaks: dict[int, float] = field(default_factory=dict)
    samples: int = 0
    max_total_mb: float = 0.0

    def sample(self) -> None:
        total = 0.0
        for pid in self.server.workers():
            mem = memory_mb(pid)
            if mem:
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), mem["rss_mb"])
                total += mem["rss_mb"]
        self.samples += 1
        self.max_total_mb = max(self.max_total_mb, round(total, 1))

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(1)


# ---------------------------------------------------------------------------------------------------------------
# The clients
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    path: str
    started: float  # monotonic
    ms: float
    status: int = 0
    size: int = 0
    error: str = ""
    message: str = ""  # what the page or JSON said instead of (or besides) results: not an error, but counted
    cache: str = ""  # the app's X-Qujat-Cache header (hit / miss) when it sends one
    limited_ok: bool = False  # a 429 is what was asked for (--rate-limited): counted, not an error

    @property
    def ok(self) -> bool:
        return not self.error or (self.limited_ok and self.status == 429)


def dechunk(body: bytes) -> bytes:
    """The payload of a chunked body; ValueError when it is incomplete."""
    out, pos = bytearray(), 0
    while True:
        end = body.index(b"\r\n", pos)
        size = int(body[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += body[end + 2 : end + 2 + size]
        if len(body) < end + 2 + size + 2:
            raise ValueError("truncated chunk")
        pos = end + 2 + size + 2


async def fetch(port: int, kind: str, path: str, timeout: float) -> Result:
    """One GET on a fresh connection (sync workers close it after each response), the body read to the end."""
    started = time.monotonic()
    result = Result(kind, path, started, 0.0)
    writer = None
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: qujat-load\r\n"
                         "Accept-Encoding: identity\r\nConnection: close\r\n\r\n".encode("ascii"))  # fmt: skip
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            body = await reader.read()
        result.ms = (time.monotonic() - started) * 1000
        lines = head.decode("latin-1").split("\r\n")
        result.status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = dechunk(body)
        elif "content-length" in headers and len(body) != int(headers["content-length"]):
            raise ValueError(f"body of {len(body)} bytes, Content-Length {headers['content-length']}")
        result.size = len(body)
        result.cache = headers.get(CACHE_HEADER, "")
        if not 200 <= result.status < 300:
            result.error = f"HTTP {result.status}"
        else:
            result.message = page_message(kind, body)
    except TimeoutError:
        result.ms = (time.monotonic() - started) * 1000
        result.error = f"timeout after {timeout:g} s"
    except (OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError) as exc:
        result.ms = (time.monotonic() - started) * 1000
        result.error = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)
    return result


def page_message(kind: str, body: bytes) -> str:
    if kind == "search" and MESSAGE_MARK in body:
        start = body.index(MESSAGE_MARK)
        text = body[start : start + 400].decode("utf-8", "replace")
        text = text.split(">", 1)[-1].split("</", 1)[0].strip()
        return text or "(message)"
    if kind == "json":
        with contextlib.suppress(ValueError, AttributeError):
            return str(json.loads(body).get("message") or "")
    return ""


async def client(port: int, plan: Plan, rng: random.Random, deadline: float, timeout: float,
                 results: list[Result]) -> None:  # fmt: skip
    """Closed loop: one request after the other until the deadline (no new request starts after it)."""
    while time.monotonic() < deadline:
        kind, path = plan.pick(rng)
        result = await fetch(port, kind, path, timeout)
        result.limited_ok = plan.rate_limited
        results.append(result)


async def gather_limited(port: int, requests: list[tuple[str, str]], concurrency: int,
                         timeout: float) -> list[Result]:  # fmt: skip
    queue = list(reversed(requests))
    results: list[Result] = []

    async def worker() -> None:
        while queue:
            kind, path = queue.pop()
            results.append(await fetch(port, kind, path, timeout))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


# ---------------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------------


async def wait_until_up(server: Server, timeout: float) -> float:
    started = time.monotonic()
    last = ""
    while time.monotonic() - started < timeout:
        if not server.alive():
            raise SystemExit("gunicorn exited while starting:\n" + "\n".join(server.log_tail()))
        result = await fetch(server.port, "healthz", "/healthz", 5)
        if result.status == 200 and len(server.workers()) >= server.args.workers:
            return time.monotonic() - started
        last = result.error or f"HTTP {result.status}"
        await asyncio.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz within {timeout:g} s ({last}):\n"
                     + "\n".join(server.log_tail()))  # fmt: skip


async def warm_up(server: Server, plan: Plan, timeout: float) -> dict[str, Any]:
    """Each worker opens the searcher and reads the facet columns before the clock starts.

    Sync workers take connections in turn, so `workers` concurrent slow (cold) requests land on different workers;
    three rounds of them, then a few of every kind.
    """
    started = time.monotonic()
    n = server.args.workers
    results: list[Result] = []
    for round_ in range(3):
        batch = [("search", plan.warmup[(round_ * n + i) % len(plan.warmup)]) for i in range(n)]
        results += await gather_limited(server.port, batch, n, timeout)
    mixed = [(kind, plan.paths[kind][i % len(plan.paths[kind])]) for i in range(2 * n) for kind in plan.paths]
    results += await gather_limited(server.port, mixed, n, timeout)
    messages = [r.message for r in results if r.message]
    unavailable = next((m for m in messages if "unavailable" in m.lower() or "rebuild_index" in m), "")
    if unavailable:
        raise SystemExit(f"the site cannot search this data dir: {unavailable}\n"
                         "rebuild the index in a copy of it (see bench/README.md, Load test)")  # fmt: skip
    return {"requests": len(results), "errors": sum(not r.ok for r in results),
            "error_examples": error_examples(results), "seconds": round(time.monotonic() - started, 2)}  # fmt: skip


async def run_load(server: Server, plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    sampler = MemorySampler(server)
    sampling = asyncio.create_task(sampler.run())
    try:
        startup_s = await wait_until_up(server, args.startup_timeout)
        log(f"gunicorn up in {startup_s:.1f} s on 127.0.0.1:{server.port}, workers {server.workers()}; warming up")
        async with asyncio.timeout(args.startup_timeout):
            warmup = await warm_up(server, plan, args.timeout)
        after_warmup = {pid: memory_mb(pid) for pid in server.workers()}
        log(f"warm-up: {warmup['requests']} requests in {warmup['seconds']} s; "
            f"{args.clients} clients for {args.seconds:g} s")  # fmt: skip
        results: list[Result] = []
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.monotonic()
        deadline = started + args.seconds
        clients = [client(server.port, plan, random.Random(f"{args.seed}-{n}"), deadline, args.timeout, results)
                   for n in range(args.clients)]  # fmt: skip
        async with asyncio.timeout(args.seconds + args.timeout + 5):  # in-flight requests finish or time out
            await asyncio.gather(*clients)
        finished = time.monotonic()
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        sampler.sample()
        end = {pid: memory_mb(pid) for pid in server.workers()}
        master = memory_mb(server.proc.pid)
    finally:
        sampling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampling
    return {
        "startup_s": round(startup_s, 2),
        "warmup": warmup,
        "results": results,
        "started": started,
        "measured_s": finished - started,
        "client_cpu_s": round(cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime, 2),
        "memory": memory_report(end, after_warmup, master, sampler, rss_limit_mb(plan.articles)),
    }


# ---------------------------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    """p50 / p95 / p99 / max / mean in ms; percentiles interpolated between ranks (as in run.py)."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0, "mean": 0.0}
    ordered = sorted(values)

    def at(p: float) -> float:
        rank = (len(ordered) - 1) * p
        low = int(rank)
        high = min(low + 1, len(ordered) - 1)
        return round(ordered[low] + (ordered[high] - ordered[low]) * (rank - low), 1)

    return {"n": len(ordered), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 1),
            "mean": round(statistics.fmean(ordered), 1)}  # fmt: skip


def error_examples(results: list[Result], limit: int = 8) -> list[dict[str, Any]]:
    return [{"kind": r.kind, "path": r.path, "status": r.status, "error": r.error, "ms": round(r.ms, 1)}
            for r in results if not r.ok][:limit]  # fmt: skip


def load_report(results: list[Result], measured_s: float) -> dict[str, Any]:
    """Latency over every completed request (errors included, at the time they took); req/s over the run."""
    seconds = max(measured_s, 1e-9)
    by_kind = {}
    for kind in [*KINDS, "all"]:
        chosen = [r for r in results if kind in ("all", r.kind)]
        if not chosen and kind != "all":
            continue
        messages = Counter(r.message[:160] for r in chosen if r.message)
        cache = Counter(r.cache for r in chosen if r.cache)
        by_kind[kind] = {
            "requests": len(chosen),
            "requests_per_s": round(len(chosen) / seconds, 2),
            "errors": sum(not r.ok for r in chosen),
            "rate_limited_429": sum(r.status == 429 for r in chosen),
            "messages": sum(messages.values()),
            "message_examples": dict(messages.most_common(3)),
            "cache_hits": cache["hit"],
            "cache_misses": cache["miss"],
            "mean_kb": round(statistics.fmean(r.size for r in chosen) / 1024, 1) if chosen else 0.0,
            "latency_ms": percentiles([r.ms for r in chosen]),
        }
    statuses = Counter(str(r.status or "none") for r in results)
    overall = by_kind["all"]
    return {"measured_s": round(measured_s, 2), "requests": overall["requests"],
            "requests_per_s": overall["requests_per_s"], "errors": overall["errors"],
            "rate_limited_429": overall["rate_limited_429"],
            "latency_ms": overall["latency_ms"], "by_kind": by_kind, "statuses": dict(statuses),
            "error_examples": error_examples(results)}  # fmt: skip


def memory_report(end: dict[int, dict | None], after_warmup: dict[int, dict | None], master: dict | None,
                  sampler: MemorySampler, limit_mb: int) -> dict[str, Any]:  # fmt: skip
    workers = []
    for pid, mem in sorted(end.items()):
        if mem is None:
            continue
        warm = after_warmup.get(pid) or {}
        workers.append({"pid": pid, "rss_mb": mem["rss_mb"], "hwm_mb": mem["hwm_mb"], "anon_mb": mem["anon_mb"],
                        "peak_sampled_mb": sampler.peaks.get(pid, mem["rss_mb"]),
                        "after_warmup_mb": warm.get("rss_mb")})  # fmt: skip
    replaced = sorted(set(sampler.peaks) - set(end))
    peak = max([w["hwm_mb"] for w in workers] + [sampler.peaks[p] for p in replaced] + [0.0])
    return {
        "workers": workers,
        "replaced_workers": [{"pid": p, "peak_sampled_mb": sampler.peaks[p]} for p in replaced],
        "master": master,
        "max_worker_rss_mb": max((w["rss_mb"] for w in workers), default=0.0),
        "max_worker_peak_mb": peak,
        "max_workers_total_sampled_mb": sampler.max_total_mb,
        "samples": sampler.samples,
        "limit_mb": limit_mb,
        "under_limit": bool(workers) and peak < limit_mb,
    }


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")  # fmt: skip
    git, changed = "", []
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        git = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True,
                             timeout=10).stdout.strip()  # fmt: skip
        changed = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True,
                                 timeout=10).stdout.splitlines()  # fmt: skip
    return {"cpu_count": os.cpu_count(), "cpu": cpu, "python": sys.version.split()[0],
            "gunicorn": gunicorn_version(), "git": git, "git_changes": changed[:40],
            "load_average": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip


def _share(hits: int, misses: int) -> str:
    return f"{100 * hits / (hits + misses):.0f}%" if hits + misses else "-"


def print_table(report: dict[str, Any]) -> None:
    load, mem = report["load"], report["memory"]
    print(f"\nQujat load: {report['workers']} workers, {report['clients']} clients, {load['measured_s']:.1f} s, "
          f"{report['articles']:,} articles ({report['data_dir']})")  # fmt: skip
    print(f"{'kind':8} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'errors':>6} {'msgs':>5} {'KB':>6} {'cached':>6}")  # fmt: skip
    for kind, row in load["by_kind"].items():
        lat = row["latency_ms"]
        print(f"{kind:8} {row['requests']:>8} {row['requests_per_s']:>7.1f} {lat['p50']:>8.1f} {lat['p95']:>8.1f} "
              f"{lat['p99']:>8.1f} {lat['max']:>8.1f} {row['errors']:>6} {row['messages']:>5} "
              f"{row['mean_kb']:>6.1f} {_share(row['cache_hits'], row['cache_misses']):>6}")  # fmt: skip
    if report.get("rate_limited"):
        print(f"rate limits on: {load['rate_limited_429']} answers 429 (not counted as errors)")
    for example in load["error_examples"]:
        print(f"  error: {example['kind']} {example['path'][:90]} → {example['error']} ({example['ms']} ms)")
    for kind, row in load["by_kind"].items():
        if kind != "all" and row["message_examples"]:
            print(f"  {kind} messages: {row['message_examples']}")
    print(f"{'worker':>8} {'RSS MB':>8} {'HWM MB':>8} {'peak MB':>8} {'anon MB':>8} {'warm MB':>8}")
    for w in mem["workers"]:
        print(f"{w['pid']:>8} {w['rss_mb']:>8.1f} {w['hwm_mb']:>8.1f} {w['peak_sampled_mb']:>8.1f} "
              f"{w['anon_mb']:>8.1f} {w['after_warmup_mb'] or 0:>8.1f}")  # fmt: skip
    for w in mem["replaced_workers"]:
        print(f"{w['pid']:>8} (replaced during the run) peak {w['peak_sampled_mb']:.1f} MB")
    for name, row in report.get("database_reads", {}).items():
        served = f"{row['transactions']:,} transactions, {row['rows_read']:,} rows read" if row["answered"] else "-"
        print(f"{row['role']:8} {name}: {served}")
    verdict = "under" if mem["under_limit"] else "NOT under"
    stop = report["stop"]
    print(f"max worker peak {mem['max_worker_peak_mb']:.1f} MB: {verdict} {mem['limit_mb']} MB; "
          f"client CPU {report['client_cpu_s']} s; load average {report['machine']['load_average']} → "
          f"{report['load_average_after']}; stop: {stop.get('how')} in {stop.get('seconds')} s")  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------


def _raise_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks: gunicorn is stopped


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = make_plan(args)
    report: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(), "data_dir": str(args.data_dir), "articles": plan.articles, "workers": args.workers,
        "clients": args.clients, "seconds": args.seconds, "mix": args.mix, "request_timeout_s": args.timeout,
        "queries": len(plan.paths["search"]), "queries_generated": bool(args.generate_queries),
        "export_queries": len(plan.paths["csv"]), "rate_limited": args.rate_limited,
        "database": load_databases.label(args.database_url) if args.database_url else "sqlite",
        "replicas": [load_databases.label(url) for url in args.replica_urls], "search_backend": args.search_backend,
    }  # fmt: skip
    databases = [args.database_url, *args.replica_urls] if args.database_url else []
    counted_before = load_databases.counters(databases)
    previous = signal.signal(signal.SIGTERM, _raise_on_sigterm)
    run_dir = Path(tempfile.mkdtemp(prefix="qujat-load-"))
    server = Server(args, run_dir)
    outcome: dict[str, Any] | None = None
    try:
        server.collectstatic()
        server.start()
        report["gunicorn"] = {"port": server.port, "master_pid": server.proc.pid}
        log(f"gunicorn: {args.workers} sync workers on 127.0.0.1:{server.port}, data {args.data_dir}")
        outcome = asyncio.run(run_load(server, plan, args))
        report["gunicorn"]["worker_pids"] = [w["pid"] for w in outcome["memory"]["workers"]]
    finally:
        report["stop"] = server.stop()
        report.setdefault("gunicorn", {}).update(
            worker_timeouts=server.log_count("WORKER TIMEOUT"), worker_boots=server.log_count("Booting worker"),
            log_tail=server.log_tail(15))  # fmt: skip
        shutil.rmtree(run_dir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
    if databases:  # after the stop: every worker has flushed its statistics
        report["database_reads"] = load_databases.reads_report(counted_before, load_databases.counters(databases),
                                                               args.database_url)  # fmt: skip
    results = outcome.pop("results")
    report.update(startup_s=outcome["startup_s"], warmup=outcome["warmup"],
                  load=load_report(results, outcome["measured_s"]), memory=outcome["memory"],
                  client_cpu_s=outcome["client_cpu_s"],
                  load_average_after=[round(x, 2) for x in os.getloadavg()])  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print_table(report)
    print(f"report: {args.out}")
    if report["stop"].get("survivors"):
        log(f"gunicorn processes survived the stop: {report['stop']['survivors']}")
        return 2
    return 1 if report["load"]["errors"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # gunicorn was stopped on the way out (Server.stop in main's finally)
        log("interrupted: gunicorn stopped, no report written")
        sys.exit(130)
