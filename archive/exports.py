"""Search results as CSV rows and JSON documents: the formats researchers cite and our checks read."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest
from django.urls import reverse

from archive.ingest.reading.weburl import clean_url
from archive.models import Article
from archive.search import SearchPage

# `url` is the archive's permalink (as since the first export); `original_url` the address the outlet published at.
CSV_COLUMNS = ["id", "title", "published_on", "language", "source", "issued_by", "byline", "url", "original_url",
               "origin", "citation"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def original_url(article: Article) -> str:
    """The article's original address when it is a safe http(s) one (an editor may have typed anything)."""
    return clean_url(article.url)


def citation(article: Article, permalink: str) -> str:
    """Plain text naming the outlet (and the body that issued a press release), the title, the date, the original
    address and the archive's permalink; what is not known is said, not left out silently."""
    who = article.source.name if article.source else ""
    if article.issued_by:
        who = f"{who} ({article.issued_by})" if who else article.issued_by
    date = article.published_on.isoformat() if article.published_on else "undated"
    original = original_url(article) or "original address unknown"
    return (f"{who or 'Outlet unknown'}. «{article.title}». {date}. {original}. "
            f"Qujat archive, article {article.pk}: {permalink}")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets execute cells starting like formulas; a leading apostrophe keeps them text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_rows(
    request: HttpRequest, matches: list[tuple[int, int]], *, collapsed: bool = False, chunk: int = 500
) -> Iterator[list[str]]:
    """Rows of (article id, copies) matches; `collapsed` (one row per cluster of copies) adds a `copies` column."""
    yield CSV_COLUMNS + (["copies"] if collapsed else [])
    copies = dict(matches)
    for start in range(0, len(matches), chunk):
        ids = [article_id for article_id, _ in matches[start : start + chunk]]
        articles = Article.objects.select_related("source").in_bulk(ids)
        for article_id in ids:
            article = articles.get(article_id)
            if article is None:  # deleted since the search ran
                continue
            url = request.build_absolute_uri(article.get_absolute_url())
            yield [_cell(v) for v in (
                article.pk, article.title, article.published_on.isoformat() if article.published_on else "",
                article.language, article.source.name if article.source else "", article.issued_by, article.byline,
                url, original_url(article), article.origin, citation(article, url),
                *([copies[article_id]] if collapsed else []),
            )]


def page_as_json(request: HttpRequest, page: SearchPage) -> dict:
    # The outlet and title come from the index (what was searched); where the text came from, from the database.
    articles = Article.objects.select_related("source").in_bulk([hit.article_id for hit in page.hits])

    def provenance(article_id: int, permalink: str) -> dict:
        article = articles.get(article_id)
        if article is None:  # deleted since the search ran
            return {"issued_by": None, "original_url": None, "citation": None}
        return {"issued_by": article.issued_by or None, "original_url": original_url(article) or None,
                "citation": citation(article, permalink)}

    return {
        "query": page.request.q,
        "total": page.total,  # matching articles
        "collapsed": page.request.collapse,
        "collapsed_total": page.collapsed_total,  # results after grouping copies (null: not grouped)
        "page": page.request.page,
        "pages": page.num_pages,
        "results": [
            {
                "id": hit.article_id,
                "title": hit.title,
                "url": permalink,
                "language": hit.language,
                "published_on": hit.published_on.isoformat() if hit.published_on else None,
                "source": hit.source_name or None,
                "snippet": str(hit.snippet),
                "copies": hit.copies,
            } | provenance(hit.article_id, permalink)
            for hit in page.hits
            for permalink in [request.build_absolute_uri(reverse("archive:article_detail", args=[hit.article_id]))]
        ],
        "facet_counts": "articles",  # copies included, also when results are grouped
        "facets": {
            facet: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected,
                     "excluded": v.excluded} for v in values]
            for facet, values in page.facets.items()
        },
        "message": page.message,
        "notes": page.notes,
        "suggestion": page.suggestion,
    }
