"""Cyrillic (Russian and Kazakh) to plain ASCII Latin.

The scheme is a readable one close to the passport (ICAO) and press spellings: ж→zh, х→kh, ц→ts, ч→ch, ш→sh,
щ→shch, й→i, ы→y, ю→yu, я→ya, ь/ъ dropped. Kazakh letters are folded onto Russian ones first (Тоқаев→tokaev),
so a name gets the same Latin form whichever keyboard it was typed on. It is for display and for `name_key`, not a
reversible transliteration.
"""

from __future__ import annotations

import unicodedata

from archive.text.folding import fold

_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ј": "j",  # Serbian/Macedonian
    "ѕ": "dz",
    "ђ": "dj",
    "ћ": "c",
    "љ": "lj",
    "њ": "nj",
    "џ": "dzh",
}

# Latin letters that NFKD would flatten badly: the Kazakh (2021, 2018) and Turkish/Slavic letters whose plain base
# letter is another sound (ş is sh, not s; ı is Kazakh ы). Everything else with a diacritic loses it via NFKD.
_LATIN_SPECIAL = {
    "ş": "sh",
    "ș": "sh",
    "š": "sh",
    "ç": "ch",
    "č": "ch",
    "ž": "zh",
    "ı": "y",  # Kazakh 2021 Latin ı = ы
    "ǵ": "g",
    "ğ": "g",
    "ń": "n",
    "ñ": "n",
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "đ": "d",
    "ð": "d",
    "þ": "th",
}

_TABLE = str.maketrans(_CYRILLIC_TO_LATIN | _LATIN_SPECIAL)


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_latin(text: str) -> str:
    """Lowercase ASCII-leaning Latin for Cyrillic or Latin text (non-letters pass through)."""
    # NFC first so that a decomposed й (и + breve) is one letter before the table sees it.
    folded = fold(unicodedata.normalize("NFC", text))
    return _strip_diacritics(folded.translate(_TABLE))
