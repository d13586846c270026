"""Honest failure pages: a database that does not answer gives a translated 503 (HTML or JSON) with Retry-After,
an unknown address a translated 404, a bug a plain 500: never a stack trace, never a 500 for an outage.

These pages are rendered without a RequestContext: the auth and messages context processors read the session,
and with a database session backend that is a query against the database that just failed. The 503 and 500
pages therefore get only what they need (the request, for its language and path), and fall back to plain text if
even that template cannot be rendered.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30  # a restarted PostgreSQL answers within seconds; a client should not hammer it meanwhile
JSON_FORMATS = {"json", "jsonl", "csljson"}

try:  # errors psycopg raises outside Django's wrapper (e.g. while a server-side cursor is being closed)
    import psycopg

    _DRIVER_ERRORS: tuple[type[BaseException], ...] = (psycopg.OperationalError, psycopg.InterfaceError)
except ImportError:  # SQLite-only installs
    _DRIVER_ERRORS = ()

DATABASE_DOWN = gettext_lazy(
    "The archive's database is not answering. Nothing is lost; please try again in a minute."
)


def is_database_unavailable(exc: BaseException | None) -> bool:
    """An error that says the database cannot be reached or read, not that a query was wrong.

    OperationalError and InterfaceError: refused or dropped connections, a locked or missing SQLite file. A plain
    DatabaseError (its exact class, not a subclass such as IntegrityError) is what SQLite raises for a file that
    is not, or no longer, a database («file is not a database», «database disk image is malformed»).
    """
    if exc is None:
        return False
    return isinstance(exc, (OperationalError, InterfaceError, *_DRIVER_ERRORS)) or type(exc) is DatabaseError


def ensure_database() -> None:
    """One cheap query, so that a response sent in pieces fails before its headers (a 503), not after them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def wants_json(request: HttpRequest) -> bool:
    """A JSON, JSON Lines or CSL-JSON request (`format=`), or a client that asks for JSON before HTML."""
    if request.GET.get("format", "") in JSON_FORMATS:
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def database_unavailable(request: HttpRequest, exc: BaseException | None = None) -> HttpResponse:
    """503 with Retry-After, rendered without touching the database."""
    logger.error("database unavailable on %s %s: %s: %s", request.method, request.path,
                 type(exc).__name__ if exc else "", str(exc).strip()[:300] if exc else "")
    message = str(DATABASE_DOWN)
    if wants_json(request):
        body = {"status": "unavailable", "failing": "database", "message": message,
                "retry_after": RETRY_AFTER_SECONDS}
        response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8")
    else:
        response = _page("503.html", request, message, HttpResponse)
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _page(template: str, request: HttpRequest, fallback: str, response_class: type[HttpResponse],
          extra: dict | None = None) -> HttpResponse:
    try:
        content = loader.get_template(template).render({"request": request, **(extra or {})})
        return response_class(content, content_type="text/html; charset=utf-8")
    except Exception:  # noqa: BLE001 - the error page itself must not fail: plain text then
        logger.exception("could not render %s", template)
        return response_class(fallback, content_type="text/plain; charset=utf-8")


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view, or while a TemplateResponse renders, into the 503 page.

    Django passes both to process_exception. An outage raised by another middleware (a session saved on the way
    out) reaches handler500, which answers the same 503 (server_error below).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return database_unavailable(request, exception)
        return None


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the translated «not found» page (no queries: the address may be anything)."""
    return _page("404.html", request, _("Page not found"), HttpResponseNotFound)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage that escaped the middleware answers 503; anything else the plain 500 page.
    Called inside Django's exception handler, so sys.exc_info() is the error being answered."""
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        return database_unavailable(request, exc)
    return _page("500.html", request, _("Server error"), HttpResponseServerError)


# --- Streamed downloads -----------------------------------------------------------------------------------------


class Counted:
    """Wraps an iterable and counts what has been taken from it: the rows a download delivered."""

    def __init__(self, items: Iterable) -> None:
        self._items = iter(items)
        self.count = 0

    def __iter__(self) -> Iterator:
        for item in self._items:
            yield item
            self.count += 1


def ending_honestly(pieces: Iterable[str], rows: Counted, ending: Callable[[int], str], what: str) -> Iterator[str]:
    """The pieces of a streamed file; if the database stops answering midway, a last piece that says so.

    The status line and headers are long sent by then, so the file itself must say it is incomplete: `ending(n)`
    writes that in the file's own syntax (n = rows delivered), and the outage is logged.
    """
    try:
        yield from pieces
    except Exception as exc:
        if not is_database_unavailable(exc):
            raise
        logger.error("%s export stopped after %d rows: the database stopped answering: %s: %s", what, rows.count,
                     type(exc).__name__, str(exc).strip()[:300])
        yield ending(rows.count)
