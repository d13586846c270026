"""Kazakh in three scripts: tell Cyrillic, Latin and Arabic apart and bring Latin and Arabic Kazakh to Cyrillic.

Why: the Kazakh stemmer, the folding and the name keys all work on Cyrillic. Kazakh press also appears in the
Latin alphabet (three official variants since 2017) and, for Kazakhs in China, in the Arabic script (töte jazu).
Converting those to Cyrillic *for analysis* lets one stemmer and one name key serve all three; the stored text
stays as written. No Django.

Latin variants (auto-detected per text by their marker letters):
- 2021: ä ğ ñ ö ū ü ş (ç), ı = і, i = и/й, y = ы, u = у, ū = ұ, ü = ү. Also the plain-ASCII spelling of the
  press ("Qasym-Jomart Toqaev ... turaly aitty") which is 2021 without the marks.
- 2018: á ǵ ń ó ú ý, sh/ch digraphs, i = і, ı = и/й, y = ы, u = ұ, ú = ү, ý = у.
- 2017: apostrophes a' g' n' o' u' y' s' c' i', i = і, i' = и/й, y = ы, y' = у, u = ұ, u' = ү.
The letter for и/й becomes й after a vowel; with a or u after it the pair is я/ю at the start of a word or after
a vowel, ия/ию after a consonant (Konstitusia → Конститусия); ts before that letter is ц (Konstıtýtsııa).

Arabic script (töte jazu): every vowel is written. Front vowels are marked once per word by the high hamza ٴ
(or by the precomposed ٵ ٶ ٷ ٸ); words with ك گ ە are front without it, unless they hold a back consonant
ق or ع (Тоқаев = توقايەۆ keeps its back vowels). In a front word ا و ۇ ى read ә ө ү і, in a back word а о ұ ы.
ي is и, or й after a vowel; يا / يۋ after a vowel or at a word's start are я / ю; ۋ is у, ۆ is в. Russian
surnames in -аев are written both اەۆ and ايەۆ (abai.kz: توقاەۆ; inform.kz: نازاربايەۆ): both read -аев.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------------------------------------------------------
# Script detection
# ---------------------------------------------------------------------------------------------------------------

_ARABIC_RE = re.compile(r"[\u0620-\u064a\u0671-\u06d5\ufb50-\ufdff\ufe70-\ufefc]")


_ARABIC_PRESENTATION_RE = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefc]")


def _byte_classes() -> bytes:
    """A bytes.translate table from the UTF-8 bytes that start a letter to its script: c(yrillic), l(atin),
    a(rabic); every other byte (continuation bytes, digits, punctuation) to '.'."""
    table = bytearray(b"." * 256)
    for byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        table[byte] = ord("l")
    for byte in range(0xC3, 0xCA):  # U+00C0-U+027F: Latin letters with diacritics (ä ğ ñ ş ı á ǵ ...)
        table[byte] = ord("l")
    for byte in range(0xD0, 0xD4):  # U+0400-U+04FF: Cyrillic
        table[byte] = ord("c")
    for byte in range(0xD8, 0xDC):  # U+0600-U+06FF: Arabic
        table[byte] = ord("a")
    return bytes(table)


_BYTE_CLASSES = _byte_classes()


def script_counts(text: str) -> dict[str, int]:
    """About how many letters of each script `text` has: the lead bytes of its UTF-8, classified by one
    bytes.translate (~100× faster than a regular expression or a loop; this runs on every Kazakh document the
    index builds). Rare letters outside the main blocks (Arabic presentation forms) are not counted."""
    data = text.encode("utf-8", "surrogatepass")
    classes = data.translate(_BYTE_CLASSES)
    arabic = classes.count(b"a")
    if b"\xef" in data:  # three-byte characters from U+F000 on: Arabic presentation forms (ﻗ ﺎ) are among them
        arabic += len(_ARABIC_PRESENTATION_RE.findall(text))
    return {"cyrl": classes.count(b"c"), "latn": classes.count(b"l"), "arab": arabic}


def detect_script(text: str) -> str:
    """"cyrl", "latn" or "arab": the script with the most letters (Cyrillic when there are none)."""
    counts = script_counts(text)
    best = max(counts, key=lambda script: (counts[script], script == "cyrl"))
    return best if counts[best] else "cyrl"


# ---------------------------------------------------------------------------------------------------------------
# Kazakh Latin → Cyrillic
# ---------------------------------------------------------------------------------------------------------------

_MARKS_2021 = frozenset("äğñöūüşçŋÄĞÑÖŪÜŞÇŊ")
_MARKS_2018 = frozenset("áǵńóúýÁǴŃÓÚÝ")
_APOSTROPHES = "'’ʼ`"
_MARKS_2017_RE = re.compile(r"(?<=[aegnoucsiyAEGNOUCSIY])['’ʼ`](?=[^\W\d_]|$|[^\w])")
_VARIANT_2017_WORD = re.compile(r"\b\w*[aegnoucsiyAEGNOUCSIY]['’ʼ`]\w*", re.UNICODE)

# Letters and digraphs common to all variants (lowercase). Longest match first.
_COMMON = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "j": "ж", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "v": "в", "z": "з",
    "c": "ц", "w": "у", "x": "кс",
    "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х",
    "ä": "ә", "ğ": "ғ", "ñ": "ң", "ŋ": "ң", "ö": "ө", "ş": "ш", "ç": "ч", "ū": "ұ", "ü": "ү",
    "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у",
}  # fmt: skip
# Per variant: (the letter(s) for и/й, the letter(s) for у, the rest).
_VARIANTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "2021": ("i", "u", {"ı": "і", "y": "ы", "u": "у"}),
    "2018": ("ı", "ý", {"i": "і", "y": "ы", "u": "ұ"}),
    "2017": ("i'", "y'", {
        "i": "і", "y": "ы", "u": "ұ", "a'": "ә", "g'": "ғ", "n'": "ң", "o'": "ө", "u'": "ү", "y'": "у",
        "s'": "ш", "c'": "ч",
    }),
}  # fmt: skip
_VOWELS_CYR = frozenset("аәеёоөұүыіиэюяуАӘЕЁОӨҰҮЫІИЭЮЯУ")


def latin_variant(text: str) -> str:
    """"2021", "2018" or "2017": the Kazakh Latin variant whose marker letters `text` uses most."""
    marks21 = sum(ch in _MARKS_2021 for ch in text)
    marks18 = sum(ch in _MARKS_2018 for ch in text)
    marks17 = len(_MARKS_2017_RE.findall(text)) if any(a in text for a in _APOSTROPHES) else 0
    if marks17 > max(marks21, marks18) and marks17 >= 2:
        return "2017"
    if marks18 > marks21:
        return "2018"
    return "2021"


@lru_cache(maxsize=4)
def _latin_table(variant: str) -> tuple[dict[str, str], str, str, re.Pattern[str]]:
    i_letter, u_letter, own = _VARIANTS[variant]
    table = _COMMON | own
    keys = sorted(set(table) | {i_letter, u_letter}, key=len, reverse=True)
    apostrophe_class = "['’ʼ`]"
    alternatives = []
    for key in keys:
        alternatives.append(re.escape(key).replace("'", apostrophe_class).replace("\\'", apostrophe_class))
    pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    return table, i_letter, u_letter, pattern


def _cased(source: str, cyrillic: str) -> str:
    if not source[:1].isupper() or not cyrillic:
        return cyrillic
    if len(source) > 1 and source.isupper() and source[1:].isalpha():
        return cyrillic.upper()
    return cyrillic[0].upper() + cyrillic[1:]


# A word, with the apostrophes of the 2017 variant inside or at its end (Qazaqstannyn', ko'rme).
_LATIN_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ`][^\W\d_]*)*")


def latin_to_cyrillic(text: str, variant: str | None = None) -> str:
    """Kazakh Latin (any variant; detected when not given) to Kazakh Cyrillic; other characters unchanged.
    Word by word, each distinct word converted once (news repeats its words)."""
    variant = variant or latin_variant(text)
    return _LATIN_WORD_RE.sub(lambda match: _latin_word_to_cyrillic(match.group(0), variant), text)


@lru_cache(maxsize=65536)
def _latin_word_to_cyrillic(text: str, variant: str) -> str:
    table, i_letter, u_letter, pattern = _latin_table(variant)
    out: list[str] = []
    pos, length = 0, len(text)
    while pos < length:
        match = pattern.match(text, pos)
        if not match:
            out.append(text[pos])
            pos += 1
            continue
        source = match.group(0)
        lowered = source.lower().translate(_APOSTROPHE_TO_ASCII).replace("\u0307", "")  # İ → i, not i + dot
        if variant == "2021" and source == "I":
            lowered = "ı"  # 2021: I is the capital of ı (і)
        step = len(source)
        rest = text[pos + step :]
        previous = out[-1][-1:] if out else ""
        after_vowel = previous in _VOWELS_CYR
        if lowered == i_letter:
            consumed, glide = 0, ""
            if rest[:1].lower() == "a":
                consumed, glide = 1, "я"
            elif _starts_with(rest, u_letter):
                consumed, glide = len(u_letter), "ю"
            if glide:
                cyrillic = glide if (not previous.isalpha() or after_vowel) else "и" + glide
                out.append(_cased(source + rest[:consumed], cyrillic))
                pos += step + consumed
                continue
            cyrillic = "й" if after_vowel else "и"
        elif lowered == u_letter:
            cyrillic = "у"
        elif lowered == "t" and rest[:1].lower() == "s" and _starts_with(rest[1:], i_letter):
            out.append(_cased(source, "ц"))  # tsi: Konstıtýtsııa, Konstitutsia → Конституция
            pos += step + 1
            continue
        elif lowered in table:
            cyrillic = table[lowered]
        else:  # matched case-blind by a letter the variant lacks (ı for i in the 2017 table): kept as written
            out.append(source)
            pos += step
            continue
        out.append(_cased(source, cyrillic))
        pos += step
    return "".join(out)


_APOSTROPHE_TO_ASCII = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def _starts_with(text: str, letter: str) -> bool:
    return text[: len(letter)].lower().translate(_APOSTROPHE_TO_ASCII) == letter


# ---------------------------------------------------------------------------------------------------------------
# Kazakh Arabic script (töte jazu) → Cyrillic
# ---------------------------------------------------------------------------------------------------------------

HAMZA = "\u0674"  # ٴ high hamza: the word's vowels are front
_PRECOMPOSED_FRONT = {"\u0675": "ا", "\u0676": "و", "\u0677": "ۇ", "\u0678": "ى"}  # ٵ ٶ ٷ ٸ
_FRONT_CONSONANTS = frozenset("كگەکه")  # only in front words: no hamza needed
_BACK_CONSONANTS = frozenset("قع")
_ARABIC_VOWELS = frozenset("اەوۇىيۋ")
# Letters that read the same in front and back words. ک (keheh) and ی (Farsi yeh) are the Persian shapes some
# keyboards type for ك and ى; ه (heh) is used for ە at the end of words.
_ARABIC_CONSONANTS = {
    "ب": "б", "پ": "п", "ت": "т", "ج": "ж", "چ": "ч", "ح": "х", "خ": "х", "د": "д", "ر": "р", "ز": "з",
    "س": "с", "ش": "ш", "ع": "ғ", "غ": "ғ", "ف": "ф", "ق": "қ", "ك": "к", "ک": "к", "گ": "г", "ڭ": "ң",
    "ل": "л", "م": "м", "ن": "н", "ھ": "һ", "ۆ": "в", "ۋ": "у", "ە": "е", "ه": "е", "ء": "",
    "ٴ": "", "\u0640": "", "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "",
}  # fmt: skip
_ARABIC_BACK = {"ا": "а", "و": "о", "ۇ": "ұ", "ى": "ы", "ی": "ы"}
_ARABIC_FRONT = {"ا": "ә", "و": "ө", "ۇ": "ү", "ى": "і", "ی": "і"}
_ARABIC_DIGITS = {chr(base + digit): str(digit) for base in (0x0660, 0x06F0) for digit in range(10)}
_ARABIC_PUNCTUATION = str.maketrans({"،": ",", "؟": "?", "؛": ";", "٪": "%", "۔": ".", **_ARABIC_DIGITS})
_ARABIC_WORD_RE = re.compile(r"[\u0620-\u065f\u0671-\u06d5\u0640\u200c\u200d\ufb50-\ufdff\ufe70-\ufefc]+")


# Signs of a (Russian) loanword, whose vowels do not follow Kazakh harmony: letters Kazakh words lack, or a first
# letter no Kazakh word starts with (Kazakh puts a vowel before them: орыс). Without a hamza such words are read
# with back vowels (رەفورما → реформа, not рефөрмә).
_LOAN_LETTERS = frozenset("فۆچح")
_LOAN_INITIALS = frozenset("رلۆف")


def _is_front(word: str) -> bool:
    if HAMZA in word or "ء" in word or any(ch in _PRECOMPOSED_FRONT for ch in word):
        return True
    if word[:1] in _LOAN_INITIALS or any(ch in _LOAN_LETTERS for ch in word):
        return False
    return any(ch in _FRONT_CONSONANTS for ch in word) and not any(ch in _BACK_CONSONANTS for ch in word)


@lru_cache(maxsize=65536)
def arabic_word_to_cyrillic(word: str) -> str:
    """One word in Kazakh Arabic script → Cyrillic (lowercase: the Arabic script has no case)."""
    word = unicodedata.normalize("NFKC", word)  # presentation forms (ﺎ ﻗ) to letters
    front = _is_front(word)
    vowels = _ARABIC_FRONT if front else _ARABIC_BACK
    letters = [_PRECOMPOSED_FRONT.get(ch, ch) for ch in word if ch not in (HAMZA, "ء", "\u0640")]
    out: list[str] = []
    index = 0
    while index < len(letters):
        ch = letters[index]
        following = letters[index + 1] if index + 1 < len(letters) else ""
        previous = out[-1][-1:] if out else ""
        at_start_or_after_vowel = not out or previous in _VOWELS_CYR
        if ch == "ي":
            after_vowel = bool(out) and previous in _VOWELS_CYR
            russian_ev = following in ("ە", "ه") and after_vowel and letters[index + 2 : index + 3] == ["ۆ"]
            if following in ("ا", "ۋ") and at_start_or_after_vowel or russian_ev:
                out.append({"ا": "я", "ۋ": "ю"}.get(following, "е"))  # نازاربايەۆ: Назарбаев, but جۇيە: жүйе
                index += 2
                continue
            if following == "ا" and out and out[-1] == "с" and len(out) >= 2 and out[-2] == "т":
                out[-2:] = ["ц"]  # تسيا: Конституция
            out.append("й" if previous in _VOWELS_CYR and following not in ("ا", "ۋ") else "и")
            if following == "ا":
                out.append("я")
                index += 2
                continue
        elif ch in vowels:
            out.append(vowels[ch])
        elif ch in _ARABIC_CONSONANTS:
            out.append(_ARABIC_CONSONANTS[ch])
        else:
            out.append(ch)
        index += 1
    return "".join(out)


def arabic_to_cyrillic(text: str) -> str:
    """Kazakh Arabic script → Cyrillic, word by word; Arabic punctuation and digits to their Latin forms."""
    converted = _ARABIC_WORD_RE.sub(lambda match: arabic_word_to_cyrillic(match.group(0)), text)
    return converted.translate(_ARABIC_PUNCTUATION)


# ---------------------------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------------------------


def kazakh_to_cyrillic(text: str, script: str | None = None) -> str:
    """Kazakh text in any script → Kazakh Cyrillic (Cyrillic text is returned unchanged).

    `script` is "cyrl", "latn" or "arab" (detected when None). Latin Kazakh keeps its capitals; Arabic has none,
    so its Cyrillic is lowercase. Digits, punctuation and spacing are kept (Arabic ، ؟ ؛ become , ? ;).
    """
    script = script or detect_script(text)
    if script == "latn":
        return latin_to_cyrillic(unicodedata.normalize("NFC", text))
    if script == "arab":
        return arabic_to_cyrillic(text)
    return text


# A Latin word as latin_to_cyrillic reads it, with any combining marks of a decomposed letter (a + U+0301) inside.
_LATIN_WORD_MARKED_RE = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+(?:['’ʼ`](?:[^\W\d_][\u0300-\u036f]*)*)*")


def kazakh_to_cyrillic_aligned(text: str, script: str) -> tuple[str, list[int]]:
    """Like kazakh_to_cyrillic, with where each character of the result comes from: `source[i]` is the offset in
    `text` of the word (or character) that gave character i of the result, and `source[len(result)]` is
    len(text). So what is found in the Cyrillic (a name at 120–135) can be shown and linked in the original."""
    if script == "latn":
        variant = latin_variant(unicodedata.normalize("NFC", text))
        pattern, between = _LATIN_WORD_MARKED_RE, None

        def convert(word: str) -> str:
            return _latin_word_to_cyrillic(unicodedata.normalize("NFC", word), variant)
    elif script == "arab":
        pattern, between = _ARABIC_WORD_RE, _ARABIC_PUNCTUATION  # ، ؟ and Arabic digits, as arabic_to_cyrillic
        convert = arabic_word_to_cyrillic
    else:
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    source: list[int] = []

    def emit(piece: str, start: int, end: int) -> None:
        pieces.append(piece)
        if len(piece) == end - start:  # one to one: each character from its own
            source.extend(range(start, end))
        else:  # a word that changed length: every character from the word's start
            source.extend([start] * len(piece))

    cursor = 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            emit(_gap(text[cursor : match.start()], between), cursor, match.start())
        emit(convert(match.group(0)), match.start(), match.end())
        cursor = match.end()
    emit(_gap(text[cursor:], between), cursor, len(text))
    source.append(len(text))
    return "".join(pieces), source


def _gap(text: str, table: dict[int, str] | None) -> str:
    """What lies between words, as kazakh_to_cyrillic leaves it (Latin) or translates it (Arabic)."""
    return text.translate(table) if table else text


# ---------------------------------------------------------------------------------------------------------------
# Kazakh Latin or English?
# ---------------------------------------------------------------------------------------------------------------

_KAZAKH_LATIN_LETTERS = frozenset("äğñöūüşáǵńóúýıŋ")
KAZAKH_LATIN_WORDS = frozenset("""
    men jäne jane zhane jáne jene üşin ushin úshin uşin bolyp bolady boldy dep degen deidi degendi bul bұl osy osi
    búl būl sol ol olar biz bіz bar joq jok emes edі edi eken etti etedi týraly turaly boiynşa boiynsha boıynsha
    arqyly arkyly sondai-aq sondaı-aq qazaqstan qazaqstannyñ qazaqstannyń respublikasy respýblıkasy jyly jylğy
    mäselesі máselesi memlekettik memlekettіk prezidenti prezıdenti halyq halqy qoğam qoǵam ükimet úkimet
    jaña jańa jana da de ta te ğana ǵana tek keiіn keıin sebebі sebebi tiіs tıis kerek
