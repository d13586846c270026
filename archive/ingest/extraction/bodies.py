"""The reform's state bodies (data.bodies) in a text, and the one canonical record any of their names stands for.

`find_bodies` finds them by their forms in any case and language («Конституциялық комиссияның», «ЦИК»,
«Constitutional Court»), including where the general rules miss them (a Kazakh name opening a sentence).
`canonical` gives a name found by the general rules (`Конституциялық Сот`, `Мажилис Парламента`) its body, so
that both languages give one record: the Russian name, with the others as aliases.
"""

from __future__ import annotations

import re

from archive.text import fold

from .data.bodies import BODIES, Body
from .entity_text import Document, without_quote_marks

# Qualifiers around a body's name that do not change which body it is.
_COUNTRY = re.compile(r"^казахстан республикасы(?:ны[нң])?\s+|\s+(?:республики казахстан|рк|кр)$")

_FORMS = [
    (body, re.compile(r"(?<![\w-])(?:" + "|".join(body.forms) + r")(?![\w-])")) for body in BODIES
]
_ABBREVIATIONS = [
    (body, re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, long)) + r")(?![\w-])"))
    for body in BODIES
    if (long := [a for a in body.abbreviations if len(a) > 2])
]


def _key(name: str) -> str:
    return _COUNTRY.sub("", " ".join(without_quote_marks(fold(name)).split()))


_BY_KEY: dict[str, Body] = {_key(name): body for body in BODIES for name in (*body.names, *body.variants)}


def canonical(name: str) -> Body | None:
    """The body this organisation name is one of the names of, if any (case, script and country aside)."""
    return _BY_KEY.get(_key(name))


def find_bodies(doc: Document) -> list[tuple[Body, int, int]]:
    """(body, start, end) for every mention of a body in the text, in order."""
    found = []
    for body, pattern in _FORMS:
        for match in pattern.finditer(doc.folded):
            if body.capitalised and not doc.body[match.start()].isupper():
                continue  # «правительство» / «парламент» as common nouns, «сенат» in a quote's lower case
            found.append((body, match.start(), match.end()))
    for body, pattern in _ABBREVIATIONS:
        found += [(body, match.start(), match.end()) for match in pattern.finditer(doc.body)]
    return sorted(found, key=lambda item: item[1])
