"""Kazakh word endings, read without a morphology: Kazakh has no offline analyser, so names, roles and
organisations are recognised by a stem plus a plausible possessive/case/plural ending, and lose their case
ending by rule (Шөкееваның → Шөкеева, министрлігінің → министрлігі)."""

from __future__ import annotations

import re
from functools import lru_cache

from archive.text import fold, normalise_person_surface
from archive.text.kazakh_stem import kazakh_case_ending

_KK_ENDING = re.compile(
    r"^(?:с?[ыи](?:н[ыи]н|на|не|н|нда|нде|нан|нен|мен)?|[гк][ае]|[дт][ыи]н|н[ыи]н|мен|пен|[дт][аеы]|ны|ни"
    r"|лар[ы]?|лер[и]?|дар[ы]?|дер[и]?|тар[ы]?|тер[и]?)?$"
)
# Matched on the lower-case word with its Kazakh letters: the genitive -тың and the participle -атын fold alike.
_KK_VERBISH = re.compile(
    r"(?:ды|ді|ты|ті|ны|ні|ған|ген|қан|кен|ып|іп|уда|уде|мақ|мек|да|де|та|те|нда|нде|атын|етін|йтын|йтін)$"
)
_KK_MODIFIER = re.compile(r"(?:ның|нің|дың|дің|тың|тің|дағы|дегі|тағы|тегі|лық|лік|дық|дік|тық|тік|ғы|гі|қы|кі|шы|ші)$")
_KK_POSSESSIVE = re.compile(r"(?:[ыи]|с[ыи])$")
_KK_AFTER_POSSESSIVE = re.compile(r"^(.{3,}?[ыи])(н[ыи]н|нда|нде|на|не|нан|нен|н|мен|ндагы|ндеги)$")


def kazakh_word_ending(rest: str) -> bool:
    """`rest` (folded) is empty or a plausible Kazakh possessive/case/plural ending."""
    return len(rest) <= 6 and bool(_KK_ENDING.match(rest))


@lru_cache(maxsize=100_000)
def kk_stem(folded: str, stems: tuple[str, ...]) -> str | None:
    """The stem of `stems` that `folded` starts with, followed only by a Kazakh ending (or nothing)."""
    for stem in stems:
        if folded.startswith(stem) and kazakh_word_ending(folded[len(stem) :]):
            return stem
    return None


def kazakh_modifier(word: str) -> bool:
    """A Kazakh word ending like a genitive, a -дағы/-лық adjective or an agent noun: it may qualify the next."""
    return bool(_KK_MODIFIER.search(word.lower()))


def kazakh_possessive(folded: str) -> bool:
    """A folded Kazakh word ending in a possessive (-ы/-сы): the head of a compound noun («мәслихат хатшысы»)."""
    return bool(_KK_POSSESSIVE.search(folded))


def kazakh_verbish(word: str) -> bool:
    """A Kazakh word ending like a verb or an accusative/locative noun (never inside a role or a name)."""
    lower = word.lower()
    return bool(_KK_VERBISH.search(lower)) and not _KK_MODIFIER.search(lower)


def kazakh_nominative(word: str) -> str:
    """A Kazakh name-word without its case ending (Шөкееваның → Шөкеева), never touching Russian-looking endings
    (Телагисова stays)."""
    base = normalise_person_surface(word)
    if base != word and word.startswith(base):
        cut = word[len(base) :].lower()
        if kazakh_case_ending(word.lower()) == cut:
            return base
    return word


def kazakh_head_nominative(word: str) -> str:
    """A Kazakh head noun without its case ending, keeping the possessive: министрлігінің → министрлігі."""
    folded = fold(word)
    match = _KK_AFTER_POSSESSIVE.match(folded)
    if match:
        return word[: len(match.group(1))]
    ending = kazakh_case_ending(word.lower())
    return word[: -len(ending)] if ending else word
