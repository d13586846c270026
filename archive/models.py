"""The archive's data: the database is the source of truth, the search index is derived from it.

Models know nothing of search or ingest; the index outbox (archive.search) hooks in through signals.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from archive.text import name_search_key

LOW_CONFIDENCE = 0.7  # extractions below this wait in the review queue


class Language(models.TextChoices):
    RUSSIAN = "ru", "Русский"
    KAZAKH = "kk", "Қазақша"
    ENGLISH = "en", "English"
    MIXED = "mixed", "ru + kk"


class Script(models.TextChoices):
    """The alphabet a text is written in (ISO 15924, lowercase): Kazakh is printed in all three."""

    CYRILLIC = "cyrl", "Cyrillic"
    LATIN = "latn", "Latin"
    ARABIC = "arab", "Arabic"


class ReviewStatus(models.TextChoices):
    AUTO = "auto", "imported, looks complete"
    NEEDS_REVIEW = "needs_review", "needs review"
    APPROVED = "approved", "approved by an editor"


def slug_base(text: str, *, max_length: int = 120) -> str:
    """The slug `text` gets when it is free (Cyrillic kept: slugs are read by people)."""
    return slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"


def slug_variant_prefix(base: str, *, max_length: int = 120) -> str:
    """What the slugs tried when `base` is taken start with: «base-» for «base-2», «base-3» …"""
    return f"{base[: max_length - 6]}-"


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 120) -> str:
    """A slug for `text` not yet used by `model`."""
    base = slug_base(text, max_length=max_length)
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{slug_variant_prefix(base, max_length=max_length)}{n}"
        n += 1
    return slug


class AtomicWrites(models.Model):
    """save() and delete() run in one transaction with everything their signals write.

    Signal receivers (the search index outbox among them) then commit or roll back together with the change,
    even when the caller did not open a transaction: no committed change without its side effects.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            return super().delete(*args, **kwargs)


class StaleEdit(Exception):
    """A save based on a version of the record that someone else has changed since: refused, not applied over it.

    The message names the last change (from the history) and says what to do, in words an editor understands.
    """

    def __init__(self, obj: models.Model) -> None:
        self.changed_by, self.changed_at = last_change(obj)
        when = f"{timezone.localtime(self.changed_at):%Y-%m-%d %H:%M:%S}" if self.changed_at else _("an unknown time")
        super().__init__(_("This %(thing)s was changed by %(who)s at %(when)s after you opened it; reload and apply "
                           "your change again.") % {"thing": obj._meta.verbose_name, "who": self.changed_by,
                                                    "when": when})  # fmt: skip


def last_change(obj: models.Model) -> tuple[str, datetime.datetime | None]:
    """Who changed a record last and when, from its history (a change with no user is a script's or an import's)."""
    record = obj.history.order_by("-history_date", "-history_id").first() if hasattr(obj, "history") else None
    if record is None:
        return _("someone"), None
    return str(record.history_user or _("an import or a script")), record.history_date


