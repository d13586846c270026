"""Links that change one search parameter and keep the rest. No queries here."""

from __future__ import annotations

import re

from django import template
from django.http import QueryDict
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()


@register.filter
def linked_paragraphs(body: str, mentions) -> SafeString:
    """The article body as escaped paragraphs, each mention's words linked to its person or organisation page.

    `mentions` are PersonMention / OrganisationMention objects (already fetched): no queries here.
    """
    targets: dict[str, str] = {}
    for mention in mentions:
        entity = getattr(mention, "person", None) or getattr(mention, "organisation", None)
        if mention.surface and mention.surface not in targets:
            targets[mention.surface] = entity.get_absolute_url()
    pattern = (re.compile("|".join(re.escape(s) for s in sorted(targets, key=len, reverse=True)))
               if targets else None)

    def render(paragraph: str) -> str:
        if pattern is None:
            return escape(paragraph)
        pieces, cursor = [], 0
        for match in pattern.finditer(paragraph):
            pieces += [escape(paragraph[cursor:match.start()]),
                       format_html('<a class="entity" href="{}">{}</a>', targets[match.group(0)], match.group(0))]
            cursor = match.end()
        return "".join(pieces) + escape(paragraph[cursor:])

    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    return mark_safe("".join(f"<p>{render(p)}</p>" for p in paragraphs))  # noqa: S308 - pieces escaped above


@register.filter
def language_label(code: str) -> str:
    """The label of a language code (en → English, kk → Қазақша), the code itself when unknown."""
    from archive.models import Language

    return Language(code).label if code in Language.values else code
