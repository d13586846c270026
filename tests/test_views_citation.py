"""The citation names the outlet, the original URL and the archive's permalink: on the page, in CSV and in JSON."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from archive import search
from archive.models import Article, Source

SEARCH = reverse("archive:search")


@pytest.fixture
def cited(db):
    source = Source.objects.create(name="Kazinform", domain="kazinform.kz")
    article = Article.objects.create(
        title="Итоги референдума", body="Комиссия подвела итоги референдума.", raw_text="x", language="ru",
        origin="a.txt", checksum="a" * 64, source=source, url="https://kazinform.kz/news/itogi?id=1&lang=ru",
        issued_by="пресс-служба ЦИК РК",
    )
    search.apply_pending()
    return article


def test_the_page_shows_the_outlet_the_issuer_a_safe_original_link_and_a_copyable_citation(client, cited):
    page = client.get(cited.get_absolute_url()).text
    assert '<dd class="outlet">Kazinform <span class="meta">kazinform.kz</span></dd>' in page
    assert '<dd class="issued-by">пресс-служба ЦИК РК</dd>' in page
    assert ('<a href="https://kazinform.kz/news/itogi?id=1&amp;lang=ru" rel="noopener noreferrer nofollow">'
            in page)
    citation = re.search(r'<pre class="cite"[^>]*>(.*?)</pre>', page, re.S)[1]
    assert citation == (
        f"Kazinform (пресс-служба ЦИК РК). «Итоги референдума». undated. "
        f"https://kazinform.kz/news/itogi?id=1&amp;lang=ru. Qujat archive, article {cited.pk}: "
        f"http://testserver/articles/{cited.pk}/. Accessed {timezone.localdate().isoformat()}"
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://kazinform.kz/x", "data:text/html,<b>x</b>"])
def test_an_address_that_is_not_http_is_never_a_link(client, cited, url):
    Article.objects.filter(pk=cited.pk).update(url=url)  # as if typed past the form's validation
    page = client.get(cited.get_absolute_url()).text
    assert "javascript:" not in page.replace("<code>javascript:alert(1)</code>", "")
    assert 'rel="noopener noreferrer nofollow"' not in page
    assert "original address unknown" in page  # the citation does not cite it


def test_what_the_text_said_is_escaped(client, cited):
    Article.objects.filter(pk=cited.pk).update(issued_by='<script>alert("x")</script>')
    Source.objects.filter(pk=cited.source_id).update(name="<b>Outlet</b>")
    page = client.get(cited.get_absolute_url()).text
    assert "<script>alert" not in page and "<b>Outlet" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_an_article_of_unknown_origin_says_so(client, db):
    article = Article.objects.create(title="Без источника", body="Текст.", raw_text="y", language="ru",
                                     origin="b.txt", checksum="b" * 64)
    page = client.get(article.get_absolute_url()).text
    assert "Outlet unknown. «Без источника». undated. original address unknown." in page


def test_csv_and_json_cite_the_outlet_the_original_and_the_permalink(client, cited):
    permalink = f"http://testserver/articles/{cited.pk}/"
    rows = list(csv.DictReader(io.StringIO(b"".join(
        client.get(SEARCH, {"q": "референдума", "format": "csv"}).streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["source"], row["issued_by"], row["url"], row["original_url"]) == (
        "Kazinform", "пресс-служба ЦИК РК", permalink, "https://kazinform.kz/news/itogi?id=1&lang=ru")
    for part in ("Kazinform", "https://kazinform.kz/news/itogi?id=1&lang=ru", permalink):
        assert part in row["citation"]

    (result,) = client.get(SEARCH, {"q": "референдума", "format": "json"}).json()["results"]
    assert (result["source"], result["issued_by"], result["url"], result["original_url"]) == (
        "Kazinform", "пресс-служба ЦИК РК", permalink, "https://kazinform.kz/news/itogi?id=1&lang=ru")
    assert result["citation"] == row["citation"]


def test_json_gives_no_original_url_that_is_not_http(client, cited):
    Article.objects.filter(pk=cited.pk).update(url="javascript:alert(1)")
    (result,) = client.get(SEARCH, {"q": "референдума", "format": "json"}).json()["results"]
    assert result["original_url"] is None and "javascript" not in result["citation"]


@pytest.mark.django_db
def test_a_text_reprinted_hundreds_of_times_lists_the_first_copies_and_counts_all(client, imported_seeds):
    from archive.models import CopyCluster
    from archive.selectors import COPIES_SHOWN

    seed = Article.objects.order_by("pk").first()
    cluster = CopyCluster.objects.create()
    reprints = [Article(title=f"Reprint {i}", body=seed.body, raw_text=seed.raw_text, language=seed.language,
                        origin=f"reprints/{i}.txt", checksum=f"reprint-{i}") for i in range(COPIES_SHOWN + 5)]
    Article.objects.bulk_create(reprints)
    Article.objects.filter(origin__startswith="reprints/").update(cluster=cluster)
    Article.objects.filter(pk=seed.pk).update(cluster=cluster)
    page = client.get(seed.get_absolute_url())
    assert len(page.context["copies"]) == COPIES_SHOWN and page.context["copy_count"] == COPIES_SHOWN + 5
    assert page.text.count('<li lang="') >= COPIES_SHOWN and f"{COPIES_SHOWN + 5} copies in all" in page.text
