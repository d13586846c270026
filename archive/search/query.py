"""SearchRequest → SearchPage: matching, ranking, filtering and facet counting in numpy, snippets last.

With `collapse`, syndicated copies (articles of one CopyCluster, a column beside the facets) are shown once: the
first of each cluster in the page's order (the best ranked, or the newest or oldest when sorted by date), with the
number of its copies among the matches. Totals then say both numbers; facet counts still count articles.

Facets are counted the way shoppers expect: each facet's counts apply every other filter but its own, so
choosing «kk» still shows how many Russian articles there are (several values of one facet combine with OR,
different facets with AND). Every query runs under a time budget and answers or says why it could not.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connections, router
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy
from whoosh.searching import Searcher

from archive.models import Article
from archive.text import name_search_key

from . import suggest
from .coverage import Coverage
from .coverage import coverage as count_coverage
from .deadline import SearchTimeout, hard_deadline
from .evaluation import QueryEvaluator
from .facets import FacetTable, facet_table
from .labels import facet_labels
from .parsing import ParsedQuery, QueryError, check_date_range, parsed_queries
from .schema import FACETS
from .snippets import make_snippets, positive_terms
from .storage import IndexUnavailable, searchers
from .term_arrays import term_arrays

SORTS = ("relevance", "date", "oldest")
ENGINE_SECONDS = 0.9  # everything the engine does for one page, enforced even inside Whoosh's reads
FACET_VALUES_SHOWN = 15
FACET_VALUES_EXPANDED = 500  # «show all» of one facet; the box inside it narrows them by name
FACET_VALUES_SEARCHED = 20_000  # values a name typed in that box is looked for among, most frequent first


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet → selected values
    exclusions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet → values left out (not_source=…)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    collapse: bool = False  # one result per cluster of syndicated copies
    expanded: str = ""  # the facet whose every value is listed («show all»), narrowed by `facet_query`
    facet_query: str = ""

    @property
    def effective_sort(self) -> str:
        """An empty query has no relevance: newest first."""
        return self.sort if self.q.strip() or self.sort != "relevance" else "date"


@dataclass(frozen=True)
class Hit:
    article_id: int
    title: str
    language: str
    published_on: dt.date | None
    source_name: str
    snippet: SafeString
    score: float | None = None
    copies: int = 0  # collapsed: other matching articles of its cluster, not listed


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    excluded: bool = False


@dataclass
class SearchPage:
    request: SearchRequest
    total: int = 0  # matching articles
    collapsed_total: int | None = None  # collapsed: results after grouping copies (None: not collapsed)
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    message: str = ""  # why the query could not run (shown instead of results)
    notes: list[str] = field(default_factory=list)  # caveats about results that did run
    suggestion: str = ""  # "did you mean"
    elapsed_ms: float = 0.0
    cacheable: bool = True  # False when the answer depended on load or availability (a timeout)
    unavailable: bool = False  # the index could not be read: the page must say so (503), not show 0 results
    coverage: Coverage | None = None  # matches per week or month and language (None: no matches)
    facets_more: dict[str, bool] = field(default_factory=dict)  # facet → it has values beyond those listed

    @property
    def shown_total(self) -> int:
        """Results listed over all pages: clusters when collapsed, else articles."""
        return self.total if self.collapsed_total is None else self.collapsed_total

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.shown_total / self.request.page_size))

TOO_EXPENSIVE = gettext_lazy("This query is too expensive to answer quickly; please use fewer or more specific words.")


def search(request: SearchRequest) -> SearchPage:
    started = time.perf_counter()
    try:
        with searchers.use() as searcher:
            page = _search(searcher, request)
    except IndexUnavailable as exc:
        page = SearchPage(request, message=f"Search is unavailable: {exc}.", cacheable=False, unavailable=True)
    except QueryError as exc:
        page = SearchPage(request, message=str(exc))
    except SearchTimeout:
        searchers.reset()  # interrupted mid-read: the next query gets a freshly opened searcher
        page = SearchPage(
            request,
            message=str(TOO_EXPENSIVE),
            cacheable=False,
        )
    page.elapsed_ms = (time.perf_counter() - started) * 1000
    return page


def matching_article_ids(request: SearchRequest) -> list[int]:
    """Every matching article id in the request's order (for exports); raises QueryError, SearchTimeout."""
    return [article_id for article_id, _ in matching_articles(request)]


