"""Shared by the fault suite (tests/test_faults_*.py): processes that use the test's own database and index,
killing at a named point (archive/faults.py), "search equals the database" (the live gunicorn: live_gunicorn.py).

Child processes run `tests.settings` against the database pytest made for the test (its SQLite file, or the
PostgreSQL test database) and the test's index directory, so the test reads with the ORM what they wrote.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def database_url() -> str:
    """The test database this process uses, as a URL a child process can be given."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def child_env(index_dir: Path, data_dir: Path, *, url: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "QUJAT_FAULT"))}
    data_dir.mkdir(parents=True, exist_ok=True)
    return env | {
        "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT), "DATA_DIR": str(data_dir),
        "DATABASE_URL": url or database_url(), "SEARCH_INDEX_DIR": str(index_dir), "ALLOWED_HOSTS": "127.0.0.1",
        "RATE_LIMITS_ENABLED": "0",  # many requests from one client are the point here, not abuse
        "LOG_LEVEL": "ERROR",
    } | extra


def manage(env: dict[str, str], *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(MANAGE + list(args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, f"manage.py {' '.join(args)}: {done.stdout[-1500:]}\n{done.stderr[-3000:]}"
    return done


def kill_at(env: dict[str, str], point: str, *args: str, marker: Path, timeout: float = 60) -> int:
    """Run `manage.py *args` until it pauses at `point` (archive/faults.py), then SIGKILL it; its exit code."""
    marker.unlink(missing_ok=True)
    process = subprocess.Popen(MANAGE + list(args), cwd=ROOT, env=env | {"QUJAT_FAULT_PAUSE": point,
                               "QUJAT_FAULT_MARKER": str(marker)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if process.poll() is not None:
                raise AssertionError(f"{args} ended before reaching {point}: {process.stderr.read().decode()[-2000:]}")
            assert time.monotonic() < deadline, f"{args} did not reach {point} in {timeout} s"
            time.sleep(0.05)
        assert marker.read_text().split()[0] == point.split(":")[0]
        process.send_signal(signal.SIGKILL)
        return process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- what search says against what the database says ------------------------------------------------------------


def fresh_index_ids() -> list[int]:
    """Every live document id in the index, read by a searcher opened afresh (as a restarted process would)."""
    from django.core.cache import caches

    from archive.search.storage import searchers

    searchers.reset()
    caches["search_pages"].clear()
    with searchers.use() as searcher:
        return sorted(int(fields["id"]) for fields in searcher.all_stored_fields())


def assert_search_equals_database() -> None:
    """Each article once in the index, nothing else, nothing stale, nothing left pending."""
    from archive import search
    from archive.models import Article

    ids = sorted(Article.objects.values_list("pk", flat=True))
    assert fresh_index_ids() == ids
    drift = search.check()
    assert drift.clean, drift
    assert drift.pending == 0, f"{drift.pending} index updates still pending"


# --- a live server ------------------------------------------------------------------------------------------------


TRUNCATED = "X-Test-Truncated"  # set in the headers fetch() returns when the body ended before its framing said


def fetch(base: str, path: str, timeout: float = 20) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            try:
                return response.status, dict(response.headers), response.read()
            except http.client.IncompleteRead as cut:  # a stream that stopped mid-way
                return response.status, dict(response.headers) | {TRUNCATED: "1"}, cut.partial
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
