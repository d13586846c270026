"""Parsing news texts into clean fields: the five seeds exactly, and every other form we know."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.ingest import UnreadableText, parse_text
from archive.ingest.reading.parser import parse_raw
from archive.ingest.reading.reader import read_text_file

from .conftest import seed_path


def parse_seed(prefix: str):
    return parse_raw(read_text_file(seed_path(prefix)))


def parse_fixture(texts_dir, name: str):
    return parse_raw(read_text_file(texts_dir / name))


def test_seed_000_russian_round_table_with_photo_credit_and_no_headline():
    article = parse_seed("000")
    assert article.language == "ru"
    assert article.published_on == dt.date(2026, 2, 9)
    assert article.photo_credit == "Фото предоставлено организаторами"
    assert article.title_derived is True
    assert article.title.startswith("Участие приняли представители")
    assert article.needs_review
    assert "Фото предоставлено" not in article.body
    assert article.body.startswith("Участие приняли")


def test_seed_001_kazakh_with_dateline_counter_captions_byline_and_footer():
    article = parse_seed("001")
    assert article.language == "kk"
    assert (article.published_on, article.published_time) == (dt.date(2026, 2, 13), dt.time(15, 45))
    assert article.title == "Жаңа Конституция – қоғамға серпін"
    assert article.title_derived is False
    assert article.byline == "Галина Каренский"
    assert article.read_count == 22
    assert len(article.captions) == 3
    assert article.footer.startswith("Узнайте первым")
    for leftover in ["Узнайте", "Instagram", "WhatsApp Image", "Оқылды", "Галина Каренский", "15:45"]:
        assert leftover not in article.body
    assert article.body.rstrip().endswith("Дарина Телагисова.")
    assert not article.needs_review


def test_seed_002_has_no_date_and_names_its_source():
    article = parse_seed("002")
    assert article.language == "ru"
    assert article.published_on is None
    assert article.needs_review
    assert "no publication date found" in article.review_reasons
    assert article.source == "Kazpravda.kz"
    assert article.photo_credit == "АДГС РК"
    assert "Фото: АДГС РК" not in article.body


def test_seed_003_senate_press_service_credit():
    article = parse_seed("003")
    assert (article.language, article.published_on) == ("ru", dt.date(2026, 2, 14))
    assert article.photo_credit == "пресс-служба Сената Парламента РК"
    assert article.title_derived


def test_seed_004_headline_on_the_date_line():
    article = parse_seed("004")
    assert (article.language, article.published_on) == ("kk", dt.date(2026, 3, 6))
    assert article.title == (
        "Брюссельде Қазақстанның жаңа Конституциясының жобасы таныстырылып, "
        '"Shanyraq Dialogues" диалогтық платформасы іске қосылды'
    )
    assert not article.title_derived
    assert article.body.startswith("Еуропалық Одақ астанасындағы")


def test_the_raw_text_is_kept_exactly_and_the_checksum_is_stable():
    text = seed_path("001").read_text(encoding="utf-8")
    article = parse_text(text, origin="x.txt")
    assert article.raw_text == text
    assert article.checksum == parse_text(text, origin="other.txt").checksum


@pytest.mark.parametrize(
    ("name", "date", "time", "title"),
    [
        ("dateline_time_first.txt", dt.date(2026, 2, 13), dt.time(6, 4), "Конституционная комиссия завершила работу"),
        ("month_words_ru.txt", dt.date(2026, 3, 16), None, "Итоги референдума"),
        ("month_words_kk.txt", dt.date(2026, 3, 15), None, "Референдум өтті"),
        ("windows1251.txt", dt.date(2026, 1, 31), None, "Заседание Конституционной комиссии"),
        ("utf8_bom.txt", dt.date(2026, 2, 13), dt.time(10, 0), "Проект опубликован"),
    ],
)
def test_header_forms(texts_dir, name, date, time, title):
    article = parse_fixture(texts_dir, name)
    assert (article.published_on, article.published_time, article.title) == (date, time, title)
    assert not article.needs_review


def test_an_author_line_becomes_the_byline(texts_dir):
    article = parse_fixture(texts_dir, "month_words_ru.txt")
    assert article.byline == "Айгерим Сапарова"
    assert "Автор" not in article.body


def test_an_agency_dateline_gives_date_source_and_a_clean_first_paragraph(texts_dir):
    article = parse_fixture(texts_dir, "interfax_ru.txt")
    assert article.published_on == dt.date(2026, 2, 11)
    assert article.source == "Interfax"  # INTERFAX.RU, interfax.kz …: one outlet (reading.outlets)
    assert article.body.startswith("Референдум по новой Конституции")
    assert any("taken from the text" in reason for reason in article.review_reasons)


def test_an_impossible_date_is_reported_and_the_article_kept_for_review(texts_dir):
    article = parse_fixture(texts_dir, "bad_date.txt")
    assert article.published_on is None
    assert "«31.02.2026» is not a real date" in article.review_reasons
    assert article.title == "Круглый стол в Караганде"
    assert "31.02.2026" not in article.body


def test_a_file_with_only_a_date_line_is_refused(texts_dir):
    with pytest.raises(UnreadableText, match="no article text"):
        parse_fixture(texts_dir, "only_date.txt")


def test_html_is_reduced_to_text_and_scripts_dropped(texts_dir):
    article = parse_fixture(texts_dir, "with_html.html")
    assert article.title == "Новая Конституция & общество"
    assert "<" not in article.body and "alert" not in article.body
    assert "Депутаты обсудили проект новой Конституции на заседании." in article.body
    assert article.source == "Tengrinews.kz"
    assert "<script>" in article.raw_text  # nothing lost: the markup stays in raw_text


def test_markup_that_is_not_html_stays_text():
    article = parse_text("Заголовок статьи\n\nФормула a < b и b > c верна для всех участников обсуждения проекта.")
    assert "a < b и b > c" in article.body


def test_a_source_named_by_a_kazakh_correspondent_line():
    article = parse_text("Жаңа Конституция\n\nКомиссия отырысы өтті, деп хабарлайды Kazinform.kz тілшісі.")
    assert article.source == "Kazinform"  # the canonical name of Kazinform.kz, inform.kz, Qazinform …


def test_a_source_line_at_the_end_is_moved_out_of_the_body():
    article = parse_text("Заголовок новости\n\nКомиссия одобрила проект Конституции.\n\nИсточник: Tengrinews.kz")
    assert article.source == "Tengrinews.kz"
    assert "Источник" not in article.body


def test_a_kazakh_body_is_not_outvoted_by_a_russian_footer():
    body = "Жаңа Конституция жобасы қоғамда кеңінен талқыланып жатыр. Азаматтар өз ұсыныстарын жолдады."
    article = parse_text(f"Тақырып\n\n{body}\n\nПодписывайтесь на наш Telegram-канал, чтобы узнать первым")
    assert article.language == "kk"
    assert article.footer.startswith("Подписывайтесь")
    assert article.body == body


def test_the_derived_title_is_cut_on_a_word_boundary():
    sentence = " ".join(["Участники круглого стола обсудили"] + ["конституционную реформу"] * 10) + "."
    article = parse_text(sentence)
    assert article.title_derived
    assert article.title.endswith("…") and len(article.title) <= 111
    assert sentence.startswith(article.title[:-1])


def test_as_json_has_the_documented_keys():
    data = parse_seed("001").as_json()
    expected = {"origin", "title", "title_derived", "language", "published_on", "published_time", "source",
                "byline", "photo_credit", "needs_review", "body"}
    assert expected <= data.keys()
    assert (data["published_on"], data["published_time"]) == ("2026-02-13", "15:45")
