"""A damaged index never means a 500 or a silent empty answer, and rebuild_index repairs every state.

Each state is made under a process that has already served searches from the index (as a gunicorn worker has):
search pages and exports answer 503 with a plain message, article and entity pages still render from the
database, /healthz says what is wrong, check_index reports it, and rebuild_index brings everything back.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, Person

pytestmark = pytest.mark.django_db(transaction=True)


def live_generation(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def segment_files(index_dir: Path) -> list[Path]:
    files = sorted(live_generation(index_dir).glob("*.seg"))
    assert files, "the live generation has segment files"
    return files


def remove_directory(index_dir: Path) -> None:
    shutil.rmtree(index_dir)


def remove_generation_files(index_dir: Path) -> None:
    for path in live_generation(index_dir).iterdir():
        path.unlink()


def truncate_segments(index_dir: Path) -> None:
    for path in segment_files(index_dir):
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size // 2)


def garble_segments(index_dir: Path) -> None:
    for path in segment_files(index_dir):
        size = path.stat().st_size
        path.write_bytes(os.urandom(size))  # same size: only the contents are wrong


def garble_table_of_contents(index_dir: Path) -> None:
    for path in live_generation(index_dir).glob("*.toc"):
        path.write_bytes(b"\x80\x04not a pickle at all" + os.urandom(64))


def foreign_version(index_dir: Path) -> None:
    (live_generation(index_dir) / "QUJAT_INDEX_VERSION").write_text("0.0-another-release")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "missing directory": remove_directory,
    "files of the live generation deleted": remove_generation_files,
    "segment files truncated": truncate_segments,
    "segment files overwritten with garbage": garble_segments,
    "table of contents garbled": garble_table_of_contents,
    "another version": foreign_version,
}


def get(client, path: str, **params):
    return client.get(path, params)


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_index_answers_503_and_rebuild_index_repairs_it(client, imported_seeds, search_index_dir, damage):
    total = Article.objects.count()
    assert json.loads(get(client, "/search/", q="Конституция", format="json").content)["total"] > 0
    assert get(client, "/healthz").status_code == 200

    damage(search_index_dir)

    html = get(client, "/search/", q="Конституция")
    assert html.status_code == 503 and html["Retry-After"]
    assert "Search is unavailable" in html.content.decode()
    data = get(client, "/search/", q="Конституция", format="json")
    assert data.status_code == 503
    assert json.loads(data.content)["results"] == [] and "unavailable" in json.loads(data.content)["message"]
    export = get(client, "/search/", q="Конституция", format="csv")
    assert export.status_code == 503 and b"unavailable" in export.content
    assert get(client, "/search/").status_code == 503  # the empty query too: never "0 articles"

    article = Article.objects.order_by("pk").first()
    assert get(client, article.get_absolute_url()).status_code == 200
    assert get(client, Person.objects.order_by("pk").first().get_absolute_url()).status_code == 200

    health = get(client, "/healthz")
    assert health.status_code == 503
    body = json.loads(health.content)
    assert body["failing"] == "index" and body["index"]["articles"] == total and body["index"]["problem"]

    out = io.StringIO()
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command("check_index", "--no-progress", stdout=out)

    call_command("rebuild_index", "--no-progress", stdout=io.StringIO())

    assert json.loads(get(client, "/search/", format="json").content)["total"] == total
    assert get(client, "/search/", q="Конституция").status_code == 200
    assert get(client, "/healthz").status_code == 200
    call_command("check_index", "--no-progress", stdout=io.StringIO())


def test_an_edit_to_a_lost_index_waits_in_the_outbox_and_never_makes_a_partial_index(
    client, imported_seeds, search_index_dir
):
    """An empty index created in place of a lost one would answer with just the articles edited since."""
    remove_directory(search_index_dir)
    article = Article.objects.order_by("pk").first()
    article.title = "Правка после потери индекса"
    article.save()
    assert not search_index_dir.exists() or not (search_index_dir / "CURRENT").exists()
    assert get(client, "/search/").status_code == 503
    call_command("rebuild_index", "--no-progress", stdout=io.StringIO())
    data = json.loads(get(client, "/search/", q="потери", format="json").content)
    assert [item["id"] for item in data["results"]] == [article.pk]
    assert json.loads(get(client, "/search/", format="json").content)["total"] == Article.objects.count()


def test_a_new_archive_starts_its_index_from_the_outbox(client, search_index_dir):
    """No index and every article queued: the empty index the outbox fills is the whole truth."""
    assert get(client, "/search/").status_code == 200  # nothing stored, nothing to find: a true 0
    call_command("import_articles", str(Path(__file__).parent.parent / "seeds"), "--no-progress",
                 stdout=io.StringIO())  # fmt: skip
    assert json.loads(get(client, "/search/", format="json").content)["total"] == Article.objects.count() == 5
    assert get(client, "/healthz").status_code == 200


def test_healthz_reports_the_parts(client, imported_seeds):
    body = json.loads(get(client, "/healthz").content)
    assert body["status"] == "ok" and body["database"] == "ok"
    index = body["index"]
    assert index["documents"] == index["articles"] == 5
    assert index["pending"] == 0 and index["oldest_pending_seconds"] is None
    assert index["generation"].startswith("gen-")


def test_healthz_fails_when_updates_are_stuck(client, imported_seeds):
    from datetime import timedelta

    from django.utils import timezone

    from archive.models import IndexOutbox

    row = IndexOutbox.objects.create(article_id=Article.objects.first().pk)
    IndexOutbox.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=1))
    response = get(client, "/healthz")
    assert response.status_code == 503
    assert "sync_index" in json.loads(response.content)["index"]["problem"]


@pytest.mark.django_db(transaction=False)
def test_a_new_record_of_the_files_is_read_though_the_last_one_is_kept(tmp_path):
    from archive.search.segment_files import record_segment_files, segment_files_problem

    (tmp_path / "one").write_bytes(b"1234")
    record_segment_files(str(tmp_path), [], toc="none", fixed=("one",))
    assert segment_files_problem(str(tmp_path), ["one", "two"]) == ""
    (tmp_path / "two").write_bytes(b"5678")  # a later commit's file, recorded by the next record
    record_segment_files(str(tmp_path), [], toc="none", fixed=("one", "two"))
    (tmp_path / "two").write_bytes(b"56")
    assert segment_files_problem(str(tmp_path), ["one", "two"]) == "two changed after it was written"
    (tmp_path / "two").unlink()
    assert segment_files_problem(str(tmp_path), ["one", "two"]) == "two is missing"
