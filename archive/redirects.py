"""The pages of merged people, organisations and events answer 301 with the survivor's page.

Wraps the detail views of archive.views: the page is served as usual; only when no record has the slug is the
slug looked up among the merged ones (SlugRedirect), so a live record always wins and a page costs no extra
query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from . import views
from .models import Event, Organisation, Person, RedirectKind, SlugRedirect

MODELS = {RedirectKind.PERSON: Person, RedirectKind.ORGANISATION: Organisation, RedirectKind.EVENT: Event}


def merged_into(kind: RedirectKind, slug: str):
    """The record a merged slug now belongs to, or None (merges re-point older redirects: one step suffices)."""
    target_id = SlugRedirect.objects.filter(kind=kind, old_slug=slug).values_list("target_id", flat=True).first()
    return None if target_id is None else MODELS[kind].objects.filter(pk=target_id).first()


def following_merges(kind: RedirectKind, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def detail_view(request: HttpRequest, slug: str) -> HttpResponse:
        try:
            return view(request, slug=slug)
        except Http404:
            target = merged_into(kind, slug)
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target.get_absolute_url())

    return detail_view


person_detail_view = following_merges(RedirectKind.PERSON, views.person_detail_view)
organisation_detail_view = following_merges(RedirectKind.ORGANISATION, views.organisation_detail_view)
event_detail_view = following_merges(RedirectKind.EVENT, views.event_detail_view)
