"""Article (with its source, people, organisations, events) → the dict Whoosh indexes.

Two ways to the same documents: `article_to_document` for a model instance (from `indexable_articles`, with its
prefetches), and `DocumentBatches` for many articles at once: a handful of values() queries per batch and the
people, organisations, events and sources cached for the whole run. Model instances and prefetching cost ~1.5 ms
per article; the batches ~0.1 ms. Both build the dict with `make_document`, so they agree to the content hash
(tests compare them).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.db.models import F, Prefetch, Q, QuerySet

from archive.models import (
    Article,
    Event,
    ExtractionStatus,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Source,
)
from archive.sequences import chunks
from archive.text.scripts import detect_script, kazakh_to_cyrillic

LANGUAGE_FIELDS = {"ru": ("ru",), "en": ("en",), "kk": ("kk",), "mixed": ("ru", "kk")}
# Events of an article in the order of Event.Meta.ordering (the order `article.events.all()` gives).
EVENT_ORDER = (F("event__starts_on").desc(nulls_last=True), "event__title", "event_id")
IN_CHUNK = 500  # ids per `IN (...)`: well under SQLite's host-parameter limit


def indexable_articles() -> QuerySet[Article]:
    """Articles with everything their documents need, in as few queries as possible."""
    live_people = PersonMention.objects.exclude(status=ExtractionStatus.REJECTED).select_related("person")
    live_orgs = OrganisationMention.objects.exclude(status=ExtractionStatus.REJECTED).select_related("organisation")
    return (
        Article.objects.select_related("source")
        .prefetch_related(
            Prefetch("person_mentions", queryset=live_people.order_by("id")),
            Prefetch("organisation_mentions", queryset=live_orgs.order_by("id")),
            "person_mentions__person__aliases",
            "organisation_mentions__organisation__aliases",
            "events",
        )
        .order_by("pk")
    )


# A mentioned entity as documents need it: (canonical name, the surface seen in the text, alias names in alias
# order, abbreviation or "", slug).
Mentioned = tuple[str, str, Sequence[str], str, str]


def facet_values(article: Article) -> dict:
    return _facets(
        article.language,
        article.published_on,
        article.source.slug if article.source else "",
        [m.person.slug for m in article.person_mentions.all()],
        [m.organisation.slug for m in article.organisation_mentions.all()],
        [event.slug for event in article.events.all()],
    )


def _facets(language: str, published_on: date | None, source_slug: str, people: Iterable[str],
            organisations: Iterable[str], events: Iterable[str]) -> dict:  # fmt: skip
    return {
        "language": language,
        "month": published_on.strftime("%Y-%m") if published_on else "",
        "source": source_slug,
        "person": sorted(set(people)),
        "organisation": sorted(set(organisations)),
        "event": sorted(set(events)),
        "date": published_on.toordinal() if published_on else 0,
    }


def _entity_text(mentioned: Iterable[Mentioned]) -> str:
    names: list[str] = []
    for name, surface, aliases, abbreviation, _slug in mentioned:
        names += [name, surface, *aliases]
        if abbreviation:
            names.append(abbreviation)
    return "\n".join(dict.fromkeys(names))


def article_to_document(article: Article) -> dict:
    source = article.source
    people = [
        (m.person.name, m.surface, [a.name for a in m.person.aliases.all()], "", m.person.slug)
        for m in article.person_mentions.all()
    ]
    organisations = [
        (o.name, m.surface, [a.name for a in o.aliases.all()], o.abbreviation, o.slug)
        for m in article.organisation_mentions.all()
        for o in (m.organisation,)
    ]
    return make_document(
        article.pk, article.title, article.body, article.language, article.published_on,
        (source.name, source.domain, source.slug) if source else None,
        people, organisations, [(event.title, event.slug) for event in article.events.all()],
        cluster=article.cluster_id,
    )  # fmt: skip


def make_document(
    pk: int, title: str, body: str, language: str, published_on: date | None,
    source: tuple[str, str, str] | None, people: Sequence[Mentioned], organisations: Sequence[Mentioned],
    events: Sequence[tuple[str, str]], cluster: int | None = None,
) -> dict:  # fmt: skip
    """The index document of one article; `source` is (name, domain, slug), `events` (title, slug) pairs.

    `cluster`: its cluster of syndicated copies (CopyCluster id), kept in the facets column beside the date, so
    that search can collapse copies over the matching documents in numpy (facets.py); 0 for none.
    """
    text = f"{title}\n{body}"
    facets = _facets(language, published_on, source[2] if source else "", [p[4] for p in people],
                     [o[4] for o in organisations], [e[1] for e in events])  # fmt: skip
    facets["cluster"] = cluster or 0
    document = {
        "id": str(pk),
        "title": title,
        "published_on": published_on.isoformat() if published_on else "",
        "source_name": source[0] if source else "",
        "language": language,
        "names": text,
        "title_names": title,
        "words": text,
        "person": _entity_text(people),
        "organisation": _entity_text(organisations),
        "event": "\n".join(e[0] for e in events),
        "source": " ".join(source) if source else "",
        "facets": json.dumps(facets, separators=(",", ":")).encode(),
    }
    for code in LANGUAGE_FIELDS.get(language, ("ru",)):
        document[f"title_{code}"] = _kazakh_cyrillic(title) if code == "kk" else title
        document[f"body_{code}"] = _kazakh_cyrillic(body) if code == "kk" else body
    document["content_hash"] = content_hash(document)
    return document


def _kazakh_cyrillic(text: str) -> str:
    """A Kazakh text in the Latin or Arabic script, in Cyrillic for the Kazakh fields. The analyzer converts word
    by word too, but the whole text tells the Latin variant (2017 apostrophes, 2018 ı = и) that one word cannot."""
    script = detect_script(text)
    return text if script == "cyrl" else kazakh_to_cyrillic(text, script)


def content_hash(document: dict) -> str:
    """A fingerprint of everything indexed: differs exactly when the index entry is stale."""
    digest = hashlib.sha1(usedforsecurity=False)
    encoded: dict[int, bytes] = {}  # the same text under several keys (names, words) is encoded once
    for key in sorted(k for k in document if k != "content_hash"):
        value = document[key]
        if not isinstance(value, bytes):
            data = encoded.get(id(value))
            if data is None:
                data = encoded[id(value)] = str(value).encode()
            value = data
        digest.update(key.encode() + b"\0" + value + b"\0")
    return digest.hexdigest()


class DocumentBatches:
    """Documents for batches of articles: one values() query per table and batch, entities cached per run.

    Sources, people, organisations and events are read once per run (an edit made meanwhile reaches the index
    through the outbox, as for any write during a rebuild).
    """

    def __init__(self) -> None:
        self._sources: dict[int, tuple[str, str, str]] = {}
        self._people: dict[int, tuple[str, str, tuple[str, ...]]] = {}
        self._organisations: dict[int, tuple[str, str, str, tuple[str, ...]]] = {}
        self._events: dict[int, tuple[str, str]] = {}

    def for_ids(self, ids: Iterable[int]) -> list[dict]:
        """Documents of the given articles that exist, in pk order."""
        wanted = sorted(set(ids))
        documents: list[dict] = []
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            documents += self._documents(Q(pk__in=chunk), Q(article_id__in=chunk))
        return documents

    def for_range(self, first: int, last: int) -> list[dict]:
        """Documents of the articles with first <= pk <= last, in pk order."""
        return self._documents(Q(pk__gte=first, pk__lte=last), Q(article_id__gte=first, article_id__lte=last))

    def _documents(self, articles: Q, links: Q) -> list[dict]:
        rows = list(
            Article.objects.filter(articles)
            .order_by("pk")
            .values_list("pk", "title", "body", "language", "published_on", "source_id", "cluster_id")
        )
        if not rows:
            return []
        live = ~Q(status=ExtractionStatus.REJECTED)
        person_links = PersonMention.objects.filter(links, live).order_by("article_id", "id")
        org_links = OrganisationMention.objects.filter(links, live).order_by("article_id", "id")
        people = _grouped(person_links.values_list("article_id", "person_id", "surface"))
        organisations = _grouped(org_links.values_list("article_id", "organisation_id", "surface"))
        events = _grouped(
            Event.articles.through.objects.filter(links).order_by(*EVENT_ORDER).values_list("article_id", "event_id")
        )
        self._load_sources({row[5] for row in rows if row[5] is not None})
        self._load_people({pk for links in people.values() for pk, _ in links})
        self._load_organisations({pk for links in organisations.values() for pk, _ in links})
        self._load_events({pk for links in events.values() for (pk,) in links})
        sources, known_people, known_orgs, known_events = self._sources, self._people, self._organisations, self._events
        documents = []
        for pk, title, body, language, published_on, source_id, cluster in rows:
            mentioned_people = [
                (name, surface, aliases, "", slug)
                for person_id, surface in people.get(pk, ())
                for name, slug, aliases in (known_people[person_id],)
            ]
            mentioned_orgs = [
                (name, surface, aliases, abbreviation, slug)
                for org_id, surface in organisations.get(pk, ())
                for name, slug, abbreviation, aliases in (known_orgs[org_id],)
            ]
            documents.append(make_document(
                pk, title, body, language, published_on,
                sources.get(source_id) if source_id is not None else None,
                mentioned_people, mentioned_orgs, [known_events[event_id] for (event_id,) in events.get(pk, ())],
                cluster=cluster,
            ))  # fmt: skip
        return documents

    def _load_sources(self, ids: set[int]) -> None:
        for chunk in _missing_chunks(ids, self._sources):
            rows = Source.objects.filter(pk__in=chunk).values_list("pk", "name", "domain", "slug")
            for pk, name, domain, slug in rows:
                self._sources[pk] = (name, domain, slug)

    def _load_people(self, ids: set[int]) -> None:
        for chunk in _missing_chunks(ids, self._people):
            aliases = _aliases(PersonAlias.objects.filter(person_id__in=chunk).values_list("person_id", "name"))
            for pk, name, slug in Person.objects.filter(pk__in=chunk).values_list("pk", "name", "slug"):
                self._people[pk] = (name, slug, aliases.get(pk, ()))

    def _load_organisations(self, ids: set[int]) -> None:
        for chunk in _missing_chunks(ids, self._organisations):
            rows = OrganisationAlias.objects.filter(organisation_id__in=chunk).values_list("organisation_id", "name")
            aliases = _aliases(rows)
            for pk, name, slug, abbreviation in Organisation.objects.filter(pk__in=chunk).values_list(
                "pk", "name", "slug", "abbreviation"
            ):
                self._organisations[pk] = (name, slug, abbreviation, aliases.get(pk, ()))

    def _load_events(self, ids: set[int]) -> None:
        for chunk in _missing_chunks(ids, self._events):
            for pk, title, slug in Event.objects.filter(pk__in=chunk).values_list("pk", "title", "slug"):
                self._events[pk] = (title, slug)


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    """(article id, *rest) rows → article id → [rest, ...] in row order."""
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for article_id, *rest in rows:
        grouped[article_id].append(tuple(rest))
    return grouped


def _aliases(rows: Iterable[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    """Alias names per entity in alias order (Alias.Meta.ordering: by name, as the database collates)."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for owner, name in sorted(rows, key=lambda row: row[0]):  # stable: keeps the database's name order
        grouped[owner].append(name)
    return {owner: tuple(names) for owner, names in grouped.items()}


def _missing_chunks(ids: set[int], known: dict) -> Iterable[list[int]]:
    return chunks(sorted(ids.difference(known)), IN_CHUNK)
