"""Find text files and decode them into RawText, refusing what is not a news text. No Django.

Which encoding: see `encodings` (a BOM, then UTF-8, then a detector checked by reading the result). Which files:
regular files only (a FIFO is never opened, a device never read), and symbolic links only while they stay inside
the folder being imported, unless `follow_symlinks` (a link to /etc/passwd is refused, with its reason).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .encodings import Decoded, UnreadableText, decode

TEXT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
MAX_TEXT_BYTES = 5 * 1024 * 1024  # the longest real article we know is ~100 KB; 5 MB leaves room for HTML


@dataclass(frozen=True)
class RawText:
    origin: str  # file name: the article's identity across re-imports
    path: Path
    text: str  # exactly as decoded; nothing normalised
    encoding: str
    notes: tuple[str, ...] = ()  # doubts about the decoding, for the article's review reasons

    @property
    def checksum(self) -> str:
        return text_checksum(self.text)


def text_checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iter_text_files(path: Path, *, follow_symlinks: bool = False) -> Iterator[Path]:
    """The files a path stands for: itself, or the text files below a folder (sorted, hidden ones skipped).

    Links and special files with a text file's name are listed too, so that their refusal is reported, never a
    silent skip. Linked folders are not walked into unless `follow_symlinks`.
    """
    if not path.is_dir():
        yield path  # a missing path is reported by read_text_file, with its name
        return
    found, seen, base = [], set(), path.resolve()
    for folder, subfolders, names in os.walk(path, followlinks=follow_symlinks):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:  # a link back to a folder already walked (--follow-symlinks)
            subfolders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in subfolders:
            link = Path(folder) / name
            if not follow_symlinks and link.is_symlink() and base not in link.resolve().parents:
                found.append(link)  # a linked folder outside the import: not walked, reported by read_text_file
        found += [Path(folder) / name for name in names
                  if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES]
    yield from sorted(found, key=lambda file: file.relative_to(path).parts)


def read_text_file(path: Path, *, max_bytes: int = MAX_TEXT_BYTES, root: Path | None = None,
                   follow_symlinks: bool = False) -> RawText:
    """Read and decode one file. `root`: the folder being imported (by default the file's own folder), out of
    which a symbolic link is not followed unless `follow_symlinks`."""
    if not os.path.lexists(path):
        raise UnreadableText("no such file or folder")
    if not follow_symlinks:
        _refuse_links_out_of(path, root or path.parent)
    data = _read_regular_file(path, max_bytes)
    decoded = decode(data)
    return RawText(origin=path.name, path=path, text=decoded.text, encoding=decoded.encoding, notes=decoded.notes)


def _refuse_links_out_of(path: Path, root: Path) -> None:
    target, base = path.resolve(), root.resolve()
    if target != base and base not in target.parents:
        raise UnreadableText(
            f"a symbolic link to {target}, outside the folder being imported ({base}); "
            "not followed (use --follow-symlinks to import it)"
        )


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; anything but a regular file is refused without blocking (O_NONBLOCK: a FIFO with no
    writer would otherwise wait forever; the type is checked on the opened descriptor, so it cannot change)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UnreadableText(f"cannot read the file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableText(f"not a regular file ({_kind(info.st_mode)}), not a text")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        reason = "a FIFO or device" if exc.errno == errno.ENXIO else exc.strerror or exc
        raise UnreadableText(f"cannot read the file: {reason}") from exc
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableText(f"not a regular file ({_kind(info.st_mode)}), not a text")
        if info.st_size > max_bytes:
            raise UnreadableText(
                f"file is too large for a news text: {info.st_size / 1024 / 1024:.1f} MB "
                f"(limit {max_bytes / 1024 / 1024:.0f} MB)"
            )
        try:
            return handle.read(max_bytes + 1)
        except OSError as exc:
            raise UnreadableText(f"cannot read the file: {exc.strerror or exc}") from exc


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def decode_bytes(data: bytes) -> Decoded:
    """Decode a news text: (text, encoding, review notes), or raise UnreadableText with the reason."""
    return decode(data)
