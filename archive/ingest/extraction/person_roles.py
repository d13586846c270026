"""A person's role as the text states it: «депутат Мажилиса Вера Ким» (Russian, nominative where it was
declined), «Тимур Джумурбаев, член комиссии…» (an apposition), «облыстық мәслихат хатшысы Ержан Қасымов»
(Kazakh puts the head last); and one lemma per role word so that roles can be compared across languages."""

from __future__ import annotations

import re
from itertools import islice

from archive.text import fold

from .data.names import NOT_NAME_WORDS
from .data.roles import CAPITALISED_BY_CONVENTION, KK_ROLE_STEMS
from .entity_text import CLAUSE_BREAK, WORD, Document, Token, without_quote_marks
from .kazakh_words import kazakh_modifier, kazakh_nominative, kazakh_possessive, kazakh_verbish, kk_stem
from .morphology import cases_of, inflect_nominative, keep_case_pattern, lemma, parses, pos_of
from .word_classes import is_role_word

_RU_ROLE_STOP_POS = frozenset({"VERB", "INFN", "GRND", "PRTF", "PRTS", "CONJ", "PRCL", "ADVB", "NPRO", "PRED"})
_RU_ROLE_MAX_WORDS = 14
_APPOSITION_MAX_WORDS = 12
# A Kazakh plural role word («депутаттары», «сенаторлар», «мүшелері»): no one person's role, but the names after it
# are people.
_KK_PLURAL = re.compile(r"(?:лар|лер|дар|дер|тар|тер)(?:ы|и|ын|ин|ына|ине|ынын|инин)?$")
_APPOSITION_MARK = re.compile(r"[«“„»”,.;:!?()\n]| (?=[–—-] )")  # quotes, and what ends an apposition outside them
_NON_BLANK = re.compile(r"\S+")


def role_before(doc: Document, first: Token) -> str:
    """The role phrase that stands right before a name in the same clause, nominative where Russian declined it."""
    return kazakh_role_before(doc, first) if doc.kazakh else russian_role_before(doc, first)[0]


def russian_role_before(doc: Document, first: Token) -> tuple[str, str]:
    """(role in the nominative, the case its head word had in the text: "nomn", "gent", … or "")."""
    words: list[Token] = []
    index, gap = first.index - 1, first.gap
    while index >= 0 and len(words) < _RU_ROLE_MAX_WORDS:
        token = doc.tokens[index]
        after_initial = gap.strip() == "." and len(token.text) == 1 and token.text.isupper()  # «имени М. Ауэзова»
        if CLAUSE_BREAK.search(gap.replace("«", "").replace("»", "")) and not after_initial:
            break
        if not token.cap and not token.upper and pos_of(token.text) in _RU_ROLE_STOP_POS:
            break
        words.append(token)
        if token.sent_start and not after_initial:
            break
        gap, index = token.gap, index - 1
    words.reverse()
    for position, token in enumerate(words):
        if is_role_word(token) and not (position == 0 and token.folded in ("глава",) and len(words) == 1):
            phrase = doc.body[token.start : first.start].strip(" ,")
            return role_nominative(phrase, token), role_case(phrase)
    return "", ""


def role_nominative(phrase: str, head: Token) -> str:
    """«председателя Сената» → «председатель Сената»; a sentence-initial «Депутат» becomes «депутат»."""
    words = phrase.split(" ", 1)
    first = words[0]
    nominative = inflect_nominative(first) if role_case(first) not in ("", "nomn") else None
    first = nominative or first
    first = _singular(first) or first
    if head.sent_start and fold(first) not in CAPITALISED_BY_CONVENTION and not first.isupper():
        first = first[0].lower() + first[1:]
    return " ".join([first, *words[1:]])


def _singular(word: str) -> str | None:
    """«депутаты» → «депутат», «членами» → «член»: one person's role out of a list's («депутаты Мажилиса А, Б и В»)."""
    found = parses(word.lower())
    if not found or found[0].tag.POS != "NOUN" or found[0].tag.number != "plur":
        return None
    target = found[0].inflect({"sing", "nomn"})
    return keep_case_pattern(word, target.word) if target else None


