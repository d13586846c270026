"""Curation in the Django admin.

Every save goes through the ORM, so it reaches the search index (outbox) and the history (who, when) like any
write. Bulk actions save object by object for the same reason, never with queryset.update().

A save changes only what the editor changed (CarefulSaveMixin): a form posted back unchanged writes nothing and
records no history, and a form opened before someone else's save is refused (the record's version), not
applied over theirs.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.db.models import Count, Q
from django.forms.models import InlineForeignKeyField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import curation
from .ingest import Outcome, add_text
from .models import (
    LOW_CONFIDENCE,
    Article,
    ArticleOrigin,
    Event,
    ExtractionStatus,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Quote,
    Source,
    StaleEdit,
    spelled_like,
)

REVIEW_ITEMS_SHOWN = 50


class NewlineTextarea(AdminTextareaWidget):
    """A textarea whose posted \r\n line breaks are read as the \n the stored text uses.

    Browsers submit every line break of a textarea as \r\n (HTML's form submission rules). Taken as posted,
    opening an article and saving it would add a \r to each line of the body and record a change nobody made.
    A stored text that itself has \r\n keeps what is posted (`keep_crlf`, set by CarefulForm).
    """

    keep_crlf = False

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) and not self.keep_crlf else value


LARGEST_KEY = 2**63 - 1  # keys are 64-bit: a larger number posted for a choice names no row


def _past_any_key(value) -> bool:
    """A posted number no 64-bit key can be (SQLite raises OverflowError on it in a query)."""
    text = str(value).strip()
    return text.lstrip("-").isdigit() and abs(int(text)) > LARGEST_KEY


def _keys_in_range(field: forms.ModelChoiceField):
    """`field.clean`, refusing numbers past any 64-bit key before they reach the query (SQLite raises
    OverflowError on them: a 500 instead of the field's own «not a valid choice»)."""
    clean = field.clean

    def checked(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            if _past_any_key(item):
                if isinstance(field, forms.ModelMultipleChoiceField):
                    raise ValidationError(field.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": str(item).strip()})  # fmt: skip
                raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")
        return clean(value)

    return checked


class CarefulForm(forms.ModelForm):
    """Reads textareas as the stored text writes line breaks, refuses an edit of a version since replaced, and a
    choice numbered past any key."""

    reverting = False  # a history «revert» form: its instance is an old revision's copy (CarefulSaveMixin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, NewlineTextarea):
                field.widget.keep_crlf = "\r\n" in str(self.initial.get(name) or "")
            if isinstance(field, forms.ModelChoiceField):  # self.fields are this form's own copies
                field.clean = _keys_in_range(field)
        if "version" in self.fields and self.instance.pk is not None and self.reverting:
            # The version stored now, not the old revision's. Any other form keeps its copy's version, read in the
            # same statement as the values it shows: a version read again here could already include a save
            # committed after those values were read, and the form would then overwrite that save unrefused.
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            self.initial["version"] = stored.first() or 0

    def clean(self):
        cleaned = super().clean()
        if "version" not in self.fields:
            return cleaned
        if cleaned.get("version") is None:  # not posted: the save still checks against the version read
            cleaned["version"] = self.initial.get("version", 0)
        elif self.instance.pk is not None and cleaned["version"] != self.initial["version"]:
            raise ValidationError(str(StaleEdit(self.instance)), code="stale")
        return cleaned

    def validate_unique(self):
        super().validate_unique()
        # An inline row's constraints naming its parent (one spelling once per person) are skipped by Django: the
        # parent's key is left out of the model's own check, and validate_unique reads only unique_together. A row
        # repeating a stored spelling is a form error here, not an IntegrityError at save.
        if any(isinstance(field, InlineForeignKeyField) for field in self.fields.values()):
            try:
                self.instance.validate_constraints(exclude=self._get_validation_exclusions())
            except ValidationError as error:
                self._update_errors(error)


def editor_changes(form: forms.ModelForm) -> list[str]:
    """The fields the editor changed (the version carried by the form is not one)."""
    return [name for name in form.changed_data if name != "version"]


class ValidChoicesOnly:
    """An autocomplete widget that re-renders only the posted values its related field can hold. Django's own
    filters the related table by whatever was posted: a non-number for an integer key raised ValueError, and a
    number past 64 bits OverflowError on SQLite, a 500 instead of the form's «Select a valid choice» (found by
    tests/test_fuzz_admin.py)."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        kept = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            if not _past_any_key(item):
                kept.append(item)
        return super().optgroups(name, kept, attr)


class SafeAutocompleteSelect(ValidChoicesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidChoicesOnly, AutocompleteSelectMultiple):
    pass


SAFE_AUTOCOMPLETE = {AutocompleteSelect: SafeAutocompleteSelect,
                     AutocompleteSelectMultiple: SafeAutocompleteSelectMultiple}  # fmt: skip


class CarefulFieldsMixin:
    """Text fields read with NewlineTextarea and kept exactly (no stripping); the version as a hidden field;
    autocomplete widgets that survive a posted value of the wrong type."""

    form = CarefulForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
        if isinstance(db_field, models.TextField):
            kwargs.update(widget=NewlineTextarea, strip=False)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        inner = getattr(widget, "widget", widget)  # inside the admin's «add another» wrapper
        if type(inner) in SAFE_AUTOCOMPLETE:
            inner.__class__ = SAFE_AUTOCOMPLETE[type(inner)]
        return formfield


class CarefulSaveMixin(CarefulFieldsMixin):
    """For the admins of versioned records: save only what changed; a stale save is a message, never a 500."""

    @staticmethod
    def _unchanged(request, form, change) -> bool:
        # A history «revert» form is compared with the old revision it shows, not with the stored record: it saves.
        return change and not editor_changes(form) and not getattr(request, "reverting", False)

    def save_model(self, request, obj, form, change):
        if self._unchanged(request, form, change):
            return  # nothing to write: no new version, no history record, no re-index
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if self._unchanged(request, form, change):
            for formset in formsets:  # they save only their changed forms
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "reverting", False):
            form = type(form.__name__, (form,), {"reverting": True})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:  # saved by someone else between this form's check and its save
            self.message_user(request, str(stale), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        except IntegrityError:  # a row the form checked was written by someone else before this save: rolled back
            self.message_user(request, _("Not saved: a record saved meanwhile conflicts with this one (the same "
                                         "spelling or address). Nothing was changed; check the form and save again."),
                              messages.ERROR)  # fmt: skip
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting = True
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except StaleEdit as stale:
            self.message_user(request, str(stale), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


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


class ExtractionAdmin(CarefulSaveMixin, SimpleHistoryAdmin):
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

    @admin.action(description=gettext_lazy("Approve selected"))
    def approve(self, request, queryset):
        approved = _set_status(queryset, ExtractionStatus.APPROVED)
        self.message_user(request, ngettext("%(count)s approved.", "%(count)s approved.", approved)
                          % {"count": approved})  # fmt: skip

    @admin.action(description=gettext_lazy("Reject selected (the importer will not propose them again)"))
    def reject(self, request, queryset):
        rejected = _set_status(queryset, ExtractionStatus.REJECTED)
        self.message_user(request, ngettext("%(count)s rejected.", "%(count)s rejected.", rejected)
                          % {"count": rejected})  # fmt: skip


class CarefulInline(CarefulFieldsMixin, admin.TabularInline):
    pass


class ArticleOriginInline(admin.TabularInline):
    """The files the text was imported from: the importer's record, shown, never edited by hand."""

    model = ArticleOrigin
    extra = 0
    fields = readonly_fields = ["path", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PersonMentionInline(CarefulInline):
    model = PersonMention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "surface", "role", "status", "confidence"]


class OrganisationMentionInline(CarefulInline):
    model = OrganisationMention
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "surface", "role", "status", "confidence"]


class QuoteInline(CarefulFieldsMixin, admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "text", "status", "confidence", "position"]


class AddTextForm(forms.Form):
    """«Add article»: a text pasted or a file uploaded, imported by the importer itself."""

    text = forms.CharField(required=False, strip=False, widget=NewlineTextarea(attrs={"rows": 20}),
                           label=gettext_lazy("Text"),
                           help_text=gettext_lazy("Paste the article as it was published: date line, headline, text."))
    file = forms.FileField(required=False, label=gettext_lazy("File"),
                           help_text=gettext_lazy("Or a file: plain text or HTML, UTF-8 or Windows-1251."))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("file"):
            raise ValidationError(_("Paste a text or choose a file."))
        return cleaned


@admin.register(Article)
class ArticleAdmin(CarefulSaveMixin, SimpleHistoryAdmin):
    list_display = ["title", "published_on", "language", "source", "review_status", "origin", "updated_at"]
    list_filter = ["language", "review_status", ("published_on", admin.DateFieldListFilter), "source"]
    search_fields = ["title", "body", "origin", "byline"]
    date_hierarchy = "published_on"
    list_select_related = ["source"]
    list_per_page = 50
    autocomplete_fields = ["source"]
    readonly_fields = ["raw_text", "checksum", "origin", "encoding", "edited_fields", "created_at", "updated_at"]
    actions = ["approve"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, chosen now
    inlines = [ArticleOriginInline, PersonMentionInline, OrganisationMentionInline, QuoteInline]
    fieldsets = [
        (None, {"fields": ["title", "title_derived", "published_on", "published_time", "language", "source",
                           "issued_by", "url", "version"]}),
        (gettext_lazy("Review"), {"fields": ["review_status", "review_notes", "edited_fields"]}),
        (gettext_lazy("Text"), {"fields": ["body"]}),
        (gettext_lazy("Moved out of the text"),
         {"fields": ["byline", "photo_credit", "captions", "read_count", "footer"]}),
        (gettext_lazy("As imported"), {"classes": ["collapse"],
                         "fields": ["origin", "encoding", "checksum", "raw_text", "created_at", "updated_at"]}),
    ]

    @admin.action(description=gettext_lazy("Mark selected articles as approved"))
    def approve(self, request, queryset):
        for article in queryset:
            curation.approve_article(article)
        count = queryset.count()
        self.message_user(request, ngettext("%(count)s article approved.", "%(count)s articles approved.", count)
                          % {"count": count})  # fmt: skip

    def save_model(self, request, obj, form, change):
        if change and editor_changes(form):
            curation.record_article_edit(obj, editor_changes(form))
        super().save_model(request, obj, form, change)

    def add_view(self, request: HttpRequest, form_url="", extra_context=None) -> HttpResponse:
        """Add articles the way the importer does: pasted or uploaded text is parsed, extracted and stored.

        (The model form would store an article with no raw text, checksum or origin, and a second one would
        break the unique checksum.)
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddTextForm(request.POST, request.FILES) if request.method == "POST" else AddTextForm()
        if form.is_bound and form.is_valid():
            added = [article_id for field, data, origin in self._texts(request, form)
                     if (article_id := self._add(request, form, field, data, origin))]
            if form.is_valid():  # no text refused
                url = reverse("admin:archive_article_change", args=[added[0]]) if len(added) == 1 else reverse(
                    "admin:archive_article_changelist")
                return HttpResponseRedirect(url)
        context = {**self.admin_site.each_context(request), "title": _("Add article"), "form": form,
                   "opts": self.model._meta, "media": self.media + form.media}
        return TemplateResponse(request, "admin/archive/article/add_text.html", context)

    @staticmethod
    def _texts(request: HttpRequest, form: AddTextForm) -> list[tuple[str, bytes, str]]:
        """(form field, bytes, origin) of each text given; the origin is the article's identity, as a path is."""
        texts = []
        if upload := form.cleaned_data.get("file"):
            texts.append(("file", upload.read(), f"upload:{upload.name}"))
        if text := form.cleaned_data.get("text"):
            stamp = f"{timezone.localtime():%Y-%m-%dT%H:%M:%S.%f}"
            texts.append(("text", text.encode("utf-8"), f"admin:{request.user.get_username()}:{stamp}"))
        return texts

    def _add(self, request: HttpRequest, form: AddTextForm, field: str, data: bytes, origin: str) -> int | None:
        result = add_text(data, origin=origin)
        if result.outcome is Outcome.IMPORTED:
            reasons = "; ".join(result.parsed.review_reasons)
            message = _("Imported as article %(id)s: «%(title)s»") % {"id": result.article_id,
                                                                      "title": result.parsed.title}
            if reasons:
                message += " " + _("(to review: %(reasons)s)") % {"reasons": reasons}
            self.message_user(request, message, messages.SUCCESS)
            return result.article_id
        if result.outcome is Outcome.UNCHANGED:
            url = reverse("admin:archive_article_change", args=[result.article_id])
            form.add_error(field, format_html(_('This text is already in the archive as <a href="{}">article {}</a>.'),
                                              url, result.article_id))
        else:
            form.add_error(field, _("Not imported: %(reason)s.") % {"reason": result.reason})
        return None

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
            "title": _("Review queue"),
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
        if request.POST.get("kind") == "article":
            return self._approve_from_queue(request)
        models_by_kind = {"person_mention": PersonMention, "organisation_mention": OrganisationMention, "quote": Quote}
        model = models_by_kind.get(request.POST.get("kind", ""))
        decision = {"approve": ExtractionStatus.APPROVED, "reject": ExtractionStatus.REJECTED}.get(
            request.POST.get("decision", ""))
        if model is None or decision is None or not self.has_change_permission(request):
            messages.error(request, _("That decision could not be applied."))
        else:
            item = get_object_or_404(model, pk=request.POST.get("pk"))
            _set_status([item], decision)
            messages.success(request, f"{decision.label}: {item}")
        return HttpResponseRedirect(reverse("admin:archive_review_queue"))

    def _approve_from_queue(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("decision") != "approve" or not self.has_change_permission(request):
            messages.error(request, _("That decision could not be applied."))
        else:
            article = get_object_or_404(Article, pk=request.POST.get("pk"))
            curation.approve_article(article)
            messages.success(request, _("Approved: %(article)s") % {"article": article})
        return HttpResponseRedirect(reverse("admin:archive_review_queue"))


@admin.register(Source)
class SourceAdmin(CarefulSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "domain", "default_language", "article_count"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count")
    def article_count(self, obj) -> int:
        return obj.article_count


class PersonAliasInline(CarefulInline):
    model = PersonAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


class OrganisationAliasInline(CarefulInline):
    model = OrganisationAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


class MergeAdminMixin:
    """An action that folds the selected records into one the editor picks on a confirmation page."""

    actions = ["merge"]
    merge_counted = "mentions"  # what the confirmation page counts for each record

    def merge_into(self, target, others) -> int:
        return curation.merge_entities(target, others)

    @admin.action(description=gettext_lazy("Merge selected into one…"))
    def merge(self, request, queryset):
        if len(queryset) < 2:
            self.message_user(request, _("Select at least two to merge."), messages.WARNING)
            return None
        if request.POST.get("target"):
            target = queryset.get(pk=request.POST["target"])
            try:
                merged = self.merge_into(target, [o for o in queryset if o.pk != target.pk])
            except StaleEdit as stale:
                self.message_user(request, str(stale), messages.ERROR)
                return None
            self.message_user(request, _("Merged %(count)s into «%(target)s»; nothing lost, their pages lead to it.")
                              % {"count": merged, "target": target})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge %(things)s") % {"things": self.model._meta.verbose_name_plural},
            "objects": queryset.annotate(counted=Count(self.merge_counted, distinct=True)),
            "counted": self.merge_counted,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/archive/merge.html", context)


class SpellingSearchMixin:
    """The admin's search box finds a person or an organisation by any spelling in any script or case, as the
    site's search does (Тоқаев, Токаев and Tokayev are one person), besides Django's own substring search."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, may_have_duplicates
        spelled = queryset.model.objects.filter(spelled_like(search_term)).values("pk")
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=spelled)), may_have_duplicates


@admin.register(Person)
class PersonAdmin(SpellingSearchMixin, MergeAdminMixin, CarefulSaveMixin, SimpleHistoryAdmin):
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

    @admin.display(description=gettext_lazy("aliases"))
    def alias_list(self, obj) -> str:
        return ", ".join(alias.name for alias in obj.aliases.all())


@admin.register(Organisation)
class OrganisationAdmin(SpellingSearchMixin, MergeAdminMixin, CarefulSaveMixin, SimpleHistoryAdmin):
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
class PersonAliasAdmin(CarefulSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "person", "key"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["key"]
    actions = ["split_off"]

    @admin.action(description=gettext_lazy("Split selected spellings off into people of their own"))
    def split_off(self, request, queryset):
        created = [curation.split_alias(alias) for alias in queryset.select_related("person")]
        self.message_user(request, _("New people: %(names)s") % {"names": ", ".join(person.name for person in created)})


@admin.register(PersonMention)
class PersonMentionAdmin(ExtractionAdmin):
    entity_field, text_field, extra_columns = "person", "surface", ["role"]


@admin.register(OrganisationMention)
class OrganisationMentionAdmin(ExtractionAdmin):
    entity_field, text_field = "organisation", "surface"


@admin.register(Event)
class EventAdmin(MergeAdminMixin, CarefulSaveMixin, SimpleHistoryAdmin):
    merge_counted = "articles"
    list_display = ["title", "kind", "starts_on", "place", "key"]
    list_filter = ["kind", ("starts_on", admin.DateFieldListFilter)]
    search_fields = ["title", "place", "key"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["articles", "participants"]

    def merge_into(self, target, others) -> int:
        return curation.merge_events(target, others)


@admin.register(Quote)
class QuoteAdmin(ExtractionAdmin):
    entity_field, text_field = "speaker", "text"
