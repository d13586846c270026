"""A search on PostgreSQL without counting in SQL: the words' documents come from masks kept per process and
version (matching.py, arrays.word_masks), or from one statement that matches what is not kept (and reads the title
ranks of the titles holding a word, when the page is ranked by relevance); dates, facet filters, facet counts,
totals, copies and coverage are then counted in numpy over the process's document arrays (arrays.py) by the Whoosh
backend's own code (query.filtered, query._facets, query._coverage, query._collapse, facets.FacetTable).

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
from . import matching, reading
from .arrays import TABLE, VERSION_COLUMNS, DocumentArrays, Version, documents, frequencies, word_masks
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
    `counted`: tsqueries whose document counts to read too (in the same snapshot; kept per version).

    The words' parts (matching.py), or the whole query, kept at the version read are not matched again; what is
    missing is matched in the same statement (_to_match) and kept. When the version read is not the one the masks
    were kept at, what is missing is matched in a next statement."""
    words = plan.matched
    if ranked and words is not Nothing and not isinstance(words, str):
        raise Unranked
    shape = matching.formula(plan.parsed.query) if isinstance(words, str) else None
    wanted = matching.parts(shape) if shape is not None else []
    looked_up = [*wanted, words] if shape is not None else []  # its parts, or the whole query, may be kept
    alias = reading.alias()
    use_kept = True
    for _ in range(RETRIES + 1):
        counted_at, known = frequencies.known(alias, counted)
        missing = [query for query in dict.fromkeys(counted) if query not in known]
        from_masks = [query for query in missing if query in wanted]  # a part's count is its mask's
        masks_at, kept = word_masks.known(alias, looked_up) if use_kept else (None, {})
        fetched = _to_match(words, wanted, kept, from_masks)
        in_sql = [query for query in missing if query not in from_masks]
        row = _statement(budget, fetched, in_sql, plan if ranked and isinstance(words, str) else None)
        version = Version(row.committed, row.own_changes)
        arrays, seconds = documents(version)
        budget.deadline += seconds  # reading the arrays is the process's cost, once per version, not the query's
        if arrays.version != version:  # a document committed between the statement and the arrays' read
            continue
        found = {part: arrays.selection(np.array(ids or [], dtype=np.int64))
                 for part, ids in zip(fetched, row.parts, strict=True)}  # fmt: skip
        word_masks.keep(alias, version, arrays.table.doc_count, found)
        if kept and masks_at != version:  # kept at another version: those parts are matched again
            use_kept = version.shared
            continue
        break
    else:
        raise Stale
    masks = {**kept, **found}  # every part's (or the whole query's) documents, at `version`
    if counted:
        fresh = {**dict(zip(in_sql, row.counts, strict=True)),
                 **{query: int(np.count_nonzero(masks[query])) for query in from_masks}}  # fmt: skip
        if known and counted_at != version:  # kept from another version: counted again
            fresh |= _count(list(known), budget)
        known = {**known, **fresh} if counted_at == version else fresh
        frequencies.keep(alias, version, fresh)
    table = arrays.table
    title_ranks = None
    if words is Nothing:
        base = np.zeros(table.doc_count, dtype=bool)
        title_ranks = np.zeros(table.doc_count, dtype=np.float64) if ranked else None
    elif not isinstance(words, str):  # Everything, or no words at all
        base = table.alive_mask.copy()
    else:
        base = masks[words] & table.alive_mask if words in masks else matching.evaluate(shape, masks, table.alive_mask)
        if ranked:
            title_ranks = _title_ranks(arrays, base, row)
    return Matched(arrays, filtered(plan.parsed, table, base, None, request), title_ranks,
                   known if counted else None)  # fmt: skip


