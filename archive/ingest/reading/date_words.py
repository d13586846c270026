"""The words of datelines: month names, labels and relative-date words in Russian, Kazakh (three scripts), English.

Month names, their abbreviations and the relative words (сегодня, бүгін, yesterday, … назад, … бұрын, … ago)
are borrowed from dateparser 1.5.0's data (dateparser/data/date_translation_data/{ru,kk,en}.py, BSD licence),
which has Kazakh only in Cyrillic: the Latin spellings (2021 alphabet, the 2017 acute and 2018 apostrophe
variants, and the informal ASCII ones) and the Arabic-script (töte jazu) names are added here by hand.
Why the data and not the library: see the docstring of `archive.ingest.reading.dates`.

Words are compared in a normal form (`month_key`): lower case, Kazakh Cyrillic folded onto Russian (ақпан→акпан),
Latin diacritics and apostrophes dropped and the Kazakh-Latin digraphs unified (şilde, shilde, s'ilde → silde;
qañtar, kantar → kantar), the Arabic high hamza dropped. Names are matched as stems, so inflected forms
(марта, наурызда, naurızda) resolve; abbreviations (фев, қаң, Feb.) only as whole words.
"""

from __future__ import annotations

import unicodedata

from archive.text import fold

# Stems of full month names, in normal form. No stem is a prefix of another month's word, so order is free.
MONTH_STEMS: dict[str, int] = {
    # Russian
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    # Kazakh, Cyrillic (folded: қ→к, ә→а, ү→у, і→и)
    "кантар": 1, "акпан": 2, "наурыз": 3, "сауир": 4, "мамыр": 5, "маусым": 6, "шилде": 7, "тамыз": 8,
    "кыркуйек": 9, "казан": 10, "караша": 11, "желтоксан": 12,
    # Kazakh, Latin (normal form: q→k, y/ı→i, w→u, sh/ş→s, zh→j, diacritics and apostrophes gone)
    "kantar": 1, "akpan": 2, "nauriz": 3, "sauir": 4, "mamir": 5, "mausim": 6, "silde": 7, "tamiz": 8,
    "kirk": 9, "saiir": 4, "kazan": 10, "karasa": 11, "jeltoksan": 12,
    # Kazakh, Arabic script (töte jazu)
    "قاڭتار": 1, "اقپان": 2, "ناۋرىز": 3, "ساۋىر": 4, "مامىر": 5, "ماۋسىم": 6, "شىلدە": 7, "تامىز": 8,
    "قىركۇيەك": 9, "قازان": 10, "قاراشا": 11, "جەلتوقسان": 12,
}  # fmt: skip

# Whole words only (Cyrillic folded, Latin lowercased): abbreviations, which as stems would swallow ordinary
# words, and the English names.
MONTH_WORDS: dict[str, int] = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9, "сент": 9,
    "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
    "кан": 1, "акп": 2, "нау": 3, "сау": 4, "мам": 5, "мау": 6, "шил": 7, "там": 8, "кыр": 9, "каз": 10,
    "кар": 11, "жел": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip

# Labels before a date. A publication label's date is the publication date; an update label's date is kept only
# when no publication date is printed.
PUBLISHED_LABELS = (
    "опубликовано", "опубликован", "дата публикации", "дата", "размещено", "жарияланды", "жарияланған",
    "жарияланған күні", "жарияланған уақыты", "jariialandi", "jarialandi", "jariyalandi", "jarııalandy",
    "jarialandy", "jaryialandy", "published", "published on",
    "first published", "posted", "posted on", "date",
)  # fmt: skip
UPDATED_LABELS = (
    "обновлено", "обновлен", "дата обновления", "изменено", "отредактировано", "жаңарды", "жаңартылды",
    "жаңартылған", "janardi", "janardy", "jañardy", "jañartyldy", "janartyldy", "updated", "updated on",
    "last updated", "last updated on", "last modified", "modified",
)  # fmt: skip
BYLINE_WORDS = ("by", "posted by", "written by", "автор", "авторы", "авторы материала")
# Stems of the words an unlisted label before a colon is made of (`Дата выхода в эфир:`, `Басылған уақыты:`, an
# Arabic-script `… ۋاقىتى:`): a date, a time, a day, publishing or going on air; folded, matched at word starts.
# A colon after other words (`Референдум: 15 марта 2026`) is a headline about a date, not a label.
DATE_LABEL_STEMS = (
    "дат", "врем", "число", "опублик", "публикац", "размещ", "выход", "вышел", "эфир", "уакыт", "кун", "жария",
    "басыл", "date", "time", "day", "publi", "post", "issued", "aired", "uakyt", "uaqyt", "uaqit", "kun", "jari",
    "basyl", "ۋاقىت", "كۇن", "جاريا", "جارييا", "باسىل", "ەفير",
)  # fmt: skip
# Words that make a comma-set prefix a sentence about a date (`scheduled for Sunday, March 15`), not a credit
# (`Пресс-служба акимата, 15 марта`): time prepositions and the verbs of scheduling, folded.
PROSE_BEFORE_DATE = (
    "for", "on", "until", "till", "before", "after", "since", "from", "to", "at", "is", "was", "will", "be", "set",
    "moved", "scheduled", "held", "на", "до", "к", "с", "после", "перед", "в", "во", "состоится", "пройдет",
    "прошел", "прошла", "прошло", "назначен", "назначена", "назначено", "перенесен", "перенесено", "дейін", "кейін",
    "өтеді", "өтті", "dein", "keiin", "ótedi", "ótti", "ötedı", "öttı",
)  # fmt: skip

# Relative dates (from dateparser's "relative-type" and "relative-type-regex"), folded. They give no calendar
# date without the day the page was fetched, which a text file does not carry.
RELATIVE_DAYS = (
    "сегодня", "вчера", "позавчера", "только что", "сейчас", "бугин", "кеше", "алдынгуни", "кази", "казир",
    "bugin", "keshe", "today", "yesterday", "just now", "now",
)  # fmt: skip
RELATIVE_UNITS_AGO = {
    "назад": r"(?:секунд[уы]?|сек\.?|минут[уы]?|мин\.?|час(?:а|ов)?|ч\.?|дн(?:я|ей)|день|недел[юиь]|месяц(?:а|ев)?)",
    "бурын": r"(?:секунд|сек|минут|мин|сагат|саг|кун|апта|ап|ай)",
    "ago": r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)",
}

_LATIN_DIGRAPHS = (("sh", "s"), ("zh", "j"))
_LATIN_LETTERS = str.maketrans({"q": "k", "y": "i", "ı": "i", "w": "u"})
_DROP = dict.fromkeys(map(ord, "'’ʼ`´.ٴ"), None)


def month_key(word: str) -> str:
    """The normal form of a month word (see the module docstring)."""
    folded = fold(word.lower()).translate(_DROP)
    if any("a" <= ch <= "z" for ch in unicodedata.normalize("NFD", folded)):
        folded = folded.replace("ý", "u")  # the 2018 alphabet's у (naýryz, sáýir), not a y with an accent
        folded = "".join(ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch))
        folded = folded.translate(_LATIN_LETTERS)
        for digraph, letter in _LATIN_DIGRAPHS:
            folded = folded.replace(digraph, letter)
    return folded


def month_number(word: str) -> int | None:
    """1–12 for a month's name, abbreviation or inflected form in any of our languages and scripts; else None."""
    plain = fold(word.lower()).translate(_DROP)
    if plain in MONTH_WORDS:  # before the Latin normal form, which would turn "january" into "januari"
        return MONTH_WORDS[plain]
    key = month_key(word)
    if not key:
        return None
    for stem, number in MONTH_STEMS.items():
        if key.startswith(stem):
            return number
    return None