def matching_articles(request: SearchRequest, *, limit: int | None = None) -> list[tuple[int, int]]:
    """(article id, copies) of every match in the request's order, or of its first `limit` (a feed's newest): copies
    is 0 unless the request collapses syndicated copies (then one id per cluster, with the number of other matching
    articles of its cluster). Each id is read from its document's stored fields: only those asked for."""
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    with searchers.use() as searcher:
        table = facet_table(searcher)
        with hard_deadline(ENGINE_SECONDS * 5):  # an export may take a little longer than a page
            selected = _select(searcher, request, table)
            # Collapsing counts each cluster's matches over all of them: it orders everything first.
            ordered = _order(selected, request.effective_sort, limit=None if request.collapse else limit)
            copies = np.zeros(ordered.size, dtype=np.int64)
            if request.collapse:
                ordered, copies = _collapse(table, ordered)
            ordered, copies = ordered[:limit], copies[:limit]
        return [(int(searcher.stored_fields(int(d))["id"]), int(n)) for d, n in zip(ordered, copies, strict=True)]


def coverage_of(request: SearchRequest) -> Coverage | None:
    """Matches per period and language, without ranking or snippets (home and entity pages' charts); raises
    QueryError, SearchTimeout, IndexUnavailable."""
    with searchers.use() as searcher:
        table = facet_table(searcher)
        with hard_deadline(ENGINE_SECONDS):
            return _coverage(table, _select(searcher, request, table).docs, request)


def _coverage(table: FacetTable, docs: np.ndarray, request: SearchRequest) -> Coverage | None:
    """The share's denominator is every article in the request's date range (a period it cuts is cut there too)."""
    everything = table.alive_mask
    if request.date_from or request.date_to:
        everything = everything & table.date_mask(
            request.date_from.toordinal() if request.date_from else None,
            request.date_to.toordinal() if request.date_to else None,
        )
    language = table.facets["language"]
    last_year = timezone.localdate().year + 1
    memo = table.memo.setdefault("coverage", {})  # the table is new with every index change: nothing goes stale
    if len(memo) > 256:  # date ranges are typed by visitors: bounded
        memo.clear()
    denominators = memo.setdefault((request.date_from, request.date_to, last_year), {})
    prepared = table.memo.setdefault(("coverage-prepared", last_year), {})  # the dates' periods: per table
    return count_coverage(table.dates, language.codes, language.vocabulary, docs, everything,
                          last_year=last_year, denominators=denominators, prepared=prepared)


def warm_up() -> None:
    """Open the searcher, decode the facet table and map the segments' term array files now (gunicorn calls this
    as each worker starts), so that no visitor waits for it. Posting lists are not read ahead: frequent terms come
    from the mapped files in a few milliseconds, rare ones from a block or two. Nothing happens without an index."""
    try:
        with searchers.use() as searcher:
            facet_table(searcher)
            for leaf, _ in searcher.reader().leaf_readers():  # the term array files' directories (term_arrays.py)
                if leaf.segment() is not None:
                    term_arrays.get(searchers.location, leaf.segment().segment_id())
    except IndexUnavailable:
        pass


@dataclass
class _Selection:
    parsed: ParsedQuery | None
    table: FacetTable
    base: np.ndarray  # bool per docnum: matches the words and the date range
    scores: np.ndarray | None  # relevance per docnum (None for the empty query)
    masks: dict[str, np.ndarray]  # facet → bool per docnum, for each facet with selected values
    docs: np.ndarray  # bool per docnum: base and every facet mask


