"""A search on PostgreSQL without counting in SQL: one statement returns the ids the words matched (with each one's
title rank when the page is ranked by relevance); dates, facet filters, facet counts, totals, copies and coverage
are then counted in numpy over the process's document arrays (arrays.py) by the Whoosh backend's own code
(query.filtered, query._facets, query._coverage, query._collapse, facets.FacetTable).

Statements grow with the words' matches only through the GIN index and one int per match; nothing per match is
aggregated, grouped or sorted in SQL. Relevance is ranked as engine.py's SQL ranks it (the same expressions, so the
same order): every match by its title rank, then newest, then id; the first RANK_CANDIDATES of those again on all
their terms. tests/test_search_pg_fast.py pins each answer to that SQL path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..query import SearchRequest, _collapse, _order, _Selection, filtered
from . import reading
from .arrays import TABLE, VERSION_COLUMNS, DocumentArrays, Version, documents, frequencies
from .terms import quoted
from .translate import RANK_CANDIDATES, RANK_WEIGHTS, Nothing

RETRIES = 3  # a document committed between the statement and the arrays' read: read both again


class Stale(Exception):
    """The documents kept changing between the matching statement and the arrays' read (or, as Unranked, the
    request is one this path does not answer): the SQL path answers instead."""


class Unranked(Stale):
    """Words rank the matches, but every document matches (`x OR -y`): the SQL path ranks them all by title."""


@dataclass
class Matched:
    arrays: DocumentArrays
    selected: _Selection
    title_ranks: np.ndarray | None  # per document number (of the matches; 0 elsewhere), when ranked
    frequencies: dict[str, int] | None = None  # tsquery → documents matching it (for idf), when asked

    @property
    def total(self) -> int:
        return int(np.count_nonzero(self.selected.docs))

    def clusters(self) -> int:
        """Results once copies are collapsed: one per cluster (or article without copies) among the matches."""
        return int(np.unique(self.arrays.table.cluster_keys(np.flatnonzero(self.selected.docs))).size)

    def article_ids(self, docnums: np.ndarray) -> list[int]:
        return self.arrays.ids[docnums].tolist()


def match(plan, request: SearchRequest, budget, *, ranked: bool, counted: list[str] = ()) -> Matched:
    """The request's matches over the arrays; `ranked`: also read each match's title rank (for relevance);
    `counted`: tsqueries whose document counts to read too (in the same snapshot; kept per version)."""
    words = plan.matched
    if ranked and words is not Nothing and not isinstance(words, str):
        raise Unranked
    for _ in range(RETRIES):
        counted_at, known = frequencies.known(reading.alias(), counted)
        missing = [query for query in dict.fromkeys(counted) if query not in known]
        counts = "".join(f", (SELECT count(*) FROM {TABLE} c WHERE c.terms @@ %s::tsquery)" for _ in missing)
        if isinstance(words, str) and ranked:
            title_rank = (f"CASE WHEN d.title_terms @@ %s::tsquery THEN ts_rank('{RANK_WEIGHTS}', d.title_terms, "
                          "%s::tsquery) WHEN length(d.title_terms) = 0 THEN 0 ELSE b.rank END")  # fmt: skip
            sql = (f"SELECT {VERSION_COLUMNS}, m.ids, m.ranks{counts} FROM (SELECT array_agg(d.article_id) AS ids, "
                   f"array_agg({title_rank}) AS ranks FROM {TABLE} d, (SELECT ts_rank('{RANK_WEIGHTS}', "
                   f"%s::tsvector, %s::tsquery) AS rank) b WHERE d.terms @@ %s::tsquery) m")  # fmt: skip
            everything = _everything(plan)
            params = [*missing, _any_lexeme(everything), everything, quoted(NO_LEXEME), everything, words]
        elif isinstance(words, str):
            sql = (f"SELECT {VERSION_COLUMNS}, m.ids, NULL{counts} FROM (SELECT array_agg(d.article_id) AS ids "
                   f"FROM {TABLE} d WHERE d.terms @@ %s::tsquery) m")  # fmt: skip
            params = [*missing, words]
        else:
            sql, params = f"SELECT {VERSION_COLUMNS}, NULL, NULL{counts}", missing
        with reading.cursor() as cursor:
            budget.execute(cursor, sql, params, scan=not isinstance(words, str) and not missing)
            committed, own_changes, ids, ranks, *document_counts = cursor.fetchone()
        version = Version(committed, bool(own_changes))
        arrays, seconds = documents(version)
        budget.deadline += seconds  # reading the arrays is the process's cost, once per version, not the query's
        if arrays.version == version:
            break
    else:
        raise Stale
    if counted:
        fresh = dict(zip(missing, map(int, document_counts), strict=True))
        if known and counted_at != version:  # kept from another version: counted again
            fresh |= _count(list(known), budget)
        known = {**known, **fresh} if counted_at == version else fresh
        frequencies.keep(reading.alias(), version, fresh)
    table = arrays.table
    title_ranks = None
    if words is Nothing:
        base = np.zeros(table.doc_count, dtype=bool)
        title_ranks = np.zeros(table.doc_count, dtype=np.float64) if ranked else None
    elif not isinstance(words, str):  # Everything, or no words at all
        base = table.alive_mask.copy()
    else:
        found = np.array(ids or [], dtype=np.int64)
        base = arrays.selection(found)
        if ranked:
            at, present = arrays.locate(found)
            title_ranks = np.zeros(table.doc_count, dtype=np.float64)  # read for the matches only
            title_ranks[at[present]] = np.array(ranks or [], dtype=np.float64)[present]
    return Matched(arrays, filtered(plan.parsed, table, base, None, request), title_ranks,
                   known if counted else None)  # fmt: skip


def _count(queries: list[str], budget) -> dict[str, int]:
    with reading.cursor() as cursor:  # one GIN lookup each, in one round trip
        budget.execute(cursor, f"SELECT q.query, (SELECT count(*) FROM {TABLE} d WHERE d.terms @@ q.query::tsquery) "
                               "FROM unnest(%s::text[]) AS q(query)", [queries])  # fmt: skip
        return {query: int(count) for query, count in cursor.fetchall()}


def _everything(plan) -> str:
    return " | ".join(group.tsquery for group in plan.groups)


_LEXEME = re.compile(r"'(?:[^']|'')*'")  # as terms.quoted writes them
NO_LEXEME = "#"  # no field code is "#": a title holding none of the query's lexemes ranks as one holding only it


def _any_lexeme(tsquery: str) -> str:
    """A tsquery matching the titles that hold some lexeme of `tsquery`. ts_rank without length normalisation
    gives every other title one value, whatever it holds (0 under OR, 1e-20 under AND or a phrase), but 0 for an
    empty one: what the matching statement uses instead of ranking each of them (a third of its time)."""
    return " | ".join(dict.fromkeys(_LEXEME.findall(tsquery)))


def ordered(matched: Matched, plan, request: SearchRequest, score, *, needed: int | None) -> np.ndarray:
    """Document numbers of the matches in the request's order: at least the first `needed` (all when None).

    `score(article_ids) -> {article id: score}`: engine.py's full relevance of those articles, in SQL."""
    selected, sort = matched.selected, request.effective_sort
    if sort != "relevance" or not plan.groups:
        if sort == "relevance":  # nothing ranks (only NOT, only lang:): as Whoosh, in index (id) order
            return np.flatnonzero(selected.docs)
        return _order(selected, sort, limit=None)
    docs = np.flatnonzero(selected.docs)
    dates = matched.arrays.table.dates[docs].astype(np.int64)  # 0 when undated: last, as NULLS LAST
    quick = docs[np.lexsort((docs, -dates, -matched.title_ranks[docs]))]
    candidates = quick[:RANK_CANDIDATES]
    scores = score(matched.article_ids(candidates)) if candidates.size else {}
    values = np.array([scores.get(pk, np.nan) for pk in matched.article_ids(candidates)], dtype=np.float64)
    scored = ~np.isnan(values)  # a candidate deleted meanwhile has no score: after the scored, as NULLS LAST
    positions = np.arange(candidates.size)
    first = positions[scored][np.lexsort((positions[scored], -values[scored]))]
    order = np.concatenate([candidates[first], candidates[~scored], quick[RANK_CANDIDATES:]])
    return order if needed is None else order[:needed]


def page_rows(matched: Matched, plan, request: SearchRequest, score, *, limit: int | None, offset: int = 0,
              collapse: bool = False) -> list[tuple[int, int]]:  # fmt: skip
    """(article id, copies) in the request's order, from `offset`, at most `limit`: as engine._ordered."""
    end = None if limit is None else offset + limit
    order = ordered(matched, plan, request, score, needed=None if collapse else end)
    copies = np.zeros(order.size, dtype=np.int64)
    if collapse:  # which copy stands for its cluster depends on the whole order
        order, copies = _collapse(matched.arrays.table, order)
    order, copies = order[offset:end], copies[offset:end]
    return list(zip(matched.article_ids(order), copies.tolist(), strict=True))
