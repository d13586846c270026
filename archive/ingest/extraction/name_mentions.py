"""Every mention of a named person in one text: full names (capitalised word pairs, a patronymic allowed),
initials + surname, and lone surnames of someone named in full here or known to the archive.

A pair is weighed by what each word looks like (a first name, a surname, an ordinary word), by the role words
and speech verbs around it, and by the names the archive already knows. Kazakh names are recognised by their
endings (-ов/-ева/-ұлы/-бай…), a list of Kazakh first names, role words and `known_people`.
"""

from __future__ import annotations

import re

from archive.text import fold, name_search_key, normalise_person_surface

from .caseless_mentions import find_caseless_mentions, is_caseless
from .data.names import KAZAKH_FIRST_NAMES, NAMESAKE_AFTER, NAMESAKE_BEFORE, PATRONYMIC_END, SHORT_SURNAMES, SURNAME_END
from .data.speech import KK_REPORTED
from .entity_text import CLAUSE_BREAK, Document, Regions, Token, has_words
from .kazakh_words import kazakh_nominative
from .known_people import KnownPeople
from .latin_mentions import find_latin_mentions, is_latin_text
from .mention import NameMention
from .morphology import has_tag, is_known, parses
from .name_forms import (
    first_name_nominative,
    kazakh_forms,
    listed_forms,
    russian_forms,
    russian_surname_nominative,
    surname_gender_hint,
)
from .person_roles import kazakh_plural_role_before, kazakh_role_before, role_after, role_before, russian_role_before
from .word_classes import is_speech_verb, never_a_name

_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
# «Р. Василенко», «Р.Василенко», «К.-Ж. Токаев»: one or two initials right before a capitalised word.
INITIALS = re.compile(rf"(?<![\w.])([{_CAP}])\.\s?(?:-?\s?([{_CAP}])\.\s?)?(?=[{_CAP}][{_LOW}])")
# «Карин Е.», «Ударцев С.Ф.»: the surname first, as lists and signatures write it (not the start of «Е. Абдиров»).
INITIALS_AFTER = re.compile(
    rf"(?<![\w.])[{_CAP}][{_LOW}]+(?:-[{_CAP}][{_LOW}]+)? ([{_CAP}])\.(?:\s?[{_CAP}]\.)?(?!\s?[{_CAP}][{_LOW}])"
)
_KK_AFTER_SPEAKER = frozenset({"деди", "деп", *KK_REPORTED})
# What joins the names of a list: «депутаты Аида Балаева, Магеррам Магеррамов и Ерлан Саиров», «Нұртөре Жүсіп пен
# Бекбол Орынбеков», «Снежанна Имашева, Еркін Әбіл және Айдарбек Қожаназаров».
# The third word of «Абдиров Нурлан Мажитович» (any case) or «Қарин Ерлан Тынымбайұлы».
_LISTED_PATRONYMIC = re.compile(r"(?:ович|евич|овн|евн|ичн)[а-я]{0,3}$|(?:улы|кызы)$")
_RUSSIAN_PATRONYMIC = re.compile(r"(?:ович|евич|овн|евн|ичн)[а-я]{0,3}$")
_LIST_JOIN = re.compile(r"\s*,\s*|\s*,?\s+(?:и|а также|және|мен|пен|бен|and)\s+", re.IGNORECASE)


def first_name_score(token: Token, known: KnownPeople) -> int | None:
    """2: a first name; 1: unknown word that may be one; None: cannot be a first name."""
    folded = token.folded
    if folded in KAZAKH_FIRST_NAMES and not token.latin:
        return 2  # before the other tests: Ғалым is a name and a word («scientist»)
    if never_a_name(token):
        return None
    variants = {folded, folded.replace("-", "")}
    for ending, replacement in (("а", ""), ("у", ""), ("е", ""), ("ом", ""), ("ым", ""), ("ы", "а"), ("ой", "а")):
        if folded.endswith(ending):
            variants.add(folded[: -len(ending)] + replacement)
    if any(v in KAZAKH_FIRST_NAMES or v in known.first_names for v in variants) or any(
        part in KAZAKH_FIRST_NAMES for part in folded.split("-")
    ):
        return 2
    lower = token.text.lower()
    if is_known(lower):
        return 2 if has_tag(lower, "Name") else None
    return 1


