"""SearchRequest → SearchPage on PostgreSQL: the same answers as the Whoosh backend's query.py.

Matching is the GIN-indexed `terms @@ tsquery` (translate.py). A search takes the fast path (fast.py): the statement
returns the matching ids, and facets, totals, copies and coverage are counted in numpy over the process's document
arrays (arrays.py). The SQL path below (`_search_in_sql`: facets counted over the matching rows the way query.py
counts them, each facet under every other facet's filter, never its own; copies collapsed by a window over the
whole order) is the slow, obvious reference tests/test_search_pg_fast.py pins the fast path to, and the fallback
when the documents keep changing under it. The time limit is PostgreSQL's statement_timeout, set for each statement
to what is left of the page's budget.

Ranking approximates the Whoosh backend's BM25: each typed word (over the fields it is looked up in) scores
idf × ts_rank, where ts_rank weighs title positions (weight A) three times body ones and divides by the log of
the document's length, and idf is Whoosh's log(N / (df + 1)) + 1 from the word's document count.
"""

from __future__ import annotations

import html
import logging
import math
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from django.db import DatabaseError, transaction
from django.utils import timezone

from archive.models import Article

from .. import query as whoosh_query
from ..coverage import Coverage
from ..coverage import coverage as count_coverage
from ..deadline import SearchTimeout
from ..export_snippets import _MARK
from ..labels import facet_labels
from ..parsing import ParsedQuery, QueryError, check_date_range, parse_query
from ..query import (
    ENGINE_SECONDS,
    FACET_VALUES_EXPANDED,
    FACET_VALUES_SEARCHED,
    FACET_VALUES_SHOWN,
    TOO_EXPENSIVE,
    FacetValue,
    Hit,
    SearchPage,
    SearchRequest,
    _named_like,
)
from ..schema import FACETS
from ..snippets import make_snippet, positive_terms
from ..storage import IndexUnavailable
from ..suggest import SECONDS as SUGGEST_SECONDS
from ..suggest import did_you_mean
from . import fast, reading
from .translate import (
    RANK_CANDIDATES,
    RANK_WEIGHTS,
    Everything,
    Nothing,
    RankGroup,
    Translated,
    rank_groups,
    to_tsquery,
)
from .vocabulary import TermReader, TermSearcher

logger = logging.getLogger(__name__)
TABLE = "archive_searchdocument"
COLUMNS = {"language": "language", "month": "month", "source": "source", "person": "people",
           "organisation": "organisations", "event": "events"}  # fmt: skip
ARRAYS = frozenset({"person", "organisation", "event"})
RANK_NORMALISATION = 1  # divide by 1 + log(document length): BM25's length normalisation, roughly
QUERY_CANCELED = "57014"


# ---------------------------------------------------------------------------------------------------------------
# The time limit
# ---------------------------------------------------------------------------------------------------------------


class _Budget:
    """Seconds left for the statements of one request; each statement gets what is left (statement_timeout).

    Sequential scans are off for statements that match words: the planner prices `terms @@ query` on a scan far
    below its cost (every row's tsvector, kilobytes out of line, would be read); the GIN index reads none of them.
    JIT compilation is off: a scan priced as disabled looks expensive enough to compile, which took ~200 ms of a
    statement that runs in one.
    """

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def execute(self, cursor, sql: str, params: list | None = None, *, scan: bool = False) -> None:
        """`scan`: the statement reads no tsvector, and may read the whole table in order (see _limited)."""
        left_ms = int((self.deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            raise SearchTimeout
        cursor.execute(f"SET LOCAL statement_timeout = {max(1, left_ms)}; "
                       f"SET LOCAL enable_seqscan = {'on' if scan else 'off'}; SET LOCAL jit = off")  # fmt: skip
        cursor.execute(sql, params)


@contextmanager
def _limited(seconds: float) -> Iterator[_Budget]:
    """A savepoint (or transaction) whose statements share `seconds`; a cancelled one raises SearchTimeout.
    The previous statement_timeout is put back: a caller's own transaction keeps no limit of ours."""
    try:
        with reading.pinned() as alias, transaction.atomic(using=alias):
            with reading.cursor() as cursor:
                cursor.execute("SELECT current_setting('statement_timeout'), current_setting('enable_seqscan'), "
                               "current_setting('jit')")  # fmt: skip
                previous = cursor.fetchone()
            yield _Budget(seconds)
            with reading.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true), "
                               "set_config('enable_seqscan', %s, true), set_config('jit', %s, true)",
                               list(previous))  # fmt: skip
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise SearchTimeout from exc
        raise


