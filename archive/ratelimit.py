"""Per-client rate limits on search, exports and feeds, counted in the cache every worker shares.

A fixed window per client and bucket: `rl:<bucket>:<client>:<window number>`, incremented on each request; over
the limit, the request is answered 429 with Retry-After (the seconds left in the window) before any search runs.
With Redis the increment is atomic; the database cache reads then writes, so workers that count at the same
instant can each let one request more through: the limit holds to within the number of workers. A cache that
fails (Redis down, the table missing) is logged as an error and the request is served: limits fail open.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import router, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .clients import client_ip

CACHE_ALIAS = "shared"
log = logging.getLogger(__name__)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
JSON_FORMATS = {"json", "jsonl", "csljson"}  # answered in JSON; a page in HTML; other files in plain text


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """'120/m' → Rate(120, 60): N/s, N/m, N/h or N/d."""
    count, _, unit = text.strip().partition("/")
    if unit not in PERIODS or not count.strip().isdigit() or int(count) < 1:
        raise ValueError(f"rate {text!r}: expected N/s, N/m, N/h or N/d with N ≥ 1, e.g. 120/m")
    return Rate(int(count), PERIODS[unit])


def seconds_to_wait(request: HttpRequest, bucket: str, *, now: float | None = None) -> int | None:
    """Count this request against the client's bucket; the seconds until it may ask again when over the limit."""
    if not settings.RATE_LIMITS_ENABLED:
        return None
    rate = parse_rate(settings.RATE_LIMITS[bucket])
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"rl:{bucket}:{client_ip(request) or 'unknown'}:{window}"
    try:
        count = _count(caches[CACHE_ALIAS], key, timeout=rate.seconds + 5)
    except Exception:  # noqa: BLE001 - a counter store that is down must not take search down with it
        log.exception("rate limit %s not counted: the shared cache (%s) failed", bucket, CACHE_ALIAS)
        return None
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def _count(cache, key: str, *, timeout: int) -> int:
    """This request's number in its window (the key expires a little after the window ends). The database cache's
    statements run in their own transaction (a savepoint inside a request's): a failure there rolls back alone."""
    if isinstance(cache, BaseDatabaseCache):
        with transaction.atomic(using=router.db_for_write(cache.cache_model_class)):
            return _add_or_increment(cache, key, timeout)
    return _add_or_increment(cache, key, timeout)


def _add_or_increment(cache, key: str, timeout: int) -> int:
    # Increment first: the key exists for all but a window's first request (with the database cache, add() costs
    # as many statements as incr()).
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request
        pass
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)  # another worker added it first
    except ValueError:  # and it expired since
        cache.set(key, 1, timeout)
        return 1


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 in the form the client asked for: JSON for the JSON formats, plain text for other files, else a page."""
    fmt = request.GET.get("format", "")
    wait = ngettext("Please try again in %(seconds)s second.", "Please try again in %(seconds)s seconds.",
                    retry_after) % {"seconds": retry_after}
    title = _("Too many requests")
    explanation = _("This address has made more requests than the archive answers in a short time.")
    if fmt in JSON_FORMATS:
        response = JsonResponse({"error": "too_many_requests", "message": f"{title}. {explanation} {wait}",
                                 "retry_after": retry_after}, status=429, json_dumps_params={"ensure_ascii": False})
    elif fmt and fmt != "html":
        response = HttpResponse(f"{title}. {explanation} {wait}\n", status=429,
                                content_type="text/plain; charset=utf-8")
    else:
        response = render(request, "429.html", {"title": title, "explanation": explanation, "wait": wait},
                          status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(bucket: str | Callable[[HttpRequest], str | None]):
    """Decorate a view: count each request in `bucket` (or the bucket a function picks from the request; None: the
    request is not limited)."""
    def decorate(view):
        @functools.wraps(view)
        def limited(request: HttpRequest, *args, **kwargs):
            chosen = bucket(request) if callable(bucket) else bucket
            retry_after = seconds_to_wait(request, chosen) if chosen else None
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)
        return limited
    return decorate
