"""Store a batch of prepared texts in one transaction: articles, their links, their search-index outbox rows.

Same outcomes as storing the texts one by one, in order. Texts of a batch that touch the same article (the
same text twice, two versions of one file) are stored in separate runs, one after the other, so each sees the
other's result as it would one by one. A batch that fails is rolled back and its texts are stored one by one,
each in its own transaction: a text the database refuses fails alone and the others still land.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from archive.faults import pause_at
from archive.models import Article
from archive.search.indexing import enqueue

from ..prepare import Prepared
from ..results import FileResult, Outcome
from . import bulk, syndication
from .articles import StoredArticles, article_fields, keep_editors_values, record_origins, source_for
from .linker import Linker, take_decisions

logger = logging.getLogger(__name__)


@dataclass
class Planned:
    item: Prepared
    outcome: Outcome
    article_id: int | None
    kept: tuple[str, ...] = ()  # fields an editor set that the re-import left as they were
    new_origin: bool = False  # the file's path was not yet an origin of this article


def store_batch(items: Sequence[Prepared], *, relink: bool = False) -> list[FileResult]:
    """Store parsed texts; results in the same order."""
    try:
        with transaction.atomic():
            results = store(items, relink=relink)
            pause_at("database")
            return results
    except Exception as error:
        logger.warning("could not store %d text(s) in one transaction; trying one by one", len(items), exc_info=True)
        if len(items) == 1:
            return [_failed(items[0], error)]
    results = []
    for item in items:
        try:
            with transaction.atomic():
                results += store([item], relink=relink)
        except Exception as error:
            results.append(_failed(item, error))
    return results


def _failed(item: Prepared, error: Exception) -> FileResult:
    return FileResult(item.path, Outcome.FAILED, parsed=item.parsed, extraction=item.extraction,
                      reason=f"the database refused it: {type(error).__name__}: {error}")


def store(items: Sequence[Prepared], *, relink: bool = False) -> list[FileResult]:
    """Store the texts; the caller holds the transaction."""
    results: list[FileResult] = []
    rest = list(items)
    while rest:
        run, rest = _next_run(rest)
        results += _store_run(run, relink=relink)
    return results


def _next_run(items: list[Prepared]) -> tuple[list[Planned], list[Prepared]]:
    """The longest prefix of `items` in which no two texts touch the same article, and the rest."""
    stored = StoredArticles(item.parsed for item in items)
    run: list[Planned] = []
    checksums, origins, targets = set(), set(), set()
    for position, item in enumerate(items):
        parsed = item.parsed
        outcome, article_id = stored.match(parsed)
        if parsed.checksum in checksums or (parsed.origin and parsed.origin in origins) or article_id in targets:
            return run, items[position:]
        checksums.add(parsed.checksum)
        origins.add(parsed.origin)
        if article_id is not None:
            targets.add(article_id)
        run.append(Planned(item, outcome, article_id, new_origin=stored.is_new_origin(parsed, article_id)))
    return run, []


def _store_run(run: list[Planned], *, relink: bool) -> list[FileResult]:
    sources = {name: source_for(name) for name in dict.fromkeys(p.item.parsed.source for p in run)}
    new: list[tuple[Planned, Article]] = []
    for planned in run:
        if planned.outcome is Outcome.IMPORTED:
            parsed = planned.item.parsed
            new.append((planned, Article(**article_fields(parsed), source=sources[parsed.source])))
    bulk.create(Article, [article for _, article in new])
    for planned, article in new:
        planned.article_id = article.pk
    _update_articles([p for p in run if p.outcome is Outcome.UPDATED], sources)
    record_origins({p.item.parsed.origin: p.article_id for p in run if p.new_origin})

    to_link = [p for p in run if p.item.extraction is not None and (p.outcome is not Outcome.UNCHANGED or relink)]
    decisions = take_decisions(p.article_id for p in to_link if p.outcome is not Outcome.IMPORTED)
    linker = Linker()
    linker.load(p.item.extraction for p in to_link)
    for planned in to_link:
        linker.link(planned.article_id, planned.item.extraction, decisions.get(planned.article_id))
    others = linker.flush()
    # bulk_create sends no signals, so the outbox rows the signals would write are written here, in the same
    # transaction: every article stored or linked, and the stored articles whose documents the batch changed.
    changed = [p.article_id for p in run if p.outcome is not Outcome.UNCHANGED] + [p.article_id for p in to_link]
    # A new article's body is the text's: its signature comes from the worker. An updated one may keep an editor's.
    signatures = {p.article_id: p.item.copy_signature for p in run
                  if p.outcome is Outcome.IMPORTED and p.item.copy_signature is not None}
    copies = syndication.assign((p.article_id for p in run if p.outcome is not Outcome.UNCHANGED), signatures)
    enqueue({*changed, *others, *copies})
    return [FileResult(p.item.path, p.outcome, parsed=p.item.parsed, article_id=p.article_id,
                       extraction=p.item.extraction, kept_fields=p.kept,
                       new_origin=p.new_origin and p.outcome is Outcome.UNCHANGED) for p in run]


def _update_articles(updated: list[Planned], sources: dict) -> None:
    """A changed text from the same file replaces the article's fields, except those an editor set."""
    articles = {}
    for chunk in bulk.chunks([p.article_id for p in updated]):
        # Locked until the batch commits (PostgreSQL; SQLite's IMMEDIATE transaction already holds the database):
        # an editor's save meanwhile waits, so the editor's fields kept here are the ones stored.
        articles.update(Article.objects.select_for_update().in_bulk(chunk))
    fields = set()
    for planned in updated:
        parsed, article = planned.item.parsed, articles[planned.article_id]
        values = article_fields(parsed) | {"source": sources[parsed.source]}
        planned.kept = keep_editors_values(article, values)
        for name, value in values.items():
            setattr(article, name, value)
        fields.update(values)
    bulk.update(Article, list(articles.values()), fields)
