"""Which encoding a file is in: decided per file, doubts flagged for review, garbage and mojibake never stored as good.

Issue 10, "Garbled text stored as good": a UTF-8 file with one invalid byte (or a Windows-1251 tail) was decoded
whole as Windows-1251 («РЎРјРµС€Р°РЅРЅР°СЏ»), KOI8-R came out as «оПЧБС лПОУФЙФХГЙС», seven random bytes became an
article, and a BOM followed by NUL bytes was stored.
"""

from __future__ import annotations

import codecs

import pytest

from archive.ingest.reading.encodings import decode, mojibake
from archive.ingest.reading.parser import parse_raw
from archive.ingest.reading.reader import UnreadableText, read_text_file

from .conftest import seed_path

RUSSIAN = (
    "Новая Конституция вынесена на всенародное обсуждение. Смешанная комиссия подготовила проект, "
    "и депутаты Мажилиса обсудили его на круглом столе в Астане."
)
KAZAKH = (
    "Жаңа Конституция жобасы бүкілхалықтық талқылауға шығарылды. Сіздер мен біздер оны "
    "Астанада өткен дөңгелек үстелде талқыладық."
)


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def test_strict_utf8_wins_and_is_not_flagged():
    for text in (RUSSIAN, KAZAKH, seed_text("001")):
        assert decode(text.encode("utf-8")) == (text, "utf-8", ())


@pytest.mark.parametrize(("mark", "encoding", "codec"), [
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
])
def test_a_byte_order_mark_wins(mark, encoding, codec):
    assert decode(mark + KAZAKH.encode(codec)) == (KAZAKH, encoding, ())


def test_one_invalid_byte_keeps_utf8_replaces_the_byte_and_says_where():
    data = RUSSIAN.encode("utf-8")
    broken = data[:40] + b"\xff" + data[40:]
    text, encoding, notes = decode(broken)
    assert encoding == "utf-8"
    assert text == RUSSIAN[:len(data[:40].decode())] + "\ufffd" + RUSSIAN[len(data[:40].decode()):]
    assert notes == ("1 byte was not valid UTF-8 and was replaced with � (at byte 40); "
                     "check the text against its source",)


def test_a_windows_1251_tail_keeps_the_utf8_body_and_flags_the_tail():
    tail = "\n\nДополнение редакции: текст обновлён."
    data = seed_text("000").encode("utf-8") + tail.encode("cp1251")
    text, encoding, notes = decode(data)
    assert encoding == "utf-8"
    assert text.startswith(seed_text("000"))
    assert "Смешанная" not in text and "РЎРј" not in text
    bad = sum(1 for ch in tail if ch > "\x7f")
    assert notes[0].startswith(f"{bad} bytes were not valid UTF-8 and were replaced with �")
    assert f"the first at byte {len(seed_text('000').encode()) + 2}" in notes[0]  # after the blank line


def test_a_utf8_mark_then_bad_bytes_stays_utf8_flagged():
    text, encoding, notes = decode(codecs.BOM_UTF8 + "Конституция".encode() + b"\xc0" + b" and more words")
    assert (encoding, "\ufffd" in text, len(notes)) == ("utf-8-sig", True, 1)


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
@pytest.mark.parametrize("text", [RUSSIAN, "Проект новой Конституции опубликован для всенародного обсуждения."])
def test_windows_1251_and_koi8_r_are_recognised(codec, text):
    assert decode(text.encode(codec)) == (text, codec, ())


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_a_russian_seed_in_one_byte_encodings_comes_back_whole(codec):
    original = seed_text("003").replace("–", "-").replace("«", '"').replace("»", '"')  # KOI8-R has no «»–
    text, encoding, notes = decode(original.encode(codec))
    assert (text, encoding, notes) == (original, codec, ())


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_is_recognised(codec):
    text = seed_text("001")
    assert decode(text.encode(codec)) == (text, codec, ())


@pytest.mark.parametrize(("data", "reason"), [
    (codecs.BOM_UTF8 + b"\x00\x00\x00", "contains NUL characters"),
    (codecs.BOM_UTF8 + "Текст статьи\x00 о Конституции".encode(), "contains NUL characters"),
    (codecs.BOM_UTF16_LE + "Текст статьи\x00 о Конституции".encode("utf-16-le"), "contains NUL characters"),
    ("Текст статьи о Конституции\x00".encode(), "NUL"),
    (b"\x8f\xd3\x1a\xe7\x02\xb9\x44", "does not read as Russian or Kazakh"),
    (bytes(range(256)) * 4, "NUL"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 8, "not a text"),
    ("Größenverhältnisse und Übermaß, äußerst überflüssig.".encode("latin-1"), "does not read as Russian or Kazakh"),
    (b"12345 67890 !!! ...", "no words"),
])
def test_garbage_is_refused_with_a_reason(data, reason):
    with pytest.raises(UnreadableText, match=reason):
        decode(data)