def _to_match(words: str, parts: list[str], kept: dict, counted: list[str]) -> list[str]:
    """What the statement matches: the parts not kept whose document counts are wanted (their idf: counting them
    visits their documents anyway); else nothing when the whole query or every part is kept; the one part not kept;
    or the whole query in one pass, which PostgreSQL's GIN index narrows to the documents with all its words before
    visiting any (2–6× quicker than visiting each part's documents on 100,000 articles)."""
    missing = [part for part in parts if part not in kept]
    if any(part in missing for part in counted):
        return missing
    if words in kept or not missing:
        return []
    return missing if len(missing) == 1 else [words]


@dataclass
class _Row:
    committed: str | None
    own_changes: bool
    parts: list  # per part fetched: the ids of its documents
    counts: list[int]  # per tsquery counted
    titled: tuple | None = None  # (ids, title ranks) of the titles holding a lexeme of the query, when ranked
    untitled: list | None = None  # ids of the documents whose title has no lexeme at all
    other_rank: float = 0.0  # the title rank of every other title


def _statement(budget, fetched: list[str], counted: list[str], ranked_plan) -> _Row:
    """One statement (one snapshot): the version, the documents of each part `fetched`, the documents matching
    each of `counted`, and with `ranked_plan` what the title ranks are made of. Each part is matched through the
    GIN index; the title ranks are read only for the titles holding a word of the query (the title GIN index),
    the empty titles from their partial index (migration 0010): no statement visits every match."""
    columns = [VERSION_COLUMNS]
    columns += [f"(SELECT array_agg(d.article_id) FROM {TABLE} d WHERE d.terms @@ %s::tsquery)" for _ in fetched]
    columns += [f"(SELECT count(*) FROM {TABLE} c WHERE c.terms @@ %s::tsquery)" for _ in counted]
    params = [*fetched, *counted]
    if ranked_plan is None:
        sql = f"SELECT {', '.join(columns)}"
    else:
        everything = _everything(ranked_plan)
        sql = (f"SELECT {', '.join(columns)}, t.ids, t.ranks, u.ids, b.rank FROM (SELECT array_agg(d.article_id) "
               f"AS ids, array_agg(ts_rank('{RANK_WEIGHTS}', d.title_terms, %s::tsquery)) AS ranks FROM {TABLE} d "
               f"WHERE d.title_terms @@ %s::tsquery) t, (SELECT array_agg(d.article_id) AS ids FROM {TABLE} d "
               f"WHERE length(d.title_terms) = 0) u, (SELECT ts_rank('{RANK_WEIGHTS}', %s::tsvector, "
               f"%s::tsquery) AS rank) b")  # fmt: skip
        params += [everything, _any_lexeme(everything), quoted(NO_LEXEME), everything]
    with reading.cursor() as cursor:
        budget.execute(cursor, sql, params, scan=not fetched and not counted and ranked_plan is None)
        values = cursor.fetchone()
    committed, own_changes = values[0], bool(values[1])
    parts = list(values[2 : 2 + len(fetched)])
    counts = [int(n) for n in values[2 + len(fetched) : 2 + len(fetched) + len(counted)]]
    row = _Row(committed, own_changes, parts, counts)
    if ranked_plan is not None:
        titled_ids, titled_ranks, untitled, other_rank = values[2 + len(fetched) + len(counted) :]
        row.titled, row.untitled, row.other_rank = (titled_ids or [], titled_ranks or []), untitled or [], other_rank
    return row


def _title_ranks(arrays: DocumentArrays, base: np.ndarray, row: _Row) -> np.ndarray:
    """Per document number, the title rank of each match (0 elsewhere): ts_rank of the titles holding a lexeme of
    the query, 0 for an empty title, one value for every other (see _any_lexeme)."""
    ranks = np.full(arrays.table.doc_count, row.other_rank, dtype=np.float64)
    at, present = arrays.locate(np.array(row.untitled, dtype=np.int64))
    ranks[at[present]] = 0.0
    ids, values = row.titled
    at, present = arrays.locate(np.array(ids, dtype=np.int64))
    ranks[at[present]] = np.array(values, dtype=np.float64)[present]
    ranks[~base] = 0.0
    return ranks


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
    empty one: the statement ranks only these (through the title GIN index), and gives the others that value."""
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