# ---------------------------------------------------------------------------------------------------------------
# From the request to SQL
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    parsed: ParsedQuery | None
    reader: TermReader
    where: list[str] = field(default_factory=list)  # matching and dates
    params: list = field(default_factory=list)
    masks: dict[str, tuple[str, list]] = field(default_factory=dict)  # facet → its filter (chosen, left out)
    groups: list[RankGroup] = field(default_factory=list)
    matched: Translated | None = None  # the words' tsquery (or Everything, Nothing); None without words

    @property
    def reads_terms(self) -> bool:
        """Whether the rows are found by their words (through the GIN index), rather than by a scan."""
        return any("@@" in part for part in self.where)

    def condition(self, *, without: str | None = None) -> tuple[str, list]:
        parts, params = list(self.where), list(self.params)
        for facet, (sql, mask_params) in self.masks.items():
            if facet != without:
                parts.append(sql)
                params += mask_params
        return " AND ".join(parts) or "TRUE", params


def _plan(request: SearchRequest) -> _Plan:
    check_date_range(request.date_from, request.date_to)
    reader = TermReader()
    parsed = parse_query(request.q, reader)
    plan = _Plan(parsed, reader)
    if parsed is not None:
        plan.matched = matched = to_tsquery(parsed.query)
        if matched is Nothing:
            plan.where.append("FALSE")
        elif matched is not Everything:
            plan.where.append("d.terms @@ %s::tsquery")
            plan.params.append(matched)
        plan.groups = rank_groups(parsed.query)
    if request.date_from:
        plan.where.append("d.published_on >= %s")
        plan.params.append(request.date_from)
    if request.date_to:
        plan.where.append("d.published_on <= %s")
        plan.params.append(request.date_to)
    for facet in FACETS:
        chosen, left_out = request.filters.get(facet, ()), request.exclusions.get(facet, ())
        parts, params = [], []
        for values, negate in ((chosen, False), (left_out, True)):
            if values:
                parts.append(("NOT " if negate else "") + _has_any(facet))
                params.append(list(values))
        if parts:
            plan.masks[facet] = (" AND ".join(parts), params)
    return plan


def _has_any(facet: str) -> str:
    column = f"d.{COLUMNS[facet]}"
    if facet in ARRAYS:
        return f"({column} && %s::text[])"
    return f"({column} <> '' AND {column} = ANY(%s::text[]))"  # an unknown value is no value


def _score(plan: _Plan, budget: _Budget, terms: str, total: int | None = None,
           frequencies: dict[str, int] | None = None) -> tuple[str, list]:  # fmt: skip
    """The relevance expression over the tsvector `terms`, and its parameters (`total`: the documents, and
    `frequencies`: each group's document count, when known)."""
    idfs = [1.0] * len(plan.groups)
    if len(plan.groups) > 1 and frequencies is not None:
        idfs = [_idf(total, frequencies[group.tsquery]) for group in plan.groups]
    elif len(plan.groups) > 1:  # one word alone: its idf ranks nothing
        idfs = _idfs(plan.groups, budget, total)
    parts, params = [], []
    for group, idf in zip(plan.groups, idfs, strict=True):
        parts.append(f"%s * ts_rank('{RANK_WEIGHTS}', {terms}, %s::tsquery, {RANK_NORMALISATION})")
        params += [group.boost * idf, group.tsquery]
    return " + ".join(parts), params


def _idfs(groups: list[RankGroup], budget: _Budget, total: int | None = None) -> list[float]:
    with reading.cursor() as cursor:
        if total is None:
            budget.execute(cursor, f"SELECT count(*) FROM {TABLE}")
            (total,) = cursor.fetchone()
        counts = []
        for group in groups:  # one index lookup each: the documents themselves are not read
            budget.execute(cursor, f"SELECT count(*) FROM {TABLE} d WHERE d.terms @@ %s::tsquery", [group.tsquery])
            counts.append(cursor.fetchone()[0])
    return [_idf(total, count) for count in counts]


