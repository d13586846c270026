"""Every database change reaches the index: after commit, through a locked index, across a crash, a rebuild."""

from __future__ import annotations

import io
import re
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from archive import search
from archive.ingest import parse_text
from archive.ingest.storing.loader import upsert_article
from archive.models import Article, Event, IndexOutbox, Source
from archive.search.storage import open_live_index, write_lock

# Real commits, so that on-commit index updates run as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Заседание комиссии\n\nДепутаты обсудили проект новой Конституции и порядок референдума в Павлодаре."


def ids(q: str) -> set[int]:
    page = search.search(search.SearchRequest(q=q, page_size=100))
    assert not page.message, page.message
    return {hit.article_id for hit in page.hits}


def store(text: str = TEXT, origin: str = "test.txt") -> Article:
    return upsert_article(parse_text(text, origin=origin))[1]


def test_a_new_article_is_searchable_after_commit():
    article = store()
    assert ids("Павлодаре") == {article.pk}
    assert not IndexOutbox.objects.exists()


def test_an_edit_replaces_the_old_text_in_the_index():
    article = store()
    article.title = "Сессия в Экибастузе"
    article.save()
    assert ids("Экибастузе") == {article.pk}
    assert ids("Заседание") == set()


def test_a_deleted_article_leaves_the_index():
    article = store()
    article.delete()
    assert ids("Павлодаре") == set()


def test_a_rolled_back_change_never_reaches_the_index():
    article = store()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Откатанный заголовок"
        article.save()
        raise RuntimeError("the caller fails after saving")
    assert ids("Откатанный") == set()
    assert not IndexOutbox.objects.exists()


def test_renaming_a_source_updates_its_articles():
    article = store()
    article.source = Source.objects.create(name="Kazinform")
    article.save()
    article.source.name = "Kazinform International"
    article.source.save()
    assert ids("source:international") == {article.pk}


def test_facet_labels_are_read_once_per_index_version_and_follow_a_rename():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = store()
    article.source = Source.objects.create(name="Kazinform")
    article.save()

    def source_labels() -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as queries:
            page = search.search(search.SearchRequest(q="Павлодаре"))
        reads = sum('"archive_source"' in q["sql"] for q in queries.captured_queries)
        return [value.label for value in page.facets["source"]], reads

    assert source_labels() == (["Kazinform"], 1)
    assert source_labels() == (["Kazinform"], 0)  # the same index version: from the cache
    article.source.name = "Kazinform International"
    article.source.save()  # re-indexes its articles: a new index version
    assert source_labels() == (["Kazinform International"], 1)


def test_adding_an_article_to_an_event_reaches_the_event_facet():
    article = store()
    event = Event.objects.create(title="Республиканский референдум", kind="referendum")
    event.articles.add(article)
    page = search.search(search.SearchRequest(filters={"event": (event.slug,)}))
    assert [h.article_id for h in page.hits] == [article.pk]
    assert page.facets["event"][0].label == "Республиканский референдум"


def test_a_locked_index_keeps_changes_queued_until_the_next_writer():
    article = store()
    with write_lock(open_live_index(), timeout=1):  # another process is writing
        article.title = "Сессия в Экибастузе"
        article.save()
        assert IndexOutbox.objects.filter(article_id=article.pk).exists()
    assert ids("Экибастузе") == set()  # not yet: the change waits in the outbox
    store("Другая статья\n\nКомиссия одобрила текст в Костанае.", origin="other.txt")  # the next writer
    assert ids("Экибастузе") == {article.pk}
    assert not IndexOutbox.objects.exists()


def test_a_crash_before_the_index_update_is_repaired_by_sync_index():
    with search.deferred_sync():  # the process "dies" after committing, before applying its rows
        article = store()
    assert ids("Павлодаре") == set()
    out = io.StringIO()
    with pytest.raises(CommandError, match="differs"):
        call_command("check_index", "--no-progress", stdout=out)
    assert "1 missing from the index" in out.getvalue()
    call_command("sync_index", stdout=io.StringIO())
    assert ids("Павлодаре") == {article.pk}
    out = io.StringIO()
    call_command("check_index", "--no-progress", stdout=out)
    assert "the index matches the database" in out.getvalue()


def test_check_index_finds_stale_entries():
    article = store()
    with search.deferred_sync():
        Article.objects.filter(pk=article.pk).update(title="Изменено в обход модели")  # no signals, no outbox
        IndexOutbox.objects.all().delete()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", "--no-progress", stdout=out)
    assert f"1 stale in the index: {article.pk}" in out.getvalue()
    call_command("sync_index", "--all", stdout=io.StringIO())
    assert ids("обход") == {article.pk}


def test_rebuild_swaps_atomically_and_keeps_writes_made_meanwhile():
    first = store()
    seen_during_rebuild = []

    def progress(_count):
        seen_during_rebuild.append(ids("Павлодаре"))  # searches still answer from the old index
        store("Поздняя статья\n\nСтатья, записанная во время перестройки индекса, в Талдыкоргане.", origin="late.txt")

    assert search.rebuild(progress=progress) == 1
    assert seen_during_rebuild == [{first.pk}]
    assert len(ids("Талдыкоргане")) == 1  # written while the old index was locked, applied to the new one
    assert not IndexOutbox.objects.exists()


def test_rebuild_index_command_reports_and_check_passes(imported_seeds):
    out = io.StringIO()
    call_command("rebuild_index", "--no-progress", stdout=out)
    assert out.getvalue().startswith("indexed 5 articles")
    assert search.search(search.SearchRequest()).total == 5
    call_command("check_index", "--no-progress", stdout=io.StringIO())


def test_rebuild_index_reports_the_time_the_rebuild_took(imported_seeds, monkeypatch):
    rebuild = search.rebuild

    def slow_rebuild(**options):
        time.sleep(0.4)
        return rebuild(**options)

    monkeypatch.setattr(search, "rebuild", slow_rebuild)
    out = io.StringIO()
    started = time.perf_counter()
    call_command("rebuild_index", "--no-progress", stdout=out)
    elapsed = time.perf_counter() - started
    reported = re.fullmatch(r"indexed 5 articles in (\d+\.\d) s\n", out.getvalue())
    assert reported is not None
    assert 0.4 <= float(reported.group(1)) <= elapsed + 0.05


@pytest.mark.parametrize("command", ["import_articles", "rebuild_index", "sync_index", "check_index"])
def test_every_command_has_help(command):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(command, "--help", stdout=out)
    assert exit_info.value.code == 0


def test_an_index_of_another_version_is_refused_clearly_and_rebuilt(search_index_dir):
    store()
    live = search_index_dir / (search_index_dir / "CURRENT").read_text()
    (live / "QUJAT_INDEX_VERSION").write_text("0.0")
    page = search.search(search.SearchRequest(q="Павлодаре"))
    assert "run `python manage.py rebuild_index`" in page.message
    call_command("rebuild_index", "--no-progress", stdout=io.StringIO())
    assert ids("Павлодаре") != set()


def test_the_live_index_is_read_without_mmap():
    # With mmap, Whoosh copies each compound segment into the heap: 1.3 GB per process at 100k articles.
    store()
    assert open_live_index().storage.supports_mmap is False
