"""`manage.py rebuild_index`: build a fresh search index from the database and switch to it atomically."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import search
from archive.models import Article


class Command(BaseCommand):
    help = "Rebuild the search index from the database. Searches keep using the old index until the new one is done."

    def add_arguments(self, parser):
        parser.add_argument("--procs", type=int, default=None,
                            help="indexing processes (default: one per core, at most 4)")  # fmt: skip
        parser.add_argument("--no-progress", action="store_true", help="never show the progress bar")

    def handle(self, *args, procs: int | None, no_progress: bool, **options):
        if procs is not None and procs < 1:
            raise CommandError("--procs must be at least 1")
        started = time.perf_counter()
        show = sys.stderr.isatty() and not no_progress and options["verbosity"] > 0
        with tqdm(total=Article.objects.count(), unit="article", file=sys.stderr, disable=not show) as bar:
            try:
                count = search.rebuild(progress=bar.update, procs=procs)
            except search.IndexUnavailable as exc:
                raise CommandError(str(exc)) from exc
            except OSError as exc:  # a full disk, a file-size limit: the half-built generation was removed
                raise CommandError(f"could not write the new search index ({exc.strerror or exc}): the live index "
                                   "is unchanged; free space and run rebuild_index again") from exc
        self.stdout.write(f"indexed {count} articles in {time.perf_counter() - started:.1f} s")
