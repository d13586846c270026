"""Fault suite: four editors in four processes at once, through the real curation path (the admin's change form
and merge action), on the same articles. No edit is silently lost (a stale save is refused and redone), each
merge keeps every mention, and afterwards the index equals the database.

tests/test_curation_trust.py covers the same refusal with threads and with ORM writer processes; this one goes
through the admin, its inlines and the index outbox, with four writers of the index at once.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.db.models import Count

from archive.models import Article, Person, PersonMention

from .conftest import ROOT
from .faults_support import assert_search_equals_database, child_env, manage

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
EDITORS, ROUNDS = 4, 4


def test_four_editors_at_once_lose_no_edit_and_the_index_equals_the_database(tmp_path, search_index_dir,
                                                                             imported_seeds):
    articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))[:3]  # shared: races happen
    people = list(Person.objects.annotate(n=Count("mentions")).filter(n__gt=0).order_by("pk")
                  .values_list("pk", flat=True))[: 2 * EDITORS]  # fmt: skip
    pairs = [people[2 * n:2 * n + 2] for n in range(EDITORS)]
    pairs = [pair if len(pair) == 2 else [] for pair in pairs]
    mentions_before = PersonMention.objects.count()
    titles_before = dict(Article.objects.values_list("pk", "title"))

    env = child_env(search_index_dir, tmp_path / "data")
    processes = [subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "fault_editor.py"), str(n), str(ROUNDS), ",".join(map(str, articles)),
         ",".join(map(str, pairs[n]))], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) for n in range(EDITORS)]  # fmt: skip
    results = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert not [r["errors"] for r in results if r["errors"]]

    saved = sorted(token for r in results for token in r["saved"])
    assert saved == sorted(f"e{n}r{r}" for n in range(EDITORS) for r in range(ROUNDS))
    in_titles = sorted(word for pk in articles for word in Article.objects.get(pk=pk).title.split()
                       if word not in titles_before[pk].split())  # fmt: skip
    assert in_titles == saved  # every save landed, none twice, none undone by another editor's stale form
    merges = sum(1 for pair in pairs if pair)
    assert sum(r["merged"] for r in results) == merges
    assert not Person.objects.filter(pk__in=[pair[1] for pair in pairs if pair]).exists()
    assert PersonMention.objects.count() == mentions_before  # a merge moves mentions, never drops them

    print("refused as stale:", sum(r["stale"] for r in results), "form naming a merged person:",
          sum(r["merged_away"] for r in results))
    pending_left = manage(env, "check_index", "--no-progress", check=False)
    assert pending_left.returncode == 0, pending_left.stdout + pending_left.stderr
    assert_search_equals_database()
