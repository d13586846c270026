"""Which encoding a file is in, decided per file, and whether the decoded text reads as text at all. No Django.

The order (issue 10):

1. A byte order mark wins (UTF-8, UTF-16 LE/BE).
2. Strict UTF-8 wins.
3. Mostly-valid UTF-8 (a stray byte, a Windows-1251 tail) stays UTF-8: the bad bytes become U+FFFD and the
   text is flagged for review with how many bytes and where.
4. Otherwise charset-normalizer (a maintained detector) proposes; only KOI8-R, Windows-1251 and UTF-16 (without a
   mark) are accepted, and only when the result reads as prose and not as mojibake; failing those, Windows-1252
   for English prose (accented letters flagged: they could be of another code page).

Every decoded text is then checked: no NUL characters (SQLite would store them, PostgreSQL refuses them, and no
news text has them), few control characters, some words, and no mojibake signature («РЎРјРµС…»: UTF-8 read as
Windows-1251; «оПЧБС лПОУФЙФХГЙС»: Windows-1251 read as KOI8-R). Refusals raise UnreadableText; doubts travel
as review notes with the text.
"""

from __future__ import annotations

import codecs
import itertools
import re
from typing import NamedTuple


class UnreadableText(ValueError):
    """The file cannot be imported; the message says why in words an editor understands."""


class Decoded(NamedTuple):
    text: str
    encoding: str
    notes: tuple[str, ...] = ()  # review reasons: why an editor should look at this text


# Legacy encodings we accept from the detector (Russian and Kazakh coverage saved by old Windows and Unix tools).
LEGACY = {"cp1251": "cp1251", "windows_1251": "cp1251", "koi8_r": "koi8-r", "koi8_u": "koi8-u"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# UTF-8 read as Windows-1251: every Cyrillic letter becomes «Р» or «С» (lead bytes D0/D1) followed by a character
# of cp1251's 0x80–0xBF row (the continuation byte). As Latin-1/cp1252 the lead bytes show as «Ð» / «Ñ».
_CP1251_ROW_80_BF = bytes(range(0x80, 0xC0)).decode("cp1251", errors="replace").replace("\ufffd", "")
_MOJIBAKE_PAIR = re.compile(
    "[РС][" + re.escape(_CP1251_ROW_80_BF.replace("і", "").replace("І", "")) + "]"  # «Сіз» is real Kazakh
    "|[ÐÑ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u20ac\u2122]"
)
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]{3,}")
_WORD = re.compile(r"[^\W\d_]{2,}")
_VOWELS = set("аеёиоуыэюяәөұүі")
_BAD_BYTE = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, escaped by surrogateescape
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc less tab, newlines and form feed
SAMPLE_CHARS = 20_000
_FREQUENT = set("оеаинтср")  # the most frequent letters of Russian, and frequent in Kazakh too


