"""Snippets with the query's words marked, built as safe HTML from untrusted article text.

Every piece of article text passes through `escape()`; the only markup added is <mark>. Words are matched the
way they were indexed: the analyzers' own word → term steps turn both the text and the query into terms, so
«референдума» is marked for the query референдуму, and «Тоқаев» for Tokayev.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from whoosh import query as wq

from .analyzers import TERM_FUNCTIONS, WORD_RE

SNIPPET_CHARS = 240

# Which analyzer made the terms of each field (see schema.py).
_ANALYZER_OF_FIELD = {
    "title_ru": "ru", "body_ru": "ru", "organisation": "ru", "event": "ru",
    "title_kk": "kk", "body_kk": "kk", "title_en": "en", "body_en": "en",
    "names": "names", "title_names": "names", "person": "names",
}  # fmt: skip


def positive_terms(query: wq.Query | None) -> dict[str, set[str]]:
    """Analyzer name → the terms the query looks for (terms under NOT are left out: they are absent)."""
    found: dict[str, set[str]] = {}

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Phrase):
            pairs: Iterable = ((node.fieldname, word) for word in node.words)
        elif isinstance(node, wq.Term):
            pairs = [(node.fieldname, node.text)]
        else:
            for child in node.children():
                walk(child)
            return
        for fieldname, text in pairs:
            analyzer = _ANALYZER_OF_FIELD.get(fieldname)
            if analyzer:
                found.setdefault(analyzer, set()).add(text.decode() if isinstance(text, bytes) else text)

    if query is not None:
        walk(query)
    return found


def _marked_spans(text: str, terms: dict[str, set[str]]) -> list[tuple[int, int]]:
    words = set(WORD_RE.findall(text))  # each distinct word is stemmed once, not at every occurrence
    marked = {  # the term functions remember their answers (lru_cache in analyzers.py)
        word for analyzer, wanted in terms.items() for word in words if TERM_FUNCTIONS[analyzer](word) in wanted
    }
    if not marked:
        return []
    return [match.span() for match in WORD_RE.finditer(text) if match.group() in marked]


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The stretch of about `width` characters holding the most marked words, widened to word boundaries."""
    if not spans:
        start = 0
    else:
        ends = [e for _, e in spans]  # ascending: word spans do not overlap
        best, start = -1, spans[0][0]
        for i, (first, _) in enumerate(spans):
            count = bisect_right(ends, first + width, i) - i  # spans from the i-th ending within the width
            if count > best:
                best, start = count, max(0, first - width // 4)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def make_snippet(text: str, terms: dict[str, set[str]], *, width: int = SNIPPET_CHARS) -> SafeString:
    text = " ".join(text.split())
    spans = _marked_spans(text, terms) if terms else []
    start, end = _window(text, spans, width)
    pieces, cursor = [], start
    for first, last in spans:
        if first < cursor or last > end:
            continue
        pieces += [escape(text[cursor:first]), "<mark>", escape(text[first:last]), "</mark>"]
        cursor = last
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every text piece is escaped above
