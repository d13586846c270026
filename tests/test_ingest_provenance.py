"""Where each text came from: the outlet, the issuing body and the original URL, as the parser reads them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest import UnreadableText, parse_text
from archive.ingest.reading.outlets import OUTLETS, canonical_source, outlet_for_host, outlet_named
from archive.ingest.reading.parser import BAD_URL_REASON, parse_raw
from archive.ingest.reading.provenance import PHOTO_ISSUER_REASON
from archive.ingest.reading.reader import read_text_file
from archive.ingest.reading.weburl import MAX_URL_CHARS, clean_url

from .conftest import seed_path
from .hypothesis_profiles import PROFILE

RU = "Конституционная комиссия обсудила проект новой Конституции и поправки к нему на заседании в столице"
KK = "Конституциялық комиссия жаңа Конституция жобасын талқылады"
EN = "The Constitutional Commission discussed the draft of the new Constitution"


def parse_seed(prefix: str):
    return parse_raw(read_text_file(seed_path(prefix)))


# --- the seeds: as far as their texts say --------------------------------------------------------------------


def test_seed_002_names_kazpravda():
    article = parse_seed("002")
    assert (article.source, article.issued_by, article.url) == ("Kazpravda.kz", "", "")


def test_seed_004_is_a_press_release_of_the_foreign_ministry_with_no_outlet():
    article = parse_seed("004")
    assert article.issued_by == "Қазақстан Республикасы Сыртқы істер министрлігінің баспасөз қызметі"
    assert article.source == ""  # the ministry's press service is the issuer, not an outlet the text names
    assert not article.needs_review


def test_seed_003_issuer_from_its_photo_credit_only_is_kept_for_review():
    # A photo credit alone does not prove the text is the press service's release (papers print press-service
    # photos), but nothing else in 003 says where it came from: keep the hint, and let an editor confirm it.
    article = parse_seed("003")
    assert article.issued_by == "пресс-служба Сената Парламента РК"
    assert article.source == ""
    assert PHOTO_ISSUER_REASON in article.review_reasons


def test_a_press_service_photo_credit_is_not_the_issuer_when_the_text_names_its_outlet():
    text = f"Фото: пресс-служба Сената\n\nЗаголовок новости\n\n{RU}, передает корреспондент Kazpravda.kz."
    article = parse_text(text)
    assert (article.source, article.issued_by) == ("Kazpravda.kz", "")
    assert PHOTO_ISSUER_REASON not in article.review_reasons


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seeds_that_say_nothing_of_their_origin_get_none(prefix):
    article = parse_seed(prefix)
    assert (article.source, article.issued_by, article.url) == ("", "", "")


# --- the forms of attribution: ru, kk, en -------------------------------------------------------------------

ATTRIBUTIONS = [
    # agency datelines
    (f"Заголовок\n\nАстана. KAZINFORM – {RU}.", "Kazinform"),
    (f"Заголовок\n\nАстана. 16 марта. KAZINFORM - {RU}.", "Kazinform"),
    (f"Заголовок\n\nINTERFAX.RU - {RU}.", "Interfax"),
    (f"Title here\n\nASTANA, March 16 (Reuters) - {EN}.", "Reuters"),
    (f"Title here\n\nASTANA (Kazinform) – {EN}.", "Kazinform"),
    (f"Заголовок\n\nМОСКВА, 16 мар — РИА Новости. {RU}.", "RIA Novosti"),
    (f"Заголовок\n\nАСТАНА, 16 мар — Sputnik. {RU}.", "Sputnik Kazakhstan"),
    (f"Заголовок\n\nМОСКВА, 16 марта. /ТАСС/. {RU}.", "TASS"),
    # attributions in the text
    (f"Заголовок\n\n{RU}, передает корреспондент Kazpravda.kz.", "Kazpravda.kz"),
    (f"Заголовок\n\n{RU}, передает BAQ.KZ.", "BAQ.KZ"),
    (f"Заголовок\n\n{RU}, сообщает Tengrinews.kz.", "Tengrinews.kz"),
    (f"Заголовок\n\n{RU}, передает МИА «Казинформ».", "Kazinform"),
    (f"Заголовок\n\n{RU}, сообщает газета «Степной маяк».", "Степной маяк"),  # unknown: kept as written
    (f"Тақырып\n\n{KK}, деп хабарлайды Egemen.kz тілшісі.", "Egemen Qazaqstan"),
    (f"Тақырып\n\n{KK}, деп хабарлайды Kazinform агенттігінің тілшісі.", "Kazinform"),
    (f"Тақырып\n\n{KK}, деп хабарлайды «Айқын» тілшісі.", "Aikyn"),
    (f"Тақырып\n\n{KK}, деп хабарлайды Jetisu газетінің тілшісі.", "Jetisu"),
    (f"Тақырып\n\n{KK}, деп хабарлайды ҚазАқпарат.", "Kazinform"),
    ("Taqyryp\n\nKonstitusiialyq komissia jobany talqylady, dep habarlaidy Egemen.kz tilshisi.", "Egemen Qazaqstan"),
    (f"Title here\n\n{EN}, Qazinform reported.", "Kazinform"),
    (f"Title here\n\n{EN}, reports Kazinform.", "Kazinform"),
    (f"Title here\n\n{EN}, according to The Astana Times.", "The Astana Times"),
    (f"Тақырып\n\nKazinform агенттігінің хабарлауынша, {KK}.", "Kazinform"),
    (f"Тақырып\n\nEgemen.kz-тің мәліметінше, {KK}.", "Egemen Qazaqstan"),
    (f"Title here\n\n{EN}, as reported by Kazinform.", "Kazinform"),
    (f"Title here\n\nA Kazinform correspondent reports that {EN}.", "Kazinform"),
    # footers
    (f"Заголовок\n\n{RU}.\n\n© Tengrinews.kz", "Tengrinews.kz"),
    (f"Заголовок\n\n{RU}.\n\n© 2026 Tengrinews.kz. Все права защищены", "Tengrinews.kz"),
    (f"Заголовок\n\n{RU}.\n\nИсточник: Vlast.kz", "Vlast.kz"),
    (f"Тақырып\n\n{KK}.\n\nДереккөз: Egemen.kz", "Egemen Qazaqstan"),
    (f"Title here\n\n{EN}.\n\nSource: The Times of Central Asia", "The Times of Central Asia"),
    (f"Заголовок\n\n{RU}.\n\nПодробнее: https://www.zakon.kz/6012345-itogi.html", "Zakon.kz"),
    (f"Заголовок\n\n{RU}.\n\n© 2026", ""),
    # nothing that names an outlet
    (f"Title here\n\n{EN}. Tokayev said the total was high.", ""),
    (f"Заголовок\n\n{RU}. Депутат сообщает, что проект готов.", ""),
    (f"Заголовок\n\nСборы налогов (total) и расходы (власть) обсудили депутаты. {RU}.", ""),
]


@pytest.mark.parametrize(("text", "outlet"), ATTRIBUTIONS, ids=[f"{n:02}" for n in range(len(ATTRIBUTIONS))])
def test_an_attribution_names_the_outlet(text, outlet):
    article = parse_text(text)
    assert article.source == outlet
    assert "©" not in article.body and "Источник:" not in article.body


ISSUERS = [
    (f"Заголовок\n\n{RU}, сообщает пресс-служба Министерства иностранных дел РК.",
     "пресс-служба Министерства иностранных дел РК", ""),
    (f"Заголовок\n\n{RU}, сообщили в пресс-службе Министерства юстиции РК.",
     "пресс-служба Министерства юстиции РК", ""),
    (f"Заголовок\n\nКак сообщает пресс-служба Акорды, {RU}.", "пресс-служба Акорды", "Akorda"),
    (f"Тақырып\n\n{KK}, деп хабарлайды Ақорда баспасөз қызметі.", "Ақорда баспасөз қызметі", "Akorda"),
    (f"Тақырып\n\nБұл туралы ҚР СІМ баспасөз қызметі хабарлады. {KK}.", "ҚР СІМ баспасөз қызметі", ""),
    (f"Title here\n\n{EN}, the press service of the Ministry of Foreign Affairs of Kazakhstan said.",
     "press service of the Ministry of Foreign Affairs of Kazakhstan", ""),
    (f"Title here\n\n{EN}, the Akorda press service reported.", "Akorda press service", "Akorda"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "issuer", "outlet"), ISSUERS, ids=[f"{n}" for n in range(len(ISSUERS))])
def test_a_press_release_names_its_issuer_and_the_issuers_site_is_its_outlet(text, issuer, outlet):
    article = parse_text(text)
    assert (article.issued_by, article.source) == (issuer, outlet)


# --- the outlets table --------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["kazinform.kz", "Kazinform", "KAZINFORM", "Qazinform", "inform.kz",
                                      "www.inform.kz", "qazinform.com", "МИА «Казинформ»", "ҚазАқпарат",
                                      "https://lenta.inform.kz/ru/x"])
def test_every_spelling_of_kazinform_is_one_outlet(spelling):
    assert canonical_source(spelling) == "Kazinform"
    assert outlet_named(spelling).domain == "kazinform.kz"


def test_a_host_resolves_through_its_parent_domain_and_an_unknown_name_is_kept_as_written():
    assert outlet_for_host("ru.sputnik.kz").name == "Sputnik Kazakhstan"
    assert outlet_for_host("example.org") is None
    assert canonical_source("  Газета  «Новое поколение» ") == "Газета «Новое поколение»"


def test_no_two_outlets_share_a_domain_or_a_spelling():
    domains = [domain for outlet in OUTLETS for domain in outlet.domains]
    assert len(domains) == len(set(domains))
    for outlet in OUTLETS:
        for spelling in (outlet.name, *outlet.aliases, *outlet.domains):
            assert outlet_named(spelling) is outlet, spelling


# --- the url line and URLs ----------------------------------------------------------------------------------


def test_a_url_header_line_gives_the_original_address_and_its_outlet():
    article = parse_text(f" url https://www.inform.kz/ru/news/123\n date 2026-03-16 Заголовок новости\n\n{RU}.")
    assert article.url == "https://www.inform.kz/ru/news/123"
    assert article.source == "Kazinform"
    assert str(article.published_on) == "2026-03-16" and article.title == "Заголовок новости"
    assert "url" not in article.body


def test_the_urls_site_is_the_outlet_of_this_copy_even_when_the_text_credits_an_agency():
    article = parse_text(f" url https://tengrinews.kz/kazakhstan_news/1\nЗаголовок\n\n{RU}, передает МИА «Казинформ».")
    assert article.source == "Tengrinews.kz"


def test_an_unknown_sites_host_is_the_outlet_when_the_text_names_none():
    assert parse_text(f" url https://www.example-news.kz/a/1\nЗаголовок\n\n{RU}.").source == "example-news.kz"


@pytest.mark.parametrize("line", ["javascript:alert(1)", "data:text/html,x", "ftp://kazinform.kz/x", "http:/x"])
def test_a_url_line_that_is_not_http_is_dropped_with_a_reason(line):
    article = parse_text(f" url {line}\nЗаголовок новости\n\n{RU}.")
    assert article.url == ""
    assert BAD_URL_REASON in article.review_reasons
    assert line not in article.body


@pytest.mark.parametrize(("value", "kept"), [
    ("https://kazinform.kz/a?b=1#c", True), ("HTTP://Tengrinews.kz/", True), ("https://сайт.kz/жаңалық", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" https://a.kz/ b", False),
    ("https://a.kz/\x00", False), ("//kazinform.kz/x", False), ("https://", False), ("https://localhost/", False),
    ("https://a.kz:99999/", False), ("https://a.kz/" + "x" * MAX_URL_CHARS, False), ('https://a.kz/"><script>', False),
])  # fmt: skip
def test_only_absolute_http_urls_of_a_bounded_length_are_kept(value, kept):
    assert (clean_url(value) != "") is kept


@settings(settings.get_profile(PROFILE))
@given(st.text(max_size=300), st.text(max_size=200))
def test_arbitrary_url_lines_and_texts_never_crash_and_never_keep_a_non_http_url(url, body):
    try:
        article = parse_text(f" url {url}\n{body}")
    except UnreadableText:
        return
    assert article.url == "" or (article.url.lower().startswith(("http://", "https://"))
                                 and len(article.url) <= MAX_URL_CHARS and clean_url(article.url) == article.url)
    assert len(article.source) <= 200 and len(article.issued_by) <= 300


def test_a_footer_address_is_the_original_and_names_the_outlet():
    article = parse_text(f"Заголовок\n\n{RU}.\n\nИсточник: https://example.org/news/1")
    assert (article.url, article.source) == ("https://example.org/news/1", "example.org")
    assert "example.org" not in article.body


def test_a_web_pages_canonical_address_and_site_name_count_but_never_a_script_address():
    head = ("<link rel='canonical' href='https://tengrinews.kz/kazakhstan_news/x-123/?a=1&amp;b=2'>"
            '<meta property="og:site_name" content="Tengrinews.kz">')
    article = parse_text(f"<html><head>{head}</head><body><h1>Заголовок</h1><p>{RU}.</p></body></html>")
    assert (article.url, article.source) == ("https://tengrinews.kz/kazakhstan_news/x-123/?a=1&b=2", "Tengrinews.kz")
    head = '<meta property="og:url" content="javascript:alert(1)"><meta property="og:site_name" content="Жаңа газет">'
    article = parse_text(f"<html><head>{head}</head><body><h1>Заголовок</h1><p>{RU}.</p></body></html>")
    assert (article.url, article.source) == ("", "Жаңа газет")


# --- outlets printed as lines of their own: mastheads and signatures, in every script ------------------------

MASTHEADS = [
    # a masthead: the outlet's name alone (or with a date stamp) above the headline
    (f"Interfax\n\nКомиссия завершила работу\n\n{RU}.", "Interfax", "Комиссия завершила работу"),
    (f"Tengrinews.kz\nПолитика | 11 марта 2026, 09:15\n\nДепутаты обсудили проект\n\n{RU}.", "Tengrinews.kz",
     "Депутаты обсудили проект"),
    (f"Айқын\n\nЖоба қоғамда талқыланды\n\n{KK}.", "Aikyn", "Жоба қоғамда талқыланды"),
    ("Aiqyn\n\nJoba qoğamda talqylandy\n\nKonstitusiialyq komissiia jaña Konstitusiia jobasyn talqylady.", "Aikyn",
     "Joba qoğamda talqylandy"),
    ("Ana tili, 2026 jylğy 9 naurыz\n\nTil turaly bap\n\nKomissiia memlekettik til turaly bapty talqylady.",
     "Ana tili", "Til turaly bap"),
    ("ايقىن\n\nاتا زاڭ جوباسى تالقىلاندى\n\nكونستيتۋتسييالىق كوميسسييا جوبانى تالقىلادى.", "Aikyn",
     "اتا زاڭ جوباسى تالقىلاندى"),
    (f"Khabar 24\n\nReferendum day in Astana\n\n{EN}.", "24.kz", "Referendum day in Astana"),
    (f"Akorda press service\n\nHead of State holds a meeting\n\n{EN}.", "Akorda", "Head of State holds a meeting"),
    # a signature at the end: the outlet in quotes under the author, an agency's closing mark, a bare name
    (f"Тақырып мұнда\n\n{KK}.\n\nАйгүл НҰРЛАНҚЫЗЫ,\n«Ана тілі»", "Ana tili", "Тақырып мұнда"),
    (f"Заголовок здесь\n\n{RU}.\n\n/РИА Новости/", "RIA Novosti", "Заголовок здесь"),
    (f"Заголовок здесь\n\n{RU}.\n\nВласть", "Vlast.kz", "Заголовок здесь"),
    ("تاقىرىپ\n\nكونستيتۋتسييالىق كوميسسييا جوبانى تالقىلادى.\n\nشىڭجاڭ گازەتى", "شىڭجاڭ گازەتى", "تاقىرىپ"),
    (f"Тақырып мұнда\n\n{KK}.\n\nМарат ЖАҚСЫЛЫҚОВ, «Жас Алаш» газеті", "Jas Alash", "Тақырып мұнда"),
    ("Taqyryp\n\nKomissiia jobany talqylady.\n\nDana Serik,\n«Ana tili» gazeti", "Ana tili", "Taqyryp"),
    (f"Vlast.kz | Общество\n\nЮристы о проекте\n\n{RU}.", "Vlast.kz", "Юристы о проекте"),
    ("ايقىن، 2026-جىلى 5-ناۋرىز\n\nتاقىرىپ\n\nكونستيتۋتسييالىق كوميسسييا جوبانى تالقىلادى.", "Aikyn", "تاقىرىپ"),
    ("Taqyryp\n\nKomissiia jobany talqylady.\n\nTolyğyraq: https://kazakh.ts.cn/2026/03/05/x.html", "ٴتاڭىرتاۋ تورى",
     "Taqyryp"),
    # an agency opening the text with the day
    (f"Заголовок здесь\n\nИнтерфакс, 12 марта. {RU}.", "Interfax", "Заголовок здесь"),
    # the source label in Latin-script Kazakh, an attribution in the Arabic script, a domain in a footer
    ("Taqyryp\n\nKomissiia jobany talqylady.\n\nDerekköz: Aikyn.kz", "Aikyn", "Taqyryp"),
    ("تاقىرىپ\n\nكوميسسييا جوبانى تالقىلادى، دەپ حابارلادى شينحۋا اگەنتتىگى.", "Xinhua", "تاقىرىپ"),
    ("تاقىرىپ\n\nكوميسسييا جوبانى تالقىلادى.\n\nkazakh.ts.cn", "ٴتاڭىرتاۋ تورى", "تاقىرىپ"),
    # not outlets: an unknown name on top, a rubric, a common word in lower case
    (f"Степной вестник\n\nДепутаты обсудили проект\n\n{RU}.", "", "Депутаты обсудили проект"),
    (f"Политика\n\nДепутаты обсудили проект поправок\n\n{RU}.", "", "Депутаты обсудили проект поправок"),
    (f"Заголовок здесь\n\n{RU}.\n\nвласть", "", "Заголовок здесь"),
    (f"Заголовок здесь\n\n{RU}.\n\nАнна Петрова, «Степной вестник»", "", "Заголовок здесь"),
    (f"Заголовок здесь\n\n{RU}.\n\nOrda, как и прежде, молчит о главном", "", "Заголовок здесь"),
]


@pytest.mark.parametrize(("text", "outlet", "title"), MASTHEADS, ids=[f"{n:02}" for n in range(len(MASTHEADS))])
def test_a_masthead_or_a_signature_names_the_outlet_and_is_not_the_headline(text, outlet, title):
    article = parse_text(text)
    assert (article.source, article.title) == (outlet, title)


def test_a_signature_gives_the_author_and_a_mastheads_stamp_the_date():
    article = parse_text(f"Тақырып мұнда\n\n{KK}.\n\nАйгүл НҰРЛАНҚЫЗЫ,\n«Ана тілі»")
    assert (article.byline, article.body.endswith("талқылады.")) == ("Айгүл НҰРЛАНҚЫЗЫ", True)
    article = parse_text(f"Тақырып мұнда\n\n{KK}.\n\nМарат ЖАҚСЫЛЫҚОВ, «Жас Алаш» газеті")
    assert article.byline == "Марат ЖАҚСЫЛЫҚОВ"
    article = parse_text(f"Informburo.kz, 04.03.2026\n\nДепутаты обсудили проект\n\n{RU}.")
    assert (article.source, str(article.published_on)) == ("Informburo.kz", "2026-03-04")


@pytest.mark.parametrize(("text", "issuer"), [
    (f"Ақорда\n\nМемлекет басшысы кездесу өткізді\n\n{KK}.", "Akorda (press service of the President of Kazakhstan)"),
    (f"Head of State holds a meeting\n\n{EN}.\n\nAqordanyñ baspasöz qyzmeti", "Aqordanyñ baspasöz qyzmeti"),
    (f"Memleket basshysy kezdesý ótkizdi\n\n{EN}.\n\nAqordanyń baspasóz qyzmeti", "Aqordanyń baspasöz qyzmeti"),
])  # fmt: skip
def test_a_release_of_the_presidents_office_has_akorda_as_its_outlet(text, issuer):
    article = parse_text(text)
    assert (article.source, article.issued_by) == ("Akorda", issuer)


@pytest.mark.parametrize(("spelling", "outlet"), [
    ("Aqorda", "Akorda"), ("Ақорда", "Akorda"), ("اقوردا", "Akorda"), ("Egemen Qazaqstan", "Egemen Qazaqstan"),
    ("«Егемен Қазақстан»", "Egemen Qazaqstan"), ("ەگەمەن قازاقستان", "Egemen Qazaqstan"), ("Хабар 24", "24.kz"),
    ("КТК", "KTK"), ("Информбюро", "Informburo.kz"), ("ٴىلە گازەتى", "ىلە گازەتى"), ("Іле газеті", "ىلە گازەتى"),
    ("Шыңжаң газеті", "شىڭجاڭ گازەتى"), ("Тәңіртау торы", "ٴتاڭىرتاۋ تورى"), ("kazakh.ts.cn", "ٴتاڭىرتاۋ تورى"),
    ("شينحۋا", "Xinhua"), ("Алтай газеті", "التاي گازەتى"), ("kazakh.people.com.cn", "حالىق تورى"),
])  # fmt: skip
def test_an_outlet_is_known_in_every_script_it_is_written_in(spelling, outlet):
    assert outlet_named(spelling).name == outlet


@pytest.mark.parametrize("name", ["Reuters", "Tokayev", "Ekonomika", "Astana", "Parlament"])
def test_a_latin_name_read_in_cyrillic_finds_no_other_outlet(name):
    found = outlet_named(name)
    assert found is None or found.name == name


def test_an_agencys_report_of_a_release_keeps_the_agency_and_a_news_text_quoting_akorda_is_no_release():
    article = parse_text(f"Тақырып\n\nАСТАНА. KAZINFORM – {KK}, деп хабарлайды Ақорданың баспасөз қызметі.")
    assert (article.source, article.issued_by) == ("Kazinform", "Ақорданың баспасөз қызметі")
    article = parse_text(f"Title here\n\n{EN}, the Akorda said on Monday.")
    assert (article.source, article.issued_by) == ("Akorda", "")
