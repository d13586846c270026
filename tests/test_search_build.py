"""Building the index fast (archive.search.building, the batches of documents.py, the parallel and bulk paths of
indexing.py) without changing what is indexed.

The fast writer is compared with Whoosh's own SegmentWriter on the same documents: same stored fields, lengths,
columns, terms, term statistics, and per block the same ids, weights, values and block statistics (the bytes may
differ: blocks are pickled with a newer protocol, which Whoosh reads the same).
"""

from __future__ import annotations

import gc
import io
import json
import os
import pickle
import queue
import random
import subprocess
import sys
import zlib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.fields import ID
from whoosh.query import Term
from whoosh.system import unpack_int
from whoosh.writing import SegmentWriter

from archive import search
from archive.models import (
    Article,
    Event,
    ExtractionStatus,
    IndexOutbox,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
)
from archive.search import building, indexing, token_postings
from archive.search.building import COMPRESSED_MIN_BYTES, FastSegmentWriter, word_fields
from archive.search.documents import DocumentBatches, article_to_document, indexable_articles, make_document
from archive.search.schema import build_schema
from archive.search.storage import open_live_index, write_lock

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


# ---------------------------------------------------------------------------------------------------------------
# Documents and index contents
# ---------------------------------------------------------------------------------------------------------------


def _sentences() -> list[str]:
    text = " ".join(path.read_text(encoding="utf-8") for path in SEEDS)
    return [s.strip() for s in text.replace("\n", " ").split(".") if len(s.strip()) > 20]


PEOPLE = [
    ("Касым-Жомарт Токаев", "Тоқаевтың", ["Kassym-Jomart Tokayev", "Қасым-Жомарт Тоқаев"], "", "tokayev"),
    ("Маулен Ашимбаев", "Ашимбаевым", ["Maulen Ashimbayev"], "", "ashimbayev"),
    ("Р. Василенко", "Р. Василенко", [], "", "vasilenko"),
]
ORGANISATIONS = [("Конституционный суд", "Конституционного суда", ["Конституциялық сот"], "КС", "ks")]


def synthetic_documents(count: int, seed: int = 7) -> list[dict]:
    """Documents as make_document builds them, from the seed sentences, with the odd cases mixed in."""
    rng = random.Random(seed)
    sentences = _sentences()
    documents = []
    for pk in range(1, count + 1):
        title = rng.choice(sentences)[:120]
        body = ". ".join(rng.choice(sentences) for _ in range(rng.randint(1, 12)))
        if pk % 7 == 0:
            body += " референдум" * 70  # a frequency above the shared small ones
        if pk % 11 == 0:
            body += " Тоқаев Токаева Tokayev Токаевым й й\u00ad ъ \u00ad"  # names, a decomposed й, soft hyphens
        if pk % 13 == 0:
            body = ""
        language = ("ru", "kk", "mixed", "en")[pk % 4]
        people = rng.sample(PEOPLE, rng.randint(0, 3))
        organisations = ORGANISATIONS if pk % 3 == 0 else []
        events = [("Республиканский референдум", "referendum")] if pk % 5 == 0 else []
        published = date(2026, 1 + pk % 4, 1 + pk % 27) if pk % 9 else None
        source = ("Kazinform", "inform.kz", "kazinform") if pk % 6 else None
        documents.append(make_document(pk, title, body, language, published, source, people, organisations, events))
    return documents


BLOCK_KINDS: Counter = Counter()  # compression level → blocks read by _blocks


def _blocks(terms_reader, info: W3TermInfo) -> list[tuple]:
    offset, length = info.extent()
    length = length[0] if isinstance(length, tuple) else length  # Whoosh's from_bytes leaves a 1-tuple
    raw = terms_reader._postfile.get(offset, length)
    assert raw[:4] == b"W3Bl"
    blocks, position = [], 4
    while position < len(raw):
        size = abs(unpack_int(raw[position : position + 4])[0])
        stream = io.BytesIO(raw[position + 4 : position + 4 + size])
        block_info = pickle.load(stream)
        data = stream.read()
        pickled = zlib.decompress(data) if block_info[3] else data
        # Whoosh compresses every block; ours leave short ones as they are (each block says which it is)
        assert block_info[3] == 3 or (block_info[3] == 0 and len(pickled) < COMPRESSED_MIN_BYTES)
        BLOCK_KINDS[block_info[3]] += 1
        blocks.append(((*block_info[:3], *block_info[4:]), pickle.loads(pickled)))
        position += 4 + size
    return blocks


