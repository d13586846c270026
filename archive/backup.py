"""Backups that restore: the whole archive as one portable file, read back into an empty database.

    export_archive("qujat.jsonl.gz") -> BackupReport      a consistent snapshot, streamed (constant memory)
    import_archive("qujat.jsonl.gz") -> BackupReport      one transaction into an empty database, then the index

The file is gzip'd JSON Lines, independent of the database engine (SQLite ↔ PostgreSQL both ways):

    {"format": "qujat-archive", "version": 1, "created_at": …, "migrations": {app: latest applied}, "tables": […]}
    {"table": "archive.article", "fields": ["id", "version", …], "rows": 5}
    [1, 3, "2026-02-13T10:00:00+00:00", …]            one array per row, in the fields' order
    …
    {"end": true, "counts": {"archive.article": 5, …}}  a file without it is refused as truncated

What it holds: every table of the archive app (articles with their raw text and copy signatures, origins,
sources, people, organisations and their aliases, events and their articles and participants, mentions, quotes,
clusters of copies, slug redirects of merges, every curation history table of django-simple-history, saved
searches, collections), and the accounts those refer to (users with their password hashes, groups, memberships
and permissions, the latter by name: permission ids differ between databases). What it leaves out: the search
index (rebuilt from the database after a restore), the index outbox (nothing is pending after a rebuild),
sessions, the admin's «recent actions» log (its content types differ between databases), caches and whatever
other apps keep (login-throttling counters and the like).

Values are written as Django's serializers write them (`value_to_string` for dates, times and bytes) and read back
with `to_python`, so every field round-trips exactly: timestamps included (auto_now is paused while rows are
inserted, see _timestamps_as_written).
"""

from __future__ import annotations

import contextlib
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "qujat-archive"
VERSION = 1
BATCH = 1000
LEFT_OUT = {"archive.indexoutbox"}  # derived or transient: see the module's docstring


class BackupError(Exception):
    """A file that cannot be restored here, or a database that must not be restored into; says why."""


@dataclass
class BackupReport:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # rows naming a permission this installation lacks
    indexed: int | None = None

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        articles = self.counts.get("archive.article", 0)
        text = f"{self.rows} rows in {len(self.counts)} tables ({articles} articles)"
        if self.skipped:
            text += "; left out: " + ", ".join(f"{n} rows of {label}" for label, n in self.skipped.items())
        if self.indexed is not None:
            text += f"; indexed {self.indexed} articles"
        return text


def backed_up_models() -> list[type[models.Model]]:
    """The tables in the file, in an order where what a row refers to comes first (accounts, then the archive)."""
    accounts = [Group, Group.permissions.through, User, User.groups.through, User.user_permissions.through]
    archive = [m for m in apps.get_app_config("archive").get_models(include_auto_created=True)
               if m._meta.label_lower not in LEFT_OUT]
    return accounts + archive


def _is_permission(f: models.Field) -> bool:
    return f.is_relation and f.related_model is Permission


# --- Export -----------------------------------------------------------------------------------------------------


