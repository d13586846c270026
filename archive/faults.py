"""A test hook for the fault suite (tests/test_faults_*.py): stop a process at a named point so a test can kill it
there with SIGKILL, as a power cut or the kernel's OOM killer would.

    QUJAT_FAULT_PAUSE=database:2 QUJAT_FAULT_MARKER=/tmp/at manage.py import_articles …

pauses at the second time the import reaches its database stage (inside the batch's transaction, before the
commit): the process writes "<point> <pid>" to the marker file and sleeps until it is killed. Points: parse,
extract (one text's reading and extraction), database (a batch stored, not committed), index (outbox documents
written to the index, not committed), rebuild (a new index generation filled, not committed nor published).

Unset, as in production, a call costs one environment lookup. No Django: the importer's workers call it too.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

POINTS = ("parse", "extract", "database", "index", "rebuild")
_reached: Counter[str] = Counter()


def pause_at(point: str) -> None:
    wanted = os.environ.get("QUJAT_FAULT_PAUSE")
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != point:
        return
    _reached[point] += 1
    if _reached[point] != int(nth or 1):
        return
    marker = os.environ.get("QUJAT_FAULT_MARKER")
    if marker:  # written aside and renamed: a test polling for the file never reads it empty
        path = Path(marker)
        written = path.with_name(f".{path.name}.{os.getpid()}")
        written.write_text(f"{point} {os.getpid()}", encoding="utf-8")
        os.replace(written, path)
    while True:  # until the test's SIGKILL
        time.sleep(60)
