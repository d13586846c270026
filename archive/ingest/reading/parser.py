"""Turn a decoded news text into a ParsedArticle: title, date, language, body and the boilerplate moved aside.

Pure functions, no Django and no database, so the whole family of input forms can be tested quickly.
The input is untrusted: HTML markup is reduced to text here, and nothing in the result is markup.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace

from .dates import DateFinding, parse_agency_dateline, parse_date_line
from .htmldates import published_in_markup
from .htmltext import html_to_text, looks_like_html
from .language import detect_script_and_language
from .masthead import SIGNED_BY, OutletLine, outlet_line
from .provenance import find_provenance
from .reader import RawText, UnreadableText, text_checksum
from .sidecar import Sidecar
from .weburl import clean_url

HEADER_SCAN_LINES = 8  # rubric, headline, byline, dates, counters and credits: the first few non-blank lines
RUBRIC_CHARS = 25
BREADCRUMB = re.compile(r"^[^/>»|\d]{1,30}(?:\s[/>»|]\s[^/>»|\d]{1,30}){1,5}$")
MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 35
DERIVED_TITLE_CHARS = 110
SIGNATURE_CHARS = 80
# Review reasons an editor's fix answers (archive.curation, archive.ingest.storing.articles remove them by their text).
DERIVED_TITLE_REASON = "no headline in the text; title made from the opening words"
NO_DATE_REASON = "no publication date found"
EARLIEST_YEAR = 1990  # the coverage is of independent Kazakhstan's press; older dates are typos, or need a look

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
BY_LINE = re.compile(rf"^(?i:by)\s+(?P<name>[{_CAP}][^\W\d_]+(?:[\s\-'][^\W\d_.]+\.?){{1,3}})$")
NAME_LINE = re.compile(rf"^[{_CAP}][^\W\d_]+(?:[-'][^\W\d_]+)?(?:\s+[{_CAP}][^\W\d_.]*\.?(?:[-'][^\W\d_]+)?){{1,2}}$")
SOURCE_LINE = re.compile(
    r"^(?:(?:источник|дереккөз|дерек көзі|derekk[öoó]z|دەرەككوز|source|подробнее|толығырақ|tolyğyraq|tolyǵyraq|"
    r"تولىعىراق|read more)\s*:\s*"
    r"|(?:©|\(c\)|copyright)\s*)"
    r"(?P<name>https?://\S{1,990}|.{2,100})$", re.I
)
# The archive's export header may carry the text's original address: ` url https://…` (any scheme is taken out of
# the text; only http(s) is kept).
URL_LINE = re.compile(r"^url\s+(?P<url>[a-z][a-z\d+.\-]*:\S*)$", re.IGNORECASE)
BAD_URL_REASON = "the «url» line is not an http(s) address: not kept"


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
    url: str = ""  # the original address (http or https only)
    issued_by: str = ""  # for a press release: the body that issued it
    script: str = ""  # the body's script: cyrl, latn or arab

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
    url: str = ""
    footer_lines: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def without_reasons(notes: str, *reasons: str) -> str:
    """Review notes (one reason per line) less the given reasons."""
    return "\n".join(line for line in notes.splitlines() if line not in reasons)


def parse_raw(raw: RawText, *, sidecar: Sidecar | None = None) -> ParsedArticle:
    return parse_text(raw.text, origin=raw.origin, encoding=raw.encoding, notes=raw.notes, sidecar=sidecar)


def parse_text(
    text: str, *, origin: str = "", encoding: str = "utf-8", notes: tuple[str, ...] = (),
    sidecar: Sidecar | None = None,
) -> ParsedArticle:
    """Parse one article; raises UnreadableText when nothing of an article is left after the header.

    `notes`: the reader's doubts about the decoding (they head the review reasons). A sidecar's values
    (reading.sidecar) win over what the text says; its problems become review reasons.
    """
    draft, given = _Draft(reasons=list(notes)), sidecar or Sidecar()
    plain = html_to_text(text) if looks_like_html(text) else text
    lines = _normalised_lines(plain)
    lines = _take_header(lines, draft)
    lines = _take_footer(lines, draft)
    paragraphs = _take_inline_boilerplate(lines, draft)
    paragraphs = _take_agency_dateline(paragraphs, draft, context=plain)
    paragraphs = _take_trailing_date(paragraphs, draft)
    if plain is not text and not (draft.date and draft.date.date) and (marked := published_in_markup(text)):
        draft.date = marked  # the page's own markup, when its text prints no date
    if not paragraphs:
        raise UnreadableText("no article text: the file holds only a header (date, title or credits)")
    body = "\n\n".join(paragraphs)
    draft.title = given.title or draft.title
    if given.published_on:  # the sidecar's date wins; what the text's date lines said no longer matters
        draft.date = DateFinding(date=given.published_on, time=given.published_time)
    draft.reasons.extend(given.reasons)
    photo_credit = "; ".join(dict.fromkeys(draft.photo_credits))
    origin_of = find_provenance(body, url=given.url or draft.url, named=draft.source, given_source=given.source,
                                photo_credit=photo_credit, html=text if plain is not text else "")
    draft.reasons.extend(origin_of.reasons)

    title, derived = (draft.title, False) if draft.title.strip() else (_derived_title(body), True)
    if derived:
        draft.reasons.append(DERIVED_TITLE_REASON)
    date = draft.date or DateFinding()
    if date.problem:
        draft.reasons.append(date.problem)
    elif date.date is None:
        draft.reasons.append(NO_DATE_REASON)
    if date.note:
        draft.reasons.append(date.note)
    if date.date and (reason := date_out_of_range(date.date)):
        draft.reasons.append(reason)

    language, script = detect_script_and_language(body)
    return ParsedArticle(
        origin=origin,
        checksum=text_checksum(text),
        raw_text=text,
        encoding=encoding,
        title=title,
        title_derived=derived,
        body=body,
        language=given.language or language,
        script=script,
        published_on=date.date,
        published_time=date.time,
        source=origin_of.source,
        byline=draft.byline,
        photo_credit=photo_credit,
        captions=tuple(draft.captions),
        read_count=draft.read_count,
        footer="\n".join(draft.footer_lines),
        review_reasons=tuple(draft.reasons),
        url=origin_of.url,
        issued_by=origin_of.issued_by,
    )


def date_out_of_range(date: dt.date) -> str:
    """The review reason for a date outside 1990 – next year, or "".

    Such a date is kept (it is what the text says, and an editor may confirm a historical date) but only for
    review: a year of 0001 or 2099 is far more often a typo or a template's placeholder than a real dateline.
    """
    first, last = EARLIEST_YEAR, dt.datetime.now(dt.UTC).year + 1
    if first <= date.year <= last:
        return ""
    return f"date {date.isoformat()} is outside {first}–{last}; check it"


def _normalised_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]


def _take_header(lines: list[str], draft: _Draft) -> list[str]:
    """Consume the header from the top: date lines (publication and update), counters, credits, a rubric, the
    headline and a byline, in any order; return the remaining lines. The header ends at the first line that is
    none of these, or after HEADER_SCAN_LINES non-blank lines."""
    index, seen = 0, 0
    while index < len(lines) and seen < HEADER_SCAN_LINES:
        line = lines[index]
        if not line:
            index += 1
            continue
        seen += 1
        if match := URL_LINE.match(line):
            draft.url = draft.url or clean_url(match["url"])
            if not clean_url(match["url"]):
                draft.reasons.append(BAD_URL_REASON)
        elif not draft.title and not draft.source and (printed := outlet_line(line)):
            _take_outlet_line(printed, draft)  # a masthead: `TASS`, `Informburo.kz, 04.03.2026`
        elif finding := parse_date_line(line):
            _keep_date(finding, draft)
        elif _take_boilerplate_line(line, draft):
            pass
        elif (name := _header_byline(line, draft)) is not None:
            draft.byline = draft.byline or name
        elif BREADCRUMB.match(line):
            pass  # `Главная / Новости / Политика`
        elif not draft.title and _is_rubric_line(lines, index):
            pass  # `Политика`, `Саясат`, `World`: the section the page filed the text under
        elif not draft.title and _is_headline(line) and _has_text_after(lines, index):
            draft.title = line
        else:
            lines = _take_date_below(lines, index, seen, draft)
            break
        index += 1
    _settle_date(draft)
    return lines[index:]


def _take_date_below(lines: list[str], index: int, seen: int, draft: _Draft) -> list[str]:
    """The header ended (at a lead or a subtitle) without a calendar date: a date line among the next few lines
    is still the header's (`Headline / Lead without a full stop / 16.03.2026 / body`); it is taken out."""
    if draft.date and draft.date.date:
        return lines
    for below in range(index + 1, len(lines)):
        if seen >= HEADER_SCAN_LINES:
            break
        if not lines[below]:
            continue
        seen += 1
        finding = parse_date_line(lines[below])
        if finding is not None and finding.date is not None:
            _keep_date(finding, draft)
            return lines[:below] + lines[below + 1 :]
    return lines


