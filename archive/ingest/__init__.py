"""Ingest: files → RawText (reader) → ParsedArticle (parser) → database (loader).

Public API: `collect_files()`, `ingest_files()` and the IngestReport that sums their outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .entities import Extraction, extract_entities
from .loader import Outcome, known_people, planned_outcome, upsert_article
from .parser import ParsedArticle, parse_raw, parse_text
from .reader import MAX_TEXT_BYTES, UnreadableText, iter_text_files, read_text_file

__all__ = [
    "Extraction", "FileResult", "IngestReport", "Outcome", "ParsedArticle", "UnreadableText",
    "collect_files", "extract_entities", "extraction_json", "ingest_files", "parse_text",
]


@dataclass(frozen=True)
class FileResult:
    path: Path
    outcome: Outcome
    parsed: ParsedArticle | None = None
    reason: str = ""
    article_id: int | None = None
    extraction: Extraction | None = None


@dataclass
class IngestReport:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    failures: list[FileResult] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.counts[result.outcome] += 1
        if result.outcome is Outcome.FAILED:
            self.failures.append(result)
        elif result.article_id is not None:
            self.article_ids.append(result.article_id)

    @property
    def failed(self) -> int:
        return self.counts[Outcome.FAILED]

    def summary(self) -> str:
        return ", ".join(f"{outcome.value} {self.counts[outcome]}" for outcome in Outcome)


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


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Every file the given paths stand for; a missing path stays in the list and fails with its reason."""
    return [file for path in paths for file in iter_text_files(Path(path))]


def ingest_files(
    files: Iterable[Path], *, dry_run: bool = False, relink: bool = False, max_bytes: int = MAX_TEXT_BYTES
) -> Iterator[FileResult]:
    """Read, parse, extract and (unless dry_run) store each file; one bad file never stops the others."""
    names = known_people()  # lets the rules recognise Kazakh names and lone surnames the archive has seen
    for path in files:
        try:
            parsed = parse_raw(read_text_file(path, max_bytes=max_bytes))
        except UnreadableText as exc:
            yield FileResult(path, Outcome.FAILED, reason=str(exc))
            continue
        extraction = extract_entities(
            parsed.body, language=parsed.language, title=parsed.title, byline=parsed.byline,
            published_on=parsed.published_on, known_people=names,
        )
        names.update(candidate.name for candidate in extraction.people)
        if dry_run:
            yield FileResult(path, planned_outcome(parsed), parsed=parsed, extraction=extraction)
            continue
        outcome, article = upsert_article(parsed, extraction, relink=relink)
        yield FileResult(path, outcome, parsed=parsed, article_id=article.pk, extraction=extraction)
