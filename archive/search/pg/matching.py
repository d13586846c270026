"""A search's words as a formula over the documents each of them matches: the query tree (parsing.py) cut into the
parts PostgreSQL matches whole (a word over its fields, a phrase, a wildcard's terms: one tsquery each, as
translate.to_tsquery writes them) joined by AND, OR and NOT, which numpy evaluates over their masks (a bool per
document number, kept per version by arrays.word_masks). `terms @@ to_tsquery(query)` holds for exactly the documents
the formula gives: a tsquery is matched document by document, so its AND, OR and NOT are those of sets
(tests/test_search_pg_matching.py pins one to the other on generated queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import numpy as np
from django.utils.translation import gettext as _
from whoosh import query as wq

from ..parsing import UNREADABLE, QueryError
from .translate import Everything, Nothing, to_tsquery


@dataclass(frozen=True)
class Part:
    """What PostgreSQL matches whole: one tsquery with no AND, OR or NOT outside a word's own fields."""

    tsquery: str


@dataclass(frozen=True)
class Op:
    kind: str  # "and", "or", "not"
    operands: tuple


Formula = Part | Op | type[Everything] | type[Nothing]


def formula(node: wq.Query) -> Formula:
    """The formula of a parsed query, with translate.to_tsquery's parts and its AND, OR and NOT."""
    if node is wq.NullQuery:
        return Nothing
    if isinstance(node, wq.Every):
        return Everything
    if _whole(node):
        translated = to_tsquery(node)
        return Part(translated) if isinstance(translated, str) else translated
    if isinstance(node, wq.Not):
        return Op("not", (formula(node.query),))
    if isinstance(node, wq.AndNot):
        return Op("and", (formula(node.a), Op("not", (formula(node.b),))))
    if isinstance(node, wq.AndMaybe):
        return formula(node.a)
    if isinstance(node, wq.Require):
        return Op("and", (formula(node.a), formula(node.b)))
    if isinstance(node, wq.And):
        return Op("and", tuple(formula(child) for child in node.subqueries))
    if isinstance(node, wq.Or):
        return Op("or", tuple(formula(child) for child in node.subqueries))
    raise QueryError(_(UNREADABLE))  # the parser makes no other kind of node


def _whole(node: wq.Query) -> bool:
    """A term, a phrase, or an OR of only those (a word over its fields, a wildcard's terms)."""
    if isinstance(node, wq.Term | wq.Phrase):
        return True
    return isinstance(node, wq.Or) and all(child is wq.NullQuery or _whole(child) for child in node.subqueries)


def parts(shape: Formula) -> list[str]:
    """The tsqueries of the formula's parts, each once, in the order they appear."""
    found: dict[str, None] = {}

    def walk(item: Formula) -> None:
        if isinstance(item, Part):
            found[item.tsquery] = None
        elif isinstance(item, Op):
            for operand in item.operands:
                walk(operand)

    walk(shape)
    return list(found)


def evaluate(shape: Formula, masks: dict[str, np.ndarray], alive: np.ndarray) -> np.ndarray:
    """Bool per document: those the formula matches, given each part's (`masks`) and the documents there are."""
    if shape is Everything:
        return alive.copy()
    if shape is Nothing:
        return np.zeros(alive.size, dtype=bool)
    if isinstance(shape, Part):
        return masks[shape.tsquery] & alive
    values = [evaluate(operand, masks, alive) for operand in shape.operands]
    if shape.kind == "not":
        return alive & ~values[0]
    if shape.kind == "and":
        return reduce(np.logical_and, values, alive.copy())
    return reduce(np.logical_or, values, np.zeros(alive.size, dtype=bool))