class Versioned(AtomicWrites):
    """Optimistic locking: every save writes `version + 1` WHERE the stored version is the one this copy was read at.

    Two editors (or processes) that read the same version and both save: the first wins, the second updates no
    row and gets StaleEdit instead of silently overwriting the first's change. The check is in the UPDATE itself,
    so it holds across processes without locks. Bulk writers (archive.ingest.storing.bulk.update) increment it too.
    """

    version = models.PositiveIntegerField(default=0, help_text="Incremented by every save; a stale save is refused.")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        checked = (not self._state.adding and self.pk is not None and not kwargs.get("force_insert")
                   and (update_fields is None or len(update_fields) > 0))  # save(update_fields=[]) writes nothing
        if not checked:
            return super().save(*args, **kwargs)
        expected = self.version
        self._expected_version, self.version = expected, expected + 1
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = expected  # the copy stays what it was: the caller may reload and retry
            raise
        finally:
            self._expected_version = None

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if super()._do_update(base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleEdit(self)
        return False  # the row is gone: Django then inserts it (update_fields: DatabaseError), as without a version


class TimeStamped(Versioned):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Source(TimeStamped):
    """An outlet: Kazpravda.kz, Kazinform, INTERFAX.RU …"""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    domain = models.CharField(max_length=200, blank=True)
    default_language = models.CharField(max_length=5, choices=Language.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name)
        super().save(*args, **kwargs)


class CopyCluster(models.Model):
    """Articles that are copies of one text: an agency text reprinted by several outlets (new headline, cut or
    extended, another footer). Found by archive.ingest.storing.syndication; it exists while it has two members.

    A row of its own, not the pk of the first article, so that deleting any member (the earliest too) leaves the
    others grouped under the same id, which the search index keeps per document for collapsing.
    """

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cluster of copies"
        verbose_name_plural = "clusters of copies"

    def __str__(self) -> str:
        return f"copies #{self.pk}"


class ArticleQuerySet(models.QuerySet):
    def needing_review(self) -> ArticleQuerySet:
        return self.filter(review_status=ReviewStatus.NEEDS_REVIEW)

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-published_time", "-id")


class Article(TimeStamped):
    # What an editor decides about an article; a re-import of a changed text keeps an editor's value of these.
    EDITOR_FIELDS = (
        "title", "published_on", "published_time", "source", "language", "review_status", "url", "issued_by"
    )

    title = models.CharField(max_length=500)
    title_derived = models.BooleanField(
        default=False, help_text="The text had no headline; the title was made from its opening words."
    )
    body = models.TextField(help_text="Clean article text: credits, captions, counters and footers removed.")
    raw_text = models.TextField(help_text="Exactly the text that was imported, as decoded. Never edited.")
    language = models.CharField(max_length=5, choices=Language.choices, db_index=True)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    published_time = models.TimeField(null=True, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    url = models.URLField(max_length=1000, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    photo_credit = models.CharField(max_length=500, blank=True)
    captions = models.TextField(blank=True, help_text="Image captions found in the text, one per line.")
    read_count = models.PositiveIntegerField(null=True, blank=True)
    footer = models.TextField(blank=True, help_text="Promotional footer removed from the body.")
    origin = models.CharField(
        max_length=1000, db_index=True,
        help_text="The file the text was first imported from, as a path relative to the import root.",
    )
    script = models.CharField(max_length=4, choices=Script.choices, blank=True)
    issued_by = models.CharField(
        max_length=300, blank=True, help_text="For a press release: the body that issued it."
    )
    encoding = models.CharField(max_length=40, blank=True)
    # Syndicated copies (archive.text.copies): written by the importer and after body edits, never by a form.
    copy_signature = models.BinaryField(
        blank=True, default=b"", editable=False,
        help_text="MinHash of the body's word shingles (uint32: shingle count, then the hash values); "
                  "empty for a text too short to compare or not yet computed (manage.py cluster_copies).",
    )
    cluster = models.ForeignKey(
        CopyCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", editable=False,
        help_text="The copies of this text published elsewhere in the archive; empty when it has none.",
    )
    checksum = models.CharField(max_length=64, unique=True, help_text="SHA-256 of raw_text (UTF-8).")
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.AUTO, db_index=True
    )
    review_notes = models.TextField(blank=True, help_text="Why the importer was unsure, one reason per line.")
    edited_fields = models.JSONField(
        default=list, blank=True, editable=False,
        help_text="Fields an editor changed (of EDITOR_FIELDS); a re-import of a changed text keeps their values.",
    )

    objects = ArticleQuerySet.as_manager()
    # raw_text: large, copying it into every revision doubles the DB; the copy fields are derived from the body.
    history = HistoricalRecords(excluded_fields=["raw_text", "copy_signature", "cluster"])

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        indexes = [
            models.Index(fields=["language", "published_on"]),
            # The last change to any article, for storing.syndication's cache check: a lookup, not a scan.
            models.Index(fields=["updated_at"], name="archive_article_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:article_detail", args=[self.pk])

    @property
    def needs_review(self) -> bool:
        return self.review_status == ReviewStatus.NEEDS_REVIEW

    def mark_edited(self, fields) -> None:
        """Record that an editor set these fields (those of EDITOR_FIELDS count): a re-import keeps them."""
        self.edited_fields = sorted({*self.edited_fields, *(set(fields) & set(self.EDITOR_FIELDS))})


class ArticleOrigin(models.Model):
    """A file an article's text was imported from, by its path relative to the import root.

    The path is a text's identity across imports: a changed text at a known path updates its article; the same
    text at a second path is the same article, with two origins. Two files with one name in different folders are
    two paths, so two articles.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="origins")
    path = models.CharField(max_length=1000, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.path


class NamedEntity(TimeStamped):
    """Shared shape of people and organisations: a canonical name, a slug, a description."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name)
        super().save(*args, **kwargs)

    def add_alias(self, name: str) -> None:
        name = " ".join(name.split())[:300]
        if name and not self.aliases.filter(name=name).exists():
            self.aliases.create(name=name)


def spelled_like(value: str) -> models.Q:
    """Entities with a spelling that holds every word of `value` in any script or case (Tokayev, токаев and
    ТОҚАЕВ all find Қасым-Жомарт Тоқаев: the words are compared on their match keys), or whose name or a spelling
    contains `value` as typed (a part of a word: «Тока»)."""
    typed = models.Q(name__icontains=value) | models.Q(aliases__name__icontains=value)
    words = entity_key(value).split()
    if not words:
        return typed
    every_word = models.Q()
    for word in words:  # one condition on one alias row: all the words in the same spelling
        every_word &= models.Q(aliases__key__regex=rf"(^| ){re.escape(word)}( |$)")
    return typed | every_word


class NamedEntityQuerySet(models.QuerySet):
    def spelled_like(self, value: str):
        """See spelled_like(); distinct, as one entity has many spellings."""
        return self.filter(spelled_like(value)).distinct()

    def matching(self, name: str):
        """The entity known by `name` in any script or case, or None.

        An alias with the same match key wins; a lone surname («Ашимбаев») matches when exactly one entity has
        a multi-word alias ending in it.
        """
        key = entity_key(name)
        exact = self.filter(aliases__key=key).order_by("pk").first()
        if exact is not None or not key or " " in key:
            return exact
        candidates = list(self.filter(aliases__key__endswith=f" {key}").values_list("pk", flat=True).distinct()[:2])
        return self.get(pk=candidates[0]) if len(candidates) == 1 else None


class Person(NamedEntity):
    role = models.CharField(max_length=300, blank=True, help_text="Most recent role stated in the press.")

    objects = NamedEntityQuerySet.as_manager()

    class Meta(NamedEntity.Meta):
        verbose_name_plural = "people"

    def get_absolute_url(self) -> str:
        return reverse("archive:person_detail", args=[self.slug])


class Organisation(NamedEntity):
    abbreviation = models.CharField(max_length=50, blank=True)

    objects = NamedEntityQuerySet.as_manager()

    def get_absolute_url(self) -> str:
        return reverse("archive:organisation_detail", args=[self.slug])


def entity_key(name: str) -> str:
    """The match key of a name: equal for Токаев / Тоқаев / Tokayev / Токаева (see archive.text.names)."""
    return name_search_key(name)[:300]


class Alias(AtomicWrites):
    """A spelling seen in the press; `key` is its script- and case-independent match key."""

    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True, editable=False)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = entity_key(self.name)
        super().save(*args, **kwargs)


class PersonAlias(Alias):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="unique_person_alias")]
        verbose_name_plural = "person aliases"


