"""The publication date a web page states in its markup, for a text kept as HTML. No Django.

Pages put it where machines read it: `<meta property="article:published_time">` (Open Graph), `<meta
itemprop="datePublished">` or `"datePublished"` in JSON-LD (schema.org), `<meta name="pubdate">`, and `<time
datetime>` in the page's header. These are set by the site's software, so they are used when the text itself prints
no date. A `<time>` inside the story (the day of the vote) is not the publication date: only one before the first
paragraph, or marked as the publication (`pubdate`, `datePublished`, a class naming the publication), counts.
"""

from __future__ import annotations

import re

from .dates import DateFinding, parse_date_line

_TAG = re.compile(r"<(?P<name>meta|time|p)\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""(?P<key>[\w:.\-]+)\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)'|(?P<bare>[^\s>]+))""")
_JSON_LD = re.compile(r"""["']datePublished["']\s*:\s*["'](?P<value>[^"']{8,40})["']""")
# Meta names and properties that carry the publication date (not `modified`).
_META_KEYS = frozenset({
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
    "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued", "sailthru.date",
    "parsely-pub-date", "article.published",
})  # fmt: skip
_PUBDATE = re.compile(r"\bpubdate\b", re.IGNORECASE)  # a bare attribute: <time pubdate datetime=…>
_PUBLISHED_CLASS = re.compile(r"publish|posted|pubdate|entry-date|article-date|post-date|meta", re.IGNORECASE)


def _attrs(text: str) -> dict[str, str]:
    return {
        match["key"].lower(): match["q"] if match["q"] is not None else match["s"] if match["s"] is not None
        else match["bare"]
        for match in _ATTR.finditer(text)
    }  # fmt: skip


def published_in_markup(html: str) -> DateFinding | None:
    """The publication date the markup states, or None."""
    in_story = False
    for tag in _TAG.finditer(html):
        name, attrs = tag["name"].lower(), _attrs(tag["attrs"])
        if name == "p":
            in_story = True
        elif name == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key in _META_KEYS and (finding := _read(attrs.get("content", ""))):
                return finding
        elif name == "time" and "datetime" in attrs:
            marked = bool(_PUBDATE.search(tag["attrs"])) or "published" in attrs.get("itemprop", "").lower()
            if (marked or not in_story or _PUBLISHED_CLASS.search(attrs.get("class", ""))) and (
                finding := _read(attrs["datetime"])
            ):
                return finding
    if match := _JSON_LD.search(html):
        return _read(match["value"])
    return None


def _read(value: str) -> DateFinding | None:
    finding = parse_date_line(value.strip())
    return finding if finding and finding.date else None
