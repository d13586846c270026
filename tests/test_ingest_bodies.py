"""One organisation and one event in both languages: the reform's bodies and the referendum, named in Russian,
Kazakh or English, are one record each, with the other names as aliases; events keep a title in each language."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from archive.ingest.extraction.bodies import canonical
from archive.ingest.extraction.data.bodies import BODIES
from archive.ingest.extraction.entities import extract_entities
from archive.models import Article, Event, Organisation, OrganisationMention

from .conftest import seed_prefixes

RU_TEXT = (
    "16.03.2026\n\nКонституционная комиссия завершила работу\n\n"
    "Конституционная комиссия завершила работу над проектом новой Конституции. Председатель Конституционной "
    "комиссии Эльвира Азимова сообщила, что Центральная избирательная комиссия (ЦИК) готовится к республиканскому "
    "референдуму 15 марта 2026 года. Проект обсудили депутаты Мажилиса и Сената, а также судьи Конституционного суда.\n"
)

KK_TEXT = (
    "16.03.2026\n\nКонституциялық комиссия жұмысын аяқтады\n\n"
    "Конституциялық комиссия жаңа Конституция жобасы бойынша жұмысын аяқтады. Конституциялық комиссияның төрағасы "
    "Эльвира Азимова Орталық сайлау комиссиясы (ОСК) 2026 жылғы 15 наурыздағы республикалық референдумға "
    "дайындалып жатқанын айтты. Жобаны Мәжіліс пен Сенат депутаттары, Конституциялық сот судьялары талқылады.\n"
)

BODY_NAMES = {"Конституционная комиссия", "Центральная избирательная комиссия", "Мажилис", "Сенат",
              "Конституционный суд"}  # fmt: skip


def organisations(text: str, language: str) -> dict[str, object]:
    return {o.name: o for o in extract_entities(text, language=language).organisations}


# --- extraction (pure) ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "language"), [(RU_TEXT, "ru"), (KK_TEXT, "kk")])
def test_each_language_names_the_bodies_by_their_one_record_name(text, language):
    found = organisations(text, language)
    assert BODY_NAMES <= found.keys()
    assert not any("Азимова" in name or " и " in name for name in found)  # no person or «Мажилис и Сената»
    assert found["Центральная избирательная комиссия"].abbreviation == "ЦИК"
    assert "Орталық сайлау комиссиясы" in found["Центральная избирательная комиссия"].aliases


def test_english_names_and_abbreviations_are_the_same_bodies():
    text = ("The Constitutional Commission handed the draft to the Central Election Commission (CEC). "
            "The Senate and the Mazhilis will vote; the Constitutional Court reviewed it.")
    assert BODY_NAMES <= organisations(text, "en").keys()


def test_common_nouns_and_senators_are_not_bodies():
    found = organisations("Сенаторы обсудили, как правительство страны и парламентские партии работают.", "ru")
    assert not {"Сенат", "Правительство", "Парламент"} & found.keys()


def test_a_longer_name_around_a_body_is_its_own_organisation():
    found = organisations("Түркия Ұлы Ұлттық Мәжілісінің депутаттары келді.", "kk")
    assert "Мажилис" not in found


def test_every_name_of_a_body_leads_back_to_it():
    for body in BODIES:
        for name in body.names:
            assert canonical(name) is body, name
            assert canonical(name.upper()) is body, name
    assert canonical("Мажилис Парламента Республики Казахстан") is canonical("Мәжіліс")
    assert canonical("Министерство юстиции") is None


def test_the_referendum_has_both_titles_whichever_language_names_it():
    for text, language in ((RU_TEXT, "ru"), (KK_TEXT, "kk")):
        (event,) = [e for e in extract_entities(text, language=language).events if e.kind == "referendum"]
        assert event.title_ru == "Республиканский референдум 15 марта 2026 года"
        assert event.title_kk == "2026 жылғы 15 наурыздағы республикалық референдум"


# --- through the import -----------------------------------------------------------------------------------------------


def import_texts(root, texts: dict[str, str]) -> None:
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
        call_command("import_articles", str(root / name), "--no-progress", stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("order", [("ru.txt", "kk.txt"), ("kk.txt", "ru.txt")])
def test_a_russian_and_a_kazakh_text_link_to_one_record_per_body_and_one_event(tmp_path, order):
    texts = {"ru.txt": RU_TEXT, "kk.txt": KK_TEXT}
    import_texts(tmp_path, {name: texts[name] for name in order})  # one import run after the other
    ru, kk = Article.objects.get(language="ru"), Article.objects.get(language="kk")

    commission = Organisation.objects.get(name="Конституционная комиссия")
    assert "Конституциялық комиссия" in set(commission.aliases.values_list("name", flat=True))
    assert set(commission.mentions.values_list("article", flat=True)) == {ru.pk, kk.pk}
    for name in BODY_NAMES:
        organisation = Organisation.objects.get(name=name)  # exactly one each
        assert set(organisation.mentions.values_list("article", flat=True)) == {ru.pk, kk.pk}, name
    cec = Organisation.objects.get(name="Центральная избирательная комиссия")
    assert cec.abbreviation == "ЦИК"
    assert {"ЦИК", "ОСК", "Орталық сайлау комиссиясы", "Central Election Commission"} <= set(
        cec.aliases.values_list("name", flat=True)
    )
    assert Organisation.objects.matching("Мәжіліс") == Organisation.objects.get(name="Мажилис")
    assert Organisation.objects.matching("Конституциялық сот").name == "Конституционный суд"

    referendum = Event.objects.get(key="referendum-2026-03-15")
    assert referendum.title_ru == "Республиканский референдум 15 марта 2026 года"
    assert referendum.title_kk == "2026 жылғы 15 наурыздағы республикалық референдум"
    assert set(referendum.articles.values_list("pk", flat=True)) == {ru.pk, kk.pk}


@pytest.mark.django_db
def test_a_record_made_earlier_under_the_kazakh_name_is_the_one_linked(tmp_path):
    earlier = Organisation.objects.create(name="Конституциялық комиссия", slug="konstitutsiialyq-komissiia")
    earlier.add_alias("Конституциялық комиссия")
    import_texts(tmp_path, {"ru.txt": RU_TEXT})
    assert not Organisation.objects.filter(name="Конституционная комиссия").exists()
    assert OrganisationMention.objects.filter(organisation=earlier, article__language="ru").exists()
    assert "Конституционная комиссия" in set(earlier.aliases.values_list("name", flat=True))


@pytest.mark.django_db
def test_an_event_made_in_one_language_gets_its_title_in_the_other_on_a_later_import(tmp_path):
    event = Event.objects.create(key="referendum-2026-03-15", title="Референдум", title_ru="Референдум (редактор)")
    import_texts(tmp_path, {"kk.txt": KK_TEXT})
    event.refresh_from_db()
    assert event.title_ru == "Референдум (редактор)"  # an editor's title stays
    assert event.title_kk == "2026 жылғы 15 наурыздағы республикалық референдум"


@pytest.mark.django_db
def test_event_pages_show_the_title_in_both_languages(client, tmp_path):
    import_texts(tmp_path, {"ru.txt": RU_TEXT, "kk.txt": KK_TEXT})
    referendum = Event.objects.get(key="referendum-2026-03-15")
    page = client.get(referendum.get_absolute_url()).content.decode()
    assert '<span lang="ru">Республиканский референдум 15 марта 2026 года</span>' in page
    assert '<small lang="kk">2026 жылғы 15 наурыздағы республикалық референдум</small>' in page
    listing = client.get("/events/").content.decode()
    assert '<span lang="kk">2026 жылғы 15 наурыздағы республикалық референдум</span>' in listing
    kk_page = client.get(Article.objects.get(language="kk").get_absolute_url()).content.decode()
    assert '<span lang="kk">2026 жылғы 15 наурыздағы республикалық референдум</span>' in kk_page


def test_the_seeds_name_the_constitutional_commission_once_in_both_languages(imported_seeds):
    commission = Organisation.objects.get(name="Конституционная комиссия")
    assert seed_prefixes(commission.mentions.values_list("article", flat=True)) == {"000", "002", "004"}  # 004: kk
    assert not Organisation.objects.filter(name="Конституциялық комиссия").exists()
    for name in ("Сенат", "Мажилис", "Парламент", "Агентство по делам государственной службы", "AMANAT", "НАТО",
                 "Қазақстан Республикасы Сыртқы істер министрлігі"):
        assert Organisation.objects.filter(name=name).count() == 1, name
    referendum = Event.objects.get(key="referendum-2026-03-15")
    assert referendum.title_ru and referendum.title_kk


@pytest.mark.django_db
def test_bodies_whose_names_end_alike_stay_apart(tmp_path):
    import_texts(tmp_path, {
        "a.txt": "16.03.2026\n\nНациональный курултай\n\nЗаседание Национального курултая прошло в Туркестане.\n",
        "b.txt": "17.03.2026\n\nКурултай\n\nНовая Конституция вводит однопалатный Курултай вместо Парламента. "
                 "Депутаты Мажилиса Парламента обсудили проект.\n",
    })  # fmt: skip
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {"Национальный курултай", "Курултай", "Парламент", "Мажилис"} <= names


@pytest.mark.parametrize(
    "text",
    ["Kazakhstan held a referendum on March 15, 2026 on the new constitution.",
     "Voters backed the new constitution in the 15 March referendum."],
)  # fmt: skip
def test_an_english_text_names_the_same_referendum(text):
    events = extract_entities(text, language="en", published_on=dt.date(2026, 3, 16)).events
    assert [e.key for e in events if e.kind == "referendum"] == ["referendum-2026-03-15"]


@pytest.mark.django_db
def test_a_body_named_in_one_language_is_found_by_its_name_in_the_others(tmp_path):
    from archive.search import SearchRequest, search

    import_texts(tmp_path, {"ru.txt": RU_TEXT})
    ru = Article.objects.get()
    for query in ('org:"Орталық сайлау комиссиясы"', "org:ОСК", 'org:"Central Election Commission"',
                  'org:"Конституциялық сот"', "org:Mazhilis"):
        page = search(SearchRequest(q=query))
        assert [hit.article_id for hit in page.hits] == [ru.pk], query
