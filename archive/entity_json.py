"""The read-only JSON of a person, organisation or event page (`?format=json`): what the page shows, as data.

Built from the same context the page renders (archive.selectors), so the two never disagree. Every URL is absolute;
`articles` holds the newest ARTICLES_SHOWN of `article_count`, and `search_url` lists them all (with facets and
exports).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from .models import Article, Event, Organisation, Person


def entity_as_json(request: HttpRequest, entity: Person | Organisation | Event, context: dict) -> dict:
    absolute = request.build_absolute_uri
    data = {
        "kind": {Person: "person", Organisation: "organisation", Event: "event"}[type(entity)],
        "id": entity.pk,
        "slug": entity.slug,
        "url": absolute(entity.get_absolute_url()),
        "article_count": context["article_count"],
        "articles": [_article(request, article) for article in context["articles"]],
        "search_url": absolute(reverse("archive:search") + "?" + context["search_filter"]),
        "coverage": [{"start": bar.start.isoformat(), "end": bar.end.isoformat(), "count": bar.count}
                     for bar in (context["chart"].bars if context.get("chart") else [])],
    }
    if isinstance(entity, Event):
        data |= {
            "title": entity.title, "title_ru": entity.title_ru, "title_kk": entity.title_kk,
            "kind_of_event": entity.kind, "starts_on": _date(entity.starts_on), "ends_on": _date(entity.ends_on),
            "place": entity.place,
            "participants": [_named(request, person) for person in context["participants"]],
        }
        return data
    data |= {"name": entity.name, "aliases": sorted(alias.name for alias in entity.aliases.all())}
    if isinstance(entity, Person):
        data |= {"role": entity.role, "roles": list(context["roles"])}
    else:
        data["abbreviation"] = entity.abbreviation
    data["people"] = [_named(request, person) | {"articles": n} for person, n in context["people"]]
    data["organisations"] = [_named(request, body) | {"articles": n} for body, n in context["organisations"]]
    return data


def _article(request: HttpRequest, article: Article) -> dict:
    return {
        "id": article.pk, "title": article.title, "url": request.build_absolute_uri(article.get_absolute_url()),
        "language": article.language, "published_on": _date(article.published_on),
        "source": article.source.name if article.source else None,
    }


def _named(request: HttpRequest, entity: Person | Organisation) -> dict:
    return {"name": entity.name, "slug": entity.slug, "url": request.build_absolute_uri(entity.get_absolute_url())}


def _date(value) -> str | None:
    return value.isoformat() if value else None
