"""Whole journeys in a real browser (issue 11): a journalist in the Kazakh interface, a researcher who narrows,
reads the chart, exports and subscribes, a signed-in researcher who keeps what she found, and the language switch."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User

from archive.models import Collection, SavedSearch

from .test_browser import CHROMIUM_ARGS, browser, page  # noqa: F401 - the fixtures: Chromium, the seeded server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_journalist_in_the_kazakh_interface_follows_a_search_to_a_name(browser, page, live_server):  # noqa: F811
    kazakh = browser.new_context(base_url=live_server.url, locale="kk-KZ")
    tab = kazakh.new_page()
    tab.goto("/")
    assert tab.locator("html").get_attribute("lang") == "kk"
    tab.get_by_role("searchbox").fill("Токаев")
    tab.get_by_role("button", name="Іздеу").click()
    tab.wait_for_url("**/search/?q=*")
    assert "нәтиже" in tab.locator("h1").inner_text()
    tab.locator('[data-facet="language"] a', has_text="Қазақша").first.click()
    assert "language=kk" in tab.url
    tab.locator("article.hit h2 a").first.click()
    tab.wait_for_url("**/articles/**")
    assert tab.locator("mark.hit").count() >= 1
    tab.locator("#hits a", has_text="алғашқы сәйкестік").click()
    tab.wait_for_url("**#hit-1")
    tab.locator(".body a.entity").first.click()
    tab.wait_for_url("**/people/**")
    assert tab.locator("h1").inner_text()
    kazakh.close()


def test_a_researcher_narrows_reads_the_chart_exports_and_subscribes(page, tmp_path):  # noqa: F811
    page.goto("/search/?q=%D0%9A%D0%BE%D0%BD%D1%81%D1%82%D0%B8%D1%82%D1%83%D1%86%D0%B8%D1%8F")  # Конституция
    page.locator('[data-facet="source"] a.exclude').first.click()
    assert "not_source=" in page.url
    page.fill("#id_date_from", "2026-01-01")
    page.fill("#id_date_to", "2026-12-31")
    page.get_by_role("button", name="Apply dates").click()
    assert "date_from=2026-01-01" in page.url and "not_source=" in page.url
    total = int(page.locator("h1").inner_text().split()[0])
    assert page.locator("figure.coverage svg[role=img] title").count() == 1
    page.locator("figure.coverage details summary").click()
    bars = [int(cell.inner_text()) for cell in page.locator("figure.coverage tbody tr td:last-child").all()]
    assert 0 < sum(bars) <= total  # undated articles are counted apart

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == total and all(row["citation"] for row in rows)

    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    answer = page.request.get(feed)
    assert answer.ok
    entries = ET.fromstring(answer.body()).findall(f"{ATOM}entry")
    assert 0 < len(entries) <= total
    page.screenshot(path=str(tmp_path / "researcher.png"), full_page=True)


def test_a_signed_in_researcher_saves_a_search_and_keeps_an_article(page):  # noqa: F811
    User.objects.create_user("aigerim", password="a-long-password-1")
    page.goto("/accounts/login/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", "a-long-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/search/?q=%D1%80%D0%B5%D1%84%D0%B5%D1%80%D0%B5%D0%BD%D0%B4%D1%83%D0%BC")  # референдум
    page.get_by_role("link", name="Save this search").click()
    page.fill("#id_name", "Referendum coverage")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_role("link", name="Referendum coverage").count() == 1
    assert SavedSearch.objects.get(name="Referendum coverage").query == "q=" + quote("референдум")

    page.goto("/search/?q=%D1%80%D0%B5%D1%84%D0%B5%D1%80%D0%B5%D0%BD%D0%B4%D1%83%D0%BC")
    page.locator("article.hit h2 a").first.click()
    page.get_by_role("link", name="Keep in a collection").click()
    page.fill("#id_new_collection", "Chapter 2")
    page.fill("#id_note", "the vote's date")
    page.get_by_role("button", name="Keep", exact=True).click()
    assert page.locator("h1").inner_text() == "Chapter 2"
    assert page.locator("textarea").input_value() == "the vote's date"
    assert Collection.objects.get(name="Chapter 2").items.count() == 1


def test_the_interface_switches_from_kazakh_to_russian_to_english_and_back(browser, live_server):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, locale="kk-KZ")  # a Kazakh browser
    tab = context.new_page()
    tab.goto("/search/?q=%D0%A2%D0%BE%D0%BA%D0%B0%D0%B5%D0%B2")
    seen = [(tab.locator("html").get_attribute("lang"), tab.get_by_role("button").first.inner_text())]
    for name in ("Русский", "English", "Қазақша"):
        tab.locator("nav.languages a", has_text=name).click()
        tab.wait_for_load_state()
        assert "/search/?q=" in tab.url  # back on the same page
        seen.append((tab.locator("html").get_attribute("lang"), tab.get_by_role("button").first.inner_text()))
    assert [lang for lang, _ in seen] == ["kk", "ru", "en", "kk"]
    assert [button for _, button in seen] == ["Іздеу", "Поиск", "Search", "Іздеу"]
    context.close()
