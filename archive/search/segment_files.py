"""Damage detection for the files of an index generation. No Django.

Whoosh never rewrites a segment file or a table of contents (TOC) once written (deletions go into the next
commit's TOC), and the version file is written once, so any of them whose size or modification time differs from
what the committing writer recorded was truncated or overwritten since. Whoosh itself notices
only when a read happens to fail, and a process with the data cached might never notice; a few stat() calls per
search catch it before anything is read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

VERSION_FILE = "QUJAT_INDEX_VERSION"  # which schema and analyzers wrote the generation
RECORD = "QUJAT_SEGMENT_FILES"  # {file name: [size, mtime_ns]} of the committed segments, TOC and version file


def _state(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def toc_name(indexname: str, generation: int) -> str:
    return f"_{indexname}_{generation}.toc"  # Whoosh's TOC file name (whoosh.index.TOC._filename)


def record_segment_files(folder: str, segments, *, toc: str, fixed: tuple[str, ...]) -> None:
    """After a commit, under the write lock: remember the files of the committed segments, the commit's TOC and
    the `fixed` files written once with the generation."""
    directory = Path(folder)
    ids = (*(segment.segment_id() for segment in segments), toc, *fixed)
    files = {p.name: _state(p) for p in directory.iterdir() if ids and p.name.startswith(ids)}
    temporary = directory / f".{RECORD}.{os.getpid()}"
    temporary.write_text(json.dumps(files), encoding="utf-8")
    os.replace(temporary, directory / RECORD)  # atomic: readers see the old record or the new one


def segment_files_problem(folder: str, names: list[str]) -> str:
    """What is wrong with the recorded files whose names start with one of `names` (segment ids, a TOC name, the
    fixed files); "" when nothing is. Files committed after the record was written are not known yet and pass."""
    try:
        recorded = _recorded(folder)
    except FileNotFoundError:
        return ""  # an index written before records were kept
    except (OSError, ValueError):
        return f"{RECORD} cannot be read"
    ids = tuple(names)
    for name, state in recorded.items() if ids and isinstance(recorded, dict) else ():
        if not name.startswith(ids):
            continue
        try:
            stat = os.stat(os.path.join(folder, name))  # plain strings: a Path costs more than the stat() itself
        except FileNotFoundError:
            return f"{name} is missing"
        if [stat.st_size, stat.st_mtime_ns] != state:
            return f"{name} changed after it was written"
    return ""


_RECORDS: dict[str, tuple[tuple[int, ...], object]] = {}  # folder → (its record file's stat, what it holds)


def _recorded(folder: str):
    """The folder's record, read again only when its file is another one (each record replaces the last) or
    changed: a search checks the files every time, and reading the record was half of that."""
    path = os.path.join(folder, RECORD)
    stat = os.stat(path)
    key = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    kept = _RECORDS.get(folder)
    if kept is not None and kept[0] == key:
        return kept[1]
    with open(path, encoding="utf-8") as file:
        recorded = json.loads(file.read())
    if len(_RECORDS) > 16:  # folders of replaced generations
        _RECORDS.clear()
    _RECORDS[folder] = (key, recorded)
    return recorded
