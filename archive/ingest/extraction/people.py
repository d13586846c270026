"""Name mentions merged into people: one record per person with a canonical nominative name, the most
specific role, and every mention (so every spelling) the article uses for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.text import fold, name_search_key

from .entity_text import WORD, Document
from .known_people import KnownPeople
from .latin_mentions import latin_full_name
from .name_mentions import NameMention, first_name_score, surname_score
from .person_roles import role_lemma


@dataclass(eq=False)  # people are compared by identity: two may look alike field by field
class Person:
    name: str
    mentions: list[NameMention] = field(default_factory=list)
    role: str = ""
    gender: str = ""
    confidence: float = 1.0

    @property
    def first_mention(self) -> NameMention:
        return self.mentions[0]

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every distinct spelling of the person in the text, in order of appearance (the first mention's first)."""
        return tuple(dict.fromkeys(m.surface for m in self.mentions))

    @property
    def role_words(self) -> set[str]:
        return {role_lemma(word) for word in WORD.findall(self.role)}


def group_people(mentions: list[NameMention], known: KnownPeople) -> tuple[list[Person], dict[int, Person]]:
    """One Person per distinct person, and the person of each mention (by the mention's start offset).

    Full names group by their (first-name, surname) search keys; initials join the full name with that surname
    and initial; lone surnames join the one full name with that surname (or the archive's only such person)."""
    people: list[Person] = []
    by_key: dict[tuple[str, str], Person] = {}
    by_start: dict[int, Person] = {}
    for mention in mentions:
        if mention.kind != "full":
            continue
        person = by_key.get(mention.key)
        if person is None:
            person = by_key[mention.key] = Person(name="")
            people.append(person)
        person.mentions.append(mention)
        by_start[mention.start] = person
    by_surname: dict[str, list[Person]] = {}
    for person in people:
        for key in {m.last_key for m in person.mentions}:
            by_surname.setdefault(key, []).append(person)
    listed = {id(person) for person in people}
    for mention in mentions:
        if mention.kind == "full":
            continue
        person = _person_for_partial(mention, by_surname.get(mention.last_key, []), known, by_key)
        if person is None:
            continue
        if id(person) not in listed:
            listed.add(id(person))
            people.append(person)
        person.mentions.append(mention)
        by_start[mention.start] = person
    for person in people:
        person.mentions.sort(key=lambda m: m.start)
        _settle(person)
    people.sort(key=lambda p: p.first_mention.start)
    return people, by_start


def _person_for_partial(mention: NameMention, same_surname: list[Person], known: KnownPeople, by_key):
    """The person a lone surname or initials + surname stand for: the one named in full here with that surname
    (and initial), else the archive's one such person; initials nobody matches make a person of their own."""
    if mention.kind == "initials":
        same_surname = [p for p in same_surname if any(fold(m.first)[:1] == mention.initial for m in p.mentions)]
    if len(same_surname) == 1:
        return same_surname[0]
    if same_surname:
        return None
    known_name = mention.known_name or known.only_person_with_surname(mention.last_key, mention.initial)
    if known_name:
        key = (name_search_key(known_name.split()[0]), name_search_key(known_name.split()[-1]))
        name, confidence = known_name, 1.0
    elif mention.kind == "initials":
        key = ("initial:" + mention.initial, mention.last_key)
        initials = mention.initials or f"{mention.surface.split('.')[0]}."
        name, confidence = f"{initials} {mention.last}", 0.6
    else:
        return None
    if key not in by_key:
        by_key[key] = Person(name=name, confidence=confidence)
    return by_key[key]


def _settle(person: Person) -> None:
    """Canonical name from the mention most surely in the nominative; the most specific (longest) role."""
    full = [m for m in person.mentions if m.kind == "full"]
    if full:
        best = max(full, key=lambda m: (m.nominative, -m.start))
        person.name = f"{best.first} {best.last}"
        person.gender = best.gender or next((m.gender for m in full if m.gender), "")
        person.confidence = max(m.confidence for m in full)
    roles = [m.role for m in person.mentions if m.role]
    if roles:
        person.role = max(roles, key=len)


# Words that introduce the author's name in a byline (folded).
_BYLINE_LEAD = frozenset({"беседовал", "беседовала", "автор", "авторы", "текст", "подготовил", "подготовила",
                          "дайындаган", "by", "author", "interviewed"})


def person_from_byline(byline: str, language: str, known: KnownPeople) -> str:
    """The canonical name of a byline that is a person's name («Галина Каренский», «Беседовал Арман Сагындыков.»),
    or ""."""
    words = byline.replace(":", " ").split()
    while words and fold(words[0].lower()) in _BYLINE_LEAD:
        words = words[1:]
    words = [w.strip(".,;") for w in words]
    if language == "en" or all(w.isascii() for w in words):
        return latin_full_name(words, known)
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return ""
    probe = Document(" ".join(words), language)
    first, last = probe.tokens[0], probe.tokens[-1]
    if len(probe.tokens) != len(words) or first_name_score(first, known) is None:
        return ""
    if surname_score(last, probe, known) is None:
        return ""
    return f"{first.text} {last.text}"