def index_contents(ix) -> list[dict]:
    """Everything a segment holds that searching can see, per segment."""
    schema = ix.schema
    contents = []
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            terms = leaf._terms
            segment = {"stored": list(leaf.all_stored_fields()), "doc_count": leaf.doc_count_all()}
            for name in schema.names():
                if schema[name].scorable:
                    segment[f"length:{name}"] = [leaf.doc_field_length(d, name) for d in range(leaf.doc_count_all())]
                    segment[f"total:{name}"] = leaf.field_length(name)
                if schema[name].column_type and leaf.has_column(name):
                    segment[f"column:{name}"] = list(leaf.column_reader(name))
            for key, value in terms._tindex.items():
                info = W3TermInfo.from_bytes(value)
                stats = {k: v for k, v in vars(info).items() if k not in ("_offset", "_length")}
                segment[key] = (stats, _blocks(terms, info))
            contents.append(segment)
    return contents


def build(tmp_path: Path, name: str, documents: list[dict], writer_class, **options):
    path = tmp_path / name
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    writer = writer_class(ix, **options)
    for document in documents:
        writer.add_document(**document)
    writer.commit(merge=False)
    return whoosh_index.open_dir(str(path))


# ---------------------------------------------------------------------------------------------------------------
# The fast writer against Whoosh's
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents() -> list[dict]:
    return synthetic_documents(400)


def test_it_writes_what_whoosh_writes(tmp_path, documents):
    BLOCK_KINDS.clear()
    expected = index_contents(build(tmp_path, "whoosh", documents, SegmentWriter))
    assert set(BLOCK_KINDS) == {3}  # Whoosh's
    BLOCK_KINDS.clear()
    built = index_contents(build(tmp_path, "fast", documents, FastSegmentWriter))
    assert BLOCK_KINDS[0] > 0 and BLOCK_KINDS[3] > 0  # ours: short blocks stored as they are, the others compressed
    assert built == expected
    assert any(len(value[1]) > 1 for key, value in expected[0].items() if isinstance(key, bytes))  # several blocks


