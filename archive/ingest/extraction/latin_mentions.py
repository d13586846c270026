"""Name mentions in Latin script: English texts («President Kassym-Jomart Tokayev», «Elvira Azimova told», «Mr
Karin») and Kazakh written in the Latin alphabet that reaches extraction untransliterated («Erlan Qarin»).

The same weighing as the Cyrillic rules (name_mentions): a pair of capitalised words is a name when its words
look like a first name (a list of Kazakh, Russian and foreign first names compared by name search key, so Yerlan
meets Ерлан) and a surname (-ov/-eva/-bayev/-uly…, or a surname the text or the archive knows), helped by a role
word before (President, Minister, analyst, Mr), a list it continues, or a speech verb after (said, told).
Institutions, places, months and sentence-opening words (Constitutional Court, Astana, March, The) never are.
The canonical name is the spelling of the text («Kassym-Jomart Tokayev»): the loader's name keys put it on the
same person as «Касым-Жомарт Токаев».
"""

from __future__ import annotations

import re
from functools import lru_cache

from archive.text import fold, name_search_key, to_latin

from .data.latin_names import (
    LATIN_FIRST_NAMES,
    LATIN_SURNAME_END,
    NOT_NAME_END,
    NOT_NAME_PREFIXES,
    NOT_NAME_WORDS,
    ROLE_WORDS,
    SPEECH_VERBS,
)  # fmt: skip
from .data.names import KAZAKH_FIRST_NAMES, SHORT_SURNAMES
from .data.places import PLACES
from .entity_text import CLAUSE_BREAK, Document, Token
from .known_people import KnownPeople
from .mention import NameMention

_FIRST_KEYS = frozenset(
    part for word in KAZAKH_FIRST_NAMES | LATIN_FIRST_NAMES for part in name_search_key(word).split() if part
)
_SHORT_SURNAME_KEYS = frozenset(name_search_key(word) for word in SHORT_SURNAMES)
_PLACE_KEYS = frozenset(name_search_key(name) for names in PLACES.values() for name in names)
_POSSESSIVE = re.compile(r"['’]s?$")
_LIST_JOIN = re.compile(r"\s*,\s*|\s*,?\s+and\s+")
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "del", "della", "la", "le", "al", "bin", "ibn"})
_CONNECTORS = frozenset({"of", "the", "for", "on"})  # inside a title: «Chairman of the Constitutional Court»
_NOT_IN_TITLE = frozenset({"her", "his", "their", "its", "our", "my", "your", "a", "an", "the"})


def is_latin_text(doc: Document) -> bool:
    """English, or mostly Latin letters (Kazakh in the Latin alphabet that was not transliterated)."""
    if doc.language == "en":
        return True
    latin = sum(1 for token in doc.tokens if token.latin)
    return latin * 2 > len(doc.tokens) >= 10


def _word(token: Token) -> str:
    """The name-word of a token: Tokayev's → Tokayev."""
    return _POSSESSIVE.sub("", token.text)


@lru_cache(maxsize=50_000)
def _never_a_name(word: str) -> bool:
    lower = word.lower()
    return (
        lower in NOT_NAME_WORDS
        or lower in ROLE_WORDS
        or lower.startswith(NOT_NAME_PREFIXES)
        or NOT_NAME_END.search(lower) is not None
        or name_search_key(word) in _PLACE_KEYS
        or len(lower) < 2
    )


def _is_role(token: Token | None) -> bool:
    return token is not None and _POSSESSIVE.sub("", token.text).lower() in ROLE_WORDS


@lru_cache(maxsize=50_000)
def _is_first_name(word: str) -> bool:
    return any(part in _FIRST_KEYS for part in name_search_key(word).split())


@lru_cache(maxsize=50_000)
def _looks_like_surname(word: str) -> bool:
    lower = word.lower()
    return LATIN_SURNAME_END.search(lower) is not None or LATIN_SURNAME_END.search(to_latin(fold(lower))) is not None


def _first_score(token: Token, known: KnownPeople) -> int | None:
    word = _word(token)
    if not token.cap or _never_a_name(word):
        return None
    if _is_first_name(word) or any(part in known.first_keys for part in name_search_key(word).split()):
        return 2
    return 1


