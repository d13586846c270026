"""Russian morphology for the entity rules: pymorphy3, loaded on first use, its answers cached per word.

Why pymorphy3 and not a tagger: natasha's NER costs ~27-53 ms per article here (the import budget is ~10 ms) and
is unusable on Kazakh; pymorphy3 (~2 ms per article on the capitalised words, cached) answers what the rules ask
of Russian: is this word a first name, a surname or an ordinary word, and what is its nominative?
"""

from __future__ import annotations

from functools import lru_cache

from archive.text import fold


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # imported here so that importing the ingest package stays cheap

    return pymorphy3.MorphAnalyzer()


# Bounded caches: an analysis costs ~1.7 KB, so 30,000 words (the frequent ones stay) cap it near 50 MB.
@lru_cache(maxsize=30_000)
def parses(word: str) -> tuple:
    """pymorphy3's analyses of a lower-case word, most likely first."""
    return tuple(_morph().parse(word))


@lru_cache(maxsize=100_000)
def is_known(word: str) -> bool:
    """The word is in the Russian dictionary (not guessed from its ending)."""
    return _morph().word_is_known(word)


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """Folded normal form of a Russian word."""
    found = parses(word.lower())
    return fold(found[0].normal_form) if found else fold(word)


def has_tag(word: str, grammeme: str) -> bool:
    return any(grammeme in p.tag for p in parses(word.lower()))


def pos_of(word: str) -> str:
    found = parses(word.lower())
    return str(found[0].tag.POS or "") if found else ""


def cases_of(word: str) -> set[str]:
    return {str(p.tag.case) for p in parses(word.lower()) if p.tag.case}


def keep_case_pattern(original: str, nominative: str) -> str:
    """`nominative` (lower case) spelled with the capitalisation of `original`: Касым-Жомарта → Касым-Жомарт."""
    out = []
    for index, ch in enumerate(nominative):
        source = original[index] if index < len(original) else ""
        out.append(ch.upper() if source.isupper() or (not source and original[-1:].isupper()) else ch)
    return "".join(out)


def inflect_nominative(word: str, *, grammemes: frozenset[str] = frozenset(), need: str = "") -> str | None:
    """The nominative singular of a Russian word, from its analysis that has `need` (e.g. "Name") and an oblique
    case; None when pymorphy3 offers none."""
    for p in parses(word.lower()):
        if need and need not in p.tag:
            continue
        if p.tag.case in (None, "nomn"):
            continue
        target = p.inflect({"nomn", *grammemes}) or p.inflect({"nomn"})
        if target:
            return keep_case_pattern(word, target.word)
    return None
