"""The coverage chart's counting (archive/search/coverage.py): pure functions over numpy arrays, no index."""

from __future__ import annotations

import datetime as dt

import numpy as np

from archive.search.coverage import WEEKS_UP_TO_DAYS, coverage, granularity, period_keys, period_start

VOCABULARY = ["ru", "kk", "en"]


def _arrays(rows):
    """(date or None, language code or -1, selected) rows → the arrays coverage() reads."""
    dates = np.array([d.toordinal() if d else 0 for d, _, _ in rows], dtype=np.int32)
    languages = np.array([code for _, code, _ in rows], dtype=np.int32)
    selection = np.array([chosen for _, _, chosen in rows], dtype=bool)
    return dates, languages, selection


def test_it_chooses_weeks_up_to_about_six_months_and_months_beyond():
    first = dt.date(2026, 1, 1).toordinal()
    assert granularity(first, first) == "week"
    assert granularity(first, first + WEEKS_UP_TO_DAYS) == "week"
    assert granularity(first, first + WEEKS_UP_TO_DAYS + 1) == "month"


def test_weeks_start_on_monday_and_months_on_the_first():
    days = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(60)]
    ordinals = np.array([d.toordinal() for d in days])
    for day, key in zip(days, period_keys(ordinals, "week"), strict=True):
        start = period_start(int(key), "week")
        assert start.weekday() == 0 and start <= day < start + dt.timedelta(days=7)
    for day, key in zip(days, period_keys(ordinals, "month"), strict=True):
        assert period_start(int(key), "month") == day.replace(day=1)
    assert np.all(np.diff(period_keys(ordinals, "month")) >= 0)


def test_month_keys_from_the_table_are_the_calendar_months_of_each_day():
    from archive.search.coverage import FIRST_YEAR, _months

    every_day = np.arange(dt.date(FIRST_YEAR, 1, 1).toordinal(), dt.date(2101, 1, 1).toordinal())
    assert np.array_equal(period_keys(every_day, "month"), _months(every_day))
    outside = np.array([dt.date(1800, 5, 17).toordinal(), dt.date(2026, 3, 1).toordinal(),
                        dt.date(2300, 1, 31).toordinal()])  # fmt: skip
    assert [period_start(int(k), "month") for k in period_keys(outside, "month")] == [
        dt.date(1800, 5, 1), dt.date(2026, 3, 1), dt.date(2300, 1, 1)]


def test_it_counts_per_month_and_language_with_every_period_between_and_the_denominator():
    rows = [
        (dt.date(2025, 9, 3), 0, True), (dt.date(2025, 9, 30), 1, True), (dt.date(2025, 9, 10), 0, False),
        (dt.date(2026, 3, 15), 0, True), (dt.date(2026, 3, 16), 2, False), (dt.date(2026, 3, 31), -1, True),
        (None, 1, True), (dt.date(1, 3, 16), 0, True),  # undated, and a date from a typo: both said apart
        (dt.date(2026, 5, 1), 0, False),  # after the last match: not on the chart
    ]  # fmt: skip
    dates, languages, selection = _arrays(rows)
    result = coverage(dates, languages, VOCABULARY, selection, np.ones(len(rows), dtype=bool), last_year=2027)
    assert result.granularity == "month"
    assert result.starts[0] == dt.date(2025, 9, 1) and result.ends[-1] == dt.date(2026, 3, 31)
    assert len(result.starts) == 7  # September .. March, the empty months included
    assert result.languages == ["ru", "kk", ""]  # the most frequent first; "" is an unknown language
    assert result.matches[0].tolist() == [1, 1, 0]
    assert result.matches[6].tolist() == [1, 0, 1]
    assert result.matches[1:6].sum() == 0
    assert result.totals.tolist() == [3, 0, 0, 0, 0, 0, 3]
    assert result.undated == 2 and result.dated == 4


def test_deleted_documents_are_not_in_the_denominator():
    rows = [(dt.date(2026, 3, 2), 0, True), (dt.date(2026, 3, 3), 0, False), (dt.date(2026, 3, 4), 1, False)]
    dates, languages, selection = _arrays(rows)
    alive = np.array([True, True, False])
    result = coverage(dates, languages, VOCABULARY, selection, alive, last_year=2027)
    assert result.granularity == "week"
    assert result.starts == [dt.date(2026, 3, 2)] and result.ends == [dt.date(2026, 3, 8)]
    assert result.totals.tolist() == [2]


def test_nothing_selected_gives_no_chart_and_only_undated_gives_no_bars():
    dates, languages, selection = _arrays([(None, 0, False), (dt.date(2026, 3, 2), 0, False)])
    alive = np.ones(2, dtype=bool)
    assert coverage(dates, languages, VOCABULARY, selection, alive, last_year=2027) is None
    undated = coverage(dates, languages, VOCABULARY, np.array([True, False]), alive, last_year=2027)
    assert undated.starts == [] and undated.undated == 1
