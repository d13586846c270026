"""Entity extraction for Kazakh in any script: Latin and Arabic-script Kazakh are read through Cyrillic.

The rules for Kazakh (roles, cases, patronymics, organisations, speech verbs) are written for Cyrillic. A Latin
or Arabic-script text is transliterated (archive.text.scripts, word by word, remembering where each word came
from), extracted as Cyrillic, and what was found is mapped back: names stay canonical in Cyrillic (so «Toqaev»,
«توقاەۆ» and «Тоқаев» are one person in the archive), while surfaces, offsets and quotes are the original's own
words, so the article page links and quotes the text as it was published.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from archive.text.scripts import kazakh_to_cyrillic_aligned

from .entities import Extraction, extract_entities

TRANSLITERATED_SCRIPTS = frozenset({"latn", "arab"})


def extract_in_any_script(
    body: str,
    *,
    language: str,
    script: str = "",
    title: str = "",
    byline: str = "",
    published_on: date | None = None,
    known_people: Iterable[str] = (),
) -> Extraction:
    """extract_entities, through Cyrillic for Kazakh written in the Latin or Arabic script."""
    if language != "kk" or script not in TRANSLITERATED_SCRIPTS:
        return extract_entities(body, language=language, title=title, byline=byline, published_on=published_on,
                                known_people=known_people)
    texts = [_Aligned(text, script) for text in (body, title, byline)]
    body_a, title_a, byline_a = texts
    found = extract_entities(body_a.cyrillic, language="kk", title=title_a.cyrillic, byline=byline_a.cyrillic,
                             published_on=published_on, known_people=known_people)

    def original(surface: str, start: int) -> str:
        if start >= 0:
            return body_a.original(start, start + len(surface))
        return next((t.find_original(surface) for t in (title_a, byline_a, body_a) if surface in t.cyrillic),
                    surface)

    def surfaces(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(next((t.find_original(s) for t in texts if s in t.cyrillic), s) for s in values))

    return Extraction(
        people=tuple(dataclasses.replace(p, surface=original(p.surface, p.start), surfaces=surfaces(p.surfaces),
                                         start=body_a.offset(p.start)) for p in found.people),
        organisations=tuple(dataclasses.replace(o, surface=original(o.surface, o.start), start=body_a.offset(o.start))
                            for o in found.organisations),
        quotes=tuple(dataclasses.replace(q, text=body_a.find_original(q.text, q.start), start=body_a.offset(q.start))
                     for q in found.quotes),
        events=found.events,
    )


class _Aligned:
    """A text, its Cyrillic, and the way back from offsets in the Cyrillic to the text."""

    def __init__(self, text: str, script: str) -> None:
        self.text = text
        self.cyrillic, self._source = kazakh_to_cyrillic_aligned(text, script)

    def offset(self, start: int) -> int:
        return self._source[start] if 0 <= start < len(self._source) else start

    def original(self, start: int, end: int) -> str:
        """The original of the Cyrillic span [start, end): whole words where a word changed length."""
        source = self._source
        end = min(end, len(source) - 1)
        if start < 0 or start >= end:
            return ""
        stop = end
        while stop < len(source) - 1 and source[stop] == source[end - 1]:
            stop += 1  # the span ends inside a word that changed length: take the whole word
        return self.text[source[start] : source[stop]]

    def find_original(self, cyrillic: str, near: int = 0) -> str:
        """The original of a piece of the Cyrillic, found from `near` on (anywhere when not there)."""
        at = self.cyrillic.find(cyrillic, max(near, 0))
        if at < 0:
            at = self.cyrillic.find(cyrillic)
        return self.original(at, at + len(cyrillic)) if at >= 0 and cyrillic else cyrillic
