"""Frequent terms' postings and word positions as plain arrays beside each segment. No Django.

Whoosh keeps a term's postings in zlib-compressed pickled blocks of 128, and a posting's positions as one more
small pickle inside them: reading a frequent word for the first time meant decompressing and unpickling ~500
blocks per field (~100 ms at 100k articles, the whole of a fresh process's first search), and checking a phrase
of frequent words meant unpickling tens of thousands of position lists one by one (~45% of all engine time over
the bench queries at 100k). The index builder (building.py) also writes, per segment, one `<segment id>.qarr`
file with, for every term of at least MIN_POSTINGS postings, in posting order: the gaps between its document
numbers, its frequencies (the weights are frequency × the field's boost, as Whoosh computes them; fields whose
postings carry other weights store those as float32) and, for Positions fields, every posting's positions one
after the other. Each array is little-endian in the smallest unsigned type that holds it (uint8, 16 or 32) and
starts 4-byte aligned. The file is memory-mapped when first needed; a term is a few slices of it, a phrase
reads only the positions of its candidate documents.

    QARR2\\n | directory size (8 bytes, little-endian) | directory | padding to 4 bytes | data
    directory: pickled {(field, term): (byte offset, postings, positions or -1, first docnum, weights stored,
                                        dtype of the gaps, of the frequencies or weights[, of the positions])}

Rarer terms, and segments written without the file (Whoosh's own writer, merges, older indexes), are read from
the posting blocks (postings.py): the file is only a faster copy, and tests compare the two for every term.
"""

from __future__ import annotations

import mmap
import os
import pickle
import threading
from pathlib import Path

import numpy as np

EXTENSION = ".qarr"
MAGIC = b"QARR2\n"
MIN_POSTINGS = 128  # one Whoosh block: fewer postings are cheap to decode as they are
SKIPPED_FIELDS = frozenset({"words"})  # read only for its vocabulary ("did you mean"), never as postings
_HEADER = len(MAGIC) + 8
NO_POSITIONS = -1


def _smallest(values: np.ndarray, kinds: str = "BHI") -> np.ndarray:
    """`values` (non-negative integers) in the smallest of uint8 / uint16 / uint32 that holds them."""
    top = int(values.max()) if values.size else 0
    for kind in kinds:
        if top <= np.iinfo(np.dtype(kind)).max:
            return values.astype(np.dtype(kind).newbyteorder("<"))
    raise OverflowError(top)


class TermArrayWriter:
    """Collects one segment's frequent terms while its postings are written; `publish()` names the file after
    the segment once the segment's own files are assembled."""

    def __init__(self, folder: str, segment_id: str) -> None:
        self.path = Path(folder) / f"{segment_id}{EXTENSION}"
        # A hidden name until published: Whoosh neither packs it into the compound segment nor cleans it up.
        self.temporary = Path(folder) / f".{segment_id}{EXTENSION}.data"
        self._data = self.temporary.open("wb")
        self._offset = 0  # bytes
        self.directory: dict[tuple[str, str], tuple] = {}

    def add(self, fieldname: str, text: str, docnums: list[int], weights: np.ndarray | None,
            frequencies: list[int] | None, positions: np.ndarray | None) -> None:  # fmt: skip
        """A term's postings: `weights` for fields whose weights are not frequency × field boost (else None, and
        the frequencies are stored instead); positions for Positions fields."""
        size = len(docnums)
        if size < MIN_POSTINGS or fieldname in SKIPPED_FIELDS:
            return
        ids = np.asarray(docnums, dtype=np.int64)
        parts = [_smallest(np.diff(ids, prepend=ids[0]))]  # gaps between document numbers
        if weights is not None:
            parts.append(np.asarray(weights, dtype="<f4"))
        else:
            parts.append(_smallest(np.asarray(frequencies, dtype=np.int64)))
        if positions is not None:
            parts.append(_smallest(np.asarray(positions, dtype=np.int64), "HI"))
        entry = [self._offset, size, positions.size if positions is not None else NO_POSITIONS, int(ids[0]),
                 weights is not None, *(part.dtype.str for part in parts)]  # fmt: skip
        for part in parts:
            data = part.tobytes()
            self._data.write(data + bytes(-len(data) % 4))  # each part starts 4-byte aligned
            self._offset += len(data) + (-len(data) % 4)
        self.directory[(fieldname, text)] = tuple(entry)

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


class ReadWatch:
    """Bytes read from the term array files since their pages were last released; `callback`, when set, is
    called after every `step` bytes (memory.py: a request reading hundreds of MB is kept within a target too)."""

    def __init__(self) -> None:
        self.total = 0
        self.step = 0
        self.callback = None
        self._next = 0

    def add(self, nbytes: int) -> None:
        self.total += nbytes
        if self.callback is not None and self.total >= self._next:
            self._next = self.total + self.step
            self.callback()

    def reset(self) -> None:
        self.total, self._next = 0, self.step


