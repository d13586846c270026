"""`manage.py cluster_copies`: find the syndicated copies of the whole archive again (signatures and clusters).

The importer keeps clusters right as texts arrive and editors change them; this is for an archive imported before
copies were grouped (the migration adds the fields only), or after the thresholds in archive.text.copies change.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from archive import ingest, search


class Command(BaseCommand):
    help = "Recompute every article's near-duplicate signature and its cluster of syndicated copies."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with search.deferred_sync():
            report = ingest.recluster_all()
        applied = search.apply_pending()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{report['articles']} articles: {report['clusters']} clusters of copies holding {report['clustered']} "
            f"articles; {report['signatures_changed']} signatures and {report['reindexed']} clusters changed "
            f"({applied} index updates applied) in {seconds:.1f} s"
        )
