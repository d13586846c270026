"""What kind of word a token is: a place, a role, an organisation head, a speech verb, a month, a noun in a
given case; and so whether it can never be part of a person's name. Answers are cached per word."""

from __future__ import annotations

import re
from functools import lru_cache

from archive.text import fold

from .data.names import NOT_NAME_WORDS, SURNAME_END
from .data.organisations import INSTITUTIONS_KK, INSTITUTIONS_RU, KK_ORG_HEADS, RU_ORG_HEADS
from .data.places import PLACE_WORD_STEMS, PLACES
from .data.roles import KK_NOT_ROLE_PREFIXES, KK_ROLE_STEMS, RU_ROLE_LEMMAS
from .data.speech import RU_SPEECH_PAST
from .entity_text import Token
from .kazakh_words import kk_stem
from .morphology import lemma, parses

_PLACE_STEM_LENGTHS = sorted({len(stem) for stem in PLACES}, reverse=True)
_RU_ORG_WORDS = RU_ORG_HEADS | INSTITUTIONS_RU
_KK_ORG_STEMS = KK_ORG_HEADS + tuple(INSTITUTIONS_KK)
_MONTHS = re.compile(r"^(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|кантар|акпан"
                     r"|наурыз|сауир|мамыр|маусым|шилде|тамыз|кыркуйек|казан|караша|желтоксан)")


@lru_cache(maxsize=100_000)
def place_for(folded: str) -> tuple[str, str] | None:
    """(Russian, Kazakh) nominative of a city named by a folded word in any case form, or None."""
    for length in _PLACE_STEM_LENGTHS:
        names = PLACES.get(folded[:length])
        if names is not None and len(folded) - length <= 5:
            return names
    return None


@lru_cache(maxsize=100_000)
def is_place_word(folded: str) -> bool:
    return place_for(folded) is not None or folded.startswith(PLACE_WORD_STEMS)


def is_role_word(token: Token) -> bool:
    """A word that names a post or occupation: депутат, председателя, Елшісі, хатшысы."""
    return _is_role_text(token.text)


@lru_cache(maxsize=100_000)
def _is_role_text(text: str) -> bool:
    folded = fold(text)
    if folded.startswith(KK_NOT_ROLE_PREFIXES):
        return False
    if not text[0].isascii() and lemma(text) in RU_ROLE_LEMMAS:
        return True
    if "-" in text and not text[0].isascii() and lemma(text.rsplit("-", 1)[1]) in RU_ROLE_LEMMAS:
        return True  # пресс-секретарь, экс-министр: the head of a compound is its last part
    return kk_stem(folded, KK_ROLE_STEMS) is not None


def is_org_word(token: Token) -> bool:
    """A word that heads an organisation's name or is an institution: министерства, Сенат, министрлігі."""
    return _is_org_text(token.text)


@lru_cache(maxsize=100_000)
def _is_org_text(text: str) -> bool:
    if not text[0].isascii() and lemma(text) in _RU_ORG_WORDS:
        return True
    return kk_stem(fold(text), _KK_ORG_STEMS) is not None


def is_speech_verb(token: Token | None) -> bool:
    return token is not None and token.folded.startswith(RU_SPEECH_PAST)


def never_a_name(token: Token) -> bool:
    """Latin, an abbreviation, a function word, a place, a role, an organisation or a month."""
    folded = token.folded
    return (
        token.latin
        or token.upper
        or len(folded) < 2
        or folded in NOT_NAME_WORDS
        or is_place_word(folded)
        or is_role_word(token)
        or is_org_word(token)
        or _is_month(folded)
    )


def _is_month(folded: str) -> bool:
    return bool(_MONTHS.match(folded)) and len(folded) <= 10 and not SURNAME_END.search(folded)  # not Мамыров


def has_case(token: Token, case: str) -> bool:
    """A Russian noun or adjective (by its likeliest analysis) that may stand in `case`."""
    analyses = parses(token.text.lower())[:3]
    return bool(analyses) and analyses[0].tag.POS in ("NOUN", "ADJF") and any(
        p.tag.case == case and p.tag.POS in ("NOUN", "ADJF") for p in analyses
    )
