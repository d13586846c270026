"""Publication dates in every form the press uses, and no invented ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.reading.dates import (
    DateFinding,
    evident_year,
    month_number,
    parse_agency_dateline,
    parse_date_line,
)

from .hypothesis_profiles import PROFILE


@pytest.mark.parametrize(
    ("line", "date", "time"),
    [
        (" date 2026-02-09 Фото предоставлено организаторами", dt.date(2026, 2, 9), None),
        ("13.02.2026, 15:45", dt.date(2026, 2, 13), dt.time(15, 45)),
        ("13.02.2026 15:45", dt.date(2026, 2, 13), dt.time(15, 45)),
        ("06:04 13.02.2026", dt.date(2026, 2, 13), dt.time(6, 4)),
        ("2026-02-13 15:45", dt.date(2026, 2, 13), dt.time(15, 45)),
        ("16 марта 2026", dt.date(2026, 3, 16), None),
        ("31 января 2026", dt.date(2026, 1, 31), None),
        ("31 января 2026 г., 10:30", dt.date(2026, 1, 31), dt.time(10, 30)),
        ("1 мая 2026 года", dt.date(2026, 5, 1), None),
        ("15 наурыз 2026", dt.date(2026, 3, 15), None),
        ("15 наурыз 2026 ж.", dt.date(2026, 3, 15), None),
        ("3 желтоқсан 2025", dt.date(2025, 12, 3), None),
        ("3 желтоксан 2025", dt.date(2025, 12, 3), None),  # typed without Kazakh letters
        ("2026 жылғы 15 наурыз", dt.date(2026, 3, 15), None),
        ("20 ақпан 2026, 09:15", dt.date(2026, 2, 20), dt.time(9, 15)),
    ],
)
def test_it_reads_a_date_line(line, date, time):
    finding = parse_date_line(line)
    assert finding is not None
    assert (finding.date, finding.time, finding.problem) == (date, time, "")


def test_the_export_header_keeps_the_rest_of_its_line():
    assert parse_date_line(" date 2026-03-06 Брюссельде жаңа Конституция").rest == "Брюссельде жаңа Конституция"


@pytest.mark.parametrize("line", ["31.02.2026", "31 февраля 2026", " date 2026-02-30 Фото: x"])
def test_an_impossible_date_is_reported_not_stored(line):
    finding = parse_date_line(line)
    assert finding.date is None
    assert "is not a real date" in finding.problem


@pytest.mark.parametrize(
    "line",
    ["Жаңа Конституция – қоғамға серпін", "Референдум, назначенный на 15 марта, выступает важным шагом", "2026", ""],
)
def test_ordinary_lines_are_not_dates(line):
    assert parse_date_line(line) is None


def test_an_agency_dateline_takes_its_year_from_the_text():
    paragraph = "Москва. 11 февраля. INTERFAX.RU - Референдум назначен на 15 марта 2026 года."
    finding = parse_agency_dateline(paragraph, context=paragraph)
    assert finding.date == dt.date(2026, 2, 11)
    assert finding.agency == "INTERFAX.RU"
    assert finding.rest == "Референдум назначен на 15 марта 2026 года."
    assert "taken from the text" in finding.note


def test_an_agency_dateline_without_any_year_gets_no_date():
    paragraph = "Москва. 11 февраля. INTERFAX.RU - Референдум назначен на 15 марта."
    finding = parse_agency_dateline(paragraph, context=paragraph)
    assert finding.date is None
    assert "gives no year" in finding.problem


def test_two_different_years_in_the_text_are_not_guessed_between():
    assert evident_year("в 2025 году и 1 марта 2026 года") == (None, "")


# Datelines in the wild: (line, date, time, is it an update date).
WILD_LINES = [
    ("Новости16 марта 2026", dt.date(2026, 3, 16), None, False),
    ("Политика | 16.03.2026 10:15", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("17 Марта, 2026", dt.date(2026, 3, 17), None, False),
    ("Feb 11, 2026 | 21:12 GMT", dt.date(2026, 2, 11), dt.time(21, 12), False),
    ("March 16, 2026", dt.date(2026, 3, 16), None, False),
    ("Mar. 16, 2026, 3:45 pm", dt.date(2026, 3, 16), dt.time(15, 45), False),
    ("Monday, March 16, 2026 10:15 AM", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("11 February 2026", dt.date(2026, 2, 11), None, False),
    ("16 Mar 2026, 10:15 GMT+5", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("2026-03-16T10:15:00+05:00", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("2026-03-16T05:15:00Z", dt.date(2026, 3, 16), dt.time(5, 15), False),
    ("16.03.2026 | 10:15", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("16/03/2026", dt.date(2026, 3, 16), None, False),
    ("03/16/2026", dt.date(2026, 3, 16), None, False),  # month > 12 can only be American order
    ("Опубликовано: 16 марта 2026, 10:15", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("Дата публикации: 16.03.2026", dt.date(2026, 3, 16), None, False),
    ("Жарияланды: 16 наурыз 2026, 10:15", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("Жарияланған уақыты: 16.03.2026 10:15", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("Published: 11:15 AM, March 16, 2026", dt.date(2026, 3, 16), dt.time(11, 15), False),
    ("Жаңарды: 17.03.2026, 09:00", dt.date(2026, 3, 17), dt.time(9, 0), True),
    ("Обновлено: 17 марта 2026, 09:00", dt.date(2026, 3, 17), dt.time(9, 0), True),
    ("Updated: March 17, 2026", dt.date(2026, 3, 17), None, True),
    ("Опубликовано: 16.03.2026 10:15 | Обновлено: 17.03.2026 09:00", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("Обновлено: 17.03.2026 09:00 | Опубликовано: 16.03.2026 10:15", dt.date(2026, 3, 16), dt.time(10, 15), False),
    ("Жаңарды: 17.03.2026 Жарияланды: 16.03.2026", dt.date(2026, 3, 16), None, False),
    ("16.03.2026 | Обновлено: 17.03.2026", dt.date(2026, 3, 16), None, False),
    ("By Aigerim Sapar | March 16, 2026", dt.date(2026, 3, 16), None, False),
    ("2026 жылғы 15-наурыз, 10:15", dt.date(2026, 3, 15), dt.time(10, 15), False),
    ("15-наурыз 2026 жыл", dt.date(2026, 3, 15), None, False),
    ("16 naurız 2026", dt.date(2026, 3, 16), None, False),
    ("2026 jylğy 15 naurız", dt.date(2026, 3, 15), None, False),
    ("2026-جىلى 15-ناۋرىز", dt.date(2026, 3, 15), None, False),
    ("١٥ ناۋرىز ٢٠٢٦", dt.date(2026, 3, 15), None, False),  # Arabic-Indic digits
    ("11 фев 2026", dt.date(2026, 2, 11), None, False),
    ("11 ақп. 2026", dt.date(2026, 2, 11), None, False),
]


@pytest.mark.parametrize(("line", "date", "time", "updated"), WILD_LINES)
def test_it_reads_datelines_in_the_wild(line, date, time, updated):
    finding = parse_date_line(line)
    assert finding is not None
    assert (finding.date, finding.time, finding.updated, finding.problem) == (date, time, updated, "")


def test_a_byline_before_the_date_is_kept():
    assert parse_date_line("By Aigerim Sapar | March 16, 2026").byline == "Aigerim Sapar"


KAZAKH_LATIN_MONTHS = [
    ("qañtar", 1), ("qantar", 1), ("aqpan", 2), ("naurız", 3), ("nauryz", 3), ("säuir", 4), ("sauir", 4),
    ("sáýir", 4), ("mamyr", 5), ("mausym", 6), ("şilde", 7), ("shilde", 7), ("s'ilde", 7), ("tamyz", 8),
    ("qyrküiek", 9), ("qyrkúıek", 9), ("qyrkuyek", 9), ("qazan", 10), ("qaraşa", 11), ("qarasha", 11),
    ("jeltoqsan", 12), ("zheltoksan", 12),
]  # fmt: skip


@pytest.mark.parametrize(("word", "month"), KAZAKH_LATIN_MONTHS)
def test_kazakh_latin_month_names(word, month):
    assert month_number(word) == month
    assert parse_date_line(f"3 {word} 2026").date == dt.date(2026, month, 3)
    assert parse_date_line(f"2026 jylğy 3 {word.capitalize()}").date == dt.date(2026, month, 3)


@pytest.mark.parametrize(
    "line",
    ["Сегодня, 10:15", "Вчера, 18:00", "Сегодня в 10:15", "Бүгін", "Бүгін, 10:15", "Кеше", "Кеше, 18:00", "Today",
     "Yesterday at 18:00", "2 hours ago", "5 минут назад", "3 часа назад", "2 сағат бұрын", "Только что",
     "Опубликовано: Сегодня, 10:15", "Жарияланды: Бүгін"],
)  # fmt: skip
def test_a_relative_date_gives_no_date_and_says_why(line):
    finding = parse_date_line(line)
    assert finding is not None and finding.date is None
    assert finding.problem.startswith("relative date «") and finding.problem.endswith("» gives no calendar date")


def test_the_relative_reason_quotes_the_line():
    assert parse_date_line("Сегодня, 10:15").problem == "relative date «Сегодня, 10:15» gives no calendar date"


@pytest.mark.parametrize(
    "line",
    ["Проект Конституции опубликован 6 марта 2026 года", "Референдум пройдет 15 марта 2026 года",
     "Сегодня в Астане прошёл референдум", "Кеше Мәжіліс отырысы өтті", "Today Kazakhstan votes",
     "Обновлено положение о комиссии", "Kazakhstan votes on March 15, 2026 in a referendum",
     "В 2026 году 16 марта", "Новости"],
)  # fmt: skip
def test_headlines_with_dates_or_date_words_are_not_date_lines(line):
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    ("paragraph", "date", "agency", "rest"),
    [
        ("ASTANA, March 16 (Reuters) - Kazakhstan's voters approved the constitution on March 15, 2026.",
         dt.date(2026, 3, 16), "Reuters", "Kazakhstan's voters approved the constitution on March 15, 2026."),
        ("ASTANA, March 16, 2026 /Kazinform/ – The Central Referendum Commission announced the results.",
         dt.date(2026, 3, 16), "Kazinform", "The Central Referendum Commission announced the results."),
        ("АСТАНА, 16 мар — РИА Новости. Итоги референдума 15 марта 2026 года объявлены.",
         dt.date(2026, 3, 16), "РИА Новости", "Итоги референдума 15 марта 2026 года объявлены."),
    ],
)  # fmt: skip
def test_english_and_ria_agency_datelines(paragraph, date, agency, rest):
    finding = parse_agency_dateline(paragraph, context=paragraph)
    assert (finding.date, finding.agency, finding.rest) == (date, agency, rest)


# Property: any real date, rendered in any of the forms above, is read back; arbitrary text never raises.
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
RU_TITLE = [m.capitalize() for m in RU_MONTHS]
KK_MONTHS = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()
KK_LATIN = "qañtar aqpan naurız säuir mamyr mausym şilde tamyz qyrküiek qazan qaraşa jeltoqsan".split()
KK_LATIN_ASCII = "qantar aqpan nauryz sauir mamyr mausym shilde tamyz qyrkuyek qazan qarasha jeltoqsan".split()
KK_ARABIC = "قاڭتار اقپان ناۋرىز ٴساۋىر مامىر ماۋسىم ٴشىلدە تامىز قىركۇيەك قازان قاراشا جەلتوقسان".split()
EN_MONTHS = "January February March April May June July August September October November December".split()
EN_SHORT = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _hm(t):
    return f"{t.hour:02d}:{t.minute:02d}"


RENDERERS = {
    "numeric": lambda d, t: f"{d:%d.%m.%Y}" + (f", {_hm(t)}" if t else ""),
    "numeric_bar": lambda d, t: f"{d:%d.%m.%Y}" + (f" | {_hm(t)}" if t else ""),
    "time_first": lambda d, t: (f"{_hm(t)} " if t else "") + f"{d:%d.%m.%Y}",
    "iso": lambda d, t: f"{d:%Y-%m-%d}" + (f"T{_hm(t)}:00+05:00" if t else ""),
    "ru": lambda d, t: f"{d.day} {RU_MONTHS[d.month - 1]} {d.year}" + (f", {_hm(t)}" if t else ""),
    "ru_title_comma": lambda d, t: f"{d.day} {RU_TITLE[d.month - 1]}, {d.year}",
    "ru_glued_rubric": lambda d, t: f"Новости{d.day} {RU_MONTHS[d.month - 1]} {d.year}",
    "ru_published": lambda d, t: f"Опубликовано: {d.day} {RU_MONTHS[d.month - 1]} {d.year} г." + (
        f", {_hm(t)}" if t else ""),
    "kk": lambda d, t: f"{d.day} {KK_MONTHS[d.month - 1]} {d.year} ж." + (f", {_hm(t)}" if t else ""),
    "kk_year_first": lambda d, t: f"{d.year} жылғы {d.day}-{KK_MONTHS[d.month - 1]}",
    "kk_published": lambda d, t: f"Жарияланды: {d:%d.%m.%Y}" + (f" {_hm(t)}" if t else ""),
    "kk_latin": lambda d, t: f"{d.day} {KK_LATIN[d.month - 1]} {d.year}",
    "kk_latin_ascii": lambda d, t: f"{d.year} jyly {d.day} {KK_LATIN_ASCII[d.month - 1]}",
    "kk_arabic": lambda d, t: f"{d.year}-جىلى {d.day}-{KK_ARABIC[d.month - 1]}",
    "en": lambda d, t: f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "en_agency": lambda d, t: f"{EN_SHORT[d.month - 1]} {d.day}, {d.year}" + (f" | {_hm(t)} GMT" if t else ""),
    "en_day_first": lambda d, t: f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}",
    "en_byline": lambda d, t: f"By Aigerim Sapar | {EN_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "en_published": lambda d, t: f"Published: {EN_MONTHS[d.month - 1]} {d.day}, {d.year}" + (
        f" {_hm(t)}" if t else ""),
}  # fmt: skip


@settings(settings.get_profile(PROFILE))
@given(
    date=st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
    time=st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    form=st.sampled_from(sorted(RENDERERS)),
    updated_after=st.booleans(),
)
def test_any_date_rendered_in_any_form_is_read_back(date, time, form, updated_after):
    line = RENDERERS[form](date, time)
    finding = parse_date_line(line)
    assert finding is not None, line
    assert finding.date == date, line
    shows_time = time is not None and _hm(time) in line
    assert finding.time == (time if shows_time else None), line
    # The same date beside an update a day later, in either order: the publication date wins.
    update = f"Жаңарды: {date + dt.timedelta(days=1):%d.%m.%Y}"
    both = f"{line} | {update}" if updated_after else f"{update} | {line}"
    if form.endswith("published"):
        assert parse_date_line(both).date == date, both


@settings(settings.get_profile(PROFILE))
@given(st.text(max_size=200) | st.from_regex(r"[\w :.,|/-]{0,60}\d{1,4}[\w :.,|/-]{0,60}", fullmatch=True))
def test_parse_date_line_never_raises(text):
    finding = parse_date_line(text)
    assert finding is None or isinstance(finding, DateFinding)
    if finding is not None and finding.date is not None:
        assert finding.problem == ""
