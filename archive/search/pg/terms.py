"""A Whoosh document (documents.make_document) → the terms PostgreSQL stores for it, made by Qujat's analyzers.

PostgreSQL's own text search configurations know neither Kazakh nor name keys, so nothing of them is used: each
field's text goes through the same analyzer the Whoosh schema gives it, and every term is stored as the lexeme
`<field code>:<term>` with the term's positions (Whoosh's, plus one: tsvector positions start at 1). Title fields'
positions carry weight A, the others the default D, which ranking weighs as the Whoosh fields' boosts. The lexemes
are written as a tsvector literal, so PostgreSQL never re-tokenises them (`to_tsvector` would). No Django.

PostgreSQL's limits, and what they change: positions stop at 16,383 and a lexeme keeps at most 255 of them (a
phrase beyond those is not found; the word still is); a tsvector holds under 1 MB, so a text whose terms exceed
MAX_LITERAL_BYTES is stored without positions (words found, phrases not) and, if still too big, cut.
"""

from __future__ import annotations

from functools import lru_cache

from ..building import _word_groups, word_fields
from ..schema import TEXT_FIELDS, build_schema

# Field → lexeme prefix. Short, because every lexeme carries it.
FIELD_CODES = {
    "title_ru": "tr", "title_kk": "tk", "title_en": "te", "body_ru": "br", "body_kk": "bk", "body_en": "be",
    "names": "n", "title_names": "tn", "words": "w", "person": "p", "organisation": "o", "event": "e",
    "source": "s", "language": "l",
}  # fmt: skip
TITLE_FIELDS = frozenset(name for name, boost in TEXT_FIELDS.items() if boost > 1)  # weight A in the tsvector
POSITIONLESS = frozenset({"words"})  # the vocabulary for «did you mean»: only whether a document has the word
MAX_POSITION = 16383
MAX_POSITIONS_PER_TERM = 255
MAX_LEXEME_BYTES = 2000  # PostgreSQL refuses lexemes over 2 KB
MAX_LITERAL_BYTES = 900_000  # under the 1 MB a tsvector may hold


@lru_cache(maxsize=1)
def _schema():
    return build_schema()


def lexeme(fieldname: str, term: str) -> str:
    return f"{FIELD_CODES[fieldname]}:{term}"


def quoted(text: str) -> str:
    """A lexeme as tsvector and tsquery literals write it: in quotes, with quotes and backslashes doubled."""
    if "'" in text or "\\" in text:
        text = text.replace("\\", "\\\\").replace("'", "''")
    return "'" + text + "'"


def field_terms(fieldname: str, value: str) -> dict[str, list[int]]:
    """term → positions (from 0, as Whoosh counts) of one field's text, as Whoosh indexes it."""
    if fieldname == "language":  # an ID field: the whole value is the term
        return {value: [0]} if value else {}
    found: dict[str, list[int]] = {}
    for token in _schema()[fieldname].analyzer(value, positions=True, mode="index"):
        found.setdefault(token.text, []).append(token.pos)
    return found


@lru_cache(maxsize=1)
def _word_fields() -> dict:
    return word_fields(_schema())


def document_terms(document: dict) -> dict[str, dict[str, list[int]]]:
    """field → term → positions for every field of the document the PostgreSQL backend searches: field_terms'
    answer, through the index builder's inversion where it applies (words split once per text, each word's term
    from a per-process cache: several times faster than the analyzer's tokens; tests/test_search_pg_fast.py)."""
    fields, texts, found = _word_fields(), {}, {}
    for fieldname in FIELD_CODES:
        value = document.get(fieldname)
        if not value:
            continue
        word_field = fields.get(fieldname)
        if word_field is not None and isinstance(value, str):
            found[fieldname] = word_field.terms(_word_groups(value, texts)[0])
        else:
            found[fieldname] = field_terms(fieldname, value)
    return found


def tsvector_literal(terms: dict[str, dict[str, list[int]]]) -> str:
    literal = _literal(terms, positions=True)
    if len(literal.encode()) > MAX_LITERAL_BYTES:
        literal = _literal(terms, positions=False)
    encoded = literal.encode()
    if len(encoded) > MAX_LITERAL_BYTES:  # cut at the last whole lexeme
        literal = encoded[:MAX_LITERAL_BYTES].decode("utf-8", "ignore").rsplit(" '", 1)[0]
    return literal


def title_literal(terms: dict[str, dict[str, list[int]]]) -> str:
    """The title fields' lexemes (for the first, cheap ranking of many matches)."""
    return _literal({f: found for f, found in terms.items() if f in TITLE_FIELDS}, positions=True)


def _literal(terms: dict[str, dict[str, list[int]]], *, positions: bool) -> str:
    parts = []
    append = parts.append
    for fieldname, found in terms.items():
        code = FIELD_CODES[fieldname] + ":"
        weight = "A" if fieldname in TITLE_FIELDS else ""
        plain = not positions or fieldname in POSITIONLESS
        for term, places in found.items():
            text = code + term
            if len(text) * 4 > MAX_LEXEME_BYTES and len(text.encode()) > MAX_LEXEME_BYTES:  # 4 bytes a character
                continue
            if plain:
                append(quoted(text))
                continue
            kept = sorted(set(places))
            if kept[-1] + 1 >= MAX_POSITION or len(kept) > MAX_POSITIONS_PER_TERM:  # rare: long texts
                kept = sorted({min(p + 1, MAX_POSITION) for p in places})[:MAX_POSITIONS_PER_TERM]
            else:
                kept = [p + 1 for p in kept]
            append(quoted(text) + ":" + (",".join([f"{p}A" for p in kept]) if weight else ",".join(map(str, kept))))
    return " ".join(parts)
