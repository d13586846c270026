"""The search page's pieces that depend on the request: facet links, and the cache of rendered answers.

Rendered pages are cached per index state: the key holds `search.index_version()`, which changes with every
index commit and rebuild, and every database change that a page shows reaches the index (search/sync.py), so a
cached page is never older than the index it came from. Pages hold nothing per visitor (no session, no CSRF
token: the search form is a GET), which is what makes sharing them safe. Timeouts are never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, QueryDict

from . import search

CACHE_ALIAS = "search_pages"
CACHE_HEADER = "X-Qujat-Cache"
FACET_TITLES = {"language": "Language", "month": "Month", "source": "Source", "person": "People",
                "organisation": "Organisations", "event": "Events"}


@dataclass(frozen=True)
class FacetLink:
    value: search.FacetValue
    href: str  # query string that toggles this value, back to page 1


@dataclass(frozen=True)
class FacetGroup:
    facet: str
    title: str
    links: list[FacetLink]


def facet_groups(params: QueryDict, facets: dict[str, list[search.FacetValue]]) -> list[FacetGroup]:
    """Each facet's values with the link that adds (or removes) it: one urlencode per value, no template tags."""
    pairs = [(name, value) for name, values in params.lists() if name != "page" for value in values]
    groups = []
    for facet, values in facets.items():
        if not values:
            continue
        links = []
        for item in values:
            pair = (facet, item.value)
            toggled = [kept for kept in pairs if kept != pair] if item.selected else [*pairs, pair]
            links.append(FacetLink(item, "?" + urlencode(toggled)))
        groups.append(FacetGroup(facet, FACET_TITLES.get(facet, facet), links))
    return groups


UNAVAILABLE = "Search is unavailable while its index is being repaired or rebuilt; please try again in a few minutes."
RETRY_AFTER_SECONDS = 120


def unavailable(response: HttpResponse) -> HttpResponse:
    """A search that cannot read its index says so (503, try again later), never «0 results»."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


Render = Callable[[], tuple[HttpResponse, bool]]  # the response, and whether it may be cached


def cached_search_response(request: HttpRequest, render: Render) -> HttpResponse:
    """A stored copy of this exact search at the current index state, or `render()` (stored when it may be)."""
    try:
        version = search.index_version()
    except search.IndexUnavailable:
        return render()[0]
    key = _cache_key(version, request)
    cache = caches[CACHE_ALIAS]
    stored = cache.get(key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(content, content_type=content_type)
        response[CACHE_HEADER] = "hit"
        return response
    response, cacheable = render()
    if cacheable and response.status_code == 200:
        cache.set(key, (response.content, response["Content-Type"]))
    response[CACHE_HEADER] = "miss"
    return response


def _cache_key(version: str, request: HttpRequest) -> str:
    canonical = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    digest = hashlib.sha256(f"{version}\0{request.path}\0{canonical}".encode()).hexdigest()
    return f"search:{digest}"
