"""`manage.py import_articles [PATH ...]`: import news texts (files or folders; default: seeds/)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import search
from archive.ingest import IngestReport, collect_files, extraction_json, ingest_files
from archive.ingest.reader import MAX_TEXT_BYTES


class Command(BaseCommand):
    help = (
        "Import news texts (UTF-8, UTF-8 with BOM or Windows-1251; plain text or HTML). "
        "Re-importing the same text changes nothing; a changed text from the same file updates its article."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the seeds folder)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
        parser.add_argument(
            "--relink", action="store_true",
            help="extract people, organisations, quotes and events again for texts already stored",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text",
            help="json: one JSON object per text on stdout (the summary goes to stderr)",
        )
        parser.add_argument(
            "--max-size", type=float, default=MAX_TEXT_BYTES / 1024 / 1024, metavar="MB",
            help="refuse files larger than this (default: %(default)s MB)",
        )
        parser.add_argument("--no-progress", action="store_true", help="never show the progress bar")

    def handle(self, *args, paths: list[Path], dry_run: bool, relink: bool, format: str, max_size: float, **options):
        if max_size <= 0:
            raise CommandError("--max-size must be a positive number of megabytes")
        files = collect_files(paths or [settings.SEEDS_DIR])
        report = IngestReport()
        show_progress = sys.stderr.isatty() and not options["no_progress"] and options["verbosity"] > 0
        results = ingest_files(files, dry_run=dry_run, relink=relink, max_bytes=int(max_size * 1024 * 1024))
        with search.deferred_sync():  # one index commit for the whole run, not one per article
            for result in tqdm(results, total=len(files), unit="text", file=sys.stderr, disable=not show_progress):
                report.add(result)
                self._report(result, format=format, verbosity=options["verbosity"])
        summary = ("dry run, nothing written: " if dry_run else "") + report.summary()
        if not dry_run:
            summary += self._sync_index()
        (self.stderr if format == "json" else self.stdout).write(summary)
        if report.failed:
            raise CommandError(f"{report.failed} of {len(files)} files could not be imported (reasons above)")

    def _report(self, result, *, format: str, verbosity: int) -> None:
        if result.reason:
            self.stderr.write(f"failed: {result.path}: {result.reason}")
        elif format == "json":
            record = result.parsed.as_json() | {"outcome": result.outcome.value} | extraction_json(result.extraction)
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        elif verbosity > 1:
            self.stdout.write(f"{result.outcome.value}: {result.path} — {result.parsed.title}")

    def _sync_index(self) -> str:
        """Apply the outbox once; the articles are stored either way (the outbox keeps what is not applied)."""
        try:
            search.apply_pending(lock_timeout=10.0)
        except search.IndexUnavailable as exc:
            return f"; search index not updated ({exc})"
        pending = search.pending_count()
        return f"; search index updated{f', {pending} updates still pending (run sync_index)' if pending else ''}"

