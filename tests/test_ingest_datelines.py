"""Publication dates in the shapes real outlets print them, beyond the plain date line (test_ingest_dates):
agency datelines without a year, Kazakh month names inflected and in three scripts, a place or a credit beside the
date, a date under a signature, English bylines and HTML markup; and dates inside the story that are not it."""

import datetime as dt

import pytest

from archive.ingest.reading.dates import evident_year, parse_agency_dateline, parse_date_line
from archive.ingest.reading.parser import parse_text

# Header (or last) lines: (line, date).
LINES = [
    # Kazakh: the month in the genitive, the day with its possessive ending, in each script.
    ("Наурыздың 2-сі, 2026", dt.date(2026, 3, 2)),
    ("Желтоқсанның 16-сы, 2025", dt.date(2025, 12, 16)),
    ("Mamyrdyń 7-si, 2026", dt.date(2026, 5, 7)),  # 2018 Latin
    ("Mausymnyñ 9-y, 2026", dt.date(2026, 6, 9)),  # 2021 Latin
    ("قاڭتاردىڭ 20-سى، 2026", dt.date(2026, 1, 20)),  # Arabic script, Arabic comma
    # Kazakh: the year word in each script and spelling.
    ("2026 jylǵy 9 aqpan", dt.date(2026, 2, 9)),
    ("2026 jylğy 11 säuır", dt.date(2026, 4, 11)),
    ("2026 жылдың 4 сәуірі", dt.date(2026, 4, 4)),
    ("9 sáýir 2026 j.", dt.date(2026, 4, 9)),
    ("2026-جىلى 9-اقپان", dt.date(2026, 2, 9)),
    # A place after the date.
    ("12 наурыз 2026, Шымкент", dt.date(2026, 3, 12)),
    ("2026-جىلى 9-ساۋىر، التاي", dt.date(2026, 4, 9)),
    ("7 апреля 2026 г., Караганда", dt.date(2026, 4, 7)),
    # A credit, programme or label before the date.
    ("Утренний выпуск, 12 марта 2026", dt.date(2026, 3, 12)),
    ("Пресс-служба министерства юстиции, 20 февраля 2026 г.", dt.date(2026, 2, 20)),
    ("Ortalyq saılaý komıssııasynyń baspasóz qyzmeti, 2026 jylǵy 18 naýryz", dt.date(2026, 3, 18)),
    ("Дата выхода в эфир: 12.03.2026", dt.date(2026, 3, 12)),
    ("جارييالاندى: 2026-جىلى 9-اقپان", dt.date(2026, 2, 9)),
    ("باسىلعان ۋاقىتى: 2026-04-11 09:15", dt.date(2026, 4, 11)),
    # English bylines and labels.
    ("By Dana Omarova in Politics on 7 March 2026", dt.date(2026, 3, 7)),
    ("By Dana Omarova on April 2, 2026", dt.date(2026, 4, 2)),
    ("Published on 7 March 2026", dt.date(2026, 3, 7)),
    ("Aktobe, April 2, 2026", dt.date(2026, 4, 2)),
    ("Posted by Dana Omarova on April 2, 2026", dt.date(2026, 4, 2)),
    # More year words, weekdays and places after the date.
    ("Сәуірдің 16-сы, 2026 ж.", dt.date(2026, 4, 16)),
    ("9-اقپان 2026-جىلى", dt.date(2026, 2, 9)),
    ("7 апреля 2026, вторник", dt.date(2026, 4, 7)),
    ("7 апреля 2026 года, г. Караганда", dt.date(2026, 4, 7)),
]


@pytest.mark.parametrize(("line", "date"), LINES)
def test_it_reads_the_press_forms_of_a_date_line(line, date):
    finding = parse_date_line(line)
    assert finding is not None
    assert (finding.date, finding.problem) == (date, "")


