"""The canonical form of a name mention: Russian case and gender read from the surname's ending, the words
around it and pymorphy3, and the nominative rebuilt; Kazakh loses only the case ending of its last word."""

from __future__ import annotations

import re

from archive.text import fold, normalise_person_surface

from .data.names import KAZAKH_FIRST_NAMES
from .entity_text import CLAUSE_BREAK, Document, Token
from .kazakh_words import kazakh_nominative
from .morphology import inflect_nominative, is_known, keep_case_pattern, parses
from .word_classes import is_speech_verb

_OBLIQUE_PREPOSITIONS = frozenset({
    "с", "со", "у", "для", "от", "к", "ко", "при", "о", "об", "обо", "по", "под", "за", "над", "перед", "между",
    "без", "до", "из", "через", "про", "среди", "против", "кроме", "после", "вместо", "около", "благодаря",
    "отвечая", "поблагодарил", "поблагодарила", "наградил", "встретился", "встретилась", "председательством",
})  # fmt: skip
_FEMALE_OBLIQUE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)(?:ой|ою)$|(?:ск|цк)(?:ой|ую|ою)$")
_MALE_OBLIQUE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)(?:ым|ом|е)$|(?:ск|цк)(?:ого|ому|им|ом)$")
_OBLIQUE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)у$")  # his dative or her accusative: case sure, gender not
_FEMALE_NOMINATIVE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая|кызы)$")
_MALE_NOMINATIVE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|улы|бай|бек)$")


def surname_gender_hint(word: str) -> str:
    """"f" or "m" when a surname's oblique ending tells (Жакселековой, Токаевым), else ""."""
    folded = fold(word)
    if _FEMALE_OBLIQUE_SURNAME.search(folded):
        return "f"
    if _MALE_OBLIQUE_SURNAME.search(folded):
        return "m"
    return ""


def kazakh_forms(first: Token, last: Token) -> tuple[str, str, float, str]:
    """Kazakh declines only the last word of a name: Гүлжанар Шөкееваның → Гүлжанар Шөкеева."""
    surname = kazakh_nominative(last.text)
    folded = fold(surname)
    gender = "f" if re.search(r"(?:ова|ева|ина|кызы|ская)$", folded) else ""
    gender = gender or ("m" if re.search(r"(?:ов|ев|ин|улы|ский)$", folded) else "")
    return first.text, surname, 1.0 if surname == last.text else 0.6, gender or _first_name_gender(first.text)


def russian_forms(doc: Document, first: Token, last: Token, role: str, role_case: str) -> tuple[str, str, float, str]:
    """Nominative first name and surname of a Russian mention, how sure the surface was nominative, and gender.

    Evidence, strongest first: an unambiguous surname ending (Токаевым, Жакселековой), the case of the role word
    just before (депутата Сената Нурлана Бекмуратова), a preposition or a speech verb before, a first name that
    is a case form of a man's name (Маулена, Ерлана, Марата), pymorphy3's analyses of the first name, and a verb
    after that can agree with a person (Алуа Жолдыбалина отметила; not «Выступление Веры Ким было»).
    """
    surname_folded = last.folded
    verdict = 0  # > 0: nominative, < 0: oblique
    gender = surname_gender_hint(last.text)
    if gender or _OBLIQUE_SURNAME.search(surname_folded):
        verdict -= 3
    elif _MALE_NOMINATIVE_SURNAME.search(surname_folded):
        verdict += 2
        gender = "m"
    if role_case:
        verdict += 3 if role_case == "nomn" else -3
    before = doc.token(first.index - 1)
    if before is not None and not CLAUSE_BREAK.search(first.gap) and not role:
        if before.folded in _OBLIQUE_PREPOSITIONS:
            verdict -= 3
        elif is_speech_verb(before):
            verdict += 3
            gender = gender or ("f" if before.folded.endswith("ла") else "m")
    man = _declined_mans_name(first)
    if man:
        verdict -= 2
        gender = gender or "m"
    elif first.folded not in KAZAKH_FIRST_NAMES and (cases := _singular_name_cases(first.text)):
        verdict -= 0 if "nomn" in cases else 1
    elif "-" in first.text and fold(first.text.split("-")[0])[-1:] not in "аеиоуыэюяй":
        if re.search(r"[ауе]$|ом$", first.folded) and not _MALE_NOMINATIVE_SURNAME.search(surname_folded):
            verdict -= 2  # Касым-Жомарта: Russian declines the second half of a masculine double name
    after = doc.token(last.index + 1)
    verb_gender = _agreeing_verb(after) if after is not None and not CLAUSE_BREAK.search(after.gap) else None
    if verb_gender is not None and not (gender and verb_gender and verb_gender != gender):
        verdict += 1
        gender = gender or verb_gender
    if verdict >= 0:
        if not gender:
            gender = _gender_of_nominative(first.text, last.text)
        return first.text, last.text, 1.0 if verdict > 0 else 0.6, gender
    gender = gender or _first_name_gender(first.text, nominative=False) or "m"
    return (
        _russian_first_name_nominative(first.text, gender),
        russian_surname_nominative(last.text, gender) or last.text,
        0.2,
        gender,
    )


def _singular_name_cases(word: str) -> set[str]:
    return {str(p.tag.case) for p in parses(word.lower()) if "Name" in p.tag and "sing" in p.tag and p.tag.case}