def surname_score(token: Token, doc: Document, known: KnownPeople) -> int | None:
    """2: looks like a surname; 1: unknown word; 0: a first name; None: an ordinary word or a place."""
    if token.folded in SHORT_SURNAMES and not token.latin:
        return 2
    if never_a_name(token):
        return None
    nominative = nominative_surname_guess(token.text, doc.kazakh)
    if SURNAME_END.search(fold(nominative)) or SURNAME_END.search(token.folded):
        return 2
    if token.folded in KAZAKH_FIRST_NAMES:
        return 0  # «имени М. Ауэзова Жанар Темирбеков»: Жанар opens the next name, it does not end this one
    if name_search_key(nominative) in known.by_last:
        return 2
    lower = token.text.lower()
    if is_known(lower):
        if has_tag(lower, "Surn"):
            return 2
        return 0 if has_tag(lower, "Name") else None
    return 1


def nominative_surname_guess(word: str, kazakh: bool) -> str:
    """The surname without its case ending, guessing (used for recognition, not for the canonical name)."""
    return kazakh_nominative(word) if kazakh else normalise_person_surface(word)


def _is_namesake(doc: Document, first: Token, last: Token) -> bool:
    before = doc.token(first.index - 1)
    after = doc.token(last.index + 1)
    gap = first.gap
    while before is not None and len(before.text) == 1 and gap.strip() == ".":
        gap, before = before.gap, doc.token(before.index - 1)  # «имени Л. Н. Гумилева»: the word before the initials
    if before is not None and before.folded in NAMESAKE_BEFORE and not CLAUSE_BREAK.search(first.gap.replace(".", "")):
        return True
    return after is not None and after.folded in NAMESAKE_AFTER and not after.gap.strip()


def _context_score(doc: Document, first: Token, last: Token, roles: tuple[str, str]) -> int:
    score = 2 if any(roles) else 0
    before = doc.token(first.index - 1)
    after = doc.token(last.index + 1)
    if before is not None and is_speech_verb(before) and not CLAUSE_BREAK.search(first.gap):
        score += 1
    if after is not None and not CLAUSE_BREAK.search(after.gap) and (is_speech_verb(after) or _is_past_verb(after)):
        score += 1
    if doc.kazakh and after is not None and after.folded in _KK_AFTER_SPEAKER and not CLAUSE_BREAK.search(after.gap):
        score += 1  # «… деді Ержан Қасымов», «Әсел Нұрованың айтуынша, …»
    if before is not None and before.folded in ("словам", "мнению") and not CLAUSE_BREAK.search(first.gap):
        score += 1  # «По словам Гульмиры Ильясовой, …»
    return score


def _is_past_verb(token: Token) -> bool:
    if token.latin or any(ch in "әғқңөұүһі" for ch in token.text.lower()):
        return False
    return any(p.tag.POS == "VERB" and "past" in p.tag for p in parses(token.text.lower())[:2])


def find_name_mentions(doc: Document, known: KnownPeople) -> list[NameMention]:
    """Every mention of a named person: full names, initials + surname, and lone surnames of people named in full
    in the same text (or known to the archive)."""
    if is_latin_text(doc):
        return find_latin_mentions(doc, known)
    if is_caseless(doc):
        return find_caseless_mentions(doc, known)
    mentions: list[NameMention] = []
    covered: set[int] = set()
    short_quotes = Regions((a + 1, b) for a, b in doc.quoted if not has_words(doc.body, a, b, 6))
    for run in _capitalised_runs(doc):
        if run[0].start in short_quotes:
            continue  # «Нур Отан», «Ақ Орда Аналитика»: a quoted short name is a party, a brand or a title
        i = 0
        while i < len(run) - 1:
            taken = 0
            listed = _list_head(doc, mentions, run[i])
            mention = _surname_first(doc, run, i, known)
            if mention is not None:
                mentions.append(mention)
                covered.update(range(run[i].index, run[i].index + 3))
                i += 3
                continue
            if i + 2 < len(run) and _is_middle_patronymic(doc, run[i + 1], run[i + 2], known):
                mention = _try_name(doc, run[i], run[i + 2], known, patronymic=run[i + 1], listed=listed)
                taken = 3 if mention else 0
            if not taken:
                mention = _try_name(doc, run[i], run[i + 1], known, listed=listed)
                taken = 2 if mention else 0
                if mention and i + 3 <= len(run) and _third_name_word(doc, run[i : i + 4], known):
                    mention = _try_name(doc, run[i], run[i + 2], known, listed=listed, middle=run[i + 1])
                    taken = 3 if mention else 0
            if mention and taken:
                mentions.append(mention)
                covered.update(range(run[i].index, run[i].index + taken))
                i += taken
            else:
                i += 1
    mentions.extend(_initials_mentions(doc, known, covered))
    mentions.extend(_surname_mentions(doc, known, covered, mentions))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _is_middle_patronymic(doc: Document, middle: Token, last: Token, known: KnownPeople) -> bool:
    """«Ирина Владимировна Соколова», «Қасым-Жомарт Кемелұлы Тоқаев» (a Kazakh patronymic in -ұлы/-қызы only
    before a word that surely is the surname: «Ахмет Мұратұлы» alone is a first name and a surname)."""
    if PATRONYMIC_END.search(middle.folded):
        return True
    return middle.folded.endswith(("улы", "кызы")) and surname_score(last, doc, known) == 2