def test_an_english_byline_with_section_is_kept():
    assert parse_date_line("By Dana Omarova in Politics on 7 March 2026").byline == "Dana Omarova"


# Sentences of a story that mention a date: not date lines.
@pytest.mark.parametrize(
    "line",
    [
        "The vote is scheduled for April 20, 2026.",
        "Голосование пройдет 20 апреля 2026 года.",
        "Сайлау 2026 жылғы 20 сәуірде өтеді.",
        "Referendum 2026 jylǵy 20 sáýirde ótedi.",
        "Комиссия заявила, что голосование назначено на 20 апреля 2026 года",
        "Officials said the count, which began on April 20, 2026, was slow",
        "Vote moved to Sunday, April 20, 2026",
        "Голосование назначено на воскресенье, 20 апреля 2026 года.",
        "Итоги подведут после голосования, 20 апреля 2026",
        "Конституциялық референдум: 20 сәуір 2026",  # a headline naming the vote's day is no label
        "Kazakhstan's referendum: April 20, 2026",
    ],
)
def test_a_date_inside_a_sentence_is_not_a_date_line(line):
    finding = parse_date_line(line)
    assert finding is None or finding.date is None


# First paragraphs that open with an agency dateline: (paragraph, date, agency).
DATELINES = [
    ("ALMATY, February 20 /TASS/. Kazakhstan's parliament discussed the draft on February 19, 2026.",
     dt.date(2026, 2, 20), "TASS"),
    ("Интерфакс, 20 февраля. Парламент обсудил проект, голосование пройдет 15 марта 2026 года.",
     dt.date(2026, 2, 20), "Интерфакс"),
    ("Шымкент. 20 ақпан. ҚазАқпарат – Облыста 2026 жылғы референдумға дайындық басталды.",
     dt.date(2026, 2, 20), "ҚазАқпарат"),
    ("Aqtóbe. 20 aqpan. Kazinform – Oblysta 2026 jylǵy referendýmǵa daıyndyq bastaldy.",
     dt.date(2026, 2, 20), "Kazinform"),
    ("Oral. 20 aqpan. Qazinform – Oblysta 2026 jylğy referendumğa daiyndyq bastaldy.",
     dt.date(2026, 2, 20), "Qazinform"),
    ("Oral, April 2, 2026 — Local officials met voters in the West Kazakhstan region.",
     dt.date(2026, 4, 2), ""),
    ("Караганда, 2 апреля 2026 года – Областной маслихат обсудил проект.", dt.date(2026, 4, 2), ""),
    ("ПАВЛОДАР, 20 февраля. /ТАСС/. Областная комиссия начала работу перед референдумом 2026 года.",
     dt.date(2026, 2, 20), "ТАСС"),
    ("Павлодар, 20 февраля. Областная комиссия начала работу перед референдумом 2026 года.",
     dt.date(2026, 2, 20), ""),
    ("پاۆلودار. 20-اقپان. شينحۋا – 2026-جىلى وتەتىن رەفەرەندۋمعا دايىندىق باستالدى.",
     dt.date(2026, 2, 20), "شينحۋا"),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "date", "agency"), DATELINES)
def test_agency_datelines_in_each_language(paragraph, date, agency):
    finding = parse_agency_dateline(paragraph, context=paragraph)
    assert finding is not None
    assert (finding.date, finding.agency) == (date, agency)
    assert finding.rest and not finding.rest.startswith(("/", "–", "—", "-"))


@pytest.mark.parametrize(
    "paragraph",
    [
        "Astana, the capital, hosted the debate on 2 April 2026.",
        "В Караганде 2 апреля 2026 года прошла встреча с избирателями.",
        "Oral qalasynda 2026 jylǵy 2 sáýirde kezdesý ótti.",
    ],
)
def test_a_first_sentence_with_a_date_is_not_a_dateline(paragraph):
    assert parse_agency_dateline(paragraph, context=paragraph) is None