""".split())
ENGLISH_WORDS = frozenset("""
    the of and to in is was for on that with by as at from it an be are were has have had this which or its
    will not but their said also after would who been more than about into they he she his her new
""".split())
_KAZAKH_ENDING_RE = re.compile(
    r"(?:[dnt][yı]ñ|[dnt][ıi]ñ|[dnt][yı]ń|[dnt]i[ńñ]|[dnt]yn|ğa|ge|qa|ke|ǵa|[ld][ae]r|[ld][ae]rd[ıiy]|[dt][ae]n"
    r"|y[pq]|ğ[ay]|ǵ[ay]|[sş][yı]|q[ay]|lyq|lıq|dyq|tyq|ğy|ǵy)$"
)


def kazakh_latin_score(text: str) -> tuple[float, float]:
    """(Kazakh evidence, English evidence) per word of a Latin text: special letters, q without u, function
    words and typical endings for Kazakh; English function words for English."""
    words = re.findall(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*", text.lower())
    if not words:
        return 0.0, 0.0
    kazakh = english = 0.0
    for word in words:
        if word in ENGLISH_WORDS:
            english += 1
            continue
        if word in KAZAKH_LATIN_WORDS:
            kazakh += 1
        elif any(ch in _KAZAKH_LATIN_LETTERS for ch in word):
            kazakh += 1
        elif re.search(r"q(?!u)", word) or re.search(r"[aougnsyc]['’ʼ]", word):
            kazakh += 0.7
        elif len(word) > 4 and _KAZAKH_ENDING_RE.search(word):
            kazakh += 0.2
    return kazakh / len(words), english / len(words)


def kazakh_latin_is_likely(text: str) -> bool:
    """True when a Latin-script text reads as Kazakh rather than English (English text is Latin too)."""
    kazakh, english = kazakh_latin_score(text)
    return kazakh > english and kazakh >= 0.08


# ---------------------------------------------------------------------------------------------------------------
# One word at a time (the search analyzers)
# ---------------------------------------------------------------------------------------------------------------

_NON_CYRILLIC_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u0620-\u06d5\ufb50-\ufefc]")
_KAZAKH_MARKED_RE = re.compile("[äğñöūüşçŋáǵńóúýıÄĞÑÖŪÜŞÇŊÁǴŃÓÚÝİ\u0620-\u06d5\ufb50-\ufefc]")


def kazakh_word_to_cyrillic(word: str) -> str:
    """One word of a Kazakh text in Cyrillic: Latin and Arabic words are converted (the Latin variant is guessed
    from the word alone: the 2021 reading unless it has 2018 marks), Cyrillic words returned as they are."""
    if not _NON_CYRILLIC_LETTER_RE.search(word):
        return word
    if _ARABIC_RE.search(word):
        return arabic_to_cyrillic(word)
    return latin_to_cyrillic(word, latin_variant(word))


def has_arabic(text: str) -> bool:
    return bool(_ARABIC_RE.search(text))


def has_kazakh_marks(word: str) -> bool:
    """True when a word is in the Arabic script or has a letter only Kazakh Latin uses (ä ğ ñ ş ı á ǵ ...):
    such words are surely Kazakh and may be converted without harming English or Russian names."""
    return bool(_KAZAKH_MARKED_RE.search(word))


# What Latin and Arabic spellings cannot tell apart, merged for search: ц is s in 2021 Latin (Konstitusia) and тс
# in the Arabic script; ы/і and и/й are confused between the Latin variants (and, after folding, і is already и);
# я/ю are ia/iu, so диалог (dialog, read диялог) and Конституция (Konstitusia) keep one form each; э is e, щ ş.
_SEARCH_KEY_TABLE = str.maketrans({
    "ц": "с", "ы": "и", "й": "и", "э": "е", "щ": "ш", "я": "иа", "ю": "иу", "ь": None, "ъ": None,
})  # fmt: skip
_REPEATED_I = re.compile("и{2,}")


_GLIDE_BEFORE_E = re.compile("(?<=[аоуе])и(?=е)")  # Тоқаев / Тоқайев (ايەۆ), жүйе / жүе


def kazakh_search_key(folded: str) -> str:
    """A folded Kazakh word (archive.text.fold) made script-neutral for the search index."""
    key = folded.translate(_SEARCH_KEY_TABLE).replace("тс", "с")
    if "ии" in key:
        key = _REPEATED_I.sub("и", key)
    return _GLIDE_BEFORE_E.sub("", key) if "ие" in key else key
