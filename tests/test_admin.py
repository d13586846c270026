"""The admin is behind a login and an editor can work in it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Article, ReviewStatus

pytestmark = pytest.mark.django_db


def test_the_admin_requires_login(client):
    response = client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_editor_can_list_filter_and_search_articles(admin_client, imported_seeds):
    url = reverse("admin:archive_article_changelist")
    assert admin_client.get(url).status_code == 200
    review = admin_client.get(url, {"review_status__exact": "needs_review"})
    assert review.context["cl"].result_count == Article.objects.needing_review().count() > 0
    search = admin_client.get(url, {"q": "Shanyraq"})
    assert search.context["cl"].result_count == 1


def test_an_editor_can_fix_a_date_and_the_raw_text_stays(admin_client, imported_seeds):
    article = Article.objects.get(published_on__isnull=True)
    url = reverse("admin:archive_article_change", args=[article.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"published_on": "2026-02-12", "review_status": ReviewStatus.APPROVED, "language": "ru",
                 "title": article.title, "body": article.body, "source": article.source_id})
    for prefix in ["origins", "person_mentions", "organisation_mentions", "quotes"]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article.refresh_from_db()
    assert str(article.published_on) == "2026-02-12"
    assert article.review_status == ReviewStatus.APPROVED
    assert article.raw_text.startswith("В Академии государственного управления")


def test_approving_from_the_list(admin_client, imported_seeds):
    pending = list(Article.objects.needing_review().values_list("pk", flat=True))
    admin_client.post(reverse("admin:archive_article_changelist"),
                      {"action": "approve", "_selected_action": pending})
    assert not Article.objects.needing_review().exists()


@pytest.mark.parametrize("accept, heading, action, message", [
    ("ru", "Очередь проверки", "Одобрить выбранные", "статьи одобрены"),
    ("kk", "Тексеру кезегі", "Таңдалғандарды бекіту", "мақала бекітілді"),
])
def test_curation_speaks_the_editors_language(admin_client, imported_seeds, accept, heading, action, message):
    queue = admin_client.get(reverse("admin:archive_review_queue"), HTTP_ACCEPT_LANGUAGE=accept)
    assert heading in queue.text and "Nothing waits" not in queue.text
    mentions = admin_client.get(reverse("admin:archive_personmention_changelist"), HTTP_ACCEPT_LANGUAGE=accept)
    assert action in mentions.text
    pending = list(Article.objects.needing_review().values_list("pk", flat=True))[:3]
    assert len(pending) >= 2
    done = admin_client.post(reverse("admin:archive_article_changelist"),
                             {"action": "approve", "_selected_action": pending}, HTTP_ACCEPT_LANGUAGE=accept,
                             follow=True)
    assert message in done.text or message.replace("статьи", "статей") in done.text
