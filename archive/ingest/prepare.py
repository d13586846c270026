"""Everything done to a file before the database: read, parse, extract. No Django, so it runs in worker processes.

The names extraction treats as known (KnownNames) are the archive's names when the run started plus every name
found in texts of earlier batches, never those of the same batch: so a text comes out the same whichever worker
extracts it, and whatever the number of workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .extraction.entities import Extraction, extract_entities
from .extraction.known_people import known_index
from .reading.parser import ParsedArticle, parse_raw
from .reading.reader import RawText, UnreadableText, read_text_file
from .reading.sidecar import Sidecar, read_sidecar


@dataclass(frozen=True)
class Prepared:
    """A file read, parsed and extracted (or the reason it cannot be imported), with the time each step took."""

    path: Path
    parsed: ParsedArticle | None = None
    extraction: Extraction | None = None
    reason: str = ""
    read_parse_s: float = 0.0
    extract_s: float = 0.0
    read_parse_cpu_s: float = 0.0
    extract_cpu_s: float = 0.0


def prepare_file(path: Path, *, max_bytes: int, known: set[str]) -> Prepared:
    """A file, with its sidecar (`NAME.json` beside it) when it has one."""
    return prepare_raw(path, lambda: read_text_file(path, max_bytes=max_bytes), known=known,
                       sidecar=lambda: read_sidecar(path))


def prepare_raw(
    path: Path, read: Callable[[], RawText], *, known: set[str], sidecar: Callable[[], Sidecar | None] | None = None
) -> Prepared:
    """Read (`read` raises UnreadableText to refuse the text), parse and extract one text.

    `sidecar` reads what the text's sidecar says (only files have one: not a text an editor pastes)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        raw = read()
        parsed = parse_raw(raw, sidecar=sidecar() if sidecar else None)
    except UnreadableText as exc:
        return Prepared(path, reason=str(exc), read_parse_s=time.perf_counter() - started,
                        read_parse_cpu_s=time.process_time() - cpu_started)
    parsed_at, cpu_parsed_at = time.perf_counter(), time.process_time()
    extraction = extract_entities(
        parsed.body, language=parsed.language, title=parsed.title, byline=parsed.byline,
        published_on=parsed.published_on, known_people=known,
    )
    return Prepared(path, parsed, extraction, read_parse_s=parsed_at - started,
                    extract_s=time.perf_counter() - parsed_at, read_parse_cpu_s=cpu_parsed_at - cpu_started,
                    extract_cpu_s=time.process_time() - cpu_parsed_at)


class KnownNames:
    """A growing set of known names, and the extraction index over it kept exactly up to date."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names: set[str] = set()
        self.add(names)

    def add(self, names: Iterable[str]) -> list[str]:
        """Add names (whitespace normalised); returns the new ones, in order."""
        fresh = []
        for name in names:
            name = " ".join(name.split())
            if name and name not in self.names:
                self.names.add(name)
                fresh.append(name)
        # known_index re-reads a grown set only every few calls (a per-text shortcut); refresh it now, so that
        # every text of the next batch sees every name added here.
        known_index(self.names).update(self.names)
        return fresh


def found_names(prepared: Iterable[Prepared]) -> list[str]:
    """The people's names extracted from these texts (what the next batches will know)."""
    return [person.name for item in prepared if item.extraction for person in item.extraction.people]
