"""Article (with its source, people, organisations, events) → the dict Whoosh indexes."""

from __future__ import annotations

import hashlib
import json

from django.db.models import Prefetch, QuerySet

from archive.models import Article, ExtractionStatus, OrganisationMention, PersonMention

LANGUAGE_FIELDS = {"ru": ("ru",), "en": ("ru",), "kk": ("kk",), "mixed": ("ru", "kk")}


def indexable_articles() -> QuerySet[Article]:
    """Articles with everything their documents need, in as few queries as possible."""
    live_people = PersonMention.objects.exclude(status=ExtractionStatus.REJECTED).select_related("person")
    live_orgs = OrganisationMention.objects.exclude(status=ExtractionStatus.REJECTED).select_related("organisation")
    return (
        Article.objects.select_related("source")
        .prefetch_related(
            Prefetch("person_mentions", queryset=live_people),
            Prefetch("organisation_mentions", queryset=live_orgs),
            "person_mentions__person__aliases",
            "organisation_mentions__organisation__aliases",
            "events",
        )
        .order_by("pk")
    )


def facet_values(article: Article) -> dict:
    people = sorted({m.person.slug for m in article.person_mentions.all()})
    organisations = sorted({m.organisation.slug for m in article.organisation_mentions.all()})
    return {
        "language": article.language,
        "month": article.published_on.strftime("%Y-%m") if article.published_on else "",
        "source": article.source.slug if article.source else "",
        "person": people,
        "organisation": organisations,
        "event": sorted({event.slug for event in article.events.all()}),
        "date": article.published_on.toordinal() if article.published_on else 0,
    }


def _entity_text(mentions, attribute: str) -> str:
    names: list[str] = []
    for mention in mentions:
        entity = getattr(mention, attribute)
        names += [entity.name, mention.surface, *(alias.name for alias in entity.aliases.all())]
        if getattr(entity, "abbreviation", ""):
            names.append(entity.abbreviation)
    return "\n".join(dict.fromkeys(names))


def article_to_document(article: Article) -> dict:
    text = f"{article.title}\n{article.body}"
    document = {
        "id": str(article.pk),
        "title": article.title,
        "published_on": article.published_on.isoformat() if article.published_on else "",
        "source_name": article.source.name if article.source else "",
        "language": article.language,
        "names": text,
        "title_names": article.title,
        "words": text,
        "person": _entity_text(article.person_mentions.all(), "person"),
        "organisation": _entity_text(article.organisation_mentions.all(), "organisation"),
        "event": "\n".join(event.title for event in article.events.all()),
        "source": f"{article.source.name} {article.source.domain} {article.source.slug}" if article.source else "",
        "facets": json.dumps(facet_values(article), separators=(",", ":")).encode(),
    }
    for code in LANGUAGE_FIELDS.get(article.language, ("ru",)):
        document[f"title_{code}"] = article.title
        document[f"body_{code}"] = article.body
    document["content_hash"] = content_hash(document)
    return document


def content_hash(document: dict) -> str:
    """A fingerprint of everything indexed: differs exactly when the index entry is stale."""
    digest = hashlib.sha1(usedforsecurity=False)
    for key in sorted(k for k in document if k != "content_hash"):
        value = document[key]
        digest.update(key.encode() + b"\0" + (value if isinstance(value, bytes) else str(value).encode()) + b"\0")
    return digest.hexdigest()