def test_seven_random_bytes_never_become_an_article():
    import random

    generator = random.Random(10)
    for _ in range(500):
        data = bytes(generator.randrange(256) for _ in range(7))
        try:
            text, _, _ = decode(data)
        except UnreadableText:
            continue
        assert text == data.decode("utf-8"), data  # only bytes that are literally valid UTF-8 text with words


def test_utf8_read_as_windows_1251_and_saved_is_flagged_as_mojibake():
    garbled = RUSSIAN.encode("utf-8").decode("cp1251").encode("utf-8")  # «РќРѕРІР°СЏ РљРѕРЅСЃС‚…»
    text, encoding, notes = decode(garbled)
    assert encoding == "utf-8"
    assert len(notes) == 1 and notes[0].startswith("the text looks garbled (mojibake such as «Р")


def test_windows_1251_read_as_koi8_r_and_saved_is_flagged_as_mojibake():
    garbled = RUSSIAN.encode("koi8-r").decode("cp1251")
    assert garbled.startswith("оПЧБС лПОУФЙФХГЙС")
    assert "mojibake such as «оПЧБС»" in decode(garbled.encode("utf-8")).notes[0]
    assert mojibake(RUSSIAN.encode("cp1251").decode("koi8-r"))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_real_text_is_not_mojibake(prefix):
    text = seed_text(prefix)
    assert mojibake(text) == "" and mojibake(text.upper()) == ""
    assert mojibake("Сіз бен біз Сізге СССР и КС «КС» С\u00a0учётом") == ""


def test_the_reasons_reach_the_parsed_article(tmp_path):
    path = tmp_path / "broken.txt"
    data = seed_text("003").encode("utf-8")
    cut = len(seed_text("003")[:300].encode("utf-8"))
    path.write_bytes(data[:cut] + b"\xfe\xfe" + data[cut:])
    parsed = parse_raw(read_text_file(path))
    assert parsed.encoding == "utf-8"
    assert parsed.needs_review
    assert parsed.review_reasons[0].startswith("2 bytes were not valid UTF-8 and were replaced with �")


@pytest.mark.parametrize("mark", [codecs.BOM_UTF16_LE, b""])
def test_utf16_cut_short_keeps_its_text_and_says_so(mark):
    data = mark + KAZAKH.encode("utf-16-le")
    text, encoding, notes = decode(data[:-1])
    assert text == KAZAKH[:-1] + "\ufffd"
    assert notes == ("an odd byte at the end (the file was cut short?) replaced with �; check the text against "
                     "its source",)


def test_misaligned_utf16_is_flagged_not_stored_as_good():
    data = codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le")
    text, _, notes = decode(data[:30] + b"\x41" + data[30:])  # one byte inserted: the rest reads as ideographs
    assert RUSSIAN[:14] in text
    assert any("of the letters are in scripts the archive does not cover" in note for note in notes)


def test_a_text_in_another_script_is_kept_for_review():
    text, _, notes = decode("新宪法草案已公布，供全民讨论。哈萨克斯坦将举行全民公投。".encode())
    assert notes[0].startswith("100% of the letters are in scripts the archive does not cover (such as «新»)")
    arabic_kazakh = "قازاقستان رەسپۋبليكاسىنىڭ جاڭا كونستيتۋتسياسى بۇكىل حالىقتىق تالقىلاۋعا شىعارىلدى"
    assert decode(arabic_kazakh.encode()) == (arabic_kazakh, "utf-8", ())


@pytest.mark.parametrize("codec", ["utf-8", "cp1251", "koi8-r", "utf-16-le"])
def test_deciding_costs_little_even_for_5_mb(codec):
    import time

    text = seed_text("003").replace("–", "-").replace("«", '"').replace("»", '"')
    data = (text * 800)[: 5_000_000 // (2 if codec.startswith("utf-16") else 1)].encode(codec)
    started = time.perf_counter()
    assert decode(data).encoding == codec
    assert time.perf_counter() - started < 3  # ~0.1–0.5 s measured; the text is judged on a sample
