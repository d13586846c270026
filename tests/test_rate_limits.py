"""Per-client rate limits on search, exports and feeds: 429 with Retry-After (a page, JSON or plain text, in the
visitor's language), counted per client in the cache every worker shares (the database's, or Redis)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client, RequestFactory

from archive import ratelimit
from archive.clients import client_ip

from .live_gunicorn import free_port

ROOT = Path(__file__).resolve().parent.parent
Q = quote("Конституция")
# Per day: a burst in a test never straddles a window's end (except across midnight UTC, which the tests avoid).
LIMITS = {"search": "3/d", "export": "2/d", "feed": "2/d"}


@pytest.fixture
def limits(settings, db):
    if time.time() % 86400 > 86400 - 120:
        time.sleep(121)  # a day's window ends in under two minutes: wait for the next one
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = dict(LIMITS)
    return settings


def visitor(ip: str = "203.0.113.9", language: str = "en") -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language)


def burst(client: Client, url: str, times: int) -> list[int]:
    return [client.get(url).status_code for _ in range(times)]


def test_the_shared_cache_is_the_database_without_redis(settings):
    assert settings.CACHES["shared"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["search_pages"]["BACKEND"].endswith("LocMemCache")  # rendered pages stay per process


@pytest.mark.parametrize(("language", "title"), [("kk", "Сұраныстар тым көп"), ("ru", "Слишком много запросов"),
                                                 ("en", "Too many requests")])
def test_a_burst_of_searches_beyond_the_limit_gets_429_in_the_visitors_language(limits, language, title):
    client = visitor(language=language)
    url = f"/search/?q={Q}"  # the same search each time: a cached page is still a request
    assert burst(client, url, 3) == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 86400
    assert refused["Content-Type"].startswith("text/html") and refused["Cache-Control"] == "no-store"
    page = refused.content.decode()
    assert f"<h1>{title}</h1>" in page and f'lang="{language}"' in page
    assert "'unsafe-inline'" not in refused["Content-Security-Policy"]


def test_json_searches_get_a_json_429(limits):
    client = visitor(language="ru")
    url = f"/search/?q={Q}&format=json"
    assert burst(client, url, 3) == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429 and refused["Content-Type"] == "application/json"
    body = refused.json()
    assert body["error"] == "too_many_requests" and body["retry_after"] == int(refused["Retry-After"])
    assert "Слишком много запросов" in body["message"]


def test_exports_and_feeds_have_their_own_limits(limits):
    client = visitor()
    assert burst(client, f"/search/?q={Q}&format=csv", 2) == [200, 200]
    refused = client.get(f"/search/?q={Q}&format=jsonl")  # every export format counts together
    assert refused.status_code == 429 and refused.json()["retry_after"] > 0
    bib = client.get(f"/search/?q={Q}&format=bibtex")
    assert bib.status_code == 429 and bib["Content-Type"].startswith("text/plain") and bib.has_header("Retry-After")
    # Searching and the feed are counted apart from exports.
    assert client.get(f"/search/?q={Q}").status_code == 200
    assert burst(client, f"/search/?q={Q}&format=atom", 3) == [200, 200, 429]


def test_a_saved_searchs_feed_counts_as_a_feed(limits, django_user_model):
    from archive.models import SavedSearch

    owner = django_user_model.objects.create_user("reader", password="a-long-password-1")
    saved = SavedSearch.objects.create(owner=owner, name="К", query=f"q={Q}")
    client = visitor()
    feed_url = f"/feeds/saved/{saved.feed_token}/"
    statuses = [client.get(feed_url, follow=True).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_collection_exports_count_as_exports_and_the_collection_page_does_not(limits, django_user_model):
    from archive.models import Collection

    owner = django_user_model.objects.create_user("reader", password="a-long-password-1")
    collection = Collection.objects.create(owner=owner, name="Reform")
    client = visitor()
    client.force_login(owner)
    url = collection.get_absolute_url()
    assert burst(client, url + "?format=csv", 2) == [200, 200]
    refused = client.get(url + "?format=json")
    assert refused.status_code == 429 and refused.json()["error"] == "too_many_requests"
    assert set(burst(client, url, 4)) == {200}


def test_another_client_is_not_limited(limits):
    assert burst(visitor("203.0.113.9"), f"/search/?q={Q}", 4)[-1] == 429
    assert visitor("203.0.113.10").get(f"/search/?q={Q}").status_code == 200


def test_pages_that_are_not_searches_are_not_limited(limits, imported_seeds):
    client = visitor()
    burst(client, f"/search/?q={Q}", 4)
    assert client.get("/").status_code == 200 and client.get("/help/").status_code == 200


def test_limits_can_be_turned_off(limits):
    limits.RATE_LIMITS_ENABLED = False
    assert set(burst(visitor(), f"/search/?q={Q}&format=json", 6)) == {200}


def test_the_retry_after_is_what_is_left_of_the_window(settings, db):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"search": "2/m"}
    request = RequestFactory().get("/search/", REMOTE_ADDR="192.0.2.1")
    start = 6000 * 60 + 0.5  # half a second into a minute
    assert ratelimit.seconds_to_wait(request, "search", now=start) is None
    assert ratelimit.seconds_to_wait(request, "search", now=start + 10) is None
    assert ratelimit.seconds_to_wait(request, "search", now=start + 20) == 40  # 39.5 left, rounded up
    assert ratelimit.seconds_to_wait(request, "search", now=start + 60) is None  # the next minute


@pytest.mark.parametrize("text", ["", "120", "0/m", "-1/m", "10/w", "ten/m", "10/"])
def test_a_malformed_rate_is_refused(text):
    with pytest.raises(ValueError, match="N/s, N/m"):
        ratelimit.parse_rate(text)


def test_rates_read(settings):
    assert ratelimit.parse_rate("120/m") == ratelimit.Rate(120, 60)
    assert ratelimit.parse_rate("5/h") == ratelimit.Rate(5, 3600)
    for rate in settings.RATE_LIMITS.values():  # the configured defaults parse
        ratelimit.parse_rate(rate)


def test_forwarded_addresses_count_only_behind_trusted_proxies(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4")
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(spoofed) == "10.0.0.2"  # no proxy trusted: the header is the client's own words
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(spoofed) == "198.51.100.4"  # what our proxy saw; 1.1.1.1 was written by the client
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(spoofed) == "1.1.1.1"
    settings.TRUSTED_PROXY_HOPS = 3  # fewer entries than proxies: not through them all
    assert client_ip(spoofed) == "10.0.0.2"


def test_a_failing_counter_store_does_not_take_search_down(limits, caplog):
    # Django's test signals drop the cache connections when CACHES changes.
    limits.CACHES = {**limits.CACHES, "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                                 "LOCATION": "no_such_table"}}
    assert set(burst(visitor(), f"/search/?q={Q}&format=json", 5)) == {200}
    assert "rate limit search not counted" in caplog.text


# --- Across processes: two separate Python processes, one counter --------------------------------------------

PROCESS = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR="198.51.100.20")
print(json.dumps([client.get("/search/?q=x&format=json").status_code for _ in range(int(sys.argv[1]))]))
"""


