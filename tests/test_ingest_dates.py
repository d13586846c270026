"""Publication dates in every form the press uses, and no invented ones."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.ingest.reading.dates import evident_year, parse_agency_dateline, parse_date_line


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
