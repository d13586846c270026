"""Articles as the importer stores them: their fields, their source, and which stored article a text is."""

from __future__ import annotations

from collections.abc import Iterable

from archive.models import Article, ArticleOrigin, Person, PersonAlias, ReviewStatus, Source

from ..reading.outlets import outlet_named
from ..reading.parser import DERIVED_TITLE_REASON, NO_DATE_REASON, ParsedArticle, without_reasons
from ..results import Outcome
from . import bulk


def known_people() -> set[str]:
    """Every name the archive knows people by (canonical names and aliases)."""
    return set(Person.objects.values_list("name", flat=True)) | set(PersonAlias.objects.values_list("name", flat=True))


def source_for(name: str) -> Source | None:
    """The Source row of an outlet: found by its canonical name, or by its domain (a row made before the outlets
    table knew it, or renamed by an editor), else created; an outlet the table does not know, by its name."""
    name = name.strip()[:200]
    if not name:
        return None
    outlet = outlet_named(name)
    canonical = outlet.name if outlet else name
    existing = Source.objects.filter(name__iexact=canonical).first()
    if existing is None and outlet and outlet.domains:
        existing = Source.objects.filter(domain__in=outlet.domains).order_by("pk").first()
    if existing is not None:
        return existing
    domain = outlet.domain if outlet else (name.lower() if "." in name and " " not in name else "")
    return Source.objects.create(name=canonical, domain=domain)


def article_fields(parsed: ParsedArticle) -> dict:
    return {
        "title": parsed.title[:500],
        "title_derived": parsed.title_derived,
        "body": parsed.body,
        "raw_text": parsed.raw_text,
        "encoding": parsed.encoding,
        "language": parsed.language,
        "script": parsed.script,
        "published_on": parsed.published_on,
        "published_time": parsed.published_time,
        "byline": parsed.byline[:300],
        "photo_credit": parsed.photo_credit[:500],
        "captions": "\n".join(parsed.captions),
        "read_count": parsed.read_count,
        "footer": parsed.footer,
        "origin": parsed.origin,
        "url": parsed.url[:1000],
        "issued_by": parsed.issued_by[:300],
        "checksum": parsed.checksum,
        "review_status": ReviewStatus.NEEDS_REVIEW if parsed.needs_review else ReviewStatus.AUTO,
        "review_notes": "\n".join(parsed.review_reasons),
    }


def keep_editors_values(article: Article, values: dict) -> tuple[str, ...]:
    """Take out of `values` (a re-import's new field values) the fields an editor set on `article`.

    Returns the fields whose value the re-import would have changed: what the run reports as kept. With an
    editor's title go the «derived» flag and its review reason; with an editor's date, the missing-date reason;
    the review status then follows the reasons left (unless the editor set it too).
    """
    owned = [name for name in article.edited_fields if name in values]
    kept = tuple(name for name in owned if _stored_value(article, name) != _stored_value(values, name))
    for name in owned:
        del values[name]
    answered = []
    if "title" in owned:
        values.pop("title_derived", None)
        answered.append(DERIVED_TITLE_REASON)
    if "published_on" in owned and article.published_on is not None:
        answered.append(NO_DATE_REASON)
    if answered and "review_notes" in values:
        values["review_notes"] = without_reasons(values["review_notes"], *answered)
        if "review_status" in values:
            values["review_status"] = ReviewStatus.NEEDS_REVIEW if values["review_notes"] else ReviewStatus.AUTO
    return kept


def _stored_value(owner: Article | dict, name: str):
    """A field's value as stored (a source by its id, not as an object: no query)."""
    if isinstance(owner, dict):
        value = owner[name]
        return value.pk if name == "source" and value is not None else value
    return owner.source_id if name == "source" else getattr(owner, name)


class StoredArticles:
    """Which stored article each of many texts is, in a few queries.

    The same text (checksum) is that article, unchanged, wherever the file is. A changed text is matched by its
    origin, the file's path relative to the import root (ArticleOrigin): it updates the article that path
    belongs to. An article stored with an `origin` but no ArticleOrigin row (made by hand, or by code that
    predates origins) is found by its `origin` field.
    """

    def __init__(self, texts: Iterable[ParsedArticle]) -> None:
        texts = list(texts)
        self.by_checksum: dict[str, int] = {}
        self.by_origin: dict[str, int] = {}
        for chunk in bulk.chunks({text.checksum for text in texts}):
            self.by_checksum.update(Article.objects.filter(checksum__in=chunk).values_list("checksum", "pk"))
        paths = {text.origin for text in texts if text.origin}
        self.recorded: dict[str, int] = {}  # path → article, as ArticleOrigin rows say
        for chunk in bulk.chunks(paths):
            self.recorded.update(ArticleOrigin.objects.filter(path__in=chunk).values_list("path", "article_id"))
        self.by_origin.update(self.recorded)
        for chunk in bulk.chunks(paths - self.by_origin.keys()):
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

    def is_new_origin(self, parsed: ParsedArticle, article_id: int | None) -> bool:
        """Whether storing `parsed` as `article_id` (None: a new article) records its path as a new origin."""
        return bool(parsed.origin) and (article_id is None or self.recorded.get(parsed.origin) != article_id)


def record_origins(paths: dict[str, int]) -> None:
    """Each path (→ article id) now belongs to the article its file's text is: unknown paths are added, and a
    path whose file now holds another stored text moves to that article (the one it held stays, unchanged)."""
    existing: dict[str, int] = {}
    for chunk in bulk.chunks(paths):
        existing.update(ArticleOrigin.objects.filter(path__in=chunk).values_list("path", "article_id"))
    ArticleOrigin.objects.bulk_create(
        [ArticleOrigin(path=path, article_id=pk) for path, pk in paths.items() if path not in existing]
    )
    for path, pk in paths.items():
        if path in existing and existing[path] != pk:
            ArticleOrigin.objects.filter(path=path).update(article_id=pk)
