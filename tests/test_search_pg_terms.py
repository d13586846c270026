"""The PostgreSQL backend's terms made fast (archive/search/pg/terms.py: the index builder's inversion, and a literal
written without a detour per position) pinned to the slow, obvious way: every field through its analyzer's tokens,
and the literal as first written. No database."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.pg import terms
from archive.search.pg.terms import FIELD_CODES, MAX_LEXEME_BYTES, MAX_POSITION, MAX_POSITIONS_PER_TERM, TITLE_FIELDS

WORDS = ["Конституция", "конституции", "референдум", "Тоқаев", "Токаев", "Tokayev", "Қазақстан", "жаңа", "the",
         "Parliament's", "O'Brien", "back\\slash", "'quoted'", "2026", "Ата", "заң", "Мәжіліс", "и", "в", "NATO",
         "Ашимбаев", "x" * 700, "ёлка", "ЁЛКА", "«круглый", "стол»", "—", "АДГС", "Shanyraq"]  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


def slow_document_terms(document: dict) -> dict:
    return {f: terms.field_terms(f, document[f]) for f in FIELD_CODES if document.get(f)}


def slow_literal(found: dict, *, positions: bool) -> str:
    """terms._literal as first written."""
    parts = []
    for fieldname, by_term in found.items():
        weight = "A" if fieldname in TITLE_FIELDS else ""
        for term, places in by_term.items():
            text = terms.lexeme(fieldname, term)
            if len(text.encode()) > MAX_LEXEME_BYTES:
                continue
            quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
            if not positions or fieldname in terms.POSITIONLESS:
                parts.append(quoted)
                continue
            kept = sorted({min(p + 1, MAX_POSITION) for p in places})[:MAX_POSITIONS_PER_TERM]
            parts.append(quoted + ":" + ",".join(f"{p}{weight}" for p in kept))
    return " ".join(parts)


def assert_same(document: dict) -> None:
    fast, slow = terms.document_terms(document), slow_document_terms(document)
    assert fast == slow
    for positions in (True, False):
        assert terms._literal(fast, positions=positions) == slow_literal(slow, positions=positions)


@settings(max_examples=150, deadline=None)
@given(title=texts, body=texts, person=texts, language=st.sampled_from(["ru", "kk", "en", ""]))
def test_document_terms_and_literals_are_the_analyzers(title, body, person, language):
    document = {"language": language, "person": person, "organisation": title, "event": body, "source": person}
    for suffix in ("ru", "kk", "en"):
        document[f"title_{suffix}"], document[f"body_{suffix}"] = title, body
    document["names"], document["title_names"], document["words"] = f"{title}\n{body}", title, f"{title} {body}"
    assert_same(document)


def test_positions_past_the_limit_and_repeated_terms_are_cut_alike():
    body = " ".join(["референдум", "конституция", "жаңа"] * 6000)  # 18,000 words: positions past 16,383
    assert_same({"body_ru": body, "body_kk": body, "names": f"Токаев\n{body}", "title_ru": "референдум " * 300})
