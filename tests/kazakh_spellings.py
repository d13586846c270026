"""Kazakh Cyrillic written out in the three Latin variants and the Arabic script, for tests: the seeds' Kazakh
texts become texts of the other scripts, whose conversion back (archive.text.scripts) can then be measured."""

from __future__ import annotations

import re

_LATIN = {
    "2021": {
        "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
        "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
        "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
        "һ": "h", "ц": "s", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
        "ю": "iu", "я": "ia",
    },
    "2018": {
        "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "ıo", "ж": "j",
        "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ń", "о": "o",
        "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý", "ұ": "u", "ү": "ú", "ф": "f", "х": "h",
        "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
        "ю": "ıý", "я": "ıa",
    },
    "2017": {
        "а": "a", "ә": "a'", "б": "b", "в": "v", "г": "g", "ғ": "g'", "д": "d", "е": "e", "ё": "i'o", "ж": "j",
        "з": "z", "и": "i'", "й": "i'", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "n'", "о": "o",
        "ө": "o'", "п": "p", "р": "r", "с": "s", "т": "t", "у": "y'", "ұ": "u", "ү": "u'", "ф": "f", "х": "h",
        "һ": "h", "ц": "ts", "ч": "c'", "ш": "s'", "щ": "s'", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
        "ю": "i'y'", "я": "i'a",
    },
}  # fmt: skip

_ARABIC = {
    "а": "ا", "ә": "ا", "б": "ب", "в": "ۆ", "г": "گ", "ғ": "ع", "д": "د", "е": "ە", "ё": "يو", "ж": "ج",
    "з": "ز", "и": "ي", "й": "ي", "к": "ك", "қ": "ق", "л": "ل", "м": "م", "н": "ن", "ң": "ڭ", "о": "و",
    "ө": "و", "п": "پ", "р": "ر", "с": "س", "т": "ت", "у": "ۋ", "ұ": "ۇ", "ү": "ۇ", "ф": "ف", "х": "ح",
    "һ": "ھ", "ц": "تس", "ч": "چ", "ш": "ش", "щ": "ش", "ъ": "", "ы": "ى", "і": "ى", "ь": "", "э": "ە",
    "ю": "يۋ", "я": "يا",
}  # fmt: skip
_ARABIC_PUNCTUATION = str.maketrans({",": "،", "?": "؟", ";": "؛"})
_WORD = re.compile(r"[\u0400-\u04ff]+")


def to_latin(text: str, variant: str) -> str:
    table = _LATIN[variant]

    def letter(ch: str) -> str:
        latin = table.get(ch.lower(), ch)
        return latin[:1].upper() + latin[1:] if ch.isupper() and latin else latin

    return "".join(letter(ch) for ch in text)


def _arabic_word(word: str) -> str:
    lower = word.lower()
    arabic = "".join(_ARABIC.get(ch, ch) for ch in lower)
    front = any(ch in "әөүі" for ch in lower)
    needs_hamza = front and not any(ch in "екг" for ch in lower)
    return ("ء" if needs_hamza else "") + arabic


def to_arabic(text: str) -> str:
    return _WORD.sub(lambda match: _arabic_word(match.group(0)), text).translate(_ARABIC_PUNCTUATION)
