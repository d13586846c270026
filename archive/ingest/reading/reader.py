"""Find text files and decode them into RawText, refusing what is not a news text. No Django.

Decoding order: a BOM (UTF-8, UTF-16) wins; then strict UTF-8; then Windows-1251, accepted only when the result
reads like Cyrillic prose (any byte string decodes as cp1251, so "it decoded" proves nothing).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
# Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) but line breaks, tabs and form feeds;
# counted by the regex engine, not a Python loop over a 5 MB text.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
MAX_TEXT_BYTES = 5 * 1024 * 1024  # the longest real article we know is ~100 KB; 5 MB leaves room for HTML


class UnreadableText(ValueError):
    """The file cannot be imported; the message says why in words an editor understands."""


@dataclass(frozen=True)
class RawText:
    origin: str  # file name: the article's identity across re-imports
    path: Path
    text: str  # exactly as decoded; nothing normalised
    encoding: str

    @property
    def checksum(self) -> str:
        return text_checksum(self.text)


def text_checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iter_text_files(path: Path) -> Iterator[Path]:
    """The files a path stands for: itself, or the text files below a folder (sorted, hidden ones skipped)."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            relative_parts = child.relative_to(path).parts
            if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES and not any(
                part.startswith(".") for part in relative_parts
            ):
                yield child
    else:
        yield path  # a missing path is reported by read_text_file, with its name


def read_text_file(path: Path, *, max_bytes: int = MAX_TEXT_BYTES) -> RawText:
    if not path.exists():
        raise UnreadableText("no such file or folder")
    if not path.is_file():
        raise UnreadableText("not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableText(
            f"file is too large for a news text: {size / 1024 / 1024:.1f} MB (limit {max_bytes / 1024 / 1024:.0f} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableText(f"cannot read the file: {exc.strerror or exc}") from exc
    text, encoding = decode_bytes(data)
    return RawText(origin=path.name, path=path, text=text, encoding=encoding)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a news text, or raise UnreadableText with the reason."""
    if not data.strip():
        raise UnreadableText("the file is empty")
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding)), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableText(f"the file starts with a {encoding} marker but is not valid {encoding}") from exc
    if b"\x00" in data:
        raise UnreadableText("binary file (contains NUL bytes), not a text")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise UnreadableText("not UTF-8 and not Windows-1251: unknown encoding") from exc
    if not _reads_like_cyrillic(text):
        raise UnreadableText("not UTF-8, and as Windows-1251 it does not read as Russian or Kazakh text")
    return _checked(text), "cp1251"


def _checked(text: str) -> str:
    if not text.strip():
        raise UnreadableText("the file has no text (only whitespace)")
    controls = len(_CONTROLS.findall(text))
    if controls > max(3, len(text) // 200):
        raise UnreadableText("binary file (many control characters), not a text")
    return text


def _reads_like_cyrillic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    return cyrillic / len(letters) >= 0.5
