"""People in real-style texts (issue 10): Russian role + nominative name, lists after a role, English names,
caseless (Arabic-script Kazakh transliterated) text; and the development set's precision/recall kept."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive.ingest.extraction.data.latin_names import NOT_NAME_WORDS, ROLE_WORDS
from archive.ingest.extraction.entities import Extraction, extract_entities
from archive.text import name_key
from bench.people_dev import DEV, score

from .hypothesis_profiles import PROFILE


def names(extraction: Extraction) -> set[str]:
    return {p.name for p in extraction.people}


def roles(extraction: Extraction) -> dict[str, str]:
    return {p.name: p.role for p in extraction.people}


# --- the development sets ----------------------------------------------------------------------------------------
# Measured (bench/people_dev.py): precision 100% everywhere; recall ru 96.6% (Си Цзиньпин and «Урсула фон дер
# Ляйен» missed), kk 100% (97.8% lower-cased), en 100%; the fresh set 100%. The floors leave a small margin for a
# rule change that trades one name for another.


@pytest.mark.parametrize(("folder", "caseless"), [(DEV, False), (DEV / "fresh", False), (DEV, True)])
def test_the_development_sets_keep_their_precision_and_recall(folder, caseless):
    tallies = score(folder, caseless=caseless)
    for language in ("ru", "kk", "en"):
        tally = tallies[language]
        assert tally.recall >= 0.95, (language, tally.misses)
        assert tally.precision >= 0.95, (language, tally.false_hits)
    assert tallies["all"].recall >= 0.97 and tallies["all"].precision >= 0.97


# --- Russian ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Об этом сообщил государственный советник Ерлан Карин.", "Ерлан Карин", "советник"),
    ("Глава государства Касым-Жомарт Токаев подписал указ.", "Касым-Жомарт Токаев", "Глава государства"),
    ("Председатель ЦИК Нурлан Абдиров напомнил о сроках.", "Нурлан Абдиров", "председатель ЦИК"),
    ("На встрече была вице-министр юстиции Ботагоз Жакселекова.", "Ботагоз Жакселекова", "вице-министр юстиции"),
    # look-alike characters of web texts: a no-break space, a no-break hyphen
    ("Государственный советник Ерлан\u00a0Карин провел брифинг.", "Ерлан Карин", "советник"),
    ("Глава государства Касым\u2011Жомарт Токаев подписал указ.", "Касым-Жомарт Токаев", "Глава государства"),
])  # fmt: skip
def test_russian_role_and_a_name_in_the_nominative(text, name, role):
    extraction = extract_entities(text, language="ru")
    assert roles(extraction) == {name: role}


def test_a_russian_list_after_a_role_is_every_name_of_it():
    extraction = extract_entities(
        "Выступили депутаты Мажилиса Аида Балаева, Магеррам Магеррамов и Ерлан Саиров.", language="ru"
    )
    assert names(extraction) == {"Аида Балаева", "Магеррам Магеррамов", "Ерлан Саиров"}
    assert set(roles(extraction).values()) == {"депутат Мажилиса"}  # one person's role: singular
    # the list's case is the role's: «с депутатами … Магеррамом Магеррамовым» is put in the nominative
    extraction = extract_entities("Встреча с депутатами Аидой Балаевой и Магеррамом Магеррамовым.", language="ru")
    assert names(extraction) == {"Аида Балаева", "Магеррам Магеррамов"}


def test_a_list_without_a_role_needs_names_that_look_like_names():
    assert names(extract_entities("В Астане, Алматы и Шымкенте открылись участки.", language="ru")) == set()
    for text, language in (("Ерлан Карин, Мажилис и Сенат поддержали проект.", "ru"),
                           ("Проект поддержали Ерлан Карин, Нур Отан и Ак Жол.", "ru"),
                           ("Yerlan Karin, Nur Otan and Ak Zhol backed it.", "en")):
        assert len(extract_entities(text, language=language).people) == 1, text


def test_surname_before_initials_and_namesakes_after_initials():
    extraction = extract_entities("Как уточнил Карин Е., итоги объявят позже.", language="ru")
    assert names(extraction) == {"Е. Карин"}
    assert names(extract_entities("Ректор университета имени М. Ауэзова Жанар Темирбеков выступил.",
                                  language="ru")) == {"Жанар Темирбеков"}
    assert names(extract_entities("Доклад сделали в ЕНУ имени Л. Н. Гумилева.", language="ru")) == set()


def test_an_interviewer_addressing_by_name_and_patronymic_is_not_a_new_person():
    text = "Председатель Сената Маулен Ашимбаев ответил на вопросы.\n\n– Маулен Скакович, почему так?"
    assert names(extract_entities(text, language="ru")) == {"Маулен Ашимбаев"}


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("В состав комиссии вошли: Азимова Эльвира Абилхасановна – председатель Конституционного суда; Карин Ерлан "
     "Тынымбайулы – государственный советник; Жовтис Евгений Александрович – правозащитник.", "ru",
     {"Эльвира Азимова", "Ерлан Карин", "Евгений Жовтис"}),
    ("Указом Президента назначить Абдирова Нурлана Мажитовича председателем ЦИК.", "ru", {"Нурлан Абдиров"}),
    ("Комиссия құрамына Әзімова Эльвира Әбілхасанқызы, Қарин Ерлан Тынымбайұлы енді.", "kk",
     {"Эльвира Әзімова", "Ерлан Қарин"}),
])  # fmt: skip
def test_surname_first_with_a_patronymic_as_official_lists_write_names(text, language, expected):
    assert names(extract_entities(text, language=language)) == expected


def test_a_compound_role_word():
    extraction = extract_entities("Об этом сообщил пресс-секретарь Президента Руслан Желдибай.", language="ru")
    assert roles(extraction) == {"Руслан Желдибай": "пресс-секретарь Президента"}


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Президент Турции Реджеп Тайип Эрдоган позвонил главе государства.", "ru", {"Реджеп Тайип Эрдоган"}),
    ("Встреча с президентом Турции Реджепом Тайипом Эрдоганом прошла в Анкаре.", "ru", {"Реджеп Тайип Эрдоган"}),
    ("Түркия Президенті Режеп Тайып Ердоған Қазақстан басшысымен сөйлесті.", "kk", {"Режеп Тайып Ердоған"}),
    ("Мемлекет басшысы Қасым-Жомарт Кемелұлы Тоқаев сөз сөйледі.", "kk", {"Қасым-Жомарт Тоқаев"}),
])  # fmt: skip
def test_three_word_names(text, language, expected):
    assert names(extract_entities(text, language=language)) == expected


def test_initials_in_the_headline_of_someone_the_archive_knows():
    extraction = extract_entities("Мемлекет басшысы заңға қол қойды.", language="kk",
                                  title="ҚР Президенті Қ.Тоқаев Конституциялық заңға қол қойды",
                                  known_people={"Қасым-Жомарт Тоқаев"})
    assert names(extraction) == {"Қасым-Жомарт Тоқаев"}


@pytest.mark.parametrize(("text", "language"), [
    ("Студенты Назарбаев Университета провели дебаты. Урок прошел в Назарбаев Интеллектуальной школе.", "ru"),
    ("Встреча прошла в аэропорту имени Нурсултана Назарбаева и на проспекте Кунаева.", "ru"),
    ("Назарбаев Университетінің студенттері пікірталас өткізді.", "kk"),
    ("Students at Nazarbayev University debated the draft on Kunayev Street.", "en"),
])  # fmt: skip
def test_institutions_and_streets_named_after_a_known_person_are_not_him(text, language):
    known = {"Нурсултан Назарбаев", "Динмухамед Кунаев"}
    assert names(extract_entities(text, language=language, known_people=known)) == set()


def test_an_english_title_with_a_ministry_in_it():
    extraction = extract_entities("Vice Minister of Foreign Affairs Roman Vassilenko told reporters.", language="en")
    assert roles(extraction) == {"Roman Vassilenko": "Vice Minister of Foreign Affairs"}


def test_a_byline_with_a_credit_word():
    extraction = extract_entities("Текст интервью.", language="ru", byline="Беседовал Арман Сагындыков.")
    assert names(extraction) == {"Арман Сагындыков"}


# --- Kazakh -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Отырысқа депутаттары Снежанна Имашева, Еркін Әбіл, Айдарбек Қожаназаров қатысты.",
    "Мәжіліс депутаттары Снежанна Имашева, Еркін Әбіл және Айдарбек Қожаназаров сөз сөйледі.",
])  # fmt: skip
def test_a_kazakh_list_after_a_plural_role(text):
    assert names(extract_entities(text, language="kk")) == {"Снежанна Имашева", "Еркін Әбіл", "Айдарбек Қожаназаров"}


def test_a_kazakh_pair_joined_by_pen():
    text = "Сенат депутаттары Нұртөре Жүсіп пен Бекбол Орынбеков тұрғындармен кездесті."
    assert names(extract_entities(text, language="kk")) == {"Нұртөре Жүсіп", "Бекбол Орынбеков"}


def test_caseless_kazakh_as_arabic_script_reads_once_transliterated():
    text = ("мемлекет басшысы қасым-жомарт тоқаев жарлыққа қол қойды. мемлекеттік кеңесші ерлән қарин брифинг "
            "өткізді. мәжіліс депутаттары снежанна имашева, еркін әбіл, айдар қожаназаров сөз сөйледі. "
            "тоқаевтың айтуынша, реформа маңызды. астана қаласында жиын өтті. арман жиын туралы айтты.")
    extraction = extract_entities(text, language="kk")
    assert names(extraction) == {"Қасым-Жомарт Тоқаев", "Ерлән Қарин", "Снежанна Имашева", "Еркін Әбіл",
                                 "Айдар Қожаназаров"}
    tokayev = next(p for p in extraction.people if p.name == "Қасым-Жомарт Тоқаев")
    assert tokayev.surfaces == ("қасым-жомарт тоқаев", "тоқаевтың") and tokayev.role == "мемлекет басшысы"
    assert name_key("Ерлән Қарин") == name_key("Ерлан Карин")  # the transliteration's ә still finds him
    # a first name not in the lists, after a role and before a surname's end
    text = "қырғызстан президенті садыр жапаров мемлекет басшысын құттықтады. бұл туралы ақорда хабарлады."
    assert names(extract_entities(text, language="kk")) == {"Садыр Жапаров"}


# --- English and Latin script ---------------------------------------------------------------------------------------


def test_english_names_titles_and_lone_surnames():
    text = ("Kazakh President Kassym-Jomart Tokayev on Tuesday signed the decree, the Akorda said. Tokayev's "
            "decree calls a referendum on the New Constitution in March.\n\nChairman of the Constitutional Court "
            "Elvira Azimova said the draft complies with international law. State Counselor Yerlan Karin told "
            "reporters in Astana that the Central Election Commission was ready. Mr Karin added that the Supreme "
            "Court agreed.")
    extraction = extract_entities(text, language="en")
    assert roles(extraction) == {
        "Kassym-Jomart Tokayev": "Kazakh President",
        "Elvira Azimova": "Chairman of the Constitutional Court",
        "Yerlan Karin": "State Counselor",
    }
    karin = next(p for p in extraction.people if p.name == "Yerlan Karin")
    assert karin.surfaces == ("Yerlan Karin", "Karin")
    tokayev = next(p for p in extraction.people if p.name == "Kassym-Jomart Tokayev")
    assert tokayev.surfaces == ("Kassym-Jomart Tokayev", "Tokayev")  # «Tokayev's» without the possessive


def test_english_names_share_the_keys_of_their_cyrillic_spellings():
    for english, cyrillic in (
        ("Kassym-Jomart Tokayev", "Қасым-Жомарт Тоқаев"), ("Maulen Ashimbayev", "Маулен Ашимбаев"),
        ("Yerlan Karin", "Ерлан Карин"), ("Elvira Azimova", "Эльвира Азимова"),
    ):  # fmt: skip
        assert name_key(english) == name_key(cyrillic)


def test_an_english_lone_surname_of_someone_the_archive_knows():
    extraction = extract_entities("The call with President Tokayev lasted an hour, the Akorda said.",
                                  language="en", known_people={"Касым-Жомарт Токаев", "Маулен Ашимбаев"})
    assert names(extraction) == {"Касым-Жомарт Токаев"}


def test_an_english_list_and_speech_verbs():
    text = ("Mazhilis deputies Aida Balayeva, Magerram Magerramov and Yerlan Sairov urged more hearings. "
            "Marat Shibutov, an Almaty-based political scientist, was optimistic. Analyst Dosym Satpayev said it "
            "was a serious step.")
    assert names(extract_entities(text, language="en")) == {
        "Aida Balayeva", "Magerram Magerramov", "Yerlan Sairov", "Marat Shibutov", "Dosym Satpayev",
    }  # fmt: skip


@pytest.mark.parametrize("text", [
    "The Constitutional Court said on Tuesday that the New Constitution complies with international law. The "
    "Central Election Commission and the Supreme Court agreed. Reuters reported from Astana.",
    "Kazakhstan will hold a referendum in March. Akorda said the New Year holidays delayed hearings. Human Rights "
    "Watch criticised the draft. Amnesty International welcomed it.",
    "Photo: Akorda press service. Source: Kazinform. Interfax-Kazakhstan reported. The Astana International "
    "Financial Centre and the Eurasian Economic Union were mentioned. Kazakhstanskaya Pravda published the text.",
    "Kazakhstan's Constitution Day falls on August 30. Independence Day is in December. Nauryz is celebrated in "
    "March at Nazarbayev University.",
])  # fmt: skip
def test_english_institutions_places_and_dates_are_not_people(text):
    assert names(extract_entities(text, language="en")) == set()


def test_english_names_of_three_words_and_institutions_named_after_people():
    text = ("Turkish President Recep Tayyip Erdogan welcomed the reform. European Commission President Ursula von der "
            "Leyen said it was important. Students of Nazarbayev University asked questions.")
    extraction = extract_entities(text, language="en", known_people={"Нурсултан Назарбаев"})
    assert roles(extraction) == {"Recep Tayyip Erdogan": "Turkish President",
                                 "Ursula von der Leyen": "European Commission President"}


def test_an_english_byline():
    text = "By Joanna Lillis\n\nALMATY – Voters approved the new constitution."
    assert names(extract_entities(text, language="en")) == {"Joanna Lillis"}
    assert names(extract_entities("Text.", language="en", byline="By Aigerim Nurlanova")) == {"Aigerim Nurlanova"}
    assert names(extract_entities("Text.", language="en", byline="Astana Times")) == set()


def test_kazakh_in_the_latin_alphabet_that_was_not_transliterated():
    text = ("Qasym-Jomart Toqaev Jaña Konstitusiia turaly jarlyqqa qol qoidy. Memlekettik keñesşı Erlan Qarin "
            "brifing ötkızdı.")
    assert names(extract_entities(text, language="kk")) == {"Qasym-Jomart Toqaev", "Erlan Qarin"}


_CAPITALISED_NOT_NAMES = sorted(w.capitalize() for w in NOT_NAME_WORDS | ROLE_WORDS)


@settings(settings.get_profile(PROFILE))
@given(words=st.lists(st.sampled_from(_CAPITALISED_NOT_NAMES), min_size=2, max_size=12),
       verb=st.sampled_from(["said", "told reporters", "noted", "announced on Monday"]))
@example(words=["Activist", "People's", "People's"], verb="said")  # found by CI: «People People» came out
def test_capitalised_institution_and_title_words_never_make_a_person(words, verb):
    """However institutions, titles, places, months and sentence-opening words are strung together before a speech
    verb, no person comes out of them."""
    text = f"{' '.join(words)} {verb}. {words[-1]} {words[0]} were there."
    assert names(extract_entities(text, language="en")) == set()


_WORDS = st.sampled_from([
    "Ерлан", "Карин", "Е.", "Карин Е.", "депутаттары", "депутаты", "и", "және", "пен", ",", "Yerlan", "Karin", "said",
    "President", "Mr", "and", "Tokayev's", "қасым-жомарт", "тоқаев", "ерлан", "қарин", "Абдиров", "Нурлан",
    "Мажитович", "Тынымбайұлы", "имени", "М.", "–", "\u00a0", "\u2011", "Court", "Astana", "«", "»", "\n",
])


@settings(settings.get_profile(PROFILE))
@given(words=st.lists(_WORDS, max_size=30), language=st.sampled_from(["ru", "kk", "en", "mixed"]),
       lower=st.booleans())
def test_any_mix_of_name_words_gives_people_whose_surfaces_are_where_they_say(words, language, lower):
    body = " ".join(words)
    body = body.lower() if lower else body
    for person in extract_entities(body, language=language).people:
        assert person.name.strip() and len(person.name.split()) >= 2
        if person.start >= 0:
            assert body[person.start : person.start + len(person.surface)] == person.surface