def _idf(total: int, count: int) -> float:
    return math.log(max(total, 1) / (count + 1)) + 1


def _matches(plan: _Plan, sort: str, budget: _Budget) -> tuple[str, list, str]:
    """The matching rows (article_id, cluster, published_on, ...) as a subquery, its parameters, and their order.

    Relevance is ranked in two steps, because a row's full tsvector is kilobytes stored out of line and reading it
    for every one of 100,000 matches takes seconds: all matches are first ranked by their titles alone (a small
    tsvector kept in the row; then newest first), and the first RANK_CANDIDATES of them are ranked again on all
    their terms. Up to RANK_CANDIDATES matches, that is every match ranked on all its terms.
    """
    condition, params = plan.condition()
    if sort != "relevance" or not plan.groups:
        rows = f"(SELECT d.article_id, d.cluster, d.published_on FROM {TABLE} d WHERE {condition}) d"
        if sort == "date":
            return rows, params, "d.published_on DESC NULLS LAST, d.article_id DESC"
        if sort == "oldest":
            return rows, params, "d.published_on ASC NULLS LAST, d.article_id ASC"
        return rows, params, "d.article_id ASC"  # nothing ranks (only NOT, only lang:): as Whoosh, in index order
    everything = " | ".join(group.tsquery for group in plan.groups)
    score_sql, score_params = _score(plan, budget, "x.terms")
    first = (f"SELECT d.article_id, d.cluster, d.published_on, row_number() OVER (ORDER BY ts_rank('{RANK_WEIGHTS}', "
             f"d.title_terms, %s::tsquery) DESC, d.published_on DESC NULLS LAST, d.article_id) AS quick "
             f"FROM {TABLE} d WHERE {condition}")  # fmt: skip
    rows = (f"(SELECT q.*, CASE WHEN q.quick <= {RANK_CANDIDATES} THEN (SELECT {score_sql} FROM {TABLE} x "
            f"WHERE x.article_id = q.article_id) END AS score FROM ({first}) q) d")  # fmt: skip
    return rows, [*score_params, everything, *params], "d.score DESC NULLS LAST, d.quick"


def _ordered(plan: _Plan, request: SearchRequest, budget: _Budget, *, limit: int | None, offset: int = 0,
             collapse: bool = False) -> list[tuple[int, int]]:  # fmt: skip
    """(article id, copies) of the matches in the request's order, from `offset`, at most `limit` of them."""
    rows, params, order = _matches(plan, request.effective_sort, budget)
    page, page_params = "", []
    if limit is not None:
        page, page_params = " LIMIT %s OFFSET %s", [limit, offset]
    if not collapse:
        sql = f"SELECT d.article_id, 0 FROM {rows} ORDER BY {order}{page}"
    else:  # which copy stands for its cluster depends on the whole order
        sql = (
            f"WITH o AS (SELECT d.article_id, CASE WHEN d.cluster > 0 THEN d.cluster ELSE -d.article_id END AS k, "
            f"row_number() OVER (ORDER BY {order}) AS pos FROM {rows}), "
            "g AS (SELECT k, min(pos) AS first, count(*) - 1 AS copies FROM o GROUP BY k) "
            f"SELECT o.article_id, g.copies FROM g JOIN o ON o.pos = g.first ORDER BY g.first{page}"
        )
    with reading.cursor() as cursor:
        budget.execute(cursor, sql, [*params, *page_params], scan=not plan.reads_terms)
        return [(int(pk), int(copies)) for pk, copies in cursor.fetchall()]


# ---------------------------------------------------------------------------------------------------------------
# Counting: totals, facets, coverage in one statement over the matching rows
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Counts:
    total: int = 0
    clusters: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    distinct: dict[str, int] = field(default_factory=dict)
    matched_days: list[tuple[int, str, int]] = field(default_factory=list)  # (ordinal or 0, language, count)


