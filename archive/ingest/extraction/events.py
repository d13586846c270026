"""Events: the gathering an article reports (round table, meeting, session, presentation) and dated events it
names (the referendum of 15 March 2026), each with a key that is the same in every article, in either language.

The reported gathering is the trigger word whose sentence says it took place (прошел, состоялась, өтті,
ұйымдастырды, таныстырылды); its date is a date stated in that sentence, else «сегодня/бүгін» or «вчера/кеше»
against the publication date, else the publication date itself when the sentence reports it in the past
(news of a gathering is published the day it happens; confidence is lowered), else none.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from archive.text import fold, name_key

from ..reading.dates import month_number
from .entity_text import Document, quoted_spans
from .organisations import OrgMention
from .word_classes import place_for

_KINDS = ("round_table", "presentation", "session", "meeting", "other")
_TRIGGERS = {
    "round_table": re.compile(r"\bкругл\w*\s+стол\w*|\bдонгелек\s+устел\w*"),  # folded: дөңгелек үстел
    "presentation": re.compile(r"\bпрезентаци\w*|\bпрезентова\w*|\bпредстави(?:ли|л|ла|т)\s+проект\w*|\bтаныстыр\w*"),
    "session": re.compile(r"\bзаседани\w*|\bотырыс\w*|\bпленарн\w*\s+сесси\w*"),
    "meeting": re.compile(r"\bвстреч[аиеуй]\w*|\bкездесу\w*"),
    "other": re.compile(r"\bконференци\w*|\bфорум\w*|\bсеминар\w*|\bбрифинг\w*|\bсъезд\w*|\bжиын\w*|\bмероприяти\w*"),
}
_HAPPENED = re.compile(
    r"\b(?:прош(?:ел|ёл|ла|ло|ли)|состоял(?:ся|ась|ось|ись)|организова\w*|провел\w*|провёл|провели|открыл\w*"
    r"|отт[иы]|откен|откизилд\w*|уйымдастыр\w*|таныстырылд\w*|таныстырылып|таныстырды|болды)\b"
)
_FUTURE = re.compile(
    r"\b(?:пройд[её]т|состоится|будет|будут|следующ\w*|отеди|отетин\w*|откизиледи|откизилетин\w*|жоспарлан\w*"
    r"|келеси\w*)\b"
)
_LABELS = {
    "ru": {"round_table": "Круглый стол", "meeting": "Встреча", "session": "Заседание",
           "presentation": "Презентация", "other": "Мероприятие", "referendum": "Республиканский референдум"},
    "kk": {"round_table": "Дөңгелек үстел", "meeting": "Кездесу", "session": "Отырыс",
           "presentation": "Таныстырылым", "other": "Іс-шара", "referendum": "республикалық референдум"},
}
_RU_MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                       "октября", "ноября", "декабря")
_KK_MONTHS_RELATIVE = ("қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы", "шілдедегі",
                       "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы")
_DAY_MONTH = re.compile(r"(?:(?P<year1>\d{4})\s*(?:жылгы|ж\.)\s*)?\b(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)"
                        r"(?:\s+(?P<year2>\d{4})\b)?")
_RELATIVE_DAYS = {"сегодня": 0, "бугин": 0, "вчера": -1, "кеше": -1, "накануне": -1}
_REFERENDUM = re.compile(r"референдум\w*|\breferend(?:um|a)s?\b")
_MONTH_DAY = re.compile(r"\b(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year2>\d{4})\b)?")
_TRIP = re.compile(r"\b(?:поездк\w*|визит\w*|сапар\w*)\s+(?:в\s+|во\s+)?(?P<place>[^\W\d_][\w-]*)")


@dataclass
class Event:
    key: str
    title: str
    kind: str
    starts_on: dt.date | None
    place: str
    confidence: float
    reported: bool
    title_ru: str = ""
    title_kk: str = ""


def find_events(doc: Document, *, title: str, published_on: dt.date | None, organisations: list[OrgMention]):
    language = "kk" if doc.kazakh else "ru"
    if title and doc.body.startswith(title.rstrip("…").rstrip()):
        title = ""  # a headline the parser made from the first words says nothing new
    events = []
    reported = _reported_gathering(doc, title, published_on, organisations, language)
    if reported:
        events.append(reported)
    seen = {e.key for e in events}
    for event in _referendums(doc.folded + "\n" + fold(title), published_on, language):
        if event.key not in seen:
            seen.add(event.key)
            events.append(event)
    return events


_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)|\n")
_SENTENCE_START = re.compile(r"(?:[.!?…]\s+|\n)(?=\S)")


class _Sentences:
    """Sentence starts and ends of a folded text, found in one pass each: a match's sentence is then two bisects
    away, not a scan (a text with no sentence end and thousands of matches would be read once per match)."""

    def __init__(self, folded: str) -> None:
        self.length = len(folded)
        self.starts = [0, *(boundary.end() for boundary in _SENTENCE_START.finditer(folded))]
        # every end mark is one character, so finditer finds each position `search` from any offset would
        self.ends = [end.start() for end in _SENTENCE_END.finditer(folded)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) of the sentence holding a match at [start, end): the end is the first mark from `end` on."""
        after = bisect_left(self.ends, end)
        return self.starts[bisect_right(self.starts, start) - 1], self.ends[after] if after < len(self.ends) else (
            self.length)


