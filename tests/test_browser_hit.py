"""Jump to the hit in a real browser: from a result to its article, between the marked words, and back."""

from __future__ import annotations

import pytest

from .test_browser import browser, page  # noqa: F401 - the fixtures, shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_journalist_jumps_from_a_result_between_the_matches_and_back(page, tmp_path):  # noqa: F811
    page.goto("/search/?q=%D1%80%D0%B5%D1%84%D0%B5%D1%80%D0%B5%D0%BD%D0%B4%D1%83%D0%BC&language=ru")  # референдум
    page.locator("article.hit h2 a").first.click()
    page.wait_for_url("**/articles/*/?q=*")
    assert "language=ru" in page.url
    assert page.get_by_role("searchbox").input_value() == "референдум"  # the query stays in the box

    summary = page.locator("#hits")
    total = int(summary.inner_text().split()[0])
    assert total >= 2 and page.locator("mark.hit[id]").count() == total
    summary.get_by_role("link", name="first match").click()
    page.wait_for_url("**#hit-1")
    for number in range(1, total):
        assert page.locator(f"#hit-{number}").is_visible()
        page.locator(f"#hit-{number} + .hit-nav a.hit-next").click()
        page.wait_for_url(f"**#hit-{number + 1}")
        assert page.evaluate("document.querySelector(':target').id") == f"hit-{number + 1}"
    assert page.locator(f"#hit-{total}").inner_text().lower().startswith("референдум")
    page.locator(f"#hit-{total} + .hit-nav a.hit-prev").click()
    page.wait_for_url(f"**#hit-{total - 1}")
    page.screenshot(path=str(tmp_path / "article-hits.png"))

    page.get_by_role("link", name="Back to results").click()
    page.wait_for_url("**/search/?*")
    assert "language=ru" in page.url and page.get_by_role("searchbox").input_value() == "референдум"
    assert page.locator("article.hit").count() >= 1
