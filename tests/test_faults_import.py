"""Fault suite: `import_articles` and `rebuild_index` killed with SIGKILL at each stage, then run again.

The process is stopped at a named point by the QUJAT_FAULT_PAUSE hook (archive/faults.py) and killed there, as a
power cut or the OOM killer would. After the kill: what was committed is in the database and, until the rerun,
either in the index or waiting in the outbox (never lost); nothing is half-stored. After the rerun: each text
exactly once, and the index equals the database (a fresh searcher's ids, check_index, nothing pending).
"""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest
from django.db.models import Count

from archive.models import Article, ArticleOrigin, IndexOutbox

from .conftest import SEEDS_DIR
from .faults_support import assert_search_equals_database, child_env, fresh_index_ids, kill_at, manage

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

IMPORT = ["import_articles", "--no-progress", "--workers", "1", "--batch-size", "2", "--text-timeout", "600"]
# Five seeds in batches of 2, 2, 1: "database:2" stops inside the second batch's transaction, the first committed.
STAGES = {"parse": "parse:3", "extract": "extract:4", "database": "database:2", "index": "index"}


def seeds_copy(tmp_path: Path) -> Path:
    texts = tmp_path / "texts"
    shutil.copytree(SEEDS_DIR, texts)
    return texts


def assert_nothing_lost_nor_duplicated(files: int | None = None) -> None:
    """Each stored article once (one origin per file), and each either indexed or queued for the index."""
    origins = ArticleOrigin.objects.values("path").annotate(n=Count("id")).filter(n__gt=1)
    assert not origins.exists(), list(origins)
    ids = set(Article.objects.values_list("pk", flat=True))
    if files is not None:
        assert len(ids) == files == ArticleOrigin.objects.count()
    try:
        indexed = set(fresh_index_ids())
    except Exception:  # no index yet (killed before its first commit): everything must be queued
        indexed = set()
    queued = set(IndexOutbox.objects.values_list("article_id", flat=True))
    assert ids <= indexed | queued, f"stored but neither indexed nor queued: {sorted(ids - indexed - queued)}"
    assert indexed <= ids | queued, f"indexed but not stored (and no removal queued): {sorted(indexed - ids - queued)}"


@pytest.mark.parametrize("stage", STAGES, ids=STAGES)
def test_an_import_killed_at_each_stage_and_rerun_stores_each_text_once(tmp_path, search_index_dir, stage):
    texts = seeds_copy(tmp_path)
    env = child_env(search_index_dir, tmp_path / "data")
    code = kill_at(env, STAGES[stage], *IMPORT, str(texts), marker=tmp_path / "paused")
    assert code == -signal.SIGKILL

    committed = Article.objects.count()
    expected_after_kill = {"parse": 2, "extract": 2, "database": 2, "index": 5}[stage]
    assert committed == expected_after_kill  # whole batches only: the killed batch's transaction never landed
    assert_nothing_lost_nor_duplicated()

    manage(env, *IMPORT, str(texts))
    assert_nothing_lost_nor_duplicated(files=5)
    assert sorted(ArticleOrigin.objects.values_list("path", flat=True)) == sorted(p.name for p in texts.iterdir())
    assert_search_equals_database()
    manage(env, "check_index", "--no-progress")  # a separate process agrees


def test_rebuild_index_killed_before_its_switch_leaves_the_old_index_serving(tmp_path, search_index_dir, client):
    env = child_env(search_index_dir, tmp_path / "data")
    manage(env, *IMPORT, str(seeds_copy(tmp_path)))
    live = (search_index_dir / "CURRENT").read_text()
    before = client.get("/search/", {"q": "Конституция", "format": "json"}).json()

    code = kill_at(env, "rebuild", "rebuild_index", "--no-progress", "--procs", "1", marker=tmp_path / "paused")
    assert code == -signal.SIGKILL
    assert (search_index_dir / "CURRENT").read_text() == live  # never switched to the half-built generation
    assert len(list(search_index_dir.glob("gen-*"))) == 2  # the abandoned one is left on disk, not served
    assert_search_equals_database()
    assert client.get("/search/", {"q": "Конституция", "format": "json"}).json() == before
    assert client.get("/healthz").status_code == 200

    article = Article.objects.order_by("pk").first()  # the killed rebuild's write lock died with it
    article.title = "Заголовок после прерванной перестройки"
    article.save()
    assert_search_equals_database()

    manage(env, "rebuild_index", "--no-progress", "--procs", "1")
    assert (search_index_dir / "CURRENT").read_text() != live
    assert len(list(search_index_dir.glob("gen-*"))) <= 2  # the abandoned generation is pruned
    assert_search_equals_database()
    data = client.get("/search/", {"q": "прерванной", "format": "json"}).json()
    assert [hit["id"] for hit in data["results"]] == [article.pk]
    assert json.loads(client.get("/healthz").content)["status"] == "ok"
