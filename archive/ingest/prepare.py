"""Everything done to a file before the database: read, parse, extract. No Django, so it runs in worker processes.

One text's trouble stays with that text: an exception while reading, parsing or extracting it, or analysis
that runs past the per-text time limit, fails that text alone with its reason (the caller stores the others).

The names extraction treats as known (KnownNames) are the archive's names when the run started plus every name
found in texts of earlier batches, never those of the same batch: so a text comes out the same whichever worker
extracts it, and whatever the number of workers.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from archive.faults import pause_at
from archive.text import copies

from .extraction.any_script import extract_in_any_script
from .extraction.entities import Extraction
from .extraction.known_people import known_index
from .reading.origins import TextFile
from .reading.parser import ParsedArticle, parse_raw
from .reading.reader import RawText, UnreadableText, read_text_file
from .reading.sidecar import Sidecar, read_sidecar

TEXT_TIMEOUT = 30.0  # seconds to read, parse and extract one text; a real article takes well under a second


class TextTimeout(BaseException):
    """A text's analysis ran past its time limit. A BaseException, so no `except Exception` on the way swallows it."""


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
    # The body's MinHash (archive.text.copies), computed here in the worker: storing then finds its copies without
    # reading the body back. Unset (None) when not computed; a body too short to have one gives an empty array.
    copy_signature: np.ndarray | None = None


def prepare_file(file: TextFile | Path, *, max_bytes: int, known: set[str], text_timeout: float | None = TEXT_TIMEOUT,
                 follow_symlinks: bool = False) -> Prepared:
    file = TextFile.of(file)

    def read() -> RawText:
        raw = read_text_file(file.path, max_bytes=max_bytes, root=file.root, follow_symlinks=follow_symlinks)
        return dataclasses.replace(raw, origin=file.origin)

    return prepare_raw(file.path, read, known=known, text_timeout=text_timeout,
                       sidecar=lambda: read_sidecar(file.path))


def prepare_raw(path: Path, read: Callable[[], RawText], *, known: set[str],
                text_timeout: float | None = TEXT_TIMEOUT,
                sidecar: Callable[[], Sidecar | None] | None = None) -> Prepared:
    """Read (`read` raises UnreadableText to refuse the text), parse and extract one text; never raises.

    `sidecar` reads what the text's sidecar says (only files have one: not a text an editor pastes).

    Whatever goes wrong (a refusal, an unknown bug in a rule or a library, the time limit) comes back as the
    text's reason: nothing of a failed text is stored, so importing it again after a fix starts afresh.
    """
    clock = _Clock()
    try:
        with time_limit(text_timeout):
            return _prepare(path, read, known, clock, sidecar)
    except TextTimeout:
        return clock.failed(path, f"took longer than {text_timeout:g} s to analyse; not stored "
                                  "(a text this slow is malformed or pathological; --text-timeout sets the limit)")


def _prepare(path: Path, read: Callable[[], RawText], known: set[str], clock: _Clock,
             sidecar: Callable[[], Sidecar | None] | None) -> Prepared:
    try:
        raw = read()
        pause_at("parse")
        parsed = parse_raw(raw, sidecar=sidecar() if sidecar else None)
    except UnreadableText as exc:
        return clock.failed(path, str(exc))
    except Exception as exc:  # a bug must not stop the run; the reason names it
        return clock.failed(path, f"could not be read or parsed ({_described(exc)}); not stored")
    clock.parsed()
    try:
        pause_at("extract")
        extraction = extract_in_any_script(
            parsed.body, language=parsed.language, script=parsed.script, title=parsed.title, byline=parsed.byline,
            published_on=parsed.published_on, known_people=known,
        )
    except Exception as exc:  # as above
        return clock.failed(path, f"entity extraction failed: {_described(exc)}; not stored")
    sig = copies.signature(parsed.body)
    return clock.done(Prepared(path, parsed, extraction, copy_signature=np.zeros(0, np.uint32) if sig is None else sig))


def _described(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class _Clock:
    """Wall and CPU time of the two steps (read+parse, extract), for the run's timings."""

    def __init__(self) -> None:
        self.started, self.cpu_started = time.perf_counter(), time.process_time()
        self.parsed_at: tuple[float, float] | None = None

    def parsed(self) -> None:
        self.parsed_at = (time.perf_counter(), time.process_time())

    def done(self, item: Prepared) -> Prepared:
        now, cpu_now = time.perf_counter(), time.process_time()
        parsed_at, cpu_parsed_at = self.parsed_at or (now, cpu_now)
        return dataclasses.replace(
            item, read_parse_s=parsed_at - self.started, read_parse_cpu_s=cpu_parsed_at - self.cpu_started,
            extract_s=now - parsed_at, extract_cpu_s=cpu_now - cpu_parsed_at,
        )

    def failed(self, path: Path, reason: str) -> Prepared:
        return self.done(Prepared(path, reason=reason))


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TextTimeout in this block after `seconds` (real time), through SIGALRM.

    Only in a process's main thread (the import command, each pool worker, gunicorn's sync workers) and where
    there is SIGALRM; elsewhere (runserver's request threads) the block runs unlimited. The previous handler and
    timer are restored, so a caller's own alarm still fires (late by at most this block's time).
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame) -> None:
        raise TextTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


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
