"""Exports of a whole search (CSV for Excel, JSON Lines, Atom, citations), one article's citation, OpenSearch,
and file names that say what was exported."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlencode, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from archive import search
from archive.downloads import content_disposition, download_names
from archive.models import Article, ExtractionStatus

pytestmark = pytest.mark.usefixtures("imported_seeds")
URL = reverse("archive:search")
ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def total(client, **params) -> int:
    return client.get(URL, {**params, "format": "json"}).json()["total"]


def csv_dicts(client, **params) -> tuple[bytes, list[dict]]:
    raw = body(client.get(URL, {**params, "format": "csv"}))
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_starts_with_a_bom_and_has_one_row_per_match_with_the_new_columns(client):
    seed = Article.objects.get(origin__startswith="002_")  # Kazpravda.kz, a round table at the Academy
    rejected = seed.person_mentions.get(person__name="Марат Башимов")
    rejected.status = ExtractionStatus.REJECTED
    rejected.save()
    raw, rows = csv_dicts(client, q="Конституция")
    assert raw.startswith(b"\xef\xbb\xbfid,title,")
    assert len(rows) == total(client, q="Конституция") == 5
    row = next(r for r in rows if r["id"] == str(seed.pk))
    assert row["outlet"] == row["source"] == "Kazpravda.kz"
    assert "Дархан Жазықбай" in row["people"].split("; ") and "Марат Башимов" not in row["people"]
    assert "Мажилис" in row["organisations"].split("; ")
    assert row["events"] == "Круглый стол «Новая Конституция – ориентир на будущее»"
    assert "Конституц" in row["snippet"] and "<mark>" not in row["snippet"] and len(row["snippet"]) < 300
    assert row["accessed"] == timezone.localdate().isoformat()
    assert "fulltext" not in row  # opt-in


def test_full_texts_are_opt_in_and_rows_stay_one_per_cluster_when_collapsed(client):
    _, rows = csv_dicts(client, q="", fulltext="1")
    assert len(rows) == 5
    bodies = dict(Article.objects.values_list("pk", "body"))
    assert all(r["fulltext"] == bodies[int(r["id"])] for r in rows)
    _, grouped = csv_dicts(client, q="", collapse="1")
    assert len(grouped) == client.get(URL, {"collapse": "1", "format": "json"}).json()["collapsed_total"]


def test_json_lines_stream_every_match_one_object_a_line(client):
    response = client.get(URL, {"q": "Конституция", "language": "ru", "format": "jsonl"})
    assert response.streaming and response["Content-Type"].startswith("application/jsonl")
    lines = body(response).decode().splitlines()
    assert len(lines) == total(client, q="Конституция", language="ru") == 3
    records = [json.loads(line) for line in lines]
    assert all(r["language"] == "ru" and isinstance(r["people"], list) for r in records)
    undated = [r for r in records if r["published_on"] is None]
    assert len(undated) == 1 and undated[0]["outlet"] == "Kazpravda.kz"


def entries(client, **params) -> list[ET.Element]:
    response = client.get(URL, {**params, "format": "atom"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("format=atom")
    return feed.findall(f"{ATOM}entry")


def test_the_atom_feed_lists_the_newest_first_whatever_the_sort_with_the_filters(client):
    for sort in ("relevance", "oldest"):
        found = entries(client, q="Конституция", sort=sort)
        assert len(found) == total(client, q="Конституция")
        dates = [e.findtext(f"{ATOM}published") for e in found]
        dated = [d for d in dates if d]
        assert dated == sorted(dated, reverse=True) and dates[len(dated):] == [None] * (len(dates) - len(dated))
    kazakh = entries(client, q="Конституция", language="kk")
    assert len(kazakh) == 2
    for entry in kazakh:
        permalink = entry.find(f"{ATOM}link").get("href")
        assert re.fullmatch(r"http://testserver/articles/\d+/", permalink) and entry.findtext(f"{ATOM}id") == permalink
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}summary").get("type") == "text"


def test_the_feed_escapes_what_the_text_says(client):
    Article.objects.create(title='<b>Референдум</b> & "итоги"\x01', body="Референдум <script>x</script> & итоги.",
                           raw_text="x", language="ru", origin="evil.txt", checksum="e" * 64)
    search.apply_pending()
    (entry,) = entries(client, q="script")
    assert entry.findtext(f"{ATOM}title") == '<b>Референдум</b> & "итоги" '
    assert "<script>x</script> &" in entry.findtext(f"{ATOM}summary")


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson"])
def test_a_whole_search_cites_every_match(client, fmt):
    text = body(client.get(URL, {"q": "Конституция", "format": fmt})).decode()
    count = {"bibtex": text.count("@article{"), "ris": text.count("TY  - NEWS"), "csljson": len(json.loads(text)
             if fmt == "csljson" else [])}[fmt]
    assert count == 5
    assert "Kazpravda.kz" in text and "http://testserver/articles/" in text
    assert {"bibtex": "urldate = {", "ris": "Y2  - ", "csljson": '"accessed"'}[fmt] in text


def test_the_article_page_links_its_citations_which_name_outlet_permalink_and_access_date(client):
    seed = Article.objects.get(origin__startswith="002_")
    seed.url = "https://kazpravda.kz/n/konstitutsiya/"
    seed.save()
    page = client.get(seed.get_absolute_url()).text
    link = reverse("archive:article_citation", args=[seed.pk, "bibtex"])
    assert f'href="{link}"' in page
    response = client.get(link)
    today = timezone.localdate()
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="qujat-article-{seed.pk}-{today.isoformat()}.bib"')
    text = response.content.decode()
    for part in ("journal = {Kazpravda.kz}", "url = {https://kazpravda.kz/n/konstitutsiya/}",
                 f"\\url{{http://testserver/articles/{seed.pk}/}}", f"urldate = {{{today.isoformat()}}}"):
        assert part in text
    ris = client.get(reverse("archive:article_citation", args=[seed.pk, "ris"])).content.decode()
    assert "JO  - Kazpravda.kz\r\n" in ris and f"Y2  - {today:%Y/%m/%d}\r\n" in ris
    item = json.loads(client.get(reverse("archive:article_citation", args=[seed.pk, "csljson"])).content)[0]
    assert item["container-title"] == "Kazpravda.kz" and item["URL"] == "https://kazpravda.kz/n/konstitutsiya/"
    assert client.get(reverse("archive:article_citation", args=[seed.pk, "docx"])).status_code == 404


def test_opensearch_is_valid_linked_from_every_page_and_its_template_searches(client):
    assert 'rel="search" type="application/opensearchdescription+xml"' in client.get("/").text
    response = client.get(reverse("archive:opensearch"))
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription" and root.findtext(f"{OPENSEARCH}ShortName") == "Qujat"
    template = root.find(f"{OPENSEARCH}Url[@type='text/html']").get("template")
    url = urlsplit(template.replace("{searchTerms}", quote("Конституция")))
    page = client.get(url.path + "?" + url.query)
    assert page.status_code == 200 and page.context["page"].total == 5
    feed = root.find(f"{OPENSEARCH}Url[@type='application/atom+xml']").get("template")
    assert ET.fromstring(client.get(feed.replace("{searchTerms}", "referendum")).content).tag == f"{ATOM}feed"


def test_file_names_say_what_was_exported(client):
    today = timezone.localdate().isoformat()
    response = client.get(URL, {"q": "Конституция", "format": "csv"})
    ascii_name, utf8_name = re.fullmatch(r"attachment; filename=\"(.*)\"; filename\*=UTF-8''(.*)",
                                         response["Content-Disposition"]).groups()
    assert ascii_name == f"qujat-konstitutsiya-{today}.csv"
    assert unquote(utf8_name) == f"qujat-конституция-{today}.csv"
    assert 'filename="qujat-all-' in client.get(URL, {"format": "jsonl"})["Content-Disposition"]
    assert download_names("", "csv", timezone.localdate()) == (f"qujat-all-{today}.csv",) * 2


@pytest.mark.parametrize("q", ['"; filename=evil.exe', "توقايەۆ", "a\r\nX-Evil: 1", "../../etc/passwd"])
def test_a_file_name_is_always_safe(q):
    ascii_name, name = download_names(q, "csv", timezone.localdate())
    header = content_disposition(ascii_name, name)
    assert header.isascii() and header.count('"') == 2 and "\r" not in header and "\n" not in header
    assert re.fullmatch(r"qujat-[a-z0-9_-]+-\d{4}-\d{2}-\d{2}\.csv", ascii_name)
    assert "/" not in name and ";" not in unquote(header.split("''")[1])


def test_an_export_that_cannot_run_says_why(client):
    for fmt in ("jsonl", "atom", "bibtex"):
        response = client.get(URL, {"q": "*ция", "format": fmt})
        assert response.status_code == 400 and response.content.decode().startswith("The export could not run: ")


def test_export_links_on_the_results_page_keep_the_filters(client):
    page = client.get(URL + "?" + urlencode({"q": "Конституция", "language": "kk"})).text
    for fmt in ("jsonl", "atom", "bibtex", "ris", "csljson"):
        assert re.search(rf'href="/search/\?q=[^"]*language=kk[^"]*format={fmt}"', page), fmt
    assert 'rel="alternate" type="application/atom+xml"' in page
