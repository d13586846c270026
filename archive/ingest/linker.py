"""Link an article's extracted people, organisations, quotes and events to database records.

One person, one record, whatever the script or case: candidates are matched on alias keys (Токаев, Тоқаев,
Tokayev and Токаева share one), and every spelling seen becomes an alias. Re-importing an article replaces
the importer's proposals but keeps what editors decided: an approved mention stays, a rejected one is not
proposed again.
"""

from __future__ import annotations

import re

from django.db import transaction

from archive.models import (
    Article,
    Event,
    ExtractionStatus,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Quote,
)

from .entities import Extraction, OrganisationCandidate, PersonCandidate

_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?)+\S")
PROPOSED = ExtractionStatus.PROPOSED


def resolve_person(name: str) -> Person:
    """The person called `name` in any script or case (a lone surname matches one known full name), or a new one."""
    person = Person.objects.matching(name) or Person.objects.create(name=name)
    person.add_alias(name)
    return person


def resolve_organisation(candidate: OrganisationCandidate) -> Organisation:
    organisation = Organisation.objects.matching(candidate.name) or (
        Organisation.objects.matching(candidate.abbreviation) if candidate.abbreviation else None
    )
    if organisation is None:
        organisation = Organisation.objects.create(name=candidate.name, abbreviation=candidate.abbreviation[:50])
    elif candidate.abbreviation and not organisation.abbreviation:
        organisation.abbreviation = candidate.abbreviation[:50]
        organisation.save(update_fields=["abbreviation", "updated_at"])
    organisation.add_alias(candidate.name)
    if candidate.abbreviation:
        organisation.add_alias(candidate.abbreviation)
    return organisation


@transaction.atomic
def link_entities(article: Article, extraction: Extraction) -> None:
    rejected = ExtractionStatus.REJECTED
    rejected_people = set(article.person_mentions.filter(status=rejected).values_list("person", flat=True))
    rejected_orgs = set(article.organisation_mentions.filter(status=rejected).values_list("organisation", flat=True))
    # Deleted one by one (not in bulk) so that each deletion reaches the search index and the history.
    for related in (article.person_mentions, article.organisation_mentions, article.quotes):
        for stale in related.filter(status=PROPOSED):
            stale.delete()

    people = {candidate.name: _link_person(article, candidate, rejected_people) for candidate in extraction.people}
    for candidate in extraction.organisations:
        organisation = resolve_organisation(candidate)
        if organisation.pk not in rejected_orgs:
            OrganisationMention.objects.get_or_create(
                article=article, organisation=organisation, surface=candidate.surface[:300],
                defaults={"confidence": candidate.confidence},
            )
    for quote in extraction.quotes:
        speaker = people.get(quote.speaker) or (resolve_person(quote.speaker) if quote.speaker else None)
        if not article.quotes.filter(text=quote.text).exists():  # an editor's decision on it stands
            Quote.objects.create(article=article, speaker=speaker, text=quote.text, position=max(quote.start, 0),
                                 confidence=quote.confidence)
    participants = [people[c.name] for c in extraction.people if not c.is_byline]
    for candidate in extraction.events:
        event, _ = Event.objects.get_or_create(
            key=candidate.key[:200],
            defaults={"title": candidate.title[:500], "kind": candidate.kind, "starts_on": candidate.starts_on,
                      "place": candidate.place[:300]},
        )
        event.articles.add(article)
        if candidate.reported and participants:
            event.participants.add(*participants)


def _link_person(article: Article, candidate: PersonCandidate, rejected: set[int]) -> Person:
    person = resolve_person(candidate.name)
    for surface in candidate.surfaces or (candidate.surface,):
        if _INITIALS.match(surface):
            person.add_alias(surface)  # «Р. Василенко» is a spelling worth finding the person by
    if candidate.role and person.role != candidate.role[:300]:
        person.role = candidate.role[:300]
        person.save(update_fields=["role", "updated_at"])
    if person.pk not in rejected:
        PersonMention.objects.get_or_create(
            article=article, person=person, surface=candidate.surface[:300],
            defaults={"role": candidate.role[:300], "confidence": candidate.confidence},
        )
    return person
