"""An article's body as word tokens, sentences and quoted stretches: the text machinery that the people,
organisation, quote and event rules share. Pure: no Django, no morphology."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from archive.text import fold

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Punctuation that ends a clause between two words (quotes and spaces do not).
CLAUSE_BREAK = re.compile(r"[,.;:!?()\[\]…\n]|\s[-–—]\s|^[-–—]\s|\s[-–—]$")
_SENTENCE_PUNCT = re.compile(r"[.!?…]")
_QUOTE_OR_LINE = re.compile(r"[«»„“”\"\n]")
_SENTENCE_MARK = re.compile(r"[\n.!?…]")
_NON_BLANK = re.compile(r"\S+")
# Web texts write spaces and hyphens with look-alikes (a no-break space between first name and surname, a
# no-break hyphen in Касым‑Жомарт): the words are read from a copy with them replaced, one character for one so
# that offsets still point into the original body.
_LOOKALIKES = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-",
})  # fmt: skip
_HAS_LOOKALIKE = re.compile("[\u00a0\u2007\u2009\u200a\u202f\t\u2010\u2011]")


def without_quote_marks(text: str) -> str:
    """`text` without «, » and straight double quotes: a name or a gap is compared without them."""
    return text.replace("«", "").replace("»", "").replace('"', "")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    index: int
    folded: str
    gap: str  # the characters between the previous token and this one
    cap: bool  # Capitalised (first letter upper case, the rest not all upper case)
    upper: bool  # an upper-case abbreviation of two letters or more: АДГС, НАТО
    latin: bool
    sent_start: bool


class Document:
    """The body split into word tokens, with sentence starts; shared by the people, quote and event rules."""

    def __init__(self, body: str, language: str) -> None:
        self.body = body
        self.language = language
        self.kazakh = language == "kk"
        # same length as body; str.translate is slow on Cyrillic text, so only when needed
        scan = body.translate(_LOOKALIKES) if _HAS_LOOKALIKE.search(body) else body
        self.folded = fold(scan)  # same length as body: a slice of it is the folded token
        self.tokens: list[Token] = []
        self._quoted: list[tuple[int, int]] | None = None
        self._sentence_breaks: list[int] | None = None
        tokens, folded = self.tokens, self.folded
        previous_end, previous_initial = 0, False
        for index, match in enumerate(WORD.finditer(scan)):  # the hot loop: positional arguments on purpose
            text = match.group()
            start, end = match.span()
            gap = scan[previous_end:start]
            if gap == " ":
                sent_start = False
            else:
                sent_start = not index or "\n" in gap or (
                    _SENTENCE_PUNCT.search(gap) is not None and not previous_initial
                )
            first_upper = text[0].isupper()
            upper = first_upper and len(text) >= 2 and text.isupper()
            tokens.append(Token(text, start, end, index, folded[start:end], gap, first_upper and not upper, upper,
                                text[0].isascii(), sent_start))
            previous_end, previous_initial = end, first_upper and len(text) == 1
        self._starts = {token.start: token.index for token in tokens}
        self._token_starts = [token.start for token in tokens]

    @property
    def quoted(self) -> list[tuple[int, int]]:
        """`quoted_spans` of the body, computed once."""
        if self._quoted is None:
            self._quoted = quoted_spans(self.body)
        return self._quoted

    def token_at(self, offset: int) -> Token | None:
        index = self._starts.get(offset)
        return None if index is None else self.tokens[index]

    def token(self, index: int) -> Token | None:
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def tokens_between(self, start: int, end: int) -> list[Token]:
        first = bisect_left(self._token_starts, start)
        last = bisect_left(self._token_starts, end)
        return [t for t in self.tokens[first:last] if t.end <= end]

    def token_just_before(self, offset: int) -> Token | None:
        """The word that ends at most two spaces before `offset` (the kind word before an opening quote)."""
        index = bisect_left(self._token_starts, offset) - 1
        if index < 0:
            return None
        token = self.tokens[index]
        return token if token.end <= offset and not self.body[token.end : offset].strip(" ") and (
            offset - token.end <= 2
        ) else None

    def token_just_after(self, offset: int) -> Token | None:
        """The word that starts at most two spaces after `offset` (the kind word after a closing quote)."""
        window = self.body[offset + 1 : offset + 4]  # never the rest of the body: this is asked once per quote
        spaces = len(window) - len(window.lstrip(" "))
        if spaces > 2:
            return None
        return self.token_at(offset + 1 + spaces)

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end offsets of the sentence around `offset` (initials such as «Р.» do not end one): from
        just after the last sentence break before `offset` to just after the first one from `offset` on."""
        breaks = self.sentence_breaks
        index = bisect_left(breaks, offset)
        start = breaks[index - 1] + 1 if index else 0
        end = breaks[index] + 1 if index < len(breaks) else len(self.body)
        return start, end

    @property
    def sentence_breaks(self) -> list[int]:
        """Offsets of the characters that end a sentence (a line end, or .!?… that is not an initial's dot), found
        once: a sentence is then a bisect away, not a scan (a text without sentence ends is one long sentence)."""
        if self._sentence_breaks is None:
            body = self.body
            self._sentence_breaks = [
                mark.start() for mark in _SENTENCE_MARK.finditer(body)
                if mark.group() == "\n" or not _is_initial_dot(body, mark.start())
            ]
        return self._sentence_breaks


def _is_initial_dot(body: str, dot: int) -> bool:
    """The dot after an initial («Р.») or inside an abbreviation («т.е.»), not a sentence end."""
    before = body[max(0, dot - 2) : dot]
    return len(before) == 2 and not before[0].isalpha() and before[1].isupper()


def has_words(text: str, start: int, end: int, count: int, word: re.Pattern[str] = _NON_BLANK) -> bool:
    """text[start:end] holds at least `count` words (by default whitespace-separated: `len(text[start:end].split())
    >= count`), read only as far as the `count`-th word: nested quotes are not each split whole to count to five."""
    return sum(1 for _ in zip(range(count), word.finditer(text, start, end), strict=False)) >= count


def quoted_spans(body: str) -> list[tuple[int, int]]:
    """(opening, closing) offsets of every quoted stretch, nested «…» included. Straight quotes open before a
    letter and close after one; the press mixes them («"Альянсы» Қауымдастығы»), so any closing mark closes the
    innermost open quote, a stray one is ignored, and a line end forgets what is open."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for match in _QUOTE_OR_LINE.finditer(body):
        position, ch = match.start(), match.group()
        if ch == "\n":
            stack.clear()
            continue
        before = body[position - 1] if position else " "
        after = body[position + 1] if position + 1 < len(body) else " "
        opens_before_letter = not (before.isalnum() or before in ".!?…,") and (after.isalnum() or after in "«„")
        if ch in "«„" or (ch in "\"“" and opens_before_letter):
            stack.append(position)
        elif stack:
            spans.append((stack.pop(), position))
    spans.sort()
    return spans


class Regions:
    """Character ranges merged into disjoint ones, asked «is this offset inside one?» in log time (a 5 MB text
    may hold thousands of quotes)."""

    def __init__(self, spans) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]
