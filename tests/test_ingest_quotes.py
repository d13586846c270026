"""Quotes and their speakers, in the seeds and in the forms the Russian and Kazakh press use (pure: no database)."""

from __future__ import annotations

from functools import cache

import pytest

from archive.ingest.extraction.entities import Extraction, QuoteCandidate, extract_entities
from archive.ingest.reading.parser import parse_raw
from archive.ingest.reading.reader import read_text_file

from .conftest import seed_path


@cache
def seed(prefix: str) -> tuple:
    parsed = parse_raw(read_text_file(seed_path(prefix)))
    return parsed, extract_entities(parsed.body, language=parsed.language, title=parsed.title,
                                    byline=parsed.byline, published_on=parsed.published_on)


def quote_starting(extraction: Extraction, opening: str) -> QuoteCandidate:
    (found,) = [q for q in extraction.quotes if q.text.startswith(opening)]
    return found


def said(extraction: Extraction) -> list[tuple[str, str]]:
    return [(q.speaker, " ".join(q.text.split()[:3])) for q in extraction.quotes]


@pytest.mark.parametrize(("prefix", "opening", "speaker"), [
    ("000", "Конституция формируется в диалоге с обществом", "Вера Ким"),
    ("000", "Это переход к модели", "Вера Ким"),  # «…», — подчеркнула она
    ("000", "Для молодежи Казахстана", "Тимур Джумурбаев"),
    ("000", "Эффективность проекта", "Абылайхан Әбдіраш"),  # «…», — добавил он
    ("001", "Жаңа Конституцияның жобасы азаматтардың", "Дарина Телагисова"),  # – …, - деп түйіндеді … Телагисова
    ("001", "кездесудің мақсаты", "Гүлжанар Шөкеева"),  # Гүлжанар Шөкееваның айтуынша, …
    ("002", "В Конституции закреплены принципы", "Марат Башимов"),  # «…», – отметил депутат
    ("002", "Процесс, начавшийся", "Алуа Жолдыбалина"),  # «…», – подчеркнула она
    ("003", "По инициативе Президента страны", "Маулен Ашимбаев"),  # – …, – отметил спикер Сената
    ("003", "Проект новой Конституции – это осознанный", "Маулен Ашимбаев"),  # – …, – акцентировал председатель
    ("003", "Проект новой Конституции закладывает", "Маулен Ашимбаев"),  # – …, – заключил председатель Сената
    ("004", "бұл өзгерістер", "Роман Василенко"),  # Оның айтуынша: the subject of the sentence before
])  # fmt: skip
def test_seed_quotes_are_attributed(prefix, opening, speaker):
    assert quote_starting(seed(prefix)[1], opening).speaker == speaker


def test_ashimbayev_has_his_three_dash_quotes():
    quotes = [q for q in seed("003")[1].quotes if q.speaker == "Маулен Ашимбаев"]
    assert len(quotes) == 3
    assert all(not q.text.startswith(("–", "-", "—")) and not q.text.endswith(",") for q in quotes)


def test_quote_text_has_no_marks_and_its_offset_points_at_it():
    for prefix in ("000", "001", "002", "003", "004"):
        parsed, extraction = seed(prefix)
        for quote in extraction.quotes:
            assert not quote.text.startswith(("«", '"', "–", "—", "-")), quote.text
            assert parsed.body[quote.start :].startswith(quote.text.split()[0]), quote.text


def test_group_opinions_and_paraphrases_are_not_quotes():
    texts = [seed(prefix)[1] for prefix in ("000", "001", "002", "003")]
    all_quotes = [q.text for extraction in texts for q in extraction.quotes]
    assert not any(text.startswith("конституционная реформа не только") for text in all_quotes)  # по мнению участников
    assert not any("ҚР Конституциясының жаңа редакциясы" in text for text in all_quotes)  # Олардың пікірінше
    assert not any(text.startswith("закрепление принципов созидательного") for text in all_quotes)  # отметил, что


# --- forms ---------------------------------------------------------------------------------------------------------


def test_pronoun_takes_the_gender_of_the_verb():
    extraction = extract_entities(
        "Депутат Асель Нурова и министр Ерлан Сапаров выступили. «Мы поддерживаем каждый пункт проекта», — "
        "подчеркнула она. «Закон будет принят вовремя и без спешки», — добавил он.",
        language="ru",
    )
    assert said(extraction) == [("Асель Нурова", "Мы поддерживаем каждый"), ("Ерлан Сапаров", "Закон будет принят")]


def test_colon_introduces_a_quote():
    extraction = extract_entities(
        "Директор института Ирина Соколова отметила: «Мы проанализировали все проектные нормы».", language="ru"
    )
    assert said(extraction) == [("Ирина Соколова", "Мы проанализировали все")]


def test_a_dash_paragraph_continues_after_the_attribution():
    extraction = extract_entities(
        "Сенатор Нурлан Бекмуратов встретился с жителями.\n\n"
        "– Конституция закрепляет права человека, – сказал сенатор. – Это понятные гарантии для всех.",
        language="ru",
    )
    (quote,) = extraction.quotes
    assert quote.speaker == "Нурлан Бекмуратов"
    assert quote.text == "Конституция закрепляет права человека. Это понятные гарантии для всех."


def test_a_title_resolves_to_the_person_with_that_role():
    extraction = extract_entities(
        "Аким города Габит Сыздыкбеков и депутат Мажилиса Асель Нурова ответили на вопросы. "
        "«Каждый житель получит ответ на свой вопрос», – заявил аким.",
        language="ru",
    )
    assert said(extraction) == [("Габит Сыздыкбеков", "Каждый житель получит")]


def test_reported_speech_by_title_in_russian():
    extraction = extract_entities(
        "В мероприятии принял участие аким города Габит Сыздыкбеков.\n\n"
        "По словам акима, в городе работают 12 информационных групп.",
        language="ru",
    )
    assert said(extraction) == [("Габит Сыздыкбеков", "в городе работают")]


def test_kazakh_quote_with_an_inner_dash_is_not_cut():
    extraction = extract_entities(
        "Астанада Сенат депутаты Ахмет Мұратұлы жастармен кездесті.\n"
        "– Жаңа Конституция – жастарға арналған Конституция. Онда құқықтар бекітілген, – деп атап өтті Ахмет "
        "Мұратұлы.",
        language="kk",
    )
    (quote,) = extraction.quotes
    assert quote.speaker == "Ахмет Мұратұлы"
    assert quote.text == "Жаңа Конституция – жастарға арналған Конституция. Онда құқықтар бекітілген"


def test_kazakh_title_and_pronoun_attributions():
    extraction = extract_entities(
        "Анкара университетінің профессоры Мехмет Йылмаз сөз сөйледі.\n"
        "«Қазақстанның тәжірибесі өңірдегі елдер үшін үлгі», – деп атап өтті түрік сарапшысы.\n"
        "Жастар орталығының директоры Дина Жұмабаева да сөйледі.\n"
        "«Жастар енді шешім қабылдауға қатысады», – деді ол.",
        language="kk",
    )
    assert said(extraction) == [("Мехмет Йылмаз", "Қазақстанның тәжірибесі өңірдегі"),
                                ("Дина Жұмабаева", "Жастар енді шешім")]


def test_unresolved_speaker_is_empty_not_invented():
    extraction = extract_entities("«Проект будет доработан с учетом предложений», — сказал он.", language="ru")
    assert said(extraction) == [("", "Проект будет доработан")]
