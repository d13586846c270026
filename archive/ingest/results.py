"""What importing a file came to (FileResult) and the sum of a run (IngestReport). No Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .extraction.entities import Extraction
from .reading.parser import ParsedArticle


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class FileResult:
    path: Path
    outcome: Outcome
    parsed: ParsedArticle | None = None
    reason: str = ""
    article_id: int | None = None
    extraction: Extraction | None = None
    kept_fields: tuple[str, ...] = ()  # an updated article's fields an editor set, left as the editor set them
    new_origin: bool = False  # an unchanged text found at a path it was not known by: recorded as another origin


@dataclass
class IngestReport:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    failures: list[FileResult] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    kept: dict[tuple[str, ...], int] = field(default_factory=dict)  # editors' fields kept → how many articles
    new_origins: int = 0  # unchanged texts found at another path, recorded as another origin of their article

    def add(self, result: FileResult) -> None:
        self.counts[result.outcome] += 1
        self.new_origins += result.new_origin
        if result.kept_fields:
            self.kept[result.kept_fields] = self.kept.get(result.kept_fields, 0) + 1
        if result.outcome is Outcome.FAILED:
            self.failures.append(result)
        elif result.article_id is not None:
            self.article_ids.append(result.article_id)

    @property
    def failed(self) -> int:
        return self.counts[Outcome.FAILED]

    def summary(self) -> str:
        counts = ", ".join(f"{outcome.value} {self.counts[outcome]}" for outcome in Outcome)
        kept = "".join(f"; kept editor's {', '.join(fields)} for {n} article{'s' if n > 1 else ''}"
                       for fields, n in sorted(self.kept.items()))
        origins = (f"; {self.new_origins} of the unchanged {'were' if self.new_origins > 1 else 'was'} found at "
                   f"another path, recorded as another origin of {'their' if self.new_origins > 1 else 'its'} article"
                   if self.new_origins else "")
        return counts + kept + origins


def extraction_json(extraction: Extraction | None) -> dict:
    """The people, organisations, quotes and events of a dry run, as JSON-ready lists."""
    if extraction is None:
        return {}
    return {
        "people": [{"name": p.name, "surface": p.surface, "role": p.role, "byline": p.is_byline}
                   for p in extraction.people],
        "organisations": [{"name": o.name, "abbreviation": o.abbreviation} for o in extraction.organisations],
        "quotes": [{"speaker": q.speaker, "text": q.text} for q in extraction.quotes],
        "events": [{"key": e.key, "title": e.title, "kind": e.kind,
                    "starts_on": e.starts_on.isoformat() if e.starts_on else None} for e in extraction.events],
    }
