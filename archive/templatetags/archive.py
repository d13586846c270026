"""Links that change one search parameter and keep the rest. No queries here."""

from __future__ import annotations

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle_facet(context, facet: str, value: str) -> str:
    """The current query string with `facet=value` added, or removed if present; back to page 1."""
    params: QueryDict = context["request"].GET.copy()
    values = params.getlist(facet)
    params.setlist(facet, [v for v in values if v != value] if value in values else [*values, value])
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def with_params(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params: QueryDict = context["request"].GET.copy()
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + params.urlencode()


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, key)


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()
