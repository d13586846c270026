"""The query-language help page (issue 11): in Kazakh, Russian and English, linked from the box and from errors."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

HELP = reverse("archive:help")


@pytest.mark.parametrize(("lang", "heading", "label"), [
    ("kk", "Қалай іздеу керек", "Тіл"), ("ru", "Как искать", "Язык"), ("en", "How to search", "Language"),
])
def test_the_help_is_written_in_each_language(client, lang, heading, label):
    page = client.get(HELP, {"lang": lang})
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text and f"<h1>{heading}</h1>" in page.text
    assert f'aria-label="{label}"' in page.text
    for example in ("person:Токаев", "title:Токаев", "lang:kk", "конститу*", "рефирендум~", "OR", "?format=json"):
        assert example in page.text, (lang, example)
    others = {"kk", "ru", "en"} - {lang}
    assert all(f'href="?lang={code}"' in page.text for code in others)


def test_an_unknown_language_falls_back_to_the_interface_language(client):
    page = client.get(HELP, {"lang": "<script>"})
    assert page.status_code == 200 and "<script>" not in page.text
    assert re.search(r'<html lang="(kk|ru|en)">', page.text)


@pytest.mark.django_db
def test_every_search_box_and_every_query_message_links_to_the_help(client, search_index_dir):
    assert f'href="{HELP}"' in client.get(reverse("archive:home")).text
    refused = client.get(reverse("archive:search"), {"q": "*ция"})
    notice = re.search(r'<p class="notice" role="alert">(.*?)</p>', refused.text, re.S)
    assert notice and f'href="{HELP}"' in notice.group(1)
    noted = client.get(reverse("archive:search"), {"q": "Конституция AND"})
    assert re.search(rf'<p class="notice">[^<]*<a href="{HELP}">', noted.text)
