"""Cutting long sequences into pieces (queries with IN (...), index batches). Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def chunks(values: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` values, in order."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
