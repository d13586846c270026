"""Facets in a real browser (issue 11): leave a value out and remove it by its chip; on a phone the filters sit
behind a «Filters» disclosure above the results, on a wide screen they are always shown."""

from __future__ import annotations

import pytest

from .test_browser import browser, page  # noqa: F401 - the fixtures: Chromium and the seeded live server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_researcher_leaves_a_language_out_and_takes_it_back(page, tmp_path):  # noqa: F811
    page.goto("/search/?q=Конституция")
    assert page.locator("h1").inner_text().startswith("5 results")
    page.get_by_role("link", name="leave out Қазақша").click()
    assert page.locator("h1").inner_text().startswith("3 results")
    assert "not_language=kk" in page.url
    chip = page.locator(".chips li", has_text="Қазақша")
    assert chip.count() == 1
    page.screenshot(path=str(tmp_path / "excluded.png"), full_page=True)
    chip.get_by_role("link").click()
    assert page.locator("h1").inner_text().startswith("5 results")
    assert page.locator(".chips").count() == 0


def test_on_a_phone_the_filters_open_from_a_disclosure_above_the_results(page, tmp_path):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search/?q=Конституция")
    facet = page.locator('[data-facet="language"]')
    assert not facet.is_visible()
    summary = page.locator(".filters-panel > summary")
    assert summary.is_visible()
    assert summary.bounding_box()["y"] < page.locator("article.hit").first.bounding_box()["y"]  # above the results
    summary.click()
    assert facet.is_visible()
    page.screenshot(path=str(tmp_path / "phone-filters.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/search/?q=Конституция")
    assert page.locator('[data-facet="language"]').is_visible()  # a wide screen: no need to open anything
    assert not page.locator(".filters-panel > summary").is_visible()
