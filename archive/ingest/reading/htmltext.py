"""Reduce HTML markup found in a news text to plain text. No Django.

Texts pasted from websites arrive with <p>, <br>, entities and sometimes <script>. The archive keeps the markup in
`raw_text` and indexes and shows only the text: block elements become line breaks, script/style content is
dropped, entities are decoded. What comes out is plain text; the templates escape it like any other text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_MARKUP = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|table|tr|td|th|img|figure|figcaption|blockquote|"
    r"section|article|header|footer|html|head|body|title|script|style|iframe|meta|link)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "p br div h1 h2 h3 h4 h5 h6 ul ol li table tr figure figcaption blockquote section article header footer "
    "title".split()
)
_DROPPED_TAGS = frozenset({"script", "style", "head", "noscript", "template", "iframe"})


def looks_like_html(text: str) -> bool:
    return len(_MARKUP.findall(text[:20000])) >= 1


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROPPED_TAGS:
            self._dropping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_TAGS:
            self._dropping = max(0, self._dropping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(text)
    extractor.close()
    plain = "".join(extractor.parts)
    # Leftover angle brackets (broken tags) are kept as text: the templates escape them.
    return re.sub(r"\n{3,}", "\n\n", plain).strip()