def _counts(plan: _Plan, request: SearchRequest, budget: _Budget, *, coverage: bool = True) -> _Counts:
    base_sql, base_params = " AND ".join(plan.where) or "TRUE", list(plan.params)
    flags, flag_params = [], []
    for facet, (sql, params) in plan.masks.items():
        flags.append(f"{sql} AS m_{facet}")
        flag_params += params

    def others(facet: str | None) -> str:
        return " AND ".join([f"m_{f}" for f in plan.masks if f != facet]) or "TRUE"

    columns = ", ".join(["d.article_id", "d.published_on", "d.cluster", *[f"d.{c}" for c in COLUMNS.values()],
                         *flags])  # fmt: skip
    selects = [f"SELECT 'total', NULL, count(*), count(DISTINCT CASE WHEN cluster > 0 THEN cluster "
               f"ELSE -article_id END), 0 FROM base WHERE {others(None)}"]  # fmt: skip
    if coverage:
        selects.append(f"SELECT 'day', (published_on - DATE '0001-01-01' + 1)::text || ' ' || language, count(*), 0, 0 "
                       f"FROM base WHERE {others(None)} GROUP BY published_on, language")  # fmt: skip
    for facet, column in COLUMNS.items():
        value = "v" if facet in ARRAYS else column
        source = f"base, unnest({column}) AS v" if facet in ARRAYS else "base"
        selects.append(f"SELECT '{facet}' AS facet, {value} AS value, count(*) AS n, min(article_id) AS first "
                       f"FROM {source} WHERE {value} <> '' AND {others(facet)} GROUP BY {value}")  # fmt: skip
    facet_rows = " UNION ALL ".join(selects[2 if coverage else 1 :])
    head = " UNION ALL ".join(selects[: 2 if coverage else 1])
    wanted = sorted({v for values in (*request.filters.values(), *request.exclusions.values()) for v in values})
    sql = (
        f"WITH base AS MATERIALIZED (SELECT {columns} FROM {TABLE} d WHERE {base_sql}), "
        f"f AS ({facet_rows}), "
        "r AS (SELECT facet, value, n, first, "
        "row_number() OVER (PARTITION BY facet ORDER BY n DESC, value COLLATE \"C\") AS rank, "
        "count(*) OVER (PARTITION BY facet) AS distinct_values FROM f) "
        f"{head} UNION ALL SELECT facet, value, n, distinct_values, first FROM r "
        "WHERE rank <= CASE WHEN facet = %s THEN %s ELSE %s END OR value = ANY(%s::text[])"
    )
    params = [*flag_params, *base_params, request.expanded, FACET_VALUES_SEARCHED, FACET_VALUES_SHOWN, wanted]
    # The flags are computed in `base` (before the WHERE): put their parameters first, as they appear.
    counts = _Counts()
    with reading.cursor() as cursor:
        budget.execute(cursor, sql, params, scan=not plan.reads_terms)
        rows = cursor.fetchall()
    for kind, value, n, extra, _first in rows:
        if kind == "total":
            counts.total, counts.clusters = int(n), int(extra)
        elif kind == "day":
            ordinal, _, language = value.partition(" ") if value else ("0", "", "")
            counts.matched_days.append((int(ordinal) if ordinal else 0, language, int(n)))
        else:
            counts.facets[kind].append((value, int(n)))
            counts.distinct[kind] = int(extra)
    for values in counts.facets.values():  # ties by value, in code point order, as the Whoosh backend lists them
        values.sort(key=lambda item: (-item[1], item[0]))
    return counts


def _facets(counts: _Counts, request: SearchRequest) -> tuple[dict[str, list[FacetValue]], dict[str, bool]]:
    """As query._facets: the most frequent values, every chosen and left-out one, labelled."""
    facets, more = {}, {}
    for facet in FACETS:
        chosen, left_out = set(request.filters.get(facet, ())), set(request.exclusions.get(facet, ()))
        ranked = counts.facets.get(facet, [])
        found = dict(ranked)
        labels: dict[str, str] = {}
        if facet == request.expanded:
            listed = _named_like(facet, ranked[:FACET_VALUES_SEARCHED], request.facet_query, labels)
            more[facet] = len(listed) > FACET_VALUES_EXPANDED
            listed = listed[:FACET_VALUES_EXPANDED]
        else:
            listed, more[facet] = ranked[:FACET_VALUES_SHOWN], counts.distinct.get(facet, 0) > FACET_VALUES_SHOWN
        shown = {value for value, _ in listed}
        listed = listed + [(value, found.get(value, 0)) for value in sorted((chosen | left_out) - shown)]
        labels |= facet_labels(facet, [value for value, _ in listed if value not in labels])
        facets[facet] = [FacetValue(v, labels.get(v, v), c, v in chosen, v in left_out) for v, c in listed]
    return facets, more


