"""The article page reached from a search result: the query's words marked, and the way back to the results."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse

from . import search
from .body_html import marked_text
from .models import Article

NOT_CARRIED = ("page", "format")  # the way back returns to the search, not to one page of it or an export


def carried_query(params: QueryDict) -> str:
    """The search's query string without its page and format ("" when nothing is left)."""
    params = params.copy()
    for name in NOT_CARRIED:
        params.pop(name, None)
    return params.urlencode()


def jump_to_hit(params: QueryDict, article: Article) -> dict:
    """Context for article_detail.html. `hits` are the first MAX_MARKS hits in the body; `hit_total` counts all."""
    q = params.get("q", "")
    carried = carried_query(params)
    terms = search.query_terms(q)
    spans = search.hit_spans(article.body, terms)
    return {
        "query": q,
        "results_url": f"{reverse('archive:search')}?{carried}" if carried else "",
        "highlighting": bool(terms),
        "hits": spans[: search.MAX_MARKS],
        "hit_total": len(spans),
        "hits_capped": len(spans) > search.MAX_MARKS,
        "max_marks": search.MAX_MARKS,
        "marked_title": marked_text(article.title, search.hit_spans(article.title, terms)),
    }
