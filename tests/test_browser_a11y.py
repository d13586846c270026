"""axe-core (from npm, tests/a11y) in Chromium on every kind of page, in Kazakh, Russian and English (issue 11).

No violation of WCAG 2 A/AA rules is allowed; screenshots of each page in each language are saved as artefacts
(tests/artifacts/screens/, or $QUJAT_SCREENSHOTS) for a person to look at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User

from archive.models import Article, Person, SavedSearch

from .test_browser import browser, page  # noqa: F401 - the fixtures: Chromium and the seeded live server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = Path(os.environ.get("QUJAT_SCREENSHOTS", Path(__file__).parent / "artifacts" / "screens"))


def pages_to_check() -> list[tuple[str, str]]:
    article = Article.objects.filter(language="ru").order_by("pk").first()
    person = Person.objects.matching("Тоқаев")
    konstitutsiya, tokaev = quote("Конституция"), quote("Токаев")
    return [("home", "/"), ("search", f"/search/?q={tokaev}"),
            ("search-share", f"/search/?q={konstitutsiya}&chart=share"),
            ("article", f"/articles/{article.pk}/?q={konstitutsiya}"),
            ("person", person.get_absolute_url()), ("help", "/help/"), ("login", "/accounts/login/"),
            ("saved", "/saved/"), ("collections", "/collections/")]


def violations(page) -> list[dict]:  # noqa: F811
    # Through the DevTools protocol, which the page's Content-Security-Policy does not govern (a <script> tag would be
    # blocked, as it should be).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in result["violations"]]


def test_axe_finds_no_violation_on_any_page_in_any_language(page):  # noqa: F811
    assert AXE.exists(), "axe-core is installed by `make browser` (npm ci in tests/a11y)"
    user = User.objects.create_user("reader", password="a-long-password-1")
    SavedSearch.objects.create(owner=user, name="Референдум", query="q=референдум")
    page.goto("/accounts/login/")
    page.fill("#id_username", "reader")
    page.fill("#id_password", "a-long-password-1")
    page.get_by_role("button", name="Sign in").click()
    SCREENS.mkdir(parents=True, exist_ok=True)
    found = {}
    for language in ("kk", "ru", "en"):
        page.goto(f"/language/{language}/?next=/")
        for name, url in pages_to_check():
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language or name == "help", (name, language)
            page.screenshot(path=str(SCREENS / f"{name}-{language}.png"), full_page=True)
            if problems := violations(page):
                found[f"{name} ({language})"] = problems
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_check_would_see_a_violation(page):  # noqa: F811
    page.goto("/help/")
    page.evaluate("() => { const img = document.createElement('img'); img.src = '/x.png';"
                  " document.querySelector('main').appendChild(img); }")
    assert "image-alt" in {v["id"] for v in violations(page)}