def _select(searcher: Searcher, request: SearchRequest, table: FacetTable) -> _Selection:
    check_date_range(request.date_from, request.date_to)  # a reversed range is answered, never changed
    parsed = parsed_queries.parse(request.q, searcher.reader())
    if parsed is None:
        base, scores = table.alive_mask.copy(), None
    else:
        evaluator = QueryEvaluator(searcher, table.alive_mask, seconds=ENGINE_SECONDS, scope=searchers.location)
        matches = evaluator.evaluate(parsed.query)
        base, scores = matches.mask, matches.scores
    return filtered(parsed, table, base, scores, request)


def filtered(parsed: ParsedQuery | None, table: FacetTable, base: np.ndarray, scores: np.ndarray | None,
             request: SearchRequest) -> _Selection:  # fmt: skip
    """The selection of the documents `base` matched (bool per docnum, changed in place), within the request's
    dates and facet filters (also the PostgreSQL backend's, over the ids its statement matched)."""
    if request.date_from or request.date_to:
        base &= table.date_mask(
            request.date_from.toordinal() if request.date_from else None,
            request.date_to.toordinal() if request.date_to else None,
        )
    masks = {f: table.mask(f, list(v)) for f, v in request.filters.items() if f in FACETS and v}
    for facet, values in request.exclusions.items():  # a facet's own mask: its chosen values, none of the left out
        if facet in FACETS and values:
            left_out = ~table.mask(facet, list(values))
            masks[facet] = masks[facet] & left_out if facet in masks else left_out
    docs = base.copy()
    for mask in masks.values():
        docs &= mask
    return _Selection(parsed, table, base, scores, masks, docs)


def _search(searcher: Searcher, request: SearchRequest) -> SearchPage:
    deadline = time.monotonic() + ENGINE_SECONDS  # the suggestion below gets only what the engine left of it
    ordered = None
    table = facet_table(searcher)
    with hard_deadline(ENGINE_SECONDS):  # database work (labels, snippets) comes after, outside the alarm
        selected = _select(searcher, request, table)
        parsed = selected.parsed
        page = SearchPage(request, total=int(selected.docs.sum()), notes=list(parsed.notes) if parsed else [])
        end = request.page * request.page_size
        copies = None
        if request.collapse:
            # Which copy stands for its cluster depends on the whole order: every match is ordered, then grouped.
            ordered, copies = _collapse(table, _order(selected, request.effective_sort, limit=None))
            page.collapsed_total = int(ordered.size)
        if request.page > page.num_pages and page.total:
            page.message = f"Page {request.page} is past the last page ({page.num_pages})."
            ordered = None
        elif ordered is None:
            ordered = _order(selected, request.effective_sort, limit=end)
    version = f"{searchers.generation}:{searcher.reader().generation()}"  # as index_version(), for label caching
    page.facets, page.facets_more = _facets(selected, request, version)
    page.coverage = _coverage(table, selected.docs, request)  # the facets' arrays: no second pass over the hits
    if ordered is not None:
        shown = slice(end - request.page_size, end)
        page.hits = _hits(searcher, ordered[shown], parsed, copies[shown] if copies is not None else None)
    if page.total == 0 and parsed:
        page.suggestion = _did_you_mean(searcher, request.q, deadline)
    return page


def _order(selected: _Selection, sort: str, *, limit: int | None) -> np.ndarray:
    """Docnums of the selection, best first: at least the first `limit` of them (all when None)."""
    docs = np.flatnonzero(selected.docs)
    if sort != "relevance" or selected.scores is None:
        return _by_date(docs, selected.table.dates[docs], oldest=sort == "oldest", limit=limit)
    scores = selected.scores[docs]
    if limit is not None and limit < docs.size:
        # Only documents scoring at least the limit-th best can be on the page: sort those (ties by docnum).
        docs, scores = _best_scored(docs, scores, limit)
    return docs[np.lexsort((docs, -scores))]