def _coverage(counts: _Counts, request: SearchRequest, budget: _Budget) -> Coverage | None:
    """coverage.coverage() over one entry per article, rebuilt from counts per day: the matching articles (with
    their language) and, for the denominator, every article of the day within the request's dates."""
    if not counts.total:
        return None
    where, params = ["published_on IS NOT NULL"], []
    if request.date_from:
        where.append("published_on >= %s")
        params.append(request.date_from)
    if request.date_to:
        where.append("published_on <= %s")
        params.append(request.date_to)
    with reading.cursor() as cursor:
        budget.execute(cursor, f"SELECT published_on - DATE '0001-01-01' + 1, count(*) FROM {TABLE} "
                               f"WHERE {' AND '.join(where)} GROUP BY 1", params, scan=True)  # fmt: skip
        everything = dict(cursor.fetchall())
    vocabulary = sorted({language for _, language, _ in counts.matched_days if language})
    code = {language: i for i, language in enumerate(vocabulary)}
    dates, languages, selected = [], [], []
    matched_on = defaultdict(int)
    for ordinal, language, n in counts.matched_days:
        dates.append(np.full(n, ordinal, dtype=np.int64))
        languages.append(np.full(n, code.get(language, -1), dtype=np.int64))
        selected.append(np.ones(n, dtype=bool))
        matched_on[ordinal] += n
    for ordinal, n in everything.items():
        rest = n - matched_on.get(ordinal, 0)
        if rest > 0:
            dates.append(np.full(rest, ordinal, dtype=np.int64))
            languages.append(np.full(rest, -1, dtype=np.int64))
            selected.append(np.zeros(rest, dtype=bool))
    dates_array = np.concatenate(dates) if dates else np.zeros(0, dtype=np.int64)
    selection = np.concatenate(selected) if selected else np.zeros(0, dtype=bool)
    languages_array = np.concatenate(languages) if languages else np.zeros(0, dtype=np.int64)
    return count_coverage(dates_array, languages_array, vocabulary, selection, np.ones(selection.size, dtype=bool),
                          last_year=timezone.localdate().year + 1)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# The public verbs
# ---------------------------------------------------------------------------------------------------------------


def _unavailable(request: SearchRequest, exc: Exception) -> SearchPage:
    """The database's own message may quote SQL: the page names only the kind of failure (the log has the rest)."""
    logger.exception("search documents could not be read")
    return SearchPage(request, message=f"Search is unavailable: the search documents cannot be read "
                      f"({type(exc).__name__}).", cacheable=False, unavailable=True)  # fmt: skip


def search(request: SearchRequest) -> SearchPage:
    started = time.perf_counter()
    try:
        page = _search(request)
    except QueryError as exc:
        page = SearchPage(request, message=str(exc))
    except SearchTimeout:
        page = SearchPage(request, message=str(TOO_EXPENSIVE), cacheable=False)
    except DatabaseError as exc:
        page = _unavailable(request, exc)
    page.elapsed_ms = (time.perf_counter() - started) * 1000
    return page


def _search(request: SearchRequest) -> SearchPage:
    try:
        return _search_fast(request)
    except fast.Stale:  # the documents kept changing under it: the SQL path reads one snapshot per statement
        return _search_in_sql(request)


def _ranked(plan: _Plan, request: SearchRequest) -> bool:
    return request.effective_sort == "relevance" and bool(plan.groups)


def _counted(plan: _Plan, request: SearchRequest) -> list[str]:
    """The groups whose document counts the ranking needs (their idf): none for one word alone."""
    return [group.tsquery for group in plan.groups] if _ranked(plan, request) and len(plan.groups) > 1 else []


