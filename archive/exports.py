"""Search results as CSV rows, JSON Lines records and JSON documents: what researchers cite and our checks read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from archive.citations import Reference
from archive.ingest.reading.weburl import clean_url
from archive.jump import carried_query
from archive.models import Article, ExtractionStatus
from archive.search import SearchPage

# `url` is the archive's permalink (as since the first export); `original_url` the address the outlet published at.
CSV_COLUMNS = ["id", "title", "published_on", "language", "source", "issued_by", "byline", "url", "original_url",
               "origin", "citation"]
# Added later, after the first columns so that readers of those keep working; `outlet` repeats `source` under the
# name the citation formats use. Lists (people, organisations, events) are joined with «; » in CSV.
EXTRA_COLUMNS = ["snippet", "people", "organisations", "events", "outlet", "outlet_domain", "accessed"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_CHUNK = 500  # articles read from the database per query while an export streams


def original_url(article: Article) -> str:
    """The article's original address when it is a safe http(s) one (an editor may have typed anything)."""
    return clean_url(article.url)


def citation(article: Article, permalink: str, *, accessed: dt.date | None = None) -> str:
    """Plain text naming the outlet (and the body that issued a press release), the title, the date, the original
    address and the archive's permalink; what is not known is said, not left out silently."""
    who = article.source.name if article.source else ""
    if article.issued_by:
        who = f"{who} ({article.issued_by})" if who else article.issued_by
    date = article.published_on.isoformat() if article.published_on else "undated"
    original = original_url(article) or "original address unknown"
    # The access date is left out where the text is cached across days (the results page's JSON).
    seen = f". Accessed {accessed.isoformat()}" if accessed else ""
    return (f"{who or 'Outlet unknown'}. «{article.title}». {date}. {original}. "
            f"Qujat archive, article {article.pk}: {permalink}{seen}")


def _cell(value: object) -> str:
    if isinstance(value, list):
        value = "; ".join(value)
    text = "" if value is None else str(value)
    # Spreadsheets execute cells starting like formulas; a leading apostrophe keeps them text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _visible_names(mentions, attribute: str) -> list[str]:
    """Distinct names of the entities an article mentions, rejected mentions left out, in name order."""
    return sorted({getattr(m, attribute).name for m in mentions if m.status != ExtractionStatus.REJECTED})


def export_articles(matches: list[tuple[int, int]], *, chunk: int | None = None) -> Iterator[tuple[Article, int]]:
    """(article, copies) for each match, in order, read from the database `chunk` at a time: constant memory."""
    chunk = chunk or EXPORT_CHUNK
    for start in range(0, len(matches), chunk):
        part = matches[start : start + chunk]
        articles = (
            Article.objects.select_related("source").defer("raw_text", "copy_signature")
            .prefetch_related("person_mentions__person", "organisation_mentions__organisation", "events")
            .in_bulk([article_id for article_id, _ in part])
        )
        for article_id, copies in part:
            if article_id in articles:  # else deleted since the search ran
                yield articles[article_id], copies


def export_records(
    request: HttpRequest, matches: list[tuple[int, int]], snippet: Callable[[str], str], *,
    collapsed: bool = False, fulltext: bool = False,
) -> Iterator[dict]:
    """One dict per exported row (CSV_COLUMNS, then EXTRA_COLUMNS, `copies` when collapsed, `fulltext` when asked
    for): the CSV and JSON Lines exports write the same rows."""
    accessed = timezone.localdate()
    for article, copies in export_articles(matches):
        url = request.build_absolute_uri(article.get_absolute_url())
        record = {
            "id": article.pk, "title": article.title,
            "published_on": article.published_on.isoformat() if article.published_on else None,
            "language": article.language, "source": article.source.name if article.source else "",
            "issued_by": article.issued_by, "byline": article.byline, "url": url,
            "original_url": original_url(article), "origin": article.origin,
            "citation": citation(article, url),  # as in the JSON page (cached across days): see `accessed`
            "snippet": snippet(article.body),
            "people": _visible_names(article.person_mentions.all(), "person"),
            "organisations": _visible_names(article.organisation_mentions.all(), "organisation"),
            "events": sorted({event.title for event in article.events.all()}),
            "outlet": article.source.name if article.source else "",
            "outlet_domain": article.source.domain if article.source else "",
            "accessed": accessed.isoformat(),
        }
        if collapsed:
            record["copies"] = copies
        if fulltext:
            record["fulltext"] = article.body
        yield record


def csv_header(*, collapsed: bool = False, fulltext: bool = False) -> list[str]:
    return CSV_COLUMNS + EXTRA_COLUMNS + (["copies"] if collapsed else []) + (["fulltext"] if fulltext else [])


def csv_rows(records: Iterable[dict], header: list[str]) -> Iterator[list[str]]:
    """The header, then each record's cells in the header's order (lists joined with «; »)."""
    yield header
    for record in records:
        yield [_cell(record[column]) for column in header]


def references(request: HttpRequest, matches: list[tuple[int, int]]) -> Iterator[Reference]:
    accessed = timezone.localdate()
    for article, _ in export_articles(matches):
        yield reference(article, request.build_absolute_uri(article.get_absolute_url()), accessed)


def reference(article: Article, permalink: str, accessed: dt.date) -> Reference:
    return Reference(
        article_id=article.pk, title=article.title, outlet=article.source.name if article.source else "",
        issued_by=article.issued_by, published_on=article.published_on, original_url=original_url(article),
        permalink=permalink, accessed=accessed, language=article.language,
    )


def page_as_json(request: HttpRequest, page: SearchPage) -> dict:
    # The outlet and title come from the index (what was searched); where the text came from, from the database.
    articles = Article.objects.select_related("source").in_bulk([hit.article_id for hit in page.hits])

    def provenance(article_id: int, permalink: str) -> dict:
        article = articles.get(article_id)
        if article is None:  # deleted since the search ran
            return {"issued_by": None, "original_url": None, "citation": None}
        return {"issued_by": article.issued_by or None, "original_url": original_url(article) or None,
                "citation": citation(article, permalink)}

    carried = carried_query(request.GET)
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
                "hit_url": f"{permalink}?{carried}" if carried else permalink,  # opens at the matches, as on the page
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
