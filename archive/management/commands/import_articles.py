"""`manage.py import_articles [PATH ...]`: import news texts (files or folders; default: seeds/)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest import FileResult, collect_files, extraction_json, import_files
from archive.ingest.pool import BATCH_SIZE
from archive.ingest.reading.reader import MAX_TEXT_BYTES


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


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
            help="json: one JSON object per text on stdout (the summary and the timings go to stderr)",
        )
        parser.add_argument(
            "--max-size", type=float, default=MAX_TEXT_BYTES / 1024 / 1024, metavar="MB",
            help="refuse files larger than this (default: %(default)s MB)",
        )
        parser.add_argument("--no-progress", action="store_true", help="never show the progress bar")
        parser.add_argument(
            "--workers", type=positive_int, metavar="N",
            help="processes reading, parsing and extracting (default: one per core, up to 2; none for a few files)",
        )
        parser.add_argument(
            "--batch-size", type=positive_int, default=BATCH_SIZE, metavar="N",
            help="texts stored per transaction (default: %(default)s)",
        )
        parser.add_argument("--timings", action="store_true", help="report the seconds each stage took")

    def handle(self, *args, paths: list[Path], dry_run: bool, relink: bool, format: str, max_size: float, **options):
        if max_size <= 0:
            raise CommandError("--max-size must be a positive number of megabytes")
        files = collect_files(paths or [settings.SEEDS_DIR])
        show_progress = sys.stderr.isatty() and not options["no_progress"] and options["verbosity"] > 0
        with tqdm(total=len(files), unit="text", file=sys.stderr, disable=not show_progress) as progress:

            def on_result(result: FileResult) -> None:
                progress.update()
                self._report(result, format=format, verbosity=options["verbosity"])

            run = import_files(files, dry_run=dry_run, relink=relink, max_bytes=int(max_size * 1024 * 1024),
                               workers=options["workers"], batch_size=options["batch_size"], on_result=on_result)
        summary = ("dry run, nothing written: " if dry_run else "") + run.report.summary() + run.index_note
        (self.stderr if format == "json" else self.stdout).write(summary)
        if format == "json":
            self.stderr.write(json.dumps({"timings": run.timings.as_dict()}))
        elif options["timings"]:
            self.stdout.write(run.timings.summary())
        if run.report.failed:
            raise CommandError(f"{run.report.failed} of {len(files)} files could not be imported (reasons above)")

    def _report(self, result: FileResult, *, format: str, verbosity: int) -> None:
        if result.reason:
            self.stderr.write(f"failed: {result.path}: {result.reason}")
        elif format == "json":
            outcome = {"outcome": result.outcome.value, "kept_editor_fields": list(result.kept_fields)}
            record = result.parsed.as_json() | outcome | extraction_json(result.extraction)
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        elif verbosity > 1:
            kept = f" (kept editor's {', '.join(result.kept_fields)})" if result.kept_fields else ""
            self.stdout.write(f"{result.outcome.value}: {result.path} — {result.parsed.title}{kept}")
