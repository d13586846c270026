"""`manage.py import_archive PATH`: restore a file written by export_archive into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import search
from archive.backup import BackupError, import_archive


class Command(BaseCommand):
    help = ("Restore a backup written by `export_archive` into this database, which must be migrated and empty: "
            "one transaction (a damaged or truncated file changes nothing), then the search index is rebuilt.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by `manage.py export_archive`")
        parser.add_argument("--procs", type=int, default=None, help="indexing processes for the rebuild")

    def handle(self, *args, path: str, procs: int | None, **options):
        if not Path(path).is_file():
            raise CommandError(f"no file {path}")
        try:
            report = import_archive(path, procs=procs)
        except BackupError as exc:
            raise CommandError(f"nothing was restored: {exc}") from exc
        except search.IndexUnavailable as exc:
            raise CommandError(f"the database is restored, but the index could not be built ({exc}); "
                               "run `manage.py rebuild_index`") from exc
        self.stdout.write(f"restored {path}: {report.summary()}")
