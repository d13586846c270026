"""Backups that restore: export the archive after imports and curation, restore it into an EMPTY database in
another process (SQLite: another data dir; PostgreSQL: another database), and get the same rows in every table
(articles, entities, history, accounts …) and the same search answers: ids, totals, facet counts, exports.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from archive import curation, search
from archive.backup import backed_up_models, import_archive
from archive.models import Article, Collection, CollectionItem, Person, SavedSearch, SlugRedirect
from tests.backup_probe import snapshot

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("imported_seeds")


def _curate() -> dict:
    """An editor's day: a merge, a title fix (recorded as theirs), a saved search and a collection."""
    editor = User.objects.create_user("editor", password="a-long-editor-password-1", is_staff=True)
    people = list(Person.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:2])
    assert curation.merge_entities(people[0], [people[1]]) == 1
    article = Article.objects.order_by("pk").first()
    article.title = "Исправленный заголовок: референдум"
    curation.record_article_edit(article, ["title"])
    article._history_user = editor
    article.save()
    SavedSearch.objects.create(owner=editor, name="референдум", query="q=референдум")
    collection = Collection.objects.create(owner=editor, name="Для статьи")
    CollectionItem.objects.create(collection=collection, article=article, note="проверить дату")
    search.apply_pending()  # what the after-commit hook does in a request
    return {"merged": people[1].slug, "article": article.pk}


def _subprocess_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(ROOT))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextmanager
def _empty_database(tmp_path: Path):
    """A migrated, empty database no other test uses, and the environment of processes that use it."""
    data_dir = tmp_path / "restored"
    data_dir.mkdir()
    url = None
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        name = f"{connection.settings_dict['NAME']}_restore"[:63]
        admin = psycopg.connect(**{k: v for k, v in params.items() if k in {"dbname", "user", "password", "host",
                                                                                "port"}}, autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{params['user']}:{params['password']}@{params['host']}:{params['port']}/{name}"
    env = _subprocess_env(data_dir, url)
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        yield env
    finally:
        if url:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def _manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_restore_into_an_empty_database_answers_exactly_as_before(tmp_path):
    curated = _curate()
    before = snapshot()
    backup = tmp_path / "qujat.jsonl.gz"
    call_command("export_archive", str(backup), stdout=io.StringIO())

    with _empty_database(tmp_path) as env:
        out = _manage(env, "import_archive", str(backup), "--procs", "1")
        done = subprocess.run([sys.executable, "-m", "tests.backup_probe"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        after = json.loads(done.stdout)

    assert "restored" in out and "indexed 5 articles" in out
    for table, rows in before["tables"].items():
        assert after["tables"][table] == rows, table
    for key, answer in before["searches"].items():
        for part, value in answer.items() if isinstance(answer, dict) else [("export", answer)]:
            got = after["searches"][key][part] if isinstance(answer, dict) else after["searches"][key]
            if part == "facets":
                for facet, values in value.items():
                    assert got[facet] == values, (key, facet)
            assert got == value, (key, part)
    # What the comparison covers is not empty: the edits, their history and their effect on search.
    tables = before["tables"]
    assert len(tables["archive.article"]) == 5 and len(tables["archive.historicalarticle"]) >= 6
    assert any(row[-1] for row in tables["archive.historicalarticle"])  # a history row names its editor
    assert len(tables["archive.slugredirect"]) == 1 and len(tables["archive.savedsearch"]) == 1
    assert SlugRedirect.objects.filter(old_slug=curated["merged"]).exists()
    assert before["searches"]["референдум|collapse=False"]["total"] > 0
    assert before["searches"]["Исправленный заголовок|collapse=False"]["ids"] == [curated["article"]]


def test_it_refuses_a_database_that_is_not_empty(tmp_path):
    backup = tmp_path / "qujat.jsonl.gz"
    call_command("export_archive", str(backup), stdout=io.StringIO())
    refusal = r"nothing was restored: the database is not empty \(5 in archive\.article"
    with pytest.raises(CommandError, match=refusal):
        call_command("import_archive", str(backup), stdout=io.StringIO())
    assert Article.objects.count() == 5


def _emptied() -> None:
    """Every backed-up table emptied (inside the test's transaction: the foreign keys are checked at its end)."""
    for model in reversed(backed_up_models()):
        model._base_manager.all()._raw_delete(connection.alias)
    assert not Article.objects.exists()


def test_a_truncated_or_foreign_file_restores_nothing(tmp_path):
    backup = tmp_path / "qujat.jsonl.gz"
    call_command("export_archive", str(backup), stdout=io.StringIO())
    lines = gzip.decompress(backup.read_bytes()).decode().splitlines(keepends=True)
    _emptied()

    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress("".join(lines[: len(lines) // 2]).encode()))  # a clean gzip, half the lines
    with pytest.raises(CommandError, match="nothing was restored: .*truncated"):
        call_command("import_archive", str(cut), stdout=io.StringIO())
    assert not Article.objects.exists() and not User.objects.exists()

    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])  # a copy cut short: gzip's own check
    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("import_archive", str(broken), stdout=io.StringIO())

    foreign = tmp_path / "foreign.jsonl.gz"
    foreign.write_bytes(gzip.compress(b'{"format": "something-else", "version": 1}\n'))
    with pytest.raises(CommandError, match="not a Qujat archive"):
        call_command("import_archive", str(foreign), stdout=io.StringIO())
    assert not Article.objects.exists()


def test_the_same_process_round_trip_keeps_every_row(tmp_path):
    """In-process (no index rebuild: its processes could not see this test's transaction): every table equal."""
    _curate()
    before = snapshot()["tables"]
    backup = tmp_path / "qujat.jsonl.gz"
    call_command("export_archive", str(backup), stdout=io.StringIO())
    _emptied()
    report = import_archive(backup, rebuild_index=False)
    assert report.counts["archive.article"] == 5
    from tests.backup_probe import tables

    assert tables() == before
    newest = max(row[0] for row in before["archive.person"])
    assert Person.objects.create(name="Новый человек").pk > newest  # the id sequences continue after the restore


def test_export_refuses_to_overwrite_and_both_commands_explain_themselves(tmp_path):
    backup = tmp_path / "qujat.jsonl.gz"
    backup.write_text("precious")
    with pytest.raises(CommandError, match="exists"):
        call_command("export_archive", str(backup), stdout=io.StringIO())
    assert backup.read_text() == "precious"
    for command in ("export_archive", "import_archive"):
        with pytest.raises(SystemExit):
            call_command(command, "--help", stdout=io.StringIO())