def _best_scored(docs: np.ndarray, scores: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The documents scoring at least the limit-th best score (0 < limit < docs.size), with their scores.

    Partitioning every match was most of ordering a frequent word's: a score from a sample of ~1,000 first
    picks candidates (a pass that does not branch); when at least `limit` score that much, the limit-th best
    is among them, and so is every document scoring as much as it: the same documents as partitioning all."""
    step = docs.size // 1024
    if step > 1:
        sample = scores[::step]
        place = max(0, sample.size - 1 - (4 * limit // step + 8))  # a little below the limit-th best, likely
        candidates = scores >= np.partition(sample, place)[place]
        if np.count_nonzero(candidates) >= limit:
            docs, scores = docs[candidates], scores[candidates]
    threshold = np.partition(scores, scores.size - limit)[scores.size - limit]
    keep = scores >= threshold
    return docs[keep], scores[keep]


_UNDATED_LAST = 1 << 30  # above every date ordinal (9999-12-31 is 3,652,059)


def _by_date(docs: np.ndarray, dates: np.ndarray, *, oldest: bool, limit: int | None) -> np.ndarray:
    """`docs` (ascending docnums) newest first, ties by docnum descending, or oldest first, ties by docnum
    ascending; undated (0) last in both. Dates and docnums make one int64 key per document, so only the first
    `limit` are sorted (sorting every match by two keys was 2.5 ms of a frequent word sorted by date at 100k).
    The order of np.lexsort over (docnum, date) (tests/test_search_engine.py)."""
    keys = dates.astype(np.int64)
    if oldest:
        keys[keys == 0] = _UNDATED_LAST
    keys <<= 32
    keys |= docs
    if not oldest:
        np.negative(keys, out=keys)  # newest first: the largest (date, docnum) first
    if limit is not None and limit < keys.size:
        first = np.argpartition(keys, limit - 1)[:limit]  # keys are distinct: the same first `limit` as sorting
        return docs[first[np.argsort(keys[first])]]
    return docs[np.argsort(keys)]


def _collapse(table: FacetTable, ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first document of each cluster in `ordered` (docnums, best first), in that order, and how many other
    documents of its cluster `ordered` holds."""
    keys = table.cluster_keys(ordered)
    _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    by_rank = np.argsort(first, kind="stable")
    return ordered[first[by_rank]], counts[by_rank] - 1


def _hits(
    searcher: Searcher, docnums: np.ndarray, parsed: ParsedQuery | None, copies: np.ndarray | None = None
) -> list[Hit]:
    stored = [searcher.stored_fields(int(d)) for d in docnums]
    ids = [int(s["id"]) for s in stored]
    bodies = _bodies(ids)
    snippets = make_snippets([bodies.get(i, "") for i in ids], positive_terms(parsed.query if parsed else None))
    return [
        Hit(
            article_id=int(s["id"]),
            title=s.get("title", ""),
            language=s.get("language", ""),
            published_on=dt.date.fromisoformat(s["published_on"]) if s.get("published_on") else None,
            source_name=s.get("source_name", ""),
            snippet=snippet,
            copies=int(copies[i]) if copies is not None else 0,
        )
        for i, (s, snippet) in enumerate(zip(stored, snippets, strict=True))
    ]


def _bodies(ids: list[int]) -> dict[int, str]:
    """id → body of the page's articles, in one plain statement: building it through the ORM took ten times
    longer than running it (0.25 ms of a one-article search). Same answer as
    dict(Article.objects.filter(pk__in=ids).values_list("pk", "body")) (tests/test_search_snippets.py)."""
    if not ids:
        return {}
    connection = connections[router.db_for_read(Article)]
    name = connection.ops.quote_name
    table, pk, body = Article._meta.db_table, Article._meta.pk.column, Article._meta.get_field("body").column
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {name(pk)}, {name(body)} FROM {name(table)} WHERE {name(pk)} IN ({placeholders})"  # noqa: S608 - names from the model, values bound
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return dict(cursor.fetchall())


def _facets(selected: _Selection, request: SearchRequest,
            version: str | None = None) -> tuple[dict[str, list[FacetValue]], dict[str, bool]]:  # fmt: skip
    """Each facet's values counted under every other facet's filter but not its own (so its alternatives, and
    the count of what it leaves out, stay visible); chosen and left-out values are always listed. The most
    frequent FACET_VALUES_SHOWN of each, or for the facet shown whole, up to FACET_VALUES_EXPANDED of those
    whose name holds `facet_query` (in any script or case, as names are searched)."""
    facets, more = {}, {}
    # A facet without a filter of its own is counted under every filter: the selection itself, shared by all
    # such facets, which are then counted together.
    unfiltered = [f for f in FACETS if f not in selected.masks and f != request.expanded]
    tops = selected.table.top_of_each(unfiltered, selected.docs, FACET_VALUES_SHOWN)
    for facet in FACETS:
        if facet in tops:
            selection = selected.docs  # base and every mask, as below: only read
        else:
            selection = selected.base.copy()
            for other, mask in selected.masks.items():
                if other != facet:
                    selection &= mask
        labels: dict[str, str] = {}  # the box's search reads labels: they are not read again below
        if facet == request.expanded:
            every = selected.table.counts(facet, selection)
            counts = _named_like(facet, every, request.facet_query, labels, version)
            more[facet] = len(counts) > FACET_VALUES_EXPANDED
            counts = counts[:FACET_VALUES_EXPANDED]
        else:
            counts, present = tops.get(facet) or selected.table.top(facet, selection, FACET_VALUES_SHOWN)
            more[facet] = present > FACET_VALUES_SHOWN
        chosen, left_out = set(request.filters.get(facet, ())), set(request.exclusions.get(facet, ()))
        listed = {value for value, _ in counts}
        missing = sorted((chosen | left_out) - listed)
        # Beyond the values shown (or in no matching document): counted too, a left-out value's count being what
        # leaving it out removes. At most MAX_VALUES_PER_FACET per facet (forms.py), one mask each.
        counts += [(value, int((selection & selected.table.mask(facet, [value])).sum())) for value in missing]
        labels |= facet_labels(facet, [value for value, _ in counts if value not in labels], version=version)
        facets[facet] = [FacetValue(v, labels.get(v, v), c, v in chosen, v in left_out) for v, c in counts]
    return facets, more


def _named_like(facet: str, counts: list[tuple[str, int]], typed: str, labels: dict[str, str],
                version: str | None = None) -> list[tuple[str, int]]:  # fmt: skip
    """The (value, count) pairs whose label holds `typed`: as typed (case-blind), or word by word on the name
    keys people are matched by (Tokayev finds Тоқаев). The labels it reads are added to `labels`."""
    typed = " ".join(typed.split())[:100]
    if not typed:
        return counts
    candidates = counts[:FACET_VALUES_SEARCHED]
    labels |= facet_labels(facet, [value for value, _ in candidates], version=version)
    folded, keys = typed.casefold(), name_search_key(typed).split()

    def matches(value: str) -> bool:
        label = labels.get(value, value)
        if folded in label.casefold() or folded in value.casefold():
            return True
        label_keys = name_search_key(label).split()
        return bool(keys) and all(any(k.startswith(key) for k in label_keys) for key in keys)

    return [(value, n) for value, n in candidates if matches(value)]


def _did_you_mean(searcher: Searcher, text: str, deadline: float) -> str:
    """Built from words of the archive only, within its own small budget (suggest.py) and what is left of the
    page's: a suggestion never makes a search take longer than ENGINE_SECONDS."""
    seconds = min(suggest.SECONDS, deadline - time.monotonic())
    return suggest.did_you_mean(searcher, text, seconds=seconds) if seconds > 0 else ""