def _scorer(plan: _Plan, budget: _Budget, matched: fast.Matched):
    """article ids → their full relevance score, the expression _matches ranks its candidates by."""

    def score(article_ids: list[int]) -> dict[int, float]:
        score_sql, params = _score(plan, budget, "x.terms", matched.arrays.table.doc_count, matched.frequencies)
        with reading.cursor() as cursor:
            budget.execute(cursor, f"SELECT x.article_id, {score_sql} FROM {TABLE} x "
                                   f"WHERE x.article_id = ANY(%s::bigint[])", [*params, article_ids])  # fmt: skip
            return {int(pk): value for pk, value in cursor.fetchall() if value is not None}

    return score


def _search_fast(request: SearchRequest) -> SearchPage:
    """Ids from PostgreSQL, everything counted over the process's arrays (fast.py): the same page as
    _search_in_sql (tests/test_search_pg_fast.py)."""
    with _limited(ENGINE_SECONDS) as budget:
        plan = _plan(request)
        matched = fast.match(plan, request, budget, ranked=_ranked(plan, request), counted=_counted(plan, request))
        page = SearchPage(request, total=matched.total, notes=list(plan.parsed.notes) if plan.parsed else [])
        if request.collapse:
            page.collapsed_total = matched.clusters()
        end = request.page * request.page_size
        ordered = None
        if request.page > page.num_pages and page.total:
            page.message = f"Page {request.page} is past the last page ({page.num_pages})."
        else:
            score = _scorer(plan, budget, matched)
            ordered = fast.page_rows(matched, plan, request, score, limit=request.page_size,
                                     offset=end - request.page_size, collapse=request.collapse)  # fmt: skip
    arrays, selected = matched.arrays, matched.selected
    page.facets, page.facets_more = whoosh_query._facets(selected, request, arrays.label_version)
    page.coverage = whoosh_query._coverage(arrays.table, selected.docs, request)
    if ordered is not None:
        page.hits = _hits(ordered, plan.parsed, with_copies=request.collapse)
    if page.total == 0 and plan.parsed:
        page.suggestion = _did_you_mean(plan.reader, request.q)
    return page


def _search_in_sql(request: SearchRequest) -> SearchPage:
    """Counted in SQL over every matching row: the slow, obvious path (and the fallback)."""
    with _limited(ENGINE_SECONDS) as budget:
        plan = _plan(request)
        counts = _counts(plan, request, budget)
        page = SearchPage(request, total=counts.total, notes=list(plan.parsed.notes) if plan.parsed else [])
        if request.collapse:
            page.collapsed_total = counts.clusters
        end = request.page * request.page_size
        ordered = None
        if request.page > page.num_pages and page.total:
            page.message = f"Page {request.page} is past the last page ({page.num_pages})."
        else:
            ordered = _ordered(plan, request, budget, limit=request.page_size, offset=end - request.page_size,
                               collapse=request.collapse)  # fmt: skip
        page.coverage = _coverage(counts, request, budget)
    page.facets, page.facets_more = _facets(counts, request)
    if ordered is not None:
        page.hits = _hits(ordered, plan.parsed, with_copies=request.collapse)
    if page.total == 0 and plan.parsed:
        page.suggestion = _did_you_mean(plan.reader, request.q)
    return page


def _hits(ordered: list[tuple[int, int]], parsed: ParsedQuery | None, *, with_copies: bool) -> list[Hit]:
    ids = [pk for pk, _ in ordered]
    rows = {
        row["pk"]: row
        for row in Article.objects.filter(pk__in=ids).values(
            "pk", "title", "body", "language", "published_on", "source__name"
        )
    }
    terms = positive_terms(parsed.query if parsed else None)
    hits = []
    for pk, copies in ordered:
        row = rows.get(pk)
        if row is None:  # deleted since the statement read it (outside a transaction): not shown
            continue
        hits.append(Hit(
            article_id=pk, title=row["title"], language=row["language"], published_on=row["published_on"],
            source_name=row["source__name"] or "", snippet=make_snippet(row["body"], terms),
            copies=copies if with_copies else 0,
        ))  # fmt: skip
    return hits


