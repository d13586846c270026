"""The names the archive already knows (`known_people`), indexed so that the rules can ask: is this a known
first name, a known full name, or the surname of exactly one known person? A Kazakh name or a lone surname that
the rules alone would miss is recognised this way."""

from __future__ import annotations

from archive.text import fold, name_search_key


class KnownPeople:
    """Index of `known_people` by first-name and surname keys. Built incrementally: the importer passes the same
    growing set to every call, so only names not seen before are indexed."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.full: dict[tuple[str, str], str] = {}
        self.by_last: dict[str, set[str]] = {}
        self.first_names: set[str] = set()
        self.first_keys: set[str] = set()  # name search keys of the first names: Yerlan meets Ерлан

    def update(self, names) -> None:
        fresh = (names - self.seen) if isinstance(names, set | frozenset) else set(names) - self.seen
        for name in fresh:
            self.seen.add(name)
            words = name.split()
            if len(words) < 2 or "." in name:
                continue  # a lone surname or an initials alias («Р. Василенко») says nothing new
            key = (name_search_key(words[0]), name_search_key(words[-1]))
            self.full.setdefault(key, name)
            self.by_last.setdefault(key[1], set()).add(self.full[key])
            for part in words[0].split("-"):
                self.first_names.add(fold(part))
                self.first_keys.add(name_search_key(part))

    def only_person_with_surname(self, surname_key: str, initial: str = "") -> str | None:
        """The one known full name with this surname (and this folded first initial, if given), or None."""
        names = [n for n in self.by_last.get(surname_key, ()) if not initial or fold(n)[:1] == initial]
        return names[0] if len(names) == 1 else None


_EMPTY = KnownPeople()
# The set the importer passes on every call, and its index. The set itself is kept (not its id), so that a new
# set can never be mistaken for it.
_last: tuple[object, KnownPeople, int] | None = None
# A set difference costs ~0.9 ms at 30,000 names: a growing set is re-read after this many calls (names the same
# run found in the last few articles are found by the rules anyway; the archive's own names are there at once).
REFRESH_EVERY = 16
SMALL = 2_000


def known_index(names) -> KnownPeople:
    """The index of `known_people`. A set passed again is updated with what was added to it, not rebuilt."""
    global _last
    if isinstance(names, tuple | list) and not names:
        return _EMPTY
    if not isinstance(names, set | frozenset):
        index = KnownPeople()
        index.update(frozenset(names))
        return index
    if _last is not None and _last[0] is names:
        _, index, calls = _last
        grown = len(names) != len(index.seen)
        if grown and (calls + 1 >= REFRESH_EVERY or len(names) < SMALL):
            index.update(names)
            calls = -1
        _last = (names, index, calls + 1)
        return index
    index = KnownPeople()
    index.update(names)
    _last = (names, index, 0)
    return index

