"""Link articles' extracted people, organisations, quotes and events to database records, a batch at a time.

One person, one record, whatever the script or case: candidates are matched on alias keys (Токаев, Тоқаев,
Tokayev and Токаева share one), and every spelling seen becomes an alias. Re-importing an article replaces
the importer's proposals but keeps what editors decided: an approved mention stays, a rejected one is not
proposed again.

A batch costs a few queries whatever its size: `Linker` loads the records the batch's names can match
(entity_maps), links article after article in memory, in order, with the same outcome as linking them one by
one, and `flush` inserts the new rows in bulk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from archive.models import (
    Event,
    ExtractionStatus,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Quote,
)

from ..extraction.entities import Extraction, OrganisationCandidate, PersonCandidate
from . import bulk
from .entity_maps import Entities, Events, Ref

_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?)+\S")
PROPOSED = ExtractionStatus.PROPOSED


@dataclass
class Decisions:
    """An article's extractions that survive a re-import: those an editor approved or rejected."""

    rejected_people: set[int] = field(default_factory=set)
    rejected_organisations: set[int] = field(default_factory=set)
    person_mentions: set[tuple] = field(default_factory=set)  # (person, surface)
    organisation_mentions: set[tuple] = field(default_factory=set)  # (organisation, surface)
    quotes: set[str] = field(default_factory=set)  # texts


def take_decisions(article_ids: Iterable[int]) -> dict[int, Decisions]:
    """The editors' decisions on these articles' extractions; the importer's own proposals are deleted.

    Deleted through the ORM's collector, which sends each row's delete signals: the search index's outbox and
    the history record the deletion, as for any edit. (Only re-imported articles have proposals to delete.)
    """
    decisions: dict[int, Decisions] = {}
    for chunk in bulk.chunks(set(article_ids)):
        for article_id in chunk:
            decisions[article_id] = Decisions()
        for model, entity, rejected, kept in (
            (PersonMention, "person_id", "rejected_people", "person_mentions"),
            (OrganisationMention, "organisation_id", "rejected_organisations", "organisation_mentions"),
        ):
            rows = model.objects.filter(article_id__in=chunk).exclude(status=PROPOSED)
            for article_id, entity_id, surface, status in rows.values_list("article_id", entity, "surface", "status"):
                getattr(decisions[article_id], kept).add((entity_id, surface))
                if status == ExtractionStatus.REJECTED:
                    getattr(decisions[article_id], rejected).add(entity_id)
        for article_id, text in Quote.objects.filter(article_id__in=chunk).exclude(status=PROPOSED).values_list(
            "article_id", "text"
        ):
            decisions[article_id].quotes.add(text)
        for model in (PersonMention, OrganisationMention, Quote):
            model.objects.filter(article_id__in=chunk, status=PROPOSED).delete()
    return decisions


