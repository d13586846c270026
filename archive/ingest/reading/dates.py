"""Publication dates in the forms the Kazakh and Russian press print them. No Django.

Forms understood at the head of a text (one line each):
    ` date 2026-02-09 <photo credit or headline>`     the archive's own export header
    `13.02.2026, 15:45` / `13.02.2026 15:45` / `06:04 13.02.2026` / `2026-02-13 15:45`
    `16 марта 2026` / `31 января 2026 г., 10:30` / `15 наурыз 2026 ж.` / `2026 жылғы 15 наурыз`
and at the start of the first paragraph the news-agency dateline `Москва. 11 февраля. INTERFAX.RU - …`, whose
year comes from the text itself when exactly one year is evident, and is never invented otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive.text import fold

# Month stems matched against the folded, lowercased word, so that inflected forms (марта, наурызда) and Kazakh
# words typed without Kazakh letters (акпан for ақпан) all resolve. Order matters only where stems overlap: none do.
MONTH_STEMS: dict[str, int] = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "кантар": 1, "акпан": 2, "наурыз": 3, "сауир": 4, "мамыр": 5, "маусым": 6, "шилде": 7, "тамыз": 8,
    "кыркуйек": 9, "казан": 10, "караша": 11, "желтоксан": 12,
}  # fmt: skip

_WORD = r"[^\W\d_]+"
_TIME = r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)"
_YEAR_SUFFIX = r"(?:\s*(?:г\.|г|года|год|ж\.|ж|жыл|жылы))?"

EXPORT_HEADER = re.compile(r"^date\s+(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:\s+(?P<rest>.*))?$")
NUMERIC_DATE_LINE = re.compile(
    rf"^(?:{_TIME}\s*,?\s*)?(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}}){_YEAR_SUFFIX}"
    rf"(?:\s*[,|]?\s*{_TIME.replace('hour', 'hour2').replace('minute', 'minute2')})?$"
)
ISO_DATE_LINE = re.compile(
    rf"^(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?:[ T,]+{_TIME})?$"
)
WORD_DATE_LINE = re.compile(
    rf"^(?P<day>\d{{1,2}})\s+(?P<monthword>{_WORD})\s+(?P<year>\d{{4}}){_YEAR_SUFFIX}\s*(?:[,|]?\s*{_TIME})?$"
)
KAZAKH_ORDER_DATE_LINE = re.compile(
    rf"^(?P<year>\d{{4}})\s*(?:жылғы|ж\.)\s*(?P<day>\d{{1,2}})\s+(?P<monthword>{_WORD})(?:\s*,?\s*{_TIME})?$"
)
AGENCY_DATELINE = re.compile(
    rf"^(?P<place>[^\W\d_][\w\- ]{{1,40}})\.\s+(?P<day>\d{{1,2}})\s+(?P<monthword>{_WORD})(?:\s+(?P<year>\d{{4}}))?\."
    r"\s+(?P<agency>[A-ZА-ЯЁ][\w.\-]*(?:\s[A-ZА-ЯЁ][\w.\-]*)?)\s*[-–—]+\s*"
)

# Years evident in a text: full dates and "2026 года" / "2026 жылы".
_YEAR_IN_FULL_DATE = re.compile(rf"\b\d{{1,2}}(?:[./]\d{{1,2}}[./]|\s+{_WORD}\s+)(20\d\d)\b")
_YEAR_WITH_WORD = re.compile(r"\b(20\d\d)\s*(?:год|года|году|г\.|жыл|жылы|жылғы|ж\.)")


@dataclass(frozen=True)
class DateFinding:
    """What a date line said. `problem` explains a date that was found but cannot be used."""

    date: dt.date | None = None
    time: dt.time | None = None
    rest: str = ""  # text that followed the date on the same line (header credit or headline; dateline body)
    problem: str = ""
    note: str = ""  # something an editor should know, e.g. where the year came from
    agency: str = ""


def month_number(word: str) -> int | None:
    folded = fold(word.lower())
    for stem, number in MONTH_STEMS.items():
        if folded.startswith(stem):
            return number
    return None


def _make(year: int, month: int, day: int, seen: str) -> tuple[dt.date | None, str]:
    try:
        return dt.date(year, month, day), ""
    except ValueError:
        return None, f"«{seen}» is not a real date"


def _time_of(match: re.Match[str], suffix: str = "") -> dt.time | None:
    hour = match.groupdict().get("hour" + suffix)
    if hour is None:
        return None
    return dt.time(int(hour), int(match.group("minute" + suffix)))


def parse_date_line(line: str) -> DateFinding | None:
    """A header line that is (or starts with) a publication date; None when the line is not a date line."""
    line = line.strip()
    if match := EXPORT_HEADER.match(line):
        date, problem = _make(int(match["year"]), int(match["month"]), int(match["day"]), line.split()[1])
        return DateFinding(date=date, rest=(match["rest"] or "").strip(), problem=problem)
    for pattern in (NUMERIC_DATE_LINE, ISO_DATE_LINE):
        if match := pattern.match(line):
            date, problem = _make(int(match["year"]), int(match["month"]), int(match["day"]), line)
            time = _time_of(match) or (_time_of(match, "2") if pattern is NUMERIC_DATE_LINE else None)
            return DateFinding(date=date, time=time if date else None, problem=problem)
    for pattern in (WORD_DATE_LINE, KAZAKH_ORDER_DATE_LINE):
        if (match := pattern.match(line)) and (month := month_number(match["monthword"])):
            date, problem = _make(int(match["year"]), month, int(match["day"]), line)
            return DateFinding(date=date, time=_time_of(match) if date else None, problem=problem)
    return None


def parse_agency_dateline(paragraph: str, *, context: str) -> DateFinding | None:
    """`Москва. 11 февраля. INTERFAX.RU - text`: the date, the agency and the text after the dateline."""
    match = AGENCY_DATELINE.match(paragraph)
    if not match or not (month := month_number(match["monthword"])):
        return None
    rest = paragraph[match.end() :].strip()
    seen = match.group(0).strip(" -–—")
    year, note = (int(match["year"]), "") if match["year"] else evident_year(context)
    if year is None:
        problem = f"«{seen}» gives no year, and the text names none"
        return DateFinding(rest=rest, agency=match["agency"], problem=problem)
    date, problem = _make(year, month, int(match["day"]), seen)
    return DateFinding(date=date, rest=rest, agency=match["agency"], problem=problem, note=note)


def evident_year(text: str) -> tuple[int | None, str]:
    """The one year the text itself makes evident, with a note saying so; (None, "") if none or several."""
    years = {int(y) for y in _YEAR_IN_FULL_DATE.findall(text)} | {int(y) for y in _YEAR_WITH_WORD.findall(text)}
    if len(years) == 1:
        year = years.pop()
        return year, f"year {year} taken from the text (the dateline gives only day and month)"
    return None, ""
