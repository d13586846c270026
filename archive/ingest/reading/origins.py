"""Which text a file is: its path relative to the import root. No Django.

A file's base name is not an identity: `a/index.txt` and `b/index.txt` are two texts. Its path relative to the
folder being imported is, and stays the same when the archive moves (`/mnt/old/press/a/index.txt` and
`/srv/press/a/index.txt` imported from `press/` are both `a/index.txt`). A file given alone has its own folder as
root, so its origin is its name. Paths are recorded with forward slashes, whatever the system.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from .reader import iter_text_files


@dataclass(frozen=True)
class TextFile:
    """A file to import and the origin it is known by."""

    path: Path
    origin: str
    root: Path | None = None  # the folder given, out of which links are not followed (None: the file's folder)

    @classmethod
    def of(cls, file: TextFile | Path) -> TextFile:
        """A TextFile as is; a bare path is a file given alone (its origin is its name)."""
        return file if isinstance(file, TextFile) else cls(Path(file), Path(file).name)


def origin_of(path: Path, root: Path) -> str:
    """`path` relative to `root`, with forward slashes (`root` itself, a file given alone: its name)."""
    try:
        relative = PurePath(path).relative_to(root)
    except ValueError:
        return Path(path).name
    return relative.as_posix() if relative.parts else Path(path).name


def text_files(path: Path, *, follow_symlinks: bool = False) -> list[TextFile]:
    """The text files a path given to the importer stands for, each with its origin relative to that path."""
    path = Path(path)
    root = path if path.is_dir() else path.parent
    return [TextFile(file, origin_of(file, root), root)
            for file in iter_text_files(path, follow_symlinks=follow_symlinks)]
