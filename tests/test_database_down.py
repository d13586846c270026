"""A database that stops answering under a live gunicorn: every page a translated 503 with Retry-After, never a 500
or a traceback; /healthz names the database; the next request after it returns is answered again.

Real outages, not mocks: a PostgreSQL cluster of the test's own (tests/pg_cluster.py) stopped with a fast
shutdown (open connections cut), and an SQLite file replaced by bytes that are not a database. Both run in either
CI pass: neither depends on DATABASE_URL or on the main cluster.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.live_gunicorn import live_server
from tests.pg_cluster import throwaway_cluster

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 5439
ADMIN_PASSWORD = "a-long-enough-admin-password-41"
# The 503 page's heading, as the catalogues say it (locale/translations.py).
TITLES = {"kk": "Уақытша қолжетімсіз", "ru": "Временно недоступно", "en": "Temporarily unavailable"}
TRACES = ("Traceback", "OperationalError", "File \"/", "psycopg", "sqlite3")


def _environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    # tests.settings: the production settings with plain static file storage (no collectstatic needed here).
    env.update(DATA_DIR=str(data_dir), SECRET_KEY="db-down-test-" + "x" * 40, ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="0", DJANGO_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(ROOT),
               DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD, LOG_LEVEL="ERROR")  # fmt: skip
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _prepare(env: dict[str, str]) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["import_articles", "--no-progress", str(ROOT / "seeds")],
                    ["createsuperuser", "--noinput", "--username", "admin", "--email", "admin@qujat.example"]):
        done = subprocess.run(manage + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]


@contextmanager
def _gunicorn(env: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    log = Path(env["DATA_DIR"]) / "gunicorn.log"
    with live_server(env, workers=1, log=log) as base:
        yield base, [str(log)]


def _fetch(opener, url: str, language: str = "en", accept: str = "") -> tuple[int, dict, str]:
    headers = {"Accept-Language": language, **({"Accept": accept} if accept else {})}
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def _signed_in_admin(base: str):
    """An opener holding a staff session cookie: with the database down, reading that session is a query."""
    # The cookies are Secure (production settings); this test speaks plain HTTP to 127.0.0.1, so send them anyway.
    jar = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, _, page = _fetch(opener, base + "/admin/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "admin", "password": ADMIN_PASSWORD,
                                   "next": "/admin/"}).encode()
    opener.open(urllib.request.Request(base + "/admin/login/", data=form, headers={"Referer": base}), timeout=30)
    status, _, page = _fetch(opener, base + "/admin/")
    assert status == 200 and "logout" in page.lower(), "the admin did not sign in"
    return opener


def _pages(base: str) -> dict[str, str]:
    """Every kind of page, with a real article id and person slug read from the running archive."""
    plain = urllib.request.build_opener()
    _, _, found = _fetch(plain, base + "/search/?format=json")
    article_id = json.loads(found)["results"][0]["id"]
    _, _, people = _fetch(plain, base + "/people/")
    slug = re.search(r'href="/people/([^/"?]+)/"', people).group(1)
    return {
        "home": "/", "search": "/search/?q=%D1%80%D0%B5%D1%84%D0%B5%D1%80%D0%B5%D0%BD%D0%B4%D1%83%D0%BC",
        "articles": "/articles/", "article": f"/articles/{article_id}/", "person": f"/people/{slug}/",
        "people": "/people/", "events": "/events/",
        "csv": "/search/?q=&format=csv", "jsonl": "/search/?format=jsonl", "ris": "/search/?format=ris",
        "atom": "/search/?format=atom", "search-json": "/search/?q=Tokayev&format=json",
        "entity-json": f"/people/{slug}/?format=json", "cite": f"/articles/{article_id}/cite/bibtex/",
    }


def _exercise(base: str, break_database: Callable[[], None], restore_database: Callable[[], None]) -> None:
    """Each page in three languages before (200), during (503) and after (200) the outage. The baseline is read in
    English only, so in Kazakh and Russian no search page is cached: those must reach the database and fail."""
    plain = urllib.request.build_opener()
    admin = _signed_in_admin(base)
    pages = _pages(base)
    for name, path in pages.items():
        status, _, _ = _fetch(plain, base + path)
        assert status == 200, f"{name} before the outage: {status}"

    break_database()
    started = time.monotonic()
    for name, path in pages.items():
        for language in ("kk", "ru", "en"):
            status, headers, body = _fetch(plain, base + path, language)
            if status == 200 and headers.get("X-Qujat-Cache") == "hit":
                continue  # a search page already rendered at this index state: still true, the data cannot change
            assert status == 503, f"{name} ({language}) with the database down: {status}\n{body[:500]}"
            assert headers.get("Retry-After", "").isdigit(), name
            assert not any(trace in body for trace in TRACES), f"{name}: {body[:1000]}"
            if name.endswith("json") or name == "jsonl":
                answer = json.loads(body)
                assert answer["failing"] == "database" and answer["message"], name
                assert headers["Content-Type"].startswith("application/json"), name
            else:
                assert TITLES[language] in body, f"{name} ({language}): {body[:500]}"
    status, headers, body = _fetch(plain, base + "/search/", "en", accept="application/json")
    assert status == 503 and json.loads(body)["failing"] == "database"
    status, headers, body = _fetch(admin, base + "/admin/", "ru")
    assert status == 503 and TITLES["ru"] in body and headers.get("Retry-After")
    status, _, body = _fetch(plain, base + "/healthz")
    assert status == 503 and json.loads(body)["failing"] == "database"
    assert time.monotonic() - started < 30, "answers to a dead database must not hang"

    restore_database()
    for name, path in {**pages, "healthz": "/healthz"}.items():
        status, _, body = _fetch(plain, base + path)
        assert status == 200, f"{name} after the database returned: {status}\n{body[:300]}"
    status, _, page = _fetch(admin, base + "/admin/")
    assert status == 200 and "logout" in page.lower(), "the admin's session survives the outage"


def test_it_answers_503_while_postgresql_is_stopped_and_recovers(tmp_path):
    with throwaway_cluster(PG_PORT) as cluster:
        env = _environment(tmp_path, cluster.url)
        _prepare(env)
        with _gunicorn(env) as (base, logs):
            _exercise(base, cluster.stop, cluster.start)
        log = Path(logs[0]).read_text()
    assert "database unavailable on GET /" in log  # the outage is logged


def test_it_answers_503_while_the_sqlite_file_is_not_a_database_and_recovers(tmp_path):
    env = _environment(tmp_path)
    _prepare(env)
    database = tmp_path / "qujat.sqlite3"
    aside = tmp_path / "aside"
    aside.mkdir()

    def corrupt() -> None:
        for path in tmp_path.glob("qujat.sqlite3*"):  # the file and its WAL, as a disk failure would leave them
            shutil.move(path, aside / path.name)
        database.write_bytes(b"this is not an SQLite database\n" * 200)

    def restore() -> None:
        database.unlink()
        for path in aside.iterdir():
            shutil.move(path, tmp_path / path.name)

    with _gunicorn(env) as (base, logs):
        _exercise(base, corrupt, restore)
    assert "database unavailable on GET /" in Path(logs[0]).read_text()
