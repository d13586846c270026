"""Publication dates in the forms the Kazakh, Russian and English press print them. No Django.

A header line is a date line when, after an optional prefix, it holds one date and at most a time on either side:
    ` date 2026-02-09 <photo credit or headline>`           the archive's own export header
    `13.02.2026, 15:45` / `06:04 13.02.2026` / `16.03.2026 | 10:15` / `2026-03-16T10:15:00+05:00`
    `16 марта 2026` / `17 Марта, 2026` / `31 января 2026 г., 10:30` / `15 наурыз 2026 ж.` / `2026 жылғы 15-наурыз`
    `16 naurız 2026` / `2026-جىلى 15-ناۋرىز` / `March 16, 2026` / `Feb 11, 2026 | 21:12 GMT` / `11 February 2026`
    `наурыздың 2-сі, 2026` / `2026 jylǵy 9 naýryz` / `15 наурыз 2026, Астана` (a place or weekday after)
The prefix may be a label (`Опубликовано:`, `Жарияланды:`, `Published:`; `Обновлено:`, `Жаңарды:`, `Updated:`
mark an update, which never outranks the publication date), a byline (`By Name |`), or a rubric, glued or not
(`Новости16 марта 2026`, `Politics | March 16, 2026`), a credit or date label set off by a comma or colon
(`Пресс-служба акимата, 23 марта 2026`, `Дата выхода в эфир: …`; not `назначено на воскресенье, 15 марта 2026`,
which is a sentence). Relative dates (`Сегодня, 10:15`, `Кеше`, `2 hours ago`) are recognised so that they are
reported, never turned into a calendar date: a text file does not say on which day it was fetched. At the start
of the first paragraph, agency datelines (`Москва. 11 февраля. INTERFAX.RU -`, `ASTANA, March 16 (Reuters) -`,
`MOSCOW, March 16 /TASS/.`, `ТАСС, 5 марта.`, `Astana, March 3, 2026 —`) take their year from the text when
exactly one year is evident, never invented.

Why not dateparser (measured on the dateline forms above, dateparser 1.5.0): it takes ~0.6 ms a line when told
the languages (22 ms when not, 120 ms for the first call) against 0.04–0.06 ms here; it finds none of the rubric,
label, byline, agency, Kazakh-Latin, Arabic-script or `2026 жылғы 15 наурыз` forms; and it turns `Сегодня`,
`Кеше` and `2 hours ago` into today's date, which is the guess we must not make. Its month and relative-word
data are good, so they are borrowed into `date_words` instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from archive.text import fold

from .date_words import (
    BYLINE_WORDS,
    DATE_LABEL_STEMS,
    PROSE_BEFORE_DATE,
    PUBLISHED_LABELS,
    RELATIVE_DAYS,
    RELATIVE_UNITS_AGO,
    UPDATED_LABELS,
    month_key,
    month_number,
)
from .outlets import outlet_named

__all__ = ["DateFinding", "evident_year", "month_number", "parse_agency_dateline", "parse_date_line"]

MAX_DATE_LINE_CHARS = 160  # a longer line is prose, not a dateline (the export header aside)

_WORD = r"[^\W\d_]+(?:['’ʼ`´][^\W\d_]+)*\.?"  # apostrophes inside: s'ilde, qyrky'iek (Kazakh Latin, 2018)
_ZONE = r"(?:\s*\(?(?:GMT|UTC|MSK|ALMT|AQTT|Z)?\s*[+\-−]\s*\d{1,2}(?::?\d\d)?\)?|\s*(?:GMT|UTC|MSK|ALMT|AQTT|Z)\b)"
_SEP = r"(?:\s*[,|/•·–—-]\s*|\s+|\s*T)"
_AT = r"(?:(?:в|at|сағ\.?|сағат|saǵat|sağat)\s+)?"


def _time(n: int) -> str:
    """A clock time with its named groups numbered: 10:15, 10.15, 10:15:00, 3:45 pm, 21:12 GMT, 10:15:00+05:00."""
    return (rf"(?P<hour{n}>[01]?\d|2[0-3])[:.](?P<minute{n}>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
            rf"(?:\s*(?P<ampm{n}>[ap]\.?\s?m\.?))?{_ZONE}?")


_YEAR_SUFFIX = r"(?:\s*-?\s*(?:г\.|г|года|год|ж\.|ж|жыл|жылы|j\.|j[yı]l[yı]?|جىلى))?"
# The day's ending: Russian and English ordinals, and the Kazakh possessive of the genitive form (`наурыздың 2-сі`,
# `mamyrdyń 7-si`, `قاڭتاردىڭ 20-سى`); never the start of a word such as «шілде».
_ORDINAL = (
    r"(?:(?:-?(?:го|е|ші|шы|сі|сы|і|ы|st|nd|rd|th)|-(?:şı|şi|shy|shi|sı|si|sy|ı|i|y|ٴ?سى|ٴ?شى|ٴ?ى))(?![^\W\d_]))?"
)
# `2026 жылғы`, `2026 жылдың`, `2026 jylğy` / `jylǵy` (2021 / 2018 Latin), `2026-جىلى`.
_KAZAKH_YEAR_WORD = r"(?:жыл(?:ғы|ы|дың)?|ж\.|j[yı]l(?:[ğǵg][yı]|[yı]|d[yı][ñńn])?|j\.|جىل(?:عى|ى|دىڭ)?|ج\.)"
# The date itself, in each order the press uses; groups day, month or monthword, year.
_DATE_FORMS = {
    "numeric": r"(?P<day>\d{1,2})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})" + _YEAR_SUFFIX,
    "iso": r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",
    "short_year": r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2})",  # 16.03.26
    "day_month_year":
        rf"(?P<day>\d{{1,2}}){_ORDINAL}[\s-]*(?P<monthword>{_WORD})\s*,?\s*(?P<year>\d{{4}}){_YEAR_SUFFIX}",
    "month_day_year":
        rf"(?P<monthword>{_WORD})\s+(?P<day>\d{{1,2}}){_ORDINAL}\s*[,،]?\s*(?P<year>\d{{4}}){_YEAR_SUFFIX}",
    "year_day_month":
        rf"(?P<year>\d{{4}})\s*-?\s*{_KAZAKH_YEAR_WORD}\s*(?P<day>\d{{1,2}}){_ORDINAL}[\s-]*(?P<monthword>{_WORD})",
}  # fmt: skip
_DATE_LINES = [
    (name, re.compile(rf"^(?:{_time(1)}{_SEP})?{form}(?:{_SEP}{_AT}{_time(2)})?\s*[.,]?$", re.IGNORECASE))
    for name, form in _DATE_FORMS.items()
]

EXPORT_HEADER = re.compile(r"^date\s+(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:\s+(?P<rest>.*))?$")
# A numeric date, perhaps with its time, then the headline on the same line: `16.03.2026 10:15 Комиссия …`.
LEADING_DATE = re.compile(r"^(?P<date>\d{1,2}\.\d{1,2}\.\d{4}(?:,?\s+\d{1,2}:\d{2})?)\s+(?P<rest>[^\W\d_«\"].*)$")


def _labels(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(fold(word)) for word in sorted(words, key=len, reverse=True))


# A label anywhere in a line (a line may carry both dates: `Опубликовано: … | Обновлено: …`); matched on fold(line).
LABEL = re.compile(
    rf"(?:^|(?<=[\s|,•·/(]))(?:(?P<published>{_labels(PUBLISHED_LABELS)})|(?P<updated>{_labels(UPDATED_LABELS)}))"
    r"\s*(?::|-|–|—|\s(?=\d)|(?<= on)\s)\s*",
)
# `By Name |`, `By Name,` and the English `By Name on` / `By Name in Section on`.
BYLINE_PREFIX = re.compile(
    rf"^(?:{_labels(BYLINE_WORDS)})\s*:?\s+(?P<name>[^|•·,]{{2,60}}?)"
    r"(?:\s*[|•·,–—-]|(?:\s+in\s+[^|•·,]{1,40}?)?\s+on)\s*$"
)
# A rubric (or weekday) before the date: a few words, no digits, no sentence inside.
RUBRIC_PREFIX = re.compile(r"^[^\W\d_][^\d.!?;:«»\"]{0,40}$")
# A credit or label set off from the date by a comma or colon (`Утренний выпуск,`, `Пресс-служба акимата,`,
# `Дата выхода:`, a label in Arabic script): longer, and in any case, but still no digits and no sentence.
CREDIT_PREFIX = re.compile(r"^[^\W\d_][^\d.!?;:]{0,70}$")
CREDIT_WORDS = 7
LABEL_WORDS = 4
_DATE_LABEL_STEMS = tuple(month_key(stem) for stem in DATE_LABEL_STEMS)
_PROSE_WORDS = frozenset(fold(word) for word in PROSE_BEFORE_DATE)
# A place or weekday after the date, one or two words: `15 наурыз 2026, Астана`, `2026-جىلى 2-ناۋرىز، PLACE`,
# `7 апреля 2026, вторник`, `… года, г. Караганда`.
_PLACE_TRAILER = re.compile(
    r"\s*[,،]\s*(?P<place>(?:г\.|q\.)?\s*[^\W\d_][^\W\d_’'-]*(?:[\s-][^\W\d_][^\W\d_’'-]*)?)\.?$"
)
RELATIVE = re.compile(
    rf"^(?:{_labels(RELATIVE_DAYS)})(?:{_SEP}{_AT}{_time(1)})?\s*$"
    rf"|^(?:{_time(2)}{_SEP})?(?:{_labels(RELATIVE_DAYS)})\s*$"
    + "".join(rf"|^\d+\s*{units}\s+{word}\s*$" for word, units in RELATIVE_UNITS_AGO.items()),
    re.IGNORECASE,
)
TIME_ONLY = re.compile(rf"^{_time(1)}$", re.IGNORECASE)  # today's news, or the time of a date on another line
# What may follow a date after a separator: a rubric or a counter (`16.03.2026 | Политика`, `· 1 234 просмотра`).
_TRAILER = re.compile(r"\s*[|•·]\s*(?P<trailer>[^|•·]{1,40})$")

_AGENCY_WORD = r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]|[\u0620-\u064a\u0671-\u06d3])[\w.\-]*"  # capitalised, or Arabic script
AGENCY_DATELINES = [
    # Москва. 11 февраля. INTERFAX.RU - …   Астана. 16 наурыз. ҚазАқпарат – …   PLACE. 16-ناۋرىز. AGENCY – …
    re.compile(
        rf"^(?P<place>[^\W\d_][\w\- ]{{1,40}})\.\s+(?P<day>\d{{1,2}}){_ORDINAL}[\s-]*(?P<monthword>{_WORD})"
        r"(?:\s+(?P<year>\d{4}))?\."
        rf"\s+(?P<agency>{_AGENCY_WORD}(?:\s{_AGENCY_WORD})?)\s*[-–—]+\s*"
    ),
    # ASTANA, March 16 (Reuters) - …   АСТАНА, 16 мар — РИА Новости. …   ASTANA, March 16, 2026 /Kazinform/ – …
    # MOSCOW, March 16 /TASS/. …   МОСКВА, 16 марта. /ТАСС/. …
    re.compile(
        r"^(?P<place>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\-]+(?: [A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\-]+)?),\s+"
        rf"(?:(?P<monthword>{_WORD})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<monthword2>{_WORD}))"
        r"(?:,?\s+(?P<year>\d{4}))?\.?\s*"
        r"(?:[(/](?P<agency>[^()/]{2,40})[)/](?:\.?\s*[-–—]+|\.)|[-–—]+\s*(?P<agency2>РИА Новости|Sputnik|ТАСС)\.?)\s*"
    ),
    # ТАСС, 5 марта. …   Астана, 5 марта. …   (the agency, or the place, first; the story starts with a capital)
    re.compile(
        r"^(?P<lead>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w.\-]*(?: [\w.\-]+)?),\s+"
        rf"(?P<day>\d{{1,2}})\s+(?P<monthword>{_WORD})(?:\s+(?P<year>\d{{4}}))?\.\s+"
        r"(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"“„])"
    ),
]
# Oral, April 2, 2026 — …   Караганда, 2 апреля 2026 года – …   (a place and a full date, then a dash)
DATED_PLACE = re.compile(
    r"^(?P<place>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w\-]+(?: [A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w\-]+)?),\s+(?P<date>[^–—()/]{6,40}?)"
    r"(?:\s*[–—]+|\s+-+)\s+"
)

# Years evident in a text: full dates and "2026 года" / "2026 жылы".
_YEAR_IN_FULL_DATE = re.compile(
    r"\b(?:\d{1,2}(?:[./]\d{1,2}[./]|\s+[^\W\d_]+\s+)|[A-Z][a-z]+\.?\s+\d{1,2},?\s+)(20\d\d)\b"
)
_YEAR_WITH_WORD = re.compile(r"\b(20\d\d)\s*-?\s*(?:год|года|году|г\.|жыл|ж\.|j[yı]l|جىل)")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class DateFinding:
    """What a date line said. `problem` explains a date that was found but cannot be used."""

    date: dt.date | None = None
    time: dt.time | None = None  # with no date only for a line that is a time alone (`10:15`)
    rest: str = ""  # text that followed the date on the same line (header credit or headline; dateline body)
    problem: str = ""
    note: str = ""  # something an editor should know, e.g. where the year came from
    agency: str = ""
    updated: bool = False  # the date of an update (`Жаңарды:`), not of the publication
    byline: str = ""  # `By Name | March 16, 2026`
    seen: str = ""  # the words the date was read from, for messages


def _make(year: int, month: int, day: int, seen: str) -> tuple[dt.date | None, str]:
    try:
        return dt.date(year, month, day), ""
    except ValueError:
        return None, f"«{seen}» is not a real date"


def _time_of(match: re.Match[str], n: int) -> dt.time | None:
    hour = match.groupdict().get(f"hour{n}")
    if hour is None:
        return None
    hour_value, ampm = int(hour), (match[f"ampm{n}"] or "").lower()
    if ampm.startswith("p") and hour_value < 12:
        hour_value += 12
    elif ampm.startswith("a") and hour_value == 12:
        hour_value = 0
    return dt.time(hour_value, int(match[f"minute{n}"]))


def parse_date_line(line: str) -> DateFinding | None:
    """A header line that is (or carries) a publication date; None when the line is not a date line."""
    line = line.strip().translate(_ARABIC_DIGITS)
    if match := EXPORT_HEADER.match(line):
        date, problem = _make(int(match["year"]), int(match["month"]), int(match["day"]), line.split()[1])
        return DateFinding(date=date, rest=(match["rest"] or "").strip(), problem=problem, seen=line.split()[1])
    if not line or len(line) > MAX_DATE_LINE_CHARS:
        return None
    findings = [finding for part, updated in _labelled_parts(line) if (finding := _parse_part(part, updated))]
    if not findings:
        return _leading_date(line)
    return min(findings, key=lambda finding: (finding.date is None, finding.updated))


def _leading_date(line: str) -> DateFinding | None:
    """A date opening a headline of three words or more (fewer are a rubric: `16.03.2026 Политика`)."""
    match = LEADING_DATE.match(line)
    if not match or len(match["rest"].split()) < 3:
        return None
    finding = _parse_bare(match["date"], False)
    return replace(finding, rest=match["rest"]) if finding else None


def _labelled_parts(line: str) -> list[tuple[str, bool]]:
    """The line cut at its labels: (text after a label, is it an update); the whole line when it has none."""
    folded = fold(line)  # same length as line, so offsets carry over
    labels = list(LABEL.finditer(folded))
    if not labels:
        return [(line, False)]
    parts = []
    if before := line[: labels[0].start()].rstrip(" |,•·/(").strip():
        # Only a date may stand before a label (`16.03.2026 | Обновлено: …`); words mean the label is prose
        # (`Проект опубликован 6 марта 2026 года`), and the line is read whole.
        if not _parse_bare(before, False):
            return [(line, False)]
        parts.append((before, False))
    for label, following in zip(labels, labels[1:] + [None], strict=True):
        end = following.start() if following else len(line)
        parts.append((line[label.end() : end].strip().rstrip(" |,•·/(").strip(), bool(label["updated"])))
    return parts


def _parse_part(text: str, updated: bool) -> DateFinding | None:
    """One date (with its prefix and times) or a relative date, filling the whole of `text`."""
    if not text:
        return None
    if RELATIVE.match(fold(text)):
        return DateFinding(problem=f"relative date «{text}» gives no calendar date", updated=updated, seen=text)
    if match := TIME_ONLY.match(text):
        problem = f"time «{text}» without a date gives no calendar date"
        return DateFinding(time=_time_of(match, 1), problem=problem, updated=updated, seen=text)
    if finding := _parse_bare(text, updated) or _parse_prefixed(text, updated):
        return finding
    trailer = _TRAILER.search(text)
    if trailer and not re.search(r"\d[:.]\d", trailer["trailer"]):
        head = text[: trailer.start()]
        return _parse_bare(head, updated) or _parse_prefixed(head, updated)
    if place := _PLACE_TRAILER.search(text):
        head = text[: place.start()]
        return _parse_bare(head, updated) or _parse_prefixed(head, updated)
    return None


def _parse_prefixed(text: str, updated: bool) -> DateFinding | None:
    """A date after a rubric, weekday or byline: `Новости16 марта 2026`, `By Name | March 16, 2026`."""
    for start in _prefix_ends(text):
        prefix, rest = text[:start].strip(), text[start:]
        byline = BYLINE_PREFIX.match(fold(prefix))
        if not (byline or _is_rubric(prefix, glued=not text[start - 1].isspace()) or _is_credit(prefix)):
            continue
        if finding := _parse_bare(rest, updated):
            name = prefix[byline.start("name") : byline.end("name")] if byline else ""
            return replace(finding, byline=name)
    return None


def _prefix_ends(text: str) -> list[int]:
    """Where a date could start after a prefix: at a digit glued to letters, or after a space or separator."""
    ends = []
    for index in range(1, min(len(text), 60)):
        before, here = text[index - 1], text[index]
        if (here.isdigit() and not before.isdigit() and before not in ".-/:") or (
            before in " |•·,–—" and here.isalpha()
        ):
            ends.append(index)
    return ends


def _is_rubric(prefix: str, *, glued: bool) -> bool:
    """A rubric or weekday before a date: short, no sentence; several words only if each is capitalised."""
    prefix = prefix.rstrip(" |/•·,–—-:").strip()
    if not prefix or not RUBRIC_PREFIX.match(prefix):
        return False
    words = prefix.split()
    return len(words) <= 3 and (glued or len(words) == 1 or all(word[0].isupper() for word in words))


def _is_credit(prefix: str) -> bool:
    """A credit or label ending in a comma or colon before the date: `Пресс-служба министерства,`, `Дата выхода:`."""
    if not prefix.endswith((",", "،", ":")):
        return False
    label, prefix = prefix.endswith(":"), prefix[:-1].strip()
    words = fold(prefix).lower().split()
    if not CREDIT_PREFIX.match(prefix):
        return False
    if label:  # may say `в эфир:`, but must be about a date (see DATE_LABEL_STEMS)
        keys = [month_key(word) for word in words]
        return len(words) <= LABEL_WORDS and any(key.startswith(_DATE_LABEL_STEMS) for key in keys)
    # A credit has no time prepositions or scheduling verbs.
    return len(words) <= CREDIT_WORDS and not _PROSE_WORDS.intersection(words)


def _parse_bare(text: str, updated: bool) -> DateFinding | None:
    for name, pattern in _DATE_LINES:
        if not (match := pattern.match(text)):
            continue
        month = int(match["month"]) if "month" in match.groupdict() else month_number(match["monthword"])
        if month is None:
            continue
        day, year = int(match["day"]), int(match["year"])
        if name == "numeric" and match["sep"] == "/" and month > 12 >= day:  # 03/16/2026: American order
            day, month = month, day
        if name == "short_year":
            year += 2000 if year < 70 else 1900
        date, problem = _make(year, month, day, text)
        time = (_time_of(match, 1) or _time_of(match, 2)) if date else None
        return DateFinding(date=date, time=time, problem=problem, updated=updated, seen=text)
    return None


def parse_agency_dateline(paragraph: str, *, context: str) -> DateFinding | None:
    """`Москва. 11 февраля. INTERFAX.RU - text`, `ASTANA, March 16 (Reuters) - text`: date, agency, the text after."""
    plain = paragraph.translate(_ARABIC_DIGITS)  # same length: `rest` is cut from the paragraph as printed
    for pattern in AGENCY_DATELINES:
        if match := pattern.match(plain):
            groups = match.groupdict()
            word = groups.get("monthword") or groups.get("monthword2")
            if month := month_number(word or ""):
                return _agency_finding(match, month, paragraph, context)
    if (match := DATED_PLACE.match(plain)) and (finding := _parse_bare(match["date"], False)) and finding.date:
        return replace(finding, rest=paragraph[match.end() :].strip(), seen=match.group(0).strip(" -–—"))
    return None


def _agency_finding(match: re.Match[str], month: int, paragraph: str, context: str) -> DateFinding:
    groups = match.groupdict()
    agency = (groups.get("agency") or groups.get("agency2") or "").strip()
    if not agency and (lead := groups.get("lead")) and outlet_named(lead):
        agency = lead  # `ТАСС, 5 марта.`; a place there (`Астана, 5 марта.`) names no agency
    day = int(groups.get("day") or groups.get("day2") or 0)
    rest = paragraph[match.end() :].strip()
    seen = match.group(0).strip(" -–—")
    year, note = (int(match["year"]), "") if match["year"] else evident_year(context)
    if year is None:
        problem = f"«{seen}» gives no year, and the text names none"
        return DateFinding(rest=rest, agency=agency, problem=problem, seen=seen)
    date, problem = _make(year, month, day, seen)
    return DateFinding(date=date, rest=rest, agency=agency, problem=problem, note=note, seen=seen)


def evident_year(text: str) -> tuple[int | None, str]:
    """The one year the text itself makes evident, with a note saying so; (None, "") if none or several."""
    years = {int(y) for y in _YEAR_IN_FULL_DATE.findall(text)} | {int(y) for y in _YEAR_WITH_WORD.findall(text)}
    if len(years) == 1:
        year = years.pop()
        return year, f"year {year} taken from the text (the dateline gives only day and month)"
    return None, ""
