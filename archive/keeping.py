"""What a signed-in researcher keeps: saved searches (each with a private Atom feed) and collections of articles.

Everything here belongs to one user: every query filters on `owner=request.user`, so another user's search or
collection answers 404, exactly as one that does not exist (its existence is not disclosed either). Pages that
change something take a POST with Django's CSRF token; the search and article pages, which are cached for every
visitor, only link here (a GET that shows the form), so they never carry a token.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .exports import citation, csv_header, csv_rows, export_records, original_url
from .forms import EXCLUDE_PREFIX
from .models import Article, Collection, CollectionItem, SavedSearch, new_feed_token
from .ratelimit import rate_limited
from .search import FACETS

# What a saved search keeps of the search's query string: what the search reads (forms.SearchForm: the query,
# dates, sort, grouping, each facet's chosen and left-out values), never page or format.
KEPT_PARAMETERS = frozenset({"q", "date_from", "date_to", "sort", "collapse", *FACETS,
                             *(EXCLUDE_PREFIX + facet for facet in FACETS)})


def kept_query(query: str) -> str:
    """The search parameters of a query string, in a canonical order (not_<facet> kept too)."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=False)
             if k in KEPT_PARAMETERS]
    return urlencode(sorted(pairs))[:2000]


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    query = forms.CharField(max_length=4000, required=False, widget=forms.HiddenInput)


class CollectionItemForm(forms.Form):
    collection = forms.ModelChoiceField(queryset=Collection.objects.none(), required=False,
                                        label=gettext_lazy("Collection"))
    new_collection = forms.CharField(max_length=200, required=False, label=gettext_lazy("or a new collection"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Note"))

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = Collection.objects.filter(owner=owner)

    def clean(self):
        data = super().clean()
        if not data.get("collection") and not (data.get("new_collection") or "").strip():
            raise forms.ValidationError(_("Choose a collection or name a new one."))
        return data


# --- Saved searches -------------------------------------------------------------------------------------------


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    """The user's saved searches; GET ?query=… shows the form that saves that search, POST saves it."""
    form = SavedSearchForm(request.POST or None, initial={"query": request.GET.get("query", "")})
    if request.method == "POST" and form.is_valid():
        SavedSearch.objects.create(owner=request.user, name=form.cleaned_data["name"],
                                   query=kept_query(form.cleaned_data["query"]))
        return HttpResponseRedirect(reverse("archive:saved_searches"))
    searches = [(saved, request.build_absolute_uri(reverse("archive:saved_search_feed", args=[saved.feed_token])))
                for saved in SavedSearch.objects.filter(owner=request.user)]
    return render(request, "archive/saved_searches.html", {
        "form": form, "searches": searches, "saving": bool(request.GET.get("query") or form.errors),
    })


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(SavedSearch, pk=pk, owner=request.user).delete()
    return HttpResponseRedirect(reverse("archive:saved_searches"))


@login_required
@require_POST
def saved_search_new_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """A new private feed address for the search; the old one stops answering (a leaked address is revoked)."""
    saved = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    saved.feed_token = new_feed_token()
    saved.save(update_fields=["feed_token"])
    return HttpResponseRedirect(reverse("archive:saved_searches"))


def saved_search_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The saved search's Atom feed, by its private token (a feed reader signs in to nothing): the search's own
    feed, newest first."""
    saved = SavedSearch.objects.filter(feed_token=token).first()
    if saved is None:
        raise Http404
    query = urlencode([*parse_qsl(saved.query), ("sort", "date"), ("format", "atom")])
    return HttpResponseRedirect(reverse("archive:search") + "?" + query)


# --- Collections ----------------------------------------------------------------------------------------------


@login_required
def collection_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:200]
        if name:
            collection = Collection.objects.create(owner=request.user, name=name)
            return HttpResponseRedirect(collection.get_absolute_url())
    return render(request, "archive/collections.html",
                  {"collections": Collection.objects.filter(owner=request.user).prefetch_related("items")})


@login_required
@rate_limited(lambda request: "export" if request.GET.get("format") in ("csv", "json") else None)
def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_object_or_404(Collection, pk=pk, owner=request.user)
    items = collection.items.select_related("article", "article__source")
    output = request.GET.get("format")
    if output == "csv":
        return _collection_csv(request, collection, list(items))
    if output == "json":
        return _collection_json(request, collection, list(items))
    if request.method == "POST":  # a note changed, or an article taken out
        item = get_object_or_404(CollectionItem, pk=request.POST.get("item"), collection=collection)
        if "remove" in request.POST:
            item.delete()
        else:
            item.note = request.POST.get("note", "")
            item.save(update_fields=["note"])
        return HttpResponseRedirect(collection.get_absolute_url())
    return render(request, "archive/collection_detail.html", {"collection": collection, "items": items})


@login_required
@require_POST
def collection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Collection, pk=pk, owner=request.user).delete()
    return HttpResponseRedirect(reverse("archive:collections"))


@login_required
def collection_add(request: HttpRequest, article_id: int) -> HttpResponse:
    """Keep an article in one of the user's collections (or a new one), with a note."""
    article = get_object_or_404(Article, pk=article_id)
    form = CollectionItemForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        collection = form.cleaned_data["collection"] or Collection.objects.create(
            owner=request.user, name=form.cleaned_data["new_collection"].strip())
        try:
            with transaction.atomic():
                CollectionItem.objects.create(collection=collection, article=article, note=form.cleaned_data["note"])
        except IntegrityError:  # already in it: the note is updated, nothing doubled
            CollectionItem.objects.filter(collection=collection, article=article).update(
                note=form.cleaned_data["note"])
        return HttpResponseRedirect(collection.get_absolute_url())
    return render(request, "archive/collection_add.html", {"article": article, "form": form})


def _collection_csv(request: HttpRequest, collection: Collection, items: list[CollectionItem]) -> HttpResponse:
    """The search export's columns (CSV_COLUMNS and the rest, no snippet: there is no query), then the note."""
    notes = {item.article_id: item.note for item in items}
    header = csv_header() + ["note"]
    records = ({**record, "note": notes.get(record["id"], "")}
               for record in export_records(request, [(item.article_id, 0) for item in items], lambda body: ""))
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(records, header))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="qujat-collection-{collection.pk}.csv"'
    return response


def _collection_json(request: HttpRequest, collection: Collection, items: list[CollectionItem]) -> JsonResponse:
    def entry(item: CollectionItem) -> dict:
        article = item.article
        permalink = request.build_absolute_uri(article.get_absolute_url())
        return {"id": article.pk, "title": article.title, "url": permalink, "language": article.language,
                "published_on": article.published_on.isoformat() if article.published_on else None,
                "source": article.source.name if article.source else None, "original_url": original_url(article),
                "citation": citation(article, permalink), "note": item.note}

    return JsonResponse({"name": collection.name, "articles": [entry(i) for i in items]},
                        json_dumps_params={"ensure_ascii": False})
