"""`manage.py check_index`: compare the search index with the database; exit 1 on drift."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import search
from archive.models import Article

SHOWN_IDS = 20


class Command(BaseCommand):
    help = "Report articles missing from, stale in, or orphaned in the search index. Exits 1 when they differ."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="never show the progress bar")

    def handle(self, *args, no_progress: bool, **options):
        show = sys.stderr.isatty() and not no_progress and options["verbosity"] > 0
        with tqdm(total=Article.objects.count(), unit="article", file=sys.stderr, disable=not show) as bar:
            try:
                drift = search.check(progress=bar.update)
            except search.IndexUnavailable as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"checked {drift.checked} articles in {drift.seconds:.1f} s; {drift.pending} updates pending")
        for label, ids in [("missing from the index", drift.missing), ("stale in the index", drift.stale),
                           ("in the index but not in the database", drift.orphaned),
                           ("live in the index more than once", drift.duplicated)]:
            if ids:
                shown = ", ".join(map(str, ids[:SHOWN_IDS])) + (" …" if len(ids) > SHOWN_IDS else "")
                self.stdout.write(f"{len(ids)} {label}: {shown}")
        if not drift.clean:
            raise CommandError("the index differs from the database: run `manage.py sync_index --all`")
        self.stdout.write("the index matches the database")
