"""The batched importer: the same records as text by text, editors' decisions kept, the index in step,
one bad text failing alone, the same result with worker processes, and the time each stage took."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive import search
from archive.ingest import collect_files, ingest_files
from archive.ingest.prepare import prepare_file
from archive.ingest.reading.reader import MAX_TEXT_BYTES
from archive.ingest.storing.batch import store_batch
from archive.models import (
    Article,
    Event,
    ExtractionStatus,
    IndexOutbox,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Quote,
    Source,
)
from bench.import_stage import write_texts

from .conftest import SEEDS_DIR, seed_path

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """Seeds and 80 synthetic articles (bench.corpus) that name the same people, organisations and events."""
    from bench.corpus import generate_corpus

    folder = tmp_path / "corpus"
    write_texts(generate_corpus(80, seed=3), folder)
    for seed in SEEDS_DIR.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    return folder


def stored() -> dict[str, list]:
    """Everything the importer links, by names rather than ids, so that two imports can be compared."""
    article = dict(Article.objects.values_list("pk", "origin"))
    person = dict(Person.objects.values_list("pk", "name"))
    organisation = dict(Organisation.objects.values_list("pk", "name"))
    event = dict(Event.objects.values_list("pk", "key"))
    return {
        "articles": sorted(Article.objects.values_list("origin", "checksum", "title", "source__slug", "review_status")),
        "people": sorted(Person.objects.values_list("name", "slug", "role")),
        "person_aliases": sorted((person[p], name, key) for p, name, key in
                                 PersonAlias.objects.values_list("person", "name", "key")),
        "organisations": sorted(Organisation.objects.values_list("name", "slug", "abbreviation")),
        "organisation_aliases": sorted((organisation[o], name, key) for o, name, key in
                                       OrganisationAlias.objects.values_list("organisation", "name", "key")),
        "person_mentions": sorted(
            (article[a], person[p], surface, role, confidence, status) for a, p, surface, role, confidence, status
            in PersonMention.objects.values_list("article", "person", "surface", "role", "confidence", "status")),
        "organisation_mentions": sorted(
            (article[a], organisation[o], surface, confidence, status) for a, o, surface, confidence, status
            in OrganisationMention.objects.values_list("article", "organisation", "surface", "confidence", "status")),
        "quotes": sorted((article[a], person.get(p, ""), text, position, confidence, status)
                         for a, p, text, position, confidence, status in
                         Quote.objects.values_list("article", "speaker", "text", "position", "confidence", "status")),
        "events": sorted(Event.objects.values_list("key", "slug", "title", "kind", "starts_on", "place")),
        "event_articles": sorted((event[e], article[a]) for e, a in
                                 Event.articles.through.objects.values_list("event", "article")),
        "event_people": sorted((event[e], person[p]) for e, p in
                               Event.participants.through.objects.values_list("event", "person")),
    }


def wipe() -> None:
    for model in (Event, Article, Person, Organisation, Source, IndexOutbox):
        model.objects.all().delete()


def test_a_batch_links_exactly_what_storing_text_by_text_links(corpus_dir):
    items = [prepare_file(path, max_bytes=MAX_TEXT_BYTES, known=set()) for path in collect_files([corpus_dir])]
    results = store_batch(items)
    assert {r.outcome.value for r in results} == {"imported"}
    together = stored()
    assert len(together["person_mentions"]) > 300 and together["event_people"] and together["quotes"]
    wipe()
    for item in items:
        store_batch([item])
    assert stored() == together


def test_the_command_gives_the_same_archive_whatever_the_batch_size(seeds_dir):
    run_import(str(seeds_dir), "--batch-size", "1")
    one_by_one = stored()
    wipe()
    out, _ = run_import(str(seeds_dir))
    assert "imported 5, updated 0, unchanged 0, failed 0" in out
    assert stored() == one_by_one


def test_two_workers_give_the_same_archive_as_one(corpus_dir):
    out, _ = run_import(str(corpus_dir), "--workers", "2", "--batch-size", "20")
    assert "imported 85, updated 0, unchanged 0, failed 0" in out
    with_workers = stored()
    wipe()
    run_import(str(corpus_dir), "--workers", "1", "--batch-size", "20")
    assert stored() == with_workers


def test_every_stored_article_has_an_outbox_row_and_the_index_matches_after_the_command(corpus_dir):
    with search.deferred_sync():
        results = list(ingest_files(collect_files([corpus_dir]), batch_size=30))
    assert set(IndexOutbox.objects.values_list("article_id", flat=True)) >= {r.article_id for r in results}
    wipe()

    out, _ = run_import(str(corpus_dir), "--batch-size", "30")
    assert "search index updated" in out and not IndexOutbox.objects.exists()
    drift = search.check()
    assert drift.clean and drift.checked == Article.objects.count() == 85, drift
    tokayev = Person.objects.matching("Tokayev")
    page = search.search(search.SearchRequest(filters={"person": (tokayev.slug,)}, page_size=100))
    assert {h.article_id for h in page.hits} == set(tokayev.mentions.values_list("article_id", flat=True))


def test_articles_indexed_before_follow_new_aliases_of_their_people(tmp_path, seeds_dir):
    from bench.corpus import generate_corpus

    run_import(str(seeds_dir))
    people, organisations = set(Person.objects.all()), set(Organisation.objects.all())
    spellings = set(PersonAlias.objects.all()) | set(OrganisationAlias.objects.all())
    write_texts(generate_corpus(80, seed=3), tmp_path / "more")
    run_import(str(tmp_path / "more"), "--batch-size", "20")
    new_spellings = (set(PersonAlias.objects.filter(person__in=people)) |
                     set(OrganisationAlias.objects.filter(organisation__in=organisations))) - spellings
    assert new_spellings
    assert search.check().clean  # the seeds' documents list the new spellings


def test_reimporting_a_batch_keeps_editors_decisions(tmp_path, seeds_dir):
    run_import(str(seeds_dir))
    kim = PersonMention.objects.get(person=Person.objects.matching("Вера Ким"))
    kim.status = ExtractionStatus.APPROVED
    kim.save()
    rejected = PersonMention.objects.get(person=Person.objects.matching("Тимур Джумурбаев"))
    rejected.status = ExtractionStatus.REJECTED
    rejected.save()
    quote = Quote.objects.get(text__startswith="Для молодежи Казахстана")
    quote.status = ExtractionStatus.REJECTED
    quote.save()
    proposed = set(PersonMention.objects.filter(status="proposed").values_list("article_id", "person_id", "surface"))

    folder = tmp_path / "changed"
    folder.mkdir()
    for seed in seeds_dir.glob("*.txt"):  # every seed changed: all five are updated in one batch
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8") + "\n\nРедакция дополнила материал.",
                                        encoding="utf-8")
    out, _ = run_import(str(folder))
    assert "imported 0, updated 5, unchanged 0, failed 0" in out
    assert PersonMention.objects.get(pk=kim.pk).status == ExtractionStatus.APPROVED
    mentions = PersonMention.objects.filter(person=rejected.person, article=rejected.article)
    assert list(mentions.values_list("status", flat=True)) == [ExtractionStatus.REJECTED]
    assert list(Quote.objects.filter(text=quote.text).values_list("status", flat=True)) == [ExtractionStatus.REJECTED]
    again = set(PersonMention.objects.filter(status="proposed").values_list("article_id", "person_id", "surface"))
    assert again == proposed  # the importer's own proposals are replaced by the same ones

    run_import(str(folder), "--relink")
    assert PersonMention.objects.get(pk=kim.pk).status == ExtractionStatus.APPROVED
    assert list(mentions.values_list("status", flat=True)) == [ExtractionStatus.REJECTED]
    assert set(PersonMention.objects.filter(status="proposed").values_list("article_id", "person_id",
                                                                           "surface")) == proposed
    assert search.check().clean


def test_texts_of_one_batch_that_touch_one_article_are_stored_in_order(tmp_path):
    original = seed_path("003").read_text(encoding="utf-8")
    for folder, text in (("a", original), ("b", original + "\n\nОбновлено."), ("c", original + "\n\nОбновлено.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "003.txt").write_text(text, encoding="utf-8")
    # Three roots: each file's origin (its path relative to the folder given) is «003.txt», one article's.
    out, _ = run_import(*(str(tmp_path / folder) for folder in "abc"))
    assert "imported 1, updated 1, unchanged 1, failed 0" in out
    article = Article.objects.get()
    assert article.body.endswith("Обновлено.")
    assert [h.history_type for h in article.history.order_by("history_id")] == ["+", "~"]
    assert search.check().clean


# A database that refuses one text (a trigger), as a constraint or a full disk would: create, drop statements.
POISON_TRIGGER = {
    "sqlite": (
        ["CREATE TEMP TRIGGER poison BEFORE INSERT ON archive_article WHEN NEW.origin = 'poison.txt' "
         "BEGIN SELECT RAISE(ABORT, 'poisoned text'); END"],
        ["DROP TRIGGER poison"],
    ),
    "postgresql": (
        ["CREATE FUNCTION qujat_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         "IF NEW.origin = 'poison.txt' THEN RAISE EXCEPTION 'poisoned text'; END IF; RETURN NEW; END $$",
         "CREATE TRIGGER poison BEFORE INSERT ON archive_article FOR EACH ROW EXECUTE FUNCTION qujat_test_poison()"],
        ["DROP TRIGGER poison ON archive_article", "DROP FUNCTION qujat_test_poison()"],
    ),
}  # fmt: skip


def test_a_text_the_database_refuses_fails_alone(tmp_path, seeds_dir):
    folder = tmp_path / "batch"
    shutil.copytree(seeds_dir, folder)
    (folder / "poison.txt").write_text(seed_path("002").read_text(encoding="utf-8") + "\nЯд.", encoding="utf-8")
    create, drop = POISON_TRIGGER[connection.vendor]
    with connection.cursor() as cursor:
        for statement in create:
            cursor.execute(statement)
    try:
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(CommandError, match="1 of 6 files could not be imported"):
            call_command("import_articles", str(folder), "--no-progress", stdout=out, stderr=err)
    finally:
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)
    assert "imported 5, updated 0, unchanged 0, failed 1" in out.getvalue()
    assert f"failed: {folder / 'poison.txt'}: the database refused it" in err.getvalue()
    assert "poisoned text" in err.getvalue()
    assert not Article.objects.filter(origin="poison.txt").exists()
    assert Person.objects.matching("Tokayev") is not None  # the others are linked
    assert PersonMention.objects.values("article").distinct().count() == 5
    assert search.check().clean


def test_the_command_reports_the_time_of_each_stage(seeds_dir):
    out, _ = run_import(str(seeds_dir), "--timings")
    line = out.splitlines()[-1]
    assert line.startswith("timings (5 texts, 1 worker): read+parse ")
    for stage in ("extract", "database", "index", "total"):
        assert f" {stage} " in line
    _, err = run_import(str(seeds_dir), "--format", "json")
    timings = json.loads(err.splitlines()[-1])["timings"]
    assert timings["texts"] == 5 and timings["workers"] == 1
    for stage in ("read_parse", "extract", "database", "index", "total"):
        assert timings[f"{stage}_s"] >= 0 and f"{stage}_per_s" in timings