def _keep_date(finding: DateFinding, draft: _Draft) -> None:
    """Keep the better of two date lines: a date over none, the publication over an update, else the first; a
    line that is a time alone (`10:15`) gives its time to a date printed without one."""
    if finding.rest:
        _classify_header_rest(finding.rest, draft)
    if finding.byline:
        draft.byline = draft.byline or finding.byline
    current = draft.date
    if current is None or (current.date is None and finding.date is not None):
        draft.date = finding
        if current is not None and finding.time is None and current.time is not None:
            draft.date = replace(finding, time=current.time)  # `10:15` above `16.03.2026`
    elif current.updated and not finding.updated and finding.date is not None:
        draft.date = finding
    elif current.date is not None and current.time is None and finding.date is None and finding.time is not None:
        draft.date = replace(current, time=finding.time)  # `16.03.2026` above `10:15`


def _settle_date(draft: _Draft) -> None:
    """A text that prints only when it was updated: that date stands in, flagged for an editor. A time without
    a date is dropped."""
    if draft.date and draft.date.date is None and draft.date.time is not None:
        draft.date = replace(draft.date, time=None)
    if draft.date and draft.date.updated and draft.date.date:
        note = f"only an update date («{draft.date.seen}») is printed; taken as the publication date"
        draft.date = replace(draft.date, note=note)