class Linker:
    """Links the articles of one batch; call `load` with every extraction first, `flush` at the end."""

    def __init__(self) -> None:
        self.people = Entities(Person, PersonAlias, "person")
        self.organisations = Entities(Organisation, OrganisationAlias, "organisation")
        self.events = Events()
        self.person_mentions: list[tuple[int, Ref, PersonCandidate]] = []
        self.organisation_mentions: list[tuple[int, Ref, OrganisationCandidate]] = []
        self.quotes: list[tuple[int, Ref | None, object]] = []
        self.event_articles: dict[tuple[Ref, int], None] = {}  # ordered sets
        self.event_people: dict[tuple[Ref, Ref], None] = {}

    def load(self, extractions: Iterable[Extraction]) -> None:
        extractions = list(extractions)
        self.people.load([p.name for e in extractions for p in e.people] +
                         [q.speaker for e in extractions for q in e.quotes if q.speaker])
        self.organisations.load([name for e in extractions for o in e.organisations
                                 for name in (o.name, o.abbreviation, *o.aliases) if name])
        self.events.load(event.key for e in extractions for event in e.events)

    def link(self, article_id: int, extraction: Extraction, decisions: Decisions | None = None) -> None:
        kept = decisions or Decisions()
        people = {candidate.name: self._link_person(article_id, candidate, kept) for candidate in extraction.people}
        for candidate in extraction.organisations:
            organisation = self._resolve_organisation(candidate)
            mention = (organisation.ident, candidate.surface[:300])
            if organisation.ident not in kept.rejected_organisations and mention not in kept.organisation_mentions:
                kept.organisation_mentions.add(mention)
                self.organisation_mentions.append((article_id, organisation, candidate))
        for quote in extraction.quotes:
            speaker = people.get(quote.speaker) or (self._resolve_person(quote.speaker) if quote.speaker else None)
            if quote.text not in kept.quotes:  # an editor's decision on it stands
                kept.quotes.add(quote.text)
                self.quotes.append((article_id, speaker, quote))
        participants = [people[c.name] for c in extraction.people if not c.is_byline]
        for candidate in extraction.events:
            event = self.events.get_or_create(
                candidate.key, title=candidate.title[:500], kind=candidate.kind, starts_on=candidate.starts_on,
                place=candidate.place[:300],
            )
            self.events.add_titles(event, ru=candidate.title_ru, kk=candidate.title_kk)
            self.event_articles[event, article_id] = None
            if candidate.reported:
                self.event_people.update(dict.fromkeys((event, person) for person in participants))

    def flush(self) -> set[int]:
        """Write everything; returns the ids of other articles whose search documents changed."""
        self.people.flush()
        self.organisations.flush()
        self.events.flush()
        # The importer's proposals get no «created» history record: they are most of the rows an import writes
        # (~10 per article; a record each doubles the cost of storing them), the article's history dates them,
        # and what a proposal's history is for, what editors did with it (approve, reject, merge, split), is
        # recorded by their saves. Their deletion on re-import is recorded (take_decisions).
        bulk.create(PersonMention, [
            PersonMention(article_id=article_id, person=person.obj, surface=c.surface[:300], role=c.role[:300],
                          confidence=c.confidence)
            for article_id, person, c in self.person_mentions
        ], history=False)
        bulk.create(OrganisationMention, [
            OrganisationMention(article_id=article_id, organisation=organisation.obj, surface=c.surface[:300],
                                confidence=c.confidence)
            for article_id, organisation, c in self.organisation_mentions
        ], history=False)
        bulk.create(Quote, [
            Quote(article_id=article_id, speaker=speaker.obj if speaker else None, text=q.text,
                  position=max(q.start, 0), confidence=q.confidence)
            for article_id, speaker, q in self.quotes
        ], history=False)
        # No history for the importer's links between events and articles or people: django-simple-history
        # records an event's m2m change as a new revision holding a copy of *all* its links, so a revision per
        # article linked is quadratic (the referendum is in tens of thousands of articles). Editors' changes to
        # an event, made in the admin, are still recorded.
        Event.articles.through.objects.bulk_create(
            [Event.articles.through(event_id=event.obj.pk, article_id=article_id)
             for event, article_id in self.event_articles],
            batch_size=bulk.CHUNK, ignore_conflicts=True,
        )
        Event.participants.through.objects.bulk_create(
            [Event.participants.through(event_id=event.obj.pk, person_id=person.obj.pk)
             for event, person in self.event_people],
            batch_size=bulk.CHUNK, ignore_conflicts=True,
        )
        return self._articles_to_reindex()

    def _articles_to_reindex(self) -> set[int]:
        """Articles of stored people and organisations that got a new alias or abbreviation (their documents
        list them). A new role needs nothing: the search document does not hold it."""
        ids: set[int] = set()
        for model, owner, entities in ((PersonMention, "person_id", self.people),
                                       (OrganisationMention, "organisation_id", self.organisations)):
            for chunk in bulk.chunks(entities.reindex):
                ids.update(model.objects.filter(**{f"{owner}__in": chunk}).values_list("article_id", flat=True))
        return ids

    def _resolve_person(self, name: str) -> Ref:
        """The person called `name` in any script or case (a lone surname matches one known full name), or a new one."""
        person = self.people.match(name) or self.people.create(name=name)
        self.people.add_alias(person, name)
        return person

    def _link_person(self, article_id: int, candidate: PersonCandidate, kept: Decisions) -> Ref:
        person = self._resolve_person(candidate.name)
        for surface in candidate.surfaces or (candidate.surface,):
            if _INITIALS.match(surface):
                self.people.add_alias(person, surface)  # «Р. Василенко» is a spelling worth finding the person by
        if candidate.role and person.obj.role != candidate.role[:300]:
            self.people.set(person, "role", candidate.role[:300], indexed=False)
        mention = (person.ident, candidate.surface[:300])
        if person.ident not in kept.rejected_people and mention not in kept.person_mentions:
            kept.person_mentions.add(mention)
            self.person_mentions.append((article_id, person, candidate))
        return person

    def _resolve_organisation(self, candidate: OrganisationCandidate) -> Ref:
        """The record by the candidate's name, else by its abbreviation, else (a state body known under several
        names) by any of its other names: a record made from a Kazakh text before is the same body. A body is
        matched by whole names only: «Курултай» is not «Национальный курултай» by its last word."""
        organisations = self.organisations
        body = bool(candidate.aliases)
        organisation = next(
            (found for name in (candidate.name, candidate.abbreviation, *candidate.aliases)
             if name and (found := organisations.match(name, exact_only=body)) is not None),
            None,
        )
        if organisation is None:
            organisation = organisations.create(name=candidate.name, abbreviation=candidate.abbreviation[:50])
        elif candidate.abbreviation and not organisation.obj.abbreviation:
            organisations.set(organisation, "abbreviation", candidate.abbreviation[:50], indexed=True)
        for name in (candidate.name, candidate.abbreviation, *candidate.aliases):
            if name:
                organisations.add_alias(organisation, name)
        return organisation