class TermArrayFile:
    """One segment's `.qarr` file, memory-mapped (pages read stay mapped until `release_pages`)."""

    def __init__(self, path: Path, watch: ReadWatch | None = None) -> None:
        self._watch = watch
        with path.open("rb") as f:
            header = f.read(_HEADER)
            if header[: len(MAGIC)] != MAGIC:
                raise ValueError(f"{path.name} is not a term array file of this version")
            size = int.from_bytes(header[len(MAGIC) :], "little")
            self.directory: dict[tuple[str, str], tuple] = pickle.loads(f.read(size))
        start = _HEADER + size + (-(_HEADER + size) % 4)
        length = path.stat().st_size - start
        self._map = self.data = None
        self.bytes_read = 0  # since the pages were last released (a guide to whether releasing frees any)
        if length:
            with path.open("rb") as f:
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            self.data = np.frombuffer(self._map, dtype=np.uint8, count=length, offset=start)

    def release_pages(self) -> None:
        """Unmap the pages read so far from this process (they stay in the OS page cache; the next read maps
        them again): a worker's RSS then counts what it holds, not every page it ever read (memory.py)."""
        if self._map is not None:
            self._map.madvise(mmap.MADV_DONTNEED)
        self.bytes_read = 0

    def _parts(self, entry: tuple) -> list[np.ndarray]:
        offset, size, count, _, _, *kinds = entry
        parts = []
        for kind, n in zip(kinds, (size, size, count), strict=False):
            nbytes = n * np.dtype(kind).itemsize
            parts.append(self.data[offset : offset + nbytes].view(kind))
            offset += nbytes + (-nbytes % 4)
        self.bytes_read += offset - entry[0]
        if self._watch is not None:
            self._watch.add(offset - entry[0])
        return parts

    def _docnums(self, entry: tuple, gaps: np.ndarray) -> np.ndarray:
        docnums = np.cumsum(gaps, dtype=np.int64)
        docnums += entry[3]
        return docnums

    def postings(self, fieldname: str, text: str, boost: float) -> tuple[np.ndarray, np.ndarray] | None:
        """(docnums int32, weights float32) of the term, or None when the file does not have it. `boost`: the
        field's, for weights stored as frequencies (Whoosh's weight: frequency × boost, a double, in float32)."""
        entry = self.directory.get((fieldname, text))
        if entry is None or self.data is None:
            return None
        gaps, numbers = self._parts(entry)[:2]
        if entry[3] + entry[1] * (2 ** (8 * gaps.dtype.itemsize) - 1) <= np.iinfo(np.int32).max:
            docnums = np.cumsum(gaps, dtype=np.int32)  # no sum can leave int32: one pass, not two
            docnums += np.int32(entry[3])
        else:
            docnums = self._docnums(entry, gaps).astype(np.int32)
        if entry[4]:
            return docnums, np.array(numbers, dtype=np.float32)
        return docnums, (numbers.astype(np.float64) * boost).astype(np.float32)

    def keys(self, fieldname: str, text: str, docnums: np.ndarray, wanted: np.ndarray) -> np.ndarray | None:
        """Sorted int64 keys docnum << 32 | position of the term's occurrences in the `wanted` documents (bool per
        segment docnum); `docnums` are the term's postings (all of them, ascending). None: not in the file."""
        entry = self.directory.get((fieldname, text))
        if entry is None or self.data is None or entry[2] == NO_POSITIONS or entry[4]:
            return None
        if entry[1] != docnums.size:
            return None  # not the postings this file was written with: read them the slow way
        chosen = np.flatnonzero(wanted[docnums])
        if not chosen.size:
            return np.zeros(0, dtype=np.int64)
        _, frequencies, positions = self._parts(entry)
        frequencies = frequencies.astype(np.int64)
        offsets = np.cumsum(frequencies) - frequencies  # where each posting's positions start
        sizes = frequencies[chosen]
        ends = np.cumsum(sizes)
        index = np.repeat(offsets[chosen] - (ends - sizes), sizes) + np.arange(ends[-1])
        return (np.repeat(docnums[chosen].astype(np.int64), sizes) << 32) | positions[index].astype(np.int64)


class TermArrayFiles:
    """Open files by (index folder, segment id); None remembered for segments without one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[tuple[str, str], TermArrayFile | None] = {}
        self.watch = ReadWatch()
        self.enabled = True  # False: every segment read from its posting blocks (the bench compares the two)

    def get(self, folder: str, segment_id: str) -> TermArrayFile | None:
        if not self.enabled:
            return None
        key = (folder, segment_id)
        with self._lock:
            if key in self._files:
                return self._files[key]
        path = Path(folder) / f"{segment_id}{EXTENSION}"
        try:
            opened = TermArrayFile(path, self.watch) if folder and path.exists() else None
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            opened = None  # a damaged file: the posting blocks still hold everything
        with self._lock:
            if len(self._files) > 256:  # segments of replaced generations: let their mappings go
                self._files = {k: v for k, v in self._files.items() if k[0] == folder}
            self._files[key] = opened
        return opened

    def clear(self) -> None:
        with self._lock:
            self._files.clear()

    def bytes_read(self) -> int:
        """Bytes read from the open files since their pages were last released."""
        with self._lock:
            return sum(f.bytes_read for f in self._files.values() if f is not None)

    def release_pages(self) -> None:
        """Release the pages of every file read since its last release."""
        with self._lock:
            opened = [f for f in self._files.values() if f is not None and f.bytes_read]
        for f in opened:
            f.release_pages()
        self.watch.reset()


term_arrays = TermArrayFiles()
