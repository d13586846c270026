"""The coverage chart's geometry, words and links (rendered as inline SVG by includes/_coverage_chart.html).

One chart for the search page, the home page and the person, organisation and event pages: the matches of a
SearchRequest per week or month, stacked by language. `chart=share` shows instead, for each period, the share
of all the archive's articles (every language) that match, the normalisation Media Cloud uses. Each bar links to
the same search restricted to its period (clipped to the request's own date range, so the counts agree).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from . import search
from .templatetags.archive import language_label

WIDTH, HEIGHT = 600, 172  # the SVG's viewBox; it scales to its column
PLOT_TOP, PLOT_BOTTOM = 16, 171  # equal slots across the whole width: the links over the bars line up
# One colour per language, each at least 4.5:1 against the white page and told apart by a white gap as well.
COLOURS = {"ru": "#1f5fa8", "kk": "#a14d00", "en": "#2d7537", "mixed": "#6b3fa0", "": "#595959"}
OTHER_COLOUR = "#8a3b5c"


@dataclass(frozen=True)
class Segment:
    language: str
    colour: str
    count: int
    y: str  # SVG coordinates, formatted
    height: str


@dataclass(frozen=True)
class Bar:
    label: str  # "Mar 2026", "week of 2 Mar 2026"
    start: dt.date
    end: dt.date
    count: int  # matches in the period
    all_count: int  # every article of the archive in the period
    share: float  # count / all_count (0 when the period has no article)
    href: str
    x: str
    width: str
    segments: list[Segment]
    counts: list[int]  # per legend language, for the table

    @property
    def share_percent(self) -> float:
        return 100 * self.share


@dataclass(frozen=True)
class Chart:
    mode: str  # "count" or "share"
    granularity: str
    title: str
    description: str
    bars: list[Bar]
    legend: list[tuple[str, str, str]]  # (code, label, colour)
    undated: int
    scale_label: str  # the value at the top of the plot
    first_label: str
    last_label: str
    toggle_href: str  # the other mode ("" where there is none, e.g. the home page: everything matches)
    toggle_label: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: int = PLOT_BOTTOM


def chart_for(
    request: HttpRequest, search_request: search.SearchRequest, *, coverage: search.Coverage | None = None,
    computed: bool = False, share: bool = True,
) -> Chart | None:  # fmt: skip
    """The chart of `search_request`'s matches (`coverage` when `computed`, as the search page has it already);
    None when nothing matches or the index cannot answer (the page still works without it)."""
    if not computed:
        try:
            coverage = search.coverage_of(search_request)
        except (search.IndexUnavailable, search.QueryError, search.SearchTimeout):
            return None
    if coverage is None:
        return None
    mode = "share" if share and request.GET.get("chart") == "share" else "count"
    return _chart(coverage, mode, search_request, _toggle(request, mode) if share else "")


def _toggle(request: HttpRequest, mode: str) -> str:
    pairs = [(k, v) for k, values in request.GET.lists() if k not in ("chart", "page") for v in values]
    return "?" + urlencode(pairs + ([] if mode == "share" else [("chart", "share")]))


def period_label(start: dt.date, granularity: str) -> str:
    if granularity == "week":
        return gettext("week of %(date)s") % {"date": date_format(start, "j M Y")}
    return date_format(start, "M Y")


def _clipped(search_request: search.SearchRequest, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The part of a period inside the request's own date range."""
    first = max(start, search_request.date_from) if search_request.date_from else start
    last = min(end, search_request.date_to) if search_request.date_to else end
    return first, last


def bar_href(search_request: search.SearchRequest, start: dt.date, end: dt.date) -> str:
    """The search page for the same query and filters over one period (within the request's own dates)."""
    first, last = _clipped(search_request, start, end)
    pairs = [("q", search_request.q)] if search_request.q else []
    pairs += [(facet, value) for facet, values in search_request.filters.items() for value in values]
    if search_request.collapse:
        pairs.append(("collapse", "1"))
    if search_request.sort != "relevance":
        pairs.append(("sort", search_request.sort))
    pairs += [("date_from", first.isoformat()), ("date_to", last.isoformat())]
    return reverse("archive:search") + "?" + urlencode(pairs)


