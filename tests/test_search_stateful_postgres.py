"""The stateful search test (test_search_stateful.py) on the PostgreSQL backend: the same edits by this process and
another (creates, edits, deletes, re-imports, merges, splits, rejected mentions, events, sync_index and
rebuild_index in another process), the same probes through the real views, the same comparison with a fresh
process and with the database after every step. Its documents are written with the articles, so nothing may
ever differ, not even for a moment: no outbox to wait for.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import invariant, run_state_machine_as_test

from archive import search
from archive.search.pg import arrays as pg_arrays

from .test_search_stateful import EXAMPLES, LONG, STATS, STEPS, ArchiveEdits, facet_values

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

    @invariant()
    def the_kept_facet_table_is_a_freshly_decoded_one(self):
        """Here: the arrays this process keeps, refreshed with the documents changed since (refreshing.py), hold
        each document's values as the rows read whole now do."""
        fresh = pg_arrays.load()
        kept, _ = pg_arrays.documents(fresh.version)
        assert kept is not fresh and kept.version == fresh.version
        assert np.array_equal(kept.ids, fresh.ids)
        assert np.array_equal(kept.table.dates, fresh.table.dates)
        assert np.array_equal(kept.table.clusters, fresh.table.clusters)
        for facet in search.FACETS:
            assert facet_values(kept.table, facet) == facet_values(fresh.table, facet), facet


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
