"""Stateful property test: any sequence of edits, by this process or another, keeps every search answer true.

One long-lived searcher (this test process, as a gunicorn worker lives for hours) answers a set of probe
requests after every step, through the real views (page cache included). Each answer must equal
  - what a fresh process answers (a forked child that drops every per-process cache first), and
  - what the database says (each generated article carries a unique marker word; facet counts by the ORM).
Steps: create, edit, delete, re-import a changed text, merge people or organisations, split a spelling off,
reject or approve a mention, link an event, and edits, `sync_index` and `rebuild_index` run by another process.

Bounded for CI; QUJAT_LONG_TESTS=1 runs many more sequences (see README, "Tests").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import pickle
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
from django.db.models import Q
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from archive import curation, search
from archive.ingest import extract_entities, parse_text
from archive.ingest.storing.loader import known_people, upsert_article
from archive.models import (
    Article,
    Event,
    ExtractionStatus,
    IndexOutbox,
    Organisation,
    Person,
    PersonAlias,
    PersonMention,
    Source,
)
from archive.search import facets, postings
from archive.search.pg import arrays as pg_arrays
from archive.search.storage import searchers
from archive.text import copies

from .facet_reference import facet_reference

pytestmark = pytest.mark.django_db(transaction=True)

LONG = os.environ.get("QUJAT_LONG_TESTS") == "1"
EXAMPLES, STEPS = (200, 40) if LONG else (12, 20)
EXAMPLES = int(os.environ.get("QUJAT_STATEFUL_EXAMPLES", EXAMPLES))
STATS = Counter()  # steps and probes run, reported at the end of the test
FACET_VALUES_SHOWN = 15
PAGE_SIZE = 20

# Sentences of the kind the archive holds, with names the extractor knows in several scripts and cases.
RUSSIAN = [
    "Президент Касым-Жомарт Токаев подписал указ о проведении республиканского референдума.",
    "Депутат Мажилиса Марат Башимов подчеркнул значение проекта новой Конституции.",
    "Председатель АДГС Дархан Жазықбай выступил на круглом столе в Астане.",
    "Конституционная комиссия обсудила поправки к проекту новой Конституции.",
    "Эксперты обсудили влияние конституционных изменений на развитие страны.",
    "Глава государства Токаев встретился с членами Конституционной комиссии.",
]
KAZAKH = [
    "Мемлекет басшысы Қасым-Жомарт Тоқаев жаңа Конституция жобасы туралы айтты.",
    "Мәжіліс депутаты Марат Башимов референдум туралы пікір білдірді.",
    "Конституциялық комиссия отырысында жаңа Ата заң жобасы талқыланды.",
    "Азаматтар Конституцияның жаңа нормаларын талқылады.",
]
MARKER_ALPHABETS = ("bdfgk", "mptvz")  # alternate, so no letter repeats (name keys merge repeated letters)
FIRST_DAY = dt.date(2026, 1, 10)


def marker(n: int) -> str:
    """A word no analyzer changes and no other marker shares a stem or a name key with: zq + four consonants."""
    letters = []
    for position in range(4):
        n, digit = divmod(n, 5)
        letters.append(MARKER_ALPHABETS[position % 2][digit])
    return "zq" + "".join(letters)


def article_text(language: str, sentences: list[int], mark: str, day: int | None, title_words: str) -> str:
    pool = RUSSIAN if language == "ru" else KAZAKH
    dateline = f"{(FIRST_DAY + dt.timedelta(days=day)).strftime('%d.%m.%Y')}, 10:00\n\n" if day is not None else ""
    body = " ".join(pool[i % len(pool)] for i in sentences)
    return f"{dateline}{title_words} {mark}\n\n{body} Отметка {mark}.\n"


def store(text: str, origin: str) -> Article:
    parsed = parse_text(text, origin=origin)
    extraction = extract_entities(parsed.body, language=parsed.language, title=parsed.title,
                                  published_on=parsed.published_on, known_people=known_people())  # fmt: skip
    return upsert_article(parsed, extraction)[1]


# ---------------------------------------------------------------------------------------------------------------
# Another process: forked, with its own database connection and none of this process's search state.
# ---------------------------------------------------------------------------------------------------------------


def forget_process_state() -> None:
    """What a freshly started process has: no open searcher, no decoded facets or postings, no cached pages."""
    for conn in connections.all(initialized_only=True):
        conn.connection = None  # the parent's connection stays the parent's; this process opens its own
    searchers.reset()
    facets.facet_tables.__init__()
    pg_arrays.cache.clear()
    postings.segment_arrays.clear()
    caches["search_pages"].clear()


def in_another_process(work: Callable[[], object]) -> object:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        status = 0
        try:
            forget_process_state()
            payload = ("ok", work())
        except BaseException:
            payload, status = ("error", traceback.format_exc()), 1
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(payload, out)
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        kind, value = pickle.load(stream)
    os.waitpid(pid, 0)
    if kind == "error":
        raise AssertionError(f"the other process failed:\n{value}")
    return value


# ---------------------------------------------------------------------------------------------------------------
# Probes and the database's answers
# ---------------------------------------------------------------------------------------------------------------


def ask(client: Client, params: dict) -> dict:
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200, (params, response.status_code, response.content[:300])
    data = json.loads(response.content)
    assert not data["message"] or data["message"].startswith("Page "), (params, data["message"])
    return data


def export_ids(client: Client, params: dict) -> list[int]:
    response = client.get("/search/", {**params, "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return [int(row[0]) for row in rows[1:]]


def markers_in_titles() -> list[str]:
    titles = Article.objects.values_list("title", flat=True)
    return sorted({word for title in titles for word in title.split() if word.startswith("zq")})


def probe_requests() -> list[dict]:
    """Words, phrases, names in other scripts, facet filters, date ranges, sorts and pages."""
    requests = [
        {"sort": "date"},
        {"sort": "oldest", "page": 2},
        {"language": "kk"},
        {"date_from": "2026-01-20", "date_to": "2026-02-20", "sort": "date"},
        {"q": "Tokayev"},
        {"q": "Тоқаевтың"},
        {"q": "Токаева"},
        {"q": '"новой Конституции"'},
        {"q": "Конституция -референдум"},
        {"q": "конститу*", "sort": "oldest"},
        {"q": "Башимов OR Жазықбай"},
    ]
    person = Person.objects.order_by("pk").values_list("slug", flat=True).first()
    if person:
        requests.append({"person": person, "language": "ru"})
    organisation = Organisation.objects.order_by("pk").values_list("slug", flat=True).first()
    if organisation:
        requests.append({"organisation": organisation, "q": "Конституция"})
    markers = markers_in_titles()
    requests += [{"q": m} for m in markers[:: max(1, len(markers) // 4)][:4]]
    requests.append({"sort": "date", "collapse": "1"})  # syndicated copies grouped (texts share pool sentences)
    return requests


def answers(client: Client, requests: list[dict]) -> list[dict]:
    """Everything a visitor could read off each probe: ids in order, totals, facets, snippets."""
    results = [ask(client, params) for params in requests]
    results.append({"csv": export_ids(client, {"q": "Конституция"})})
    for pk in Article.objects.order_by("pk").values_list("pk", flat=True)[:3]:
        results.append({"related": pk, "ids": search.related_article_ids(pk, limit=6)})
    return results





def assert_facets_match(data: dict, reference: dict[str, dict[str, int]]) -> None:
    for facet, expected in reference.items():
        shown = {item["value"]: item["count"] for item in data["facets"][facet] if item["count"]}  # not 0 (chosen)
        assert all(expected.get(value, 0) == count for value, count in shown.items()), (facet, shown, expected)
        if len(expected) <= FACET_VALUES_SHOWN:  # every value fits: none may be missing
            assert shown == expected, (facet, shown, expected)


# ---------------------------------------------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------------------------------------------


class ArchiveEdits(RuleBasedStateMachine):
    index_root: Path  # set by the test: a fresh folder per sequence
    sequence = 0

    def __init__(self) -> None:
        super().__init__()
        self.client = Client()
        self.created = 0
        for model in (Article, Person, Organisation, Event, Source, IndexOutbox):
            model.objects.all().delete()
        IndexOutbox.objects.all().delete()
        type(self).sequence += 1
        django_settings.SEARCH_INDEX_DIR = self.index_root / f"sequence-{type(self).sequence}"
        caches["search_pages"].clear()

    def articles(self) -> list[int]:
        return list(Article.objects.order_by("pk").values_list("pk", flat=True))

    def pick(self, data, choices: list):
        return choices[data.draw(st.integers(0, len(choices) - 1))]

    @initialize(count=st.integers(1, 4), data=st.data())
    def some_articles(self, count, data):
        for _ in range(count):
            self.create(data)

    @rule(data=st.data())
    def create(self, data):
        language = data.draw(st.sampled_from(["ru", "kk"]))
        sentences = data.draw(st.lists(st.integers(0, 9), min_size=1, max_size=4))
        day = data.draw(st.none() | st.integers(0, 60))
        self.created += 1
        text = article_text(language, sentences, marker(self.created), day, "Новости реформы")
        store(text, origin=f"generated/{self.created}/index.txt")

    @precondition(lambda self: Article.objects.exists())
    @rule(data=st.data())
    def edit_title(self, data):
        article = Article.objects.get(pk=self.pick(data, self.articles()))
        self.created += 1
        article.title = f"Исправленный заголовок {marker(self.created)}"
        article.save()

    @precondition(lambda self: Article.objects.exists())
    @rule(data=st.data(), day=st.none() | st.integers(0, 60), language=st.sampled_from(["ru", "kk", "mixed"]))
    def edit_date_and_language(self, data, day, language):
        article = Article.objects.get(pk=self.pick(data, self.articles()))
        article.published_on = FIRST_DAY + dt.timedelta(days=day) if day is not None else None
        article.language = language
        article.save()

    @precondition(lambda self: Article.objects.exists())
    @rule(data=st.data())
    def delete(self, data):
        Article.objects.get(pk=self.pick(data, self.articles())).delete()

    @precondition(lambda self: Article.objects.exists())
    @rule(data=st.data())
    def reimport_changed_text(self, data):
        article = Article.objects.get(pk=self.pick(data, self.articles()))
        sentences = data.draw(st.lists(st.integers(0, 9), min_size=1, max_size=3))
        self.created += 1
        language = article.language if article.language in ("ru", "kk") else "ru"
        day = data.draw(st.none() | st.integers(0, 60))
        store(article_text(language, sentences, marker(self.created), day, "Обновлённый текст"), origin=article.origin)

    @precondition(lambda self: Person.objects.count() >= 2)
    @rule(data=st.data())
    def merge_people(self, data):
        people = list(Person.objects.order_by("pk"))
        target = self.pick(data, people)
        other = self.pick(data, [p for p in people if p.pk != target.pk])
        curation.merge_entities(target, [other])

    @precondition(lambda self: Organisation.objects.count() >= 2)
    @rule(data=st.data())
    def merge_organisations(self, data):
        organisations = list(Organisation.objects.order_by("pk"))
        target = self.pick(data, organisations)
        curation.merge_entities(target, [o for o in organisations if o.pk != target.pk][:1])

    @precondition(lambda self: PersonAlias.objects.exists())
    @rule(data=st.data())
    def split_spelling(self, data):
        aliases = list(PersonAlias.objects.select_related("person").order_by("pk"))
        curation.split_alias(self.pick(data, aliases))

    @precondition(lambda self: PersonMention.objects.exists())
    @rule(data=st.data(), status=st.sampled_from([ExtractionStatus.REJECTED, ExtractionStatus.APPROVED]))
    def decide_mention(self, data, status):
        mentions = list(PersonMention.objects.order_by("pk").values_list("pk", flat=True))
        mention = PersonMention.objects.get(pk=self.pick(data, mentions))
        mention.status = status
        mention.save()

    @precondition(lambda self: Article.objects.exists())
    @rule(data=st.data())
    def link_event(self, data):
        event, _ = Event.objects.get_or_create(key="referendum-2026-03-15",
                                               defaults={"title": "Республиканский референдум", "kind": "referendum"})
        event.articles.add(self.pick(data, self.articles()))

    @precondition(lambda self: Article.objects.exists())
    @rule(data=st.data())
    def edit_in_another_process(self, data):
        pk = self.pick(data, self.articles())
        self.created += 1
        title = f"Правка другого редактора {marker(self.created)}"

        def edit():
            article = Article.objects.get(pk=pk)
            article.title = title
            article.save()  # that process applies its own outbox row after commit

        in_another_process(edit)

    @precondition(lambda self: Article.objects.exists())
    @rule(data=st.data())
    def queue_then_sync_in_another_process(self, data):
        article = Article.objects.get(pk=self.pick(data, self.articles()))
        self.created += 1
        with search.deferred_sync():  # committed, not yet applied: as if this process died right after
            article.title = f"Отложенная правка {marker(self.created)}"
            article.save()
        in_another_process(lambda: call_command("sync_index", stdout=io.StringIO()))

    @rule()
    def rebuild_in_another_process(self):
        in_another_process(lambda: call_command("rebuild_index", "--no-progress", stdout=io.StringIO()))

    @invariant()
    def every_answer_is_the_truth(self):
        STATS["steps"] += 1
        started = time.perf_counter()
        requests = probe_requests()
        live = answers(self.client, requests)
        fresh = in_another_process(lambda: answers(Client(), requests))
        STATS["probes"] += len(live)
        # «Did you mean» runs on a time budget (archive.search.suggest): a cold or loaded process may offer none.
        # Every other part of the answer must agree; suggestions must agree where both processes gave one.
        assert [_without_suggestion(a) for a in live] == [_without_suggestion(a) for a in fresh]
        for mine, theirs in zip(live, fresh, strict=True):
            if isinstance(mine, dict) and mine.get("suggestion") and theirs.get("suggestion"):
                assert mine["suggestion"] == theirs["suggestion"]
        self.assert_database_agrees(live, requests)
        STATS["seconds"] += time.perf_counter() - started

    @invariant()
    def the_kept_facet_table_is_a_freshly_decoded_one(self):
        """The long-lived table, joined from views of earlier ones after every change, holds each document's
        values as one decoded from scratch does, with no value left over that no document has."""
        with searchers.use() as searcher:
            kept = facets.facet_table(searcher)
            fresh = facets.FacetTableCache().table(searcher, searchers.location)
        assert kept.doc_count == fresh.doc_count
        assert np.array_equal(kept.alive_mask, fresh.alive_mask) and np.array_equal(kept.dates, fresh.dates)
        assert np.array_equal(kept.clusters, fresh.clusters)
        for facet in search.FACETS:
            assert facet_values(kept, facet) == facet_values(fresh, facet), facet
            data = kept.facets[facet]
            assert np.bincount(data.codes[data.codes >= 0], minlength=len(data.vocabulary)).all(), facet
        for part in facets.facet_tables._segments.values():  # held once: views of the table
            assert np.shares_memory(part.dates, kept.dates)

    def assert_database_agrees(self, live: list[dict], requests: list[dict]) -> None:
        everything = live[0]
        assert everything["total"] == Article.objects.count()
        shown = [item["id"] for item in everything["results"]]
        assert len(shown) == len(set(shown)) == min(PAGE_SIZE, everything["total"])
        assert set(shown) <= set(self.articles())
        assert set(export_ids(self.client, {})) == set(self.articles())
        assert_facets_match(everything, facet_reference(Article.objects.all()))
        dates = [item["published_on"] or "" for item in everything["results"]]
        dated = [d for d in dates if d]
        assert dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated  # newest first, undated last

        kazakh = live[2]
        assert kazakh["total"] == Article.objects.filter(language="kk").count()
        others = facet_reference(Article.objects.filter(language="kk"))
        others["language"] = facet_reference(Article.objects.all())["language"]  # a facet ignores its own filter
        assert_facets_match(kazakh, others)

        in_range = Article.objects.filter(published_on__range=(dt.date(2026, 1, 20), dt.date(2026, 2, 20)))
        assert live[3]["total"] == in_range.count()
        assert {item["id"] for item in live[3]["results"]} <= set(in_range.values_list("pk", flat=True))

        for params, data in zip(requests, live, strict=False):
            q = params.get("q", "")
            if q.startswith("zq"):
                holders = Article.objects.filter(Q(title__contains=q) | Q(body__contains=q))
                assert {item["id"] for item in data["results"]} == set(holders.values_list("pk", flat=True)), q
        exported = next(item["csv"] for item in live if "csv" in item)
        assert len(exported) == len(set(exported))
        grouped = next(data for params, data in zip(requests, live, strict=False) if "collapse" in params)
        self.assert_copies_agree(grouped)

    @staticmethod
    def assert_copies_agree(grouped: dict) -> None:
        """Clusters are exactly the connected groups of copies among the stored bodies, and search groups by them."""
        rows = list(Article.objects.values_list("pk", "body", "copy_signature", "cluster_id"))
        signatures = {pk: copies.signature(body) for pk, body, _, _ in rows}
        assert all(bytes(stored) == copies.to_bytes(signatures[pk]) for pk, _, stored, _ in rows)
        signed = sorted(pk for pk, sig in signatures.items() if sig is not None)
        pairs = [(a, b) for i, a in enumerate(signed) for b in signed[i + 1 :]
                 if copies.is_copy(signatures[a], signatures[b])]  # fmt: skip
        expected = [group for group in copies.components(pairs, signed) if len(group) > 1]
        clusters = defaultdict(list)
        for pk, _, _, cluster in rows:
            if cluster is not None:
                clusters[cluster].append(pk)
        assert sorted(sorted(group) for group in clusters.values()) == expected
        sizes = Counter(cluster for *_, cluster in rows if cluster is not None)
        assert grouped["total"] == len(rows)
        assert grouped["collapsed_total"] == sum(1 for *_, c in rows if c is None) + len(sizes)
        cluster_of = {pk: cluster for pk, *_, cluster in rows}
        shown = [cluster_of[item["id"]] for item in grouped["results"]]
        assert len([c for c in shown if c]) == len({c for c in shown if c})  # one result per cluster
        assert [item["copies"] for item in grouped["results"]] == [sizes[c] - 1 if c else 0 for c in shown]


def facet_values(table, facet: str) -> list:
    """Each document's values of `facet`, as text."""
    data = table.facets[facet]
    if data.indptr is None:
        return [data.vocabulary[c] if c >= 0 else "" for c in data.codes.tolist()]
    return [[data.vocabulary[c] for c in data.codes[data.indptr[d] : data.indptr[d + 1]].tolist()]
            for d in range(table.doc_count)]  # fmt: skip


def _without_suggestion(answer):
    return {k: v for k, v in answer.items() if k != "suggestion"} if isinstance(answer, dict) else answer


def test_any_sequence_of_edits_keeps_every_answer_true(tmp_path):
    ArchiveEdits.index_root = tmp_path
    STATS.clear()
    run_state_machine_as_test(
        ArchiveEdits,
        settings=settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=not LONG,
                          suppress_health_check=list(HealthCheck), database=None),
    )  # fmt: skip
    print(f"stateful search test: {ArchiveEdits.sequence} sequences, {STATS['steps']} checked states, "
          f"{STATS['probes']} probe answers compared; {STATS['seconds']:.1f} s in checks")
    assert STATS["steps"] >= EXAMPLES