def export_archive(path: Path | str) -> BackupReport:
    """Writes the archive to `path` (gzip'd JSON Lines) from one consistent snapshot of the database.

    On PostgreSQL a REPEATABLE READ, READ ONLY transaction: writers carry on and are not in the file. On SQLite the
    transaction holds the write lock (Django opens SQLite transactions IMMEDIATE), so writers wait for the export.
    The file is written beside its name and renamed when complete: a failed export leaves no half file behind.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    report = BackupReport()
    try:
        with gzip.open(partial, "wt", encoding="utf-8", compresslevel=6) as out, _snapshot():
            tables = backed_up_models()
            _write(out, {"format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
                         "database": connection.vendor, "migrations": _migration_heads(),
                         "tables": [m._meta.label_lower for m in tables]})
            for model in tables:
                report.counts[model._meta.label_lower] = _export_table(out, model)
            _write(out, {"end": True, "counts": report.counts})
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return report


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    with transaction.atomic():
        if connection.vendor == "postgresql" and not connection.savepoint_ids:  # the outermost block: settable
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _export_table(out, model: type[models.Model]) -> int:
    fields = model._meta.concrete_fields
    count = model._base_manager.count()
    _write(out, {"table": model._meta.label_lower, "fields": [f.name for f in fields], "rows": count})
    written = 0
    related = [f.name for f in fields if _is_permission(f)]
    rows = model._base_manager.order_by("pk")
    for obj in (rows.select_related(*related) if related else rows).iterator(chunk_size=BATCH):
        _write(out, [_value(obj, f) for f in fields])
        written += 1
    if written != count:  # impossible inside the snapshot; a check, as a backup is read when it is too late
        raise BackupError(f"{model._meta.label_lower}: counted {count} rows, read {written}")
    return written


def _value(obj: models.Model, f: models.Field):
    if _is_permission(f):
        return list(getattr(obj, f.name).natural_key())  # [codename, app_label, model]
    value = f.value_from_object(obj)
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return f.value_to_string(obj)  # dates, times, decimals, bytes (base64), as Django's serializers write them


def _write(out, item) -> None:
    out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")


def _migration_heads() -> dict[str, str]:
    heads: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        heads[app] = max(heads.get(app, ""), name)
    return dict(sorted(heads.items()))


# --- Import -----------------------------------------------------------------------------------------------------


def import_archive(path: Path | str, *, rebuild_index: bool = True, procs: int | None = None) -> BackupReport:
    """Reads a file written by export_archive into this (empty, migrated) database in one transaction: a file that
    is damaged, truncated or from an incompatible version changes nothing. Then rebuilds the search index."""
    report = BackupReport()
    tables = {m._meta.label_lower: m for m in backed_up_models()}
    with transaction.atomic():
        _refuse_unless_empty(tables.values())
        with _open(path) as lines, _timestamps_as_written(tables.values()):
            _read_header(next(lines, None))
            current: _TableReader | None = None
            end = None
            for number, line in enumerate(lines, start=2):
                item = json.loads(line)
                if isinstance(item, list):
                    if current is None:
                        raise BackupError(f"line {number}: a row before any table")
                    current.add(item)
                    continue
                if current is not None:
                    current.finish(report)
                current = None
                if item.get("end"):
                    end = item
                    break
                model = tables.get(item.get("table", ""))
                if model is None:
                    raise BackupError(f"line {number}: unknown table {item.get('table')!r} (a newer Qujat's backup?)")
                current = _TableReader(model, item["fields"], item.get("rows"))
            if end is None:
                raise BackupError("the file ends before its last line: it is truncated (an interrupted copy?)")
            if end["counts"] != {k: v + report.skipped.get(k, 0) for k, v in report.counts.items()}:
                raise BackupError("the rows read do not match the counts the file ends with")
        _reset_sequences([tables[label] for label in report.counts])
    if rebuild_index:
        from archive import search  # the index is derived from the database: built once the rows are committed

        report.indexed = search.rebuild(procs=procs)
    return report


def _refuse_unless_empty(tables) -> None:
    held = {m._meta.label_lower: n for m in tables if (n := m._base_manager.count())}
    if held:
        first = sorted(held.items(), key=lambda kv: (kv[0] != "archive.article", -kv[1]))[:6]  # articles first
        listed = ", ".join(f"{n} in {label}" for label, n in first)
        raise BackupError(f"the database is not empty ({listed}): a backup is restored only into an empty "
                          "database. Create a new one and run `manage.py migrate` first.")


@contextlib.contextmanager
def _open(path: Path | str) -> Iterator[Iterator[str]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            yield (line for line in lines if line.strip())
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        # gzip's CRC and length checks: a cut or damaged file fails here, before the transaction commits
        raise BackupError(f"cannot read {path}: {exc}") from exc


def _read_header(line: str | None) -> dict:
    header = json.loads(line) if line else {}
    if header.get("format") != FORMAT:
        raise BackupError("not a Qujat archive (made with `manage.py export_archive`)")
    if header.get("version") != VERSION:
        raise BackupError(f"archive format version {header.get('version')}; this Qujat reads version {VERSION}")
    return header


class _TableReader:
    """Rows of one table, inserted in batches as they are read (constant memory)."""

    def __init__(self, model: type[models.Model], names: list[str], declared: int | None) -> None:
        known = {f.name: f for f in model._meta.concrete_fields}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise BackupError(f"{model._meta.label_lower} has no field {', '.join(unknown)} here: the backup is from "
                              "a newer Qujat; restore it with that version")
        self.model, self.fields, self.declared = model, [known[name] for name in names], declared
        self.batch: list[models.Model] = []
        self.count = self.skipped = 0

    def add(self, row: list) -> None:
        if len(row) != len(self.fields):
            label = self.model._meta.label_lower
            raise BackupError(f"{label}: a row of {len(row)} values for {len(self.fields)} fields")
        values = {}
        for f, value in zip(self.fields, row, strict=True):
            if _is_permission(f):
                permission = Permission.objects.filter(codename=value[0], content_type__app_label=value[1],
                                                       content_type__model=value[2]).first()
                if permission is None:  # an app this installation does not have: its permission means nothing
                    self.skipped += 1
                    return
                value = permission.pk
            values[f.attname] = None if value is None else f.to_python(value)
        self.batch.append(self.model(**values))
        if len(self.batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        self.model._base_manager.bulk_create(self.batch)  # no signals: no outbox rows, no new history rows
        self.count += len(self.batch)
        self.batch = []

    def finish(self, report: BackupReport) -> None:
        self._flush()
        label = self.model._meta.label_lower
        if self.declared is not None and self.count + self.skipped != self.declared:
            raise BackupError(f"{label}: the file declares {self.declared} rows and holds {self.count + self.skipped}")
        report.counts[label] = self.count
        if self.skipped:
            report.skipped[label] = self.skipped


@contextlib.contextmanager
def _timestamps_as_written(tables) -> Iterator[None]:
    """Inserts keep created_at / updated_at as the file has them: auto_now(_add) would stamp the restore's time."""
    paused = [f for m in tables for f in m._meta.concrete_fields
              if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)]  # DateTimeField included
    saved = [(f, f.auto_now, f.auto_now_add) for f in paused]
    for f in paused:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def _reset_sequences(tables) -> None:
    """PostgreSQL: the id sequences continue after the restored ids (SQLite's AUTOINCREMENT follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(tables))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