def _sentences_with(folded: str, pattern: re.Pattern[str], sentences: _Sentences | None = None):
    """(sentence start, sentence end, match) for every match of `pattern` in a folded text."""
    for match in pattern.finditer(folded):
        if sentences is None:
            sentences = _Sentences(folded)
        start, end = sentences.around(match.start(), match.end())
        yield start, end, match


def _reported_gathering(doc, title, published_on, organisations, language) -> Event | None:
    """The gathering the article reports, if any; preferring a trigger whose sentence says it took place."""
    candidates = []
    for source_offset, text, folded in ((-1, title, fold(title)), (0, doc.body, doc.folded)):
        if not text:
            continue
        sentences = _Sentences(folded)
        verdicts: dict[tuple[int, int], bool | None] = {}  # sentence → None (future), else whether it took place
        for kind in _KINDS:
            for start, end, match in _sentences_with(folded, _TRIGGERS[kind], sentences):
                if (start, end) not in verdicts:  # many triggers in one sentence: it is read once
                    sentence = folded[start:end]
                    verdicts[start, end] = None if _FUTURE.search(sentence) else bool(_HAPPENED.search(sentence))
                happened = verdicts[start, end]
                if happened is None:
                    continue
                candidates.append((not happened, _KINDS.index(kind), source_offset, match.start(), kind, text,
                                   start, end, match))
    # a gathering only named, neither said to have taken place nor in the headline, is not what is reported
    candidates = [c for c in candidates if not c[0] or c[2] == -1]
    if not candidates:
        return None
    not_happened, _, source, _, kind, text, start, end, match = min(candidates, key=lambda c: c[:4])
    sentence = text[start:end]
    starts_on, date_confidence = _date_of(sentence, published_on, past=not not_happened)
    place, place_ru = _place_of(doc, sentence, title, organisations, language, start if source == 0 else None)
    name = _name_of(text, match, doc.quoted if source == 0 else None)
    label = _LABELS[language][kind]
    if name:
        event_title = f"{label} «{name}»"
    elif title:
        event_title = f"{label}: {title}"
    else:
        event_title = ", ".join(part for part in (label, place, _spelled(starts_on, language)) if part)
    slug = _slug(name) or _slug(place_ru) or _slug(title or doc.body, words=5)  # Қарағанды and Караганда: one key
    key = f"{kind.replace('_', '-')}-{(starts_on or published_on or 'undated')}-{slug}".rstrip("-")
    confidence = (0.9 if not not_happened else 0.6) * date_confidence
    titles = {f"title_{language}": event_title[:500]}  # the other language's title comes with its own texts
    return Event(key[:200], event_title[:500], kind, starts_on, place, round(confidence, 2), True, **titles)


def _date_of(sentence: str, published_on: dt.date | None, *, past: bool) -> tuple[dt.date | None, float]:
    folded = fold(sentence)
    explicit = _dates_in(folded, published_on)
    if explicit:
        return explicit[0], 1.0
    if published_on is None:
        return None, 1.0
    for word, shift in _RELATIVE_DAYS.items():
        if re.search(rf"\b{word}\b", folded):
            return published_on + dt.timedelta(days=shift), 1.0
    return (published_on, 0.8) if past else (None, 1.0)


