"""Decoding and refusing files: every refusal names its reason."""

from __future__ import annotations

import pytest

from archive.ingest.reading.reader import UnreadableText, decode_bytes, iter_text_files, read_text_file

RUSSIAN = "Проект новой Конституции опубликован для всенародного обсуждения."


def test_it_decodes_plain_utf8():
    assert decode_bytes(RUSSIAN.encode("utf-8")) == (RUSSIAN, "utf-8", ())


def test_it_strips_a_utf8_byte_order_mark(texts_dir):
    raw = read_text_file(texts_dir / "utf8_bom.txt")
    assert raw.encoding == "utf-8-sig"
    assert raw.text.startswith("13.02.2026")


def test_it_recognises_windows_1251(texts_dir):
    raw = read_text_file(texts_dir / "windows1251.txt")
    assert raw.encoding == "cp1251"
    assert "Заседание Конституционной комиссии" in raw.text


def test_it_decodes_utf16_with_bom():
    assert decode_bytes("\ufeff".encode("utf-16-le") + RUSSIAN.encode("utf-16-le"))[0] == RUSSIAN


def test_same_text_in_two_encodings_has_one_checksum(tmp_path):
    (tmp_path / "a.txt").write_bytes(RUSSIAN.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(RUSSIAN.encode("cp1251"))
    assert read_text_file(tmp_path / "a.txt").checksum == read_text_file(tmp_path / "b.txt").checksum


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "the file is empty"),
        ("binary.txt", "binary file"),
        ("does-not-exist.txt", "no such file or folder"),
    ],
)
def test_it_refuses_with_a_reason(texts_dir, name, reason):
    with pytest.raises(UnreadableText, match=reason):
        read_text_file(texts_dir / name)


def test_it_refuses_whitespace_only():
    with pytest.raises(UnreadableText, match="empty"):
        decode_bytes(b"  \n\n\t ")


def test_it_refuses_a_50_mb_file_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing read
    with pytest.raises(UnreadableText, match=r"too large for a news text: 50\.0 MB"):
        read_text_file(huge)


def test_it_refuses_bytes_that_are_neither_utf8_nor_cyrillic_1251():
    latin1_german = "Größenverhältnisse und Übermaß, äußerst überflüssig.".encode("latin-1")
    with pytest.raises(UnreadableText, match="does not read as Russian or Kazakh"):
        decode_bytes(latin1_german)


def test_a_folder_yields_its_text_files_sorted_and_skips_hidden_ones(tmp_path):
    for name in ["b.txt", "a.html", "notes.md", ".hidden.txt"]:
        (tmp_path / name).write_text(RUSSIAN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(RUSSIAN, encoding="utf-8")
    assert [p.name for p in iter_text_files(tmp_path)] == ["a.html", "b.txt", "c.txt"]
