"""Tell Russian from Kazakh (and English) by letters. No Django.

"Any Kazakh letter means Kazakh" is wrong: Russian articles name people like Әбдіраш or Жазықбай. The *share* of
the nine Kazakh-specific letters among Cyrillic letters separates them (measured: Kazakh prose ≥ 8%, Russian
≤ 2.4%; see shared/NLP-NOTES.md), so 3% is the line for an article. A single sentence is noisier (one Russian
sentence naming Әбдіраш and Жазықбай reaches 4%), so between 3% and 8% the common function words of each language
decide. The decision is made per paragraph as well, so that a text whose paragraphs really alternate between the
languages is called `mixed`.

Kazakh is also written in the Latin alphabet and (in China) in the Arabic script: the script is decided first by
letter counts, Arabic script is Kazakh, and Latin text is Kazakh or English by archive.text.scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.text.scripts import detect_script, kazakh_latin_is_likely

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_SHARE_THRESHOLD = 0.03
KAZAKH_SHARE_CERTAIN = 0.08
RUSSIAN_FUNCTION_WORDS = frozenset("и в во на не что с со по для как это от к из о об а но же также при".split())
KAZAKH_FUNCTION_WORDS = frozenset("және мен бен пен бұл деп үшін осы бойынша арқылы да де та те ол сондай-ақ".split())
MIXED_MINORITY_SHARE = 0.25  # a text is mixed when ≥ 25% of its letters are in paragraphs of the other language
MIN_LETTERS_TO_DECIDE = 20
_NOT_CYRILLIC = re.compile("[^\u0400-\u04ff]+")
_NOT_LATIN = re.compile("[^A-Za-z]+")


@dataclass(frozen=True)
class LetterCounts:
    cyrillic: int = 0
    kazakh: int = 0
    latin: int = 0

    text: str = ""

    @classmethod
    def of(cls, text: str) -> LetterCounts:
        # Counted by the regex engine and str.count, not a Python loop over characters: a 5 MB text is read
        # twice (whole and by paragraph), at C speed. Latin letters are the ASCII ones (isascii() and isalpha()).
        cyrillic_only = _NOT_CYRILLIC.sub("", text)
        kazakh = sum(cyrillic_only.count(letter) for letter in KAZAKH_LETTERS)
        latin = len(_NOT_LATIN.sub("", text))
        return cls(len(cyrillic_only), kazakh, latin, text)

    @property
    def letters(self) -> int:
        return self.cyrillic + self.latin

    def language(self) -> str | None:
        """ru, kk or en; None when there are too few letters to say."""
        if self.letters < MIN_LETTERS_TO_DECIDE:
            return None
        if self.latin > self.cyrillic:
            return "en"
        share = self.kazakh / self.cyrillic
        if share < KAZAKH_SHARE_THRESHOLD:
            return "ru"
        if share >= KAZAKH_SHARE_CERTAIN:
            return "kk"
        words = self.text.lower().split()
        russian = sum(word in RUSSIAN_FUNCTION_WORDS for word in words)
        kazakh = sum(word in KAZAKH_FUNCTION_WORDS for word in words)
        return "ru" if russian > kazakh else "kk"


def detect_script_and_language(text: str) -> tuple[str, str]:
    """(language, script): `ru`/`kk`/`en`/`mixed` and `cyrl`/`latn`/`arab`."""
    script = detect_script(text)
    if script == "arab":
        return "kk", script
    if script == "latn":  # however short: a Latin text is English or Kazakh, never Russian
        return ("kk" if kazakh_latin_is_likely(text) else "en"), script
    return _detect_cyrillic_language(text), script


def detect_language(text: str) -> str:
    """`ru`, `kk`, `en` or `mixed` for an article body (Russian when there is nothing to go on)."""
    return detect_script_and_language(text)[0]


def _detect_cyrillic_language(text: str) -> str:
    overall = LetterCounts.of(text).language()
    weight_by_language: dict[str, int] = {}
    for paragraph in text.split("\n"):
        counts = LetterCounts.of(paragraph)
        language = counts.language()
        if language in ("ru", "kk"):
            weight_by_language[language] = weight_by_language.get(language, 0) + counts.letters
    total = sum(weight_by_language.values())
    if total and len(weight_by_language) == 2 and min(weight_by_language.values()) / total >= MIXED_MINORITY_SHARE:
        return "mixed"
    return overall or "ru"
