"""The only part of ingest that writes to the database: upsert one parsed article, atomically."""

from __future__ import annotations

from enum import StrEnum

from django.db import transaction

from archive.models import Article, Person, PersonAlias, ReviewStatus, Source

from .entities import Extraction
from .linker import link_entities
from .parser import ParsedArticle


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


def known_people() -> set[str]:
    """Every name the archive knows people by (canonical names and aliases)."""
    return set(Person.objects.values_list("name", flat=True)) | set(PersonAlias.objects.values_list("name", flat=True))


def source_for(name: str) -> Source | None:
    if not name:
        return None
    existing = Source.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    domain = name.lower() if "." in name and " " not in name else ""
    return Source.objects.create(name=name, domain=domain)


def article_fields(parsed: ParsedArticle) -> dict:
    return {
        "title": parsed.title[:500],
        "title_derived": parsed.title_derived,
        "body": parsed.body,
        "raw_text": parsed.raw_text,
        "encoding": parsed.encoding,
        "language": parsed.language,
        "published_on": parsed.published_on,
        "published_time": parsed.published_time,
        "byline": parsed.byline[:300],
        "photo_credit": parsed.photo_credit[:500],
        "captions": "\n".join(parsed.captions),
        "read_count": parsed.read_count,
        "footer": parsed.footer,
        "origin": parsed.origin,
        "checksum": parsed.checksum,
        "review_status": ReviewStatus.NEEDS_REVIEW if parsed.needs_review else ReviewStatus.AUTO,
        "review_notes": "\n".join(parsed.review_reasons),
    }


def _match(parsed: ParsedArticle) -> tuple[Outcome, Article | None]:
    """What storing `parsed` would do, and to which stored article."""
    same_text = Article.objects.filter(checksum=parsed.checksum).first()
    if same_text:
        return Outcome.UNCHANGED, same_text
    if parsed.origin:
        previous = Article.objects.filter(origin=parsed.origin).order_by("-updated_at").first()
        if previous:
            return Outcome.UPDATED, previous
    return Outcome.IMPORTED, None


def planned_outcome(parsed: ParsedArticle) -> Outcome:
    """Dry run: the outcome upsert_article would have, without writing."""
    return _match(parsed)[0]


@transaction.atomic
def upsert_article(
    parsed: ParsedArticle, extraction: Extraction | None = None, *, relink: bool = False
) -> tuple[Outcome, Article]:
    """Store a parsed text: the same text again changes nothing; a changed text from the same file updates it.

    With an extraction, the article's people, organisations, quotes and events are linked in the same
    transaction: an article is never stored half-linked. `relink` links unchanged texts again (after the
    extractor has improved); editors' decisions still stand.
    """
    outcome, article = _match(parsed)
    if outcome is Outcome.UNCHANGED:
        if relink and extraction is not None:
            link_entities(article, extraction)
        return outcome, article
    fields = article_fields(parsed)
    fields["source"] = source_for(parsed.source)
    if article is None:
        article = Article.objects.create(**fields)
    else:
        for name, value in fields.items():
            setattr(article, name, value)
        article.save()
    if extraction is not None:
        link_entities(article, extraction)
    return outcome, article
