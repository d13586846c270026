"""A text's identity is its path relative to the import root, not its file name (issue 10).

Two files with one name in different folders are two articles; the same text at a second path is the same
article, with the path recorded as another origin; a changed text updates the article its path belongs to.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from archive.ingest import collect_files, import_files
from archive.ingest.reading.origins import TextFile, origin_of
from archive.models import Article, ArticleOrigin

from .conftest import seed_path

pytestmark = pytest.mark.django_db

RUSSIAN = "Конституционная комиссия провела заседание\n\nДепутаты обсудили поправки к Конституции в Астане."
KAZAKH = "Конституциялық комиссия отырыс өткізді\n\nДепутаттар Конституцияға түзетулерді Астанада талқылады."


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_import(*paths: Path, workers: int = 1) -> str:
    out = io.StringIO()
    call_command("import_articles", *map(str, paths), "--no-progress", f"--workers={workers}", stdout=out,
                 stderr=io.StringIO())
    return out.getvalue()


def origins() -> dict[str, int]:
    return dict(ArticleOrigin.objects.values_list("path", "article_id"))


@pytest.mark.parametrize("workers", [1, 2])
def test_same_named_files_in_two_folders_are_two_articles(tmp_path, workers):
    write(tmp_path / "press" / "a" / "index.txt", RUSSIAN)
    write(tmp_path / "press" / "b" / "index.txt", KAZAKH)

    summary = run_import(tmp_path / "press", workers=workers)

    assert "imported 2, updated 0, unchanged 0, failed 0" in summary
    assert set(origins()) == {"a/index.txt", "b/index.txt"}
    by_path = {path: Article.objects.get(pk=pk) for path, pk in origins().items()}
    assert by_path["a/index.txt"].language == "ru" and by_path["b/index.txt"].language == "kk"
    assert by_path["a/index.txt"].origin == "a/index.txt"


def test_a_changed_text_updates_the_article_of_its_own_path(tmp_path):
    a = write(tmp_path / "press" / "a" / "index.txt", RUSSIAN)
    write(tmp_path / "press" / "b" / "index.txt", KAZAKH)
    run_import(tmp_path / "press")
    kazakh_id = origins()["b/index.txt"]

    write(a, RUSSIAN + "\n\nЗаседание продлится до вечера.")
    summary = run_import(tmp_path / "press")

    assert "imported 0, updated 1, unchanged 1" in summary
    assert Article.objects.count() == 2
    assert "до вечера" in Article.objects.get(pk=origins()["a/index.txt"]).body
    assert Article.objects.get(pk=kazakh_id).body.startswith("Депутаттар")


def test_the_same_text_at_a_second_path_is_recorded_as_another_origin(tmp_path):
    write(tmp_path / "press" / "2026" / "march.txt", RUSSIAN)
    run_import(tmp_path / "press")
    write(tmp_path / "press" / "mirror" / "copy.txt", RUSSIAN)

    summary = run_import(tmp_path / "press")

    assert "imported 0, updated 0, unchanged 2" in summary
    assert "1 of the unchanged was found at another path" in summary
    (article,) = Article.objects.all()
    assert list(article.origins.values_list("path", flat=True)) == ["2026/march.txt", "mirror/copy.txt"]
    assert run_import(tmp_path / "press").count("another path") == 0  # known now: nothing new to record


def test_a_dry_run_reports_a_new_origin_and_records_nothing(tmp_path):
    write(tmp_path / "one" / "text.txt", RUSSIAN)
    run_import(tmp_path / "one")
    write(tmp_path / "two" / "other.txt", RUSSIAN)
    out = io.StringIO()
    call_command("import_articles", str(tmp_path / "two"), "--dry-run", "--no-progress", stdout=out)
    assert "found at another path" in out.getvalue()
    assert set(origins()) == {"text.txt"}


def test_both_texts_of_one_run_under_two_paths_and_one_text(tmp_path):
    """In one run, one batch: the same text twice and two texts under one name; nothing lost or doubled."""
    for path, text in [("x/a.txt", RUSSIAN), ("y/a.txt", KAZAKH), ("z/a.txt", RUSSIAN)]:
        write(tmp_path / "in" / path, text)
    report = import_files(collect_files([tmp_path / "in"])).report
    assert report.summary().startswith("imported 2, updated 0, unchanged 1, failed 0")
    assert origins()["x/a.txt"] == origins()["z/a.txt"] != origins()["y/a.txt"]


def test_a_path_whose_file_now_holds_another_stored_text_moves_to_that_article(tmp_path):
    first, second = write(tmp_path / "d" / "1.txt", RUSSIAN), write(tmp_path / "d" / "2.txt", KAZAKH)
    run_import(tmp_path / "d")
    russian_id = origins()["1.txt"]
    shutil.copy(second, first)

    run_import(tmp_path / "d")

    assert origins()["1.txt"] == origins()["2.txt"] != russian_id
    assert Article.objects.get(pk=russian_id).body.startswith("Депутаты")  # the text it held is kept


def test_origins_are_relative_to_the_path_given_with_forward_slashes(tmp_path):
    write(tmp_path / "root" / "deep" / "er" / "t.txt", RUSSIAN)
    assert [f.origin for f in collect_files([tmp_path / "root"])] == ["deep/er/t.txt"]
    assert [f.origin for f in collect_files([tmp_path / "root" / "deep"])] == ["er/t.txt"]
    assert [f.origin for f in collect_files([tmp_path / "root" / "deep" / "er" / "t.txt"])] == ["t.txt"]
    assert TextFile.of(tmp_path / "x.txt") == TextFile(tmp_path / "x.txt", "x.txt")
    assert origin_of(Path("/elsewhere/x.txt"), tmp_path) == "x.txt"


def test_an_article_stored_before_origins_were_recorded_is_found_by_its_origin_field(tmp_path):
    """Rows made by hand (or by older code) have an `origin` and no ArticleOrigin: a changed text still updates
    them, and their path is then recorded."""
    path = seed_path("001")
    run_import(path)
    ArticleOrigin.objects.all().delete()
    changed = write(tmp_path / path.name, path.read_text(encoding="utf-8") + "\n\nДополнение редакции.")

    assert "updated 1" in run_import(changed)
    (article,) = Article.objects.all()
    assert list(article.origins.values_list("path", flat=True)) == [path.name]


def test_the_migration_gives_each_stored_article_its_origin(tmp_path):
    from importlib import import_module

    migration = import_module("archive.migrations.0004_origins_script_issuer_event_titles")
    run_import(seed_path("001"), seed_path("002"))
    older = Article.objects.get(origin=seed_path("002").name)
    newer = Article.objects.get(origin=seed_path("001").name)
    Article.objects.filter(pk=older.pk).update(origin=newer.origin)  # two articles once imported from one name
    ArticleOrigin.objects.all().delete()

    migration.record_origins(apps, None)

    assert origins() == {newer.origin: max([older, newer], key=lambda a: (a.updated_at, a.pk)).pk}
