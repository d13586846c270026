"""Test-only addresses for tests/test_error_pages.py: the site's own, plus views that fail in known ways."""

from django.db import OperationalError
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401 - the handlers under test
from config.urls import urlpatterns as site

OUTAGE = "could not connect to server: Connection refused (a secret host name)"


def bug(request):
    raise RuntimeError("a bug whose message must not reach the visitor: SECRET_KEY=abc")


def outage_in_view(request):
    raise OperationalError(OUTAGE)


def _rows():
    yield "first row"
    raise OperationalError(OUTAGE)  # as a lazy queryset does when the template iterates it


def outage_while_rendering(request):
    """The view returns at once; the error comes while the TemplateResponse renders, after the view."""
    template = engines["django"].from_string("{% for row in rows %}{{ row }}{% endfor %}")
    return TemplateResponse(request, template, {"rows": _rows()})


def fine(request):
    return HttpResponse("fine")


class OutageOnTheWayOut:
    """A middleware whose response step hits the database (as a session save does): reaches handler500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path == "/outage-on-the-way-out/":
            raise OperationalError(OUTAGE)
        return response


urlpatterns = [
    path("bug/", bug),
    path("outage-in-view/", outage_in_view),
    path("outage-while-rendering/", outage_while_rendering),
    path("outage-on-the-way-out/", fine),
    *site,
]
