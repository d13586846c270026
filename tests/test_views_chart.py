"""The coverage chart on the search page against the database: counts, share, bar links, SVG, no chart."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape

from archive import search
from archive.models import Article

pytestmark = pytest.mark.django_db
URL = reverse("archive:search")
START = dt.date(2025, 9, 1)
SVG = "{http://www.w3.org/2000/svg}"
LANGUAGES = ("ru", "kk", "en", "ru", "kk")


@pytest.fixture
def archive_of_dates():
    """90 articles over eight months in three languages, some undated; marker words in some of them."""
    for n in range(90):
        words = ["Текст", f"номер{n}"] + ["zorbax"] * (n % 2 == 0) + ["quillon"] * (n % 3 == 0)
        Article.objects.create(
            title=f"Статья {n}", body=" ".join(words) + ".", raw_text="x", language=LANGUAGES[n % 5],
            origin=f"chart{n}.txt", checksum=f"{n:064d}",
            published_on=None if n % 15 == 7 else START + dt.timedelta(days=n * 37 % 240),
        )  # fmt: skip
    search.apply_pending()


def _db_matches(words: list[str], excluded: list[str] = ()) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(body__contains=word)
    for word in excluded:
        condition &= ~Q(body__contains=word)
    return condition


CASES = [
    ({"q": "zorbax"}, _db_matches(["zorbax"])),
    ({"q": "zorbax", "language": "kk"}, _db_matches(["zorbax"]) & Q(language="kk")),
    ({"q": "zorbax -quillon", "language": ["ru", "en"]}, _db_matches(["zorbax"], ["quillon"]) & ~Q(language="kk")),
    ({"q": "quillon", "date_from": "2026-01-07", "date_to": "2026-02-20"}, _db_matches(["quillon"])),
    ({"month": "2026-03"}, Q(published_on__year=2026, published_on__month=3)),
]


def _range(params: dict) -> Q:
    condition = Q()
    if "date_from" in params:
        condition &= Q(published_on__gte=params["date_from"])
    if "date_to" in params:
        condition &= Q(published_on__lte=params["date_to"])
    return condition


@pytest.mark.parametrize(("params", "condition"), CASES)
def test_counts_per_period_and_language_equal_the_databases(client, archive_of_dates, params, condition):
    response = client.get(URL, params)
    chart = response.context["chart"]
    matching = Article.objects.filter(condition, _range(params))
    assert chart.undated == matching.filter(published_on=None).count()
    assert sum(bar.count for bar in chart.bars) + chart.undated == response.context["page"].total == matching.count()
    languages = [code for code, _, _ in chart.legend]
    for bar in chart.bars:
        in_period = matching.filter(published_on__range=(bar.start, bar.end))
        assert bar.counts == [in_period.filter(language=code).count() for code in languages], bar.label
    assert chart.bars[0].count and chart.bars[-1].count  # the chart spans from the first match to the last


@pytest.mark.parametrize(("params", "condition"), CASES)
def test_each_bars_link_finds_as_many_articles_as_the_bar_shows(client, archive_of_dates, params, condition):
    chart = client.get(URL, params).context["chart"]
    for bar in chart.bars:
        assert bar.href.startswith(URL + "?")
        total = client.get(bar.href + "&format=json").json()["total"]
        assert total == bar.count, bar.label


def test_the_granularity_follows_the_span_of_the_matches(client, archive_of_dates):
    assert client.get(URL, {"q": "zorbax"}).context["chart"].granularity == "month"
    weeks = client.get(URL, {"q": "zorbax", "date_from": "2026-01-01", "date_to": "2026-03-31"}).context["chart"]
    assert weeks.granularity == "week"
    assert all(bar.start.weekday() == 0 and (bar.end - bar.start).days == 6 for bar in weeks.bars)
    assert all(b.start == a.end + dt.timedelta(days=1) for a, b in zip(weeks.bars, weeks.bars[1:], strict=False))
    # Links stay within the request's own range, also where it cuts a week.
    wednesday = client.get(URL, {"q": "", "date_from": "2026-01-07"}).context["chart"]
    assert wednesday.bars[0].start == dt.date(2026, 1, 5) and "date_from=2026-01-07&" in wednesday.bars[0].href
    assert " from 7 Jan 2026 to " in wednesday.description


def test_share_mode_divides_by_every_article_of_the_period(client, archive_of_dates):
    response = client.get(URL, {"q": "quillon", "chart": "share"})
    chart = response.context["chart"]
    assert chart.mode == "share" and "Share of all articles" in chart.title
    for bar in chart.bars:
        everything = Article.objects.filter(published_on__range=(bar.start, bar.end)).count()
        assert bar.all_count == everything
        assert bar.share == pytest.approx(bar.count / everything if everything else 0)
    best = max(chart.bars, key=lambda bar: bar.share)
    assert chart.scale_label == f"{best.share:.0%}"
    assert "All articles" in response.text  # the table has the denominator
    counts = client.get(URL, {"q": "quillon"}).context["chart"]
    assert counts.mode == "count" and "chart=share" in counts.toggle_href and "chart" not in chart.toggle_href


def _svg(html: str) -> ET.Element:
    (svg,) = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    return ET.fromstring(svg)


def test_the_svg_is_well_formed_with_a_title_a_description_and_a_table(client, archive_of_dates):
    response = client.get(URL, {"q": "zorbax"})
    chart = response.context["chart"]
    svg = _svg(response.text)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == chart.title == "Matching articles per month, by language"
    description = svg.find(f"{SVG}desc").text
    assert f"{sum(bar.count for bar in chart.bars)} dated articles" in description
    assert f"{chart.undated} articles without a date are not shown" in description
    assert not svg.findall(f".//{SVG}a")  # an image's parts are not focusable: the links are over it, and in the table
    assert response.text.count('class="coverage-bar"') == len(chart.bars)
    assert all(f'href="{escape(bar.href)}"' in response.text for bar in chart.bars)
    assert response.text.count("<tr>") == len(chart.bars) + 1  # a row per period and the header
    for _, label, _ in chart.legend:
        assert f'<th scope="col">{label}</th>' in response.text


def test_a_hostile_query_stays_escaped_in_the_chart(client, archive_of_dates):
    response = client.get(URL, {"q": 'zorbax "<script>alert(1)</script>'})
    assert "<script>alert(1)" not in response.text
    if response.context["chart"]:
        _svg(response.text)  # still parses


def test_no_chart_without_matches(client, archive_of_dates):
    response = client.get(URL, {"q": "несуществующееслово"})
    assert response.context["page"].total == 0
    assert response.context["chart"] is None and "<svg" not in response.text


def test_a_share_within_a_date_range_divides_by_the_articles_of_that_range(client, archive_of_dates):
    chart = client.get(URL, {"q": "zorbax", "date_from": "2026-01-07", "chart": "share"}).context["chart"]
    first = chart.bars[0]
    assert first.all_count == Article.objects.filter(published_on__range=(dt.date(2026, 1, 7), first.end)).count()


def test_entity_and_home_pages_use_the_same_chart(client, imported_seeds):
    from archive.models import Person

    tokayev = Person.objects.matching("Tokayev")
    page = client.get(tokayev.get_absolute_url())
    chart = page.context["chart"]
    assert sum(bar.count for bar in chart.bars) + chart.undated == page.context["article_count"]
    for bar in chart.bars:
        assert urlencode({"person": tokayev.slug}) in bar.href
        assert client.get(bar.href + "&format=json").json()["total"] == bar.count
    _svg(page.text)
    assert chart.toggle_href == "?chart=share"
    share = client.get(tokayev.get_absolute_url(), {"chart": "share"}).context["chart"]
    assert share.mode == "share" and share.toggle_href == "?"
    home = client.get(reverse("archive:home"))
    assert home.context["chart"].mode == "count" and _svg(home.text).get("role") == "img"
