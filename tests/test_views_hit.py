"""Jump to the hit: a result link carries the search, and the article page marks the query's words in every
inflection and script, chains them with #hit-N anchors and links back to the results."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from archive.body_html import body_html
from archive.models import Article, Person, PersonMention

pytestmark = pytest.mark.usefixtures("imported_seeds")


def _article(contains: str) -> Article:
    return Article.objects.filter(body__contains=contains).order_by("pk").first()


def _marked(html: str) -> list[str]:
    return re.findall(r'<mark class="hit"[^>]*>(.*?)</mark>', html)


def _body(html: str) -> str:
    return html[html.index('<div class="body"'):html.index("</div>", html.index('<div class="body"'))]


class _Nesting(HTMLParser):
    """Records anchors opened inside anchors and marks left open: the markup the body must never have."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.nested_links = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and "a" in self.open:
            self.nested_links += 1
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()


def test_an_inflected_russian_form_is_marked(client):
    article = _article("предстоящего референдума")
    response = client.get(article.get_absolute_url(), {"q": "референдум"})
    marked = _marked(_body(response.text))
    assert "референдума" in marked and "Референдум" in marked
    assert '<mark class="hit" id="hit-1">референдума</mark>' in response.text


def test_kazakh_in_another_script_is_marked_in_body_and_title(client):
    article = Article.objects.get(title__startswith="Брюссельде")
    response = client.get(article.get_absolute_url(), {"q": "Konstitutsiya"})  # Latin script, Cyrillic text
    assert {"Конституциясының", "Конституциясын"} <= set(_marked(_body(response.text)))
    title = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S).group(1)
    assert '<mark class="hit">Конституциясының</mark>' in title


def test_the_marks_are_chained_by_anchors(client):
    article = _article("предстоящего референдума")
    response = client.get(article.get_absolute_url(), {"q": "референдум Токаев"})
    body = _body(response.text)
    ids = re.findall(r'<mark class="hit" id="hit-(\d+)"', body)
    total = len(ids)
    assert total >= 3 and ids == [str(n) for n in range(1, total + 1)]
    assert f"{total} matches in the text" in response.text and '<a href="#hit-1">first match</a>' in response.text
    previous = re.findall(r'href="(#[\w-]+)" class="hit-prev"', body)
    following = re.findall(r'href="(#[\w-]+)" class="hit-next"', body)
    assert previous == ["#hits"] + [f"#hit-{n}" for n in range(1, total)]
    assert following == [f"#hit-{n}" for n in range(2, total + 1)] + ["#hits"]
    assert 'id="hits"' in response.text


def test_a_mark_inside_a_person_link_keeps_the_markup_nested(client):
    article = _article("Касым-Жомарта Токаева")
    response = client.get(article.get_absolute_url(), {"q": "Токаев"})
    body = _body(response.text)
    assert re.search(r'<a class="entity" href="/people/[^"]+">Касым-Жомарта <mark class="hit" id="hit-1">Токаева</mark>'
                     r'</a><span class="hit-nav" lang="en[\w-]*">', body)
    checker = _Nesting()
    checker.feed(body + "</div>")
    assert checker.nested_links == 0 and checker.open == []


def test_a_hit_crossing_a_link_edge_is_marked_in_pieces():
    person = Person(name="Қасым-Жомарт Тоқаев", slug="tokayev")
    body = "Президент Тоқаевтың & <b>сөзі</b>"
    start = body.index("Тоқаевтың")
    html = str(body_html(body, [PersonMention(person=person, surface="Тоқаев")], [(start, start + len("Тоқаевтың"))]))
    assert re.match('<p>Президент <a class="entity" href="/people/tokayev/">'
                    '<mark class="hit" id="hit-1">Тоқаев</mark></a><mark class="hit">тың</mark>'
                    r'<span class="hit-nav" lang="en[\w-]*">', html)
    assert html.endswith(" &amp; &lt;b&gt;сөзі&lt;/b&gt;</p>")