def _header_byline(line: str, draft: _Draft) -> str | None:
    """`Автор: Name`, `By Name`, or (under the headline) a line of two or three capitalised words."""
    if match := AUTHOR_LINE.match(line) or BY_LINE.match(line):
        return match["name"].strip()
    if draft.title and len(line) <= 40 and NAME_LINE.match(line):
        return line
    return None


def _is_rubric_line(lines: list[str], index: int) -> bool:
    """One or two short words (`Политика`, `Ішкі саясат`, `World`) standing above a longer headline that has text
    after it; a short headline above a date, a credit or the body is not a rubric."""
    line = lines[index]
    if len(line) > RUBRIC_CHARS or len(line.split()) > 2 or not _is_headline(line) or any(c.isdigit() for c in line):
        return False
    following = next((i for i in range(index + 1, len(lines)) if lines[i]), None)
    if following is None:
        return False
    after = lines[following]
    return (
        len(after) > len(line)
        and _is_headline(after)
        and parse_date_line(after) is None
        and not _is_boilerplate(after)
        and _has_text_after(lines, following)
    )


def _is_boilerplate(line: str) -> bool:
    return bool(PHOTO_CREDIT.match(line) or IMAGE_CAPTION.match(line) or READ_COUNTER.match(line))


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
        elif not draft.source and (printed := outlet_line(last, signature=True)):
            _take_outlet_line(printed, draft)  # a signature: `/ТАСС/`, `«Egemen Qazaqstan»` under the author
            end -= 1
            if not draft.byline and end and (match := SIGNED_BY.match(lines[end - 1])):
                draft.byline, end = match["name"], end - 1
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


def _take_outlet_line(printed: OutletLine, draft: _Draft) -> None:
    draft.source = printed.name
    draft.byline = draft.byline or printed.author
    if printed.stamp and (finding := parse_date_line(printed.stamp)):
        _keep_date(finding, draft)


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


def _take_trailing_date(paragraphs: list[str], draft: _Draft) -> list[str]:
    """Pages that print the date under the text (`Дата публикации: 16.03.2026` or `Пресс-служба акимата,
    16.03.2026` as the last line, or the date just above a signature): taken when the header gave no calendar date."""
    if len(paragraphs) < 2 or (draft.date and draft.date.date):
        return paragraphs
    last = len(paragraphs) - 1
    finding = parse_date_line(paragraphs[last])
    if (finding is None or finding.date is None) and len(paragraphs) > 2 and _is_signature(paragraphs[last]):
        last -= 1  # `23 марта 2026` above `Пресс-служба акимата`
        finding = parse_date_line(paragraphs[last])
    if finding is None or finding.date is None:
        return paragraphs
    _keep_date(finding, draft)
    _settle_date(draft)
    return paragraphs[:last] + paragraphs[last + 1 :]


def _is_signature(paragraph: str) -> bool:
    """A short last line that is no sentence: a press service, an author, an outlet."""
    return len(paragraph) <= SIGNATURE_CHARS and not paragraph.endswith((".", "!", "?", "…", ":"))


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(line) <= MAX_TITLE_CHARS
        and len(words) <= MAX_TITLE_WORDS
        and not line.endswith((".", ",", ":", ";"))
        and (line[0].isupper() or line[0] in "«\"'“„" or line[0].isdigit() or _is_caseless_letter(line[0]))
    )


def _is_caseless_letter(char: str) -> bool:
    """A letter of a script without capitals (Arabic-script Kazakh headlines start with one)."""
    return char.isalpha() and not char.islower() and not char.isupper()


def _has_text_after(lines: list[str], index: int) -> bool:
    return any(line for line in lines[index + 1 :])


def _derived_title(body: str) -> str:
    """The opening words: the first sentence of the first line with a word in it (a text cut mid-way may start
    with a lone «.»), never empty while the body has a word."""
    first_paragraph = next((line for line in body.split("\n") if _HAS_WORD.search(line)), body)
    sentence = re.split(r"(?<=[.!?…])\s", first_paragraph.strip(), maxsplit=1)[0].rstrip(".").strip()
    if not _HAS_WORD.search(sentence):
        sentence = " ".join(first_paragraph.split())
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence
    cut = sentence[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–—- ")
    return (cut or sentence[:DERIVED_TITLE_CHARS]) + "…"


_HAS_WORD = re.compile(r"[^\W_]")
