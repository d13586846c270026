"""Parsing news texts into clean fields: the five seeds exactly, and every other form we know."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest import UnreadableText, parse_text
from archive.ingest.reading.parser import parse_raw
from archive.ingest.reading.reader import read_text_file

from .conftest import seed_path
from .hypothesis_profiles import PROFILE
from .test_ingest_dates import RENDERERS


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


RU_BODY = "Члены комиссии обсудили итоговый текст проекта Основного закона и передали его Президенту."
KK_BODY = "Комиссия мүшелері Негізгі заң жобасының қорытынды мәтінін талқылап, оны Президентке жолдады."
EN_BODY = "Members of the commission discussed the final text of the draft Basic Law and sent it to the President."

# Headers as pages print them (rubric, headline, byline, dates and update lines in any order) → what is read.
WILD_HEADERS = [
    ("Новости16 марта 2026\n\nКонституционная комиссия завершила работу", RU_BODY,
     dt.date(2026, 3, 16), None, "Конституционная комиссия завершила работу"),
    ("Конституционная комиссия завершила работу\n17 Марта, 2026", RU_BODY,
     dt.date(2026, 3, 17), None, "Конституционная комиссия завершила работу"),
    ("Политика\nКонституционная комиссия завершила работу\nАйгерим Сапарова\n16.03.2026 | 10:15", RU_BODY,
     dt.date(2026, 3, 16), dt.time(10, 15), "Конституционная комиссия завершила работу"),
    ("Опубликовано: 16 марта 2026, 10:15\nОбновлено: 17 марта 2026, 09:00\n\nИтоги работы комиссии", RU_BODY,
     dt.date(2026, 3, 16), dt.time(10, 15), "Итоги работы комиссии"),
    ("Итоги работы комиссии\nОбновлено: 17 марта 2026, 09:00\nОпубликовано: 16 марта 2026, 10:15", RU_BODY,
     dt.date(2026, 3, 16), dt.time(10, 15), "Итоги работы комиссии"),
    ("Саясат\nКомиссия жұмысын аяқтады\nЖарияланды: 16.03.2026, 10:15\nЖаңарды: 17.03.2026, 09:00", KK_BODY,
     dt.date(2026, 3, 16), dt.time(10, 15), "Комиссия жұмысын аяқтады"),
    ("Жаңарды: 17.03.2026, 09:00\nЖарияланды: 16.03.2026, 10:15\n\nКомиссия жұмысын аяқтады\nОқылды: 120", KK_BODY,
     dt.date(2026, 3, 16), dt.time(10, 15), "Комиссия жұмысын аяқтады"),
    ("2026 жылғы 15-наурыз\nРеферендум өтті", KK_BODY, dt.date(2026, 3, 15), None, "Референдум өтті"),
    ("Komissiia jūmysyn aiaqtady\n16 naurız 2026", KK_BODY,
     dt.date(2026, 3, 16), None, "Komissiia jūmysyn aiaqtady"),
    ("2026-جىلى 15-ناۋرىز\nرەفەرەندۋم ٶتتى", KK_BODY, dt.date(2026, 3, 15), None, "رەفەرەندۋم ٶتتى"),
    ("Feb 11, 2026 | 21:12 GMT\nKazakhstan sets a date for its referendum", EN_BODY,
     dt.date(2026, 2, 11), dt.time(21, 12), "Kazakhstan sets a date for its referendum"),
    ("World\nKazakhstan votes on a new constitution\nBy Aigerim Sapar | March 16, 2026", EN_BODY,
     dt.date(2026, 3, 16), None, "Kazakhstan votes on a new constitution"),
    ("Kazakhstan votes on a new constitution\n11 February 2026", EN_BODY,
     dt.date(2026, 2, 11), None, "Kazakhstan votes on a new constitution"),
    ("Kazakhstan votes on a new constitution\nBy Aigerim Sapar\nPublished: March 16, 2026 3:45 pm\n"
     "Updated: March 17, 2026", EN_BODY,
     dt.date(2026, 3, 16), dt.time(15, 45), "Kazakhstan votes on a new constitution"),
    ("2026-03-16T10:15:00+05:00\nКонституционная комиссия завершила работу", RU_BODY,
     dt.date(2026, 3, 16), dt.time(10, 15), "Конституционная комиссия завершила работу"),
    ("Фото: пресс-служба Сената\n16.03.2026 | 10:15\nКонституционная комиссия завершила работу", RU_BODY,
     dt.date(2026, 3, 16), dt.time(10, 15), "Конституционная комиссия завершила работу"),
]  # fmt: skip


@pytest.mark.parametrize(("header", "body", "date", "time", "title"), WILD_HEADERS)
def test_the_header_scan_finds_datelines_in_the_wild(header, body, date, time, title):
    article = parse_text(f"{header}\n\n{body}")
    assert (article.published_on, article.published_time, article.title) == (date, time, title)
    assert article.body == body
    # Nothing about the date or the title is left for review (a photo credit as the only hint of where the text
    # came from is a provenance question, asked separately: reading.provenance).
    assert [reason for reason in article.review_reasons if "photo credit" not in reason] == []


def test_bylines_in_the_header_are_kept():
    assert parse_text(f"{WILD_HEADERS[2][0]}\n\n{RU_BODY}").byline == "Айгерим Сапарова"
    assert parse_text(f"{WILD_HEADERS[11][0]}\n\n{EN_BODY}").byline == "Aigerim Sapar"
    assert parse_text(f"{WILD_HEADERS[13][0]}\n\n{EN_BODY}").byline == "Aigerim Sapar"


def test_a_dateline_in_the_header_leaves_the_place_in_the_body():
    body = "ASTANA – Kazakhstan's voters approved a new constitution in a referendum on Sunday."
    article = parse_text(f"Kazakhstan approves a new constitution\nMarch 16, 2026\n\n{body}")
    assert (article.published_on, article.body) == (dt.date(2026, 3, 16), body)


def test_an_english_agency_dateline_gives_date_and_agency():
    text = ("Kazakhstan approves a new constitution\n\nASTANA, March 16 (Reuters) - Kazakhstan's voters approved "
            "a new constitution in the referendum of March 15, 2026, the election commission said.")
    article = parse_text(text)
    assert (article.published_on, article.source) == (dt.date(2026, 3, 16), "Reuters")
    assert article.body.startswith("Kazakhstan's voters approved")


@pytest.mark.parametrize("line", ["Сегодня, 10:15", "Вчера, 18:00", "Бүгін", "Кеше, 09:30", "Today", "2 hours ago"])
def test_a_relative_date_is_not_guessed_but_sent_for_review(line):
    article = parse_text(f"{line}\nКонституционная комиссия завершила работу\n\n{RU_BODY}")
    assert article.published_on is None and article.published_time is None
    assert f"relative date «{line}» gives no calendar date" in article.review_reasons
    assert "no publication date found" not in article.review_reasons
    assert article.title == "Конституционная комиссия завершила работу"
    assert article.body == RU_BODY


def test_a_calendar_date_beside_a_relative_one_is_used():
    article = parse_text(f"Сегодня, 10:15\nЗаголовок новости\nОпубликовано: 16.03.2026\n\n{RU_BODY}")
    assert article.published_on == dt.date(2026, 3, 16)
    assert not article.needs_review


def test_only_an_update_date_stands_in_for_the_publication_and_says_so():
    article = parse_text(f"Заголовок новости\nОбновлено: 17.03.2026 09:00\n\n{RU_BODY}")
    assert article.published_on == dt.date(2026, 3, 17)
    assert any(reason.startswith("only an update date") for reason in article.review_reasons)


def test_a_short_headline_over_the_body_is_not_taken_for_a_rubric():
    article = parse_text(f"Референдум өтті\n15.03.2026\n\n{KK_BODY}")
    assert (article.title, article.published_on) == ("Референдум өтті", dt.date(2026, 3, 15))


@pytest.mark.parametrize(
    ("header", "date", "time"),
    [
        ("16.03.2026\n10:15", dt.date(2026, 3, 16), dt.time(10, 15)),
        ("10:15\n16.03.2026", dt.date(2026, 3, 16), dt.time(10, 15)),
        ("16.03.2026 | Политика", dt.date(2026, 3, 16), None),
        ("16 марта 2026, 10:15 · 1 234 просмотра", dt.date(2026, 3, 16), dt.time(10, 15)),
        ("Сейсенбі, 16 наурыз 2026", dt.date(2026, 3, 16), None),
        ("Last updated on March 17, 2026\nPublished on March 16, 2026", dt.date(2026, 3, 16), None),
    ],
)
def test_more_header_shapes(header, date, time):
    article = parse_text(f"{header}\nКонституционная комиссия завершила работу\n\n{RU_BODY}")
    assert (article.published_on, article.published_time) == (date, time)
    assert (article.title, article.body) == ("Конституционная комиссия завершила работу", RU_BODY)
    assert not article.needs_review


def test_a_time_alone_gives_no_date():
    article = parse_text(f"10:15\nКонституционная комиссия завершила работу\n\n{RU_BODY}")
    assert (article.published_on, article.published_time) == (None, None)
    assert "time «10:15» without a date gives no calendar date" in article.review_reasons


def test_a_date_printed_under_the_text_is_taken_when_the_header_has_none():
    article = parse_text(f"Конституционная комиссия завершила работу\n\n{RU_BODY}\n\nДата публикации: 16.03.2026")
    assert (article.published_on, article.body) == (dt.date(2026, 3, 16), RU_BODY)
    assert not article.needs_review


@settings(settings.get_profile(PROFILE))
@given(
    date=st.dates(dt.date(1995, 1, 1), dt.date(2030, 12, 31)),
    form=st.sampled_from(sorted(RENDERERS)),
    extras=st.lists(st.sampled_from(["update", "counter", "credit", "byline"]), unique=True),
    rubric=st.booleans(),
    order=st.randoms(use_true_random=False),
)
def test_the_header_scan_finds_any_dateline_among_any_header_lines(date, form, extras, rubric, order):
    title = "Конституционная комиссия завершила работу"
    lines = {
        "date": RENDERERS[form](date, None),
        "update": f"Жаңарды: {date + dt.timedelta(days=1):%d.%m.%Y}",
        "counter": "Оқылды: 120",
        "credit": "Фото: пресс-служба Сената",
        "byline": "Автор: Айгерим Сапарова",
    }
    header = ["date", *extras]
    order.shuffle(header)
    header.insert(order.randint(0, len(header)), "title")
    text_lines = [("Политика\n" if rubric else "") + title if name == "title" else lines[name] for name in header]
    article = parse_text("\n".join(text_lines) + f"\n\n{RU_BODY}")
    assert (article.published_on, article.title, article.body) == (date, title, RU_BODY), text_lines


@pytest.mark.parametrize(
    ("header", "date", "time"),
    [
        ("Главная / Новости / Политика\nКонституционная комиссия завершила работу\n16.03.2026", dt.date(2026, 3, 16),
         None),
        ("Конституционная комиссия завершила работу\nПроект передан Президенту\n16.03.2026 10:15",
         dt.date(2026, 3, 16), dt.time(10, 15)),
        ("16.03.2026 10:15 Конституционная комиссия завершила работу", dt.date(2026, 3, 16), dt.time(10, 15)),
        ("2026/03/16\nКонституционная комиссия завершила работу", dt.date(2026, 3, 16), None),
        ("16.03.26\nКонституционная комиссия завершила работу", dt.date(2026, 3, 16), None),
        ("Jarııalandy: 16.03.2026\nKonstitusiialyq komissiia\nJañardy: 17.03.2026", dt.date(2026, 3, 16), None),
    ],
)  # fmt: skip
def test_breadcrumbs_leads_and_dates_opening_the_headline(header, date, time):
    article = parse_text(f"{header}\n\n{RU_BODY}")
    assert (article.published_on, article.published_time) == (date, time)
    assert article.title in ("Конституционная комиссия завершила работу", "Konstitusiialyq komissiia")
    assert article.body in (RU_BODY, f"Проект передан Президенту\n\n{RU_BODY}")


@pytest.mark.parametrize("opening", [".", "…", " . ", "—", "\u2028", ".\u2029"])
def test_a_text_cut_after_a_sentence_end_still_gets_a_title_from_its_words(opening):
    # Found by the import property test: a seed cut just after a full stop opened with a lone «.», whose derived
    # title was empty; a title is never empty while the text has a word.
    article = parse_text(f"{opening}\nДепутаты обсудили поправки к Конституции. Заседание прошло в Астане.")
    assert article.title.strip() and article.title_derived
    assert article.title.startswith("Депутаты обсудили")


@settings(settings.get_profile(PROFILE))
@given(st.text(min_size=1, max_size=60))
def test_any_text_with_a_word_gets_a_title(text):
    try:
        article = parse_text(text + "\nслово")
    except UnreadableText:
        return
    assert article.title.strip()
