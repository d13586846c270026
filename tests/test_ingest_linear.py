"""Import cost is linear in a text's size (issue 10): long and pathological texts are read, parsed and extracted
in seconds, and the shortcuts that made that so answer exactly what the scans they replace did.

Not timed precisely (timing tests are flaky on a shared 2-core machine): a 400 KB text of each shape must be
prepared within a generous bound. A quadratic step fails it by far — before the fix, «Конституция референдум »
repeated to 100,000 characters took 21 s, so 400 KB would take minutes — while a linear one takes about a second.
The 1 MB / 5 MB timings are the benchmark's (bench/long_import.py, `make bench`).
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.extraction.entity_text import Document, has_words
from archive.ingest.prepare import prepare_file
from archive.ingest.reading.reader import MAX_TEXT_BYTES
from bench.long_texts import SHAPES, long_text

from .hypothesis_profiles import LONG, PROFILE

SIZE_BYTES = 400 * 1024
BOUND_S = 20.0  # ~1 s when linear; a quadratic step takes minutes at this size


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8")[:SIZE_BYTES].decode("utf-8", "ignore").encode("utf-8"))
    return path


def _prepared_within_bound(path):
    started = time.perf_counter()
    prepared = prepare_file(path, max_bytes=MAX_TEXT_BYTES, known=set())
    seconds = time.perf_counter() - started
    assert seconds < BOUND_S, f"{path.name}: {seconds:.1f} s for {path.stat().st_size:,} bytes"
    return prepared


@pytest.mark.parametrize("shape", SHAPES)
def test_a_400_kb_text_of_any_shape_is_prepared_in_seconds(tmp_path, shape):
    path = _write(tmp_path, f"{shape}.txt", long_text(shape, SIZE_BYTES))
    assert path.stat().st_size > 0.9 * SIZE_BYTES
    prepared = _prepared_within_bound(path)
    assert prepared.parsed is not None and prepared.extraction is not None, prepared.reason


def test_a_long_text_finds_what_its_first_copy_finds(tmp_path):
    """Repeating the seeds does not lose or invent anything: the work grows with the text, the findings do not."""
    once = prepare_file(_write(tmp_path, "once.txt", long_text("paragraphs", 30_000)), max_bytes=MAX_TEXT_BYTES,
                        known=set()).extraction
    many = _prepared_within_bound(_write(tmp_path, "many.txt", long_text("paragraphs", 200_000))).extraction
    assert {p.name for p in many.people} == {p.name for p in once.people}
    assert {o.name for o in many.organisations} == {o.name for o in once.organisations}
    assert {e.key for e in many.events} == {e.key for e in once.events}
    assert {q.text for q in many.quotes} == {q.text for q in once.quotes}


# A repeated short unit is the worst case for a step that rescans the rest of the text at every match: thousands of
# matches, and (without . ! ? or a line end) no sentence end to stop the scan.
_PIECES = st.sampled_from([
    "Конституция", "референдум", "15 марта", "2026 года", "Ерлан Карин", "Вера Ким", "депутат Мажилиса", "Р. Василенко",
    "«", "»", '"', "«Нур Отан»", " – ", ", – отметил", "сказала:", "По его словам,", "круглый стол", "состоялся",
    "Сенат", "министрлігінің", "деп атап өтті", "айтуынша,", "АДГС", ",", ".", ":", "\n", "\n– ", "Тоқаев",
])  # fmt: skip


@settings(settings.get_profile(PROFILE), max_examples=60 if LONG else 5)
@given(unit=st.lists(_PIECES, min_size=1, max_size=12).map(" ".join))
def test_a_short_unit_repeated_to_100_000_characters_is_prepared_in_seconds(tmp_path_factory, unit):
    text = " date 2026-03-16 Заголовок\n\n" + (unit + " ") * (100_000 // (len(unit) + 1))
    path = tmp_path_factory.mktemp("unit") / "unit.txt"
    path.write_text(text, encoding="utf-8")
    _prepared_within_bound(path)


# The shortcuts answer what the scans they replace answered.

_TEXT = st.text(alphabet=st.sampled_from("аб Р.К!?…\n «»\":,–-"), max_size=60)


def _scanned_sentence_bounds(body: str, offset: int) -> tuple[int, int]:
    """The character walk sentence_bounds used to do."""

    def initial(dot: int) -> bool:
        before = body[max(0, dot - 2) : dot]
        return len(before) == 2 and not before[0].isalpha() and before[1].isupper()

    start = offset
    while start > 0 and not (body[start - 1] == "\n" or (body[start - 1] in ".!?…" and not initial(start - 1))):
        start -= 1
    end = offset
    while end < len(body):
        if body[end] == "\n" or (body[end] in ".!?…" and not initial(end)):
            end += 1
            break
        end += 1
    return start, end


@settings(settings.get_profile(PROFILE))
@given(body=_TEXT, data=st.data())
def test_sentence_bounds_are_those_of_the_character_walk(body, data):
    offset = data.draw(st.integers(0, len(body)))
    assert Document(body, "ru").sentence_bounds(offset) == _scanned_sentence_bounds(body, offset)


@settings(settings.get_profile(PROFILE))
@given(body=_TEXT, data=st.data())
def test_the_word_just_after_is_that_of_the_stripped_rest(body, data):
    doc = Document(body, "ru")
    offset = data.draw(st.integers(0, len(body)))
    rest = body[offset + 1 :]
    stripped = rest.lstrip(" ")
    expected = None if len(rest) - len(stripped) > 2 else doc.token_at(offset + 1 + len(rest) - len(stripped))
    assert doc.token_just_after(offset) is expected


@settings(settings.get_profile(PROFILE))
@given(text=st.text(alphabet=st.sampled_from("аб «»\"\n\t\u00a0\u2003"), max_size=40), data=st.data())
def test_word_counts_stop_early_but_agree_with_split(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    count = data.draw(st.integers(0, 7))
    assert has_words(text, start, end, count) == (len(text[start:end].split()) >= count)
    quoted_word = re.compile(r"[«»\"“”„]*[^\s«»\"“”„]\S*")  # organisations: words that survive stripping quotes
    if has_words(text, start, end, count, quoted_word):
        assert len(" ".join(text[start:end].split()).strip(" «»\"“”„").split()) >= count


def _scanned_role_after(doc: Document, last) -> str:
    """role_after as it was: the walk to the clause's end, then the 12-word limit."""
    from archive.ingest.extraction.data.roles import CAPITALISED_BY_CONVENTION
    from archive.ingest.extraction.word_classes import is_role_word
    from archive.text import fold

    after = doc.token(last.index + 1)
    if after is None or after.gap.strip() != "," or not is_role_word(after) or after.cap and not after.sent_start and (
        fold(after.text) in CAPITALISED_BY_CONVENTION
    ):
        return ""
    end, depth, body = after.start, 0, doc.body
    while end < len(body):
        ch = body[end]
        if ch in "«“„":
            depth += 1
        elif ch in "»”" and depth:
            depth -= 1
        elif depth == 0 and (ch in ",.;:!?()\n" or body.startswith((" – ", " — ", " - "), end)):
            break
        end += 1
    phrase = body[after.start : end].strip()
    return phrase if len(phrase.split()) <= 12 else ""


