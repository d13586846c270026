"""The editor process of tests/test_live_server.py: reads JSON commands on stdin, answers one JSON line each.

Commands: "edit" (one edit chosen by the round number), "answers" (what a freshly opened searcher says),
"truth" (what the database says). Runs with the live server's environment (its SQLite file and index).
"""

from __future__ import annotations

import io
import json
import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from archive import curation, search  # noqa: E402
from archive.models import Article, ExtractionStatus, Organisation, PersonMention  # noqa: E402
from archive.search import facets, postings  # noqa: E402
from archive.search.storage import searchers  # noqa: E402


def edit(round: int) -> str:
    articles = list(Article.objects.order_by("pk"))
    article = articles[round % len(articles)]
    kind = round % 6
    if kind == 0:
        article.title = f"{article.title.split(' ·')[0]} · правка {round}"
        article.save()
    elif kind == 1:
        mention = PersonMention.objects.order_by("pk")[round % PersonMention.objects.count()]
        mention.status = ExtractionStatus.REJECTED if mention.status != ExtractionStatus.REJECTED else "approved"
        mention.save()
    elif kind == 2:
        organisations = list(Organisation.objects.order_by("pk")[:2])
        if len(organisations) == 2:
            curation.merge_entities(organisations[0], organisations[1:])
    elif kind == 3:
        with search.deferred_sync():  # committed but not applied: sync_index (as cron would) brings it in
            article.body = article.body + f"\nДобавлено {round}."
            article.save()
        call_command("sync_index", stdout=io.StringIO())
    elif kind == 4:
        call_command("rebuild_index", "--no-progress", stdout=io.StringIO())
    else:
        copy = Article.objects.get(pk=article.pk)
        copy.pk = None
        copy.checksum = f"copy-{round}"
        copy.origin = f"copies/{round}.txt"
        copy.save()  # a new article; and the oldest copy goes
        copies = Article.objects.filter(origin__startswith="copies/").order_by("pk")
        if copies.count() > 2:
            copies.first().delete()
    return f"round {round}: kind {kind} on article {article.pk}"


def answers(queries: list[str]) -> dict:
    searchers.reset()  # what a freshly started process sees: nothing cached
    facets.facet_tables.__init__()
    postings.segment_arrays.clear()
    caches["search_pages"].clear()
    client = Client()
    result = {}
    for q in queries:
        data = json.loads(client.get("/search/", {"q": q, "format": "json"}, HTTP_HOST="127.0.0.1").content)
        response = client.get("/search/", {"q": q, "format": "csv"}, HTTP_HOST="127.0.0.1")
        rows = b"".join(response.streaming_content).decode().splitlines()[1:]
        result[q] = {"ids": [r["id"] for r in data["results"]], "total": data["total"], "facets": data["facets"],
                     "snippets": [r["snippet"] for r in data["results"]],
                     "csv": [int(line.split(",", 1)[0]) for line in rows]}  # fmt: skip
    return result


def truth() -> dict:
    return {"articles": Article.objects.count(), "ids": sorted(Article.objects.values_list("pk", flat=True))}


COMMANDS = {"edit": edit, "answers": answers, "truth": truth}

for line in sys.stdin:
    request = json.loads(line)
    try:
        reply = {"result": COMMANDS[request.pop("command")](**request)}
    except Exception:
        reply = {"error": traceback.format_exc()}
    sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
    sys.stdout.flush()
