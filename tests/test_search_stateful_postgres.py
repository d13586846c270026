"""The stateful search test (test_search_stateful.py) on the PostgreSQL backend: the same edits by this process and
another (creates, edits, deletes, re-imports, merges, splits, rejected mentions, events, sync_index and
rebuild_index in another process), the same probes through the real views, the same comparison with a fresh
process and with the database after every step. Its documents are written with the articles, so nothing may
ever differ, not even for a moment: no outbox to wait for.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import invariant, run_state_machine_as_test

from archive import search

from .test_search_stateful import EXAMPLES, LONG, STATS, STEPS, ArchiveEdits

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="needs PostgreSQL"),  # fmt: skip
]


class ArchiveEditsOnPostgres(ArchiveEdits):
    @invariant()
    def every_answer_is_the_truth(self):
        super().every_answer_is_the_truth()
        drift = search.check()  # the rows themselves, not only the answers: none missing, stale or orphaned
        assert drift.clean, drift


def test_any_sequence_of_edits_keeps_every_answer_true_on_postgres(tmp_path, settings):
    settings.SEARCH_BACKEND = "postgres"  # forked processes (the other editor, the fresh reader) inherit it
    ArchiveEditsOnPostgres.index_root = tmp_path
    STATS.clear()
    run_state_machine_as_test(
        ArchiveEditsOnPostgres,
        settings=hypothesis_settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                                     derandomize=not LONG, suppress_health_check=list(HealthCheck), database=None),
    )  # fmt: skip
    print(f"stateful search test on PostgreSQL: {ArchiveEditsOnPostgres.sequence} sequences, {STATS['steps']} "
          f"checked states, {STATS['probes']} probe answers compared")  # fmt: skip
    assert STATS["steps"] >= EXAMPLES
