"""Search across the scripts of Kazakh and in English, through the real importer, index and search page.

Kazakh written in the Latin alphabet or the Arabic script is analysed through Cyrillic, so a query in any script
finds the same text in the others; English is stemmed with Snowball English (referendums finds referendum).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article

pytestmark = pytest.mark.django_db

TEXTS = {
    "kk_cyrl": (
        " date 2026-03-10 Тоқаев Конституциялық реформа туралы айтты\n"
        "Мемлекет басшысы Қасым-Жомарт Тоқаев Конституциялық реформа туралы айтты. Жаңа Конституцияның жобасы "
        "халыққа ұсынылды, деп хабарлайды Ақорданың баспасөз қызметі.\n"
    ),
    "kk_latn": (
        " date 2026-03-11 Toqaev saılaý komıssııasymen kezdesti\n"
        "Memleket basshysy Qasym-Jomart Toqaev Ortalyq saılaý komıssııasynyń tóraǵasymen kezdesti. Kezdesýde "
        "referendýmǵa daıyndyq týraly aıtyldy, dep habarlaıdy Aqorda.\n"
    ),
    "kk_latn21": (
        " date 2026-03-12 Parlament Mäjilisi otyrysy\n"
        "Parlament Mäjilisiniñ otyrysynda depūtattar jaña zañ jobasyn qarady. Mäjilis Törağasy Erlan Qoşanov "
        "otyrysty aşty, dep habarlaidy Qazinform tilşisi.\n"
    ),
    "kk_arab": (
        " date 2026-03-13 اقوردادا كەزدەسۋ ٴوتتى\n"
        "مەملەكەت باسشىسى قاسىم-جومارت توقايەۆ ٴبىلىم جانە عىلىم مينيسترىمەن كەزدەستى. ۇلتتىق ۋنيۆەرسيتەتتەردىڭ "
        "جۇمىسى تۋرالى ايتىلدى، دەپ حابارلايدى اقوردانىڭ باسپاسوز قىزمەتى.\n"
    ),
    "en": (
        " date 2026-03-14 Kazakhstan prepares for constitutional referendums\n"
        "Kazakhstan is preparing for the referendum on the new Constitution, the Central Election Commission said "
        "on Monday. Observers from several countries will watch the vote, officials told reporters in Astana.\n"
    ),
    "ru": (
        " date 2026-03-15 Токаев встретился с председателем ЦИК\n"
        "Глава государства Касым-Жомарт Токаев встретился с председателем Центральной избирательной комиссии. "
        "Обсуждалась подготовка к республиканскому референдуму по новой Конституции.\n"
    ),
}


@pytest.fixture
def imported_scripts(tmp_path: Path) -> dict[str, int]:
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    call_command("import_articles", str(folder), "--no-progress", stdout=open("/dev/null", "w"))
    return {Path(origin).stem: pk for pk, origin in Article.objects.values_list("pk", "origin")}


def found(client, ids: dict[str, int], q: str) -> set[str]:
    response = client.get("/search/", {"q": q, "format": "json", "page_size": 50})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert not data["message"], data["message"]
    names = {pk: name for name, pk in ids.items()}
    return {names[item["id"]] for item in data["results"]}


def test_every_text_gets_its_language(imported_scripts):
    languages = dict(Article.objects.values_list("pk", "language"))
    assert {name: languages[pk] for name, pk in imported_scripts.items()} == {
        "kk_cyrl": "kk", "kk_latn": "kk", "kk_latn21": "kk", "kk_arab": "kk", "en": "en", "ru": "ru",
    }  # fmt: skip


@pytest.mark.parametrize("q", ["Тоқаев", "Токаев", "Toqaev", "Tokayev", "توقايەۆ"])
def test_the_president_is_found_in_every_script(client, imported_scripts, q):
    assert found(client, imported_scripts, q) >= {"kk_cyrl", "kk_latn", "kk_arab", "ru"}


@pytest.mark.parametrize("q", ["басшысы", "basshysy", "باسشىسى"])
def test_a_kazakh_word_is_found_in_every_script(client, imported_scripts, q):
    assert found(client, imported_scripts, q) == {"kk_cyrl", "kk_latn", "kk_arab"}


def test_kazakh_endings_are_stemmed_across_scripts(client, imported_scripts):
    # Cyrillic query, Latin (2018) text: комиссиясының ~ komıssııasynyń (the -ның and possessive -сы come off)
    assert "kk_latn" in found(client, imported_scripts, "комиссиясы")
    # Latin query, Cyrillic text: Konstitusianyñ ~ Конституцияның
    assert "kk_cyrl" in found(client, imported_scripts, "Konstitusianyñ")
    # Cyrillic query, Arabic text: ғылым ~ عىلىم; 2021 Latin text: Мәжілісінің ~ Mäjilisiniñ
    assert "kk_arab" in found(client, imported_scripts, "ғылым")
    assert "kk_latn21" in found(client, imported_scripts, "Мәжілісі")
    assert "kk_latn21" in found(client, imported_scripts, "Qoşanov")
    assert "kk_latn21" in found(client, imported_scripts, "Қошанов")


def test_an_english_article_is_found_by_other_word_forms(client, imported_scripts):
    assert "en" in found(client, imported_scripts, "referendums")
    assert "en" in found(client, imported_scripts, "constitution")
    assert "en" in found(client, imported_scripts, "constitutional")
    assert "en" in found(client, imported_scripts, "observer")
    assert "en" in found(client, imported_scripts, '"election commission"')


def test_english_words_keep_their_meaning(client, imported_scripts):
    # "preparing" is stemmed as English (prepar), not taken for Kazakh or Russian
    assert found(client, imported_scripts, "prepare") == {"en"}
    assert found(client, imported_scripts, "reporters") == {"en"}


def test_the_english_language_facet_has_an_english_label(client, imported_scripts):
    response = client.get("/search/", {"q": "referendum"})
    assert response.status_code == 200
    assert "English" in response.text


def test_snippets_mark_the_word_in_its_own_script(client, imported_scripts):
    response = client.get("/search/", {"q": "Тоқаев басшысы", "format": "json", "page_size": 50})
    snippets = {item["id"]: item["snippet"] for item in json.loads(response.content)["results"]}
    assert "<mark>Toqaev</mark>" in snippets[imported_scripts["kk_latn"]]
    assert "<mark>basshysy</mark>" in snippets[imported_scripts["kk_latn"]]
    assert "<mark>توقايەۆ</mark>" in snippets[imported_scripts["kk_arab"]]
    assert "<mark>باسشىسى</mark>" in snippets[imported_scripts["kk_arab"]]
    response = client.get("/search/", {"q": "referendums", "format": "json"})
    (item,) = json.loads(response.content)["results"]
    assert "<mark>referendum</mark>" in item["snippet"]


def test_pages_name_the_language_and_let_arabic_script_run_right_to_left(client, imported_scripts):
    response = client.get("/search/", {"q": "referendums"})
    assert "· English" in response.text
    article = Article.objects.get(pk=imported_scripts["kk_arab"])
    page = client.get(article.get_absolute_url()).text
    assert '<div class="body" dir="auto">' in page and "Қазақша" in page