def decode(data: bytes) -> Decoded:
    """Decode a news text, or raise UnreadableText with the reason."""
    if not data.strip():
        raise UnreadableText("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8-sig":
                return _utf8(data[len(bom):], encoding, lenient=True)
            codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
            return _checked(_utf16(data[len(bom):], codec)._replace(encoding=encoding))
    if b"\x00" in data:
        if utf16 := _utf16_without_mark(data):
            return utf16
        raise UnreadableText("binary file (contains NUL bytes), not a text")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    if mostly := _utf8(data, "utf-8", lenient=False):
        return mostly
    return _legacy(data)


def _utf8(data: bytes, encoding: str, *, lenient: bool) -> Decoded | None:
    """UTF-8 with its bad bytes replaced (and noted), when UTF-8 is plainly what the file is meant to be.

    Evidence: the valid multi-byte characters outnumber the bad bytes (a Windows-1251 file has next to none:
    its letters are single bytes that seldom form a UTF-8 sequence). After a UTF-8 mark (`lenient`) it is UTF-8.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")  # each bad byte → one lone surrogate U+DC80…U+DCFF
    # Counted by re-encoding (C speed, linear): the surrogates are dropped, one per bad byte.
    bad = len(data) - len(escaped.encode("utf-8", errors="ignore"))
    if not bad:
        return _checked(Decoded(escaped, encoding))
    multibyte = len(escaped) - len(escaped.encode("ascii", errors="ignore")) - bad
    if not lenient and multibyte < bad and bad > max(1, len(data) // 1000):
        return None  # no UTF-8 to speak of: a one-byte encoding (or no text at all)
    first = len(escaped[: _BAD_BYTE.search(escaped).start()].encode("utf-8", errors="surrogateescape"))
    where = f"the first at byte {first}" if bad > 1 else f"at byte {first}"
    note = (f"{bad} byte{'s were' if bad > 1 else ' was'} not valid UTF-8 and "
            f"{'were' if bad > 1 else 'was'} replaced with � ({where}); check the text against its source")
    text = _BAD_BYTE.sub("\ufffd", escaped)
    if not lenient and not (_mostly_letters(text) and _wordy(_sample(text))):
        return None  # a few valid sequences in what is not text (random bytes): no evidence of UTF-8 prose
    return _checked(Decoded(text, encoding, (note,)))


def _utf16_without_mark(data: bytes) -> Decoded | None:
    """UTF-16 saved without a mark: every other byte is 0x00 (ASCII) or 0x04 (Cyrillic) on one side."""
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if high and high.count(0x00) + high.count(0x04) >= 0.9 * len(high):
            decoded = _utf16(data, encoding)
            if "\x00" not in decoded.text and reads_as_prose(decoded.text):
                return _checked(decoded)
    return None


def _utf16(data: bytes, encoding: str) -> Decoded:
    """UTF-16, its damage (a lone surrogate, an odd last byte) replaced with U+FFFD and noted."""
    odd = len(data) % 2
    escaped = data[: len(data) - odd].decode(encoding, errors="surrogatepass")
    lone = re.findall("[\ud800-\udfff]", escaped)  # paired surrogates were decoded; what is left is damage
    if not lone and not odd:
        return Decoded(escaped, encoding)
    text = re.sub("[\ud800-\udfff]", "\ufffd", escaped) + ("\ufffd" if odd else "")
    problems = [f"{len(lone)} unpaired UTF-16 surrogate{'s' if len(lone) > 1 else ''}"] if lone else []
    problems += ["an odd byte at the end (the file was cut short?)"] if odd else []
    note = f"{' and '.join(problems)} replaced with �; check the text against its source"
    return Decoded(text, encoding, (note,))


def _legacy(data: bytes) -> Decoded:
    """A one-byte Cyrillic encoding, as the detector proposes it, checked by reading the result."""
    from charset_normalizer import from_bytes  # imported on first use: most files are UTF-8

    guesses = [match.encoding for match in from_bytes(data)]
    candidates = list(dict.fromkeys([LEGACY[g] for g in guesses if g in LEGACY] + ["cp1251", "koi8-r"]))
    readable = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if reads_as_prose(text) and not mojibake(text):
            readable.append(Decoded(text, encoding))
    if not readable and (western := _western(data)):
        return _checked(western)
    if not readable:
        guess = f" (the detector's best guess: {guesses[0]})" if guesses else ""
        raise UnreadableText(
            "not UTF-8, and read as Windows-1251 or KOI8-R it does not read as Russian or Kazakh text, nor as "
            f"English: unknown encoding or not a text{guess}"
        )
    chosen = readable[0]
    if len(readable) > 1:  # both read as prose: say which was taken, and let an editor confirm
        others = ", ".join(other.encoding for other in readable[1:])
        chosen = chosen._replace(notes=(f"encoding uncertain: read as {chosen.encoding}, "
                                        f"but {others} also reads as text; check it",))
    return _checked(chosen)


def _western(data: bytes) -> Decoded | None:
    """English (or Latin-script) prose saved as Windows-1252: curly quotes and dashes are its only non-ASCII
    bytes, as a word processor writes them. Accented letters could be of another Western code page: flagged."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in _sample(text) if ch.isalpha()]
    if not _mostly_letters(text) or not _wordy(_sample(text)):
        return None
    if sum(1 for ch in letters if ch < "\u0250") < 0.95 * len(letters):
        return None
    if len(text) - len(text.encode("ascii", errors="ignore")) > 0.05 * len(text):
        return None  # a Western text is mostly ASCII
    accented = sorted({ch for ch in letters if ch > "\x7f"})
    if not accented:
        return Decoded(text, "cp1252")
    note = (f"encoding uncertain: read as cp1252 (Western European); check the accented letters "
            f"({''.join(accented[:10])})")
    return Decoded(text, "cp1252", (note,))


def _checked(decoded: Decoded) -> Decoded:
    """Refuse what is not a text; flag mojibake that the file itself holds."""
    text = decoded.text
    if "\x00" in text:
        raise UnreadableText(f"binary data: the text ({decoded.encoding}) contains NUL characters")
    if not text.strip():
        raise UnreadableText("the file has no text (only whitespace)")
    allowed = max(3, len(text) // 200)
    if len(list(itertools.islice(_CONTROL.finditer(text), allowed + 1))) > allowed:
        raise UnreadableText("binary file (many control characters), not a text")
    if not _WORD.search(text):
        raise UnreadableText("not a text: no words in it")
    if share := foreign_letters(text):
        sample = next(ch for ch in _sample(text) if ch.isalpha() and not _expected_letter(ch))
        note = (f"{share:.0%} of the letters are in scripts the archive does not cover (such as «{sample}»): "
                "probably a damaged or wrong encoding; check it")
        decoded = decoded._replace(notes=(*decoded.notes, note))
    if found := mojibake(text):
        # The file holds the garbled text itself (it was mis-decoded before it was saved): keep it for an editor.
        note = f"the text looks garbled (mojibake such as «{found}»): probably decoded with the wrong encoding " \
               "before it was saved; check it against its source"
        decoded = decoded._replace(notes=(*decoded.notes, note))
    return decoded


def mojibake(text: str) -> str:
    """A sample of the garbling when the text reads as mojibake, else "".

    Two signatures: the Р/С pairs of UTF-8 read as Windows-1251 (or Ð/Ñ as Latin-1), and the inverted case and
    missing vowels of Windows-1251 and KOI8-R read as each other («оПЧБС»: a lower-case letter then capitals).
    """
    text = _sample(text)
    pairs = _MOJIBAKE_PAIR.findall(text)
    cyrillic = len(_CYRILLIC_OR_D.findall(text))
    if len(pairs) >= 3 and len(pairs) * 2 >= 0.3 * cyrillic:
        match = re.search(f"(?:{_MOJIBAKE_PAIR.pattern}){{2,}}", text) or _MOJIBAKE_PAIR.search(text)
        return match[0][:16]
    words = _CYRILLIC_WORD.findall(text)
    if len(words) < 2:
        return ""
    letters = "".join(words)
    inverted = [w for w in words if w[0].islower() and w[1:] != w[1:].lower()  # (most words: no capital inside)
                and sum(map(str.isupper, w[1:])) >= len(w[1:]) / 2]
    upper = sum(map(str.isupper, letters)) / len(letters)
    # Measured on the seeds: real text has 2% capitals, no inverted word, and 49–62% of its letters among
    # «оеаинтср»; swapped into the other encoding, 98% capitals, one word in seven inverted, 27–35% frequent.
    lower = letters.lower()
    frequent = sum(lower.count(ch) for ch in _FREQUENT) / len(letters)
    if upper > 0.6 and (len(inverted) >= 2 or frequent < 0.42) or len(inverted) >= max(2, 0.2 * len(words)):
        return (inverted or words)[0][:16]
    return ""


def foreign_letters(text: str) -> float:
    """The share of letters outside Latin, Greek, Cyrillic and Arabic when it is over 30%, else 0.

    Misaligned UTF-16 (a byte inserted or lost) turns Cyrillic into CJK ideographs and the like; a text in the
    archive's languages (Russian, Kazakh in three scripts, English) has next to none of them.
    """
    sample = _sample(text)
    letters = len(_LETTER.findall(sample))  # regular expressions: C speed, this runs on every text imported
    if letters < 12:
        return 0.0
    share = len(_UNEXPECTED_LETTER.findall(sample)) / letters
    return share if share > 0.3 else 0.0


_CYRILLIC_OR_D = re.compile("[\u0400-\u04ffÐÑ]")
_LETTER = re.compile(r"[^\W\d_]")
# A letter (\w, not a digit or _) outside the expected blocks; the ranges are those of _expected_letter.
_UNEXPECTED_LETTER = re.compile(
    "[^\\W\\d_\u0000-\u024f\u0370-\u052f\u0600-\u06ff\u0750-\u077f\u1e00-\u1eff\ufb50-\ufeff]"
)


def _expected_letter(ch: str) -> bool:
    return (ch < "\u0250" or "\u0370" <= ch <= "\u052f" or "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"
            or "\u1e00" <= ch <= "\u1eff" or "\ufb50" <= ch <= "\ufeff")


def _sample(text: str) -> str:
    """At most 60,000 characters (beginning, middle, end) to judge a text by: the cost stays flat however long
    the text, and a text garbled by a wrong encoding is garbled throughout."""
    if len(text) <= 3 * SAMPLE_CHARS:
        return text
    middle = (len(text) - SAMPLE_CHARS) // 2
    return "\n".join((text[:SAMPLE_CHARS], text[middle:middle + SAMPLE_CHARS], text[-SAMPLE_CHARS:]))


def _mostly_letters(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(1 for ch in visible if ch.isalpha())
    return letters >= 12 and letters >= 0.5 * len(visible)


_EDGE_PUNCTUATION = "\"'«»“”„‘’()[]{}.,:;!?…-–—/*"


def clean_words(text: str) -> list[str]:
    """The tokens of a text that are words as prose has them: letters of one script (a hyphen or apostrophe
    inside), in lower, Title or UPPER case, punctuation only at the edges. Any byte string decodes in a one-byte
    code page, but random bytes give tokens like «HъЗ·НaжR4Шђ», mixing scripts, case and symbols."""
    words = []
    for token in text.split():
        word = token.strip(_EDGE_PUNCTUATION)
        if not word or not word.replace("-", "").replace("'", "").isalpha():
            continue
        if not (word.islower() or word.isupper() or word[0].isupper() and word[1:].islower()):
            continue
        cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        if cyrillic in (0, len(word) - word.count("-") - word.count("'")):
            words.append(word)
    return words


def _wordy(text: str) -> bool:
    """Most tokens (numbers aside) are clean words, and they hold most of the letters."""
    tokens = [t for t in text.split() if any(ch.isalpha() for ch in t)]
    words = clean_words(text)
    letters = sum(1 for ch in text if ch.isalpha())
    return len(words) >= 3 and len(words) >= 0.6 * len(tokens) and sum(map(len, words)) >= 0.7 * letters


def reads_as_prose(text: str) -> bool:
    """Words of Russian or Kazakh prose: mostly clean Cyrillic words, with the share of vowels of those languages."""
    text = _sample(text)
    if not _mostly_letters(text) or not _wordy(text):
        return False
    cyrillic = "".join(w for w in clean_words(text) if "\u0400" <= w[0] <= "\u04ff").lower()
    if len(cyrillic) < 0.5 * sum(1 for ch in text if ch.isalpha()):
        return False
    vowels = sum(1 for ch in cyrillic if ch in _VOWELS) / len(cyrillic)
    return 0.3 <= vowels <= 0.6
