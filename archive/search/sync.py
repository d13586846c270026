"""Keep the index in step with the database: outbox rows in the writing transaction, applied after commit.

Receivers write an IndexOutbox row for every article whose document a change affects, inside the transaction
of the change (models save atomically: archive.models.AtomicWrites). After commit, the rows are applied to the
index unless the index is busy (then its current writer applies them) or application is deferred (bulk imports
apply once at the end). If the process dies in between, the rows wait for the next writer or `sync_index`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from archive import models as m

from .indexing import apply_pending, enqueue

logger = logging.getLogger(__name__)
_state = threading.local()


@contextmanager
def deferred_sync() -> Iterator[None]:
    """Record outbox rows as usual but do not apply them after each commit (the caller applies them once)."""
    previous = getattr(_state, "deferred", False)
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = previous


def _apply_after_commit() -> None:
    if getattr(_state, "deferred", False):
        return
    try:
        apply_pending()
    except Exception:  # the change is committed and its rows are kept: sync_index or the next writer applies them
        logger.exception("could not apply pending index updates; they stay queued")


def apply_after_commit() -> None:
    """Apply the outbox once the current transaction commits, unless inside deferred_sync(): what the signals do
    after an edit, for writers that enqueue rows themselves (bulk inserts send no signals)."""
    transaction.on_commit(_apply_after_commit)


def _changed(article_ids: Iterable[int]) -> None:
    if enqueue(article_ids):
        apply_after_commit()


def _article_changed(sender, instance: m.Article, **kwargs) -> None:
    _changed([instance.pk])


def _related_articles_changed(sender, instance, **kwargs) -> None:
    """A source, person, organisation, alias, mention or event changed: re-index the articles that show it."""
    _changed(_articles_of(instance))


def _articles_of(instance) -> list[int]:
    if isinstance(instance, m.Source):
        return list(instance.articles.values_list("pk", flat=True))
    if isinstance(instance, m.Person):
        return list(m.PersonMention.objects.filter(person=instance).values_list("article_id", flat=True))
    if isinstance(instance, m.Organisation):
        return list(m.OrganisationMention.objects.filter(organisation=instance).values_list("article_id", flat=True))
    if isinstance(instance, m.PersonAlias):
        return _articles_of(instance.person) if m.Person.objects.filter(pk=instance.person_id).exists() else []
    if isinstance(instance, m.OrganisationAlias):
        exists = m.Organisation.objects.filter(pk=instance.organisation_id).exists()
        return _articles_of(instance.organisation) if exists else []
    if isinstance(instance, m.PersonMention | m.OrganisationMention):
        return [instance.article_id]
    if isinstance(instance, m.Event):
        return list(instance.articles.values_list("pk", flat=True))
    return []


def _event_articles_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if isinstance(instance, m.Event):
        _changed(pk_set if pk_set is not None else instance.articles.values_list("pk", flat=True))
    else:  # the reverse side: article.events.add(...)
        _changed([instance.pk])


RELATED_MODELS = (m.Source, m.Person, m.Organisation, m.PersonAlias, m.OrganisationAlias, m.PersonMention,
                  m.OrganisationMention, m.Event)


def connect() -> None:
    """Called once from ArchiveConfig.ready()."""
    post_save.connect(_article_changed, sender=m.Article, dispatch_uid="qujat-index-article-save")
    post_delete.connect(_article_changed, sender=m.Article, dispatch_uid="qujat-index-article-delete")
    for model in RELATED_MODELS:
        post_save.connect(_related_articles_changed, sender=model, dispatch_uid=f"qujat-index-{model.__name__}-save")
        # Before deletion, while the links that say which articles are affected still exist.
        pre_delete.connect(_related_articles_changed, sender=model, dispatch_uid=f"qujat-index-{model.__name__}-del")
    m2m_changed.connect(_event_articles_changed, sender=m.Event.articles.through, dispatch_uid="qujat-index-events")
    from .pg import signals as postgres_signals  # the PostgreSQL backend writes at once: again after deletions

    postgres_signals.connect()
