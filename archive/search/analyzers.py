"""Whoosh analyzers for Russian and Kazakh news text and for person names. No Django here.

Whoosh pickles the schema, analyzers included, into the index, so everything is a module-level class whose
state is plain data (no lambdas, closures or Stemmer objects): caches and the PyStemmer object live at module
level and are rebuilt on import. Bump ANALYZERS_VERSION whenever the terms an analyzer produces change: the
index is rebuilt when it differs from the version stored with it.

- russian_analyzer: words → folded (lowercase, ё→е, Kazakh letters to Russian) → Snowball Russian stem.
- kazakh_analyzer: words → (Latin or Arabic Kazakh to Cyrillic) → lowercase → stem_kazakh → folded → the
  script-neutral key of archive.text.scripts (ц/тс→с, ы/й→и, я→иа, ...), so Казакстан typed on a Russian keyboard meets
  Қазақстан, and Toqaev / توقايەۆ meet Тоқаев.
- english_analyzer: words → lowercase → Snowball English stem (referendums → referendum).
- name_analyzer: words → name_search_key (Tokayev, Тоқаев, Токаева, Тоқаевтың, توقايەۆ → "tokaev").
- plain_analyzer: words → lowercase, nothing else (the vocabulary for "did you mean", source names).
- keyword_folded_analyzer: a list of names ("Касым-Жомарт Токаев; Маулен Ашимбаев") → one term per word, as
  name_analyzer, with a position gap between names. Chosen over one term per whole name so that
  person:Токаев finds "Касым-Жомарт Токаев", while person:"Касым-Жомарт Токаев" (a phrase) cannot match
  across two different people.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import Stemmer
from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer

from archive.text import fold, name_search_key, stem_kazakh
from archive.text.scripts import kazakh_search_key, kazakh_word_to_cyrillic

ANALYZERS_VERSION = 3

# Letters and digits, plus combining marks (a decomposed й is и + U+0306) and the soft hyphen, which must not
# split a word. Hyphens do split: Касым-Жомарт gives two tokens, so a search for Жомарт finds it.
WORD_PATTERN = r"[\w\u0300-\u036f\u00ad]+"
# Between names in a name list (keyword_folded_analyzer).
NAME_SEPARATOR_PATTERN = r"[,;|\n]"
# Positions skipped between two names, so that a phrase never spans two people.
NAME_POSITION_GAP = 100

_CLEANUP_TABLE = str.maketrans({"\u00ad": None})


def _clean(text: str) -> str:
    """NFC (composed й), without soft hyphens."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_CLEANUP_TABLE)
    return text


class WordTokenizer(Tokenizer):
    """Words as in WORD_PATTERN; with `name_list=True`, the separators in NAME_SEPARATOR_PATTERN move the
    position on by NAME_POSITION_GAP."""

    def __init__(self, name_list: bool = False):
        self.name_list = name_list

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.name_list == self.name_list

    def __hash__(self):
        return hash((self.__class__, self.name_list))

    def _pattern(self) -> re.Pattern[str]:
        return _NAME_LIST_RE if self.name_list else _WORD_RE

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole_value_token(token, value, positions, chars, start_pos, start_char)
            return
        pos = start_pos
        for match in self._pattern().finditer(value):
            if match.lastgroup == "sep":
                pos += NAME_POSITION_GAP
                continue
            token.text = match.group(0)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token


_WORD_RE = re.compile(f"(?P<word>{WORD_PATTERN})")
_NAME_LIST_RE = re.compile(f"(?P<word>{WORD_PATTERN})|(?P<sep>{NAME_SEPARATOR_PATTERN})")


def _whole_value_token(token, value, positions, chars, start_pos, start_char):
    token.original = token.text = value
    token.boost = 1.0
    if positions:
        token.pos = start_pos
    if chars:
        token.startchar = start_char
        token.endchar = start_char + len(value)
    return token


# ---------------------------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------------------------

_stemmers = threading.local()  # PyStemmer objects are not thread-safe (and cannot be pickled)


