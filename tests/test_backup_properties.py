"""Property: any small archive (arbitrary text in every field, odd dates, bytes, lists) survives export → an empty
database → import with every row of every table equal. In-process, without the index rebuild (its processes
could not see the test's transaction; tests/test_backup.py covers the rebuild and the search answers).

NUL is left out of the generated text: PostgreSQL cannot store it in a text column, whatever the backup does.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.backup import import_archive
from archive.models import (
    Article,
    CopyCluster,
    Event,
    Language,
    Person,
    PersonMention,
    Quote,
    Source,
)

from .hypothesis_profiles import LONG, PROFILE
from .test_backup import _emptied

pytestmark = pytest.mark.django_db
EXAMPLES = settings(settings.get_profile(PROFILE), max_examples=settings.get_profile(PROFILE).max_examples
                    if LONG else 20)
text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
words = text.filter(lambda t: t.strip())
_serial = itertools.count()

article_data = st.fixed_dictionaries({
    "title": words, "body": text, "raw_text": text, "byline": text,
    "language": st.sampled_from(list(Language.values)),
    "published_on": st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    "published_time": st.none() | st.times(),
    "copy_signature": st.binary(max_size=24),
    "edited_fields": st.lists(st.sampled_from(list(Article.EDITOR_FIELDS)), max_size=3, unique=True),
    "read_count": st.none() | st.integers(0, 2**31 - 1),
})  # fmt: skip


@st.composite
def archives(draw) -> dict:
    return {"sources": draw(st.lists(words, max_size=2, unique_by=str.casefold)),
            "articles": draw(st.lists(article_data, min_size=1, max_size=4)),
            "people": draw(st.lists(st.tuples(words, st.lists(words, max_size=3)), max_size=3)),
            "quotes": draw(st.lists(text, max_size=3)), "event": draw(st.none() | words),
            "cluster": draw(st.booleans())}


def _build(archive: dict) -> None:
    sources = [Source.objects.create(name=f"{name[:180]} {next(_serial)}") for name in archive["sources"]]
    cluster = CopyCluster.objects.create() if archive["cluster"] else None
    articles = []
    for i, data in enumerate(archive["articles"]):
        articles.append(Article.objects.create(
            **data, checksum=f"{next(_serial):064d}", origin=f"gen/{i}.txt",
            source=sources[i % len(sources)] if sources else None, cluster=cluster if i < 2 else None))
    people = []
    for name, aliases in archive["people"]:
        person = Person.objects.create(name=name[:300])
        for alias in aliases:
            person.add_alias(alias)
        PersonMention.objects.create(article=articles[0], person=person, surface=name[:300], confidence=0.5)
        people.append(person)
    for i, quote in enumerate(archive["quotes"]):
        Quote.objects.create(article=articles[-1], speaker=people[0] if people else None, text=quote, position=i)
    if archive["event"]:
        event = Event.objects.create(title=archive["event"][:500], starts_on=articles[0].published_on)
        event.articles.set(articles)
        event.participants.set(people)


@EXAMPLES
@given(archive=archives())
def test_any_small_archive_restores_with_every_row_equal(tmp_path_factory, archive):
    from tests.backup_probe import tables

    _emptied()
    _build(archive)
    before = tables()
    backup = tmp_path_factory.mktemp("backup") / "qujat.jsonl.gz"
    call_command("export_archive", str(backup), stdout=io.StringIO())
    _emptied()
    report = import_archive(backup, rebuild_index=False)
    assert report.counts["archive.article"] == len(archive["articles"])
    assert tables() == before