def _dates_in(folded: str, published_on: dt.date | None) -> list[dt.date]:
    """Dates written «15 марта», «15 наурызда», «2026 жылғы 15 наурыз», «15 марта 2026 года»; a missing year is
    the publication year (the next one if the date would be half a year before publication)."""
    found = []
    for match in [*_DAY_MONTH.finditer(folded), *_MONTH_DAY.finditer(folded)]:  # «15 марта», "march 15, 2026"
        month = month_number(match.group("month"))
        if month is None or len(match.group("month")) > 12:
            continue
        year_text = match.groupdict().get("year1") or match.group("year2")
        if year_text:
            year = int(year_text)
        elif published_on is not None:
            year = published_on.year
        else:
            continue
        try:
            date = dt.date(year, month, int(match.group("day")))
        except ValueError:
            continue
        if not year_text and published_on is not None and (published_on - date).days > 183:
            date = date.replace(year=year + 1)
        found.append(date)
    return found


def _place_of(doc, sentence, title, organisations, language, sentence_start) -> tuple[str, str]:
    """(place in the article's language, its Russian name for the key): a city in the trigger sentence, else in
    the title, else a trip's destination, else the organisation the sentence puts the gathering in («В Академии
    … состоялся», «… мәслихатында … өтті»)."""
    which = 1 if language == "kk" else 0
    for text in (sentence, title):
        for word in re.findall(r"[^\W\d_][\w-]*", text or ""):
            if word[0].isupper() and (names := place_for(fold(word))):
                return names[which], names[0]
    for match in _TRIP.finditer(doc.folded):
        names = place_for(match.group("place"))
        if names:
            return names[which], names[0]
    if sentence_start is not None:
        end = sentence_start + len(sentence)
        for org in organisations:
            if not sentence_start <= org.start < end:
                continue
            before = doc.body[max(0, org.start - 4) : org.start].lower()
            if re.search(r"\bво?\s$", before) or re.search(r"(?:нда|нде|да|де|та|те)$", fold(org.surface)):
                return org.name, org.name
    return "", ""


_NAME_BEFORE = re.compile(r"\s*(?:на\s+тему\s*|:\s*)?")  # between the trigger and the quoted name
_NAME_AFTER = re.compile(r"\s*(?:атты|деген|тақырыбындағы)\s*")  # between the quoted name and the trigger


def _name_of(text: str, match: re.Match[str], spans: list[tuple[int, int]] | None = None) -> str:
    """«круглый стол на тему «…»», «круглый стол «…»», ««…» атты дөңгелек үстел». `spans`: the text's quoted
    spans when they are known already (the body's are, in its Document)."""
    # fullmatch between positions, not on a slice: a slice would copy the text up to every quote of a long body
    for opening, closing in quoted_spans(text) if spans is None else spans:
        if opening >= match.end() and _NAME_BEFORE.fullmatch(text, match.end(), opening):
            return " ".join(text[opening + 1 : closing].split())
        if closing < match.start() and _NAME_AFTER.fullmatch(text, closing + 1, match.start()):
            return " ".join(text[opening + 1 : closing].split())
    return ""


def _spelled(date: dt.date | None, language: str) -> str:
    if date is None:
        return ""
    if language == "kk":
        return f"{date.year} жылғы {date.day} {_KK_MONTHS_RELATIVE[date.month - 1][:-4]}"
    return f"{date.day} {_RU_MONTHS_GENITIVE[date.month - 1]} {date.year} года"


def _slug(text: str, words: int = 6) -> str:
    if not text:
        return ""
    keys = name_key(" ".join(re.findall(r"[^\W\d_]+|\d+", text)[:words])).split()
    return "-".join(keys)[:80]


def _referendums(folded: str, published_on: dt.date | None, language: str) -> list[Event]:
    events = []
    done: set[tuple[int, int]] = set()
    for start, end, _match in _sentences_with(folded, _REFERENDUM):
        if (start, end) in done:
            continue  # another mention in the same sentence gives the same events (find_events keeps one)
        done.add((start, end))
        sentence = folded[start:end]
        for date in _dates_in(sentence, published_on):
            happened = bool(re.search(r"\b(?:состоял\w*|прош(?:ел|ёл)|отт[иы]|откен)\b", sentence))
            # A dated referendum has a title in both languages whichever language names it.
            title_kk = f"{date.year} жылғы {date.day} {_KK_MONTHS_RELATIVE[date.month - 1]} республикалық референдум"
            title_ru = f"Республиканский референдум {date.day} {_RU_MONTHS_GENITIVE[date.month - 1]} {date.year} года"
            title = title_kk if language == "kk" else title_ru
            events.append(Event(f"referendum-{date.isoformat()}", title, "referendum", date, "", 0.9, happened,
                                title_ru, title_kk))
    return events