@lru_cache(maxsize=200_000)
def russian_stem(word: str) -> str:
    """Snowball Russian stem of a folded word (cached: news words repeat a lot)."""
    stemmer = getattr(_stemmers, "russian", None)
    if stemmer is None:
        stemmer = _stemmers.russian = Stemmer.Stemmer("russian")
    return stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    """Snowball English stem of a lowercase word (cached)."""
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def _plain_term(text: str) -> str:
    return _clean(text).lower()


@lru_cache(maxsize=200_000)
def _russian_term(text: str) -> str:
    return russian_stem(fold(_clean(text)))


@lru_cache(maxsize=200_000)
def _kazakh_term(text: str) -> str:
    # Only words with a Latin or Arabic letter are transliterated (kazakh_word_to_cyrillic returns Cyrillic
    # words untouched); the cache makes that once per distinct word.
    return kazakh_search_key(fold(stem_kazakh(kazakh_word_to_cyrillic(_clean(text)).lower())))


@lru_cache(maxsize=200_000)
def _english_term(text: str) -> str:
    return english_stem(_clean(text).lower())


@lru_cache(maxsize=200_000)
def _name_term(text: str) -> str:
    return name_search_key(_clean(text))


class _MapFilter(Filter):
    """Replace each token's text by `term(text)`; drop tokens whose term is shorter than `min_length`."""

    is_morph = False
    min_length = 1

    @staticmethod
    def term(text: str) -> str:
        raise NotImplementedError

    def __call__(self, tokens):
        for token in tokens:
            text = self.term(token.text)
            if len(text) >= self.min_length:
                token.text = text
                yield token


class PlainFilter(_MapFilter):
    term = staticmethod(_plain_term)


class RussianStemFilter(_MapFilter):
    is_morph = True  # so that Whoosh skips it for wildcard/prefix queries
    term = staticmethod(_russian_term)


class KazakhStemFilter(_MapFilter):
    is_morph = True
    term = staticmethod(_kazakh_term)


class EnglishStemFilter(_MapFilter):
    """Snowball English; one-letter terms are dropped (the "s" the tokenizer cuts from Kazakhstan's, "a")."""

    is_morph = True
    min_length = 2
    term = staticmethod(_english_term)


class NameKeyFilter(_MapFilter):
    """Each word becomes its name search key; one-letter keys (initials, prepositions) are dropped."""

    min_length = 2
    term = staticmethod(_name_term)


class NameListKeyFilter(NameKeyFilter):
    """As NameKeyFilter but keeps one-letter keys: in a list of names an initial (Р. Василенко) is meaningful."""

    min_length = 1


# ---------------------------------------------------------------------------------------------------------------
# Analyzers
# ---------------------------------------------------------------------------------------------------------------


def plain_analyzer():
    return WordTokenizer() | PlainFilter()


def russian_analyzer():
    return WordTokenizer() | RussianStemFilter()


def kazakh_analyzer():
    return WordTokenizer() | KazakhStemFilter()


def english_analyzer():
    return WordTokenizer() | EnglishStemFilter()


def name_analyzer():
    return WordTokenizer() | NameKeyFilter()


def keyword_folded_analyzer():
    return WordTokenizer(name_list=True) | NameListKeyFilter()


# The word → term step of each text analyzer, for code that marks matches in a text without building Whoosh
# tokens (snippets: ~20× faster than running the analyzers, with the same words and the same terms).
WORD_RE = _WORD_RE
TERM_FUNCTIONS = {"ru": _russian_term, "kk": _kazakh_term, "en": _english_term, "names": _name_term}


def word_term_step(analyzer) -> tuple[Callable[[str], str], int] | None:
    """(term function, minimum term length) when `analyzer` is WordTokenizer() | one of the map filters above:
    its terms are then exactly `term(word)` for each word WORD_RE finds, positions counting every word (also
    the dropped ones). The index builder (building.py) inverts such fields without Whoosh tokens. None for any
    other analyzer."""
    if not isinstance(analyzer, CompositeAnalyzer) or len(analyzer.items) != 2:
        return None
    tokenizer, word_filter = analyzer.items
    if type(tokenizer) is not WordTokenizer or tokenizer.name_list or not isinstance(word_filter, _MapFilter):
        return None
    if type(word_filter).__call__ is not _MapFilter.__call__:
        return None
    return word_filter.term, word_filter.min_length
