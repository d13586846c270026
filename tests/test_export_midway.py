"""A streamed export whose database stops answering midway ends with a line that says so, and is logged; the
rows before it are whole. PostgreSQL for real: the server process serving the export is terminated
(pg_terminate_backend, from another connection) after the first chunk of articles has been sent.

SQLite has no server connection to cut; the PostgreSQL pass of CI runs these (the formats' endings are checked
on both below, and the 503 before the headers in tests/test_database_down.py).
"""

from __future__ import annotations

import csv
import io
import json
import logging

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from archive import exports
from archive.downloads import _error_ending

MESSAGE = "ERROR: export incomplete — the database stopped answering after {} rows"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="needs a database server to cut: the PostgreSQL pass runs it")


@pytest.fixture
def committed_seeds(transactional_db):
    """The seeds committed (not inside a test transaction): the export then reads them as a request would."""
    call_command("import_articles", "seeds", "--no-progress", stdout=io.StringIO())
    yield
    connection.close()  # the terminated one: the flush after the test opens a fresh connection


def _cut_this_connection() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    conninfo = {k: v for k, v in params.items() if k in {"dbname", "user", "password", "host", "port"}}
    with psycopg.connect(**conninfo, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


def _stream_cut_after(client, fmt: str, pieces_before_cut: int, monkeypatch) -> tuple[str, str]:
    """(what was sent before the cut, what was sent after it), the database cut after `pieces_before_cut`."""
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 2)  # 5 seeds: chunks of 2, 2, 1; the cut falls between chunks
    response = client.get("/search/", {"q": "", "format": fmt})
    assert response.status_code == 200 and response.streaming
    pieces = iter(response.streaming_content)
    before = b"".join(next(pieces) for _ in range(pieces_before_cut)).decode("utf-8-sig")
    _cut_this_connection()
    after = b"".join(pieces).decode("utf-8")
    return before, after


@on_postgresql
def test_a_csv_export_cut_midway_ends_with_an_error_line_and_is_logged(client, committed_seeds, monkeypatch,
                                                                       caplog):
    with caplog.at_level(logging.ERROR, logger="archive.failure"):
        before, after = _stream_cut_after(client, "csv", 4, monkeypatch)  # BOM, header, two rows
    rows = list(csv.reader(io.StringIO(before + after)))
    assert rows[0][0] == "id" and len(rows) == 1 + 2 + 1
    assert all(row[0].isdigit() and len(row) == len(rows[0]) for row in rows[1:3])  # whole rows
    assert rows[-1] == ["# " + MESSAGE.format(2)]
    assert after.endswith("\r\n") and after.count("\n") == 1  # nothing after the error line
    assert "csv export stopped after 2 rows" in caplog.text


@on_postgresql
def test_a_jsonl_export_cut_midway_ends_with_an_error_record(client, committed_seeds, monkeypatch):
    before, after = _stream_cut_after(client, "jsonl", 2, monkeypatch)
    records = [json.loads(line) for line in (before + after).splitlines()]
    assert [("id" in r) for r in records] == [True, True, False]
    assert records[-1] == {"error": MESSAGE.format(2), "complete": False, "rows": 2}


@on_postgresql
def test_a_csl_json_export_cut_midway_still_parses_and_ends_with_an_error_entry(client, committed_seeds,
                                                                                  monkeypatch):
    before, after = _stream_cut_after(client, "csljson", 3, monkeypatch)  # «[», two entries
    entries = json.loads(before + after)
    assert len(entries) == 3 and entries[-1]["id"] == "qujat-export-error"
    assert entries[-1]["title"] == MESSAGE.format(2)


@on_postgresql
def test_an_export_whose_database_is_gone_before_it_starts_is_a_503(client, committed_seeds):
    _cut_this_connection()  # the next query of this process fails: the check before the headers
    response = client.get("/search/", {"q": "", "format": "csv"})
    assert response.status_code == 503 and response["Retry-After"]
    assert not response.streaming


@pytest.mark.parametrize("rows", [0, 3])
def test_every_format_s_error_ending_says_so_in_its_own_syntax(rows):
    message = MESSAGE.replace("{}", "%(rows)s")
    text = MESSAGE.format(rows)
    assert list(csv.reader(io.StringIO(_error_ending("csv", message, rows)))) == [["# " + text]]
    assert json.loads(_error_ending("jsonl", message, rows))["error"] == text
    csl = ("[" + ("\n{}," * (rows - 1) + "\n{}" if rows else "")) + _error_ending("csljson", message, rows)
    assert json.loads(csl)[-1]["title"] == text
    assert "@misc{qujat-export-error," in _error_ending("bibtex", message, rows)
    assert f"TI  - {text}\r\n" in _error_ending("ris", message, rows)
