"""People, organisations and events of one batch, held in memory while its articles are linked.

`load` fetches, in a few queries, every stored record the batch's names can match; from then on, matching
works on maps of alias key → record exactly as NamedEntityQuerySet.matching does on the database (the lowest
id wins among records sharing a key; a lone surname matches when exactly one record has a full name ending in
it), and the maps grow as the batch creates records and aliases. `flush` writes what was created or changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from archive.models import Event, entity_key

from . import bulk

NEW = 1 << 62  # records created in this batch come after every stored one (they will get higher ids)


@dataclass(eq=False)
class Ref:
    """A stored record, or one to be created at flush. Hashable by identity: one Ref per record per batch."""

    obj: models.Model
    order: int  # the id for stored records; NEW + n for the n-th created one

    def __post_init__(self) -> None:
        self.ident = self.obj.pk if self.obj.pk is not None else self  # comparable with stored ids in decisions


class Entities:
    """Person or Organisation records, found by alias key."""

    def __init__(self, model: type[models.Model], alias_model: type[models.Model], owner: str) -> None:
        self.model, self.alias_model, self.owner = model, alias_model, owner  # owner: the alias's foreign key
        self.by_key: dict[str, Ref] = {}
        self.by_surname: dict[str, set[Ref]] = defaultdict(set)  # last word of a multi-word key → records
        self.stored: dict[int, Ref] = {}
        self.alias_names: dict[Ref, set[str]] = {}
        self.created: list[Ref] = []
        self.new_aliases: list[tuple[Ref, str, str]] = []  # (record, name, key)
        self.changed: dict[Ref, set[str]] = defaultdict(set)  # stored records → fields changed
        self.reindex: set[int] = set()  # stored records whose search documents changed (alias, abbreviation)

    def load(self, names: Iterable[str]) -> None:
        keys = {entity_key(name) for name in names}
        owner_id = f"{self.owner}_id"
        aliases = self.alias_model._default_manager
        rows = [row for chunk in bulk.chunks(keys)
                for row in aliases.filter(key__in=chunk).values_list("key", owner_id)]
        found = {key for key, _ in rows}
        lone = [key for key in keys if key and " " not in key and key not in found]
        for chunk in bulk.chunks(lone, 100):  # LIKE '% key': a scan of the aliases, so a few patterns per query
            query = reduce(or_, (Q(key__endswith=f" {key}") for key in chunk))
            rows += aliases.filter(query).values_list("key", owner_id)
        ids = {pk for _, pk in rows}
        for chunk in bulk.chunks(ids):
            for obj in self.model._default_manager.filter(pk__in=chunk):
                self.stored[obj.pk] = ref = Ref(obj, obj.pk)
                self.alias_names[ref] = set()
            for pk, name in aliases.filter(**{f"{owner_id}__in": chunk}).values_list(owner_id, "name"):
                self.alias_names[self.stored[pk]].add(name)
        for key, pk in rows:
            if pk in self.stored:  # not deleted meanwhile
                self._index(key, self.stored[pk])

    def match(self, name: str, *, exact_only: bool = False) -> Ref | None:
        key = entity_key(name)
        exact = self.by_key.get(key)
        if exact is not None or not key or " " in key or exact_only:
            return exact
        candidates = self.by_surname.get(key, ())
        return next(iter(candidates)) if len(candidates) == 1 else None

    def create(self, **fields) -> Ref:
        ref = Ref(self.model(**fields), NEW + len(self.created))
        self.created.append(ref)
        self.alias_names[ref] = set()
        return ref

    def add_alias(self, ref: Ref, name: str) -> None:
        """As NamedEntity.add_alias: every spelling once per record."""
        name = " ".join(name.split())[:300]
        if not name or name in self.alias_names[ref]:
            return
        self.alias_names[ref].add(name)
        key = entity_key(name)
        self.new_aliases.append((ref, name, key))
        self._index(key, ref)
        if ref.obj.pk is not None:
            self.reindex.add(ref.obj.pk)  # its articles' documents list its aliases

    def set(self, ref: Ref, name: str, value, *, indexed: bool) -> None:
        setattr(ref.obj, name, value)
        if ref.obj.pk is not None:
            self.changed[ref].add(name)
            if indexed:
                self.reindex.add(ref.obj.pk)

    def flush(self) -> None:
        """Create the new records and aliases, save changed fields; every row with its history record."""
        new = [ref.obj for ref in self.created]
        bulk.assign_slugs(self.model, new, [obj.name for obj in new])
        bulk.create(self.model, new)
        bulk.create(self.alias_model, [
            self.alias_model(name=name, key=key, **{self.owner: ref.obj}) for ref, name, key in self.new_aliases
        ])
        bulk.update(self.model, [ref.obj for ref in self.changed], {name for names in self.changed.values()
                                                                     for name in names})

    def _index(self, key: str, ref: Ref) -> None:
        best = self.by_key.get(key)
        if best is None or ref.order < best.order:
            self.by_key[key] = ref
        if " " in key:
            self.by_surname[key.rsplit(" ", 1)[1]].add(ref)


@dataclass
class Events:
    """Event records by key (the importer's identity for an event across articles)."""

    by_key: dict[str, Ref] = field(default_factory=dict)
    created: list[Ref] = field(default_factory=list)
    retitled: dict[Ref, set[str]] = field(default_factory=dict)  # stored events given a title in a new language

    def load(self, keys: Iterable[str]) -> None:
        for chunk in bulk.chunks({key[:200] for key in keys}):
            for event in Event.objects.filter(key__in=chunk):
                self.by_key[event.key] = Ref(event, event.pk)

    def get_or_create(self, key: str, **defaults) -> Ref:
        key = key[:200]
        if key not in self.by_key:
            self.by_key[key] = ref = Ref(Event(key=key, **defaults), NEW + len(self.created))
            self.created.append(ref)
        return self.by_key[key]

    def add_titles(self, ref: Ref, *, ru: str, kk: str) -> None:
        """Fill the event's title in a language it has none in yet (an editor's title stays)."""
        for name, title in (("title_ru", ru), ("title_kk", kk)):
            if title and not getattr(ref.obj, name):
                setattr(ref.obj, name, title[:500])
                if ref.obj.pk is not None:
                    self.retitled.setdefault(ref, set()).add(name)

    def flush(self) -> None:
        new = [ref.obj for ref in self.created]
        bulk.assign_slugs(Event, new, [event.title for event in new])
        bulk.create(Event, new)
        bulk.update(Event, [ref.obj for ref in self.retitled], {name for names in self.retitled.values()
                                                                 for name in names})