class OrganisationAlias(Alias):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_organisation_alias")]
        verbose_name_plural = "organisation aliases"


class EventKind(models.TextChoices):
    ROUND_TABLE = "round_table", "round table"
    MEETING = "meeting", "meeting"
    SESSION = "session", "session"
    REFERENDUM = "referendum", "referendum"
    PRESENTATION = "presentation", "presentation"
    OTHER = "other", "other"


class Event(TimeStamped):
    title = models.CharField(max_length=500)
    title_ru = models.CharField(max_length=500, blank=True, help_text="The title in Russian.")
    title_kk = models.CharField(max_length=500, blank=True, help_text="The title in Kazakh.")
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    key = models.CharField(
        max_length=200, blank=True, help_text="Identity across articles, e.g. referendum-2026-03-15 (importer)."
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    articles = models.ManyToManyField(Article, blank=True, related_name="events")
    participants = models.ManyToManyField(Person, blank=True, related_name="events")
    history = HistoricalRecords(m2m_fields=[articles, participants])

    class Meta:
        ordering = [models.F("starts_on").desc(nulls_last=True), "title"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="unique_event_key"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Event, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:event_detail", args=[self.slug])


class ExtractionStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed by the importer"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"


class Mention(AtomicWrites):
    """An entity named in an article: the form seen in the text and the role the text states."""

    surface = models.CharField(max_length=300, help_text="The words as they stand in the text.")
    role = models.CharField(max_length=300, blank=True, help_text="e.g. «депутат Мажилиса»")
    confidence = models.FloatField(default=1.0)
    status = models.CharField(max_length=20, choices=ExtractionStatus.choices, default=ExtractionStatus.PROPOSED)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.surface


class PersonMention(Mention):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "person", "surface"], name="unique_person_mention")
        ]


class OrganisationMention(Mention):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="organisation_mentions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organisation", "surface"], name="unique_organisation_mention"
            )
        ]


