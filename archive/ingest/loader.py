"""Store one parsed article (the importer stores batches: archive.ingest.batch; this is the same code for one)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from archive import search
from archive.models import Article

from .articles import StoredArticles, article_fields, known_people, source_for
from .batch import store
from .entities import Extraction
from .parser import ParsedArticle
from .prepare import Prepared
from .results import Outcome

__all__ = ["Outcome", "article_fields", "known_people", "planned_outcome", "source_for", "upsert_article"]


def planned_outcome(parsed: ParsedArticle) -> Outcome:
    """Dry run: the outcome upsert_article would have, without writing."""
    return StoredArticles([parsed]).match(parsed)[0]


def upsert_article(
    parsed: ParsedArticle, extraction: Extraction | None = None, *, relink: bool = False
) -> tuple[Outcome, Article]:
    """Store a parsed text: the same text again changes nothing; a changed text from the same file updates it.

    With an extraction, the article's people, organisations, quotes and events are linked in the same
    transaction: an article is never stored half-linked. `relink` links unchanged texts again (after the
    extractor has improved); editors' decisions still stand. After commit, the search index is updated, as
    after any edit (the import command instead updates it once, at the end of the run).
    """
    with transaction.atomic():
        (result,) = store([Prepared(Path(parsed.origin), parsed, extraction)], relink=relink)
        search.apply_after_commit()  # as the signals do after an edit (unless inside search.deferred_sync())
    return result.outcome, Article.objects.get(pk=result.article_id)

