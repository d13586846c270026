"""Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords a username is locked out from that
client, on the admin's login and the researchers' sign-in alike; other users and other clients are not; an
administrator unlocks it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-password-1"
LOGINS = ["/admin/login/", "/accounts/login/"]


@pytest.fixture
def users():
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    User.objects.create_user("other", password=PASSWORD, is_staff=True)


def sign_in(url: str, username: str, password: str, *, ip: str = "203.0.113.5", language: str = "en"):
    client = Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language)
    return client.post(url, {"username": username, "password": password})


def fail(url: str, username: str, times: int = 5, **kwargs):
    for _ in range(times):
        response = sign_in(url, username, "wrong", **kwargs)
    return response


@pytest.mark.parametrize("url", LOGINS)
def test_four_wrong_passwords_do_not_lock_the_right_one_out(users, url):
    fail(url, "editor", times=4)
    assert sign_in(url, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize("url", LOGINS)
def test_five_wrong_passwords_then_the_right_one_is_refused(users, url):
    fifth = fail(url, "editor")
    assert fifth.status_code == 429  # the fifth failure already says so
    response = sign_in(url, "editor", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    page = response.content.decode()
    assert "Sign-in locked" in page and "Try again in 15 minutes" in page
    assert "sessionid" not in response.cookies  # not signed in


def test_the_lockout_is_shared_by_both_sign_in_pages(users):
    fail("/admin/login/", "editor", times=3)
    fail("/accounts/login/", "editor", times=2)
    assert sign_in("/accounts/login/", "editor", PASSWORD).status_code == 429
    assert sign_in("/admin/login/", "editor", PASSWORD).status_code == 429


@pytest.mark.parametrize(("language", "words"), [("kk", "Кіру бұғатталды"), ("ru", "Вход заблокирован")])
def test_the_lockout_page_is_in_the_visitors_language(users, language, words):
    fail("/accounts/login/", "editor", language=language)
    response = sign_in("/accounts/login/", "editor", PASSWORD, language=language)
    assert response.status_code == 429
    assert words in response.content.decode()


def test_another_user_and_the_same_user_from_another_client_are_not_locked_out(users):
    fail("/admin/login/", "editor")
    assert sign_in("/admin/login/", "other", PASSWORD).status_code == 302
    # Someone guessing the editor's password elsewhere does not lock the editor out of her own machine.
    assert sign_in("/admin/login/", "editor", PASSWORD, ip="198.51.100.7").status_code == 302


def test_axes_reset_unlocks(users):
    fail("/admin/login/", "editor")
    assert sign_in("/admin/login/", "editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor", stdout=open("/dev/null", "w"))
    assert sign_in("/admin/login/", "editor", PASSWORD).status_code == 302
    fail("/admin/login/", "editor")
    call_command("axes_reset", stdout=open("/dev/null", "w"))
    assert sign_in("/admin/login/", "editor", PASSWORD).status_code == 302


def test_an_administrator_unlocks_from_the_admin(users, admin_client):
    fail("/accounts/login/", "editor")
    attempt = AccessAttempt.objects.get(username="editor")
    listed = admin_client.get("/admin/axes/accessattempt/")
    assert listed.status_code == 200 and "editor" in listed.content.decode()
    deleted = admin_client.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action":
                                                               [attempt.pk], "post": "yes"})
    assert deleted.status_code == 302 and not AccessAttempt.objects.exists()
    assert sign_in("/accounts/login/", "editor", PASSWORD).status_code == 302


def test_a_lockout_ends_after_the_cool_off(users, settings):
    import datetime as dt

    fail("/accounts/login/", "editor")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert sign_in("/accounts/login/", "editor", PASSWORD).status_code == 302