def _third_name_word(doc: Document, run: list[Token], known: KnownPeople) -> bool:
    """«Президент Турции Реджеп Тайип Эрдоган»: three name-like words (not followed by a fourth), whose second does
    not look like a surname and whose third does not look like a first name, are one name."""
    if len(run) > 3 and not never_a_name(run[3]):
        return False  # four name-like words in a row: not this
    if surname_score(run[1], doc, known) == 2 or first_name_score(run[2], known) == 2:
        return False
    return (surname_score(run[2], doc, known) or 0) >= 1 and not _is_namesake(doc, run[0], run[2])


def _surname_first(doc: Document, run: list[Token], i: int, known: KnownPeople) -> NameMention | None:
    """«Абдиров Нурлан Мажитович», «Қарин Ерлан Тынымбайұлы»: surname, first name and patronymic, as official
    lists and decrees write them."""
    if i + 2 >= len(run) or not _LISTED_PATRONYMIC.search(run[i + 2].folded):
        return None
    surname, first, patronymic = run[i], run[i + 1], run[i + 2]
    russian_patronymic = not patronymic.folded.endswith(("улы", "кызы"))
    if first_name_score(first, known) != 2 or (surname_score(surname, doc, known) or 0) < (
        1 if russian_patronymic else 2
    ):
        return None
    if surname.folded in KAZAKH_FIRST_NAMES or _is_namesake(doc, surname, patronymic):
        return None
    first_nom, last_nom, nominative, gender = listed_forms(surname, first, patronymic, doc.kazakh)
    role = role_before(doc, surname) or role_after(doc, patronymic)
    return NameMention(
        start=surname.start, end=patronymic.end, surface=doc.body[surname.start : patronymic.end], first=first_nom,
        last=last_nom, kind="full", role=role, nominative=nominative, gender=gender, confidence=0.9,
    )


def _addressed_by_patronymic(doc: Document, last: Token) -> bool:
    """«– Маулен Скакович, почему …?», «Евгений Александрович»: a first name and a patronymic (the way one
    addresses someone, or a list's surname-first entry that was not recognised), not a first name and surname."""
    return _RUSSIAN_PATRONYMIC.search(last.folded) is not None and not has_tag(last.text.lower(), "Surn")


def _list_head(doc: Document, mentions: list[NameMention], first: Token) -> NameMention | None:
    """The full name just before `first` when only a list separator stands between them: `first` may open the
    next name of the same list, which shares its context (the role the list follows)."""
    if not mentions or mentions[-1].kind != "full" or mentions[-1].end >= first.start:
        return None
    previous = mentions[-1]
    return previous if _LIST_JOIN.fullmatch(doc.body, previous.end, first.start) else None


def _capitalised_runs(doc: Document) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in doc.tokens:
        joinable = token.cap and not token.latin
        if joinable and current and not token.gap.strip(" ") and "\n" not in token.gap:
            current.append(token)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [token] if joinable else []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _try_name(doc: Document, first: Token, last: Token, known: KnownPeople, *, patronymic: Token | None = None,
              listed: NameMention | None = None, middle: Token | None = None):
    """A full-name mention of `first` (`patronymic`) `last`, or None. `listed`: the name before it in a list;
    `middle`: a second first name, kept in the canonical name («Реджеп Тайип Эрдоган»)."""
    if _is_namesake(doc, first, last):
        return None
    first_score = first_name_score(first, known)
    last_score = surname_score(last, doc, known)
    if first_score is None or last_score is None:
        return None
    if first_score == 2 and _addressed_by_patronymic(doc, last):
        return None
    if doc.kazakh:
        roles, role_case = (kazakh_role_before(doc, first), ""), ""
    else:
        (before, role_case), after = russian_role_before(doc, first), role_after(doc, last)
        roles = (before, after)
    context = _context_score(doc, first, last, roles)
    if listed is not None and not any(roles) and first_score + last_score >= 3:
        roles, role_case = (listed.role, roles[1]), listed.role_case
        context += 2  # the next name of a list after a role (or after a name that had one)
    elif doc.kazakh and not roles[0] and kazakh_plural_role_before(doc, first):
        context += 2  # «депутаттары Снежанна Имашева, …»
    surname_key = name_search_key(nominative_surname_guess(last.text, doc.kazakh))
    known_bonus = 4 if (name_search_key(first.text), surname_key) in known.full else 0
    score = first_score + last_score + context + known_bonus + (2 if patronymic else 0)
    if score < 4 or (first_score + last_score < 2 and not known_bonus):
        return None
    first_nom, last_nom, nominative, gender = (
        kazakh_forms(first, last) if doc.kazakh else russian_forms(doc, first, last, roles[0], role_case)
    )
    if middle is not None:
        first_nom += " " + (middle.text if doc.kazakh or nominative > 0.5 else first_name_nominative(middle.text,
                                                                                                     gender))
    return NameMention(
        start=first.start, end=last.end, surface=doc.body[first.start : last.end], first=first_nom, last=last_nom,
        kind="full", role=roles[0] or roles[1], role_case=role_case, nominative=nominative, gender=gender,
        confidence=min(1.0, 0.5 + 0.1 * score),
    )


