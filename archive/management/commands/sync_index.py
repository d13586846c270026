"""`manage.py sync_index`: apply pending index updates (after a crash, or when the index was busy)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive import search


class Command(BaseCommand):
    help = "Apply every pending search-index update recorded in the outbox."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="queue every article first (repairs any drift)")
        parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait for a busy index (default: 30)")

    def handle(self, *args, all: bool, wait: float, **options):
        if all:
            self.stdout.write(f"queued {search.enqueue_all()} articles")
        before = search.pending_count()
        try:
            applied = search.apply_pending(lock_timeout=wait)
        except OSError as exc:  # a full disk, a file-size limit: the live index is left as it was
            raise CommandError(f"could not write the search index ({exc.strerror or exc}): the live index is "
                               f"unchanged and {search.pending_count()} updates stay queued; free space and run "
                               "sync_index again") from exc
        left = search.pending_count()
        self.stdout.write(f"applied {applied} article updates ({before} pending before, {left} left)")
        if left:
            raise CommandError(f"{left} updates are still pending: the index stayed locked for {wait:.0f} s")
