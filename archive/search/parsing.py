"""User query text → a bounded whoosh.query.Query, or a QueryError a person can read.

Syntax a journalist can guess: words (all must match), "phrases", OR, NOT / -word, (groups), prefixes
person: org: event: source: lang:, and wildcards with at least three letters before the first * or ?.
Every query is bounded before it runs: length, number of words, nesting, and wildcard expansions, so that no
query (`*а*`, 500 words, 1,000 parentheses) can take the server down.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from itertools import islice

from whoosh import query as wq
from whoosh.qparser import (
    FieldAliasPlugin,
    FieldsPlugin,
    GroupPlugin,
    MultifieldPlugin,
    OperatorsPlugin,
    PhrasePlugin,
    QueryParser,
    WildcardPlugin,
)
from whoosh.reading import IndexReader

from .schema import QUERY_PREFIXES, TEXT_FIELDS, build_schema

MAX_QUERY_CHARS = 1000
MAX_WORDS = 40
MAX_NESTING = 8
MIN_WILDCARD_PREFIX = 3
MAX_WILDCARD_EXPANSIONS = 100  # per field
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_MINUS = re.compile(r"(?:(?<=\s)|^)-(?=[\w\"(])")
_PREFIX = re.compile(r"\b(?P<prefix>" + "|".join(sorted(QUERY_PREFIXES, key=len, reverse=True)) + r"):", re.I)


class QueryError(ValueError):
    """A query that cannot be run; the message is shown to the user as it is."""


@dataclass
class ParsedQuery:
    query: wq.Query
    words: list[str]  # the plain words typed (for "did you mean")
    notes: list[str] = field(default_factory=list)  # e.g. a wildcard that was cut short


def _nesting(text: str) -> int:
    depth = deepest = 0
    for char in re.sub(r'"[^"]*"', "", text):
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(0, depth - 1)
    return deepest


def _parser() -> QueryParser:
    aliases = {}
    for prefix, fieldname in QUERY_PREFIXES.items():
        if prefix != fieldname:
            aliases.setdefault(fieldname, []).append(prefix)
    prefixes = "|".join(sorted(QUERY_PREFIXES, key=len, reverse=True))
    return QueryParser(
        None,
        build_schema(),
        plugins=[
            FieldsPlugin(expr=rf"(?P<text>{prefixes}):"),
            FieldAliasPlugin(aliases),
            WildcardPlugin(),
            PhrasePlugin(),
            GroupPlugin(),
            OperatorsPlugin(),
            MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=TEXT_FIELDS),
        ],
    )


_PARSER = _parser()


def check_limits(text: str) -> list[str]:
    """The plain words of the query, or QueryError when it is too long, too wide or too deep."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is {len(text)} characters long; please keep it under {MAX_QUERY_CHARS}.")
    words = [w for w in _WORD.findall(_PREFIX.sub(" ", text)) if w not in OPERATORS]
    if len(words) > MAX_WORDS:
        raise QueryError(f"The query has {len(words)} words; at most {MAX_WORDS} can be searched at once.")
    if _nesting(text) > MAX_NESTING:
        raise QueryError(f"The query nests parentheses more than {MAX_NESTING} deep; please simplify it.")
    return words


def parse_query(text: str, reader: IndexReader) -> ParsedQuery | None:
    """None for an empty query (everything matches)."""
    text = (text or "").replace("\x00", " ").strip()
    if not text:
        return None
    words = check_limits(text)
    prepared = _MINUS.sub("NOT ", _PREFIX.sub(lambda m: m["prefix"].lower() + ":", text))
    try:
        parsed = _PARSER.parse(prepared)
    except RecursionError as exc:  # belt and braces: nesting is bounded above
        raise QueryError("The query is too complex to understand; please simplify it.") from exc
    if getattr(parsed, "error", None):
        raise QueryError(f"The query could not be understood ({parsed.error}).")
    notes: list[str] = []
    bounded = parsed.accept(lambda node: _bounded(node, reader, notes))
    bounded = bounded.accept(_normalise_language)
    if bounded is wq.NullQuery:  # a singleton in Whoosh
        raise QueryError("The query has no words to search for.")
    return ParsedQuery(bounded, words, notes)


def _normalise_language(node: wq.Query) -> wq.Query:
    if isinstance(node, wq.Term) and node.fieldname == "language" and isinstance(node.text, str):
        return wq.Term("language", node.text.lower(), boost=node.boost)
    return node


def _bounded(node: wq.Query, reader: IndexReader, notes: list[str]) -> wq.Query:
    """Replace a wildcard by an OR of at most MAX_WILDCARD_EXPANSIONS of its terms; refuse short ones."""
    if not isinstance(node, wq.Wildcard | wq.Prefix):
        return node
    pattern = node.text.lower().replace("ё", "е") + ("*" if isinstance(node, wq.Prefix) else "")
    fixed = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if len(fixed) < MIN_WILDCARD_PREFIX:
        raise QueryError(
            f"«{pattern}»: a wildcard needs at least {MIN_WILDCARD_PREFIX} letters before * or ? (e.g. конститу*)."
        )
    matcher = re.compile(fnmatch.translate(pattern))
    candidates = (t for t in reader.expand_prefix(node.fieldname, fixed) if matcher.match(_text(t)))
    terms = list(islice(candidates, MAX_WILDCARD_EXPANSIONS + 1))
    if len(terms) > MAX_WILDCARD_EXPANSIONS:
        terms = terms[:MAX_WILDCARD_EXPANSIONS]
        note = f"«{pattern}» matches many words; only the first {MAX_WILDCARD_EXPANSIONS} were searched."
        if note not in notes:
            notes.append(note)
    if not terms:
        return wq.NullQuery
    if len(terms) == 1:  # Whoosh ignores the boost of a one-child OR: keep the field's weight on the term
        return wq.Term(node.fieldname, _text(terms[0]), boost=node.boost)
    return wq.Or([wq.Term(node.fieldname, _text(t)) for t in terms], boost=node.boost)


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
