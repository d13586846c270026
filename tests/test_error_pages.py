"""The error pages with DEBUG off (the test settings are the production ones): a translated 404 in kk/ru/en, a
plain translated 500 without a traceback, and a database outage answered 503 wherever Django meets it (in a view,
while a TemplateResponse renders, in a middleware on the way out), rendered without a single query.

The outages here are OperationalErrors raised by test views, to reach each place Django can meet one; the real
outages (PostgreSQL stopped, an SQLite file that is not a database) are in tests/test_database_down.py.
"""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, override_settings

from archive.failure import RETRY_AFTER_SECONDS

NOT_FOUND = {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"}
SERVER_ERROR = {"kk": "Сервер қатесі", "ru": "Ошибка сервера", "en": "Server error"}
UNAVAILABLE = {"kk": "Уақытша қолжетімсіз", "ru": "Временно недоступно", "en": "Temporarily unavailable"}
LEAKS = ("Traceback", "SECRET_KEY", "secret host", "OperationalError", "RuntimeError")


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)  # answer as production does, not re-raise into the test


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_it_answers_an_unknown_address_with_the_translated_404(visitor, language):
    response = visitor.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    page = response.content.decode()
    assert NOT_FOUND[language] in page and f'<html lang="{language}">' in page
    assert 'href="/search/"' in page  # a way on


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_missing_article_is_the_same_translated_404(visitor, language):
    response = visitor.get("/articles/987654321/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404 and NOT_FOUND[language] in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_bug_gives_the_plain_translated_500_without_a_traceback(visitor, language, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = visitor.get("/bug/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    page = response.content.decode()
    assert SERVER_ERROR[language] in page
    assert not any(leak in page for leak in LEAKS)
    assert any("a bug whose message" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)  # logged


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize("path", ["/outage-in-view/", "/outage-while-rendering/"])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_database_outage_answers_503_without_a_query(visitor, path, language, django_user_model,
                                                       django_assert_num_queries, caplog):
    visitor.force_login(django_user_model.objects.create_user("reader", password="long-enough-password-1"))
    with django_assert_num_queries(0), caplog.at_level(logging.ERROR, logger="archive.failure"):
        response = visitor.get(path, HTTP_ACCEPT_LANGUAGE=language)  # a signed-in session: its user is not read
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert UNAVAILABLE[language] in page and not any(leak in page for leak in LEAKS)
    assert f"database unavailable on GET {path}" in caplog.text


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
def test_an_outage_in_a_middleware_reaches_handler500_which_answers_503(visitor, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.error_urls.OutageOnTheWayOut"]
    response = visitor.get("/outage-on-the-way-out/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 503 and response["Retry-After"]
    assert UNAVAILABLE["ru"] in response.content.decode()


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
@pytest.mark.parametrize("how", [{"path": "/outage-in-view/?format=json"}, {"path": "/outage-in-view/?format=jsonl"},
                                 {"path": "/outage-in-view/", "HTTP_ACCEPT": "application/json"}])
def test_a_json_request_gets_the_outage_as_json(visitor, how):
    response = visitor.get(how.pop("path"), HTTP_ACCEPT_LANGUAGE="kk", **how)
    assert response.status_code == 503 and response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["failing"] == "database" and body["retry_after"] == RETRY_AFTER_SECONDS
    assert "дерекқоры" in body["message"]  # in the visitor's language


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
def test_a_browser_that_accepts_json_and_html_gets_the_page(visitor):
    response = visitor.get("/outage-in-view/", HTTP_ACCEPT="text/html,application/json;q=0.9")
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/people/%00/", "/articles/%00/", "/organisations/a%00b/", "/%00"])
def test_a_nul_character_in_the_address_is_a_plain_400_on_every_database(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert "символ NUL" in response.content.decode()