def _last_score(token: Token, known: KnownPeople) -> int | None:
    word = _word(token)
    if not token.cap or _never_a_name(word):
        return None
    key = name_search_key(word)
    if _looks_like_surname(word) or key in known.by_last or key in _SHORT_SURNAME_KEYS:
        return 2
    return 0 if _is_first_name(word) else 1


def find_latin_mentions(doc: Document, known: KnownPeople) -> list[NameMention]:
    """Full names and lone surnames («Tokayev said») of people named in full here or known to the archive."""
    mentions: list[NameMention] = []
    covered: set[int] = set()
    tokens = doc.tokens
    index = 0
    while index < len(tokens) - 1:
        first = tokens[index]
        mention, taken = None, 0
        if first.cap:
            middle = _middle_words(doc, first)
            if middle:  # «Recep Tayyip Erdogan», «Ursula von der Leyen»
                last = tokens[index + len(middle) + 1]
                mention = _try_pair(doc, first, last, known, mentions, middle=middle)
                taken = len(middle) + 2
            last = tokens[index + 1]
            if mention is None and last.cap and last.gap == " ":
                mention, taken = _try_pair(doc, first, last, known, mentions), 2
        if mention is None:
            index += 1
            continue
        mentions.append(mention)
        covered.update(range(index, index + taken))
        index += taken
    mentions.extend(_surname_mentions(doc, known, covered, mentions))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _middle_words(doc: Document, first: Token) -> list[Token]:
    """The words between a first name and a surname: a second first name («Recep Tayyip Erdogan») or lower-case
    particles («Ursula von der Leyen»); [] when there are none."""
    middle: list[Token] = []
    index = first.index + 1
    while index < len(doc.tokens) - 1 and len(middle) < 2:
        token = doc.tokens[index]
        if token.gap != " ":
            return []
        if token.text in _PARTICLES or (token.cap and not middle and _last_score_word(token) == 0):
            middle.append(token)
            index += 1
            continue
        break
    after = doc.token(index)
    if not middle or after is None or not after.cap or after.gap != " ":
        return []
    return middle


def _last_score_word(token: Token) -> int | None:
    word = _word(token)
    if _never_a_name(word):
        return None
    return 0 if _is_first_name(word) and not _looks_like_surname(word) else 1


def _try_pair(doc: Document, first: Token, last: Token, known: KnownPeople, mentions: list, *,
              middle: list[Token] = ()):
    """A full-name mention of `first` (`middle`) `last`, or None."""
    first_score = _first_score(first, known)
    last_score = _last_score(last, known)
    if first_score is None or last_score is None:
        return None
    if middle and middle[0].cap and first_score < 2:
        return None  # «Recep Tayyip Erdogan»: two first names; not «Foreign Affairs Roman Vassilenko»
    after = doc.token(last.index + 1)
    if after is not None and after.cap and after.gap == " " and _POSSESSIVE.sub("", after.text).lower() in (
        NOT_NAME_WORDS
    ):
        return None  # «Antonio Costa Foundation», «Yerlan Karin University»: part of an institution's name
    role = _role_before(doc, first)
    context = 2 if role else 0
    previous = mentions[-1] if mentions and mentions[-1].kind == "full" else None
    if previous is not None and first_score + last_score >= 3 and _LIST_JOIN.fullmatch(doc.body, previous.end,
                                                                                       first.start):
        context += 2  # «deputies Aida Balayeva, Magerram Magerramov and Yerlan Sairov»
        role = role or previous.role
    context += _speech_around(doc, first, last)
    known_bonus = 4 if (name_search_key(_word(first)), name_search_key(_word(last))) in known.full else 0
    score = first_score + last_score + context + known_bonus
    if score < 4 or (first_score + last_score < 2 and not known_bonus):
        return None
    end = last.start + len(_word(last))
    given = " ".join([_word(first), *(t.text for t in middle if t.cap)])
    surname = " ".join([*(t.text for t in middle if not t.cap), _word(last)])
    return NameMention(
        start=first.start, end=end, surface=doc.body[first.start : end], first=given, last=surname,
        kind="full", role=role, nominative=1.0, confidence=min(1.0, 0.5 + 0.1 * score),
    )