def _chart(coverage: search.Coverage, mode: str, search_request: search.SearchRequest, toggle: str) -> Chart:
    legend = [(code, language_label(code) or gettext("unknown"), COLOURS.get(code, OTHER_COLOUR))
              for code in coverage.languages]
    periods = len(coverage.starts)
    totals = [int(n) for n in coverage.totals]
    counts = [[int(n) for n in row] for row in coverage.matches]
    values = [sum(row) / all_n if all_n else 0.0 for row, all_n in zip(counts, totals, strict=True)]
    if mode == "count":
        values = [float(sum(row)) for row in counts]
    top = max(values, default=0.0) or 1.0
    scale = (PLOT_BOTTOM - PLOT_TOP) / top
    slot = WIDTH / max(periods, 1)
    bars = []
    for i, (start, end, row) in enumerate(zip(coverage.starts, coverage.ends, counts, strict=True)):
        segments, y = [], float(PLOT_BOTTOM)
        unit = scale / totals[i] if mode == "share" and totals[i] else scale
        for (code, _, colour), n in zip(legend, row, strict=True):
            if n:
                height = n * unit
                y -= height
                segments.append(Segment(code, colour, n, f"{y:.2f}", f"{height:.2f}"))
        count = sum(row)
        bars.append(Bar(
            period_label(start, coverage.granularity), start, end, count, totals[i],
            count / totals[i] if totals[i] else 0.0, bar_href(search_request, start, end),
            f"{i * slot + slot * 0.1:.2f}", f"{max(slot * 0.8, 0.5):.2f}", segments, row,
        ))  # fmt: skip
    return Chart(
        mode, coverage.granularity, _title(mode, coverage.granularity),
        _description(coverage, bars, mode, _clipped(search_request, bars[0].start, bars[-1].end) if bars else None),
        bars, legend, coverage.undated,
        f"{top:.0%}" if mode == "share" else str(int(top)),
        bars[0].label if bars else "", bars[-1].label if bars else "",
        toggle,
        gettext("Show as counts") if mode == "share" else gettext("Show as share of all articles"),
    )  # fmt: skip


def _title(mode: str, granularity: str) -> str:
    if mode == "share":
        if granularity == "week":
            return gettext("Share of all articles in each week that match, by language")
        return gettext("Share of all articles in each month that match, by language")
    if granularity == "week":
        return gettext("Matching articles per week, by language")
    return gettext("Matching articles per month, by language")


def _description(coverage: search.Coverage, bars: list[Bar], mode: str, span: tuple[dt.date, dt.date] | None) -> str:
    parts = []
    if bars:
        total = sum(bar.count for bar in bars)
        dates = {"count": total, "first": date_format(span[0], "j M Y"), "last": date_format(span[1], "j M Y")}
        parts.append(ngettext("%(count)s dated article from %(first)s to %(last)s.",
                              "%(count)s dated articles from %(first)s to %(last)s.", total) % dates)
        by_language = ", ".join(f"{language_label(code) or gettext('unknown')}: {int(coverage.matches[:, i].sum())}"
                                for i, code in enumerate(coverage.languages))
        parts.append(gettext("By language: %(languages)s.") % {"languages": by_language})
        if mode == "share":
            best = max(bars, key=lambda bar: bar.share)
            parts.append(gettext("Bars show the share of all the archive's articles in each period (every "
                                 "language) that match; the highest is %(share)s in %(period)s.")
                         % {"share": f"{best.share:.1%}", "period": best.label})
        else:
            best = max(bars, key=lambda bar: bar.count)
            parts.append(gettext("The most are in %(period)s: %(count)s.")
                         % {"period": best.label, "count": best.count})
    if coverage.undated:
        parts.append(ngettext("%(count)s article without a date is not shown.",
                              "%(count)s articles without a date are not shown.", coverage.undated)
                     % {"count": coverage.undated})
    return " ".join(parts)
