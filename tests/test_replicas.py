"""Reads on a real PostgreSQL streaming replica (issue 14, part 3): live gunicorn servers over a primary and its
replica, made by pg_createcluster and pg_basebackup -R (tests/pg_replica.py).

What a reader must see: public pages read from the replica; the client who just wrote reads from the primary
(read-your-writes); a replica lagging beyond REPLICA_MAX_LAG_SECONDS or stopped mid-test is skipped without an
error page, and used again once it is back. The replica's staleness is made on purpose (WAL replay paused), so
"served by the replica" is observed as an answer only the replica can give, not assumed.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from . import pg_replica
from .live_gunicorn import live_server

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="runs in the PostgreSQL pass (CI's second run), which has its tools"),
    pytest.mark.skipif(bool(pg_replica.available()), reason=pg_replica.available() or "-"),
]


class _PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Sends the production settings' Secure cookies over the test's plain HTTP, as a browser would behind TLS."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Browser:
    """A client with its own cookies, as one person's browser (urllib: nothing beyond the standard library)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar(_PlainHttpPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def sign_in(self, username: str, password: str) -> None:
        status, page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert self.post("/accounts/login/", {"csrfmiddlewaretoken": token, "username": username,
                                              "password": password}) == 200  # fmt: skip
        assert any(cookie.name == "qujat_wrote" for cookie in self.jar)  # pinned to the primary for a while


def manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def pair():
    with pg_replica.primary_and_replica() as made:
        yield made


@pytest.fixture(scope="module")
def servers(pair, tmp_path_factory):
    """Two live servers over the same primary and replica: `patient` accepts any lag, `strict` one second."""
    base_env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATA_DIR"}}
    base_env.update(DATABASE_URL=pair.primary_url, SECRET_KEY="replica-test-" + "k" * 50, ALLOWED_HOSTS="127.0.0.1",
                    SECURE_SSL_REDIRECT="0", DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings",
                    CONN_MAX_AGE="60", REPLICA_CHECK_SECONDS="0.2", REPLICA_PIN_SECONDS="20")  # fmt: skip
    setup_env = {**base_env, "DATA_DIR": str(tmp_path_factory.mktemp("replica-setup"))}
    manage(setup_env, "migrate", "--noinput", "-v0")
    manage(setup_env, "import_articles", "--no-progress", str(ROOT / "seeds"))
    manage({**setup_env, "DJANGO_SUPERUSER_PASSWORD": "a-long-editor-password-9"},
           "createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org")
    pair.replica_caught_up()
    with ExitStack() as running:
        yield {name: running.enter_context(_server(base_env, pair, name, lag, tmp_path_factory, backend))
               for name, lag, backend in (("patient", "3600", "whoosh"), ("strict", "1", "whoosh"),
                                          ("pgsearch", "3600", "postgres"))}  # fmt: skip


@contextmanager
def _server(base_env: dict[str, str], pair, name: str, lag: str, tmp_path_factory, backend: str) -> Iterator[str]:
    """One live server on its own index (or the PostgreSQL backend's documents, written on the primary), reading
    from the replica unless it lags more than `lag` seconds."""
    data_dir = tmp_path_factory.mktemp(f"replica-{name}")
    env = {**base_env, "DATA_DIR": str(data_dir), "DATABASE_REPLICA_URLS": pair.replica_url,
           "REPLICA_MAX_LAG_SECONDS": lag, "SEARCH_BACKEND": backend}  # fmt: skip
    manage(env, "rebuild_index", "--no-progress")
    manage(env, "collectstatic", "--noinput", "-v0")
    with live_server(env, workers=1, log=data_dir / "gunicorn.log") as base:
        yield base


def article(pair) -> tuple[int, str]:
    row = pair.psql("SELECT id || '|' || title FROM archive_article ORDER BY id LIMIT 1")
    number, title = row.split("|", 1)
    return int(number), title


def retitle(pair, number: int, title: str) -> None:
    """A write on the primary, as another web host's editor would make it."""
    pair.psql(f"UPDATE archive_article SET title = '{title}' WHERE id = {number}")


def shown_title(page: str) -> str:
    return html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))


def healthz(base: str) -> tuple[int, dict]:
    status, body = Browser(base).get("/healthz")
    return status, json.loads(body)


def test_public_reads_come_from_the_replica_and_a_writer_reads_its_own_writes(pair, servers):
    number, before = article(pair)
    patient, strict = Browser(servers["patient"]), Browser(servers["strict"])
    assert patient.get(f"/articles/{number}/")[0] == 200
    pair.pause_replay()
    try:
        retitle(pair, number, "Replica marker one")
        status, page = patient.get(f"/articles/{number}/")
        assert status == 200 and before in shown_title(page)  # only the paused replica still says this
        writer = Browser(servers["patient"])
        writer.sign_in("editor", "a-long-editor-password-9")
        assert "Replica marker one" in shown_title(writer.get(f"/articles/{number}/")[1])  # read-your-writes
        time.sleep(1.5)  # the replica is now more than a second behind: the strict server stops reading from it
        status, page = strict.get(f"/articles/{number}/")
        assert status == 200 and "Replica marker one" in shown_title(page)
        status, health = healthz(servers["strict"])
        assert status == 200 and health["replicas"][0]["healthy"] is False
        assert "lagging" in health["replicas"][0]["reason"]
    finally:
        pair.resume_replay()
    pair.replica_caught_up()
    assert "Replica marker one" in shown_title(patient.get(f"/articles/{number}/")[1])
    retitle(pair, number, before.replace("'", "''"))
    pair.replica_caught_up()


