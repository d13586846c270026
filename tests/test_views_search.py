"""The search page, its facet links and its JSON and CSV exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from archive.models import Article

from .conftest import seed_prefixes

pytestmark = pytest.mark.usefixtures("imported_seeds")
URL = reverse("archive:search")


def test_the_page_shows_results_and_facets(client):
    response = client.get(URL, {"q": "Конституция"})
    assert response.status_code == 200
    assert response.context["page"].total == 5
    assert 'data-facet="language"' in response.text
    assert "Kazpravda.kz" in response.text


def test_a_facet_link_adds_and_then_removes_its_filter(client):
    response = client.get(URL, {"q": "Конституция"})
    kazakh = next(v for v in response.context["page"].facets["language"] if v.value == "kk")
    assert kazakh.count == 2
    assert 'href="/search/?q=%D0%9A%D0%BE%D0%BD%D1%81%D1%82%D0%B8%D1%82%D1%83%D1%86%D0%B8%D1%8F&amp;language=kk"' in (
        response.text
    )
    filtered = client.get(URL, {"q": "Конституция", "language": "kk"})
    assert filtered.context["page"].total == 2
    assert 'href="/search/?q=%D0%9A%D0%BE%D0%BD%D1%81%D1%82%D0%B8%D1%82%D1%83%D1%86%D0%B8%D1%8F"' in filtered.text


def test_json_has_the_documented_shape(client):
    data = client.get(URL, {"q": "", "format": "json"}).json()
    assert {"query", "total", "page", "results", "facets"} <= data.keys()
    assert data["total"] == 5 and data["page"] == 1
    assert set(data["results"][0]) == {"id", "title", "url", "hit_url", "language", "published_on", "source", "snippet",
                                       "issued_by", "original_url", "citation", "copies"}
    assert set(data["facets"]) == {"language", "month", "source", "person", "organisation", "event"}
    assert {"value": "ru", "label": "Русский", "count": 3, "selected": False, "excluded": False} \
        in data["facets"]["language"]
    assert data["results"][0]["url"].startswith("http://testserver/articles/")


def test_csv_exports_every_match_not_just_the_page(client, settings):
    for n in range(25):
        Article.objects.create(title=f"Статья {n}", body="Конституционная реформа и референдум.", raw_text="x",
                               language="ru", origin=f"bulk{n}.txt", checksum=f"{n:064d}")
    from archive import search

    search.apply_pending()
    response = client.get(URL, {"q": "референдум", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "title", "published_on"]
    assert len(rows) - 1 == client.get(URL, {"q": "референдум", "format": "json"}).json()["total"] >= 27
    cited = rows[0].index("citation")
    assert all(f"Qujat archive, article {row[0]}: http://testserver/articles/{row[0]}/" in row[cited]
               for row in rows[1:])


def test_csv_cells_cannot_become_spreadsheet_formulas(client):
    from archive import search

    Article.objects.create(title="=HYPERLINK(\"http://evil\")", body="Референдум.", raw_text="x", language="ru",
                           origin="evil.txt", checksum="e" * 64)
    search.apply_pending()
    body = b"".join(client.get(URL, {"q": "HYPERLINK", "format": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_the_seed_checks_through_json(client):
    def prefixes(q):
        return seed_prefixes(r["id"] for r in client.get(URL, {"q": q, "format": "json"}).json()["results"])

    assert prefixes("lang:kk") == {"001", "004"}
    assert prefixes("Shanyraq") == {"004"}
    assert {"003", "004"} <= prefixes("Tokayev")
