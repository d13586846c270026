"""Web addresses taken from texts and sidecars: only http(s), at most 1000 characters, nothing else. No Django.

A URL found in an imported text is untrusted: it is stored and shown as a link only if it is an absolute http or
https address with a host (never `javascript:`, `data:` or a relative path) and fits the database column.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL_CHARS = 1000  # Article.url's max_length
# Whitespace, controls and the characters RFC 3986 never allows unescaped: a URL with them is not one we keep.
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\"<>\\^`{|}\u2028\u2029\u200b-\u200f\ufeff]")
_HOST = re.compile(r"^(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+[^\W\d_][\w\-]{0,62}$|^\d{1,3}(?:\.\d{1,3}){3}$")


def clean_url(value: object) -> str:
    """The URL, stripped, when it is a safe absolute http(s) address; "" otherwise."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or len(url) > MAX_URL_CHARS or _FORBIDDEN.search(url):
        return ""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        return ""
    return url


def url_host(url: str) -> str:
    """The host of a URL clean_url accepted, lowercased, without `www.`."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")
