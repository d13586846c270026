"""Who said what: direct quotes and reported speech, with the speaker resolved to a person named in the text.

Forms understood (Russian and Kazakh press):
    «…», — отметила Вера Ким.             «…», – деді Ержан Қасымов. / «…» деп атап өтті профессор.
    Х отметила: «…»                        – … , – деп түйіндеді … директоры Дарина Телагисова.
    – …, – заключил председатель Сената.   По её словам, …  /  Гүлжанар Шөкееваның айтуынша, …
A pronoun (он, она, ол, его, оның) is the last person named before the quote outside quotes (of the verb's
gender); a title alone (депутат, спикер Сената, Елші) is the last such person whose role says so, else the last
person named. «X отметил, что …» is a paraphrase, not a quote; «по мнению участников» has no one speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from archive.text import fold

from .data.roles import ROLE_SYNONYMS
from .data.speech import KK_REPORTED, KK_SPEECH_ALONE, RU_SPEECH_PAST
from .entity_text import WORD, Document, Regions, has_words
from .kazakh_words import kazakh_verbish
from .name_mentions import NameMention
from .people import Person
from .person_roles import role_lemma, role_nominative
from .word_classes import has_case, is_role_word

MIN_QUOTE_WORDS = 3
_DASH = r"[-–—]"
_SPEECH_VERB = re.compile(r"^(?:" + "|".join(RU_SPEECH_PAST) + r")\w*$")
_KK_SPEECH = re.compile(r"^(?:" + "|".join(KK_SPEECH_ALONE) + r")$")
_PRONOUNS_RU = {"он": "m", "она": "f", "его": "m", "ее": "f", "её": "f"}
_PRONOUNS_KK = frozenset({"ол", "оның", "онын"})
_PLURAL_SPEAKERS = frozenset({"они", "их", "олар", "олардың", "олардын", "участников", "экспертов", "представителей",
                              "депутатов", "организаторов", "специалистов", "авторов", "многих"})
_RU_REPORTED = re.compile(
    r"(?:^|(?<=[.!?…]\s)|(?<=\n))\s*По\s+(?:(?P<pron>его|её|ее)\s+)?(?:словам|мнению|оценке)(?P<who>\s+[^,\n]{1,90})?,"
    r"\s*(?P<text>[^\n]*?[.!?…])(?=\s|$)",
)
_KK_REPORTED = re.compile(r"(?P<word>\b(?:" + "|".join(KK_REPORTED) + r")\b),\s*")


@dataclass
class Quote:
    text: str
    speaker: Person | None
    start: int
    confidence: float


class _Resolver:
    """Finds the person an attribution points to."""

    def __init__(self, doc: Document, mentions: list[NameMention], person_of: dict[int, Person], regions: Regions):
        self.doc = doc
        self.person_of = person_of
        self.mentions = [m for m in mentions if m.start in person_of]  # sorted by start
        self.starts = [m.start for m in self.mentions]
        self.outside = [m for m in self.mentions if m.start not in regions]
        self.outside_starts = [m.start for m in self.outside]
        self._by_person: dict[Person, list[int]] | None = None

    def _outside_by_person(self) -> dict[Person, list[int]]:
        """Each person named outside quotes, with the (sorted) starts of those mentions."""
        if self._by_person is None:
            self._by_person = {}
            for mention in self.outside:
                self._by_person.setdefault(self.person_of[mention.start], []).append(mention.start)
        return self._by_person

    def mentions_in(self, start: int, end: int) -> list[NameMention]:
        return self.mentions[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def last_before(self, position: int, gender: str = "") -> Person | None:
        """The person a pronoun points to: in the last sentence before `position` that names someone, the first
        person named (the subject, as a rule: «Р.Василенко … Президент Тоқаев … айтты. Оның айтуынша» is
        Василенко), skipping people of the other gender."""
        earlier = self.outside[max(0, bisect_left(self.outside_starts, position) - 50) : bisect_left(
            self.outside_starts, position)]  # the last 50 mentions are plenty
        while earlier:
            sentence_start, _ = self.doc.sentence_bounds(earlier[-1].start)
            sentence = [m for m in earlier if m.start >= sentence_start]
            for mention in sentence:
                person = self.person_of[mention.start]
                if not gender or not person.gender or person.gender == gender:
                    return person
            earlier = earlier[: len(earlier) - len(sentence)]
        return None

    def speaker(self, start: int, end: int, before: int, gender: str = "") -> tuple[Person | None, float]:
        """The speaker named, pointed to by a pronoun, or titled in body[start:end]."""
        inside = self.mentions_in(start, end)
        if inside:
            return self.person_of[inside[-1].start], 0.95
        tokens = self.doc.tokens_between(start, end)
        for token in tokens:
            word = token.text.lower()
            if word in _PLURAL_SPEAKERS:
                return None, 0.0
            if word in _PRONOUNS_RU or word in _PRONOUNS_KK:
                return self.last_before(before, gender or _PRONOUNS_RU.get(word, "")), 0.85
        titles = [t for t in tokens if is_role_word(t)]
        if titles:
            return self._by_title(_title_phrase(self.doc, tokens, tokens.index(titles[0])), before, gender)
        return None, 0.0

    def _by_title(self, words, before: int, gender: str) -> tuple[Person | None, float]:
        """«депутат», «председатель Сената», «түрік сарапшысы»: the last person before whose role has the title's
        head word (or a synonym) and its capitalised words; else the last person named, who then gets the title
        as a role if the text gave them none."""
        head_token = next(t for t in (reversed(words) if self.doc.kazakh else words) if is_role_word(t))
        head = role_lemma(head_token.text)
        wanted = {role_lemma(t.text) for t in words if t.cap and t is not head_token}  # the Senate must match
        synonyms = next((group for group in ROLE_SYNONYMS if head in group), {head})
        # The latest mention before the quote of a person whose role fits: each person is asked once (roles change
        # as quotes are read, so this is not cached), then bisected for their last mention before the quote.
        latest, fitting = -1, None
        for person, starts in self._outside_by_person().items():
            index = bisect_left(starts, before)
            if not index or starts[index - 1] <= latest:
                continue
            have = person.role_words
            if (have & synonyms or any(h.startswith(s) or s.startswith(h) for h in have for s in synonyms if
                                       min(len(h), len(s)) >= 5)) and wanted <= have:
                latest, fitting = starts[index - 1], person
        if fitting is not None:
            return fitting, 0.85
        person = self.last_before(before, gender)
        if person is not None and not person.role:
            phrase = self.doc.body[words[0].start : words[-1].end]
            person.role = phrase if self.doc.kazakh else role_nominative(phrase, words[0])
        return person, 0.6


def _title_phrase(doc: Document, tokens, head_index: int):
    """The words of a title in an attribution: Russian «председатель рабочей группы» (head + genitives and
    capitalised words; not «в своем выступлении»), Kazakh «түрік сарапшысы» (modifiers before the head)."""
    if doc.kazakh:
        start = head_index
        while start > 0 and not kazakh_verbish(tokens[start - 1].text) and tokens[start - 1].folded not in (
            "деп", "деди", "дейди"
        ):
            start -= 1
        return tokens[start : head_index + 1]
    end = head_index + 1
    while end < len(tokens) and (tokens[end].cap or has_case(tokens[end], "gent")) and end - head_index <= 4:
        end += 1
    return tokens[head_index:end]


def find_quotes(doc: Document, mentions: list[NameMention], person_of: dict[int, Person]) -> list[Quote]:
    spans = doc.quoted
    top = _top_level([s for s in spans if has_words(doc.body, s[0] + 1, s[1], MIN_QUOTE_WORDS)])
    dash_quotes = list(_dash_paragraph_quotes(doc))
    regions = Regions(top + [(q[0], q[1]) for q in dash_quotes])
    resolver = _Resolver(doc, mentions, person_of, regions)
    found: list[Quote] = []
    for opening, closing in top:
        quote = _quote_with_attribution(doc, resolver, opening, closing)
        if quote:
            found.append(quote)
    for start, _end, attribution_start, attribution_end, text in dash_quotes:
        gender = _verb_gender(doc, attribution_start, attribution_end)
        speaker, confidence = resolver.speaker(attribution_start, attribution_end, start, gender)
        found.append(Quote(text, speaker, start, confidence if speaker else 0.5))
    found += _reported_speech(doc, resolver, regions)
    found.sort(key=lambda q: q.start)
    unique: list[Quote] = []
    texts: set[str] = set()
    for quote in found:  # one quote found by two patterns is kept once
        if quote.text in texts or (unique and quote.start - unique[-1].start < 3):
            continue
        texts.add(quote.text)
        unique.append(quote)
    return unique


def _top_level(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not nested in another (spans come sorted by their start)."""
    top, reach = [], -1
    for span in spans:
        if span[1] < reach:
            continue
        top.append(span)
        reach = span[1]
    return top


