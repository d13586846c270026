"""Browse pages on the imported seeds: lists, filters, article pages, escaping, health."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.ingest import parse_text
from archive.ingest.storing.loader import upsert_article
from archive.models import Article

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_every_article(client, imported_seeds):
    response = client.get(reverse("archive:article_list"))
    assert response.status_code == 200
    assert len(response.context["articles"]) == 5
    assert "Жаңа Конституция – қоғамға серпін" in response.text


def test_the_list_filters_by_language_and_date(client, imported_seeds):
    kazakh = client.get(reverse("archive:article_list"), {"language": "kk"})
    assert {a.language for a in kazakh.context["articles"]} == {"kk"}
    assert len(kazakh.context["articles"]) == 2
    february = client.get(reverse("archive:article_list"), {"date_from": "2026-02-01", "date_to": "2026-02-28"})
    assert len(february.context["articles"]) == 3


def test_an_article_page_shows_text_and_metadata(client, imported_seeds):
    article = Article.objects.get(title="Жаңа Конституция – қоғамға серпін")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Галина Каренский" in response.text
    assert "Дарина Телагисова" in response.text


def test_text_from_an_article_is_escaped(client):
    hostile = 'Заголовок <img src=x onerror="alert(1)">\n\nТекст &lt;script&gt;alert(2)&lt;/script&gt; о Конституции.'
    _, article = upsert_article(parse_text(hostile))
    response = client.get(article.get_absolute_url())
    assert "<img src=x" not in response.text
    assert "<script>alert(2)" not in response.text
    assert "&lt;img src=x" in response.text or "&lt;script&gt;" in response.text


def test_an_unknown_article_is_404(client):
    assert client.get(reverse("archive:article_detail", args=[999999])).status_code == 404


def test_health_endpoint(client):
    response = client.get(reverse("archive:healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


def test_the_home_page_says_what_is_in_the_archive(client, imported_seeds):
    response = client.get(reverse("archive:home"))
    assert response.status_code == 200
    assert response.context["article_count"] == 5
    assert response.context["by_language"] == {"ru": 3, "kk": 2}
    chart = response.context["chart"]
    assert sum(bar.count for bar in chart.bars) + chart.undated == 5
    assert {bar.end.strftime("%Y-%m") for bar in chart.bars if bar.count} == {"2026-02", "2026-03"}
    assert chart.toggle_href == ""  # every article matches the home page's chart: no share to show
    assert len(response.context["latest"]) == 5
