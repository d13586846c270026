"""Editors' operations: merge duplicates, split a wrongly merged spelling off, record what an editor changed.

Every change is saved object by object, so each reaches the search index (through the outbox) and the history
(django-simple-history) like any other edit; each operation is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from archive.ingest.reading.parser import DERIVED_TITLE_REASON, without_reasons
from archive.models import (
    Article,
    Event,
    NamedEntity,
    Organisation,
    Person,
    PersonAlias,
    Quote,
    RedirectKind,
    ReviewStatus,
    SlugRedirect,
    entity_key,
)


@transaction.atomic
def merge_entities(target: NamedEntity, others: list[NamedEntity]) -> int:
    """Fold `others` into `target`, keeping every alias, mention and quote; returns how many were merged.

    The others' pages redirect to the target's from now on (SlugRedirect).
    """
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
        _redirect(other, target)
        other.delete()
        merged += 1
    target.save()
    return merged


@transaction.atomic
def merge_events(target: Event, others: list[Event]) -> int:
    """Fold `others` into `target`: their articles and participants move over (recorded in the history), empty
    details are filled from theirs, and their pages redirect to the target's. Returns how many were merged."""
    merged = 0
    for other in others:
        if other.pk == target.pk:
            continue
        target.articles.add(*other.articles.all())
        target.participants.add(*other.participants.all())
        for name in ("starts_on", "ends_on", "place"):
            setattr(target, name, getattr(target, name) or getattr(other, name))
        key = other.key
        _redirect(other, target)
        other.delete()
        # The importer finds an event by its key: the survivor takes a key it lacks, so a re-import of the other's
        # articles links them here rather than creating the merged event again.
        if key and not target.key:
            target.key = key
        merged += 1
    target.save()
    return merged


def _redirect(old: NamedEntity | Event, target: NamedEntity | Event) -> None:
    """The old slug answers with the target's page; redirects that led to `old` now lead to the target."""
    kind = {Person: RedirectKind.PERSON, Organisation: RedirectKind.ORGANISATION, Event: RedirectKind.EVENT}[type(old)]
    SlugRedirect.objects.filter(kind=kind, target_id=old.pk).update(target_id=target.pk)
    SlugRedirect.objects.update_or_create(kind=kind, old_slug=old.slug, defaults={"target_id": target.pk})


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
    """Make a wrongly merged spelling its own person, taking the mentions written that way with it.

    Only this spelling leaves: the person's other spellings stay, even those sharing its script-free key
    (splitting «Қасым-Жомарт Тоқаев» leaves «Касым-Жомарт Токаев» and its mentions). See `written_as`.
    """
    source = alias.person
    spellings = {a.name for a in source.aliases.all()} | {source.name}
    new_person = Person.objects.create(name=alias.name)
    new_person.add_alias(alias.name)
    moved_articles = set()
    for mention in source.mentions.all():
        if written_as(mention.surface, alias.name, spellings):
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


def written_as(surface: str, spelling: str, spellings: Iterable[str] = ()) -> bool:
    """Whether a mention's surface is `spelling` as written in the text, possibly inflected.

    A surface holds the words as they stand in the text: «Касым-Жомарта Токаева», «Қасым-Жомарт Тоқаевтың». The
    rule, after whitespace normalisation and ignoring case:
      - the surface is the spelling itself; or
      - it is the same name (same match key: inflection, script and case aside), word for word of the same
        script and spelling: each surface word starts with the spelling's word less its last two letters (room
        for an ending: Токаев → Токаева, Тоқаев → Тоқаевқа, Павел → Павла), and no other of the person's
        `spellings` with that key is written closer to it (a longer common beginning: Tokayev is not Tokaev).
    So Касым/Қасым, Токаев/Тоқаев/Tokayev never take each other's mentions; a lone surname («Токаеву») is a
    different key and stays with the person.
    """
    surface, spelling = " ".join(surface.split()).casefold(), " ".join(spelling.split()).casefold()
    if surface == spelling:
        return True
    words, spelling_words = surface.split(), spelling.split()
    if len(words) != len(spelling_words) or entity_key(surface) != entity_key(spelling):
        return False
    if not all(word.startswith(own[: max(1, len(own) - 2)]) for word, own in zip(words, spelling_words, strict=True)):
        return False
    closeness = _common_prefix(surface, spelling)
    rivals = {" ".join(s.split()).casefold() for s in spellings} - {spelling}
    return not any(entity_key(r) == entity_key(spelling) and _common_prefix(surface, r) >= closeness for r in rivals)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def record_article_edit(article: Article, changed: Iterable[str]) -> None:
    """What an editor's change to these fields implies, before the article is saved.

    The fields an editor owns (Article.EDITOR_FIELDS) are marked, so a re-import keeps them. A new title for a
    title the importer made up is a real one: it is no longer «derived», and that review reason is answered.
    """
    changed = set(changed)
    article.mark_edited(changed)
    if "title" in changed and "title_derived" not in changed and article.title_derived:
        article.title_derived = False
    if not article.title_derived:
        article.review_notes = without_reasons(article.review_notes, DERIVED_TITLE_REASON)


def approve_article(article: Article) -> None:
    """An editor has reviewed the article: approved, and a re-import will not send it back to the queue."""
    article.review_status = ReviewStatus.APPROVED
    article.mark_edited(["review_status"])
    article.save(update_fields=["review_status", "edited_fields", "updated_at"])
