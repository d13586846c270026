"""import_articles: idempotent, lossless, loud about bad input."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, ReviewStatus, Source

from .conftest import seed_path


def run_import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_help_describes_the_command():
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", "--help", stdout=out)


@pytest.mark.django_db
def test_it_imports_the_seeds_by_default_and_reports_counts():
    out, _ = run_import()
    assert "imported 5, updated 0, unchanged 0, failed 0" in out
    assert Article.objects.count() == 5
    article = Article.objects.get(origin=seed_path("001").name)
    assert (article.language, article.byline, article.read_count) == ("kk", "Галина Каренский", 22)
    assert article.raw_text == seed_path("001").read_text(encoding="utf-8")
    no_date = Article.objects.get(origin=seed_path("002").name)
    assert no_date.published_on is None
    assert no_date.review_status == ReviewStatus.NEEDS_REVIEW
    assert no_date.source == Source.objects.get(name="Kazpravda.kz")
    assert "no publication date found" in no_date.review_notes


@pytest.mark.django_db
def test_reimporting_the_same_texts_changes_nothing(seeds_dir):
    run_import(str(seeds_dir))
    before = list(Article.objects.values_list("id", "checksum", "updated_at").order_by("id"))
    out, _ = run_import(str(seeds_dir))
    assert "imported 0, updated 0, unchanged 5, failed 0" in out
    assert list(Article.objects.values_list("id", "checksum", "updated_at").order_by("id")) == before


@pytest.mark.django_db
def test_a_changed_text_from_the_same_file_updates_its_article(tmp_path):
    target = tmp_path / seed_path("003").name
    shutil.copy(seed_path("003"), target)
    run_import(str(target))
    original = Article.objects.get()
    target.write_text(target.read_text(encoding="utf-8") + "\n\nДополнение редакции: текст обновлён.", encoding="utf-8")
    out, _ = run_import(str(target))
    assert "updated 1" in out
    updated = Article.objects.get()
    assert updated.pk == original.pk
    assert updated.body.endswith("Дополнение редакции: текст обновлён.")


@pytest.mark.django_db
def test_bad_files_fail_alone_and_touch_nothing_stored(tmp_path, texts_dir):
    run_import(str(seed_path("000")))
    stored = Article.objects.values("id", "title", "body", "checksum", "updated_at").get()
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ["empty.txt", "binary.txt", "only_date.txt", "bad_date.txt"]:
        shutil.copy(texts_dir / name, folder / name)
    shutil.copy(seed_path("004"), folder / seed_path("004").name)
    (folder / "huge.txt").open("wb").truncate(50 * 1024 * 1024)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="4 of 6 files could not be imported"):
        call_command("import_articles", str(folder), "--no-progress", stdout=out, stderr=err)
    assert "imported 2, updated 0, unchanged 0, failed 4" in out.getvalue()
    reasons = {
        "empty.txt": "the file is empty",
        "binary.txt": "binary file",
        "only_date.txt": "no article text",
        "huge.txt": "file is too large for a news text: 50.0 MB",
    }
    for name, reason in reasons.items():
        assert f"{folder / name}: {reason}" in err.getvalue()
    assert Article.objects.values("id", "title", "body", "checksum", "updated_at").get(pk=stored["id"]) == stored
    kept_for_review = Article.objects.get(origin="bad_date.txt")
    assert kept_for_review.published_on is None and "not a real date" in kept_for_review.review_notes


@pytest.mark.django_db
def test_a_missing_path_is_reported_by_name(tmp_path):
    missing = tmp_path / "nowhere"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(missing), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert f"{missing}: no such file or folder" in err.getvalue()


@pytest.mark.django_db
def test_dry_run_json_prints_one_object_per_text_and_writes_nothing(seeds_dir):
    out, err = run_import(str(seeds_dir), "--dry-run", "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert Article.objects.count() == 0
    assert [r["origin"] for r in records] == sorted(p.name for p in seeds_dir.glob("*.txt"))
    by_prefix = {r["origin"][:3]: r for r in records}
    assert by_prefix["001"]["published_time"] == "15:45"
    assert by_prefix["002"]["published_on"] is None and by_prefix["002"]["needs_review"] is True
    assert by_prefix["004"]["title_derived"] is False
    assert all(r["outcome"] == "imported" for r in records)
    assert "dry run, nothing written: imported 5" in err


@pytest.mark.django_db
def test_dry_run_says_what_would_change(seeds_dir):
    run_import(str(seeds_dir))
    out, _ = run_import(str(seed_path("000")), "--dry-run", "--format", "json")
    assert json.loads(out)["outcome"] == "unchanged"


def test_max_size_must_be_positive():
    with pytest.raises(CommandError, match="--max-size"):
        call_command("import_articles", "--max-size", "0")