_SENTENCE_END = re.compile(r"(?<![\s.][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])[.!?…](?=\s|$)|\n")  # «Р.» is an initial, not an end
_AFTER_QUOTE = re.compile(r"\s*[,.!?…]?\s*(?:" + _DASH + r"+\s*)?")


def _sentence_end(body: str, start: int) -> int:
    match = _SENTENCE_END.search(body, start)
    return match.start() if match else len(body)


def _verb_gender(doc: Document, start: int, end: int) -> str:
    for token in doc.tokens_between(start, end):
        if _SPEECH_VERB.match(token.folded):
            if re.search(r"ла(?:сь)?$", token.folded):
                return "f"
            return "m" if token.folded.endswith(("л", "лся")) else ""
    return ""


def _starts_attribution(doc: Document, position: int, kazakh_ok: bool) -> bool:
    match = WORD.match(doc.body, position)
    if not match:
        return False
    word = fold(match.group())
    return bool(_SPEECH_VERB.match(word)) or (kazakh_ok and bool(_KK_SPEECH.match(word)))


def _quote_with_attribution(doc: Document, resolver: _Resolver, opening: int, closing: int) -> Quote | None:
    body = doc.body
    text = " ".join(body[opening + 1 : closing].split())
    after = _AFTER_QUOTE.match(body, closing + 1)
    attribution_start = after.end()
    dashed = bool(re.search(_DASH, after.group()))
    if _starts_attribution(doc, attribution_start, kazakh_ok=True) and (dashed or doc.kazakh):
        end = _sentence_end(body, attribution_start)
        gender = _verb_gender(doc, attribution_start, end)
        speaker, confidence = resolver.speaker(attribution_start, end, opening, gender)
        if speaker is None:  # «…» деп атап өтті. with the speaker named before the quote, in the same sentence
            sentence_start, _ = doc.sentence_bounds(opening)
            speaker, confidence = resolver.speaker(sentence_start, opening, opening, gender)
        return Quote(text, speaker, opening + 1, confidence if speaker else 0.5)
    before = opening  # the end of body[:opening].rstrip(), found without copying the body once per quote
    while before and body[before - 1].isspace():
        before -= 1
    if before and body[before - 1] == ":":
        sentence_start, _ = doc.sentence_bounds(before - 1)
        clause = doc.tokens_between(sentence_start, before)
        has_verb = any(_SPEECH_VERB.match(t.folded) for t in clause)
        only_name = resolver.mentions_in(sentence_start, before) and len(clause) <= 4
        if has_verb or only_name:
            gender = _verb_gender(doc, sentence_start, before)
            speaker, confidence = resolver.speaker(sentence_start, before, opening, gender)
            if speaker is not None:
                return Quote(text, speaker, opening + 1, confidence)
    return None