def test_a_negated_word_is_not_marked(client):
    article = _article("предстоящего референдума")
    response = client.get(article.get_absolute_url(), {"q": "референдум NOT Ашимбаев"})
    marked = _marked(_body(response.text))
    assert "референдума" in marked and not any("Ашимбаев" in word for word in marked)
    assert "Ашимбаев" in response.text


def test_a_field_prefix_marks_only_its_positive_words(client):
    article = _article("предстоящего референдума")
    response = client.get(article.get_absolute_url(), {"q": "lang:ru референдум -Ашимбаев"})
    marked = set(_marked(_body(response.text)))
    assert "референдума" in marked and "ru" not in marked and not any("Ашимбаев" in word for word in marked)


def test_a_hostile_query_is_escaped_everywhere(client):
    article = _article("предстоящего референдума")
    q = '"><script>alert(1)</script> референдум'
    response = client.get(article.get_absolute_url(), {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; референдум"' in response.text  # the search box
    back = re.search(r'class="back-to-results" href="([^"]+)"', response.text).group(1)
    assert parse_qs(urlsplit(back.replace("&amp;", "&")).query)["q"] == [q]


def test_without_a_query_nothing_is_marked(client):
    article = _article("предстоящего референдума")
    response = client.get(article.get_absolute_url())
    assert "<mark" not in response.text and 'id="hits"' not in response.text and "Back to results" not in response.text


def test_a_query_that_cannot_be_parsed_just_shows_the_article(client):
    article = _article("предстоящего референдума")
    response = client.get(article.get_absolute_url(), {"q": "*ф*"})  # a wildcard with too few letters
    assert response.status_code == 200
    assert "<mark" not in response.text and "референдума" in response.text
    assert "Back to results" in response.text


def test_a_query_absent_from_the_text_says_so(client):
    article = _article("предстоящего референдума")
    response = client.get(article.get_absolute_url(), {"q": "велосипед"})
    assert "No match for «велосипед» in the text itself" in response.text and "<mark" not in response.text


def test_marks_stop_at_the_cap_and_the_page_says_so(client):
    article = Article.objects.create(title="Длинный текст", body="Слово референдум. " * 520, language="ru")
    response = client.get(article.get_absolute_url(), {"q": "референдум"})
    assert "520 matches in the text" in response.text and "only the first 500 are marked" in response.text
    assert 'id="hit-500"' in response.text and 'id="hit-501"' not in response.text
    assert response.text.count('<mark class="hit"') == 500


def test_a_result_links_to_its_article_with_the_search_but_not_its_page(client):
    response = client.get(reverse("archive:search"), {"q": "референдум", "language": "ru", "page": "1"})
    links = re.findall(r'<h2 dir="auto"><a href="([^"]+)">', response.text)
    assert links
    for link in links:
        url = urlsplit(link.replace("&amp;", "&"))
        assert re.fullmatch(r"/articles/\d+/", url.path)
        assert parse_qs(url.query) == {"q": ["референдум"], "language": ["ru"]}
    article = client.get(links[0].replace("&amp;", "&"))
    assert "Back to results" in article.text and 'value="референдум"' in article.text


def test_the_json_permalink_stays_clean(client):
    data = client.get(reverse("archive:search"), {"q": "референдум", "format": "json"}).json()
    assert all(urlsplit(row["url"]).query == "" for row in data["results"])


def test_a_json_result_carries_the_link_that_opens_at_the_hit(client):
    data = client.get(reverse("archive:search"), {"q": "референдум", "language": "ru", "format": "json"}).json()
    first = data["results"][0]
    link = urlsplit(first["hit_url"])
    assert link.path == urlsplit(first["url"]).path
    assert parse_qs(link.query) == {"q": ["референдум"], "language": ["ru"]}  # no format, no page
    article = client.get(f"{link.path}?{link.query}")
    assert _marked(article.content.decode())
    empty = client.get(reverse("archive:search"), {"format": "json"}).json()
    assert empty["results"][0]["hit_url"] == empty["results"][0]["url"]
