"""FilterSets for the browse pages (GET parameters in, QuerySet out)."""

from __future__ import annotations

import django_filters
from django import forms

from .models import Article, Language, ReviewStatus, Source


class ArticleFilter(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(choices=Language.choices, empty_label="any language")
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), to_field_name="slug", empty_label="any source"
    )
    date_from = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="to", widget=forms.DateInput(attrs={"type": "date"})
    )
    review_status = django_filters.ChoiceFilter(choices=ReviewStatus.choices, empty_label="any status")

    class Meta:
        model = Article
        fields = ["language", "source", "date_from", "date_to", "review_status"]
