"""Match keys for person (and place) names across Cyrillic, Kazakh Latin and English spellings.

`name_key` is the precise key stored with every alias: Тоқаев, Токаев, Tokayev, Tokaev and Toqaev all give
"tokaev", while Токарев gives "tokarev". `normalise_person_surface` undoes Russian and Kazakh case endings on one
name-word (Токаевым, Тоқаевтың → Токаев, Тоқаев). `name_search_key` combines both for the search index and is
deliberately looser (see there).
"""

from __future__ import annotations

import re
from functools import lru_cache

from archive.text.folding import fold
from archive.text.kazakh_stem import kazakh_case_ending
from archive.text.scripts import has_arabic, has_kazakh_marks, kazakh_word_to_cyrillic
from archive.text.translit import to_latin

# ---------------------------------------------------------------------------------------------------------------
# name_key
# ---------------------------------------------------------------------------------------------------------------

_WORD_BREAK = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]+")

# A soft/hard sign before е/ё/и/ю/я is heard as a glide that Latin spellings write (Васильев = Vasilyev,
# Наталья = Natalya): keep it as й. Elsewhere it is silent and dropped (Брюссель = Brussel).
_SIGN_BEFORE_VOWEL = re.compile(r"[ьъ](?=[еёию])")

# Latin clean-ups, applied in this order to both the transliterated Cyrillic and the native Latin spelling.
_LATIN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch|sch", "S"),  # щ: Shchukin / Schukin; merged with ш (both become S, restored to "sh" below)
        (r"sh", "S"),  # protect ш before the h rules
        (r"ch", "C"),  # protect ч before the h rules
        (r"dzh|dj|zh", "j"),  # ж/дж: Zhomart / Jomart / Джумурбаев = Djumurbaev = Jumurbaev
        (r"ph", "f"),  # Latin spellings of ф
        (r"th", "t"),  # Latin spellings of т
        (r"kh|ck|h|q", "k"),  # х/қ/к: Kazakhstan / Qazaqstan / Казахстан / Қазақстан; Ahmet = Ахмет
        (r"x", "ks"),  # Xenia = Ксения
        (r"ts|tz", "c"),  # ц: Tsoy / Цой (c alone is also ц)
        (r"w", "v"),  # Wasilenko, Dawid: German/Polish w is в
        (r"y", "i"),  # ы, й and y are not told apart by Latin spellings: Kasym / Kasim, Zhazykbay / Zhazykbai
        (r"([a-z])\1+", r"\1"),  # double letters vary: Kassym / Касым, Шөкеева / Shokeva, Мария / Mariia
        (r"(?<=[aeou])i(?=[aeiou])", ""),  # glide between vowels: Tokayev / Tokaev, Ashimbayev / Ashimbaev
        (r"^i(?=e)", ""),  # initial ye-: Yerlan / Ерлан, Yessimov / Есимов
        (r"([a-z])\1+", r"\1"),  # doubles made by the glide rule: Shokeyeva → shokeeva → shokeva
        (r"S", "sh"),
        (r"C", "ch"),
    )
)


def _latin_word(word: str) -> str:
    """The transliterated, cleaned-up form of one word (no spaces or hyphens inside)."""
    folded = _SIGN_BEFORE_VOWEL.sub("й", fold(word))
    latin = _NOT_KEY_CHAR.sub("", to_latin(folded))
    for pattern, replacement in _LATIN_RULES:
        latin = pattern.sub(replacement, latin)
    return latin


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """Canonical ASCII key of a name written in any script; several words give space-separated keys.

    Hyphens count as word breaks, so Касым-Жомарт and "Kassym Jomart" share the key "kasim jomart". Kazakh in
    the Arabic script goes through Cyrillic first (توقايەۆ → Тоқаев → "tokaev"); Latin needs no conversion.
    """
    if has_arabic(word):
        word = kazakh_word_to_cyrillic(word)
    keys = (_latin_word(part) for part in _WORD_BREAK.split(word))
    return " ".join(key for key in keys if key)


# ---------------------------------------------------------------------------------------------------------------
# normalise_person_surface
# ---------------------------------------------------------------------------------------------------------------

# Ends of nominative surnames and patronymic-like names after which an ending may be stripped safely
# (matched on the folded word, so Kazakh letters are covered: Шөкеева → шокеева).
_NAME_STEM = re.compile(r"(?:ов|ев|ин|ын|ова|ева|ина|ына|ко|улы|кызы|бай|бек|жан|хан)$")

