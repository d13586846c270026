"""BibTeX, RIS and CSL-JSON citations: every field present, and no title can break out of its field."""

from __future__ import annotations

import datetime as dt
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.citations import Reference, bibtex, csl, render, ris

from .hypothesis_profiles import PROFILE

ACCESSED = dt.date(2026, 12, 1)
# What makes escaping hard: TeX specials, line breaks of every kind, Cyrillic (Kazakh letters), Arabic script.
HARD = list("{}\\%$&#_~^ \n\r\t\u2028\x85") + list("абвгдқңәөүұһі") + list("ابتقكۆەى") + list("AZaz09«»\"',;=")
hard_text = st.text(alphabet=st.sampled_from(HARD), max_size=60)


def ref(title: str = "Итоги референдума", outlet: str = "Kazinform", **changes) -> Reference:
    return Reference(**{
        "article_id": 7, "title": title, "outlet": outlet, "issued_by": "", "published_on": dt.date(2026, 3, 16),
        "original_url": "https://kazinform.kz/news/itogi?id=1&lang=ru", "permalink": "http://testserver/articles/7/",
        "accessed": ACCESSED, "language": "ru", **changes,
    })


# The inverse of the escaping, read token by token (every backslash and brace of a value comes from a token).
_TOKENS = {r"{\textbackslash}": "\\", r"{\textbraceleft}": "{", r"{\textbraceright}": "}", r"\%": "%", r"\&": "&",
           r"\$": "$", r"\#": "#", r"\_": "_", r"{\textasciitilde}": "~", r"{\textasciicircum}": "^"}
_TOKEN_RE = re.compile("|".join(re.escape(t) for t in _TOKENS))


def bibtex_fields(entry: str) -> dict[str, str]:
    """Fields of one entry, read as BibTeX reads them: a value runs to its matching brace, braces always count."""
    head, _, rest = entry.partition(",\n")
    assert re.fullmatch(r"@article\{qujat\d+", head)
    fields, i = {}, 0
    while True:
        match = re.compile(r"  ([a-z]+) = \{").match(rest, i)
        if not match:
            break
        depth, j = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(rest[j], 0)
            j += 1
        fields[match[1]] = rest[match.end() : j - 1]
        i = j + 2 if rest[j : j + 2] == ",\n" else j + 1
    assert rest[i:] == "}\n", rest[i:]  # nothing left over: no field ended early
    return fields


def unescape(value: str) -> str:
    return _TOKEN_RE.sub(lambda m: _TOKENS[m.group()], value)


def test_bibtex_names_the_outlet_date_original_permalink_and_access_date():
    fields = bibtex_fields(bibtex(ref()))
    assert fields["title"] == "{Итоги референдума}" and fields["journal"] == "Kazinform"
    assert fields["date"] == "2026-03-16" and fields["year"] == "2026"
    assert fields["url"] == "https://kazinform.kz/news/itogi?id=1&lang=ru"
    assert fields["urldate"] == "2026-12-01"
    assert r"\url{http://testserver/articles/7/}" in fields["note"] and "accessed 2026-12-01" in fields["note"]


def test_ris_names_the_outlet_date_original_permalink_and_access_date():
    lines = ris(ref()).split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and lines[-1] == ""
    assert {"T2  - Kazinform", "JO  - Kazinform", "DA  - 2026/03/16", "PY  - 2026", "Y2  - 2026/12/01",
            "UR  - https://kazinform.kz/news/itogi?id=1&lang=ru",
            "N1  - Qujat archive, article 7: http://testserver/articles/7/"} <= set(lines)


def test_csl_json_names_the_outlet_date_original_permalink_and_access_date():
    item = csl(ref())
    assert item["container-title"] == "Kazinform" and item["type"] == "article-newspaper"
    assert item["issued"] == {"date-parts": [[2026, 3, 16]]} and item["accessed"] == {"date-parts": [[2026, 12, 1]]}
    assert item["URL"] == "https://kazinform.kz/news/itogi?id=1&lang=ru"
    assert item["archive_location"] == "http://testserver/articles/7/"


def test_what_is_not_known_is_said():
    unknown = ref(outlet="", original_url="", published_on=None)
    fields = bibtex_fields(bibtex(unknown))
    assert fields["journal"] == "Outlet unknown" and "url" not in fields and "date" not in fields
    assert "original address unknown" in fields["note"]
    assert "T2  - Outlet unknown" in ris(unknown) and "UR  -" not in ris(unknown)
    assert csl(unknown)["URL"] == "http://testserver/articles/7/" and "issued" not in csl(unknown)


def test_an_address_cannot_close_the_bibtex_field():
    fields = bibtex_fields(bibtex(ref(original_url="https://x.kz/a}b{c\\d e%20")))
    assert fields["url"] == "https://x.kz/a%7Db%7Bc%5Cd%20e%20"


@settings(settings.get_profile(PROFILE))
@given(title=hard_text, outlet=hard_text, issued_by=hard_text)
def test_any_title_stays_inside_its_field_in_every_format(title, outlet, issued_by):
    one_line = " ".join(title.split())
    reference = ref(title=title, outlet=outlet, issued_by=issued_by)

    fields = bibtex_fields(bibtex(reference))  # parses to the end: braces balanced, nothing cut short
    assert fields["title"].startswith("{") and fields["title"].endswith("}")
    assert unescape(fields["title"][1:-1]) == one_line
    assert unescape(fields["journal"]) == (" ".join(outlet.split()) or "Outlet unknown")
    assert not re.search(r"(?<!\\)%", fields["title"] + fields["journal"] + fields["note"])  # no TeX comment
    assert "\n" not in "".join(fields.values()) and "\r" not in "".join(fields.values())

    lines = ris(reference).split("\r\n")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1]) and lines[-1] == ""
    assert f"TI  - {one_line}" in lines and lines.count("ER  - ") == 1

    assert json.loads(json.dumps(csl(reference), ensure_ascii=False))["title"] == one_line


def test_a_list_of_references_is_one_file_of_each_kind():
    refs = [ref(article_id=n) for n in (1, 2, 3)]
    assert [item["id"] for item in json.loads("".join(render("csljson", iter(refs))))] == ["qujat1", "qujat2", "qujat3"]
    assert "".join(render("csljson", iter([]))).strip() == "[\n]"
    assert "".join(render("bibtex", iter(refs))).count("@article{") == 3
    assert "".join(render("ris", iter(refs))).count("ER  - \r\n") == 3
