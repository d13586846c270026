"""Read-side queries for the people, organisation, event and article pages (views stay thin)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet

from . import search
from .models import (
    Article,
    Event,
    ExtractionStatus,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Quote,
)

NOT_REJECTED = ~Q(status=ExtractionStatus.REJECTED)
COMPANIONS_SHOWN = 8
RELATED_SHOWN = 6
ARTICLES_SHOWN = 50  # on a profile page; the rest through the search link
QUOTES_SHOWN = 30


def _companions(articles: QuerySet[Article], model, field: str, exclude_pk: int | None = None):
    mentions = model.objects.filter(NOT_REJECTED, article__in=articles.values("pk"))
    mentions = mentions.exclude(**{f"{field}_id": exclude_pk})
    counts = Counter(dict(mentions.values_list(f"{field}_id").annotate(n=Count("article", distinct=True))))
    shown = counts.most_common(COMPANIONS_SHOWN)
    objects = model._meta.get_field(field).related_model.objects.in_bulk([pk for pk, _ in shown])
    return [(objects[pk], n) for pk, n in shown if pk in objects]


def entity_articles(entity: Person | Organisation) -> QuerySet[Article]:
    return (Article.objects.filter(**{f"{'person' if isinstance(entity, Person) else 'organisation'}_mentions__in":
                                      entity.mentions.filter(NOT_REJECTED)})
            .distinct().select_related("source").newest_first())


def _newest(articles: QuerySet[Article]) -> dict:
    """The newest ARTICLES_SHOWN and how many there are: the most written-about person has 20,000 articles at
    100k, which the page links to as a search (filter, sort, export) instead of listing them all."""
    shown = articles.defer("body", "raw_text")[:ARTICLES_SHOWN]
    return {"articles": shown, "article_count": articles.values("pk").count()}  # distinct ids, not whole rows


def person_profile(person: Person) -> dict:
    articles = entity_articles(person)
    return _newest(articles) | {
        "search_filter": urlencode({"person": person.slug}),
        "roles": sorted({r for r in person.mentions.filter(NOT_REJECTED).values_list("role", flat=True) if r}),
        "quotes": Quote.objects.filter(NOT_REJECTED, speaker=person).select_related("article")
        .order_by(F("article__published_on").desc(nulls_last=True), "-pk")[:QUOTES_SHOWN],
        "people": _companions(articles, PersonMention, "person", exclude_pk=person.pk),
        "organisations": _companions(articles, OrganisationMention, "organisation"),
    }


def organisation_profile(organisation: Organisation) -> dict:
    articles = entity_articles(organisation)
    return _newest(articles) | {
        "search_filter": urlencode({"organisation": organisation.slug}),
        "people": _companions(articles, PersonMention, "person"),
        "organisations": _companions(articles, OrganisationMention, "organisation", exclude_pk=organisation.pk),
    }


def event_profile(event: Event) -> dict:
    articles = event.articles.select_related("source").newest_first()
    return _newest(articles) | {
        "search_filter": urlencode({"event": event.slug}),
        "participants": event.participants.all(),
        "quotes": Quote.objects.filter(NOT_REJECTED, article__in=articles.values("pk"))
        .select_related("speaker", "article").order_by("-pk")[:QUOTES_SHOWN],
    }


def related_coverage(article: Article) -> list[Article]:
    """Coverage of the same event or the same people, in the other language first, most shared first.

    Found in the search index's facet arrays (search.related_article_ids): the same question in SQL joins every
    mention of every shared person, seconds at 100,000 articles.
    """
    try:
        ids = search.related_article_ids(article.pk, limit=RELATED_SHOWN)
    except search.IndexUnavailable:
        return []
    found = Article.objects.select_related("source").defer("body", "raw_text", "footer", "captions").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


COPIES_SHOWN = 20  # an agency text may be reprinted hundreds of times: the page lists the first, counts the rest


def copies_of(article: Article) -> tuple[list[Article], int]:
    """The first COPIES_SHOWN other articles of its cluster of syndicated copies (other outlets' reprints),
    earliest first, and how many there are in all."""
    if article.cluster_id is None:
        return [], 0
    others = Article.objects.filter(cluster_id=article.cluster_id).exclude(pk=article.pk)
    shown = list(
        others.select_related("source").defer("body", "raw_text", "footer", "captions", "copy_signature")
        .order_by(F("published_on").asc(nulls_last=True), "pk")[:COPIES_SHOWN]
    )
    return shown, (others.count() if len(shown) == COPIES_SHOWN else len(shown))


def archive_overview() -> dict:
    """What the home page says about the archive: sizes, languages, the latest articles (the chart: views)."""
    by_language = dict(Article.objects.values_list("language").annotate(n=Count("pk")).order_by())
    return {
        "article_count": sum(by_language.values()),
        "by_language": by_language,
        "person_count": Person.objects.count(),
        "organisation_count": Organisation.objects.count(),
        "event_count": Event.objects.count(),
        "latest": Article.objects.select_related("source").newest_first()[:8],
        "undated": Article.objects.filter(published_on=None).count(),
    }
