"""Requests that can name nothing stored are refused before any lookup."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulBytes:
    """A NUL character in the address's path: 400, never a 500. PostgreSQL's text cannot hold NUL
    (SQLite's can), so such a value matches nothing and, passed to a lookup, fails the query itself."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:  # (parameters are the views' own: the search removes NUL from a query)
            return HttpResponseBadRequest(_("The address contains a NUL character, which nothing here can match."),
                                          content_type="text/plain; charset=utf-8")  # fmt: skip
        return self.get_response(request)
