"""Facet counts of a set of articles computed by the ORM: the slow, obvious reference the search's counts are
compared with (tests/test_search_stateful.py, tests/test_search_contract.py)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q

from archive import search
from archive.models import Article, Event, ExtractionStatus, OrganisationMention, PersonMention


def facet_reference(articles) -> dict[str, dict[str, int]]:
    """Facet counts of a set of articles, from the database."""
    ids = list(articles.values_list("pk", flat=True))
    counts: dict[str, Counter] = {name: Counter() for name in search.FACETS}
    for language, published_on, source_slug in Article.objects.filter(pk__in=ids).values_list(
        "language", "published_on", "source__slug"
    ):
        counts["language"][language] += 1
        if published_on:
            counts["month"][published_on.strftime("%Y-%m")] += 1
        if source_slug:
            counts["source"][source_slug] += 1
    live = ~Q(status=ExtractionStatus.REJECTED)
    for facet, rows in (
        ("person", PersonMention.objects.filter(live, article_id__in=ids).values_list("person__slug", "article_id")),
        ("organisation", OrganisationMention.objects.filter(live, article_id__in=ids)
         .values_list("organisation__slug", "article_id")),
        ("event", Event.articles.through.objects.filter(article_id__in=ids).values_list("event__slug", "article_id")),
    ):  # fmt: skip
        for slug, _article in set(rows):
            counts[facet][slug] += 1
    return {name: dict(counter) for name, counter in counts.items()}
