"""Deletions under the PostgreSQL backend: documents re-written once the deleted rows are gone.

The outbox's receivers (sync.py) name the affected articles before a deletion (pre_delete, m2m pre_clear), while
the links that say which articles show the deleted thing still exist. Whoosh applies those rows after commit, when
the deletion is done; the PostgreSQL backend writes at once, so it would write the documents as they were before
(a split-off spelling still in them). These receivers keep the names from before and write again after.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, pre_delete

from archive import models as m

from ..backend import uses_postgres
from .writing import write_documents

_AFFECTED = "_qujat_search_articles"


def _before_delete(sender, instance, **kwargs) -> None:
    if uses_postgres():
        from ..sync import _articles_of

        setattr(instance, _AFFECTED, _articles_of(instance))


def _after_delete(sender, instance, **kwargs) -> None:
    affected = getattr(instance, _AFFECTED, None)
    if affected and uses_postgres():
        write_documents(affected)


def _event_links_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if action == "pre_clear" and uses_postgres():
        affected = list(instance.articles.values_list("pk", flat=True)) if isinstance(instance, m.Event) else [
            instance.pk
        ]
        setattr(instance, _AFFECTED, affected)
    elif action == "post_clear":
        _after_delete(sender, instance)


def connect() -> None:
    from ..sync import RELATED_MODELS

    for model in RELATED_MODELS:
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"qujat-pg-{model.__name__}-before-delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"qujat-pg-{model.__name__}-after-delete")
    m2m_changed.connect(_event_links_changed, sender=m.Event.articles.through, dispatch_uid="qujat-pg-event-links")
