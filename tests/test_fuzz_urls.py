"""Fuzz: every public URL (archive/urls.py and the sign-in page, enumerated through django.urls) with generated path
parameters and query strings: never a 5xx, never a generated marker reflected unescaped in HTML or XML.

Path parameters are real ids and slugs of the imported seeds or generated values; query parameters are the names
the views read (the search form, the facets and their exclusions, the list filters, the other GET names) plus
junk names, each with generated values. Bounded in CI (tests/hypothesis_profiles.py); `make fuzz` runs long.
Counts: tests/artifacts/fuzz-summary.json.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.filters import ArticleFilter, EventFilter, OrganisationFilter, PersonFilter
from archive.forms import EXCLUDE_PREFIX, SearchForm
from archive.models import Article, Event, Organisation, Person
from archive.search import FACETS

from .fuzz_support import Tally, junk, marked, values
from .hypothesis_profiles import PROFILE

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

PUBLIC_NAMESPACES = {"archive"}
PUBLIC_NAMES = {"login"}  # outside the archive app, reachable without an account
OTHER_GET_NAMES = ["more", "more_q", "chart", "next", "lang", "query", "page_size", "hit"]
READ_NAMES = sorted({*SearchForm.base_fields, *FACETS, *(EXCLUDE_PREFIX + f for f in FACETS), *OTHER_GET_NAMES,
                     *(name for f in (ArticleFilter, PersonFilter, OrganisationFilter, EventFilter)
                       for name in f.base_filters)})  # fmt: skip
FORMATS = ["html", "json", "csv", "jsonl", "atom", "bibtex", "ris", "csljson", "ics", ""]
TALLY = Tally()


def public_patterns() -> list[tuple[str, list[tuple[str, str]]]]:
    """(route with <converter:name> placeholders, [(converter, name)]) of every public URL."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and (namespace in PUBLIC_NAMESPACES or (
                    namespace is None and pattern.name in PUBLIC_NAMES)):
                converters = [(type(c).__name__, name) for name, c in pattern.pattern.converters.items()]
                found.append((route, converters))

    walk(get_resolver().url_patterns, "/", None)
    return found


PATTERNS = public_patterns()


def test_the_public_urls_are_all_found():
    routes = {route for route, _ in PATTERNS}
    assert {"/search/", "/articles/<int:pk>/", "/people/<str:slug>/", "/healthz", "/accounts/login/"} <= routes
    assert not any(route.startswith("/admin") for route in routes)


@st.composite
def requests(draw, real: dict[str, list[str]]) -> str:
    route, converters = draw(st.sampled_from(PATTERNS))
    path = route
    for converter, name in converters:
        if converter == "IntConverter":
            value = draw(st.one_of(st.sampled_from(real["int"]), st.integers(0, 10**12).map(str)))
        else:
            value = draw(st.one_of(st.sampled_from(real["str"]), marked, junk.filter(lambda v: v and "/" not in v)))
            value = value.replace("/", "-") or "x"
        path = path.replace(f"<{'int' if converter == 'IntConverter' else 'str'}:{name}>", _quote(value), 1)
    names = draw(st.lists(st.one_of(st.sampled_from(READ_NAMES), st.text(max_size=8), marked), max_size=6))
    params = [(name, draw(st.one_of(values, st.sampled_from(real["str"])))) for name in names]
    if draw(st.booleans()):
        params.append(("format", draw(st.sampled_from(FORMATS))))
    return path + ("?" + urlencode(params) if params else "")


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@pytest.fixture
def real_values(imported_seeds) -> dict[str, list[str]]:
    ints = [str(pk) for pk in Article.objects.values_list("pk", flat=True)] + ["1", "2"]
    slugs = [*Person.objects.values_list("slug", flat=True)[:20], *Organisation.objects.values_list("slug", flat=True)
             [:10], *Event.objects.values_list("slug", flat=True)[:10], "kk", "ru", "en", "bibtex", "ris", "ru",
             "2026-02", "Конституция"]  # fmt: skip
    return {"int": ints, "str": slugs}


def test_every_public_url_with_generated_parameters_never_fails_nor_reflects(client, real_values):
    @settings(settings.get_profile(PROFILE), max_examples=settings.get_profile(PROFILE).max_examples * 2,
              suppress_health_check=list(HealthCheck))
    @given(path=requests(real_values))
    def check(path: str) -> None:
        TALLY.examples += 1
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="ru")
        TALLY.saw("GET", path, response)

    try:
        check()
    finally:
        TALLY.write("public_urls")
    assert TALLY.server_errors == 0, TALLY.findings
    assert TALLY.unescaped_reflections == 0, TALLY.findings