# Kazakh case endings (found by the stemmer's sound rules, so Тоқаев-тың but not Сұл-тан) are removed when
# - they contain a Kazakh letter (genitive -ның/-тың, dative -ға/-қа): Тоқаевтың, Жомартқа, Шөкееваның;
# - they are ablative, instrumental or dative -ке/-ге and leave four letters: Тоқаевпен, Дарханнан, Мауленге
#   (Дастан, Байден, Кармен keep theirs);
# - or, being short and common word ends (-ты, -да), they leave a name stem: Тоқаевты, but not Алма-ты.
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_KAZAKH_MEDIUM = frozenset(("нан", "нен", "дан", "ден", "тан", "тен", "мен", "пен", "бен", "ке", "ге"))
# Russian endings, as (pattern, what the nominative adds back). Tried in order on the folded word.
_RUSSIAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # surnames in -ов/-ев/-ин/-ын: Токаева, Токаеву, Токаевым, Токаеве, Токаевой, Токаевых → Токаев
    (re.compile(r"^(.{2,}(?:ов|ев|ин|ын))(?:а|у|ым|е|ой|ою|ы|ых|ыми)$"), ""),
    # adjectival surnames: Каренского, Каренская → Каренский
    (re.compile(r"^(.{2,}[сц]к)(?:ого|ому|им|ом|ая|ой|ую|ие|их|ими)$"), "ий"),
    # names in -ай/-ей: Жазыкбая, Акылбаю, Сергеем → Жазыкбай, Акылбай, Сергей
    (re.compile(r"^(.{2,}[аеу])(?:я|ю|ем|е)$"), "й"),
    # instrumental of a name ending in a hard consonant: Маратом, Кимом
    (re.compile(r"^(.{2,}[бвгджзклмнпрстфхцчшщ])ом$"), ""),
)
# Masculine first names ending in a consonant, when the context shows they are declined (Касым-Жомарта).
_RUSSIAN_MASCULINE = re.compile(r"^(.{2,}[бвгджзклмнпрстфхцчшщ])(?:а|у|е)$")
# Women's first names that look like a declined surname in -ин (Галина is not the genitive of Галин).
FEMININE_FIRST_NAMES = frozenset({
    "галина", "марина", "дарина", "алина", "карина", "ирина", "полина", "мадина", "арина", "регина",
    "ангелина", "кристина", "валентина", "екатерина", "зарина", "сабина", "альбина", "амина", "элина",
})  # fmt: skip

_VOWELS = set("аеиоуыэюяё")


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


def _kazakh_ending_length(part: str, folded: str) -> int:
    """How many characters of Kazakh case ending to cut from a name-word (0: none)."""
    ending = kazakh_case_ending(part.lower())
    if not ending:
        return 0
    remainder = folded[: -len(ending)]
    if not _has_vowel(remainder):
        return 0
    if _KAZAKH_LETTERS.intersection(ending):
        keep = len(remainder) >= 3
    elif ending in _KAZAKH_MEDIUM:
        keep = len(remainder) >= 4
    else:
        keep = len(remainder) >= 4 and bool(_NAME_STEM.search(remainder))
    return len(ending) if keep else 0


def _russian_nominative(part: str, folded: str, declined_compound: bool) -> str | None:
    """The nominative of a Russian-declined name-word, or None when no rule applies."""
    rules = _RUSSIAN_RULES + (((_RUSSIAN_MASCULINE, ""),) if declined_compound else ())
    for pattern, add_back in rules:
        match = pattern.match(folded)
        if not match:
            continue
        stem_length = len(match.group(1))
        if folded[:stem_length] + "а" in FEMININE_FIRST_NAMES:
            add_back = "а"  # Галины → Галина, and Галина stays
        return part[:stem_length] + (add_back.upper() if part.isupper() else add_back)
    return None


def _normalise_part(part: str, declined_compound: bool = False) -> str:
    folded = fold(part)  # same length as `part`, so a cut on `folded` applies to the original spelling
    if not _has_vowel(folded):
        return part
    cut = _kazakh_ending_length(part, folded)
    if cut:
        return part[:-cut]
    nominative = _russian_nominative(part, folded, declined_compound)
    return part if nominative is None else nominative


@lru_cache(maxsize=65536)
def normalise_person_surface(word: str) -> str:
    """One name-word with its Russian or Kazakh case ending removed, in its own script and capitalisation.

    Conservative: Kazakh short endings and Russian endings are only removed where the rest still looks like a
    name (-ов/-ев/-ин/-ова/-ева/-ина/-ко/-улы/-бай…), so Алматы or Вера are left alone. A masculine-looking
    inflected form (Токаева) becomes the masculine nominative, also when it was a woman's name: see
    `name_search_key`.
    """
    parts = word.split("-")
    if len(parts) == 1:
        return _normalise_part(word)
    # Russian declines only the last half of a Kazakh double name (Касым-Жомарта); a first half ending in a
    # consonant shows the whole name is masculine, so its -а/-у/-е are case endings.
    first_is_masculine = fold(parts[0])[-1:] not in _VOWELS | {"й", "ь"} and len(parts[0]) > 1
    parts[-1] = _normalise_part(parts[-1], declined_compound=first_is_masculine)
    return "-".join(parts)


# ---------------------------------------------------------------------------------------------------------------
# name_search_key
# ---------------------------------------------------------------------------------------------------------------

_TRAILING_VOWELS = re.compile(r"(?<=[a-z]{3})[aeiou]+$")


def _search_key_word(key: str) -> str:
    # Final vowels carry Russian case and gender on names (Вера / Веры / Вере / Верой; Марата; Токаева as a
    # woman's surname) and Latin spellings vary there (Maria / Mariia): drop them, keeping three letters.
    return _TRAILING_VOWELS.sub("", key)


@lru_cache(maxsize=65536)
def name_search_key(word: str) -> str:
    """The search-index term(s) for a name-word: `name_key(normalise_person_surface(word))`, loosened.

    Decision: inflected masculine forms and the feminine surname share the masculine key (Токаева, genitive of
    Токаев, and Токаева, a woman, both give "tokaev"): without context the two cannot be told apart, and for
    search it is better to find both than to miss the first. Final vowels are dropped as well, so Вера / Веры /
    Верой meet without a Russian first-name grammar. Токаев / Токарев and Ким / Кин still stay apart.
    """
    if has_kazakh_marks(word):
        word = kazakh_word_to_cyrillic(word)  # Toqaevtyñ → Тоқаевтың, so its Kazakh ending comes off
    key = name_key(normalise_person_surface(word))
    return " ".join(_search_key_word(part) for part in key.split(" ") if part)
