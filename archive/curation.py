"""Editors' operations on people and organisations: merge duplicates, split a wrongly merged alias.

Every change is saved object by object, so each reaches the search index (through the outbox) and the history
(django-simple-history) like any other edit; each operation is one transaction.
"""

from __future__ import annotations

from django.db import transaction

from archive.models import NamedEntity, Organisation, Person, PersonAlias, Quote, entity_key


@transaction.atomic
def merge_entities(target: NamedEntity, others: list[NamedEntity]) -> int:
    """Fold `others` into `target`, keeping every alias, mention and quote; returns how many were merged."""
    merged = 0
    for other in others:
        if other.pk == target.pk or type(other) is not type(target):
            continue
        for alias in other.aliases.all():
            target.add_alias(alias.name)
        target.add_alias(other.name)
        _move_mentions(other, target)
        if isinstance(target, Person):
            for quote in Quote.objects.filter(speaker=other):
                quote.speaker = target
                quote.save(update_fields=["speaker"])
            for event in other.events.all():
                event.participants.add(target)
            target.role = target.role or other.role
        elif isinstance(target, Organisation):
            target.abbreviation = target.abbreviation or other.abbreviation
        target.description = target.description or other.description
        other.delete()
        merged += 1
    target.save()
    return merged


def _move_mentions(source: NamedEntity, target: NamedEntity) -> None:
    field = "person" if isinstance(target, Person) else "organisation"
    existing = set(target.mentions.values_list("article_id", "surface"))
    for mention in source.mentions.all():
        if (mention.article_id, mention.surface) in existing:
            mention.delete()  # the same words in the same article: already on the target
            continue
        setattr(mention, field, target)
        mention.save()


@transaction.atomic
def split_alias(alias: PersonAlias) -> Person:
    """Make a wrongly merged spelling its own person, taking the mentions written that way with it."""
    source = alias.person
    new_person = Person.objects.create(name=alias.name)
    new_person.add_alias(alias.name)
    moved_articles = set()
    for mention in source.mentions.all():
        if entity_key(mention.surface) == alias.key:
            mention.person = new_person
            mention.save()
            moved_articles.add(mention.article_id)
    # Quotes follow their speaker's mention: in articles where the old person is no longer named.
    still_named = set(source.mentions.values_list("article_id", flat=True))
    for quote in Quote.objects.filter(speaker=source, article_id__in=moved_articles - still_named):
        quote.speaker = new_person
        quote.save(update_fields=["speaker"])
    alias.delete()
    return new_person
