"""Stage 2, extraction: a parsed body → Extraction (people, organisations, quotes, events). Rules, no Django.

Where things are: names of people in `name_mentions` (their forms in `name_forms`, their roles in
`person_roles`) grouped into people by `people`; organisations in `organisations`; quotes in `quotes`; events in
`events`; the word lists they share in `data/` and `word_classes`. Depends on `reading` (dates) only.
"""

from .entities import Extraction, extract_entities

__all__ = ["Extraction", "extract_entities"]
