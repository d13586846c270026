"""Ingest: files → RawText (reader) → ParsedArticle (parser) → Extraction (entities) → database (batch, linker).

Public API: `collect_files()`, `import_files()` (a whole run, with per-stage timings), `ingest_files()` and the
IngestReport that sums their outcomes; `add_text()` for one text an editor gives (the admin's «Add article»).

Names are resolved on first use (PEP 562): the Django-free modules (reader, parser, entities, prepare, pool)
can then be imported without configuring Django, as the importer's worker processes do.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reading.origins import TextFile

_EXPORTS = {
    "Extraction": "extraction.entities", "extract_entities": "extraction.entities",
    "FileResult": "results", "IngestReport": "results", "Outcome": "results", "extraction_json": "results",
    "ParsedArticle": "reading.parser", "parse_text": "reading.parser",
    "UnreadableText": "reading.reader", "TextFile": "reading.origins",
    "StageTimings": "timings",
    "ImportRun": "pipeline", "import_files": "pipeline", "ingest_files": "pipeline",
    "add_text": "storing.loader",
    "recluster_all": "storing.syndication",
}  # fmt: skip
__all__ = sorted([*_EXPORTS, "collect_files"])


def collect_files(paths: Iterable[Path], *, follow_symlinks: bool = False) -> list[TextFile]:
    """Every file the given paths stand for, with its origin: its path relative to the path given (a file given
    alone: its name). A missing path (or a link out of the folder, a FIFO …) stays in the list and fails with
    its reason."""
    from .reading.origins import text_files

    return [file for path in paths for file in text_files(Path(path), follow_symlinks=follow_symlinks)]


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
