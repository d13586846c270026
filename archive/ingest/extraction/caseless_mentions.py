"""Name mentions in a text without capital letters: Kazakh in the Arabic script has none, so its Cyrillic
transliteration (archive.text.scripts) reads «мемлекеттік кеңесші ерлан қарин брифинг өткізді».

With no capitals to point at names, a pair is a name only when the first word is a known first name (the
Kazakh list or the archive's `known_people`) and the second has a surname's end (-ов/-ева/-ин/-ұлы/-бай…) or is a
surname the archive knows; a list after it («снежанна имашева, еркін әбіл, айдар қожаназаров») continues it.
The canonical name is capitalised word by word: «Ерлан Қарин».
"""

from __future__ import annotations

import re

from archive.text import name_search_key, normalise_person_surface

from .data.names import KAZAKH_FIRST_NAMES, NOT_NAME_WORDS, SHORT_SURNAMES
from .entity_text import CLAUSE_BREAK, Document, Token
from .kazakh_words import kazakh_nominative, kazakh_verbish
from .known_people import KnownPeople
from .mention import NameMention
from .morphology import is_known, parses
from .person_roles import kazakh_plural_role_before, kazakh_role_before, russian_role_before
from .word_classes import never_a_name

# Surname ends, on the lower-case word (not folded: «жиын», «тиін» are words, «қарин» a name); stricter than
# names.SURNAME_END, which capitals back up.
_SURNAME_END = re.compile(
    r"(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ұлы|улы|қызы|кызы|бай|баев|баева|бек|беков|бекова|енко|ский|ская|цкий|цкая"
    r"|швили|дзе|ович|евич|янц|заде|жанов|жанова|уулу|оглы)$"
)
_LIST_JOIN = re.compile(r"\s*,\s*|\s*,?\s+(?:и|және|мен|пен|бен)\s+")
_MIN_TOKENS = 8


def is_caseless(doc: Document) -> bool:
    """Almost no capitalised word outside sentence starts: names cannot be told by their capitals."""
    words = [t for t in doc.tokens if not t.latin]
    if len(words) < _MIN_TOKENS:
        return False
    capitalised = sum(1 for t in words if (t.cap or t.upper) and not t.sent_start)
    return capitalised * 50 < len(words)


def capitalised(word: str) -> str:
    """«қасым-жомарт» → «Қасым-Жомарт»."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _is_first_name(token: Token, known: KnownPeople) -> bool:
    """A Kazakh first name, one the archive knows, or a Russian one (снежанна, ольга: pymorphy3's first analysis)."""
    parts = token.folded.split("-")
    if token.folded in NOT_NAME_WORDS:
        return False
    return all(p in KAZAKH_FIRST_NAMES or p in known.first_names or _russian_first_name(p) for p in parts)


def _may_be_a_name(token: Token) -> bool:
    """A word that is no function word, place, role, month or Kazakh verb form: it may be an unlisted first name."""
    return len(token.folded) >= 3 and token.folded not in NOT_NAME_WORDS and not never_a_name(token) and not (
        kazakh_verbish(token.text)
    )


def _russian_first_name(folded: str) -> bool:
    found = parses(folded)
    return bool(found) and is_known(folded) and "Name" in found[0].tag and found[0].tag.case == "nomn"


def _surname(token: Token, doc: Document, known: KnownPeople, *, listed: bool = False) -> str | None:
    """The nominative of a word that is surely a surname (any name-like word after a role or in a list), else None."""
    if token.folded in SHORT_SURNAMES:
        return token.text
    if never_a_name(token) or token.folded in KAZAKH_FIRST_NAMES:
        return None
    nominative = kazakh_nominative(token.text) if doc.kazakh else normalise_person_surface(token.text)
    if _SURNAME_END.search(nominative.lower()) and len(nominative) >= 4:
        return nominative
    if name_search_key(nominative) in known.by_last or (listed and len(nominative) >= 3):
        return nominative
    return None


def find_caseless_mentions(doc: Document, known: KnownPeople) -> list:
    """Full names (first name + surname) and lone surnames of those."""
    mentions: list[NameMention] = []
    tokens = doc.tokens
    covered: set[int] = set()
    index = 0
    while index < len(tokens) - 1:
        first, last = tokens[index], tokens[index + 1]
        surname, role = None, ""
        listed = bool(mentions) and _LIST_JOIN.fullmatch(doc.body, mentions[-1].end, first.start) is not None
        first_name = _is_first_name(first, known)
        if not CLAUSE_BREAK.search(last.gap) and (first_name or _may_be_a_name(first)):
            role = kazakh_role_before(doc, first) if doc.kazakh else russian_role_before(doc, first)[0]
            after_role = bool(role) or (doc.kazakh and kazakh_plural_role_before(doc, first))
            if first_name:
                surname = _surname(last, doc, known, listed=listed or after_role)
            elif after_role:  # «қырғызстан президенті садыр жапаров»: a first name not in the lists
                surname = _surname(last, doc, known)
        if surname is None:
            index += 1
            continue
        if not role and listed:
            role = mentions[-1].role
        mentions.append(NameMention(
            start=first.start, end=last.end, surface=doc.body[first.start : last.end], first=capitalised(first.text),
            last=capitalised(surname), kind="full", role=role, nominative=1.0 if surname == last.text else 0.6,
            confidence=0.8,
        ))
        covered.update((first.index, last.index))
        index += 2
    in_text = {m.last_key for m in mentions}
    for token in tokens:
        if token.index in covered or token.folded in KAZAKH_FIRST_NAMES:
            continue
        surname = _surname(token, doc, known)
        if surname is None or not _SURNAME_END.search(surname.lower()):
            continue
        key = name_search_key(surname)
        known_name = "" if key in in_text else (known.only_person_with_surname(key) or "")
        if key in in_text or known_name:
            mentions.append(NameMention(
                start=token.start, end=token.end, surface=token.text, first="", last=capitalised(surname),
                kind="surname", known_name=known_name, confidence=0.6,
            ))
    mentions.sort(key=lambda m: m.start)
    return mentions