def _initials_mentions(doc: Document, known: KnownPeople, covered: set[int]) -> list[NameMention]:
    found = []
    for match in INITIALS.finditer(doc.body):
        surname = doc.token_at(match.end())
        initial = doc.token_at(match.start())
        if surname is None or initial is None or surname.index in covered:
            continue
        if _is_namesake(doc, initial, surname) or surname_score(surname, doc, known) in (None, 0):
            continue
        last = _initials_surname(surname, doc)
        covered.add(surname.index)
        found.append(NameMention(
            start=match.start(), end=surname.end, surface=doc.body[match.start() : surname.end], first="",
            last=last, kind="initials", initial=fold(match.group(1)), role=role_before(doc, initial),
            confidence=0.8,
        ))
    for match in INITIALS_AFTER.finditer(doc.body):
        surname = doc.token_at(match.start())
        if surname is None or surname.index in covered or _is_namesake(doc, surname, surname):
            continue
        if surname_score(surname, doc, known) != 2 or surname.folded in KAZAKH_FIRST_NAMES:
            continue
        last = _initials_surname(surname, doc)
        covered.add(surname.index)
        found.append(NameMention(
            start=match.start(), end=match.end(), surface=match.group(), first="", last=last, kind="initials",
            initial=fold(match.group(1)), initials=match.group()[surname.end - match.start() :].strip(),
            role=role_before(doc, surname), confidence=0.8,
        ))
    return found


def _names_an_institution(doc: Document, token: Token, known: KnownPeople) -> bool:
    """«Назарбаев Университет», «Назарбаев Интеллектуальной школе»: a surname followed by a capitalised ordinary
    word is the first word of an institution's name."""
    after = doc.token(token.index + 1)
    return after is not None and after.cap and not after.gap.strip() and "\n" not in after.gap and (
        surname_score(after, doc, known) is None
    )


def _surname_mentions(doc: Document, known: KnownPeople, covered: set[int], full: list[NameMention]):
    """Lone surnames («Сапаров поддержал», «Тоқаевтың») of someone named in full here or known to the archive."""
    in_text = {m.last_key for m in full if m.kind == "full"}
    found = []
    for token in doc.tokens:
        if token.index in covered or not token.cap or token.latin or never_a_name(token):
            continue
        last = nominative_surname_guess(token.text, doc.kazakh)
        key = name_search_key(last)
        known_name = ""
        if key not in in_text:
            if not SURNAME_END.search(fold(last)):
                continue
            known_name = known.only_person_with_surname(key) or ""
            if not known_name:
                continue
        before = doc.token(token.index - 1)
        if before is not None and before.cap and not before.gap.strip() and _is_namesake(doc, before, token):
            continue  # «аэропорт имени Нурсултана Назарбаева»: the surname of a namesake's full name
        if _is_namesake(doc, token, token) or _names_an_institution(doc, token, known):
            continue
        found.append(NameMention(
            start=token.start, end=token.end, surface=token.text, first="", last=last, kind="surname",
            known_name=known_name, role=role_before(doc, token), confidence=0.7,
        ))
    return found


def _initials_surname(surname: Token, doc: Document) -> str:
    """The nominative of a surname written with initials (Р. Василенко / Василенко Р.)."""
    last = nominative_surname_guess(surname.text, doc.kazakh)
    if not doc.kazakh:
        last = russian_surname_nominative(surname.text, surname_gender_hint(surname.text)) or last
    return last
