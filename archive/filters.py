"""FilterSets for the browse pages (GET parameters in, QuerySet out)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Article, Event, EventKind, Language, Organisation, Person, ReviewStatus, Source, spelled_like


class ArticleFilter(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(choices=Language.choices, empty_label=_("any language"))
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), to_field_name="slug", empty_label=_("any source")
    )
    date_from = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    review_status = django_filters.ChoiceFilter(choices=ReviewStatus.choices, empty_label=_("any status"))

    class Meta:
        model = Article
        fields = ["language", "source", "date_from", "date_to", "review_status"]


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", label=_("name or spelling"))
    role = django_filters.CharFilter(lookup_expr="icontains", label=_("role"))
    language = django_filters.ChoiceFilter(
        field_name="mentions__article__language", choices=Language.choices, empty_label=_("any language"),
        label=_("named in"), distinct=True,
    )

    class Meta:
        model = Person
        fields = ["name", "role", "language"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(spelled_like(value)).distinct()


class OrganisationFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", label=_("name or abbreviation"))

    class Meta:
        model = Organisation
        fields = ["name"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(spelled_like(value) | Q(abbreviation__icontains=value)).distinct()


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, empty_label=_("any kind"))
    date_from = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Event
        fields = ["kind", "date_from", "date_to"]
