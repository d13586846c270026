"""Every kind of page carries a Content-Security-Policy that allows no inline code, a Permissions-Policy and the
other security headers, and no page or template holds inline script or style (which that policy would block)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse

from archive.charts import COLOURS
from archive.models import Article, Person

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("imported_seeds")


def public_pages() -> dict[str, str]:
    article = Article.objects.order_by("pk").first()
    person = Person.objects.matching("Тоқаев")
    q = quote("Конституция")
    return {
        "home": "/", "search": f"/search/?q={q}", "search-share": f"/search/?q={q}&chart=share",
        "search-json": f"/search/?q={q}&format=json", "export-csv": f"/search/?q={q}&format=csv",
        "export-jsonl": f"/search/?q={q}&format=jsonl", "feed": f"/search/?q={q}&format=atom",
        "article": f"/articles/{article.pk}/?q={q}", "person": person.get_absolute_url(), "people": "/people/",
        "help": "/help/", "sign-in": "/accounts/login/", "admin-login": "/admin/login/", "healthz": "/healthz",
        "citation": f"/articles/{article.pk}/cite/bibtex/", "opensearch": "/opensearch.xml",
    }


def directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block: <script> with a body and no
    src (data blocks such as application/json are not scripts), <style>, style="…" and on…="…" attributes."""

    DATA_BLOCKS = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") not in self.DATA_BLOCKS:
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> at line {self.getpos()[0]}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_it_finds_inline_code_when_there_is_some():
    page = ('<p style="color:red">x</p><script>alert(1)</script><script src="/s.js"></script>'
            '<script type="application/json">{}</script><style>p{}</style><img src=x onerror="alert(1)">')
    assert len(inline_code(page)) == 4


def test_every_kind_of_page_carries_the_policy_without_unsafe_inline(client):
    for name, url in public_pages().items():
        response = client.get(url, secure=True)
        assert response.status_code == 200, (name, response.status_code)
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], name
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], name
        assert not any("unsafe" in value for values in policy.values() for value in values), (name, policy)
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        # The headers there before the policy stay.
        assert response["Strict-Transport-Security"].startswith("max-age=31536000"), name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name


def test_a_cached_search_page_carries_the_policy_too(client):
    url = "/search/?q=" + quote("референдум")
    first, second = client.get(url), client.get(url)
    assert (first["X-Qujat-Cache"], second["X-Qujat-Cache"]) == ("miss", "hit")
    assert "'unsafe-inline'" not in second["Content-Security-Policy"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_no_rendered_page_holds_inline_script_or_style(client, admin_client):
    for name, url in public_pages().items():
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == [], name
    article = Article.objects.order_by("pk").first()
    for url in (reverse("admin:index"), reverse("admin:archive_article_changelist"),
                reverse("admin:archive_article_change", args=[article.pk]), reverse("admin:archive_review_queue"),
                reverse("admin:archive_person_changelist"), "/saved/", "/collections/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_no_template_holds_inline_script_or_style():
    pattern = re.compile(r"<style\b|\sstyle=|<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)|\son[a-z]+=",
                         re.IGNORECASE)
    offenders = [f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
                 for path in (ROOT / "templates").rglob("*.html")
                 for match in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_chart_legend_colours_in_the_stylesheet_are_the_charts_colours():
    """The legend's swatches took their colour from style="…"; now from classes, which must not drift."""
    css = (ROOT / "static" / "archive" / "site.css").read_text(encoding="utf-8")
    for code, colour in COLOURS.items():
        assert f".coverage-legend .swatch-{code or 'none'} {{ background: {colour}; }}" in css, code
