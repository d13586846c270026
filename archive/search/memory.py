"""A long-lived worker's mapped index pages, kept within a budget between requests. No Django.

The pages of the term array files (term_arrays.py, memory-mapped) stay mapped in a process once read, and count
in its RSS: at a million articles a worker's RSS reached ~1.1 GB under load, ~0.5 GB of it such pages. They can
be unmapped between requests without dropping anything the worker holds: they stay in the OS page cache, shared
by every worker, and are mapped again on the next read (a minor fault per 64 KB). Mapping them again is not free
(released after every request at 1M, throughput fell from 58.7 to 32.6 requests/s), so they are released only
when more than a budget of them is resident. gunicorn's post_request hook (config/gunicorn.py) calls
`keep_within` after every request; under the budget it costs one read of /proc/self/statm.

Freed heap is not handed back: glibc's malloc_trim after every search returned ~85 MB at 1M but made the
engine's median 60% slower (numpy's large temporaries then fault fresh pages each time).
"""

from __future__ import annotations

import os

from .term_arrays import term_arrays

_PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 2**20


def mapped_file_bytes() -> int:
    """Bytes of this process's RSS that are pages of mapped files (and shared memory)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[2]) * _PAGE


def keep_within(budget: int) -> bool:
    """When more than `budget` bytes of this process's RSS are pages of mapped files, unmap the term array files'
    pages it has read. Whether it did."""
    if mapped_file_bytes() <= budget:
        return False
    term_arrays.release_pages()
    return True
