"""Turn a decoded news text into a ParsedArticle: title, date, language, body and the boilerplate moved aside.

Pure functions, no Django and no database, so the whole family of input forms can be tested quickly.
The input is untrusted: HTML markup is reduced to text here, and nothing in the result is markup.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from .dates import DateFinding, parse_agency_dateline, parse_date_line
from .htmltext import html_to_text, looks_like_html
from .language import detect_language
from .reader import RawText, UnreadableText, text_checksum

HEADER_SCAN_LINES = 6  # dates, counters and credits stand within the first few non-blank lines
MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 35
DERIVED_TITLE_CHARS = 110
# Review reasons an editor's fix answers (archive.curation, archive.ingest.storing.articles remove them by their text).
DERIVED_TITLE_REASON = "no headline in the text; title made from the opening words"
NO_DATE_REASON = "no publication date found"

_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
PHOTO_CREDIT = re.compile(
    r"^(?:(?P<label>фото|фотография|фото и видео|фото/видео|сурет|суреттер|photo)\s*[:\-–—]\s*(?P<value>.+)"
    r"|(?P<phrase>(?:фото|сурет|photo)\b.*))$",
    re.IGNORECASE,
)
IMAGE_CAPTION = re.compile(
    r"^(?:whatsapp image|img[_\- ]|dsc[_\- ]?|photo_|screenshot|снимок экрана|скриншот)\S*.*$"
    r"|^\S+\.(?:jpe?g|png|webp|gif)$",
    re.IGNORECASE,
)
READ_COUNTER = re.compile(r"^(?:оқылды|просмотров|просмотры|прочитано|views)\s*:?\s*(?P<count>\d[\d\s]*)$", re.I)
PROMO_FOOTER = re.compile(
    r"узнайте первым|подписывайтесь|подпишитесь|читайте (?:нас|также)|следите за (?:нами|новостями)"
    r"|telegram\s*-?\s*канал|телеграм\s*-?\s*канал|в (?:нашем )?(?:instagram|telegram|telegram-канале)"
    r"|жазылыңыз|парақшамызға|арнамызға|follow us|subscribe to",
    re.IGNORECASE,
)
AUTHOR_LINE = re.compile(r"^(?:автор|авторы|автор текста|авторы материала)\s*:?\s+(?P<name>.{3,80})$", re.I)
NAME_LINE = re.compile(rf"^[{_CAP}][^\W\d_]+(?:[-'][^\W\d_]+)?(?:\s+[{_CAP}][^\W\d_.]*\.?(?:[-'][^\W\d_]+)?){{1,2}}$")
SOURCE_LINE = re.compile(r"^(?:источник|дереккөз|source)\s*:\s*(?P<name>.{2,100})$", re.IGNORECASE)
# A domain starts a word (not after a letter, digit, dot or hyphen: otherwise every letter of a long Latin run or
# of «a.a.a…» would start a scan to the run's end, quadratic); its labels are read possessively (they end where
# the run of word characters ends anyway). Neither changes what a search finds in text that has a domain.
_DOMAIN = r"(?<![\w.\-])[A-Za-z][\w\-]*+(?:\.[A-Za-z][\w\-]*+)*\.(?:kz|ru|com|org|net|info|media|news|tv|kg|uz|by|ua)"
SOURCE_IN_TEXT = [
    re.compile(rf"(?:переда[её]т|сообщает|пишет|информирует)\s+(?:собственный\s+)?(?:корреспондент|агентство|"
               rf"портал|издание|сайт)?\s*«?(?P<name>{_DOMAIN})\b"),
    re.compile(rf"(?P<name>{_DOMAIN})\s+(?:тілшісі|агенттігі|сайты|порталы)"),
    re.compile(rf"деп\s+хабарлайды\s+(?P<name>{_DOMAIN})\b"),
]


@dataclass(frozen=True)
class ParsedArticle:
    origin: str
    checksum: str
    raw_text: str
    encoding: str
    title: str
    title_derived: bool
    body: str
    language: str
    published_on: dt.date | None
    published_time: dt.time | None
    source: str
    byline: str
    photo_credit: str
    captions: tuple[str, ...] = ()
    read_count: int | None = None
    footer: str = ""
    review_reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("raw_text")
        data["published_on"] = self.published_on.isoformat() if self.published_on else None
        data["published_time"] = self.published_time.strftime("%H:%M") if self.published_time else None
        data["captions"] = list(self.captions)
        data["review_reasons"] = list(self.review_reasons)
        data["needs_review"] = self.needs_review
        return data


@dataclass
class _Draft:
    """What the line-by-line pass has found so far."""

    title: str = ""
    date: DateFinding | None = None
    photo_credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    read_count: int | None = None
    byline: str = ""
    source: str = ""
    footer_lines: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def without_reasons(notes: str, *reasons: str) -> str:
    """Review notes (one reason per line) less the given reasons."""
    return "\n".join(line for line in notes.splitlines() if line not in reasons)


def parse_raw(raw: RawText) -> ParsedArticle:
    return parse_text(raw.text, origin=raw.origin, encoding=raw.encoding)


def parse_text(text: str, *, origin: str = "", encoding: str = "utf-8") -> ParsedArticle:
    """Parse one article; raises UnreadableText when nothing of an article is left after the header."""
    draft = _Draft()
    plain = html_to_text(text) if looks_like_html(text) else text
    lines = _normalised_lines(plain)
    lines = _take_header(lines, draft)
    lines = _take_footer(lines, draft)
    paragraphs = _take_inline_boilerplate(lines, draft)
    paragraphs = _take_agency_dateline(paragraphs, draft, context=plain)
    if not paragraphs:
        raise UnreadableText("no article text: the file holds only a header (date, title or credits)")
    body = "\n\n".join(paragraphs)
    draft.source = draft.source or _source_named_in(body)

    title, derived = (draft.title, False) if draft.title else (_derived_title(body), True)
    if derived:
        draft.reasons.append(DERIVED_TITLE_REASON)
    date = draft.date or DateFinding()
    if date.problem:
        draft.reasons.append(date.problem)
    elif date.date is None:
        draft.reasons.append(NO_DATE_REASON)
    if date.note:
        draft.reasons.append(date.note)

    return ParsedArticle(
        origin=origin,
        checksum=text_checksum(text),
        raw_text=text,
        encoding=encoding,
        title=title,
        title_derived=derived,
        body=body,
        language=detect_language(body),
        published_on=date.date,
        published_time=date.time,
        source=draft.source,
        byline=draft.byline,
        photo_credit="; ".join(dict.fromkeys(draft.photo_credits)),
        captions=tuple(draft.captions),
        read_count=draft.read_count,
        footer="\n".join(draft.footer_lines),
        review_reasons=tuple(draft.reasons),
    )


def _normalised_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]


def _take_header(lines: list[str], draft: _Draft) -> list[str]:
    """Consume date lines, counters, credits and a headline from the top; return the remaining lines."""
    index, seen = 0, 0
    while index < len(lines) and seen < HEADER_SCAN_LINES:
        line = lines[index]
        if not line:
            index += 1
            continue
        seen += 1
        if draft.date is None and (finding := parse_date_line(line)):
            draft.date = finding
            if finding.rest:
                _classify_header_rest(finding.rest, draft)
        elif not _take_boilerplate_line(line, draft):
            if not draft.title and _is_headline(line) and _has_text_after(lines, index):
                draft.title = line
            else:
                break
        index += 1
    return lines[index:]


def _classify_header_rest(rest: str, draft: _Draft) -> None:
    """The words after ` date YYYY-MM-DD`: a photo credit or the headline."""
    if not _take_boilerplate_line(rest, draft) and _is_headline(rest):
        draft.title = rest


def _take_boilerplate_line(line: str, draft: _Draft) -> bool:
    """Photo credit, image caption or read counter: record it and say True; anything else: False."""
    if len(line) <= 200 and (match := PHOTO_CREDIT.match(line)):
        draft.photo_credits.append((match["value"] or match["phrase"]).strip())
        return True
    if len(line) <= 150 and IMAGE_CAPTION.match(line):
        draft.captions.append(line)
        return True
    if match := READ_COUNTER.match(line):
        draft.read_count = int(re.sub(r"\s", "", match["count"]))
        return True
    return False


def _take_footer(lines: list[str], draft: _Draft) -> list[str]:
    """Strip promotional footers, a source line and a lone byline from the end."""
    end = len(lines)
    while True:
        while end and not lines[end - 1]:
            end -= 1
        if not end:
            return []
        block_start = end
        while block_start and lines[block_start - 1]:
            block_start -= 1
        block = lines[block_start:end]
        last = lines[end - 1]
        if len(block) <= 3 and sum(map(len, block)) <= 400 and any(PROMO_FOOTER.search(x) for x in block):
            draft.footer_lines[:0] = block
            end = block_start
        elif PROMO_FOOTER.search(last) and len(last) <= 300:
            draft.footer_lines.insert(0, last)
            end -= 1
        elif not draft.source and (match := SOURCE_LINE.match(last)):
            draft.source = match["name"].strip().rstrip(".")
            end -= 1
        elif not draft.byline and (match := AUTHOR_LINE.match(last)):
            draft.byline = match["name"].strip()
            end -= 1
        elif not draft.byline and len(last) <= 60 and NAME_LINE.match(last) and end > 1:
            draft.byline = last
            end -= 1
        else:
            return lines[:end]


def _take_inline_boilerplate(lines: list[str], draft: _Draft) -> list[str]:
    paragraphs = []
    for line in lines:
        if line and not _take_boilerplate_line(line, draft):
            if match := AUTHOR_LINE.match(line):
                draft.byline = draft.byline or match["name"].strip()
                continue
            paragraphs.append(line)
    return paragraphs


def _take_agency_dateline(paragraphs: list[str], draft: _Draft, *, context: str) -> list[str]:
    if not paragraphs or (draft.date and draft.date.date):
        return paragraphs
    finding = parse_agency_dateline(paragraphs[0], context=context)
    if finding is None:
        return paragraphs
    draft.date = finding
    draft.source = draft.source or finding.agency
    return ([finding.rest] if finding.rest else []) + paragraphs[1:]


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(line) <= MAX_TITLE_CHARS
        and len(words) <= MAX_TITLE_WORDS
        and not line.endswith((".", ",", ":", ";"))
        and (line[0].isupper() or line[0] in "«\"'“„" or line[0].isdigit())
    )


def _has_text_after(lines: list[str], index: int) -> bool:
    return any(line for line in lines[index + 1 :])


def _source_named_in(body: str) -> str:
    for pattern in SOURCE_IN_TEXT:
        if match := pattern.search(body):
            return match["name"]
    return ""


def _derived_title(body: str) -> str:
    first_paragraph = body.split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?…])\s", first_paragraph, maxsplit=1)[0].rstrip(".")
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence
    cut = sentence[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–—- ")
    return cut + "…"
