"""The parsed query (a Whoosh query tree, parsing.py) → a PostgreSQL tsquery over the lexemes of terms.py, and
the groups of terms ranking scores.

Matching follows the Whoosh backend's evaluator (evaluation.py): And → &, Or → |, Not → !, `a ANDNOT b` → a & !b,
`a ANDMAYBE b` → a (b only adds to the score), a phrase → its words joined by <-> (one right after the other, as
the evaluator requires: slop is ignored there too). Wildcards and ~ words reach here already replaced by the
bounded lists of terms the parser chose, so no prefix (:*) query is ever made.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from whoosh import query as wq

from ..parsing import UNREADABLE, QueryError
from .terms import FIELD_CODES, lexeme, quoted

RANK_WEIGHTS = "{0.333,0.333,0.333,1.0}"  # D, C, B, A: title positions carry A (terms.py), as title_* boost 3
RANK_CANDIDATES = 1000  # matches ranked on all their terms, after a first ranking on titles (engine._matches)
MAX_RANKED_GROUPS = 12  # ts_rank calls per matching document; the rest of a long query only filters
_UNSCORED_FIELDS = frozenset({"language"})  # as Whoosh's ID fields: a filter, not a relevance signal


class Everything:
    """A query part that every document matches (an empty AND, NOT of nothing)."""


class Nothing:
    """A query part no document matches (a word the analyzer left nothing of, a field no document has)."""


Translated = str | type[Everything] | type[Nothing]


def _word(text: str | bytes) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text


def to_tsquery(node: wq.Query) -> Translated:
    if node is wq.NullQuery:
        return Nothing
    if isinstance(node, wq.Every):
        return Everything
    if isinstance(node, wq.Phrase):
        if node.fieldname not in FIELD_CODES or not node.words:
            return Nothing
        return "(" + " <-> ".join(quoted(lexeme(node.fieldname, _word(w))) for w in node.words) + ")"
    if isinstance(node, wq.Term):
        if node.fieldname not in FIELD_CODES:
            return Nothing
        return quoted(lexeme(node.fieldname, _word(node.text)))
    if isinstance(node, wq.Not):
        return _not(to_tsquery(node.query))
    if isinstance(node, wq.AndNot):
        return _all([to_tsquery(node.a), _not(to_tsquery(node.b))])
    if isinstance(node, wq.AndMaybe):
        return to_tsquery(node.a)
    if isinstance(node, wq.Require):
        return _all([to_tsquery(node.a), to_tsquery(node.b)])
    if isinstance(node, wq.And):
        return _all([to_tsquery(child) for child in node.subqueries])
    if isinstance(node, wq.Or):
        return _any([to_tsquery(child) for child in node.subqueries])
    raise QueryError(_(UNREADABLE))  # the parser makes no other kind of node


def _not(part: Translated) -> Translated:
    if part is Everything:
        return Nothing
    if part is Nothing:
        return Everything
    return f"!{part}"


def _all(parts: list[Translated]) -> Translated:
    if any(part is Nothing for part in parts):
        return Nothing
    kept = [part for part in parts if part is not Everything]
    if not kept:
        return Everything
    return kept[0] if len(kept) == 1 else "(" + " & ".join(kept) + ")"


def _any(parts: list[Translated]) -> Translated:
    if any(part is Everything for part in parts):
        return Everything
    kept = [part for part in parts if part is not Nothing]
    if not kept:
        return Nothing
    return kept[0] if len(kept) == 1 else "(" + " | ".join(kept) + ")"


@dataclass(frozen=True)
class RankGroup:
    """Terms scored together: one typed word (or phrase) over the fields it is looked up in."""

    tsquery: str
    boost: float


def rank_groups(node: wq.Query | None) -> list[RankGroup]:
    """The query's positive parts that make a document relevant (terms under NOT match by being absent)."""
    groups: list[RankGroup] = []

    def leaves(item: wq.Query) -> list[wq.Query] | None:
        """The terms and phrases of an OR of them (a word over its fields, a wildcard's terms), else None."""
        if item is wq.NullQuery:  # a field the word left nothing in
            return []
        if isinstance(item, wq.Term | wq.Phrase):
            return [item]
        if isinstance(item, wq.Or):
            found = [leaves(child) for child in item.subqueries]
            return None if any(f is None for f in found) else [leaf for f in found for leaf in f]
        return None

    def walk(item: wq.Query) -> None:
        if isinstance(item, wq.Not):
            return
        if isinstance(item, wq.AndNot):
            walk(item.a)
            return
        found = leaves(item)
        if found is not None:
            translated = _any([to_tsquery(leaf) for leaf in found if leaf.fieldname not in _UNSCORED_FIELDS])
            if isinstance(translated, str):
                groups.append(RankGroup(translated, float(item.boost)))
            return
        for child in item.children():
            walk(child)

    if node is not None:
        walk(node)
    if len(groups) > MAX_RANKED_GROUPS:
        rest = _any([g.tsquery for g in groups[MAX_RANKED_GROUPS - 1 :]])
        groups = [*groups[: MAX_RANKED_GROUPS - 1], RankGroup(str(rest), 1.0)]
    return groups