def _declined_mans_name(first: Token) -> bool:
    """Маулена, Ерлана, Марата, Томасом: a case form of a man's first name (and not itself a woman's name: Дина
    is not the genitive of Дин)."""
    folded = first.folded.rsplit("-", 1)[-1]
    if folded in KAZAKH_FIRST_NAMES:
        return False
    lower = first.text.lower()
    if is_known(lower) and any(p.tag.case == "nomn" and p.tag.gender == "femn" and "Name" in p.tag
                               for p in parses(lower)):
        return False
    for ending in ("ом", "ым", "а", "у", "е"):
        stem = folded[: -len(ending)]
        if folded.endswith(ending) and len(stem) >= 3:
            if stem in KAZAKH_FIRST_NAMES or (
                is_known(stem) and any("Name" in p.tag and p.tag.gender == "masc" and p.tag.case == "nomn"
                                       for p in parses(stem))
            ):
                return True
    return False


def _agreeing_verb(token: Token) -> str | None:
    """For a verb that can have a person as its subject: its gender ("m", "f", or "" for a present tense);
    None for anything else, a neuter or plural past included («Выступление Веры Ким было …»)."""
    verb = next((p for p in parses(token.text.lower())[:2] if p.tag.POS == "VERB"), None)
    if verb is None:
        return None
    if "past" in verb.tag:
        return {"masc": "m", "femn": "f"}.get(str(verb.tag.gender))
    return "" if "3per" in verb.tag and "sing" in verb.tag else None


def _gender_of_nominative(first: str, last: str) -> str:
    if _FEMALE_NOMINATIVE_SURNAME.search(fold(last)):
        return "f"
    return _first_name_gender(first, nominative=True)


def _first_name_gender(word: str, *, nominative: bool | None = None) -> str:
    """"f" or "m" when pymorphy3's analyses of `word` as a first name all agree on it, else "". Only the analyses
    in the nominative (True), only those in another case (False), or all (None) are asked."""
    genders = {
        str(p.tag.gender) for p in parses(word.lower())
        if "Name" in p.tag and (nominative is None or (p.tag.case == "nomn") == nominative)
    }
    return "f" if genders == {"femn"} else ("m" if genders == {"masc"} else "")


def first_name_nominative(word: str, gender: str) -> str:
    """The nominative of a declined first name: Тайипа → Тайип (a man), Аиды → Аида (a woman)."""
    return _russian_first_name_nominative(word, gender)


def _russian_first_name_nominative(word: str, gender: str) -> str:
    if fold(word) in KAZAKH_FIRST_NAMES:
        return word  # Сауле, Асель, Айгерим: not declined (and not a case form of Саул)
    if "-" in word:
        head, _, tail = word.rpartition("-")
        return head + "-" + _russian_first_name_nominative(tail, gender)
    grammeme = "femn" if gender == "f" else "masc"
    for p in parses(word.lower()):
        if "Name" in p.tag and p.tag.gender == grammeme and p.tag.case != "nomn":
            return keep_case_pattern(word, p.normal_form)
    folded = fold(word)
    if gender == "f":
        for ending, replacement in (("ой", "а"), ("ы", "а"), ("е", "а"), ("у", "а"), ("и", "я"), ("ю", "я")):
            if folded.endswith(ending) and len(folded) > 3:
                return word[: -len(ending)] + replacement
        return word
    for ending, replacement in (("ом", ""), ("ым", ""), ("а", ""), ("у", ""), ("е", ""), ("я", "й"), ("ю", "й"),
                                ("ем", "й")):
        stem = folded[: -len(ending)]
        if folded.endswith(ending) and len(stem) >= 3 and (replacement or stem[-1] not in "аеиоуыэюяйь"):
            return word[: -len(ending)] + replacement
    return word


def russian_surname_nominative(word: str, gender: str) -> str | None:
    folded = fold(word)
    if gender == "f":
        for pattern, replacement in ((r"(ов|ев|ёв|ин|ын)(ой|ою|у)$", r"\1а"), (r"(ск|цк)(ой|ую|ою)$", r"\1ая")):
            if re.search(pattern, folded):
                cut = re.search(pattern, folded).start()
                return word[:cut] + re.sub(pattern, replacement, folded[cut:])
        return inflect_nominative(word, grammemes=frozenset({"femn"}), need="Surn")
    match = re.search(r"(?:ов|ев|ёв|ин|ын)(а|у|ым|ом|е)$", folded)
    if match:
        return word[: match.start(1)]  # his surname: Карина after Ерлана is Карин, whatever Галина rules say
    normalised = normalise_person_surface(word)
    if normalised != word:
        return normalised
    for p in parses(word.lower()):
        if "Surn" in p.tag and p.tag.case not in (None, "nomn") and p.tag.gender == "masc":
            return keep_case_pattern(word, p.normal_form)
    return None


# A patronymic in the nominative, Russian or Kazakh: «Мажитович», «Абилхасановна», «Тынымбайұлы», «Әбілхасанқызы».
_NOMINATIVE_PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична|улы|кызы)$")


def listed_forms(surname: Token, first: Token, patronymic: Token, kazakh: bool) -> tuple[str, str, float, str]:
    """Nominative first name and surname of «Абдиров Нурлан Мажитович» (official lists put the surname first),
    also when declined («назначить Абдирова Нурлана Мажитовича»); the patronymic tells the gender."""
    folded = patronymic.folded
    gender = "f" if re.search(r"(?:овн|евн|ичн|кызы)", folded) else "m"
    if kazakh:
        return first.text, kazakh_nominative(surname.text), 0.8, gender
    if _NOMINATIVE_PATRONYMIC.search(folded):
        return first.text, surname.text, 1.0, gender
    return (
        _russian_first_name_nominative(first.text, gender),
        russian_surname_nominative(surname.text, gender) or surname.text,
        0.3,
        gender,
    )
