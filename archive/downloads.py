"""Downloads: a whole search as CSV, JSON Lines, an Atom feed or citations; one article's citation; the OpenSearch
description. Every file is named after what it holds: `qujat-<query or «all»>-<YYYY-MM-DD>.<ext>`."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import json
from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import citations, search
from .exports import csv_header, csv_rows, export_records, reference, references
from .failure import Counted, ending_honestly, ensure_database
from .feeds import FEED_ENTRIES, search_feed
from .forms import SearchForm
from .models import Article
from .search_pages import UNAVAILABLE, unavailable
from .text.translit import to_latin

SEARCH_FORMATS = ("csv", "jsonl", "atom", *citations.FORMATS)
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "atom": "atom", "bibtex": "bib", "ris": "ris", "csljson": "json"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "bibtex": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "csljson": "application/vnd.citationstyles.csl+json; charset=utf-8",
}
SLUG_CHARS = 60
BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only when it starts with one


def download_names(q: str, ext: str, day: dt.date) -> tuple[str, str]:
    """(an ASCII name for every browser, the name in the query's own script): the query slugified, «all» for the
    empty query. The ASCII one transliterates Cyrillic; a query with no Latin form at all is «search»."""
    if not q.strip():
        return (f"qujat-all-{day.isoformat()}.{ext}",) * 2
    names = []
    for slug in (slugify(to_latin(q)), slugify(q, allow_unicode=True)):
        slug = slug[:SLUG_CHARS].strip("-_") or "search"
        names.append(f"qujat-{slug}-{day.isoformat()}.{ext}")
    return names[0], names[1]


def content_disposition(ascii_name: str, name: str, *, attachment: bool = True) -> str:
    """RFC 6266: `filename` (ASCII, for old clients) and `filename*` (UTF-8, which current browsers prefer)."""
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _named(response: HttpResponse, names: tuple[str, str], *, attachment: bool = True) -> HttpResponse:
    response["Content-Disposition"] = content_disposition(*names, attachment=attachment)
    return response


def _refused(text: str, status: int = 400) -> HttpResponse:
    return HttpResponse(_("The export could not run: %(reason)s") % {"reason": text}, status=status,
                        content_type="text/plain; charset=utf-8")


def search_export(request: HttpRequest, form: SearchForm, search_request: search.SearchRequest) -> HttpResponse:
    """Every match of the search (not only a page) in the asked format; a feed lists the newest whatever the sort."""
    fmt = form.output_format
    if fmt == "atom":
        search_request = dataclasses.replace(search_request, sort="date")
    try:
        # A feed shows only the newest FEED_ENTRIES: the others' ids are never looked up (at a million articles
        # a common word's feed read 400,000 of them, several seconds).
        matches = search.matching_articles(search_request, limit=FEED_ENTRIES if fmt == "atom" else None)
        snippet = search.snippet_maker(search_request.q)
    except search.IndexUnavailable:
        return unavailable(_refused(UNAVAILABLE, status=503))
    except search.QueryError as exc:
        return _refused(str(exc))
    except search.SearchTimeout:
        return _refused(str(search.TOO_EXPENSIVE))
    names = download_names(search_request.q, EXTENSIONS[fmt], timezone.localdate())
    if fmt == "atom":
        params = urlencode([(k, v) for k, vs in request.GET.lists() if k not in ("format", "page") for v in vs])
        results_url = request.build_absolute_uri(reverse("archive:search") + (f"?{params}" if params else ""))
        feed = search_feed(request, search_request.q, matches, snippet, results_url)
        response = HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)
        return _named(response, names, attachment=False)  # a feed reader or browser shows it in place
    ensure_database()  # an outage answers 503 now, not a 200 whose body stops after the headers
    incomplete = _("ERROR: export incomplete — the database stopped answering after %(rows)s rows")
    if fmt in citations.FORMATS:
        rows = Counted(references(request, matches))
        pieces = citations.render(fmt, rows)
    else:
        fulltext = bool(form.cleaned_data.get("fulltext"))
        rows = Counted(export_records(request, matches, snippet, collapsed=search_request.collapse,
                                      fulltext=fulltext))
        if fmt == "jsonl":
            pieces = (json.dumps(record, ensure_ascii=False) + "\n" for record in rows)
        else:
            writer = csv.writer(_Echo())
            header = csv_header(collapsed=search_request.collapse, fulltext=fulltext)
            pieces = _prefixed(BOM, (writer.writerow(row) for row in csv_rows(rows, header)))
    ending = functools.partial(_error_ending, fmt, incomplete)
    pieces = ending_honestly(pieces, rows, ending, what=fmt)
    return _named(StreamingHttpResponse(pieces, content_type=CONTENT_TYPES[fmt]), names)


def _error_ending(fmt: str, message: str, rows: int) -> str:
    """The last piece of a download the database stopped feeding, in the file's own syntax, so that neither a person
    nor a program takes it for the whole: CSV a `# ERROR` line, JSON Lines an {"error"} record, each citation format
    one visible reference titled ERROR (CSL-JSON also closes its array, so the file still parses)."""
    text = message % {"rows": rows}
    if fmt == "csv":
        return f"# {text}\r\n"
    if fmt == "jsonl":
        return json.dumps({"error": text, "complete": False, "rows": rows}, ensure_ascii=False) + "\n"
    if fmt == "csljson":
        entry = {"id": "qujat-export-error", "type": "document", "title": text}
        return ("," if rows else "") + "\n" + json.dumps(entry, ensure_ascii=False) + "\n]\n"
    if fmt == "bibtex":
        title = citations.bibtex_escape(text)
        return ("\n" if rows else "") + "@misc{qujat-export-error,\n  title = {" + title + "}\n}\n"
    return f"TY  - GEN\r\nTI  - {text}\r\nER  - \r\n"  # RIS


class _Echo:
    """A file-like object whose write() returns the line: lets csv.writer feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def _prefixed(first: str, rest):
    yield first
    yield from rest


def article_citation_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One article's citation as BibTeX, RIS or CSL-JSON (the links under «Cite as»)."""
    if fmt not in citations.FORMATS:
        raise Http404(_("No citation format «%(format)s».") % {"format": fmt})
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    today = timezone.localdate()
    ref = reference(article, request.build_absolute_uri(article.get_absolute_url()), today)
    name = f"qujat-article-{article.pk}-{today.isoformat()}.{EXTENSIONS[fmt]}"
    response = HttpResponse("".join(citations.render(fmt, [ref])), content_type=CONTENT_TYPES[fmt])
    return _named(response, (name, name))


def opensearch_view(request: HttpRequest) -> HttpResponse:
    """Lets a browser add Qujat as a search engine (linked from every page's head)."""
    context = {"search_url": request.build_absolute_uri(reverse("archive:search")),
               "self_url": request.build_absolute_uri()}
    return render(request, "archive/opensearch.xml", context,
                  content_type="application/opensearchdescription+xml; charset=utf-8")
