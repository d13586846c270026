"""The term list the query parser expands wildcards and ~ against, and «did you mean» corrects from: the part of
Whoosh's IndexReader they use (expand_prefix, terms_within, doc_frequency), answered by PostgreSQL.

Terms come from SearchTerm (every term some document had, in byte order as Whoosh lists them); how many documents
hold one is counted over the documents' GIN index, so a term whose documents are gone counts 0 and is never
offered as a correction.
"""

from __future__ import annotations

from ..schema import build_schema
from . import reading
from .terms import FIELD_CODES, lexeme, quoted

_SCHEMA = build_schema()
_LAST_CHARACTER = "\U0010ffff"


class TermReader:
    """One per query: counts are kept for its lifetime."""

    schema = _SCHEMA

    def __init__(self) -> None:
        self._frequencies: dict[tuple[str, str], int] = {}

    def leaf_readers(self):
        return [(self, 0)]

    def doc_count_all(self) -> int:
        return 1  # "not empty": parsing.close_terms skips empty leaves

    def expand_prefix(self, fieldname: str, prefix: str):
        """Terms of the field starting with `prefix`, in byte order (lazily, a page at a time)."""
        if fieldname not in FIELD_CODES:
            return
        after = ""
        while True:
            with reading.cursor() as cursor:
                cursor.execute(
                    'SELECT term FROM archive_searchterm WHERE field = %s AND term >= %s AND term < %s '
                    'AND term > %s ORDER BY term LIMIT 200',
                    [FIELD_CODES[fieldname], prefix, prefix + _LAST_CHARACTER, after],
                )
                rows = [row[0] for row in cursor.fetchall()]
            yield from rows
            if len(rows) < 200:
                return
            after = rows[-1]

    def terms_within(self, fieldname: str, text: str, maxdist: int, prefix: int = 0):
        """Terms within `maxdist` edits of `text` sharing its first `prefix` letters, held by some document."""
        if fieldname not in FIELD_CODES or not text:
            return []
        start = text[:prefix]
        with reading.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM archive_searchterm WHERE field = %s AND term >= %s AND term < %s "
                "AND length(term) BETWEEN %s AND %s AND levenshtein_less_equal(term, %s, %s) <= %s",
                [FIELD_CODES[fieldname], start, start + _LAST_CHARACTER, len(text) - maxdist, len(text) + maxdist,
                 text, maxdist, maxdist],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        self._count(fieldname, candidates)
        return [term for term in candidates if self._frequencies[fieldname, term]]

    def doc_frequency(self, fieldname: str, term: str | bytes) -> int:
        if isinstance(term, bytes):
            term = term.decode("utf-8")
        if (fieldname, term) not in self._frequencies:
            self._count(fieldname, [term])
        return self._frequencies[fieldname, term]

    def _count(self, fieldname: str, terms: list[str]) -> None:
        wanted = [t for t in terms if (fieldname, t) not in self._frequencies]
        if not wanted:
            return
        if fieldname not in FIELD_CODES:
            self._frequencies.update(((fieldname, t), 0) for t in wanted)
            return
        with reading.cursor() as cursor:  # one GIN lookup per term, in one round trip
            cursor.execute(
                "SELECT q.n, (SELECT count(*) FROM archive_searchdocument d WHERE d.terms @@ q.query::tsquery) "
                "FROM unnest(%s::int[], %s::text[]) AS q(n, query)",
                [list(range(len(wanted))), [quoted(lexeme(fieldname, t)) for t in wanted]],
            )
            for n, count in cursor.fetchall():
                self._frequencies[fieldname, wanted[n]] = count


class TermSearcher:
    """What suggest.did_you_mean needs of a Whoosh searcher: its reader."""

    def __init__(self, reader: TermReader | None = None) -> None:
        self._reader = reader or TermReader()

    def reader(self) -> TermReader:
        return self._reader