def process_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", DATA_DIR=str(tmp_path), ALLOWED_HOSTS="testserver",
               SECRET_KEY="rate-limit-processes-" + "k3y-" * 10, SECURE_SSL_REDIRECT="0", RATE_LIMITS_ENABLED="1",
               RATE_LIMIT_SEARCH="5/d", PYTHONPATH=str(ROOT), **extra)  # fmt: skip
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def statuses(env: dict[str, str], requests: int) -> list[int]:
    return json.loads(run(env, "-c", PROCESS, str(requests)).stdout.strip().splitlines()[-1])


def test_two_processes_share_one_counter_in_the_database_cache(tmp_path):
    env = process_environment(tmp_path)
    run(env, "manage.py", "migrate", "--noinput", "-v0")  # creates the cache table (migration 0007)
    first, second = statuses(env, 3), statuses(env, 3)
    assert 429 not in first
    assert second[:2] == first[:2] and second[2] == 429  # the sixth request overall, whichever process served it


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed (`make test` installs it)")
def test_two_processes_share_one_counter_in_redis(tmp_path):
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        env = process_environment(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0")
        run(env, "manage.py", "migrate", "--noinput", "-v0")
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        backend = run(env, "-c", "import django; django.setup(); from django.conf import settings; "
                                 "print(settings.CACHES['shared']['BACKEND'])").stdout.strip()
        assert backend == "django.core.cache.backends.redis.RedisCache"
        first, second = statuses(env, 3), statuses(env, 3)
        assert 429 not in first and second[2] == 429 and 429 not in second[:2]
        keys = subprocess.run(["redis-cli", "-p", str(port), "--scan", "--pattern", "*rl:search:*"],
                              capture_output=True, text=True, timeout=10).stdout.split()
        assert len(keys) == 1 and "198.51.100.20" in keys[0]
    finally:
        server.terminate()
        server.wait(timeout=10)
