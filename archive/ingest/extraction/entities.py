"""Entity extraction: a parsed article in, candidate people, organisations, quotes and events out.

Pure (no Django, no database): the loader links the candidates to records by name keys. The steps:
`name_mentions` finds name mentions (Cyrillic rules; `latin_mentions` for English and untransliterated Latin
Kazakh; `caseless_mentions` for text without capitals, as Arabic-script Kazakh reads once transliterated) and
`people` merges them into people (one per person, canonical nominative name, most specific role, every
spelling); `organisations` finds organisations; `quotes` attributes direct and reported speech; `events` finds
the reported gathering and dated events such as the referendum.

Speed (bench/entities_eval.py, one core): ~3-5 ms per article of ~3,600 characters once the word caches are
warm, ~10 ms while they are cold; pymorphy3 loads on first use in ~0.1 s and adds ~20 MB.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from archive.text import name_search_key

from .entity_text import Document
from .events import find_events
from .known_people import known_index
from .name_mentions import find_name_mentions
from .organisations import find_organisations
from .people import Person, group_people, person_from_byline
from .quotes import find_quotes

__all__ = [
    "EventCandidate", "Extraction", "OrganisationCandidate", "PersonCandidate", "QuoteCandidate", "extract_entities",
]  # fmt: skip


@dataclass(frozen=True)
class PersonCandidate:
    name: str  # canonical, nominative, as the person is usually written: "Касым-Жомарт Токаев"
    surface: str  # exactly as in the text: "Касым-Жомарта Токаева", "Р.Василенко"
    role: str = ""  # as the text states it, nominative if feasible: "депутат Мажилиса"
    start: int = -1  # char offset of surface in the body (-1 for byline/title)
    confidence: float = 1.0
    is_byline: bool = False
    surfaces: tuple[str, ...] = ()  # every distinct spelling in this text, in order of appearance, `surface` first


@dataclass(frozen=True)
class OrganisationCandidate:
    name: str  # canonical: "Союз юристов Казахстана", "Сенат", "AMANAT"
    surface: str
    abbreviation: str = ""  # when the text gives one: "АДГС"
    start: int = -1
    confidence: float = 1.0
    aliases: tuple[str, ...] = ()  # a state body's names in the other languages and its abbreviations


@dataclass(frozen=True)
class QuoteCandidate:
    text: str  # the quoted words, without the quote marks / leading dash
    speaker: str  # canonical name of the speaker (a PersonCandidate.name), "" if unresolved
    start: int  # char offset in the body
    confidence: float = 1.0


@dataclass(frozen=True)
class EventCandidate:
    key: str  # stable identity for dedupe across articles: "referendum-2026-03-15"
    title: str
    kind: str  # round_table, meeting, session, referendum, presentation, other
    starts_on: date | None = None
    place: str = ""
    confidence: float = 1.0
    reported: bool = False  # True: the gathering the article reports; False: an event it merely names
    title_ru: str = ""  # the title in each language the extraction can give it in (both for the referendum)
    title_kk: str = ""


@dataclass(frozen=True)
class Extraction:
    people: tuple[PersonCandidate, ...] = ()
    organisations: tuple[OrganisationCandidate, ...] = ()
    quotes: tuple[QuoteCandidate, ...] = ()
    events: tuple[EventCandidate, ...] = ()


def extract_entities(
    body: str,
    *,
    language: str,
    title: str = "",
    byline: str = "",
    published_on: date | None = None,
    known_people: Iterable[str] = (),
) -> Extraction:
    """People, organisations, quotes and events of one article. `known_people` are names the archive already
    knows (canonical names and aliases): they let a Kazakh name or a lone surname be recognised."""
    known = known_index(known_people)
    doc = Document(body, language)
    mentions = find_name_mentions(doc, known)
    people, person_of = group_people(mentions, known)
    quotes = find_quotes(doc, mentions, person_of)  # may give a person the role a quote calls them by
    people_out = [_candidate(person) for person in people]
    people_out += _title_people(title, body, language, known, people)
    byline_name = person_from_byline(byline, language, known) if byline else ""
    if byline_name and not any(_same(byline_name, p.name) for p in people_out):
        people_out.append(
            PersonCandidate(name=byline_name, surface=byline, start=-1, is_byline=True, surfaces=(byline,))
        )
    person_starts = {m.start for m in mentions}
    organisations = find_organisations(doc, person_starts)
    events = find_events(doc, title=title, published_on=published_on, organisations=organisations)
    return Extraction(
        people=tuple(people_out),
        organisations=tuple(
            OrganisationCandidate(o.name, o.surface, o.abbreviation, o.start, o.confidence, o.aliases)
            for o in organisations
        ),
        quotes=tuple(
            QuoteCandidate(q.text, q.speaker.name if q.speaker else "", q.start, round(q.confidence, 2))
            for q in quotes
        ),
        events=tuple(
            EventCandidate(e.key, e.title, e.kind, e.starts_on, e.place, e.confidence, e.reported,
                           title_ru=e.title_ru, title_kk=e.title_kk)
            for e in events
        ),
    )


def _candidate(person: Person, *, in_title: bool = False) -> PersonCandidate:
    """A person of the body, or (`in_title`) of the headline: no offset, and the confidence as it is."""
    first = person.first_mention
    return PersonCandidate(
        name=person.name, surface=first.surface, role=person.role, start=-1 if in_title else first.start,
        confidence=person.confidence if in_title else round(person.confidence, 2), surfaces=person.surfaces,
    )


def _same(a: str, b: str) -> bool:
    return [name_search_key(w) for w in a.split()] == [name_search_key(w) for w in b.split()]


def _title_people(title: str, body: str, language: str, known, people: list[Person]) -> list[PersonCandidate]:
    """People named only in the headline (start -1). A headline made from the body's first words adds nothing."""
    if not title or body.startswith(title.rstrip("…").rstrip()):
        return []
    doc = Document(title, language)
    mentions = find_name_mentions(doc, known)
    # full names, and initials of someone the body or the archive names in full («ҚР Президенті Қ.Тоқаев …»)
    full_in_body = {m.last_key: m for p in people for m in p.mentions if m.kind == "full"}
    kept = [m for m in mentions if m.kind == "full" or (m.kind == "initials" and (
        m.last_key in full_in_body or known.only_person_with_surname(m.last_key, m.initial)))]
    found, _ = group_people(kept + [m for m in full_in_body.values() if m.kind == "full"], known)
    found = [p for p in found if any(m in kept for m in p.mentions)]
    return [_candidate(p, in_title=True) for p in found if not any(_same(p.name, q.name) for q in people)]
