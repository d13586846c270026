"""Importing the seeds links one record per person, organisation and event, across scripts and cases."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command

from archive import search
from archive.models import Event, ExtractionStatus, Organisation, Person, PersonMention, Quote

from .conftest import seed_path, seed_prefixes

pytestmark = pytest.mark.usefixtures("imported_seeds")

EXPECTED_PEOPLE = {
    "Вера Ким", "Тимур Джумурбаев", "Абылайхан Әбдіраш", "Гүлжанар Шөкеева", "Дарина Телагисова", "Галина Каренский",
    "Дархан Жазықбай", "Марат Башимов", "Серик Акылбай", "Алуа Жолдыбалина", "Табигат Зейнулкабден",
    "Маулен Ашимбаев", "Роман Василенко", "Георги Готев",
}


def person(name: str) -> Person:
    return Person.objects.matching(name)


def test_the_seeds_name_exactly_these_people():
    names = set(Person.objects.values_list("name", flat=True))
    tokayev = person("Токаев")
    assert tokayev is not None and tokayev.name in {"Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"}
    assert names - {tokayev.name} == EXPECTED_PEOPLE


def test_tokayev_is_one_person_in_both_languages_with_every_spelling_kept():
    tokayev = person("Tokayev")
    assert tokayev == person("Қасым-Жомарт Тоқаев") == person("Касым-Жомарта Токаева")
    assert seed_prefixes(tokayev.mentions.values_list("article_id", flat=True)) == {"003", "004"}
    aliases = set(tokayev.aliases.values_list("name", flat=True))
    assert {"Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"} <= aliases


def test_initials_resolve_to_the_full_name_and_are_kept_as_an_alias():
    vasilenko = person("Роман Василенко")
    assert PersonMention.objects.filter(person=vasilenko).count() == 1
    assert any(alias.startswith("Р.") for alias in vasilenko.aliases.values_list("name", flat=True))


@pytest.mark.parametrize(("speaker", "opening", "seed"), [
    ("Вера Ким", "Конституция формируется в диалоге с обществом", "000"),
    ("Тимур Джумурбаев", "Для молодежи Казахстана", "000"),
    ("Марат Башимов", "В Конституции закреплены принципы", "002"),
    ("Алуа Жолдыбалина", "Процесс, начавшийся", "002"),
])
def test_quotes_are_attributed(speaker, opening, seed):
    quote = Quote.objects.get(text__startswith=opening)
    assert quote.speaker == person(speaker)
    assert seed_prefixes([quote.article_id]) == {seed}


def test_ashimbayev_has_three_quotes_and_telagisova_one():
    assert Quote.objects.filter(speaker=person("Маулен Ашимбаев")).count() >= 3
    assert Quote.objects.filter(speaker=person("Дарина Телагисова")).exists()


def test_the_referendum_is_one_event_for_both_languages():
    referendum = Event.objects.get(key="referendum-2026-03-15")
    assert str(referendum.starts_on) == "2026-03-15"
    assert seed_prefixes(referendum.articles.values_list("pk", flat=True)) >= {"003", "004"}


def test_organisations_with_abbreviations():
    for name in ["Союз юристов Казахстана", "AMANAT", "НАТО", "Shanyraq Dialogues"]:
        assert Organisation.objects.matching(name) is not None, name
    agency = Organisation.objects.matching("АДГС")
    assert agency is not None and agency.name == "Агентство по делам государственной службы"


def test_the_person_facet_and_prefix_work_across_languages():
    tokayev = person("Tokayev")
    page = search.search(search.SearchRequest(filters={"person": (tokayev.slug,)}))
    assert seed_prefixes(h.article_id for h in page.hits) == {"003", "004"}
    assert {v.value: v.count for v in page.facets["person"]}[tokayev.slug] == 2
    for query in ["person:Токаев", "person:Тоқаев", "person:Tokayev"]:
        found = search.search(search.SearchRequest(q=query))
        assert seed_prefixes(h.article_id for h in found.hits) == {"003", "004"}, query


def test_reimporting_a_changed_text_keeps_editors_decisions(tmp_path):
    copy = tmp_path / seed_path("000").name
    shutil.copy(seed_path("000"), copy)
    kim = PersonMention.objects.get(person=person("Вера Ким"))
    kim.status = ExtractionStatus.APPROVED
    kim.save()
    rejected = PersonMention.objects.get(person=person("Тимур Джумурбаев"))
    rejected.status = ExtractionStatus.REJECTED
    rejected.save()
    copy.write_text(copy.read_text(encoding="utf-8") + "\n\nРедакция дополнила материал.", encoding="utf-8")
    call_command("import_articles", str(copy), "--no-progress", stdout=io.StringIO())
    assert PersonMention.objects.get(pk=kim.pk).status == ExtractionStatus.APPROVED
    mentions = PersonMention.objects.filter(person=person("Тимур Джумурбаев"), article=kim.article)
    assert list(mentions.values_list("status", flat=True)) == [ExtractionStatus.REJECTED]
    assert Person.objects.filter(name="Вера Ким").count() == 1


def test_relink_extracts_again_for_unchanged_texts(seeds_dir):
    Person.objects.all().delete()  # as if stored before the extractor existed
    out = io.StringIO()
    call_command("import_articles", str(seeds_dir), "--no-progress", stdout=out)
    assert "unchanged 5" in out.getvalue() and not Person.objects.exists()
    call_command("import_articles", str(seeds_dir), "--relink", "--no-progress", stdout=io.StringIO())
    assert Person.objects.matching("Tokayev") is not None
    assert Person.objects.count() == len(EXPECTED_PEOPLE) + 1
