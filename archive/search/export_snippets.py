"""Snippets for exports: the query is parsed once, then each exported body is cut as the results page cuts it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .parsing import parse_query
from .snippets import make_snippet, positive_terms
from .storage import searchers

_MARK = re.compile(r"</?mark>")


def snippet_maker(q: str) -> Callable[[str], str]:
    """body → the results page's snippet as plain text (no markup: a spreadsheet or feed reader shows it as is).
    Raises QueryError like the search itself."""
    with searchers.use() as searcher:
        parsed = parse_query(q, searcher.reader())  # wildcards expand against the index, as in the search
    terms = positive_terms(parsed.query if parsed else None)
    # make_snippet escapes every piece of text and adds only <mark>: removing it and unescaping gives the text back.
    return lambda body: html.unescape(_MARK.sub("", make_snippet(body, terms)))
