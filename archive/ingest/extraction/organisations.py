"""Named organisations in one text: quoted names after (or before) a kind word, head-noun phrases in Russian
(adjectives + head + genitive tail) and Kazakh (modifiers + head), single-word institutions, Latin brand names,
well-known acronyms, and the acronym a text gives for a name it spells out (АДГС). The reform's state bodies
(`bodies`) are found in every language and named by their one record's name, with their other names as aliases."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from archive.text import fold
from archive.text.kazakh_stem import kazakh_case_ending

from .bodies import canonical, find_bodies
from .data.organisations import (
    ACRONYM_SKIP,
    COUNTRY_SUFFIXES,
    INSTITUTIONS_KK,
    INSTITUTIONS_RU,
    KK_ORG_HEADS,
    KK_QUOTED_ORG_TYPES,
    KNOWN_ACRONYMS,
    NOT_ORG_ACRONYMS,
    RU_ORG_HEADS,
    RU_QUOTED_ORG_TYPES,
)
from .entity_text import CLAUSE_BREAK, WORD, Document, Token, has_words, without_quote_marks
from .kazakh_words import kazakh_head_nominative, kazakh_modifier, kazakh_possessive, kazakh_verbish, kk_stem
from .morphology import is_known, keep_case_pattern, lemma, parses
from .word_classes import has_case, is_org_word, is_place_word

_KK_INSTITUTION_STEMS = tuple(INSTITUTIONS_KK)
# A word of a quoted name that survives `.strip(" «»\"“”„")`: it holds something besides quote marks.
_QUOTED_WORD = re.compile(r"[«»\"“”„]*[^\s«»\"“”„]\S*")


@dataclass
class OrgMention:
    name: str
    surface: str
    start: int
    abbreviation: str = ""
    confidence: float = 1.0
    aliases: tuple[str, ...] = ()  # the other names of a state body (other languages, abbreviations)


def find_organisations(doc: Document, person_starts: set[int]) -> list[OrgMention]:
    """Named organisations: quoted names after a kind word (РОО «Ассамблея жастары», "AMANAT" партиясы),
    head-noun phrases (Агентства по делам государственной службы РК → Агентство по делам государственной службы),
    institutions (Сената → Сенат), the reform's bodies in any language (Конституциялық комиссияның →
    Конституционная комиссия), well-known acronyms (НАТО) and acronyms of names found here (АДГС)."""
    found = _quoted_organisations(doc)
    found += _kazakh_headed(doc) if doc.kazakh else _russian_headed(doc, person_starts)
    found += _institutions(doc)
    found += _latin_after_kind_word(doc)
    bodies = [OrgMention(body.name, doc.body[start:end], start) for body, start, end in find_bodies(doc)]
    found = _not_spanning_people_into_bodies(found, bodies, person_starts) + bodies
    merged = _merge_organisations([_canonical(mention) for mention in found])
    _add_acronyms(doc, merged)
    merged = _merge_organisations([_canonical(mention) for mention in merged], nested=False)
    return sorted(merged, key=lambda o: o.start)


def _canonical(mention: OrgMention) -> OrgMention:
    """A state body's mention under its record's name and abbreviation, its other names as aliases."""
    body = canonical(mention.name)
    if body is not None:
        mention.name, mention.abbreviation, mention.aliases = body.name, body.abbreviation, body.names[1:]
    return mention


def _not_spanning_people_into_bodies(
    found: list[OrgMention], bodies: list[OrgMention], person_starts: set[int]
) -> list[OrgMention]:
    """Drop a longer phrase that runs from a person's name into a body («Эльвира Азимова Орталық сайлау
    комиссиясы»): the body is the organisation. A longer name around a body («Түркия Ұлы Ұлттық Мәжілісі») stays.
    (Bisection keeps this linear-logarithmic: a long text names the Senate thousands of times.)"""
    body_starts = [b.start for b in bodies]  # find_bodies gives them in order
    people = sorted(person_starts)
    kept = []
    for mention in found:
        end = mention.start + len(mention.surface)
        first = bisect_right(body_starts, mention.start)
        if first < len(bodies) and bodies[first].start + len(bodies[first].surface) <= end:
            person = bisect_left(people, mention.start)
            if person < len(people) and people[person] < bodies[first].start:
                continue
        kept.append(mention)
    return kept


def _quoted_organisations(doc: Document) -> list[OrgMention]:
    found = []
    for opening, closing in doc.quoted:
        if has_words(doc.body, opening + 1, closing, 9, _QUOTED_WORD):
            continue  # over 8 words even once the quote marks are stripped: checked before the stretch is copied
        content = " ".join(doc.body[opening + 1 : closing].split()).strip(" «»\"“”„")
        if not content or len(content) > 80 or len(content.split()) > 8 or not content[0].isupper():
            continue
        before = doc.token_just_before(opening)
        after = doc.token_just_after(closing)
        kind_before = before is not None and before.folded in RU_QUOTED_ORG_TYPES
        kind_after = after is not None and kk_stem(after.folded, KK_QUOTED_ORG_TYPES) is not None
        last_word = content.split()[-1]
        last_token = doc.token_at(opening + 1 + doc.body[opening + 1 : closing].rfind(last_word))
        if kind_before or kind_after:
            found.append(OrgMention(content, doc.body[opening : closing + 1], opening + 1))
        elif doc.kazakh and last_token is not None and is_org_word(last_token) and len(content.split()) >= 2:
            name = content[: -len(last_word)] + kazakh_head_nominative(last_word)
            found.append(OrgMention(name, doc.body[opening : closing + 1], opening + 1, confidence=0.8))
    return found


def _russian_headed(doc: Document, person_starts: set[int]) -> list[OrgMention]:
    """«Казахстанского института стратегических исследований при Президенте РК»: adjectives + a head noun +
    the genitive/prepositional words after it. Named only if the adjectives or the head are capitalised inside
    the sentence («в центре проекта новой Конституции» is no organisation)."""
    found = []
    tokens = doc.tokens
    covered_until = -1
    for token in tokens:
        if token.index <= covered_until or token.latin or token.upper or lemma(token.text) not in RU_ORG_HEADS:
            continue
        head_parse = parses(token.text.lower())[0]
        if head_parse.tag.POS != "NOUN" or ("plur" in head_parse.tag and not token.cap):
            continue
        adjectives: list[Token] = []
        index = token.index - 1
        while index >= 0 and len(adjectives) < 3 and not tokens[index + 1].gap.strip(" "):
            candidate = tokens[index]
            if candidate.latin or not any(p.tag.POS == "ADJF" for p in parses(candidate.text.lower())[:2]):
                break
            adjectives.insert(0, candidate)
            if candidate.sent_start:
                break
            index -= 1
        phrase = [*adjectives, token]
        named = any(t.cap and not t.sent_start for t in phrase)
        tail = _russian_tail(doc, token, person_starts)
        if not named and token.cap and token.sent_start and tail:
            named = True  # «Министерство юстиции сообщило …» opens a sentence
        if not named or not (tail or adjectives):
            continue  # lone heads: only the institutions (Сенат), handled by _institutions
        start, end = phrase[0].start, (tail[-1] if tail else token).end
        tail_text = doc.body[tail[0].start : tail[-1].end] if tail else ""
        name = _drop_country_suffix(" ".join(" ".join([*_np_nominative(phrase), tail_text]).split()))
        found.append(OrgMention(name, doc.body[start:end], start, confidence=0.8))
        covered_until = (tail[-1] if tail else token).index
    return found


def _russian_tail(doc: Document, head: Token, person_starts: set[int]) -> list[Token]:
    """The words that complete an organisation's name after its head noun: a genitive chain (государственного
    управления, юстиции, и правовой информации), «по» + dative (по делам), «при» + locative (при Президенте),
    «в» + a place (в Германии), «имени» + a name, and a country acronym (РК) that ends it."""
    tail: list[Token] = []
    index = head.index + 1
    tokens = doc.tokens
    while index < len(tokens) and len(tail) < 12:
        token = tokens[index]
        if token.gap.strip(" ") or token.start in person_starts:
            break
        folded = token.folded
        if token.upper:
            if not token.latin:
                tail.append(token)
            break
        governed = {"по": "datv", "при": "loct", "в": "loct", "во": "loct", "и": "gent"}.get(folded)
        if governed:
            phrase = _case_phrase(doc, index + 1, governed, person_starts, place_only=folded in ("в", "во"))
            if not phrase or (folded == "и" and lemma(phrase[-1].text) in RU_ORG_HEADS):
                break  # «депутаты Мажилиса и Сената»: a second organisation, not the rest of this one's name
            tail += [token, *phrase]
            index = phrase[-1].index + 1
            continue
        if folded in ("имени", "им"):
            name = []
            for follower in tokens[index + 1 : index + 4]:
                if not follower.cap or (follower.gap.strip(" .") and name) or follower.start in person_starts:
                    break
                name.append(follower)
            if not name:
                break
            tail += [token, *name]
            index = name[-1].index + 1
            continue
        if token.cap and is_place_word(folded):
            tail.append(token)  # «Республики Казахстан»: a place in any case
            index += 1
            continue
        if not has_case(token, "gent") or (token.cap and not is_known(token.text.lower())):
            break
        tail.append(token)
        index += 1
    return tail


def _case_phrase(doc: Document, index: int, case: str, person_starts: set[int], *, place_only: bool) -> list[Token]:
    """Adjectives up to and including a noun in `case`, from token `index` on («по делам», «при Президенте»)."""
    phrase: list[Token] = []
    for token in doc.tokens[index : index + 4]:
        if token.gap.strip(" ") or token.start in person_starts or token.upper:
            return []
        if place_only and not (token.cap and is_place_word(token.folded)):
            return []
        analyses = parses(token.text.lower())[:3]
        if any(p.tag.case == case and p.tag.POS == "NOUN" for p in analyses):
            return [*phrase, token]
        if not any(p.tag.case == case and p.tag.POS == "ADJF" for p in analyses):
            return []
        phrase.append(token)
    return []


def _np_nominative(tokens: list[Token]) -> list[str]:
    """Adjectives + head noun in the nominative: «Казахстанского института» → «Казахстанский институт»."""
    head = tokens[-1]
    head_parse = next((p for p in parses(head.text.lower()) if p.tag.POS == "NOUN"), None)
    if head_parse is None or head_parse.tag.case == "nomn":
        return [t.text for t in tokens]
    number = "plur" if "plur" in head_parse.tag else "sing"
    head_nom = head_parse.inflect({"nomn", number})
    out = []
    for token in tokens[:-1]:
        adjective = next(
            (p for p in parses(token.text.lower()) if p.tag.POS == "ADJF" and p.tag.case == head_parse.tag.case),
            None,
        )
        grammemes = {"nomn", "plur"} if number == "plur" else {"nomn", str(head_parse.tag.gender or "masc")}
        inflected = adjective.inflect(grammemes) if adjective else None
        out.append(keep_case_pattern(token.text, inflected.word) if inflected else token.text)
    out.append(keep_case_pattern(head.text, head_nom.word) if head_nom else head.text)
    return out


def _drop_country_suffix(name: str) -> str:
    for suffix in COUNTRY_SUFFIXES:
        if name.endswith(" " + suffix) and not re.search(r"\bпри\s+\S+\s+" + re.escape(suffix) + "$", name):
            return name[: -len(suffix) - 1]
    return name


def _kazakh_headed(doc: Document) -> list[OrgMention]:
    """«Қазақстан Республикасы Сыртқы істер министрлігінің» → «Қазақстан Республикасы Сыртқы істер министрлігі»:
    the head noun loses its case ending (not its possessive), its modifiers are kept as written. A capitalised
    head (Еуропалық Одақ, Қазақстан Елшілігі) takes only capitalised modifiers."""
    found = []
    for token in doc.tokens:
        if token.latin or token.upper:
            continue
        folded = token.folded
        stem = kk_stem(folded, KK_ORG_HEADS)
        if stem is None or re.match(r"[лдт][ае]р", folded[len(stem) :]):
            continue
        if token.gap.strip(" ") in ('"', "»", "”") and folded.startswith(KK_QUOTED_ORG_TYPES):
            continue  # "Shanyraq Dialogues" платформасы: the quoted name is the organisation
        head_is_capital = token.cap and not token.sent_start
        after = doc.token(token.index + 1)
        if after is not None and any(q in after.gap for q in "»\"”") and is_org_word(after):
            continue  # «Азаматтық Альянсы» Қауымдастығы»: only a part of a longer name
        modifiers: list[Token] = []
        index, following = token.index - 1, token
        while index >= 0 and len(modifiers) < 7 and not following.sent_start:
            candidate = doc.tokens[index]
            gap = following.gap
            if CLAUSE_BREAK.search(without_quote_marks(gap)) or "«" in gap or gap.endswith('"'):
                break  # an opening quote starts the name: «Жастар ресурстық орталығында» is not «Кездесу …»
            capital = candidate.cap or candidate.upper or candidate.latin
            lower = candidate.text.lower()
            if kazakh_verbish(lower) and (not capital or candidate.sent_start):
                break
            if head_is_capital and re.search(r"(?:ның|нің|дың|дің|тың|тің)$", lower):
                break  # «Қазақстанның Еуропалық Одақ …»: the owner is not part of a proper name
            if candidate.sent_start and kazakh_case_ending(lower) and not candidate.upper:
                break  # «Іс-шараға Түркия …»: a sentence-opening word in a case form is not part of a name
            following_form = fold(kazakh_head_nominative(following.text)) if following is token else following.folded
            if not capital and (head_is_capital or not (kazakh_modifier(lower) or kazakh_possessive(following_form))):
                break
            modifiers.insert(0, candidate)
            following, index = candidate, index - 1
        phrase = [*modifiers, token]
        capitals = [t for t in phrase if (t.cap or t.upper or t.latin) and not t.sent_start]
        if not modifiers or not capitals:
            continue
        start = phrase[0].start
        text = doc.body[start : token.start] + kazakh_head_nominative(token.text)
        name = " ".join(without_quote_marks(text).split())
        found.append(OrgMention(name, doc.body[start : token.end], start, confidence=0.7))
    return found


def _institutions(doc: Document) -> list[OrgMention]:
    found = []
    for token in doc.tokens:
        if not token.cap or token.latin:
            continue
        folded = token.folded
        if doc.kazakh:
            stem = kk_stem(folded, _KK_INSTITUTION_STEMS)  # сенаторы is no Сенат: «ор» is no Kazakh ending
            if stem is not None:
                found.append(OrgMention(INSTITUTIONS_KK[stem], token.text, token.start))
        elif lemma(token.text) in INSTITUTIONS_RU:
            found.append(OrgMention(keep_case_pattern(token.text, lemma(token.text)), token.text, token.start))
    return found


def _latin_after_kind_word(doc: Document) -> list[OrgMention]:
    """«офис компании Yandex Qazaqstan»: capitalised Latin words right after a kind word."""
    found = []
    tokens = doc.tokens
    for token in tokens:
        if token.latin or token.folded not in RU_QUOTED_ORG_TYPES:
            continue
        run = []
        index = token.index + 1
        while index < len(tokens) and tokens[index].latin and tokens[index].text[0].isupper() and (
            not tokens[index].gap.strip(" ")
        ):
            run.append(tokens[index])
            index += 1
        if run:
            text = doc.body[run[0].start : run[-1].end]
            found.append(OrgMention(text, text, run[0].start, confidence=0.8))
    return found


def _org_key(name: str) -> str:
    return " ".join(without_quote_marks(fold(name)).split())


def _merge_organisations(found: list[OrgMention], *, nested: bool = True) -> list[OrgMention]:
    """One mention per name; (if `nested`) a mention inside a longer one is dropped («Мәжіліс» inside «Түркия
    Ұлы Ұлттық Мәжілісі», «Азаматтық Альянсы» inside the quoted name)."""
    outermost, reach = [], -1
    for mention in sorted(found, key=lambda m: (m.start, -len(m.surface))):
        end = mention.start + len(mention.surface)
        if nested and end <= reach:
            continue  # inside the longer mention before it
        outermost.append(mention)
        reach = max(reach, end)
    merged: dict[str, OrgMention] = {}
    for mention in outermost:
        kept = merged.setdefault(_org_key(mention.name), mention)
        kept.confidence = max(kept.confidence, mention.confidence)
        kept.abbreviation = kept.abbreviation or mention.abbreviation
    return list(merged.values())


def _initials_of(name: str) -> str:
    letters = []
    for word in WORD.findall(name):
        if fold(word) in ACRONYM_SKIP:
            continue
        letters.extend(part[0] for part in word.split("-") if part)
    return fold("".join(letters))


def _add_acronyms(doc: Document, orgs: list[OrgMention]) -> None:
    """Known acronyms become organisations; others that spell the initials of a name found here become its
    abbreviation (АДГС = Агентство по делам государственной службы)."""
    by_key = {_org_key(o.name): o for o in orgs}
    initials = [(o, _initials_of(o.name)) for o in orgs]
    for token in doc.tokens:
        if not token.upper or token.text in NOT_ORG_ACRONYMS or not 2 <= len(token.text) <= 7:
            continue
        acronym = fold(token.text)
        owner = next((o for o, letters in initials if acronym in (letters, letters + "рк")), None)
        if owner is not None:
            owner.abbreviation = owner.abbreviation or token.text
        elif token.text in KNOWN_ACRONYMS and _org_key(token.text) not in by_key:
            mention = OrgMention(token.text, token.text, token.start)
            orgs.append(mention)
            by_key[_org_key(token.text)] = mention
