"""Editors merge and split people, approve and reject extractions; every change is in history and search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive import curation, search
from archive.models import Article, ExtractionStatus, Person, PersonAlias, PersonMention, Quote

pytestmark = pytest.mark.django_db


def article(title: str, body: str = "Текст о Конституции.") -> Article:
    return Article.objects.create(title=title, body=body, raw_text=body, language="ru", origin=f"{title}.txt",
                                  checksum=str(abs(hash(title))).zfill(64)[:64])


def person_with_mention(name: str, art: Article, surface: str | None = None) -> Person:
    person = Person.objects.create(name=name)
    person.add_alias(name)
    PersonMention.objects.create(article=art, person=person, surface=surface or name)
    return person


def test_merging_keeps_every_alias_mention_and_quote_and_reaches_search():
    first, second = article("Первая"), article("Вторая")
    kim = person_with_mention("Вера Ким", first)
    duplicate = person_with_mention("Ким Вера", second)
    duplicate.add_alias("В. Ким")
    Quote.objects.create(article=second, speaker=duplicate, text="Слова")
    search.apply_pending()

    assert curation.merge_entities(kim, [duplicate]) == 1
    search.apply_pending()

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert set(kim.aliases.values_list("name", flat=True)) == {"Вера Ким", "Ким Вера", "В. Ким"}
    assert set(kim.mentions.values_list("article__title", flat=True)) == {"Первая", "Вторая"}
    assert Quote.objects.get(text="Слова").speaker == kim
    page = search.search(search.SearchRequest(filters={"person": (kim.slug,)}))
    assert {h.title for h in page.hits} == {"Первая", "Вторая"}
    assert kim.history.exists()


def test_splitting_an_alias_makes_a_person_and_takes_its_mentions():
    first, second = article("Первая"), article("Вторая")
    tokayev = person_with_mention("Касым-Жомарт Токаев", first)
    PersonMention.objects.create(article=second, person=tokayev, surface="Токарев")
    tokayev.add_alias("Токарев")
    Quote.objects.create(article=second, speaker=tokayev, text="Цитата Токарева")

    tokarev = curation.split_alias(PersonAlias.objects.get(name="Токарев"))
    search.apply_pending()

    assert tokarev.name == "Токарев"
    assert list(tokarev.mentions.values_list("article__title", flat=True)) == ["Вторая"]
    assert list(tokayev.mentions.values_list("article__title", flat=True)) == ["Первая"]
    assert Quote.objects.get(text="Цитата Токарева").speaker == tokarev
    assert not tokayev.aliases.filter(name="Токарев").exists()
    page = search.search(search.SearchRequest(filters={"person": (tokarev.slug,)}))
    assert [h.title for h in page.hits] == ["Вторая"]


def test_the_admin_merge_action_confirms_then_merges(admin_client, admin_user):
    a, b = article("Первая"), article("Вторая")
    kim, duplicate = person_with_mention("Вера Ким", a), person_with_mention("Ким Вера", b)
    url = reverse("admin:archive_person_changelist")
    confirm = admin_client.post(url, {"action": "merge", "_selected_action": [kim.pk, duplicate.pk]})
    assert confirm.status_code == 200 and b"Choose the record to keep" in confirm.content
    done = admin_client.post(url, {"action": "merge", "_selected_action": [kim.pk, duplicate.pk], "target": kim.pk})
    assert done.status_code == 302
    assert list(Person.objects.values_list("name", flat=True)) == ["Вера Ким"]
    latest = Person.objects.get().history.latest()
    assert latest.history_user == admin_user


def test_the_review_queue_lists_and_decides(admin_client, admin_user):
    art = article("Статья")
    art.review_status = "needs_review"
    art.review_notes = "no publication date found"
    art.save()
    unsure = person_with_mention("Алуа Жолдыбалина", art)
    mention = unsure.mentions.get()
    mention.confidence = 0.4
    mention.save()
    url = reverse("admin:archive_review_queue")
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "no publication date found" in page.text and "Алуа Жолдыбалина" in page.text
    response = admin_client.post(url, {"kind": "person_mention", "pk": mention.pk, "decision": "reject"})
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.status == ExtractionStatus.REJECTED
    assert mention.history.latest().history_user == admin_user


def test_the_review_queue_is_for_staff_only(client):
    response = client.get(reverse("admin:archive_review_queue"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_rejected_mentions_leave_the_person_facet():
    art = article("Статья")
    kim = person_with_mention("Вера Ким", art)
    search.apply_pending()
    mention = kim.mentions.get()
    mention.status = ExtractionStatus.REJECTED
    mention.save()
    search.apply_pending()
    page = search.search(search.SearchRequest())
    assert page.facets["person"] == []


def test_extractions_can_be_approved_and_rejected_from_their_lists(admin_client):
    art = article("Статья")
    mention = person_with_mention("Вера Ким", art).mentions.get()
    quote = Quote.objects.create(article=art, text="Слова", confidence=0.5)
    admin_client.post(reverse("admin:archive_personmention_changelist"),
                      {"action": "approve", "_selected_action": [mention.pk]})
    admin_client.post(reverse("admin:archive_quote_changelist"), {"action": "reject", "_selected_action": [quote.pk]})
    mention.refresh_from_db()
    quote.refresh_from_db()
    assert (mention.status, quote.status) == (ExtractionStatus.APPROVED, ExtractionStatus.REJECTED)
    listing = admin_client.get(reverse("admin:archive_quote_changelist"), {"confidence": "low"})
    assert listing.context["cl"].result_count == 1
