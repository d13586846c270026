"""GET parameters of the search page → a SearchRequest (and readable errors for what cannot be used)."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from archive.search import FACETS, SORTS, SearchRequest

MAX_VALUES_PER_FACET = 20
MAX_VALUE_CHARS = 200
PAGE_SIZE = 20
EXCLUDE_PREFIX = "not_"


def _facet_values(data: QueryDict, prefix: str) -> dict[str, tuple[str, ...]]:
    """facet → its distinct values in `data` under `prefix + facet`, each cut to size, at most a few per facet."""
    found = {}
    for facet in FACETS:
        values = tuple(dict.fromkeys(v[:MAX_VALUE_CHARS] for v in data.getlist(prefix + facet) if v))
        if values:
            found[facet] = values[:MAX_VALUES_PER_FACET]
    return found


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True, label="Search")
    date_from = forms.DateField(required=False, label="from", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in SORTS], widget=forms.Select(attrs={"aria-label": "sort"})
    )
    page = forms.IntegerField(required=False, min_value=1)
    collapse = forms.BooleanField(required=False, label="group syndicated copies")  # collapse=1
    format = forms.ChoiceField(required=False, choices=[(f, f) for f in (
        "html", "json", "csv", "jsonl", "atom", "bibtex", "ris", "csljson")])
    fulltext = forms.BooleanField(required=False)  # fulltext=1: exports carry each article's whole text

    def __init__(self, data: QueryDict, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.facet_filters = _facet_values(data, "")
        self.facet_exclusions = _facet_values(data, EXCLUDE_PREFIX)  # not_source=…: articles without that value

    def error_messages(self) -> list[str]:
        return [f"{name}: {error}" for name, errors in self.errors.items() for error in errors]

    def search_request(self) -> SearchRequest:
        """What can be used of the input; invalid fields are left out (and reported by error_messages()). A date
        range that ends before it starts is passed on as it is: the search refuses it with a message (page, JSON,
        CSV) rather than run on another range."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return SearchRequest(
            q=data.get("q") or "",
            filters=self.facet_filters,
            exclusions=self.facet_exclusions,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),  # kept even before date_from: the search answers why it cannot run
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=PAGE_SIZE,
            collapse=bool(data.get("collapse")),
            expanded=self.expanded_facet,
            facet_query=(self.data.get("more_q") or "")[:MAX_VALUE_CHARS] if self.expanded_facet else "",
        )

    @property
    def expanded_facet(self) -> str:
        """`more=<facet>`: that facet listed whole («show all»), narrowed by `more_q`."""
        facet = self.data.get("more", "")
        return facet if facet in FACETS else ""

    @property
    def output_format(self) -> str:
        return (self.cleaned_data.get("format") if hasattr(self, "cleaned_data") else None) or "html"
