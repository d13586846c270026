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
from django.utils.translation import get_language, gettext_lazy

from . import search
from .forms import EXCLUDE_PREFIX

CACHE_ALIAS = "search_pages"
CACHE_HEADER = "X-Qujat-Cache"
FACET_TITLES = {"language": gettext_lazy("Language"), "month": gettext_lazy("Month"), "source": gettext_lazy("Source"),
                "person": gettext_lazy("People"), "organisation": gettext_lazy("Organisations"),
                "event": gettext_lazy("Events")}


@dataclass(frozen=True)
class FacetLink:
    value: search.FacetValue
    href: str  # query string that toggles this value, back to page 1
    exclude_href: str = ""  # query string that toggles leaving this value out (not_<facet>=value)


@dataclass(frozen=True)
class Chip:
    """A filter in force, shown above the results with the link that removes it."""

    facet: str
    title: str
    label: str
    excluded: bool
    remove_href: str


@dataclass(frozen=True)
class FacetGroup:
    facet: str
    title: str
    links: list[FacetLink]
    expanded: bool = False  # listed whole («show all»), with a box to narrow it by name
    toggle_href: str = ""  # «show all» (when it has more values than listed) or «show fewer»
    kept: tuple[tuple[str, str], ...] = ()  # the search's parameters, carried by the box's form
    typed: str = ""  # what the box holds
    truncated: bool = False  # listed whole but cut at search.FACET_VALUES_EXPANDED: the box finds the rest


def _toggled(pairs: list[tuple[str, str]], pair: tuple[str, str], on: bool) -> str:
    """The query string with `pair` taken out (when `on`) or added, and its opposite (chosen ↔ left out) dropped."""
    name, value = pair
    opposite = (name[len(EXCLUDE_PREFIX):] if name.startswith(EXCLUDE_PREFIX) else EXCLUDE_PREFIX + name, value)
    kept = [p for p in pairs if p != pair and p != opposite]
    return "?" + urlencode(kept if on else [*kept, pair])


def _carried(params: QueryDict, *, dropped: tuple[str, ...]) -> list[tuple[str, str]]:
    """The search's parameters a link carries on, in their order, without those named."""
    return [(name, value) for name, values in params.lists() if name not in dropped for value in values]


def facet_groups(params: QueryDict, facets: dict[str, list[search.FacetValue]],
                 more: dict[str, bool] | None = None) -> list[FacetGroup]:
    """Each facet's values with the links that choose it or leave it out (or undo either): one urlencode per
    link, no template tags. A facet with more values than listed offers «show all» (`more=<facet>`)."""
    pairs = _carried(params, dropped=("page", "more", "more_q"))
    expanded, typed = params.get("more", ""), params.get("more_q", "")
    groups = []
    for facet, values in facets.items():
        if not values and facet != expanded:
            continue
        links = [FacetLink(item, _toggled(pairs, (facet, item.value), item.selected),
                           _toggled(pairs, (EXCLUDE_PREFIX + facet, item.value), item.excluded)) for item in values]
        if facet == expanded:
            groups.append(FacetGroup(facet, FACET_TITLES.get(facet, facet), links, True, "?" + urlencode(pairs),
                                     tuple(pairs), typed, truncated=bool((more or {}).get(facet))))
        else:
            toggle = "?" + urlencode([*pairs, ("more", facet)]) if (more or {}).get(facet) else ""
            groups.append(FacetGroup(facet, FACET_TITLES.get(facet, facet), links, toggle_href=toggle))
    return groups


def filter_chips(params: QueryDict, facets: dict[str, list[search.FacetValue]]) -> list[Chip]:
    """The chosen and left-out facet values, each with the link that removes it."""
    pairs = _carried(params, dropped=("page",))
    return [
        Chip(facet, FACET_TITLES.get(facet, facet), item.label, item.excluded,
             _toggled(pairs, ((EXCLUDE_PREFIX if item.excluded else "") + facet, item.value), True))
        for facet, values in facets.items() for item in values if item.selected or item.excluded
    ]


UNAVAILABLE = gettext_lazy(
    "Search is unavailable while its index is being repaired or rebuilt; please try again in a few minutes."
)
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
    language = get_language() or ""  # the same search in another interface language is another page
    digest = hashlib.sha256(f"{version}\0{language}\0{request.path}\0{canonical}".encode()).hexdigest()
    return f"search:{digest}"
