"""Curation in the Django admin.

Every save goes through the ORM, so it reaches the search index (outbox) and the history (who, when) like any
write. Bulk actions save object by object for the same reason, never with queryset.update().
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from . import curation
from .models import (
    LOW_CONFIDENCE,
    Article,
    Event,
    ExtractionStatus,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Quote,
    ReviewStatus,
    Source,
)

REVIEW_ITEMS_SHOWN = 50


def _set_status(queryset, status: str) -> int:
    count = 0
    for item in queryset:
        item.status = status
        item.save(update_fields=["status"])
        count += 1
    return count


class ConfidenceFilter(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"

    def lookups(self, request, model_admin):
        return [("low", f"low (< {LOW_CONFIDENCE})"), ("high", "high")]

    def queryset(self, request, queryset):
        if self.value() == "low":
            return queryset.filter(confidence__lt=LOW_CONFIDENCE)
        if self.value() == "high":
            return queryset.filter(confidence__gte=LOW_CONFIDENCE)
        return queryset


class ExtractionAdmin(SimpleHistoryAdmin):
    """Approve / reject for what the importer proposed about an entity; subclasses name the fields."""

    entity_field = ""  # the person, organisation or speaker
    text_field = "surface"  # the words the importer saw
    extra_columns: list[str] = []
    list_filter = ["status", ConfidenceFilter]
    actions = ["approve", "reject"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        entity, text = cls.entity_field, cls.text_field
        cls.list_display = [text, entity, *cls.extra_columns, "article", "status", "confidence"]
        cls.search_fields = [text, f"{entity}__name", *cls.extra_columns]
        cls.autocomplete_fields = [entity, "article"]
        cls.list_select_related = [entity, "article"]

    @admin.action(description="Approve selected")
    def approve(self, request, queryset):
        self.message_user(request, f"{_set_status(queryset, ExtractionStatus.APPROVED)} approved.")

    @admin.action(description="Reject selected (the importer will not propose them again)")
    def reject(self, request, queryset):
        self.message_user(request, f"{_set_status(queryset, ExtractionStatus.REJECTED)} rejected.")


class PersonMentionInline(admin.TabularInline):
    model = PersonMention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "surface", "role", "status", "confidence"]


class OrganisationMentionInline(admin.TabularInline):
    model = OrganisationMention
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "surface", "role", "status", "confidence"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "text", "status", "confidence", "position"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "published_on", "language", "source", "review_status", "origin", "updated_at"]
    list_filter = ["language", "review_status", ("published_on", admin.DateFieldListFilter), "source"]
    search_fields = ["title", "body", "origin", "byline"]
    date_hierarchy = "published_on"
    list_select_related = ["source"]
    list_per_page = 50
    autocomplete_fields = ["source"]
    readonly_fields = ["raw_text", "checksum", "origin", "encoding", "created_at", "updated_at"]
    actions = ["approve"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, chosen now
    inlines = [PersonMentionInline, OrganisationMentionInline, QuoteInline]
    fieldsets = [
        (None, {"fields": ["title", "title_derived", "published_on", "published_time", "language", "source"]}),
        ("Review", {"fields": ["review_status", "review_notes"]}),
        ("Text", {"fields": ["body"]}),
        ("Moved out of the text", {"fields": ["byline", "photo_credit", "captions", "read_count", "footer", "url"]}),
        ("As imported", {"classes": ["collapse"],
                         "fields": ["origin", "encoding", "checksum", "raw_text", "created_at", "updated_at"]}),
    ]

    @admin.action(description="Mark selected articles as approved")
    def approve(self, request, queryset):
        for article in queryset:
            article.review_status = ReviewStatus.APPROVED
            article.save(update_fields=["review_status", "updated_at"])
        self.message_user(request, f"{queryset.count()} articles approved.")

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_queue_view)
        return [path("review/", review, name="archive_review_queue"), *super().get_urls()]

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        """What waits for an editor: unsure articles and low-confidence extractions, with approve / reject."""
        if request.method == "POST":
            return self._decide(request)
        low = Q(status=ExtractionStatus.PROPOSED, confidence__lt=LOW_CONFIDENCE)
        context = {
            **self.admin_site.each_context(request),
            "title": "Review queue",
            "articles": Article.objects.needing_review().select_related("source")[:REVIEW_ITEMS_SHOWN],
            "article_count": Article.objects.needing_review().count(),
            "person_mentions": PersonMention.objects.filter(low).select_related(
                "person", "article")[:REVIEW_ITEMS_SHOWN],
            "organisation_mentions": OrganisationMention.objects.filter(low).select_related(
                "organisation", "article")[:REVIEW_ITEMS_SHOWN],
            "quotes": Quote.objects.filter(low).select_related("speaker", "article")[:REVIEW_ITEMS_SHOWN],
        }
        return TemplateResponse(request, "admin/archive/review_queue.html", context)

    def _decide(self, request: HttpRequest) -> HttpResponse:
        models_by_kind = {"person_mention": PersonMention, "organisation_mention": OrganisationMention, "quote": Quote}
        model = models_by_kind.get(request.POST.get("kind", ""))
        decision = {"approve": ExtractionStatus.APPROVED, "reject": ExtractionStatus.REJECTED}.get(
            request.POST.get("decision", ""))
        if model is None or decision is None or not self.has_change_permission(request):
            messages.error(request, "That decision could not be applied.")
        else:
            item = get_object_or_404(model, pk=request.POST.get("pk"))
            _set_status([item], decision)
            messages.success(request, f"{decision.label}: {item}")
        return HttpResponseRedirect(reverse("admin:archive_review_queue"))


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "domain", "default_language", "article_count"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count")
    def article_count(self, obj) -> int:
        return obj.article_count


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


class MergeAdminMixin:
    """An action that folds the selected records into one the editor picks on a confirmation page."""

    actions = ["merge"]

    @admin.action(description="Merge selected into one…")
    def merge(self, request, queryset):
        if len(queryset) < 2:
            self.message_user(request, "Select at least two to merge.", messages.WARNING)
            return None
        if request.POST.get("target"):
            target = queryset.get(pk=request.POST["target"])
            merged = curation.merge_entities(target, [o for o in queryset if o.pk != target.pk])
            self.message_user(request, f"Merged {merged} into «{target}»; every alias and mention kept.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "objects": queryset.annotate(mention_total=Count("mentions")),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/archive/merge.html", context)


@admin.register(Person)
class PersonAdmin(MergeAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "role", "mention_count", "alias_list"]
    search_fields = ["name", "aliases__name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]

    def get_queryset(self, request):
        return (super().get_queryset(request).annotate(mention_count=Count("mentions", distinct=True))
                .prefetch_related("aliases"))

    @admin.display(ordering="mention_count")
    def mention_count(self, obj) -> int:
        return obj.mention_count

    @admin.display(description="aliases")
    def alias_list(self, obj) -> str:
        return ", ".join(alias.name for alias in obj.aliases.all())


@admin.register(Organisation)
class OrganisationAdmin(MergeAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "mention_count"]
    search_fields = ["name", "abbreviation", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mention_count=Count("mentions", distinct=True))

    @admin.display(ordering="mention_count")
    def mention_count(self, obj) -> int:
        return obj.mention_count


@admin.register(PersonAlias)
class PersonAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "person", "key"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["key"]
    actions = ["split_off"]

    @admin.action(description="Split selected spellings off into people of their own")
    def split_off(self, request, queryset):
        created = [curation.split_alias(alias) for alias in queryset.select_related("person")]
        self.message_user(request, "New people: " + ", ".join(person.name for person in created))


@admin.register(PersonMention)
class PersonMentionAdmin(ExtractionAdmin):
    entity_field, text_field, extra_columns = "person", "surface", ["role"]


@admin.register(OrganisationMention)
class OrganisationMentionAdmin(ExtractionAdmin):
    entity_field, text_field = "organisation", "surface"


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_on", "place", "key"]
    list_filter = ["kind", ("starts_on", admin.DateFieldListFilter)]
    search_fields = ["title", "place", "key"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["articles", "participants"]


@admin.register(Quote)
class QuoteAdmin(ExtractionAdmin):
    entity_field, text_field = "speaker", "text"