_ROLE_PIECES = st.sampled_from(["Вера Ким", ",", "депутат", "член", "комиссии", "по", "реформе", "«", "»", "Сената",
                                " – ", " — ", " - ", "-", ".", "\n", "председатель", "Совета", "(", ")", "“", "„", "”",
                                ":", ",депутат", "«Нур", "Отан»", "Депутат"])


@settings(settings.get_profile(PROFILE))
@given(words=st.lists(_ROLE_PIECES, max_size=50), joiner=st.sampled_from([" ", "", "  "]))
def test_role_after_stops_early_but_finds_what_the_walk_found(words, joiner):
    from archive.ingest.extraction.person_roles import role_after

    doc = Document(joiner.join(words), "ru")
    for token in doc.tokens:
        assert role_after(doc, token) == _scanned_role_after(doc, token)


# Runs without a space: a domain pattern that tried every letter of a run (and backtracked through it) was quadratic
# in the run's length: 20,000 Latin letters took 7 s to parse, 40,000 over a minute.
_RUNS = {"latin": "a", "dotted": "a.", "latin_digits": "a1", "hyphens": "a-", "cyrillic": "а", "digits": "1",
         "url_path": "a/"}  # fmt: skip


@pytest.mark.parametrize("kind", _RUNS)
def test_a_long_run_without_spaces_is_prepared_in_seconds(tmp_path, kind):
    text = " date 2026-03-16 Заголовок\n\nПервый абзац о Конституции. " + _RUNS[kind] * (200_000 // len(_RUNS[kind]))
    prepared = _prepared_within_bound(_write(tmp_path, f"{kind}.txt", text + " передает Kazpravda.kz"))
    assert prepared.parsed is not None and prepared.parsed.source == "Kazpravda.kz"


# provenance's domain pattern before it read labels possessively and required a word start (quadratic on a run).
_OLD_DOMAIN = re.compile(r"(?<![\w@.])[a-z\d][\w\-]*(?:\.[a-z\d][\w\-]*)*\."
                         r"(?:kz|ru|com|org|net|info|media|news|tv|kg|uz|asia|cn|io)\b", re.I)
_SOURCE_PIECES = st.sampled_from(["kazpravda.kz", "Kazinform.kz", "news.a-b.ru", "a.b.c", "BAQ.KZ", "baq.kz",
                                  "передает", "передаёт", "сообщает", "корреспондент", "тілшісі", "деп хабарлайды",
                                  "«", "»", "сайты", ".", "-", "1", "x_y.kz", "kz", "Тоқаев", "сайт", "\n",
                                  "kazakh.ts.cn", "a@b.kz", "www.inform.kz/ru"])


@settings(settings.get_profile(PROFILE))
@given(words=st.lists(_SOURCE_PIECES, max_size=12))
def test_the_domain_pattern_finds_what_it_found_in_spaced_text(words):
    from archive.ingest.reading.provenance import _DOMAIN_IN_TEXT

    text = " ".join(words)
    assert _DOMAIN_IN_TEXT.findall(text) == _OLD_DOMAIN.findall(text)
