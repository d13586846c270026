"""Events: the gathering an article reports and the dated events it names (pure: no database)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from archive.ingest.extraction.entities import EventCandidate, Extraction, extract_entities
from archive.ingest.reading.parser import parse_raw
from archive.ingest.reading.reader import read_text_file

from .conftest import seed_path


@cache
def seed(prefix: str) -> Extraction:
    parsed = parse_raw(read_text_file(seed_path(prefix)))
    return extract_entities(parsed.body, language=parsed.language, title=parsed.title, byline=parsed.byline,
                            published_on=parsed.published_on)


def reported(extraction: Extraction) -> EventCandidate:
    (event,) = [e for e in extraction.events if e.reported]
    return event


def by_key(extraction: Extraction, key: str) -> EventCandidate:
    (event,) = [e for e in extraction.events if e.key == key]
    return event


def test_the_referendum_has_one_key_in_russian_and_kazakh():
    russian = by_key(seed("003"), "referendum-2026-03-15")  # «Референдум, назначенный на 15 марта»
    kazakh = by_key(seed("004"), "referendum-2026-03-15")  # «15 наурызда … республикалық референдум»
    for event in (russian, kazakh):
        assert event.kind == "referendum" and event.starts_on == dt.date(2026, 3, 15) and not event.reported
    assert russian.title == "Республиканский референдум 15 марта 2026 года"
    assert kazakh.title == "2026 жылғы 15 наурыздағы республикалық референдум"


@pytest.mark.parametrize(("prefix", "kind", "starts_on", "place"), [
    ("000", "round_table", dt.date(2026, 2, 9), ""),  # «Круглый стол прошел …»
    ("001", "round_table", dt.date(2026, 2, 13), ""),  # «… атты дөңгелек үстел ұйымдастырды»
    ("002", "round_table", None, "Академия государственного управления при Президенте Республики Казахстан"),
    ("003", "meeting", dt.date(2026, 2, 14), "Алматы"),  # «В ходе встречи состоялось …», «поездки в Алматы»
    ("004", "presentation", dt.date(2026, 3, 6), "Брюссель"),  # «Брюссельде … жобасы таныстырылып»
])  # fmt: skip
def test_the_reported_gathering_of_each_seed(prefix, kind, starts_on, place):
    event = reported(seed(prefix))
    assert (event.kind, event.starts_on, event.place) == (kind, starts_on, place)


def test_a_named_gathering_takes_its_name():
    assert reported(seed("002")).title == "Круглый стол «Новая Конституция – ориентир на будущее»"
    assert reported(seed("001")).title.startswith("Дөңгелек үстел «Қоғамдық және конституциялық бастамаларды")


def test_two_reports_of_one_named_gathering_share_a_key():
    body = "Сегодня в Астане состоялся круглый стол «Конституция и молодежь». Его провели студенты."
    first = extract_entities(body, language="ru", published_on=dt.date(2026, 2, 1))
    second = extract_entities("В Астане прошел круглый стол «Конституция и молодежь».", language="ru",
                              published_on=dt.date(2026, 2, 1))
    assert reported(first).key == reported(second).key
    assert reported(first).place == "Астана"


def test_an_explicit_date_wins_and_relative_days_count_from_publication():
    explicit = extract_entities("12 февраля в Шымкенте состоялась встреча с жителями.", language="ru",
                                published_on=dt.date(2026, 2, 14))
    assert reported(explicit).starts_on == dt.date(2026, 2, 12)
    yesterday = extract_entities("Вчера в Астане прошло заседание рабочей группы.", language="ru",
                                 published_on=dt.date(2026, 2, 14))
    assert reported(yesterday).starts_on == dt.date(2026, 2, 13)
    assert reported(yesterday).kind == "session"


def test_a_future_gathering_is_not_reported():
    extraction = extract_entities("Следующая встреча рабочей группы пройдет в Астане.", language="ru",
                                  published_on=dt.date(2026, 2, 14))
    assert not [e for e in extraction.events if e.reported]


def test_referendum_year_comes_from_publication_and_rolls_over():
    december = extract_entities("Референдум назначен на 15 марта.", language="ru", published_on=dt.date(2025, 12, 20))
    assert by_key(december, "referendum-2026-03-15").starts_on == dt.date(2026, 3, 15)
    undated = extract_entities("Референдум назначен на 15 марта.", language="ru")
    assert not [e for e in undated.events if e.kind == "referendum"]
    with_year = extract_entities("Референдум 15 марта 2026 года станет историческим.", language="ru")
    assert by_key(with_year, "referendum-2026-03-15")


def test_kazakh_referendum_with_a_year():
    extraction = extract_entities("Ол 2026 жылғы 15 наурызда өтетін республикалық референдумның маңызына тоқталды.",
                                  language="kk", published_on=dt.date(2026, 2, 21))
    assert by_key(extraction, "referendum-2026-03-15").starts_on == dt.date(2026, 3, 15)


def test_event_kinds_are_the_documented_ones():
    kinds = {e.kind for prefix in ("000", "001", "002", "003", "004") for e in seed(prefix).events}
    assert kinds <= {"round_table", "meeting", "session", "referendum", "presentation", "other"}


def test_an_unnamed_gathering_has_one_key_in_russian_and_kazakh():
    day = dt.date(2026, 2, 16)
    russian = extract_entities("В Караганде состоялась встреча с жителями.", language="ru", published_on=day)
    kazakh = extract_entities("Қарағандыда тұрғындармен кездесу өтті.", language="kk", published_on=day)
    assert reported(russian).key == reported(kazakh).key == "meeting-2026-02-16-karaganda"
    assert (reported(russian).place, reported(kazakh).place) == ("Караганда", "Қарағанды")