def kazakh_role_before(doc: Document, first: Token) -> str:
    """Kazakh puts the head of a role last: «Қазақстанның Түркиядағы Елшісі Мұхтар Сәрсенов». Walk back from the
    head over modifiers (genitives, -дағы, adjectives, capitalised words, izafet nouns, «және»)."""
    head = doc.token(first.index - 1)
    if head is None or CLAUSE_BREAK.search(first.gap) or not is_role_word(head):
        return ""
    words = [head]
    index, gap, following = head.index - 1, head.gap, head
    while index >= 0 and len(words) < 16 and not following.sent_start:
        token = doc.tokens[index]
        plain_gap = without_quote_marks(gap)
        if CLAUSE_BREAK.search(plain_gap) and not (plain_gap.strip() == "," and is_role_word(token)):
            break
        capital = token.cap or token.upper or token.latin
        if kazakh_verbish(token.text) and (not capital or token.sent_start):
            break
        if token.sent_start and token.folded in NOT_NAME_WORDS:
            break  # «Бүгін Президент Тоқаев …»: «today» opens the sentence, it is not part of the title
        modifier = kazakh_modifier(token.text)
        if is_role_word(token) and not modifier and plain_gap.strip() != ",":
            break  # «Сенатор Мемлекет басшысы …»: a second title is another noun phrase, not a modifier
        # a plain noun only as the first half of a compound noun: «мәслихат хатшысы», not «бастама Президент»
        following_form = fold(kazakh_nominative(following.text))  # «сайлау комиссиясының төрағасы»
        if not capital and not (
            modifier or token.text.lower() == "және" or is_role_word(token) or kazakh_possessive(following_form)
        ):
            break
        words.append(token)
        following, gap, index = token, token.gap, index - 1
    words.reverse()
    return " ".join(without_quote_marks(doc.body[words[0].start : head.end]).split())


def role_after(doc: Document, last: Token) -> str:
    """«Тимур Джумурбаев, член комиссии по Конституционной реформе, председатель РОО…»: the first apposition."""
    after = doc.token(last.index + 1)
    if after is None or after.gap.strip() != "," or not is_role_word(after) or after.cap and not after.sent_start and (
        fold(after.text) in CAPITALISED_BY_CONVENTION
    ):
        return ""
    body = doc.body
    # The apposition ends at the first , . ; : ! ? ( ) line end or spaced dash outside quotes, and may not reach a
    # 13th word: only the stretch up to where that word starts is read (a clause's end may be far away).
    word = next(islice(_NON_BLANK.finditer(body, after.start), _APPOSITION_MAX_WORDS, None), None)
    too_far = len(body) if word is None else word.start()  # where the 13th word starts, if there is one
    depth = 0
    for mark in _APPOSITION_MARK.finditer(body, after.start, too_far + 3):  # + 3: a spaced dash just before it
        position, ch = mark.start(), mark.group()
        if position > too_far:
            break
        if ch in "«“„":
            depth += 1
        elif ch in "»”":
            depth -= 1 if depth else 0
        elif depth == 0:
            return body[after.start : position].strip()  # a stop opening the 13th word still ends a 12-word role
        if position == too_far:
            break
    return "" if word is not None else body[after.start :].strip()


def role_case(role: str) -> str:
    """The case of the head word of a role phrase, when it is unambiguous ("" otherwise)."""
    if not role:
        return ""
    head = WORD.search(role)
    if head is None:
        return ""
    cases = cases_of(head.group())
    if cases == {"nomn"} or (cases and parses(head.group().lower())[0].tag.case == "nomn" and "accs" not in cases):
        return "nomn"
    if cases and "nomn" not in cases:
        return sorted(cases)[0]
    return ""


def role_lemma(word: str) -> str:
    """One form for a role word in either language: председателя → председатель, Елшісі → елши, хатшысы → хатшы."""
    stem = kk_stem(fold(word), KK_ROLE_STEMS)
    if stem is not None:
        return stem
    if any(ch in "әғқңөұүһі" for ch in word.lower()):
        return fold(kazakh_nominative(word).lower())
    return lemma(word)


def kazakh_plural_role_before(doc: Document, first: Token) -> bool:
    """«депутаттары Снежанна Имашева»: a plural role word right before the name."""
    before = doc.token(first.index - 1)
    if before is None or CLAUSE_BREAK.search(first.gap):
        return False
    match = _KK_PLURAL.search(before.folded)
    return match is not None and kk_stem(before.folded[: match.start()], KK_ROLE_STEMS) is not None