def _speech_around(doc: Document, first: Token, last: Token) -> int:
    """+1 for a speech verb or a past tense right after («Azimova told»), or before («said Yerlan Karin»), or «according
    to» before; +1 for an apposition after («Marat Shibutov, an Almaty-based political scientist»)."""
    score = 0
    after = doc.token(last.index + 1)
    if after is not None and not after.cap and not CLAUSE_BREAK.search(after.gap):
        lower = after.text.lower()
        if lower in SPEECH_VERBS or (lower.endswith("ed") and len(lower) > 4):
            score += 1
    if after is not None and after.gap.strip() == "," and after.text.lower() in ("a", "an", "the", "who"):
        score += 1
    before = doc.token(first.index - 1)
    if before is not None and not CLAUSE_BREAK.search(first.gap):
        lower = before.text.lower()
        if lower == "by" and before.sent_start and (after is None or "\n" in after.gap):
            score += 2  # a byline line: «By Joanna Lillis»
        elif lower in SPEECH_VERBS:
            score += 1
        elif lower == "to" and (two := doc.token(first.index - 2)) is not None and two.text.lower() == "according":
            score += 1
    return score


def _role_before(doc: Document, first: Token) -> str:
    """The title right before a name: «Deputy Justice Minister», «Chairman of the Constitutional Court», «analyst»,
    «Mr»; "" when the word before is not part of one."""
    collected: list[Token] = []
    index, gap = first.index - 1, first.gap
    while index >= 0 and len(collected) < 8:
        token = doc.tokens[index]
        if CLAUSE_BREAK.search(gap) or "'" in gap or "’" in gap:
            break
        lower = token.text.lower()
        if not (token.cap or token.upper or lower in ROLE_WORDS or lower in _CONNECTORS) or (
            token.cap and lower in _NOT_IN_TITLE
        ):
            break
        collected.append(token)
        if token.sent_start:
            break
        gap, index = token.gap, index - 1
    roles = [i for i, token in enumerate(collected) if _is_role(token)]
    if not roles or (roles[0] != 0 and collected[0].text.lower() in _CONNECTORS):
        return ""
    # from the farthest role word, with the capitalised words just before it («Kazakh Foreign Minister»)
    start = roles[-1]
    while start + 1 < len(collected) and collected[start + 1].cap and not collected[start].sent_start:
        modifier = collected[start + 1].text
        if modifier.lower() in _CONNECTORS or _POSSESSIVE.search(modifier):
            break  # not «Human Rights Watch's Central Asia researcher»: the researcher of an organisation
        start += 1
    return " ".join(doc.body[collected[start].start : first.start].split()).strip(" ,")


def latin_full_name(words: list[str], known: KnownPeople) -> str:
    """«Aigerim Nurlanova» when two or three Latin words read as a first name and a surname (a byline), else ""."""
    probe = Document(" ".join(words), "en")
    if len(probe.tokens) != len(words) or not 2 <= len(words) <= 3:
        return ""
    first, last = probe.tokens[0], probe.tokens[-1]
    first_score, last_score = _first_score(first, known), _last_score(last, known)
    if first_score is None or last_score is None or first_score + last_score < 3:
        return ""
    return f"{_word(first)} {_word(last)}"


def _surname_mentions(doc: Document, known: KnownPeople, covered: set[int], full: list) -> list:
    """Lone surnames («Tokayev said», «Mr Karin», «President Tokayev») of someone named in full here or known to
    the archive."""
    in_text = {name_search_key(m.last) for m in full if m.kind == "full"}
    found = []
    for token in doc.tokens:
        if token.index in covered or not token.cap:
            continue
        word = _word(token)
        if _never_a_name(word):
            continue
        after = doc.token(token.index + 1)
        if after is not None and after.cap and after.gap == " " and _word(after).lower() in NOT_NAME_WORDS:
            continue  # «Nazarbayev University», «Tokayev Foundation»: an institution named after someone
        key = name_search_key(word)
        known_name = ""
        if key not in in_text:
            if not _looks_like_surname(word):
                continue
            known_name = known.only_person_with_surname(key) or ""
            if not known_name:
                continue
        found.append(NameMention(
            start=token.start, end=token.start + len(word), surface=word, first="", last=word, kind="surname",
            known_name=known_name, role=_role_before(doc, token), confidence=0.7,
        ))
    return found
