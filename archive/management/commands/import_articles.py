"""`manage.py import_articles [PATH ...]`: import news texts (files or folders; default: seeds/)."""

from __future__ import annotations

import json
import math
import sys
from argparse import ArgumentTypeError
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from tqdm import tqdm

from archive.ingest import FileResult, collect_files, extraction_json, import_files
from archive.ingest.pool import BATCH_SIZE
from archive.ingest.prepare import TEXT_TIMEOUT
from archive.ingest.reading.reader import MAX_TEXT_BYTES


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (the message names what was typed)."""
    try:
        number = int(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise ArgumentTypeError(f"{text!r}: must be 1 or more")
    return number


def positive_number(text: str) -> float:
    """An argparse type: a finite number above 0 (`nan`, `inf`, 0 and negatives are refused)."""
    try:
        number = float(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise ArgumentTypeError(f"{text!r}: must be a finite number above 0")
    return number


def check_migrated(database: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse to run on a database that was never migrated (or is behind), rather than crash on a missing table."""
    connection = connections[database]
    try:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise CommandError(f"cannot reach the database: {exc}") from exc
    if unapplied:
        state = "not migrated" if not executor.loader.applied_migrations else f"{len(unapplied)} migrations behind"
        raise CommandError(f"the database is {state}: run `manage.py migrate` first")


class Command(BaseCommand):
    help = (
        "Import news texts (UTF-8, UTF-16, Windows-1251 or KOI8-R; plain text or HTML). "
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
            "--max-size", type=positive_number, default=MAX_TEXT_BYTES / 1024 / 1024, metavar="MB",
            help="refuse files larger than this (default: %(default)s MB)",
        )
        parser.add_argument(
            "--text-timeout", type=positive_number, default=TEXT_TIMEOUT, metavar="SECONDS",
            help="fail a text whose reading, parsing and extraction take longer (default: %(default)s s)",
        )
        parser.add_argument(
            "--follow-symlinks", action="store_true",
            help="follow symbolic links that lead out of the folder being imported (by default they are refused)",
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
        # Called in code (call_command), the argparse types are not applied to keyword options: check again.
        for name, value in (("--max-size", max_size), ("--text-timeout", options["text_timeout"])):
            if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
                raise CommandError(f"{name} must be a finite number above 0 (got {value!r})")
        for name in ("workers", "batch_size"):
            value = options[name]
            if value is not None and (not isinstance(value, int) or value < 1):
                raise CommandError(f"--{name.replace('_', '-')} must be a whole number of 1 or more (got {value!r})")
        check_migrated()
        files = collect_files(paths or [settings.SEEDS_DIR], follow_symlinks=options["follow_symlinks"])
        show_progress = sys.stderr.isatty() and not options["no_progress"] and options["verbosity"] > 0
        with tqdm(total=len(files), unit="text", file=sys.stderr, disable=not show_progress) as progress:

            def on_result(result: FileResult) -> None:
                progress.update()
                self._report(result, format=format, verbosity=options["verbosity"])

            run = import_files(files, dry_run=dry_run, relink=relink, max_bytes=int(max_size * 1024 * 1024),
                               workers=options["workers"], batch_size=options["batch_size"], on_result=on_result,
                               text_timeout=options["text_timeout"], follow_symlinks=options["follow_symlinks"])
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
