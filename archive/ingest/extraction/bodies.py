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

# One pass over the text for all the bodies (a group per body): ~0.1 s a megabyte, against ~0.3 s for a pass
# per body. Groups are tried in table order, so a longer name (Национальный курултай) precedes a shorter one.
_FORMS = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<b{n}>{'|'.join(body.forms)})" for n, body in enumerate(BODIES)) + r")(?![\w-])"
)
_ABBREVIATIONS = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<b{n}>{'|'.join(map(re.escape, long))})" for n, body in enumerate(BODIES)
               if (long := [a for a in body.abbreviations if len(a) > 2]))
    + r")(?![\w-])"
)


def _key(name: str) -> str:
    return _COUNTRY.sub("", " ".join(without_quote_marks(fold(name)).split()))


_BY_KEY: dict[str, Body] = {_key(name): body for body in BODIES for name in (*body.names, *body.variants)}


def canonical(name: str) -> Body | None:
    """The body this organisation name is one of the names of, if any (case, script and country aside)."""
    return _BY_KEY.get(_key(name))


def find_bodies(doc: Document) -> list[tuple[Body, int, int]]:
    """(body, start, end) for every mention of a body in the text, in order."""
    found = []
    for match in _FORMS.finditer(doc.folded):
        body = BODIES[int(match.lastgroup[1:])]
        if body.capitalised and not doc.body[match.start()].isupper():
            continue  # «правительство» / «парламент» as common nouns, «сенат» in a quote's lower case
        found.append((body, match.start(), match.end()))
    for match in _ABBREVIATIONS.finditer(doc.body):
        found.append((BODIES[int(match.lastgroup[1:])], match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])
