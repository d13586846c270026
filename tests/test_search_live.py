"""One truth in a long-running process: after edits, merges and rejections, the searcher this process keeps
answers exactly what a freshly opened one answers, and both what the database says.

These are the issue's reproductions: each failed on a process that refreshed its searcher with Whoosh's own
`Searcher.refresh()` (a segment whose deletions changed kept its old reader).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from whoosh.reading import MultiReader

from archive import curation, search
from archive.models import Article, ExtractionStatus, Organisation, PersonMention
from archive.search.storage import open_live_index, open_reader, searchers

pytestmark = pytest.mark.django_db(transaction=True)


def live_json(client, **params) -> dict:
    response = client.get("/search/", {"format": "json", "page_size": 50, **params})
    assert response.status_code == 200
    return json.loads(response.content)


def fresh_json(client, **params) -> dict:
    """The same request answered by a freshly opened searcher (what a restarted process would say)."""
    searchers.reset()
    from django.core.cache import caches

    caches["search_pages"].clear()
    return live_json(client, **params)


def result_ids(data: dict) -> list[int]:
    return [item["id"] for item in data["results"]]


def csv_ids(client, **params) -> list[int]:
    response = client.get("/search/", {"format": "csv", **params})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return [int(row[0]) for row in rows[1:]]


def test_an_edited_article_is_listed_once_in_the_same_process(client, imported_seeds):
    before = result_ids(live_json(client))
    article = Article.objects.get(pk=before[2])
    article.title = article.title + " (исправлено)"
    article.save()
    after = live_json(client)
    assert sorted(result_ids(after)) == sorted(before)
    assert after["total"] == Article.objects.count() == len(set(result_ids(after)))
    assert after == fresh_json(client)


def test_repeated_edits_keep_every_answer_equal_to_a_fresh_process(client, imported_seeds):
    for round_ in range(4):
        for article in Article.objects.order_by("pk"):
            article.title = f"{article.title.split(' #')[0]} #{round_}"
            article.save()
        live = [live_json(client, q=q) for q in ("Конституция", "", "референдум")]
        live_csv = csv_ids(client, q="Конституция")
        fresh = [fresh_json(client, q=q) for q in ("Конституция", "", "референдум")]
        assert live == fresh
        assert live_csv == csv_ids(client, q="Конституция")
        assert len(live_csv) == len(set(live_csv))


def test_merging_organisations_leaves_each_article_counted_once(client, imported_seeds):
    total = live_json(client, q="Конституция")["total"]
    organisations = list(Organisation.objects.order_by("pk")[:3])
    assert len(organisations) == 3
    curation.merge_entities(organisations[0], organisations[1:])
    data = live_json(client, q="Конституция")
    assert data["total"] == total == len(set(result_ids(data)))
    assert len(csv_ids(client, q="Конституция")) == total
    assert data == fresh_json(client, q="Конституция")


def test_a_rejected_mention_no_longer_filters_by_its_person(client, imported_seeds):
    mention = PersonMention.objects.select_related("person").order_by("pk").first()
    slug = mention.person.slug
    articles_named = set(
        PersonMention.objects.filter(person=mention.person).exclude(status=ExtractionStatus.REJECTED)
        .values_list("article_id", flat=True)
    )
    assert set(result_ids(live_json(client, person=slug))) == articles_named
    for other in PersonMention.objects.filter(person=mention.person, article_id=mention.article_id):
        other.status = ExtractionStatus.REJECTED
        other.save()
    expected = articles_named - {mention.article_id}
    assert set(result_ids(live_json(client, person=slug))) == expected
    assert live_json(client, person=slug) == fresh_json(client, person=slug)


def test_check_index_sees_what_the_live_process_serves(imported_seeds):
    article = Article.objects.order_by("pk").first()
    article.title = "Новый заголовок"
    article.save()
    out = io.StringIO()
    call_command("check_index", "--no-progress", stdout=out)
    assert "the index matches the database" in out.getvalue()
    drift = search.check()
    assert drift.clean and not drift.duplicated


def test_the_reader_reuses_only_unchanged_segments(imported_seeds):
    """Parity with Whoosh's public reader on the state that broke it: a segment with new deletions."""
    ix = open_live_index()
    first = open_reader(ix)
    article = Article.objects.order_by("pk").first()
    article.title = "Правка"
    article.save()
    ix = open_live_index()
    renewed = open_reader(ix, previous=first)
    public = ix.reader()  # Whoosh's own, opened from nothing: the reference
    assert isinstance(renewed, MultiReader)
    assert renewed.generation() == public.generation()
    assert renewed.doc_count() == public.doc_count() == Article.objects.count()
    assert sorted(f["id"] for f in renewed.all_stored_fields()) == sorted(f["id"] for f in public.all_stored_fields())
    assert [(r.segment().segment_id(), r.doc_count()) for r, _ in renewed.leaf_readers()] == [
        (r.segment().segment_id(), r.doc_count()) for r, _ in (public.leaf_readers())
    ]
