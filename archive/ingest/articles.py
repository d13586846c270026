"""Articles as the importer stores them: their fields, their source, and which stored article a text is."""

from __future__ import annotations

from collections.abc import Iterable

from archive.models import Article, Person, PersonAlias, ReviewStatus, Source

from . import bulk
from .parser import ParsedArticle
from .results import Outcome


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


class StoredArticles:
    """Which stored article each of many texts is, in two queries: the same text (checksum) is unchanged; a
    changed text from the same file (origin) updates the most recently updated article from that file."""

    def __init__(self, texts: Iterable[ParsedArticle]) -> None:
        texts = list(texts)
        self.by_checksum: dict[str, int] = {}
        self.by_origin: dict[str, int] = {}
        for chunk in bulk.chunks({text.checksum for text in texts}):
            self.by_checksum.update(Article.objects.filter(checksum__in=chunk).values_list("checksum", "pk"))
        for chunk in bulk.chunks({text.origin for text in texts if text.origin}):
            rows = Article.objects.filter(origin__in=chunk).order_by("-updated_at", "-pk").values_list("origin", "pk")
            for origin, pk in rows:
                self.by_origin.setdefault(origin, pk)

    def match(self, parsed: ParsedArticle) -> tuple[Outcome, int | None]:
        """What storing `parsed` would do, and to which stored article."""
        if parsed.checksum in self.by_checksum:
            return Outcome.UNCHANGED, self.by_checksum[parsed.checksum]
        if parsed.origin and parsed.origin in self.by_origin:
            return Outcome.UPDATED, self.by_origin[parsed.origin]
        return Outcome.IMPORTED, None
