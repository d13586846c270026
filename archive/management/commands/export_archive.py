"""`manage.py export_archive PATH`: the whole archive as one portable file (archive/backup.py says what it holds)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, export_archive


class Command(BaseCommand):
    help = ("Write the archive (articles, entities, curation history, accounts, saved searches, collections) to one "
            "gzip'd JSON Lines file that `import_archive` restores into an empty database, SQLite or PostgreSQL.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, e.g. backups/qujat-2026-03-01.jsonl.gz")
        parser.add_argument("--force", action="store_true", help="replace the file if it exists")

    def handle(self, *args, path: str, force: bool, **options):
        target = Path(path)
        if target.exists() and not force:
            raise CommandError(f"{target} exists; choose another name or pass --force to replace it")
        if not target.parent.is_dir():
            raise CommandError(f"no folder {target.parent} to write the backup into")
        try:
            report = export_archive(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"wrote {target}: {report.summary()}")