class Quote(AtomicWrites):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    text = models.TextField()
    position = models.PositiveIntegerField(default=0, help_text="Character offset of the quote in the body.")
    confidence = models.FloatField(default=1.0)
    status = models.CharField(max_length=20, choices=ExtractionStatus.choices, default=ExtractionStatus.PROPOSED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class RedirectKind(models.TextChoices):
    PERSON = "person", "person"
    ORGANISATION = "organisation", "organisation"
    EVENT = "event", "event"


class SlugRedirect(models.Model):
    """The slug of a record merged into another: its old page answers 301 to the survivor's (archive.redirects).

    Written in the merge's transaction; a later merge of the survivor re-points these rows, so every old slug
    leads to the final survivor in one step. No foreign key: the three kinds live in three tables.
    """

    kind = models.CharField(max_length=20, choices=RedirectKind.choices)
    old_slug = models.CharField(max_length=120)
    target_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_slug_redirect")]

    def __str__(self) -> str:
        return f"{self.kind} {self.old_slug} → {self.target_id}"


class IndexOutbox(models.Model):
    """A change the search index has not seen yet.

    Written in the same transaction as the change (by signal receivers in archive.search), applied and deleted
    after commit by whichever process gets the index's write lock. A row outlives a crash or a locked index, so
    the index always catches up with the database. No foreign key: a deleted article still needs its row.
    """

    article_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "pending index update"

    def __str__(self) -> str:
        return f"article {self.article_id}"


# ---------------------------------------------------------------------------------------------------------------
# What a signed-in researcher keeps: saved searches (with a private feed) and collections of articles
# ---------------------------------------------------------------------------------------------------------------


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    """A search a user named and keeps: its query string (q, filters, dates, sort) and a private feed token."""

    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    query = models.CharField(max_length=2000, blank=True, help_text="The search's URL query string.")
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "saved searches"

    def __str__(self) -> str:
        return self.name

    def search_url(self) -> str:
        return reverse("archive:search") + (f"?{self.query}" if self.query else "")


class Collection(models.Model):
    """A user's named set of articles, each with a note."""

    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:collection_detail", args=[self.pk])


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["collection", "article"], name="unique_collection_article")]

    def __str__(self) -> str:
        return f"{self.collection}: {self.article_id}"


# ---------------------------------------------------------------------------------------------------------------
# The PostgreSQL search backend's tables (SEARCH_BACKEND=postgres, archive/search/pg/). They exist on every
# database so that migrations stay one list, but only PostgreSQL fills them; the column types below are
# PostgreSQL's there and plain text elsewhere. The GIN indexes and the stamp sequence are made by the migration on
# PostgreSQL only.
# ---------------------------------------------------------------------------------------------------------------


class _PostgresTypeField(models.TextField):
    """A column of a PostgreSQL type (`pg_type`), plain text on other databases (where nothing writes it)."""

    pg_type = "text"

    def db_type(self, connection):
        return self.pg_type if connection.vendor == "postgresql" else "text"


class TsVectorField(_PostgresTypeField):
    pg_type = "tsvector"


class TextArrayField(_PostgresTypeField):
    pg_type = "text[]"


class ByteOrderTextField(_PostgresTypeField):
    """Text compared byte by byte (COLLATE "C"): prefix ranges on a btree, in the order Whoosh lists terms."""

    pg_type = 'text COLLATE "C"'


class SearchDocument(models.Model):
    """One article as the PostgreSQL search backend finds it: its analysed terms (field code:term, with positions)
    and its facet values. Written in the same transaction as the article (archive.search.pg.writing)."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="+")
    terms = TsVectorField()
    # The title fields' lexemes alone: small enough to stay in the row, so a first ranking of many matches reads
    # no out-of-line tsvector (archive.search.pg.engine).
    title_terms = TsVectorField(default="")
    language = models.CharField(max_length=8, blank=True)
    month = models.CharField(max_length=7, blank=True)
    source = models.CharField(max_length=200, blank=True)
    people = TextArrayField()
    organisations = TextArrayField()
    events = TextArrayField()
    published_on = models.DateField(null=True)
    cluster = models.BigIntegerField(default=0)
    content_hash = models.CharField(max_length=40)
    stamp = models.BigIntegerField(default=0)  # from a sequence at each write: the index version is made of them

    def __str__(self) -> str:
        return f"search document {self.article_id}"


class SearchTerm(models.Model):
    """Every term some document had (field code, term): wildcards and ~ expand against it, as Whoosh's term list.
    Terms are added, never removed (a stale one expands to nothing); `rebuild_index` starts it afresh."""

    field = models.CharField(max_length=16)
    term = ByteOrderTextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["field", "term"], name="unique_search_term")]

    def __str__(self) -> str:
        return f"{self.field}:{self.term}"
