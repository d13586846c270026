"""An Atom 1.0 feed of any search: its newest matches, with the search's filters, for a feed reader."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from archive.exports import export_articles

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FEED_ENTRIES = 50  # a reader polls again: the newest fifty are what it has not seen


class TextSummaryAtomFeed(Atom1Feed):
    """Django writes an entry's description as `<summary type="html">`; ours is plain text (a snippet), so it is
    written as type="text" and shown as typed, whatever it contains."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def _xml_text(text: str) -> str:
    """XML 1.0 cannot carry control characters (an imported text may hold them): they become spaces."""
    return _CONTROL.sub(" ", text)


def _published(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time()))  # the outlet's time, in Almaty


def search_feed(
    request: HttpRequest, q: str, matches: list[tuple[int, int]], snippet: Callable[[str], str], results_url: str
) -> TextSummaryAtomFeed:
    """`matches` newest first (the caller searches with sort=date); the first FEED_ENTRIES become entries."""
    title = _("Qujat: «%(query)s»") % {"query": q} if q else _("Qujat: all articles")
    feed = TextSummaryAtomFeed(
        title=title, link=results_url, description="", feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(), author_name="Qujat",
        subtitle=_("Newest articles matching this search in the Qujat press archive"),
    )
    for article, _copies in export_articles(matches[:FEED_ENTRIES]):
        permalink = request.build_absolute_uri(article.get_absolute_url())
        feed.add_item(
            title=_xml_text(article.title), link=permalink, unique_id=permalink,
            description=_xml_text(snippet(article.body)),
            pubdate=_published(article.published_on, article.published_time),
            updateddate=article.updated_at, author_name=article.source.name if article.source else None,
        )
    return feed
