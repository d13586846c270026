"""The Whoosh schema: which fields exist, how each is analysed, and the facet names. No Django.

Text is indexed per language (Russian stemming, Kazakh suffix stripping and English Snowball stemming do not
mix; Kazakh in the Latin and Arabic scripts goes to the Kazakh fields through transliteration), and every word is also
indexed once more under its script-independent name key (`names`), so Тоқаев / Токаева / Tokayev meet.
Facet values live in one column (`facets`), read into numpy arrays per segment by facets.py: counting there
beats Whoosh's own grouping by far (shared/PERF-NOTES.md).
"""

from __future__ import annotations

from whoosh import columns
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

from .analyzers import (
    ANALYZERS_VERSION,
    english_analyzer,
    kazakh_analyzer,
    name_analyzer,
    plain_analyzer,
    russian_analyzer,
)

# Bump when the schema or the documents change shape: a mismatching index is rebuilt, never misread.
SCHEMA_VERSION = 3  # 2: English fields; 3: the facets column carries the cluster of syndicated copies
INDEX_VERSION = f"{SCHEMA_VERSION}.{ANALYZERS_VERSION}"

FACETS = ("language", "month", "source", "person", "organisation", "event")
MULTI_VALUED_FACETS = frozenset({"person", "organisation", "event"})

# Fields a plain query word is looked up in, with their weight.
TEXT_FIELDS = {
    "title_ru": 3.0, "title_kk": 3.0, "title_en": 3.0, "body_ru": 1.0, "body_kk": 1.0, "body_en": 1.0, "names": 1.0,
}  # fmt: skip
# Field prefixes a journalist can type (`person:Токаев`) and the index field each searches.
QUERY_PREFIXES = {
    "person": "person",
    "org": "organisation",
    "organisation": "organisation",
    "event": "event",
    "source": "source",
    "lang": "language",
    "language": "language",
    "title": "title_names",
}


def build_schema() -> Schema:
    russian, kazakh, names, plain = russian_analyzer(), kazakh_analyzer(), name_analyzer(), plain_analyzer()
    english = english_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # Shown on the results page without touching the database.
        title=STORED(),
        published_on=STORED(),
        source_name=STORED(),
        content_hash=STORED(),  # check_index compares it with a freshly made document
        language=ID(stored=True),
        title_ru=TEXT(analyzer=russian, field_boost=TEXT_FIELDS["title_ru"]),
        title_kk=TEXT(analyzer=kazakh, field_boost=TEXT_FIELDS["title_kk"]),
        body_ru=TEXT(analyzer=russian),
        body_kk=TEXT(analyzer=kazakh),
        title_en=TEXT(analyzer=english, field_boost=TEXT_FIELDS["title_en"]),
        body_en=TEXT(analyzer=english),
        names=TEXT(analyzer=names),
        title_names=TEXT(analyzer=names),
        words=TEXT(analyzer=plain, phrase=False),  # unstemmed vocabulary for "did you mean"
        person=TEXT(analyzer=names),
        organisation=TEXT(analyzer=russian),
        event=TEXT(analyzer=russian),
        source=TEXT(analyzer=plain),
        facets=COLUMN(columns.VarBytesColumn()),
    )