def test_a_replica_stopped_mid_test_is_skipped_without_an_error_and_used_again(pair, servers):
    number, before = article(pair)
    reader = Browser(servers["patient"])
    paths = [f"/articles/{number}/", "/search/?q=%D0%9A%D0%BE%D0%BD%D1%81%D1%82%D0%B8%D1%82%D1%83%D1%86%D0%B8%D1%8F",
             "/people/", "/"]  # fmt: skip
    statuses = [reader.get(path)[0] for path in paths]
    pair.stop_replica()
    try:
        for _ in range(5):  # the first of these meets the dead connection: answered again from the primary
            statuses += [reader.get(path)[0] for path in paths]
        status, health = healthz(servers["patient"])
        assert status == 200 and health["replicas"][0]["healthy"] is False
    finally:
        pair.start_replica()
    assert statuses == [200] * len(statuses)
    pair.replica_caught_up()
    time.sleep(0.5)  # past REPLICA_CHECK_SECONDS: the server looks again and finds it back
    pair.pause_replay()
    try:
        retitle(pair, number, "Replica marker two")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "Replica marker two" in shown_title(reader.get(paths[0])[1]):
            time.sleep(0.2)  # read from the primary until the server has checked the replica again
        assert before in shown_title(reader.get(paths[0])[1])  # the stale replica answers again
        assert healthz(servers["patient"])[1]["replicas"][0]["healthy"] is True
    finally:
        pair.resume_replay()
        retitle(pair, number, before.replace("'", "''"))
        pair.replica_caught_up()


def test_a_search_page_cached_while_the_replica_lagged_is_not_served_once_it_has_caught_up(pair, servers):
    """The PostgreSQL backend on a replica: the page cache's version is read where the search reads, so a page made
    from the replica's older documents is never stored under the primary's newer version."""
    number, before = article(pair)
    reader = Browser(servers["pgsearch"])
    marker = "Replicamarkerthree"
    search = f"/search/?q={marker}&format=json"
    assert json.loads(reader.get(search)[1])["total"] == 0
    pair.pause_replay()
    try:  # an editor's change through the ORM: the article and its search document in one transaction
        manage({**os.environ, "DATABASE_URL": pair.primary_url, "SEARCH_BACKEND": "postgres", "DEBUG": "1",
                "DJANGO_SETTINGS_MODULE": "config.settings"}, "shell", "-c",
               f"from archive.models import Article; a = Article.objects.get(pk={number}); "
               f"a.title = a.title + ' {marker}'; a.save()")  # fmt: skip
        status, body = reader.get(search)  # answered from the paused replica, and cached
        assert status == 200 and json.loads(body)["total"] == 0
    finally:
        pair.resume_replay()
    pair.replica_caught_up()
    found = json.loads(reader.get(search)[1])
    assert found["total"] == 1 and found["results"][0]["id"] == number
    retitle(pair, number, before.replace("'", "''"))  # the title back (its document too, on the next rebuild)
    pair.replica_caught_up()


def test_the_load_test_sends_search_and_page_reads_to_the_replica(pair, servers, tmp_path):
    """`bench/load.py --replica-urls` (make load on PostgreSQL): real gunicorn under concurrent clients reads
    from the replica, no request fails, and the report counts what each database answered."""
    pair.replica_caught_up()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATA_DIR", "DATABASE_URL"}}
    data_dir = tmp_path / "data"
    manage({**env, "DATABASE_URL": pair.primary_url, "DATA_DIR": str(data_dir), "DEBUG": "0",
            "SECRET_KEY": "replica-load-" + "k3y-" * 12, "DJANGO_SETTINGS_MODULE": "config.settings"},
           "rebuild_index", "--no-progress")  # fmt: skip
    queries = [{"kind": "ru_frequent", "q": "Конституция"}, {"kind": "kk_frequent", "q": "референдум"},
               {"kind": "ru_rare", "q": "комиссия"}, {"kind": "empty", "q": ""}]  # fmt: skip
    (data_dir / "queries.json").write_text(json.dumps({"queries": queries}), encoding="utf-8")
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--data-dir", str(data_dir), "--workers", "2",
         "--clients", "3", "--seconds", "4", "--database-url", pair.primary_url, "--replica-urls", pair.replica_url,
         "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["load"]["requests"] > 20 and report["load"]["errors"] == 0, report["load"]["error_examples"]
    reads = report["database_reads"]
    replica = next(row for row in reads.values() if row["role"] == "replica")
    primary = next(row for row in reads.values() if row["role"] == "primary")
    assert replica["answered"] and primary["answered"]
    assert replica["transactions"] >= report["load"]["requests"] // 2  # the reads went to the replica
    assert replica["rows_read"] > primary["rows_read"]
    assert "replica " in done.stdout and "transactions" in done.stdout  # the printed table says so
