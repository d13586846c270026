"""The sidecar beside a text (NAME.json) and where each stored text came from: one Source per outlet."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest import Outcome, UnreadableText, ingest_files, parse_text
from archive.ingest.reading.sidecar import MAX_SIDECAR_BYTES, parse_sidecar, read_sidecar
from archive.ingest.reading.weburl import clean_url
from archive.models import Article, ReviewStatus, Source

from .hypothesis_profiles import PROFILE

TEXT = (
    "16.03.2026, 10:15\n\nИтоги референдума\n\nЦентральная избирательная комиссия подвела предварительные итоги "
    "референдума по проекту новой Конституции, передает BAQ.KZ.\n"
)
TODAY = dt.date(2026, 6, 1)


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def sidecar(**values) -> bytes:
    return json.dumps(values, ensure_ascii=False).encode()


# --- reading a sidecar -----------------------------------------------------------------------------------------


def test_a_valid_sidecar_gives_every_value():
    given_values = parse_sidecar(sidecar(url="https://kazinform.kz/news/1", source="Qazinform",
                                         published="2026-03-16T10:15:00+05:00", title="Итоги", language="ru"),
                                 today=TODAY)
    assert (given_values.url, given_values.source, given_values.title, given_values.language) == (
        "https://kazinform.kz/news/1", "Qazinform", "Итоги", "ru")
    assert (given_values.published_on, given_values.published_time) == (dt.date(2026, 3, 16), dt.time(10, 15))
    assert given_values.reasons == ()


@pytest.mark.parametrize(("data", "reason"), [
    (b"{not json", "is not valid JSON"),
    (b"\xff\xfe{}", "is not valid JSON"),
    (b"[1, 2]", "is not a JSON object"),
    (b"[" * 100_000, "is not valid JSON"),
    (sidecar(url="javascript:alert(1)"), "«url» is not an http(s) address"),
    (sidecar(url="ftp://kazinform.kz/x"), "«url» is not an http(s) address"),
    (sidecar(url=["https://a.kz"]), "«url» is not a text"),
    (sidecar(url="https://a.kz/" + "x" * 1000), "«url» is not a text of 1 to 1000"),
    (sidecar(published="16 марта"), "«published» is not a date"),
    (sidecar(published="0001-01-01"), "outside 1990"),
    (sidecar(language="fr"), "«language» must be one of"),
    (sidecar(title=""), "«title» is not a text"),
    (sidecar(ulr="https://a.kz/"), "unknown key «ulr» ignored (did you mean «url»?)"),
])  # fmt: skip
def test_what_cannot_be_used_is_a_review_reason_never_an_error(data, reason):
    result = parse_sidecar(data, name="a.json", today=TODAY)
    assert any(reason in text for text in result.reasons), result.reasons
    assert result.url == ""


def test_keys_the_format_does_not_have_are_ignored_quietly():
    result = parse_sidecar(sidecar(url="https://a.kz/1", author="Айгерим", tags=["x"], scraped_at=1), today=TODAY)
    assert (result.url, result.reasons) == ("https://a.kz/1", ())


@settings(settings.get_profile(PROFILE))
@given(st.one_of(
    st.binary(max_size=300),
    st.dictionaries(st.sampled_from(["url", "source", "published", "title", "language", "ulr", "x"]),
                    st.one_of(st.text(max_size=80), st.integers(), st.none(), st.lists(st.text(max_size=5))),
                    max_size=6).map(lambda d: json.dumps(d).encode()),
))  # fmt: skip
def test_arbitrary_sidecars_never_raise_and_never_give_a_non_http_url(data):
    result = parse_sidecar(data, today=TODAY)
    assert result.url == "" or clean_url(result.url) == result.url
    assert result.language in ("", "ru", "kk", "en", "mixed")
    try:
        article = parse_text(TEXT, sidecar=result)
    except UnreadableText:  # a sidecar never makes a readable text unreadable
        pytest.fail("a sidecar made the text unreadable")
    assert article.url == result.url
    assert len(article.title) <= 500 and len(article.source) <= 200


def test_the_sidecar_wins_over_the_text():
    article = parse_text(TEXT, sidecar=parse_sidecar(sidecar(
        url="https://www.inform.kz/ru/itogi", source="KAZINFORM", published="2026-03-17", title="Итоги голосования",
        language="ru"), today=TODAY))  # fmt: skip
    assert (article.source, article.url, article.title) == ("Kazinform", "https://www.inform.kz/ru/itogi",
                                                            "Итоги голосования")
    assert (article.published_on, article.published_time) == (dt.date(2026, 3, 17), None)
    assert not article.title_derived and not article.needs_review


def test_read_sidecar_finds_the_file_beside_the_text_and_refuses_a_link_or_an_oversized_one(tmp_path):
    text = tmp_path / "a.html"
    assert read_sidecar(text) is None
    (tmp_path / "a.json").write_bytes(sidecar(url="https://a.kz/1"))
    assert read_sidecar(text).url == "https://a.kz/1"
    (tmp_path / "secret.json").write_bytes(sidecar(title="secret"))
    (tmp_path / "b.json").symlink_to(tmp_path / "secret.json")
    linked = read_sidecar(tmp_path / "b.txt")
    assert linked.title == "" and "symbolic link" in linked.reasons[0]
    (tmp_path / "c.json").write_bytes(b" " * (MAX_SIDECAR_BYTES + 1))
    assert "larger than 64 KB" in read_sidecar(tmp_path / "c.txt").reasons[0]
    assert read_sidecar(tmp_path / "a.json") is None  # a .json named as the text is not its own sidecar


# --- through the importer ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_import_reads_the_sidecar_beside_each_text_and_never_imports_it_as_a_text(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.json").write_bytes(sidecar(url="https://kazinform.kz/news/1", source="inform.kz"))
    (tmp_path / "b.txt").write_text(TEXT.replace("Итоги", "Результаты"), encoding="utf-8")
    out = run_import(str(tmp_path))
    assert "imported 2, updated 0, unchanged 0, failed 0" in out
    with_sidecar = Article.objects.get(origin__endswith="a.txt")
    assert (with_sidecar.url, with_sidecar.source.name, with_sidecar.source.domain) == (
        "https://kazinform.kz/news/1", "Kazinform", "kazinform.kz")
    without = Article.objects.get(origin__endswith="b.txt")
    assert (without.url, without.source.name) == ("", "BAQ.KZ")


@pytest.mark.django_db
def test_a_malformed_sidecar_imports_the_text_for_review(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"url": "https://kazinform.kz/1",', encoding="utf-8")
    assert "imported 1, updated 0, unchanged 0, failed 0" in run_import(str(tmp_path))
    article = Article.objects.get()
    assert article.review_status == ReviewStatus.NEEDS_REVIEW
    assert "sidecar a.json is not valid JSON" in article.review_notes
    assert (article.url, article.source.name) == ("", "BAQ.KZ")  # what the text says still counts


@pytest.mark.django_db
def test_every_spelling_of_an_outlet_is_one_source_row_and_an_older_row_is_found_by_its_domain(tmp_path):
    old = Source.objects.create(name="Tengrinews", domain="tengrinews.kz")  # made before the outlets table
    body = "Центральная избирательная комиссия подвела итоги референдума по проекту новой Конституции"
    forms = {"1": f"Астана. KAZINFORM – {body}.", "2": f"{body}, передает Kazinform.kz.",
             "3": f"{body}, Qazinform reported.", "4": f"{body}.\n\nИсточник: inform.kz",
             "5": f"{body}, сообщает Tengrinews.kz.", "6": f"{body}.\n\n© TENGRINEWS"}
    for name, text in forms.items():
        (tmp_path / f"{name}.txt").write_text(f"Заголовок {name}\n\n{text}", encoding="utf-8")
    run_import(str(tmp_path))
    assert Source.objects.count() == 2
    assert set(Article.objects.values_list("source__name", flat=True)) == {"Kazinform", "Tengrinews"}
    assert Source.objects.get(name="Kazinform").domain == "kazinform.kz"
    assert Article.objects.filter(source=old).count() == 2


@pytest.mark.django_db
def test_an_editors_url_and_issuer_survive_a_reimport_of_a_changed_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f" url https://baq.kz/news/1\n{TEXT}", encoding="utf-8")
    run_import(str(tmp_path))
    article = Article.objects.get()
    article.url, article.issued_by = "https://baq.kz/news/1-corrected", "ЦИК РК"
    article.mark_edited(["url", "issued_by"])
    article.save()
    path.write_text(f" url https://baq.kz/news/1\n{TEXT}\nДополнено.", encoding="utf-8")
    assert "updated 1" in run_import(str(tmp_path))
    article.refresh_from_db()
    assert (article.url, article.issued_by) == ("https://baq.kz/news/1-corrected", "ЦИК РК")
    assert article.body.endswith("Дополнено.")


@pytest.mark.django_db
@settings(settings.get_profile(PROFILE), max_examples=min(settings.get_profile(PROFILE).max_examples, 30))
@given(url=st.text(max_size=120),
       line=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\x85\u2028\u2029"),
                    max_size=120),  # what a UTF-8 file can hold: no lone surrogates
       in_sidecar=st.booleans())
def test_whatever_the_url_line_or_sidecar_says_only_an_http_url_is_stored(tmp_path_factory, url, line, in_sidecar):
    folder = tmp_path_factory.mktemp("texts")
    (folder / "a.txt").write_text(f" url {line}\n{TEXT}{url!r}\n", encoding="utf-8")
    if in_sidecar:
        (folder / "a.json").write_text(json.dumps({"url": url, "source": line}), encoding="utf-8")
    # Stored as the importer stores (ingest_files); the search index is not the point here and is left alone.
    (result,) = ingest_files([folder / "a.txt"])
    if result.outcome is Outcome.FAILED:  # only the reader may refuse a text (control characters); never a url
        assert result.parsed is None and "url" not in result.reason
        return
    stored = Article.objects.get(raw_text=(folder / "a.txt").read_text(encoding="utf-8"))
    assert stored.url == "" or (clean_url(stored.url) == stored.url and stored.url.lower().startswith("http"))
    assert stored.source is None or 0 < len(stored.source.name) <= 200
