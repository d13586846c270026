"""Who is asking: the address rate limits and sign-in throttling count against."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or, behind TRUSTED_PROXY_HOPS proxies of ours, the address the outermost of them received the
    request from: each proxy appends its peer to X-Forwarded-For, so that is the N-th entry from the right. Entries
    further left were written by the client and would let anyone pick a fresh identity per request. None when
    no address is known (a request made in code)."""
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:  # not through all our proxies (a direct request): only the peer is known
        return remote
    return forwarded[-hops] if _is_address(forwarded[-hops]) else remote


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
