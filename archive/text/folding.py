"""Case and script folding for Russian and Kazakh text.

`fold` puts a text into the one alphabet that matching and the Russian tools understand: lower case, the nine
Kazakh-specific letters replaced by their nearest Russian letter, ё→е, and a few Ukrainian/Belarusian letters
that turn up in names likewise. It maps one character to exactly one character, so an offset in the folded text
is the same offset in the original (NER runs on the folded text; spans are cut from the original).

`fold_key` is for comparing, not for offsets: it also drops the hard and soft signs and hyphens/soft hyphens.
"""

from __future__ import annotations

# Kazakh letters onto their Russian neighbours (the same choice the Russian press makes when it has no Kazakh
# keyboard: Тоқаев is printed Токаев, Қасым as Касым, Әбдіраш as Абдираш).
_KAZAKH_TO_RUSSIAN = {
    "қ": "к",
    "ғ": "г",
    "ң": "н",
    "ә": "а",
    "ө": "о",
    "ұ": "у",
    "ү": "у",
    "һ": "х",
    "і": "и",  # U+0456: Kazakh і is the same code point as the Ukrainian one
}

_OTHER_CYRILLIC = {
    "ё": "е",
    "ї": "и",  # Ukrainian
    "є": "е",  # Ukrainian
    "ґ": "г",  # Ukrainian
    "ў": "у",  # Belarusian
    "ӑ": "а",  # Chuvash/Tatar letters seen in surnames
    "ӗ": "е",
    "ҫ": "с",
    "җ": "ж",  # Tatar
    "ҙ": "з",  # Bashkir
    "ҡ": "к",  # Bashkir
    "ӊ": "н",
    "ӯ": "у",  # Tajik
    "ӣ": "и",  # Tajik
    "ҳ": "х",  # Tajik/Uzbek
    "ҷ": "ч",  # Tajik
}

_FOLD_TABLE = str.maketrans(_KAZAKH_TO_RUSSIAN | _OTHER_CYRILLIC)

# Removed by fold_key only: signs that spelling variants drop freely (Брюссель / Брюсель, Наталья / Натал'я) and
# hyphen-like characters inside one word.
_KEY_DROP_TABLE = str.maketrans(dict.fromkeys("ьъ\u00ad\u200b\u2010\u2011-'’ʼ`", None))


def _lower_one_to_one(text: str) -> str:
    """str.lower, but never changing the length ('İ'.lower() is 'i' + a combining dot: keep the 'i')."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower()[:1] or ch for ch in text)


def fold(text: str) -> str:
    """Lowercase and map Kazakh (and other non-Russian Cyrillic) letters onto Russian ones; same length."""
    return _lower_one_to_one(text).translate(_FOLD_TABLE)


def fold_key(text: str) -> str:
    """`fold`, then drop ь/ъ, hyphens and apostrophes: for comparing spellings (not length-preserving)."""
    return fold(text).translate(_KEY_DROP_TABLE)
