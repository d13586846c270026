"""Word positions of frequent terms as plain arrays beside each segment, for phrase matching. No Django.

Whoosh keeps a posting's positions as its own small pickle inside zlib-compressed blocks: checking a phrase of
frequent words meant decompressing every block and unpickling tens of thousands of those one by one (~45% of all
engine time over the bench queries at 100k articles). The index builder (building.py) also writes, per segment, one
`<segment id>.qpos` file holding for every term with at least MIN_POSTINGS postings in a Positions field its
postings' frequencies and then all their positions (uint32), in posting order; it is memory-mapped when a phrase
first needs it, and a phrase reads only the slices of its candidate documents.

    QPOS1\\n | directory size (8 bytes, little-endian) | pickled {(field, term): (start, postings, positions)} |
    padding to 4 bytes | uint32 data (starts count from here)

Rarer terms (a block or less of postings) and segments written without the file (Whoosh's own writer, merges,
older indexes) are read from the postings as before (`postings.read_positions`): the file is only a faster copy,
and tests compare the two.
"""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import numpy as np

EXTENSION = ".qpos"
MAGIC = b"QPOS1\n"
MIN_POSTINGS = 128  # one Whoosh block: fewer postings are cheap to decode as they are
_HEADER = len(MAGIC) + 8


class PositionFileWriter:
    """Collects the positions of one segment while its postings are written; `publish()` names the file after
    the segment once the segment's own files are assembled."""

    def __init__(self, folder: str, segment_id: str) -> None:
        self.path = Path(folder) / f"{segment_id}{EXTENSION}"
        # A hidden name until published: Whoosh neither packs it into the compound segment nor cleans it up.
        self.temporary = Path(folder) / f".{segment_id}{EXTENSION}.data"
        self._data = self.temporary.open("wb")
        self._offset = 0  # in uint32 units
        self.directory: dict[tuple[str, str], tuple[int, int, int]] = {}

    def add(self, fieldname: str, text: str, counts: list[int], positions: np.ndarray) -> None:
        if len(counts) < MIN_POSTINGS:
            return
        frequencies = np.asarray(counts, dtype=np.uint32)
        self._data.write(frequencies.tobytes())
        self._data.write(np.ascontiguousarray(positions, dtype=np.uint32).tobytes())
        self.directory[(fieldname, text)] = (self._offset, frequencies.size, positions.size)
        self._offset += frequencies.size + positions.size

    def close(self) -> None:
        self._data.close()

    def publish(self) -> None:
        """Header and directory, then the data, into the segment's file (written whole, then renamed)."""
        directory = pickle.dumps(self.directory, pickle.HIGHEST_PROTOCOL)
        padding = -(_HEADER + len(directory)) % 4
        staging = self.path.with_name(f".{self.path.name}.tmp")
        with staging.open("wb") as out:
            out.write(MAGIC + len(directory).to_bytes(8, "little") + directory + bytes(padding))
            with self.temporary.open("rb") as data:
                while chunk := data.read(1 << 22):
                    out.write(chunk)
        os.replace(staging, self.path)
        self.temporary.unlink(missing_ok=True)

    def discard(self) -> None:
        if not self._data.closed:
            self._data.close()
        self.temporary.unlink(missing_ok=True)


class PositionFile:
    """One segment's `.qpos` file, memory-mapped."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as f:
            header = f.read(_HEADER)
            if header[: len(MAGIC)] != MAGIC:
                raise ValueError(f"{path.name} is not a position file")
            size = int.from_bytes(header[len(MAGIC) :], "little")
            self.directory: dict[tuple[str, str], tuple[int, int, int]] = pickle.loads(f.read(size))
        start = _HEADER + size + (-(_HEADER + size) % 4)
        length = (path.stat().st_size - start) // 4
        self.data = np.memmap(path, dtype=np.uint32, mode="r", offset=start, shape=(length,)) if length else None

    def keys(self, fieldname: str, text: str, docnums: np.ndarray, wanted: np.ndarray) -> np.ndarray | None:
        """Sorted int64 keys docnum << 32 | position of the term's occurrences in the `wanted` documents (bool per
        segment docnum); `docnums` are the term's postings (all of them, ascending). None: not in the file."""
        entry = self.directory.get((fieldname, text))
        if entry is None or self.data is None:
            return None
        start, postings, count = entry
        if postings != docnums.size:
            return None  # not the postings this file was written with: read them the slow way
        frequencies = self.data[start : start + postings].astype(np.int64)
        chosen = np.flatnonzero(wanted[docnums])
        if not chosen.size:
            return np.zeros(0, dtype=np.int64)
        offsets = np.cumsum(frequencies) - frequencies  # where each posting's positions start
        sizes = frequencies[chosen]
        ends = np.cumsum(sizes)
        index = np.repeat(offsets[chosen] - (ends - sizes), sizes) + np.arange(ends[-1])
        positions = self.data[start + postings : start + postings + count][index].astype(np.int64)
        return (np.repeat(docnums[chosen].astype(np.int64), sizes) << 32) | positions


class PositionFiles:
    """Open position files by (index folder, segment id); None remembered for segments without one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[tuple[str, str], PositionFile | None] = {}

    def get(self, folder: str, segment_id: str) -> PositionFile | None:
        key = (folder, segment_id)
        with self._lock:
            if key in self._files:
                return self._files[key]
        path = Path(folder) / f"{segment_id}{EXTENSION}"
        try:
            opened = PositionFile(path) if folder and path.exists() else None
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            opened = None  # a damaged side file: the postings still hold every position
        with self._lock:
            if len(self._files) > 256:  # segments of replaced generations: let their mappings go
                self._files = {k: v for k, v in self._files.items() if k[0] == folder}
            self._files[key] = opened
        return opened

    def clear(self) -> None:
        with self._lock:
            self._files.clear()


position_files = PositionFiles()
