"""One live gunicorn server across many requests and edits made by another process, as production runs.

The server (one sync worker, living for the whole test) answers searches while a separate long-lived "editor"
process edits, deletes, re-imports, merges and syncs through the ORM, as an admin worker or a command would.
After every edit the server's JSON and CSV answers must equal what the editor computes with a freshly opened
searcher (its caches dropped) and what the database says. The worker's budget of mapped pages is 0, so it
unmaps the index pages it read after every request (archive/search/memory.py) without changing an answer.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from .live_gunicorn import live_server

ROOT = Path(__file__).resolve().parent.parent
EDITOR = Path(__file__).resolve().parent / "live_editor.py"
ROUNDS = 60 if os.environ.get("QUJAT_LONG_TESTS") == "1" else 20
QUERIES = ["", "Конституция", "Tokayev", "Тоқаев", '"круглый стол"', "референдум -Shanyraq"]


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> dict[str, str]:
    data_dir = tmp_path_factory.mktemp("live")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATA_DIR=str(data_dir), SECRET_KEY="live-server-test-" + "x" * 40, ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="0", DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings",
               WORKER_RSS_MB="0")  # fmt: skip
    manage = [sys.executable, str(ROOT / "manage.py")]
    commands = (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"],  # config.wsgi needs them
                ["import_articles", "--no-progress", str(ROOT / "seeds")])
    for command in commands:
        done = subprocess.run(manage + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    return env


@pytest.fixture(scope="module")
def server(environment):
    with live_server(environment, workers=1, log=Path(environment["DATA_DIR"]) / "gunicorn.log") as base:
        yield base


@pytest.fixture(scope="module")
def editor(environment):
    """A second long-lived process that edits through the ORM and answers the reference questions."""
    process = subprocess.Popen([sys.executable, str(EDITOR)], cwd=ROOT, env=environment, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)  # fmt: skip

    def call(command: str, **arguments):
        process.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        process.stdin.flush()
        reply = json.loads(process.stdout.readline())
        assert "error" not in reply, reply.get("error")
        return reply["result"]

    yield call
    process.stdin.close()
    process.wait(timeout=30)


def fetch(base: str, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def served(base: str) -> dict:
    """What the live server says: for each query, the JSON answer and the CSV export's ids."""
    answers = {}
    for q in QUERIES:
        query = urllib.parse.urlencode({"q": q, "format": "json"})
        status, body = fetch(base, f"/search/?{query}")
        assert status == 200, (q, status, body[:300])
        data = json.loads(body)
        status, body = fetch(base, "/search/?" + urllib.parse.urlencode({"q": q, "format": "csv"}))
        assert status == 200
        rows = list(csv.reader(io.StringIO(body.decode())))
        answers[q] = {"ids": [r["id"] for r in data["results"]], "total": data["total"], "facets": data["facets"],
                      "snippets": [r["snippet"] for r in data["results"]], "csv": [int(r[0]) for r in rows[1:]]}
    return answers


def test_one_server_stays_true_across_many_edits_by_another_process(server, editor):
    checked = 0
    for round_ in range(ROUNDS):
        operation = editor("edit", round=round_)
        live = served(server)
        fresh = editor("answers", queries=QUERIES)
        truth = editor("truth")
        assert live == fresh, (round_, operation)
        assert live[""]["total"] == truth["articles"], (round_, operation)
        assert sorted(live[""]["csv"]) == truth["ids"], (round_, operation)
        for q, answer in live.items():
            assert len(answer["csv"]) == len(set(answer["csv"])) == answer["total"], (round_, operation, q)
        status, body = fetch(server, "/healthz")
        assert status == 200, body
        checked += 1
    assert checked == ROUNDS
