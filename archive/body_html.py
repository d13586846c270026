"""An article's body as safe HTML: escaped paragraphs, person and organisation mentions linked, and the words a
search matched marked (<mark id="hit-N">) with plain #anchor links to the previous and next match.

Marks and links nest properly: a mark never spans an entity link's edge (a hit crossing one is marked in pieces,
the id on the first), and the previous / next links, being links, are placed after the entity link a hit ends in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _link_targets(mentions: Iterable) -> tuple[dict[str, str], re.Pattern[str] | None]:
    targets: dict[str, str] = {}
    for mention in mentions:
        entity = getattr(mention, "person", None) or getattr(mention, "organisation", None)
        if mention.surface and mention.surface not in targets:
            targets[mention.surface] = entity.get_absolute_url()
    pattern = (re.compile("|".join(re.escape(s) for s in sorted(targets, key=len, reverse=True)))
               if targets else None)
    return targets, pattern


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph with some text, in the body's own offsets."""
    spans, cursor = [], 0
    for gap in _PARAGRAPH_BREAK.finditer(body):
        spans.append((cursor, gap.start()))
        cursor = gap.end()
    spans.append((cursor, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def _hit_nav(number: int, total: int) -> str:
    previous = f"#hit-{number - 1}" if number > 1 else "#hits"
    following = f"#hit-{number + 1}" if number < total else "#hits"
    return format_html(  # in the interface's language, not the article's
        '<span class="hit-nav" lang="{}"><a href="{}" class="hit-prev" title="{}" aria-label="{}">↑</a>'
        '<a href="{}" class="hit-next" title="{}" aria-label="{}">↓</a></span>',
        get_language() or "en", previous, gettext("previous match"), gettext("previous match"),
        following, gettext("next match"), gettext("next match"),
    )


def body_html(body: str, mentions: Iterable = (), hits: list[tuple[int, int]] | None = None) -> SafeString:
    """`mentions` are already fetched PersonMention / OrganisationMention objects (no queries here); `hits` are
    the (start, end) offsets in `body` of the words to mark, in order and not overlapping."""
    targets, pattern = _link_targets(mentions)
    hits = hits or []
    total, next_hit = len(hits), 0
    out: list[str] = []
    for first, last in _paragraph_spans(body):
        found = pattern.finditer(body, first, last) if pattern else ()
        links = [(m.start(), m.end(), targets[m.group(0)]) for m in found]
        while next_hit < total and hits[next_hit][1] <= first:
            next_hit += 1  # a hit lying in a paragraph break (whitespace only: never happens) is skipped
        start_hit = next_hit
        while next_hit < total and hits[next_hit][0] < last:
            next_hit += 1
        out.append(_paragraph(body, first, last, links, hits, start_hit, next_hit, total))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped in _paragraph


def _paragraph(body: str, first: int, last: int, links: list, hits: list, hit_from: int, hit_to: int,
               total: int) -> str:
    """One <p>: cut at every link and hit edge, each piece escaped and wrapped in what covers it."""
    cuts = {first, last}
    for start, end, _ in links:
        cuts.update((start, end))
    for start, end in hits[hit_from:hit_to]:
        cuts.update((max(start, first), min(end, last)))
    edges = sorted(cuts)
    pieces = ["<p>"]
    link_i, hit_i = 0, hit_from
    open_link = None  # the (start, end, href) we are inside
    pending_nav: list[str] = []  # previous / next links of hits that ended inside the open entity link
    marked: set[int] = set()  # hits whose id has been given
    for a, b in zip(edges, edges[1:], strict=False):
        while link_i < len(links) and links[link_i][1] <= a:
            link_i += 1
        link = links[link_i] if link_i < len(links) and links[link_i][0] <= a else None
        while hit_i < hit_to and hits[hit_i][1] <= a:
            hit_i += 1
        hit = hit_i if hit_i < hit_to and hits[hit_i][0] <= a else None
        if open_link is not None and link is not open_link:
            pieces.append("</a>")
            pieces += pending_nav
            pending_nav, open_link = [], None
        if link is not None and open_link is None:
            pieces.append(format_html('<a class="entity" href="{}">', link[2]))
            open_link = link
        text = escape(body[a:b])
        if hit is None:
            pieces.append(text)
            continue
        number = hit + 1
        anchor = f' id="hit-{number}"' if hit not in marked else ""
        marked.add(hit)
        pieces.append(f'<mark class="hit"{anchor}>{text}</mark>')
        if hits[hit][1] <= b:  # the hit ends here: its previous / next links follow it (outside any entity link)
            (pending_nav if open_link is not None else pieces).append(_hit_nav(number, total))
    if open_link is not None:
        pieces.append("</a>")
        pieces += pending_nav
    pieces.append("</p>")
    return "".join(pieces)


def marked_text(text: str, hits: list[tuple[int, int]]) -> SafeString:
    """A line (a title) escaped, with the hits marked: no ids and no anchors, the body's marks are the chain."""
    pieces, cursor = [], 0
    for start, end in hits:
        pieces += [escape(text[cursor:start]), '<mark class="hit">', escape(text[start:end]), "</mark>"]
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
