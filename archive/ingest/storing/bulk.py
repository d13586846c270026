"""Small helpers for writing many rows at once: chunked lookups, slugs for new records, inserts with history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from django.db import connections, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from archive import sequences
from archive.models import slug_base, slug_variant_prefix

T = TypeVar("T")
CHUNK = 500  # values per IN (...): well under SQLite's 999 parameters
SLUG_LENGTH = 120  # archive.models.unique_slug's default


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """archive.sequences.chunks, CHUNK values per IN (...) unless told otherwise."""
    return sequences.chunks(values, size)


def assign_slugs(model: type[models.Model], objs: Sequence[models.Model], texts: Sequence[str]) -> None:
    """The slugs archive.models.unique_slug would give these new records, saved one by one in this order.

    One query for the plain slugs, and one per taken slug for its numbered variants («-2», «-3» …): unique_slug
    asks for each variant in turn, which is quadratic for a common title («Заседание Сената»).
    """
    bases = [slug_base(text, max_length=SLUG_LENGTH) for text in texts]
    manager = model._default_manager
    taken = {slug for chunk in chunks(set(bases))
             for slug in manager.filter(slug__in=chunk).values_list("slug", flat=True)}
    variants_loaded: set[str] = set()
    for obj, base in zip(objs, bases, strict=True):
        slug, n = base, 2
        prefix = slug_variant_prefix(base, max_length=SLUG_LENGTH)
        while slug in taken:
            if base not in variants_loaded:
                variants_loaded.add(base)
                taken.update(_slugs_starting(manager, prefix))
            slug = f"{prefix}{n}"
            n += 1
        taken.add(slug)
        obj.slug = slug


def _slugs_starting(manager: models.Manager, prefix: str) -> set[str]:
    if connections[manager.db].vendor == "sqlite":  # its LIKE scans the table; a range uses the slug index
        query = manager.filter(slug__gte=prefix, slug__lt=f"{prefix}\U0010ffff")
    else:  # PostgreSQL: LIKE 'prefix%' uses the pattern index Django makes for slugs (a range depends on collation)
        query = manager.filter(slug__startswith=prefix)
    return {slug for slug in query.values_list("slug", flat=True) if slug.startswith(prefix)}


def create(model: type[models.Model], objs: list[models.Model], *, history: bool = True) -> None:
    """Insert new rows (primary keys are set on `objs`), with a «created» history record each if `history`."""
    if not objs:
        return
    if history:
        bulk_create_with_history(objs, model, batch_size=CHUNK)
    else:
        model._default_manager.bulk_create(objs, batch_size=CHUNK)
    if objs[0].pk is None:  # SQLite ≥ 3.35 and PostgreSQL return the new keys; the linker needs them
        raise RuntimeError(f"the database did not return the ids of new {model.__name__} rows")


def update(model: type[models.Model], objs: list[models.Model], fields: Iterable[str]) -> None:
    """Save changed fields of stored rows, with a «changed» history record each.

    One UPDATE per distinct set of values (a batch gives many people the same role): Django's bulk_update builds
    a CASE expression per row and field, several times slower for a batch's hundred-odd changes.

    A versioned model's rows get `version + 1` (archive.models.Versioned): an editor's form opened before this
    write is then refused when saved, instead of silently undoing it.
    """
    if not objs:
        return
    now = timezone.now()
    fields = sorted({*fields, "updated_at"} - {"version"})
    versioned = any(field.name == "version" for field in model._meta.concrete_fields)
    groups: dict[tuple, list] = defaultdict(list)
    for obj in objs:
        obj.updated_at = now
        if versioned:
            obj.version += 1  # what the UPDATE below makes of it (the rows were read in this transaction)
        groups[tuple(getattr(obj, field) for field in fields)].append(obj.pk)
    manager = model._default_manager
    bump = {"version": models.F("version") + 1} if versioned else {}
    for values, pks in groups.items():
        for chunk in chunks(pks):
            manager.filter(pk__in=chunk).update(**dict(zip(fields, values, strict=True)), **bump)
    get_history_manager_for_model(model).bulk_history_create(objs, update=True, batch_size=CHUNK)