@pytest.mark.parametrize(
    "text", ["2026 jylğy 15 nauryzda", "2026 jylǵy referendým", "2026-جىلى 15-ناۋرىزدا", "2026 жылдың көктемінде"]
)
def test_the_evident_year_is_read_in_each_script(text):
    assert evident_year(text)[0] == 2026


def test_a_date_under_a_signature_is_the_publication_date():
    text = (
        "Министр юстиции встретился с членами рабочей группы\n\n"
        "Министр юстиции обсудил с рабочей группой поправки к законам после референдума.\n\n"
        "Пресс-служба министерства юстиции, 20 апреля 2026 г."
    )
    parsed = parse_text(text)
    assert parsed.published_on == dt.date(2026, 4, 20)
    assert "Пресс-служба" not in parsed.body


def test_a_date_line_above_a_signature_is_taken():
    text = (
        "Әкім тұрғындармен кездесті\n\n"
        + "Облыс әкімі тұрғындарға Конституция жобасын түсіндірді.\n\n" * 9
        + "Кездесуге аудан әкімдері қатысты.\n\n"
        "2026 жылғы 3 сәуір\n\n"
        "Облыс әкімдігінің баспасөз қызметі"
    )
    assert parse_text(text).published_on == dt.date(2026, 4, 3)


def test_a_date_in_the_last_sentence_of_the_story_is_not_taken():
    text = (
        "Turnout expected to be high\n\n"
        "Election officials in Pavlodar prepared polling stations for the vote.\n\n"
        "The referendum is scheduled for April 20, 2026."
    )
    assert parse_text(text).published_on is None


def test_a_date_only_inside_the_story_is_not_taken():
    text = (
        "Голосование за рубежом\n\n"
        "В Стамбуле 14 марта 2026 года откроется участок для голосования граждан Казахстана."
    )
    assert parse_text(text).published_on is None


def test_an_agency_dateline_without_a_year_in_a_text():
    text = (
        "Kazakh envoy meets observers\n\n"
        "ALMATY, February 20 /TASS/. Kazakhstan's envoy met observers ahead of the vote on March 15, 2026.\n\n"
        "Observers will visit several regions."
    )
    parsed = parse_text(text)
    assert parsed.published_on == dt.date(2026, 2, 20)
    assert parsed.body.startswith("Kazakhstan's envoy")


def test_html_meta_gives_the_date_when_the_text_has_none():
    html = (
        '<html><head><meta property="article:published_time" content="2026-02-20T09:30:00+05:00">'
        "<title>Observers arrive</title></head><body><h1>Observers arrive</h1>"
        "<p>Observers arrived in Pavlodar ahead of the referendum on March 15, 2026.</p></body></html>"
    )
    assert parse_text(html).published_on == dt.date(2026, 2, 20)


def test_html_time_element_gives_the_date():
    html = (
        "<html><body><h1>Observers arrive</h1><div class='meta'><time datetime='2026-02-21'>Saturday</time></div>"
        "<p>Observers arrived in Pavlodar ahead of the referendum.</p></body></html>"
    )
    assert parse_text(html).published_on == dt.date(2026, 2, 21)


def test_a_time_element_inside_the_story_is_not_the_publication_date():
    html = (
        "<html><body><h1>Observers arrive</h1><p>Observers arrived in Pavlodar.</p>"
        "<p>The vote is on <time datetime='2026-03-15'>March 15</time>.</p></body></html>"
    )
    assert parse_text(html).published_on is None


def test_an_html_byline_paragraph_gives_the_date():
    html = (
        "<html><body><h1>Students debate the draft</h1>"
        "<p class='byline'>By Dana Omarova in Nation on 9 April 2026</p>"
        "<p>PAVLODAR – Students debated the draft on April 8 ahead of the vote.</p></body></html>"
    )
    parsed = parse_text(html)
    assert parsed.published_on == dt.date(2026, 4, 9)
