"""Human labels for facet values (the index stores codes and slugs; names come from the database)."""

from __future__ import annotations

import datetime as dt

from archive.models import Event, Language, Organisation, Person, Source

_NAMED = {"source": (Source, "name"), "person": (Person, "name"), "organisation": (Organisation, "name"),
          "event": (Event, "title")}


def month_label(value: str) -> str:
    try:
        return dt.date.fromisoformat(f"{value}-01").strftime("%b %Y")
    except ValueError:
        return value


def facet_labels(facet: str, values: list[str]) -> dict[str, str]:
    if not values:
        return {}
    if facet == "language":
        return {v: Language(v).label if v in Language.values else v for v in values}
    if facet == "month":
        return {v: month_label(v) for v in values}
    model, attribute = _NAMED[facet]
    return dict(model.objects.filter(slug__in=values).values_list("slug", attribute))
