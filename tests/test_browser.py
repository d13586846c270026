"""End to end in a real browser (Debian's Chromium driven by Playwright): search, narrow, open, escape."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.management import call_command

from .conftest import SEEDS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags this machine needs: no sandbox as root, no background network (only the registries are reachable).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "Debian's chromium is required: `make test` installs it"
    # Playwright's sync API keeps an event loop running in this thread while the module's tests run; the
    # database calls the tests and their fixtures make here are ordinary synchronous ones.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


CSP_REFUSAL = "Content Security Policy"  # Chromium's console words for what the policy blocked


def watch_for_csp_refusals(page) -> list[str]:
    """Chromium reports each script, style or resource the Content-Security-Policy blocked in the console."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if CSP_REFUSAL in message.text else None)
    return refused


@pytest.fixture
def page(browser, live_server):
    call_command("import_articles", str(SEEDS_DIR), "--no-progress", stdout=open(os.devnull, "w"))
    context = browser.new_context(base_url=live_server.url, locale="en-GB")  # the interface in English
    page = context.new_page()
    page.csp_refusals = watch_for_csp_refusals(page)
    yield page
    refused = list(page.csp_refusals)
    context.close()
    assert refused == [], "the Content-Security-Policy blocked something on a page:\n" + "\n".join(refused)


def test_a_journalist_searches_narrows_and_opens_an_article(page, tmp_path):
    page.goto("/")
    page.get_by_role("searchbox").fill("Tokayev")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=Tokayev")
    assert page.locator("h1").inner_text().startswith("2 results")
    assert page.locator("article.hit mark").count() == 2  # Токаева and Тоқаев, marked

    page.locator('[data-facet="language"] a', has_text="Қазақша").click()
    assert page.locator("h1").inner_text().startswith("1 result")
    assert "language=kk" in page.url
    page.screenshot(path=str(tmp_path / "search.png"))

    page.locator("article.hit h2 a").click()
    assert "Shanyraq Dialogues" in page.locator("h1").inner_text()


def test_a_hostile_query_is_shown_as_text(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/search/?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert "<img src=x onerror=alert(1)>" in page.locator("h1").inner_text() or page.locator(".notice").count()
    assert page.locator("img").count() == 0
    assert dialogs == []


def test_an_unparseable_wildcard_explains_itself(page):
    page.goto("/search/?q=*%D0%B0*")
    assert "at least 3 letters" in page.locator(".notice").first.inner_text()


def test_the_policy_blocks_inline_code_and_the_check_sees_it(page):
    page.goto("/help/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                  " document.body.appendChild(s); document.body.setAttribute('style', 'color: red'); }")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None  # the inline script did not run
    assert any("inline script" in text for text in page.csp_refusals), page.csp_refusals
    page.csp_refusals.clear()  # seen: the fixture's own check would fail the test otherwise
