"""One editor of tests/test_faults_editors.py, in a process of its own: edits articles through the admin's change
form (as a browser posts it) and merges two people through the admin's merge action, retrying what is refused as
stale. Prints one JSON line: the tokens saved, the merges done, how many saves were refused as stale.

    python tests/fault_editor.py EDITOR_NUMBER ROUNDS ARTICLE_IDS PERSON_PAIR      (ids comma-separated)
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from archive.models import Person  # noqa: E402
from tests.test_curation_trust import BrowserForm  # noqa: E402

STALE = "reload and apply your change again"
MERGED_AWAY = "Select a valid choice. That choice is not one of the available choices."
# A mention row the form was shown with was moved by another editor's merge meanwhile: its inline form, now
# without its object, asks for the row's id. Refused too, never applied; reloaded and saved again.
ROW_GONE = "This field is required."
number, rounds = int(sys.argv[1]), int(sys.argv[2])
article_ids = [int(pk) for pk in sys.argv[3].split(",")]
pair = [int(pk) for pk in sys.argv[4].split(",") if pk]

user, _ = get_user_model().objects.get_or_create(username=f"editor{number}", defaults={
    "is_staff": True, "is_superuser": True, "email": f"editor{number}@example.org"})
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
outcome = {"saved": [], "stale": 0, "merged_away": 0, "merged": 0, "errors": []}


def edit(pk: int, token: str) -> None:
    url = reverse("admin:archive_article_change", args=[pk])
    for _attempt in range(50):
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        form = BrowserForm("article_form")
        form.feed(page.content.decode())
        title = dict(form.data)["title"]
        response = client.post(url, form.post_data(title=f"{title} {token}", _save="Save"))
        if response.status_code == 302 and response["Location"] == url:
            # Stale between the form's check and its UPDATE (another editor's save committed meanwhile): the
            # admin rolls back and sends the editor back to the form with the message (CarefulSaveMixin).
            outcome["stale"] += 1
            continue
        if response.status_code == 302:
            outcome["saved"].append(token)
            return
        body = response.content.decode()
        if response.status_code == 200 and STALE in body:
            outcome["stale"] += 1
            continue
        if response.status_code == 200 and (MERGED_AWAY in body or ROW_GONE in body):
            # The form's mention rows name a person another editor merged away meanwhile: refused, not
            # applied; the editor reloads the form (now naming the survivor) and saves again.
            outcome["merged_away"] += 1
            continue
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
        raise AssertionError(f"saving {token}: {response.status_code} {errors or body[:500]}")
    raise AssertionError(f"{token}: refused as stale 50 times")


def merge(target: int, other: int) -> None:
    url = reverse("admin:archive_person_changelist")
    for _attempt in range(50):
        response = client.post(url, {"action": "merge", "_selected_action": [target, other], "target": target,
                                     "index": 0}, follow=True)
        assert response.status_code == 200, response.status_code
        if not Person.objects.filter(pk=other).exists():
            outcome["merged"] += 1
            return
        outcome["stale"] += 1
    raise AssertionError(f"merging {other} into {target} refused 50 times")


try:
    for round_ in range(rounds):
        edit(article_ids[(number + round_) % len(article_ids)], f"e{number}r{round_}")
        if pair and round_ == rounds // 2:
            merge(*pair)
except Exception as error:  # reported by the test
    outcome["errors"].append(f"{type(error).__name__}: {error}")
print(json.dumps(outcome))
