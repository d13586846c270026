"""Links that change one search parameter and keep the rest. No queries here."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from archive.body_html import body_html
from archive.jump import carried_query

register = template.Library()


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


@register.simple_tag(takes_context=True)
def search_carried(context) -> str:
    """The current search's query string for an article link ("" when there is none to carry)."""
    carried = carried_query(context["request"].GET)
    return "?" + carried if carried else ""


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()


@register.simple_tag
def article_body(body: str, mentions, hits=None) -> SafeString:
    """The article body as escaped paragraphs, each mention's words linked to its person or organisation page,
    and the search's hits (offsets in `body`) marked and chained by #hit-N anchors. No queries here."""
    return body_html(body, mentions, hits)


@register.filter
def language_label(code: str) -> str:
    """The label of a language code (en → English, kk → Қазақша), the code itself when unknown."""
    from archive.models import Language

    return Language(code).label if code in Language.values else code


@register.simple_tag
def interface_languages() -> list[tuple[str, str]]:
    """(code, name) of the interface's languages, each named in itself (Қазақша, Русский, English), whatever the
    current language: a reader looks for their own language's name."""
    from django.conf import settings

    return list(settings.LANGUAGES)


@register.filter
def grouped(value):
    """A count as the interface language writes it: 12 345 in Kazakh and Russian, 12,345 in English."""
    if not isinstance(value, int):
        return value
    return number_format(value, force_grouping=True)
