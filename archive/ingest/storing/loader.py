"""Store one parsed article (the importer stores batches in storing.batch; this is the same code for one)."""

from __future__ import annotations

from pathlib import Path

from django.db import IntegrityError, transaction

from archive import search
from archive.models import Article

from ..extraction.entities import Extraction
from ..prepare import KnownNames, Prepared, prepare_raw
from ..reading.parser import ParsedArticle
from ..reading.reader import MAX_TEXT_BYTES, RawText, UnreadableText, decode_bytes
from ..results import FileResult, Outcome
from .articles import StoredArticles, article_fields, known_people, source_for
from .batch import store

__all__ = ["Outcome", "add_text", "article_fields", "known_people", "planned_outcome", "source_for",
           "upsert_article"]


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


def add_text(data: bytes, *, origin: str, max_bytes: int = MAX_TEXT_BYTES) -> FileResult:
    """Import one text an editor gives (the admin's «Add article»): read, parse, extract and store it as the
    importer would a file called `origin`, but only ever as a new article.

    IMPORTED with the new article; UNCHANGED with the article that already holds this very text; FAILED with
    the importer's reason for refusing it, or when another text came from the same origin (an upload of the
    same file name): adding must not silently replace that article.
    """
    path = Path(origin)

    def read() -> RawText:
        if len(data) > max_bytes:
            raise UnreadableText(f"the text is too large for a news text (limit {max_bytes // 1024 // 1024} MB)")
        return RawText(origin, path, *decode_bytes(data))

    item = prepare_raw(path, read, known=KnownNames(known_people()).names)
    if item.parsed is None:
        return FileResult(path, Outcome.FAILED, reason=item.reason)
    for _ in range(2):  # a second look when someone else stored the same text meanwhile (unique checksum)
        outcome, article_id = StoredArticles([item.parsed]).match(item.parsed)
        if outcome is Outcome.UNCHANGED:
            return FileResult(path, outcome, parsed=item.parsed, article_id=article_id)
        if outcome is Outcome.UPDATED:
            return FileResult(path, Outcome.FAILED, parsed=item.parsed, article_id=article_id,
                              reason=f"another text was added as «{origin}» before (article {article_id}); "
                                     "give the file another name to add this one")
        try:
            outcome, article = upsert_article(item.parsed, item.extraction)
        except IntegrityError:
            continue
        return FileResult(path, outcome, parsed=item.parsed, article_id=article.pk, extraction=item.extraction)
    return FileResult(path, Outcome.FAILED, parsed=item.parsed, reason="the database refused the text")
