"""The page a locked-out sign-in gets (django-axes calls `lockout_response`; settings.AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """429 with Retry-After: the cool-off, whole minutes in the text; how an administrator unlocks it."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    minutes = max(1, math.ceil(seconds / 60))
    context = {
        "title": _("Sign-in locked"),
        "explanation": _("Too many failed sign-ins for this account from this address."),
        "wait": ngettext("Try again in %(minutes)s minute, or ask an administrator to unlock the account.",
                         "Try again in %(minutes)s minutes, or ask an administrator to unlock the account.",
                         minutes) % {"minutes": minutes},
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response
