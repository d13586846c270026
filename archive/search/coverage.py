"""Matching articles per week or month and language, from the facet table's arrays: no pass over the hits.

The dates are the table's ordinals (0 when unknown), the languages its language codes (-1 when unknown), and
the selection the same bool per docnum that the facet counts use, so a period's count is what a search over
that period finds. The denominator (every article of the index in the period) comes from the same arrays.
A date outside FIRST_YEAR .. `last_year` (kept as the text says it, for review) would stretch the axis over
centuries: such an article is counted with the undated ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np

FIRST_YEAR = 1990  # as the importer's plausible dates
WEEKS_UP_TO_DAYS = 183  # a span of matches up to ~6 months is shown in weeks, longer ones in months
_EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Coverage:
    granularity: str  # "week" or "month"
    starts: list[dt.date]  # first day of each period, every period from the first match's to the last's
    ends: list[dt.date]  # last day of each period
    languages: list[str]  # the columns of `matches`: languages having a match, "" for unknown
    matches: np.ndarray  # int64 [period, language]: matching articles
    totals: np.ndarray  # int64 [period]: every article of the index in the period, whatever its language
    undated: int  # matches without a (plausible) date: not on the chart

    @property
    def dated(self) -> int:
        return int(self.matches.sum())


def granularity(first: int, last: int) -> str:
    """"week" when the dates (ordinals) span up to WEEKS_UP_TO_DAYS, else "month"."""
    return "week" if last - first <= WEEKS_UP_TO_DAYS else "month"


def period_keys(ordinals: np.ndarray, unit: str) -> np.ndarray:
    """A number per date, consecutive for consecutive periods: weeks (from Monday) or calendar months."""
    ordinals = ordinals.astype(np.int64)
    if unit == "week":
        return (ordinals - 1) // 7  # ordinal 1, 0001-01-01, was a Monday
    table = _month_table()
    if ordinals.size and _TABLE_FIRST <= ordinals.min() and ordinals.max() < _TABLE_FIRST + table.size:
        return table[ordinals - _TABLE_FIRST]  # a lookup: converting each date (~100k per search) cost ~3 ms
    return _months(ordinals)


def _months(ordinals: np.ndarray) -> np.ndarray:
    return (ordinals - _EPOCH).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


_TABLE_FIRST = dt.date(FIRST_YEAR, 1, 1).toordinal()


@cache
def _month_table() -> np.ndarray:
    """The month key of every day from FIRST_YEAR to 2100 (the chart's dates), computed once."""
    return _months(np.arange(_TABLE_FIRST, dt.date(2101, 1, 1).toordinal(), dtype=np.int64))


def period_start(key: int, unit: str) -> dt.date:
    if unit == "week":
        return dt.date.fromordinal(int(key) * 7 + 1)
    return dt.date(1970 + int(key) // 12, int(key) % 12 + 1, 1)


def period_end(key: int, unit: str) -> dt.date:
    return period_start(key + 1, unit) - dt.timedelta(days=1)


def coverage(
    dates: np.ndarray, languages: np.ndarray, vocabulary: list[str], selection: np.ndarray, alive: np.ndarray,
    *, last_year: int, denominators: dict | None = None, prepared: dict | None = None,
) -> Coverage | None:  # fmt: skip
    """Counts per period of the documents where `selection` is true (None when there are none).

    `dates`: ordinal per docnum; `languages`: code per docnum into `vocabulary` (-1: unknown); `alive`: the
    denominator's documents (not deleted, within the search's dates; `selection` is within it, as a search's is).
    `denominators`: where to keep each chart's per-period totals of `alive` for the next search with the same
    `dates`, `alive` and `last_year` (the caller scopes it so): counting them is a pass over every document in the
    chart's range, the one part of the chart whose cost does not shrink with the matches. `prepared`: where to
    keep what depends on `dates`, `languages` and `last_year` alone (which dates the chart can show, each
    document's week or month and language as one number) for the next search with the same ones.
    """
    prepared = {} if prepared is None else prepared
    chartable = _kept(prepared, "chartable", lambda: (dates >= dt.date(FIRST_YEAR, 1, 1).toordinal())
                      & (dates <= dt.date(last_year, 12, 31).toordinal()))  # fmt: skip
    matched = int(np.count_nonzero(selection))
    if not matched:
        return None
    chosen = np.flatnonzero(selection & chartable)
    if not chosen.size:
        return Coverage("month", [], [], [], np.zeros((0, 0), np.int64), np.zeros(0, np.int64), matched)
    dated_ordinals = dates[chosen]
    picked = chosen[alive[chosen]]  # all inside the chart's periods: they are made from its dates
    first, last = int(dated_ordinals.min()), int(dated_ordinals.max())
    unit = granularity(first, last)
    lowest, highest = (int(k) for k in period_keys(np.array([first, last]), unit))
    periods = highest - lowest + 1
    key = (unit, lowest, highest)
    totals = denominators.get(key) if denominators is not None else None
    if totals is None:
        totals = _period_totals(dates, alive & chartable, unit, lowest, highest)
        if denominators is not None and len(denominators) < 4096:  # bounded: one per chart range seen
            denominators[key] = totals
    columns = len(vocabulary) + 1  # the last column: unknown language
    # Each document's cell (period × language), worked out once for all of them: the same numbers as for the
    # picked ones alone, counted from the chart's first period.
    numbered = _kept(prepared, unit, lambda: _cell_numbers(dates, languages, len(vocabulary), unit))
    cells = np.bincount(numbered[picked] - lowest * columns, minlength=periods * columns)
    cells = cells.reshape(periods, columns).astype(np.int64)
    names = [*vocabulary, ""]
    used = [int(c) for c in np.flatnonzero(cells.sum(axis=0))]
    used.sort(key=lambda c: (not names[c], -int(cells[:, c].sum()), names[c]))  # most frequent first, unknown last
    return Coverage(
        unit,
        [period_start(lowest + i, unit) for i in range(periods)],
        [period_end(lowest + i, unit) for i in range(periods)],
        [names[c] for c in used],
        cells[:, used],
        totals.copy(),
        matched - int(chosen.size),
    )


def _cell_numbers(dates: np.ndarray, languages: np.ndarray, known: int, unit: str) -> np.ndarray:
    """period key × (known + 1) + language code per document (`known` for an unknown language)."""
    codes = languages.astype(np.int64)
    codes[codes < 0] = known
    numbers = period_keys(dates, unit) * (known + 1) + codes
    if numbers.size and np.iinfo(np.int32).min <= numbers.min() and numbers.max() <= np.iinfo(np.int32).max:
        return numbers.astype(np.int32)  # kept per table: half the memory (a million articles: 4 MB per unit)
    return numbers


def _kept(memo: dict, key: str, make):
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _period_totals(dates: np.ndarray, counted: np.ndarray, unit: str, lowest: int, highest: int) -> np.ndarray:
    """How many of the `counted` documents fall in each period from `lowest` to `highest`."""
    inside = counted & (dates >= period_start(lowest, unit).toordinal())
    inside &= dates <= period_end(highest, unit).toordinal()
    keys = period_keys(dates[np.flatnonzero(inside)], unit) - lowest
    return np.bincount(keys, minlength=highest - lowest + 1).astype(np.int64)
