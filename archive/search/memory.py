"""A long-lived worker's resident memory, kept within a target between requests. No Django.

The pages of the term array files (term_arrays.py, memory-mapped) stay mapped in a process once read, and count
in its RSS: at a million articles a worker's RSS reached ~1.1 GB under load, ~0.5 GB of it such pages. They can
be unmapped between requests without dropping anything the worker holds: they stay in the OS page cache, shared
by every worker, and are mapped again on the next read (a minor fault per 64 KB). Mapping them again is not free
(released after every request at 1M, throughput fell from 58.7 to 32.6 requests/s), so they are released only
when the worker's RSS is over its target. gunicorn's post_request hook (config/gunicorn.py) calls `keep_within`
after every request; under the target it costs one read of /proc/self/statm.

Freed heap is not handed back: glibc's malloc_trim after every search returned ~85 MB at 1M but made the
engine's median 60% slower (numpy's large temporaries then fault fresh pages each time).
"""

from __future__ import annotations

import os

from .term_arrays import term_arrays

_PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 2**20


def resident_bytes() -> int:
    """This process's RSS in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE


def keep_within(target: int) -> bool:
    """When this process's RSS is over `target` bytes, unmap the pages of the term array files read since they
    were last unmapped (none read: nothing to gain, say when the heap alone is over the target). Whether it did."""
    if not term_arrays.bytes_read() or resident_bytes() <= target:
        return False
    term_arrays.release_pages()
    return True


def keep_within_while_reading(target: int, step: int = 32 * MB) -> None:
    """Also call keep_within(target) after every `step` bytes read from the term array files, within a request:
    one reading hundreds of MB of them (a long OR, a CSV export of a frequent word) stays near the target too.
    The arrays built from the pages are copies; unmapping pages under a read only makes it fault them back."""
    term_arrays.watch.step = step
    term_arrays.watch.callback = lambda: keep_within(target)
    term_arrays.watch.reset()