def test_spilled_runs_give_the_same_segment(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(building, "POSTING_BYTES", 2**20)  # every few documents: a run file
    monkeypatch.setattr(building, "TOKEN_BYTES", 2**14)
    monkeypatch.setattr(token_postings, "RECORD_CHUNK", 50)  # and many chunks per field
    expected = index_contents(build(tmp_path, "whoosh", documents, SegmentWriter))
    writer_runs = []
    original_spill = building.PostingBuffer.spill

    def spill(self):
        original_spill(self)
        writer_runs.append(len(self.runs))

    monkeypatch.setattr(building.PostingBuffer, "spill", spill)
    assert index_contents(build(tmp_path, "fast", documents, FastSegmentWriter, limitmb=1)) == expected
    assert max(writer_runs) > 5
    assert not list((tmp_path / "fast").rglob("*.qrun"))  # run files removed


def test_word_numbers_started_afresh_mid_segment_give_the_same_segment(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(building, "WORD_NUMBERS_LIMIT", 40)  # every document or two: new word numbers
    expected = index_contents(build(tmp_path, "whoosh", documents, SegmentWriter))
    assert index_contents(build(tmp_path, "fast", documents, FastSegmentWriter)) == expected


def test_existence_and_frequency_word_fields_agree_with_whoosh(tmp_path, documents):
    """The schema has Positions and Frequency word fields; a word field of Existence format counts a term once
    per document (frequency and length)."""
    from whoosh.fields import FieldType, Schema
    from whoosh.formats import Existence, Frequency

    from archive.search.analyzers import plain_analyzer

    schema = Schema(
        id=ID(stored=True, unique=True),
        seen=FieldType(Existence(field_boost=2.0), plain_analyzer(), scorable=True),
        counted=FieldType(Frequency(field_boost=1.5), plain_analyzer(), scorable=True),
    )
    assert set(word_fields(schema)) == {"seen", "counted"}
    small = [{"id": d["id"], "seen": d["words"], "counted": d["words"]} for d in documents[:120]]

    def contents(name, writer_class):
        path = tmp_path / name
        path.mkdir()
        ix = whoosh_index.create_in(str(path), schema)
        writer = writer_class(ix)
        for document in small:
            writer.add_document(**document)
        writer.commit(merge=False)
        return index_contents(whoosh_index.open_dir(str(path)))

    expected = contents("whoosh", SegmentWriter)
    seen, counted = expected[0]["length:seen"], expected[0]["length:counted"]
    assert all(a <= b for a, b in zip(seen, counted, strict=True)) and seen != counted  # distinct terms vs words
    assert contents("fast", FastSegmentWriter) == expected


def test_odd_documents_take_whoosh_path_and_agree(tmp_path, documents):
    odd = [dict(d) for d in documents[:30]]
    odd[3]["_boost"] = 2.0  # Whoosh's own keyword arguments: the writer hands the segment to Whoosh's pool
    odd[5]["_stored_title"] = "shown instead"
    odd[7]["body_ru"] = None
    expected = index_contents(build(tmp_path, "whoosh", odd, SegmentWriter))
    assert index_contents(build(tmp_path, "fast", odd, FastSegmentWriter)) == expected


def test_merging_segments_agrees_with_whoosh(tmp_path, documents):
    def merged(name, writer_class):
        path = tmp_path / name
        path.mkdir()
        ix = whoosh_index.create_in(str(path), build_schema())
        for start in (0, 50, 100):
            writer = SegmentWriter(ix)
            for document in documents[start : start + 50]:
                writer.add_document(**document)
            writer.commit(merge=False)
        writer = writer_class(ix)
        writer.delete_by_term("id", "7")
        for document in documents[150:200]:
            writer.update_document(**document)
        writer.commit(optimize=True)
        return whoosh_index.open_dir(str(path))

    expected = index_contents(merged("whoosh", SegmentWriter))
    assert len(expected) == 1
    assert index_contents(merged("fast", FastSegmentWriter)) == expected


def test_a_cancelled_writer_leaves_the_index_as_it_was(tmp_path, documents):
    ix = build(tmp_path, "fast", documents[:10], FastSegmentWriter)
    writer = FastSegmentWriter(ix)
    for document in documents[10:20]:
        writer.add_document(**document)
    writer.cancel()
    with whoosh_index.open_dir(str(tmp_path / "fast")).searcher() as searcher:
        assert searcher.doc_count() == 10


def test_bulk_deletion_finds_every_copy_of_an_id(tmp_path, documents):
    ix = build(tmp_path, "fast", [*documents[:20], documents[4], documents[9]], FastSegmentWriter)  # 5, 10 twice
    writer = FastSegmentWriter(ix)
    indexing._delete_documents(writer, [5, 10, 12, 10**6])
    writer.commit(merge=False)
    with ix.refresh().searcher() as searcher:
        assert searcher.doc_count() == 22 - 5
        assert not {"5", "10", "12"} & {fields["id"] for fields in searcher.all_stored_fields()}


def test_term_caches_stay_bounded(monkeypatch):
    monkeypatch.setattr(building, "TERM_CACHE_LIMIT", 5)
    cache = building._TermCache(str.upper, 2)
    words = [f"w{i}" for i in range(12)] + ["a"]
    assert [cache[w] for w in words] == [w.upper() for w in words[:-1]] + [""]  # "A" is too short: dropped
    assert len(cache) <= 5


# ---------------------------------------------------------------------------------------------------------------
# Documents from the database
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def linked_seeds(imported_seeds):
    """The seeds with an event, an organisation (with an abbreviation and an alias) and a rejected mention."""
    articles = list(Article.objects.order_by("pk"))
    event = Event.objects.create(title="Республиканский референдум", slug="referendum-2026")
    event.articles.add(articles[0], articles[2])
    later = Event.objects.create(title="Круглый стол", slug="round-table", starts_on=date(2026, 2, 1))
    later.articles.add(articles[0])
    court = Organisation.objects.create(name="Конституционный суд", slug="ks", abbreviation="КС")
    court.add_alias("Конституциялық сот")
    OrganisationMention.objects.create(article=articles[1], organisation=court, surface="Конституционного суда")
    person = Person.objects.create(name="Отклонённый Человек", slug="rejected-person")
    PersonMention.objects.create(article=articles[1], person=person, surface="Отклонённый",
                                 status=ExtractionStatus.REJECTED)  # fmt: skip
    search.apply_pending()
    return articles


def test_batches_make_the_same_documents_as_model_instances(linked_seeds):
    expected = [article_to_document(article) for article in indexable_articles()]
    ids = [int(document["id"]) for document in expected]
    assert DocumentBatches().for_ids(ids) == expected
    assert DocumentBatches().for_range(min(ids), max(ids)) == expected
    assert DocumentBatches().for_ids([*ids, 10**9]) == expected  # a deleted article: no document
    assert "Конституционного суда" in expected[1]["organisation"] and "КС" in expected[1]["organisation"]
    assert "Отклонённый" not in expected[1]["person"]
    assert expected[0]["event"].endswith("Круглый стол\nРеспубликанский референдум")  # newest first, undated last


def test_check_finds_nothing_after_a_rebuild(linked_seeds):
    search.rebuild()
    drift = search.check()
    assert drift.clean and drift.checked == len(linked_seeds)


# ---------------------------------------------------------------------------------------------------------------
# The outbox of a bulk import
# ---------------------------------------------------------------------------------------------------------------


def _indexed_ids() -> list[int]:
    with open_live_index().searcher() as searcher:
        return sorted(int(fields["id"]) for fields in searcher.all_stored_fields())


def _matching(word: str) -> set[int]:
    with open_live_index().searcher() as searcher:
        return {int(hit["id"]) for hit in searcher.search(Term("words", word), limit=None)}


def test_a_large_outbox_is_applied_as_new_segments(linked_seeds, monkeypatch):
    monkeypatch.setattr(indexing, "SMALL_APPLY", 2)
    gone = linked_seeds[-1]
    gone_pk = gone.pk
    with search.deferred_sync():
        Article.objects.filter(pk__in=[a.pk for a in linked_seeds[:3]]).update(title="Квазиобновление")
        gone.delete()
        IndexOutbox.objects.all().delete()
    search.enqueue_all()
    indexing.enqueue([gone_pk])
    assert search.apply_pending() == len(linked_seeds)
    assert not IndexOutbox.objects.exists()
    assert _indexed_ids() == sorted(a.pk for a in linked_seeds[:-1])  # replaced once each, the deleted one gone
    assert _matching("квазиобновление") == {a.pk for a in linked_seeds[:3]}
    assert search.check().clean


def test_a_failed_bulk_apply_keeps_the_outbox(linked_seeds, monkeypatch):
    monkeypatch.setattr(indexing, "SMALL_APPLY", 2)
    search.enqueue_all()
    before = _indexed_ids()
    commit = FastSegmentWriter.commit
    failing = [True]

    def flaky_commit(self, **kwargs):
        if failing[0]:
            raise RuntimeError("disk full")
        return commit(self, **kwargs)

    monkeypatch.setattr(FastSegmentWriter, "commit", flaky_commit)
    with pytest.raises(RuntimeError):
        search.apply_pending()
    assert IndexOutbox.objects.count() == len(linked_seeds)  # kept: applied by the next writer
    assert _indexed_ids() == before
    failing[0] = False
    assert search.apply_pending() == len(linked_seeds)
    assert _indexed_ids() == before and not IndexOutbox.objects.exists()


def test_a_locked_index_keeps_a_large_outbox_for_its_writer(linked_seeds, monkeypatch):
    monkeypatch.setattr(indexing, "SMALL_APPLY", 2)
    search.enqueue_all()
    with write_lock(open_live_index(), timeout=1):
        assert search.apply_pending() == 0
    assert IndexOutbox.objects.count() == len(linked_seeds)


def test_worker_segments_are_committed_by_the_lock_holder(linked_seeds, tmp_path):
    """What a forked worker does, run in this process: index tasks into a segment that the parent commits."""
    ids = sorted(a.pk for a in linked_seeds)
    reference = build(tmp_path, "reference", DocumentBatches().for_ids(ids), FastSegmentWriter)
    path = tmp_path / "workers"
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    writer = FastSegmentWriter(ix)
    jobs, results = queue.Queue(), queue.Queue()
    for task in ([ids[0], ids[1]], (ids[2], ids[-1], len(ids) - 2), None):
        jobs.put(task)
    try:
        indexing._worker(str(path), jobs, results)
    finally:
        gc.enable()
    messages = [results.get_nowait() for _ in range(results.qsize())]
    assert [kind for kind, _ in messages] == ["progress", "progress", "done"], messages
    segment, added = messages[-1][1]
    assert added == len(ids)
    writer.add_segment(segment)
    writer.commit(merge=False)
    assert index_contents(whoosh_index.open_dir(str(path))) == index_contents(reference)


# ---------------------------------------------------------------------------------------------------------------
# Worker processes, for real (a database on disk, in a separate Python)
# ---------------------------------------------------------------------------------------------------------------

FORK_SCRIPT = r"""
import json, os, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from archive import search
from archive.models import Article, IndexOutbox, Source
from archive.search import indexing
from archive.search.storage import open_live_index

source = Source.objects.create(name="Kazinform", domain="inform.kz")
words = ["референдум", "Конституция", "Тоқаев", "парламент", "Павлодар", "реформа", "сайлау", "Astana"]
with search.deferred_sync():
    for i in range(60):
        body = " ".join(words[(i + k) % len(words)] for k in range(40)) + f" статья{i}"
        Article.objects.create(title=f"Заголовок {i} {words[i % 8]}", body=body, raw_text=body, origin=f"{i}.txt",
                               language="kk" if i % 3 == 0 else "ru", checksum=f"{i:064d}", source=source)
    IndexOutbox.objects.all().delete()

def contents():
    with open_live_index().searcher() as searcher:
        reader = searcher.reader()
        leaves = len(reader.leaf_readers()) if not reader.is_atomic() else 1
        stored = {f["id"]: f["content_hash"] for f in searcher.all_stored_fields()}
        terms = {}
        for fieldname, text in reader.all_terms():
            if fieldname == "id":
                continue
            text = text.decode("utf-8")
            hits = searcher.search(__import__("whoosh.query", fromlist=["Term"]).Term(fieldname, text), limit=None)
            terms[f"{fieldname}:{text!r}"] = sorted(h["id"] for h in hits)
        return leaves, stored, terms

indexing.PARALLEL_MIN, indexing.BATCH_SIZE = 1, 10
serial = search.rebuild(procs=1), contents()
parallel = search.rebuild(procs=2), contents()
indexing.SMALL_APPLY = 5
Article.objects.filter(pk__lte=10).update(title="Обновлено")
search.enqueue_all()
applied = search.apply_pending(procs=2)
after = contents()
clean = search.check().clean
live = os.listdir(os.environ["SEARCH_INDEX_DIR"])

def broken(self, first, last):
    raise ValueError("broken article")

indexing.DocumentBatches.for_range = broken  # in the workers too: they are forked from here
try:
    search.rebuild(procs=2)
    failure = None
except RuntimeError as exc:
    failure = str(exc)
print(json.dumps({"serial": serial, "parallel": parallel, "applied": applied, "after": after,
                  "pending": IndexOutbox.objects.count(), "check": clean, "failure": failure,
                  "unchanged": sorted(os.listdir(os.environ["SEARCH_INDEX_DIR"])) == sorted(live),
                  "still_searchable": contents()[1] == after[1]}))
"""


def test_worker_processes_build_the_same_index(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", DATA_DIR=str(tmp_path),
               SEARCH_INDEX_DIR=str(tmp_path / "index"), LOG_LEVEL="WARNING")  # fmt: skip
    completed = subprocess.run([sys.executable, "-c", FORK_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=180)  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    (serial_count, (serial_leaves, serial_stored, serial_terms)) = result["serial"]
    (parallel_count, (parallel_leaves, parallel_stored, parallel_terms)) = result["parallel"]
    assert serial_count == parallel_count == 60
    assert serial_leaves == 1 and parallel_leaves == 2  # one segment per worker
    assert parallel_stored == serial_stored and parallel_terms == serial_terms
    assert result["applied"] == 60 and result["pending"] == 0 and result["check"]
    after_leaves, after_stored, after_terms = result["after"]
    assert len(after_stored) == 60 and after_stored != serial_stored  # ten titles changed, nothing doubled
    # the replaced segments, all deleted, were dropped (the writer may also merge the two left: 1 or 2, never more)
    assert 1 <= after_leaves <= 2
    assert after_terms["words:'обновлено'"] == [str(i) for i in sorted(range(1, 11), key=str)]
    assert "ValueError: broken article" in result["failure"]  # a worker's error, with its traceback
    assert result["unchanged"] and result["still_searchable"]  # the half-built generation removed
