"""The optional sidecar beside a text: `NAME.json` next to `NAME.txt` / `NAME.html`, saying what the text cannot.

    {"url": "https://kazinform.kz/news/…", "source": "Kazinform", "published": "2026-03-16T10:15:00+05:00",
     "title": "…", "language": "kk"}

Every key is optional; the sidecar's values win over what the text says. A sidecar that cannot be used (not
JSON, not an object, a value of the wrong kind, a URL that is not http(s), a date that is not one) never stops
the import: the text is imported from what it says, and the article is marked for review with the reason. Keys
the format does not have are ignored (scrapers add their own), except one that looks like a misspelt key
(`ulr`), which is a review reason too, so a typo is not silently lost. No Django.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from .weburl import MAX_URL_CHARS, clean_url

KEYS = ("url", "source", "published", "title", "language")
LANGUAGES = ("ru", "kk", "en", "mixed")
MAX_SIDECAR_BYTES = 64 * 1024
MAX_TITLE_CHARS, MAX_SOURCE_CHARS = 500, 200
EARLIEST_YEAR = 1990  # the archive's press coverage starts after independence


@dataclass(frozen=True)
class Sidecar:
    """What a sidecar says (empty values where it says nothing usable) and why parts of it were not used."""

    name: str = ""
    url: str = ""
    source: str = ""
    published_on: dt.date | None = None
    published_time: dt.time | None = None
    title: str = ""
    language: str = ""
    reasons: tuple[str, ...] = ()


def sidecar_path(text_path: Path) -> Path:
    return text_path.with_suffix(".json")


def read_sidecar(text_path: Path) -> Sidecar | None:
    """The sidecar of a text file, or None when it has none. Never raises: an unusable one carries its reasons."""
    path = sidecar_path(text_path)
    # A FIFO or folder is no sidecar (reading a FIFO would block); `x.json` named explicitly is a text, not its own.
    if path == text_path or not path.is_file():
        return None
    if path.is_symlink():  # as the texts themselves: nothing is read through a link from outside the import
        return Sidecar(path.name, reasons=(f"sidecar {path.name} is a symbolic link: not read",))
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            return Sidecar(path.name, reasons=(f"sidecar {path.name} is larger than 64 KB: not read",))
        data = path.read_bytes()
    except OSError as exc:
        return Sidecar(path.name, reasons=(f"sidecar {path.name} cannot be read: {exc.strerror or exc}",))
    return parse_sidecar(data, name=path.name)


def parse_sidecar(data: bytes, *, name: str = "sidecar.json", today: dt.date | None = None) -> Sidecar:
    """Read a sidecar's bytes; whatever they are, a Sidecar comes back (with reasons for what was not used)."""
    try:
        values = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return Sidecar(name, reasons=(f"sidecar {name} is not valid JSON ({type(exc).__name__}): not used",))
    if not isinstance(values, dict):
        return Sidecar(name, reasons=(f"sidecar {name} is not a JSON object: not used",))
    reasons: list[str] = []

    def text(key: str, limit: int) -> str:
        value = values.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip() or len(value) > limit or "\x00" in value:
            reasons.append(f"sidecar {name}: «{key}» is not a text of 1 to {limit} characters: not used")
            return ""
        return " ".join(value.split())

    url = text("url", MAX_URL_CHARS)
    if url and not (url := clean_url(url)):
        reasons.append(f"sidecar {name}: «url» is not an http(s) address: not used")
    source, title = text("source", MAX_SOURCE_CHARS), text("title", MAX_TITLE_CHARS)
    language = text("language", 10).lower()
    if language and language not in LANGUAGES:
        reasons.append(f"sidecar {name}: «language» must be one of {', '.join(LANGUAGES)}: not used")
        language = ""
    today = today or dt.datetime.now(dt.UTC).date()
    published_on, published_time = _published(text("published", 40), name, reasons, today)
    for key in values:
        if key not in KEYS and (close := difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)):
            reasons.append(f"sidecar {name}: unknown key «{str(key)[:40]}» ignored (did you mean «{close[0]}»?)")
    return Sidecar(name, url, source, published_on, published_time, title, language, tuple(reasons))


def _published(value: str, name: str, reasons: list[str], today: dt.date) -> tuple[dt.date | None, dt.time | None]:
    """`2026-03-16` or `2026-03-16T10:15:00+05:00` (the time as printed there, the local time of the outlet)."""
    if not value:
        return None, None
    try:
        if len(value) == 10:
            date, time = dt.date.fromisoformat(value), None
        else:
            moment = dt.datetime.fromisoformat(value)
            date, time = moment.date(), moment.time().replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        reasons.append(f"sidecar {name}: «published» is not a date (YYYY-MM-DD or ISO 8601): not used")
        return None, None
    if not EARLIEST_YEAR <= date.year <= today.year + 1:
        reasons.append(f"sidecar {name}: «published» {date.isoformat()} is outside {EARLIEST_YEAR}–{today.year + 1}:"
                       " not used")
        return None, None
    return date, time
