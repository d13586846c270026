"""The interface in Kazakh, Russian and English (issue 11): chosen by Accept-Language, switched and remembered,
Kazakh for a browser that asks for none; <html lang> and Content-Language follow; cached pages never cross."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("imported_seeds")
ROOT = Path(__file__).resolve().parent.parent
SEARCH = reverse("archive:search")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.text).group(1)


def test_a_browser_that_asks_for_no_language_gets_kazakh(client, settings):
    settings.LANGUAGE_CODE = "kk"  # production's default (the tests' own is English)
    page = client.get(reverse("archive:home"))
    assert html_lang(page) == "kk" and page["Content-Language"] == "kk"
    assert ">Іздеу</button>" in page.text and "Соңғылары" in page.text
    assert re.search(r"(Қаңтар|Ақпан|Наурыз|Сәуір)", page.text)  # dates with Kazakh month names


@pytest.mark.parametrize(("accept", "lang", "button", "facet"), [
    ("ru-RU,ru;q=0.9", "ru", "Поиск", "Язык"), ("kk-KZ,kk;q=0.9", "kk", "Іздеу", "Тіл"),
    ("en-GB", "en", "Search", "Language"),
])
def test_accept_language_chooses_the_interface(client, accept, lang, button, facet):
    page = client.get(SEARCH, {"q": "Конституция"}, HTTP_ACCEPT_LANGUAGE=accept)
    assert html_lang(page) == lang and page["Content-Language"] == lang
    assert f">{button}</button>" in page.text
    assert f"<h3>{facet}</h3>" in page.text
    heading = re.search(r"<h1>(.*?)<small", page.text, re.S).group(1)
    assert {"ru": "результат", "kk": "нәтиже", "en": "results for"}[lang] in heading  # plurals translated too
    assert "Accept-Language" in page.get("Vary", "")


def test_the_switch_is_on_every_page_and_remembered(client):
    home = client.get(reverse("archive:home"), HTTP_ACCEPT_LANGUAGE="en")
    for code in ("kk", "ru"):
        assert f'href="/language/{code}/?next=/"' in home.text
    switched = client.get(reverse("archive:language", args=["ru"]), {"next": "/search/?q=Конституция"})
    assert switched.status_code == 302 and unquote(switched.url) == "/search/?q=Конституция"
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    page = client.get(SEARCH, {"q": "Конституция"}, HTTP_ACCEPT_LANGUAGE="en")  # the choice beats the browser
    assert html_lang(page) == "ru" and ">Поиск</button>" in page.text


def test_the_switch_goes_nowhere_else(client):
    away = client.get(reverse("archive:language", args=["kk"]), {"next": "https://evil.example/"})
    assert away.status_code == 302 and away.url == reverse("archive:home")
    assert client.get(reverse("archive:language", args=["xx"])).status_code == 404


def test_a_cached_search_page_is_never_served_in_another_language(client):
    russian = client.get(SEARCH, {"q": "референдум"}, HTTP_ACCEPT_LANGUAGE="ru")
    kazakh = client.get(SEARCH, {"q": "референдум"}, HTTP_ACCEPT_LANGUAGE="kk")
    again = client.get(SEARCH, {"q": "референдум"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert html_lang(russian) == html_lang(again) == "ru" and html_lang(kazakh) == "kk"
    assert again["X-Qujat-Cache"] == "hit" and kazakh.text != russian.text


def test_every_interface_string_has_its_kazakh_and_russian_translation(tmp_path):
    copy = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", copy)
    done = subprocess.run([sys.executable, str(copy / "fill.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    for language in ("kk", "ru"):
        catalogue = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        assert "fuzzy" not in catalogue  # msgfmt leaves fuzzy entries out: shown in English
        for entry in catalogue.split("\n\n")[1:]:  # after the header, every msgid has its msgstr
            if entry.startswith("#~") or "msgid " not in entry:
                continue
            assert not re.search(r'^msgstr(\[\d\])? ""$', entry, re.M), entry


def test_the_unavailable_message_is_in_the_readers_language(client, settings):
    shutil.rmtree(settings.SEARCH_INDEX_DIR)  # no index at all: the search says so, in Russian for a Russian reader
    page = client.get(SEARCH, {"q": "Конституция"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 503 and "Поиск недоступен" in page.text


@pytest.mark.parametrize(
    "q, accept, expected",
    [
        ("конститу* title:", "ru", "После «title:» ничего нет"),
        ("конститу* title:", "kk", "«title:» қос нүктеден кейін ештеңе жоқ"),
        ("конститу* title:", "en", "«title:» has nothing after the colon"),
        ("lang:xx", "ru", "Языка «xx» в архиве нет"),
        ("lang:xx", "kk", "Мұрағатта «xx» тілі жоқ"),
        ("ко*", "kk", "кемінде 3 әріп"),
        ("референдум or Конституция", "ru", "напишите OR заглавными"),
        ('"референдум', "kk", "Тырнақша жабылмаған"),
    ],
)
def test_query_messages_and_notes_are_in_the_readers_language(client, q, accept, expected):
    page = client.get(SEARCH, {"q": q}, HTTP_ACCEPT_LANGUAGE=accept)
    data = client.get(SEARCH, {"q": q, "format": "json"}, HTTP_ACCEPT_LANGUAGE=accept).json()
    assert expected in page.text
    assert expected in " ".join([data.get("message") or "", *data.get("notes", [])])


def test_a_date_range_message_is_in_the_readers_language(client):
    page = client.get(SEARCH, {"q": "референдум", "date_from": "2026-03-20", "date_to": "2026-03-01"},
                      HTTP_ACCEPT_LANGUAGE="ru")
    assert "Дата конца (2026-03-01) раньше даты начала (2026-03-20)" in page.text


@pytest.mark.parametrize("language, written", [("kk", "12\xa0345"), ("ru", "12\xa0345"), ("en", "12,345")])
def test_counts_are_written_as_the_interface_language_writes_them(language, written):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load archive %}{{ n|grouped }} {{ small|grouped }} {{ share|floatformat:1 }}")
    with translation.override(language):
        shown = template.render(Context({"n": 12345, "small": 999, "share": 12.5}))
    decimal = "12.5" if language == "en" else "12,5"
    assert shown == f"{written} 999 {decimal}"


def test_the_result_count_and_facets_use_the_grouped_count(client):
    """Seeds are few, so the page shows small numbers; the templates must pass every count through the filter."""
    templates = ROOT / "templates" / "archive"
    for name, needle in [("search.html", "shown=page.total|grouped"), ("includes/_facets.html", "item.count|grouped"),
                         ("home.html", "shown=article_count|grouped"), ("entity_list.html", "article_count|grouped")]:
        assert needle in (templates / name).read_text(encoding="utf-8"), name
    page = client.get(SEARCH, {"q": "референдум"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert re.search(r"\d+ результат", page.text)
