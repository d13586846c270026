"""Shared by the fuzz suite (tests/test_fuzz_*.py): generated values carrying a marker, the check that a marker
never comes back unescaped in HTML or XML, and the counts written to tests/artifacts/fuzz-summary.json.

A marker is `<x-fuzz-N>`: in a page or feed it must only ever appear escaped (`&lt;x-fuzz-N&gt;`); seen as
it is, the input reached the markup unescaped (a reflected XSS).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from hypothesis import strategies as st

ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "fuzz-summary.json"
MARKER = re.compile(rb"<x-fuzz-\d+>")
MARKUP_TYPES = ("text/html", "application/xhtml", "application/atom", "application/xml", "text/xml",
                "application/opensearchdescription")  # fmt: skip

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
marked = st.builds(lambda before, n, after: f"{before}<x-fuzz-{n}>{after}", text, st.integers(0, 10**6), text)
junk = st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "999999999999999999999", "2026-02-30", "0001-01-01",
                        "\x00", "%", "'\"", "../../etc/passwd", "javascript:alert(1)", "//evil.example",
                        "a" * 2000, "Конституция", "Қазақстан", "ﻗﺎﺯﺍﻗﺴﺘﺎﻥ", "*", '"', "(", "NOT", "person:"])
values = st.one_of(marked, text, junk, st.integers(-10**12, 10**12).map(str),
                   st.dates().map(str))  # fmt: skip


@dataclass
class Tally:
    """What one fuzz test tried and found."""

    examples: int = 0
    requests: int = 0
    server_errors: int = 0
    unescaped_reflections: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)  # first few, for the report

    def saw(self, method: str, path: str, response) -> None:
        """Count one response; record (not raise: the test asserts at the end) what must never happen."""
        self.requests += 1
        self.statuses[str(response.status_code)] = self.statuses.get(str(response.status_code), 0) + 1
        if response.status_code >= 500:
            self.server_errors += 1
            self._finding(f"{response.status_code} on {method} {path[:300]}")
        if reflected(response):
            self.unescaped_reflections += 1
            self._finding(f"unescaped marker on {method} {path[:300]}")

    def _finding(self, text: str) -> None:
        if len(self.findings) < 10:
            self.findings.append(text)

    def write(self, name: str) -> None:
        """Merge this test's counts into the summary file (one entry per test, and the totals)."""
        ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
        try:
            summary = json.loads(ARTIFACT.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            summary = {"tests": {}}
        summary["tests"][name] = asdict(self)
        summary["total"] = {key: sum(entry[key] for entry in summary["tests"].values())
                            for key in ("examples", "requests", "server_errors", "unescaped_reflections")}
        ARTIFACT.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nfuzz {name}: {self.examples} examples, {self.requests} requests, {self.server_errors} 5xx, "
              f"{self.unescaped_reflections} unescaped reflections → {ARTIFACT}")


def reflected(response) -> bool:
    kind = response.get("Content-Type", "")
    if not kind.startswith(MARKUP_TYPES) or getattr(response, "streaming", False):
        return False
    return bool(MARKER.search(response.content))
