"""A light Kazakh suffix stripper for search (no dictionary; nothing better runs offline, see NLP-NOTES.md).

Kazakh stacks endings in a fixed order: stem + plural + possessive + case (+ the relative -дағы). We peel them
from the outside in, at most one of each, and accept an ending only in the variant that Kazakh would attach to
what is left: its first consonant follows the last sound of the remainder (реформа-ның but Тоқаев-тың and
ел-дің; Алматы is not Алма-ты, because after a vowel the accusative is -ны). Vowel harmony is not demanded
(-дан and -ден are both accepted anywhere) because loanwords and Russian surnames ignore it (Брюссель-де,
Тоқаев-тың). Derivational endings (-лық, -шы, -сыз) are left alone: қоғамдық stays a word of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

MIN_STEM = 2  # ел "country", іс "affair" are real stems

# Sound classes of the last letter of a remainder. у, ю and и sound [w], [jw], [ij] at the end of a Kazakh word
# and take the endings of the sonorants (асыру-ды, кездесу-дің), so they are not vowels here.
VOWEL = frozenset("аәеёоөұүыіэя")
NASAL = frozenset("мнң")
LIQUID = frozenset("лруйию")
SIBILANT = frozenset("жз")
# Voiceless consonants, plus б в г д ғ which Kazakh treats the same way in loanwords and surnames: Тоқаев-тың.
VOICELESS = frozenset("пфкқтсшщхһцчбвгдғ")


def _last(remainder: str) -> str:
    return remainder.rstrip("ьъ")[-1:]  # Брюссель-де: the soft sign does not count


def _after(*classes: frozenset[str]) -> Callable[[str], bool]:
    letters = frozenset().union(*classes)
    return lambda remainder: _last(remainder) in letters


def _after_possessive(remainder: str) -> bool:
    """-сы-ның, -ы-нда, -сы-н: these case forms only follow the 3rd-person possessive ы/і."""
    return remainder[-1:] in ("ы", "і") and len(remainder) > MIN_STEM


def _possessive_after_vowel(remainder: str) -> bool:
    """-сы/-сі after a vowel (жоба-сы). After ы/і the с is more often the stem's (облыс-ы, үдеріс-і), except
    for the agent nouns in -шы/-ші (басшы-сы, елші-сі); a few common stems in -ас/-ес are listed."""
    last = _last(remainder)
    if remainder + "с" in S_FINAL_STEMS:
        return False
    return last in VOWEL and (last not in "ыі" or remainder.endswith(("шы", "ші")))


def _possessive_after_consonant(remainder: str) -> bool:
    """-ы/-і after a consonant (мемлекет-і, институттар-ы), but not where ы/і belongs to the word: the agent
    suffix -шы (сарапшы), present tense -ды (болады), adjectives in -кі/-ғы (ішкі, тұрғы). A г/ғ/б after a
    vowel is the voiced form of к/қ/п (елшілігі = елшілік + і) and is allowed."""
    last, before = _last(remainder), remainder[-2:-1]
    if last in "шщд":
        return False
    if last in "кқгғб":
        return before in VOWEL
    return last in NASAL | LIQUID | SIBILANT | VOICELESS


def _after_nasal_or_possessive(remainder: str) -> bool:
    return _last(remainder) in NASAL or _after_possessive(remainder)


_AFTER_VOWEL_OR_VOICED = _after(VOWEL, NASAL, LIQUID, SIBILANT)
_AFTER_VOICELESS = _after(VOICELESS)

# Each ending with the test on what it leaves. Tried longest first; the first that passes is removed.
_CASE_ENDINGS: dict[str, Callable[[str], bool]] = {
    # relative "the one in": Қазақстан-дағы, іс-қимыл-дағы, Люксембург-тегі, астанасы-ндағы
    **dict.fromkeys(("дағы", "дегі"), _AFTER_VOWEL_OR_VOICED),
    **dict.fromkeys(("тағы", "тегі"), _AFTER_VOICELESS),
    **dict.fromkeys(("ндағы", "ндегі"), _after_possessive),
    # genitive: реформа-ның, Қазақстан-ның, ел-дің, Тоқаев-тың
    **dict.fromkeys(("ның", "нің"), _after(VOWEL, NASAL)),
    **dict.fromkeys(("дың", "дің"), _after(LIQUID, SIBILANT)),
    **dict.fromkeys(("тың", "тің"), _AFTER_VOICELESS),
    # dative: референдум-ға, процес-ке, жобасы-на
    **dict.fromkeys(("ға", "ге"), _AFTER_VOWEL_OR_VOICED),
    **dict.fromkeys(("қа", "ке"), _AFTER_VOICELESS),
    **dict.fromkeys(("на", "не"), _after_possessive),
    # accusative: реформа-ны, референдум-ды, мемлекет-ті, Конституциясы-н
    **dict.fromkeys(("ны", "ні"), _after(VOWEL)),
    **dict.fromkeys(("ды", "ді"), _after(NASAL, LIQUID, SIBILANT)),
    **dict.fromkeys(("ты", "ті"), _AFTER_VOICELESS),
    "н": _after_possessive,
    # locative: Қазақстан-да, Брюссель-де, сипат-та, жобасы-нда
    **dict.fromkeys(("да", "де"), _AFTER_VOWEL_OR_VOICED),
    **dict.fromkeys(("та", "те"), _AFTER_VOICELESS),
    **dict.fromkeys(("нда", "нде"), _after_possessive),
    # ablative: азаматтар-дан, адам-нан, жобасы-нан, тұрғы-дан
    **dict.fromkeys(("дан", "ден"), _after(VOWEL, LIQUID, SIBILANT)),
    **dict.fromkeys(("нан", "нен"), _after_nasal_or_possessive),
    **dict.fromkeys(("тан", "тен"), _AFTER_VOICELESS),
    # instrumental has one vowel for all stems: Тоқаев-пен, мемлекеттер-мен, басқармасы-мен
    "мен": _after(VOWEL, NASAL, LIQUID),
    "бен": _after(SIBILANT),
    "пен": _AFTER_VOICELESS,
}
_RELATIVE = frozenset(("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"))
_POSSESSIVE_ENDINGS: dict[str, Callable[[str], bool]] = {
    **dict.fromkeys(("сы", "сі"), _possessive_after_vowel),
    **dict.fromkeys(("ы", "і"), _possessive_after_consonant),
    **dict.fromkeys(("ымыз", "іміз"), _possessive_after_consonant),  # 1st plural: қатысу-ымыз
    **dict.fromkeys(("мыз", "міз"), _after(VOWEL)),
}
_PLURAL_ENDINGS: dict[str, Callable[[str], bool]] = {
    **dict.fromkeys(("лар", "лер"), _after(VOWEL, frozenset("руйию"))),
    **dict.fromkeys(("дар", "дер"), _after(NASAL, SIBILANT, frozenset("л"))),
    **dict.fromkeys(("тар", "тер"), _AFTER_VOICELESS),
}

# Words whose own ending looks like a suffix. Checked before every step, so inflected forms stop here too
# (Алматыда → алматы, кейіннен → кейін).
PROTECTED = frozenset({
    "алматы", "қызылорда", "өскемен", "алдағы", "туралы", "арқылы", "қарсы", "сияқты", "және", "немесе",
    "үшін", "мүмкін", "серпін", "бұрын", "дайын", "бүгін", "кейін", "тегін", "жақын", "қиын", "ұзын", "қалың",
})  # fmt: skip
# Stems ending in -ас/-ес whose possessive (кеңес-і) looks like a vowel stem + -сі (кеңе-сі). Without a
# dictionary only a list helps; these are the frequent ones in the reform coverage.
S_FINAL_STEMS = frozenset({
    "кеңес", "процес", "серіктес", "әріптес", "көзқарас", "қатынас", "күрес", "талас", "келіссөз",
})  # fmt: skip
# Place names in -стан: the -тан would otherwise be taken for an ablative (Қазақстан → қазақс).
PROTECTED_ENDINGS = ("стан",)
# Before a vowel-initial ending Kazakh voices a final к/қ/п (елшілік → елшілігі, топ → тобы): undo it.
_DEVOICE = {"г": "к", "ғ": "қ", "б": "п"}


Rules = tuple[tuple[str, Callable[[str], bool]], ...]


def _longest_first(endings: dict[str, Callable[[str], bool]]) -> Rules:
    return tuple(sorted(endings.items(), key=lambda item: len(item[0]), reverse=True))


_CASE_RULES = _longest_first(_CASE_ENDINGS)
_POSSESSIVE_RULES = _longest_first(_POSSESSIVE_ENDINGS)
_PLURAL_RULES = _longest_first(_PLURAL_ENDINGS)
# For names: plain case endings only (no -дағы, none of the forms that follow a possessive).
_NAME_CASE_RULES = tuple(
    (ending, test) for ending, test in _CASE_RULES if test is not _after_possessive and ending not in _RELATIVE
)


def _strip_one(word: str, rules: Rules) -> tuple[str, str]:
    """(remainder, ending) for the longest ending whose test passes, or (word, "")."""
    if word in PROTECTED or word.endswith(PROTECTED_ENDINGS):
        return word, ""
    for ending, test in rules:
        if word.endswith(ending):
            remainder = word[: -len(ending)]
            if len(remainder.rstrip("ьъ")) >= MIN_STEM and test(remainder):
                return remainder, ending
    return word, ""


def kazakh_case_ending(word: str) -> str:
    """The plain case ending (no -дағы, none of the forms after a possessive) that fits the end of a lowercase
    word, or "": used for names, where Тоқаевтың, Жомартқа, Василенкомен must lose it."""
    return _strip_one(word, _NAME_CASE_RULES)[1]


def _undo_voicing(stem: str) -> str:
    if stem[-1:] in _DEVOICE and stem[-2:-1] in VOWEL:
        return stem[:-1] + _DEVOICE[stem[-1]]
    return stem


@lru_cache(maxsize=65536)
def stem_kazakh(word: str) -> str:
    """The stem of one Kazakh word, lowercased: one case, one possessive and one plural ending removed."""
    word = word.lower()
    if len(word) <= MIN_STEM + 1:
        return word
    word, _ = _strip_one(word, _CASE_RULES)
    word, possessive = _strip_one(word, _POSSESSIVE_RULES)
    if possessive in ("ы", "і", "ымыз", "іміз"):
        word = _undo_voicing(word)
    word, _ = _strip_one(word, _PLURAL_RULES)
    return word
