"""One mention of a named person in a text, as the name rules (Cyrillic, Latin, caseless) find it."""

from __future__ import annotations

from dataclasses import dataclass

from archive.text import name_search_key


@dataclass
class NameMention:
    start: int
    end: int
    surface: str
    first: str  # nominative first name ("" for a lone surname)
    last: str  # nominative surname
    kind: str  # "full", "initials" or "surname"
    role: str = ""
    role_case: str = ""  # the case of the role's head word in the text (Russian), passed on to a list's next name
    nominative: float = 0.5  # how sure the surface itself is nominative (the canonical name is taken from it)
    gender: str = ""  # "m", "f" or ""
    initial: str = ""  # folded first initial, for kind "initials"
    initials: str = ""  # as written, when they follow the surname («Карин Е.» → "Е.")
    known_name: str = ""  # the archive's name for a lone surname
    confidence: float = 1.0

    @property
    def last_key(self) -> str:
        return name_search_key(self.last)

    @property
    def key(self) -> tuple[str, str]:
        return name_search_key(self.first), self.last_key