def _did_you_mean(reader: TermReader, q: str) -> str:
    try:
        with _limited(SUGGEST_SECONDS * 2):
            return did_you_mean(TermSearcher(reader), q)
    except SearchTimeout:
        return ""


def matching_article_ids(request: SearchRequest) -> list[int]:
    return [article_id for article_id, _ in matching_articles(request)]


def matching_articles(request: SearchRequest, *, limit: int | None = None) -> list[tuple[int, int]]:
    """(article id, copies) of every match in the request's order, or of its first `limit`; raises QueryError,
    SearchTimeout."""
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    try:
        try:
            with _limited(ENGINE_SECONDS * 5) as budget:  # an export may take a little longer than a page
                plan = _plan(request)
                matched = fast.match(plan, request, budget, ranked=_ranked(plan, request),
                                     counted=_counted(plan, request))  # fmt: skip
                score = _scorer(plan, budget, matched)
                return fast.page_rows(matched, plan, request, score, limit=limit, collapse=request.collapse)
        except fast.Stale:
            return _matching_articles_in_sql(request, limit)
    except DatabaseError as exc:
        raise IndexUnavailable(f"the search documents cannot be read ({type(exc).__name__})") from exc


def _matching_articles_in_sql(request: SearchRequest, limit: int | None = None) -> list[tuple[int, int]]:
    with _limited(ENGINE_SECONDS * 5) as budget:
        plan = _plan(request)
        return _ordered(plan, request, budget, limit=limit, collapse=request.collapse)


def coverage_of(request: SearchRequest) -> Coverage | None:
    try:
        try:
            with _limited(ENGINE_SECONDS) as budget:
                matched = fast.match(_plan(request), request, budget, ranked=False)
            return whoosh_query._coverage(matched.arrays.table, matched.selected.docs, request)
        except fast.Stale:
            return _coverage_in_sql(request)
    except DatabaseError as exc:
        raise IndexUnavailable(f"the search documents cannot be read ({type(exc).__name__})") from exc


def _coverage_in_sql(request: SearchRequest) -> Coverage | None:
    with _limited(ENGINE_SECONDS) as budget:
        plan = _plan(request)
        return _coverage(_counts(plan, request, budget), request, budget)


def warm_up() -> None:
    """Read the documents' arrays now (gunicorn calls this as each worker starts: 1.5–3 s at 100,000 documents),
    so that no visitor waits for them. Nothing happens when the documents cannot be read."""
    try:
        with _limited(60.0) as budget:
            fast.match(_plan(SearchRequest()), SearchRequest(), budget, ranked=False)
    except (DatabaseError, SearchTimeout, fast.Stale):
        pass


def related_article_ids(article_id: int, *, limit: int) -> list[int]:
    """As related.py: most people and events in common, other language first, then newest, then latest added."""
    sql = f"""
        SELECT d.article_id FROM {TABLE} d, {TABLE} me
        WHERE me.article_id = %s AND d.article_id <> me.article_id
          AND (d.people && me.people OR d.events && me.events)
        ORDER BY d.language = me.language,
                 cardinality(ARRAY(SELECT unnest(d.people) INTERSECT SELECT unnest(me.people)))
                 + cardinality(ARRAY(SELECT unnest(d.events) INTERSECT SELECT unnest(me.events))) DESC,
                 d.published_on DESC NULLS LAST, d.article_id DESC
        LIMIT %s
    """
    with reading.cursor() as cursor:
        cursor.execute(sql, [article_id, limit])
        return [row[0] for row in cursor.fetchall()]


def query_terms(q: str) -> dict[str, set[str]]:
    """As highlight.query_terms: the query's terms for marking one article, empty when it cannot be answered."""
    if not (q or "").strip():
        return {}
    try:
        with _limited(0.5):
            parsed = parse_query(q, TermReader())
    except (QueryError, SearchTimeout, DatabaseError):
        return {}
    return positive_terms(parsed.query if parsed else None)


def snippet_maker(q: str):
    """As export_snippets.snippet_maker, with wildcards expanded against this backend's terms."""
    parsed = parse_query(q, TermReader())
    terms = positive_terms(parsed.query if parsed else None)
    return lambda body: html.unescape(_MARK.sub("", make_snippet(body, terms)))
