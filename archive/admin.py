"""Curation in the Django admin. Every save goes through the ORM, so it reaches the search index like any write."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count

from .models import (
    Article,
    Event,
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
class ArticleAdmin(admin.ModelAdmin):
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
        # Saved one by one (not queryset.update) so that every change reaches the search index.
        for article in queryset:
            article.review_status = ReviewStatus.APPROVED
            article.save(update_fields=["review_status", "updated_at"])
        self.message_user(request, f"{queryset.count()} articles approved.")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
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


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1
    fields = ["name", "key"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "mention_count"]
    search_fields = ["name", "aliases__name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mention_count=Count("mentions", distinct=True))

    @admin.display(ordering="mention_count")
    def mention_count(self, obj) -> int:
        return obj.mention_count


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "place"]
    list_filter = ["kind", ("starts_on", admin.DateFieldListFilter)]
    search_fields = ["title", "place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["articles", "participants"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["text", "speaker", "article", "status", "confidence"]
    list_filter = ["status"]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["speaker", "article"]
