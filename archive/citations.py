"""Structured citations of archived articles: BibTeX, RIS and CSL-JSON, the formats reference managers import.

Each names the outlet, the title, the publication date, the original address, the archive's permalink and the day
it was accessed. Article text is untrusted: every value is escaped for its format, so a title with braces, a
backslash, a percent sign or a line break can neither end a field early nor start a new one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

FORMATS = ("bibtex", "ris", "csljson")


@dataclass(frozen=True)
class Reference:
    article_id: int
    title: str
    outlet: str  # "" when the outlet is unknown
    issued_by: str
    published_on: dt.date | None
    original_url: str  # "" when unknown or not a safe http(s) address
    permalink: str
    accessed: dt.date
    language: str

    @property
    def key(self) -> str:
        return f"qujat{self.article_id}"


def _one_line(text: str) -> str:
    """Every run of whitespace (line and paragraph separators included) as one space; control characters dropped."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())


# BibTeX counts every brace, escaped or not, so braces become brace-balanced commands rather than \{ and \}.
_BIBTEX_SPECIALS = {
    "\\": r"{\textbackslash}", "{": r"{\textbraceleft}", "}": r"{\textbraceright}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"{\textasciitilde}", "^": r"{\textasciicircum}",
}  # fmt: skip
_BIBTEX_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIALS))


def bibtex_escape(text: str) -> str:
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIALS[m.group()], _one_line(text))


def _url(address: str) -> str:
    """An address safe inside a BibTeX field or \\url{}: the characters that could end it are percent-encoded."""
    return quote(_one_line(address), safe="!#$&'()*+,/:;=?@[]~%-._")


def _outlet(ref: Reference) -> str:
    return _one_line(ref.outlet) or "Outlet unknown"  # a name of spaces alone names nothing


def bibtex(ref: Reference) -> str:
    outlet = _outlet(ref)
    notes = [f"Issued by {bibtex_escape(ref.issued_by)}"] if _one_line(ref.issued_by) else []
    if not ref.original_url:
        notes.append("original address unknown")
    archived = _url(ref.permalink).replace("%", r"\%").replace("#", r"\#")
    notes.append(rf"Qujat archive, article {ref.article_id}: \url{{{archived}}}; accessed {ref.accessed.isoformat()}")
    fields = [("title", "{" + bibtex_escape(ref.title) + "}"), ("journal", bibtex_escape(outlet))]
    if ref.published_on:
        fields += [("date", ref.published_on.isoformat()), ("year", str(ref.published_on.year))]
    if ref.original_url:
        fields.append(("url", _url(ref.original_url)))
    fields += [("urldate", ref.accessed.isoformat()), ("langid", ref.language), ("note", "; ".join(notes))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{ref.key},\n{body}\n}}\n"


def ris(ref: Reference) -> str:
    lines = [("TY", "NEWS"), ("TI", ref.title), ("T2", _outlet(ref)), ("JO", _outlet(ref))]
    if ref.published_on:
        lines += [("PY", str(ref.published_on.year)), ("DA", ref.published_on.strftime("%Y/%m/%d"))]
    if ref.original_url:
        lines.append(("UR", ref.original_url))
    if _one_line(ref.issued_by):
        lines.append(("N1", f"Issued by {ref.issued_by}"))
    lines += [("N1", f"Qujat archive, article {ref.article_id}: {ref.permalink}"),
              ("Y2", ref.accessed.strftime("%Y/%m/%d")), ("DB", "Qujat"), ("AN", str(ref.article_id)),
              ("LA", ref.language), ("ER", "")]
    # A tag's value is one line: a line break in a title would start a line the reader takes for another tag.
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl(ref: Reference) -> dict:
    item = {
        "id": ref.key,
        "type": "article-newspaper",
        "title": _one_line(ref.title),
        "container-title": _outlet(ref),
        "URL": ref.original_url or ref.permalink,
        "accessed": _date_parts(ref.accessed),
        "archive": "Qujat",
        "archive_location": ref.permalink,
        "language": ref.language,
        "note": f"Qujat archive, article {ref.article_id}: {ref.permalink}"
                + ("" if ref.original_url else "; original address unknown"),
    }
    if ref.published_on:
        item["issued"] = _date_parts(ref.published_on)
    if _one_line(ref.issued_by):
        item["authority"] = _one_line(ref.issued_by)
    return item


def csl_json(refs):
    """A CSL-JSON array, yielded piece by piece so that a whole search streams in constant memory."""
    yield "["
    for i, ref in enumerate(refs):
        yield ("," if i else "") + "\n" + json.dumps(csl(ref), ensure_ascii=False)
    yield "\n]\n"


def render(fmt: str, refs):
    """The pieces of a file in `fmt` (one of FORMATS) citing `refs`, in order."""
    if fmt == "csljson":
        yield from csl_json(refs)
        return
    one = bibtex if fmt == "bibtex" else ris
    for i, ref in enumerate(refs):
        yield ("\n" if i and fmt == "bibtex" else "") + one(ref)