def _dash_paragraph_quotes(doc: Document):
    """(start, end, attribution start, attribution end, text) of paragraphs that open with a dash and carry
    «, – отметил X» / «, – деді X» inside; a continuation «. – …» after the attribution joins the text."""
    body = doc.body
    for paragraph in re.finditer(r"(?m)^[ \t]*" + _DASH + r"[ \t]*(?=\S)", body):
        line_end = body.find("\n", paragraph.end())
        line_end = len(body) if line_end < 0 else line_end
        for marker in re.finditer(r"([,.!?…])\s*" + _DASH + r"+\s*", body[paragraph.end() : line_end]):
            attribution_start = paragraph.end() + marker.end()
            if not _starts_attribution(doc, attribution_start, kazakh_ok=True):
                continue
            text_end = paragraph.end() + marker.start() + (0 if marker.group(1) == "," else 1)
            text = body[paragraph.end() : text_end]
            attribution_end = _sentence_end(body, attribution_start)
            rest = body[attribution_end:line_end]
            continuation = re.match(r"[.!?…]\s*" + _DASH + r"\s*(\S.*)$", rest)
            if continuation:  # «– A, – сказал он. – B.»: one quote, A then B
                rest_text = continuation.group(1)
                joiner = " " if rest_text[:1].islower() or text.rstrip()[-1:] in ".!?…" else ". "
                text = text.rstrip() + joiner + rest_text
            text = " ".join(text.split())
            if len(text.split()) >= MIN_QUOTE_WORDS:
                yield paragraph.end(), line_end, attribution_start, attribution_end, text
            break


def _reported_speech(doc: Document, resolver: _Resolver, regions: Regions) -> list[Quote]:
    """«По её словам, …» and «Х-тың айтуынша, …»: the rest of the sentence, attributed."""
    body = doc.body
    found = []
    if doc.kazakh:
        for match in _KK_REPORTED.finditer(doc.folded):
            if match.start() in regions:
                continue
            sentence_start, _ = doc.sentence_bounds(match.start())
            end = _sentence_end(body, match.end())
            text = body[match.end() : end + 1].strip()
            speaker, confidence = resolver.speaker(sentence_start, match.start(), match.start())
            if speaker is not None and len(text.split()) >= MIN_QUOTE_WORDS:
                found.append(Quote(text, speaker, match.end(), confidence * 0.8))
        return found
    for match in _RU_REPORTED.finditer(body):
        if match.start() in regions:
            continue
        if match.group("pron"):
            gender = _PRONOUNS_RU[match.group("pron").lower()]
            speaker, confidence = resolver.last_before(match.start(), gender), 0.85
        elif match.group("who"):
            speaker, confidence = resolver.speaker(match.start("who"), match.end("who"), match.start())
        else:
            continue
        text = match.group("text").strip()
        if speaker is not None and len(text.split()) >= MIN_QUOTE_WORDS:
            found.append(Quote(text, speaker, match.start("text"), confidence * 0.8))
    return found
