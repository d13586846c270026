"""One text never stops, stalls or escapes the import (issue 10, "Safe on anything").

Each reproduction of the issue is a test here: the odd Unicode sequence that made pymorphy3 raise, an extractor
that raises or hangs (in this process and in worker processes), links to /etc/passwd, FIFOs, `--max-size nan`,
a year of 0001, an unmigrated database, and pool workers outliving a killed import.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.ingest import import_files, prepare
from archive.ingest.reading.parser import parse_text
from archive.models import Article

from .conftest import ROOT, SEEDS_DIR, seed_path

ODD_UNICODE = b"\xc3\xb6l\x12\xf0\x97\xbb\xb3\xc2\xa3"  # «öl», a control, a Tangut-block code point, «£»


def run_import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def folder_with_seeds(tmp_path: Path, *extra: tuple[str, bytes]) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    for seed in SEEDS_DIR.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    for name, data in extra:
        (folder / name).write_bytes(data)
    return folder


# --- isolation --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_text_that_made_pymorphy_raise_fails_alone(tmp_path):
    # Alone, the sequence now reads as a (Latin-script) Kazakh scrap and takes the transliterated path; after a
    # Russian sentence it still reaches pymorphy3's Russian analysis, which raises on it.
    odd = "Конституционная комиссия провела заседание в Астане. ".encode() + ODD_UNICODE
    folder = folder_with_seeds(tmp_path, ("odd.txt", odd))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 6 files could not be imported"):
        call_command("import_articles", str(folder), "--no-progress", stdout=out, stderr=err)
    assert "imported 5, updated 0, unchanged 0, failed 1" in out.getvalue()
    assert f"failed: {folder / 'odd.txt'}: entity extraction failed: ValueError: no such name; not stored" \
        in err.getvalue()
    assert Article.objects.count() == 5


def _raise_for(marker: str, real):
    def extract(body, **kwargs):
        if marker in body:
            raise RuntimeError("an unknown bug in a rule")
        return real(body, **kwargs)

    return extract


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [1, 2])
def test_an_extractor_that_raises_fails_that_text_alone(tmp_path, monkeypatch, workers):
    marker = "Эта статья ломает извлечение"
    victim = seed_path("003").read_text(encoding="utf-8") + f"\n\n{marker}."
    folder = folder_with_seeds(tmp_path, ("victim.txt", victim.encode()))
    # Patched before the pool forks its workers, so they inherit the broken extractor too.
    monkeypatch.setattr(prepare, "extract_in_any_script", _raise_for(marker, prepare.extract_in_any_script))
    run = import_files(sorted(folder.glob("*.txt")), workers=workers)
    assert run.timings.workers == workers
    assert run.report.summary().startswith("imported 5, updated 0, unchanged 0, failed 1")
    (failure,) = run.report.failures
    assert failure.path.name == "victim.txt"
    assert failure.reason == "entity extraction failed: RuntimeError: an unknown bug in a rule; not stored"
    assert not Article.objects.filter(body__contains=marker).exists()
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_a_parser_that_raises_fails_that_text_alone(tmp_path, monkeypatch):
    folder = folder_with_seeds(tmp_path)

    def parse(raw, **options):
        if raw.origin.startswith("002"):
            raise KeyError("boom")
        return real(raw, **options)

    real = prepare.parse_raw
    monkeypatch.setattr(prepare, "parse_raw", parse)
    run = import_files(sorted(folder.glob("*.txt")))
    assert [(f.path.name[:3], f.reason) for f in run.report.failures] == [
        ("002", "could not be read or parsed (KeyError: 'boom'); not stored")]
    assert Article.objects.count() == 4


# --- time limit -------------------------------------------------------------------------------------------------


def _slow_for(marker: str, real):
    def extract(body, **kwargs):
        if marker in body:
            time.sleep(20)
        return real(body, **kwargs)

    return extract


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_text_over_the_time_limit_fails_with_a_clear_reason(tmp_path, monkeypatch, workers):
    marker = "Эта статья анализируется вечно"
    slow = seed_path("000").read_text(encoding="utf-8") + f"\n\n{marker}."
    folder = folder_with_seeds(tmp_path, ("slow.txt", slow.encode()))
    monkeypatch.setattr(prepare, "extract_in_any_script", _slow_for(marker, prepare.extract_in_any_script))
    started = time.monotonic()
    run = import_files(sorted(folder.glob("*.txt")), workers=workers, text_timeout=0.5)
    assert time.monotonic() - started < 15  # not the 20 s the text would take
    (failure,) = run.report.failures
    assert failure.path.name == "slow.txt"
    assert failure.reason.startswith("took longer than 0.5 s to analyse; not stored")
    assert Article.objects.count() == 5


def test_the_time_limit_restores_the_previous_alarm():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with prepare.time_limit(5):
            pass
        time.sleep(0.5)
        assert fired == [True]  # the outer alarm still fired, through the outer handler
        with pytest.raises(prepare.TextTimeout), prepare.time_limit(0.05):
            time.sleep(1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_command_passes_its_text_timeout(tmp_path, monkeypatch, db):
    marker = "Эта статья анализируется вечно"
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "slow.txt").write_text(seed_path("000").read_text(encoding="utf-8") + f"\n\n{marker}.")
    monkeypatch.setattr(prepare, "extract_in_any_script", _slow_for(marker, prepare.extract_in_any_script))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 files"):
        call_command("import_articles", str(folder), "--text-timeout", "0.3", "--no-progress",
                     stdout=io.StringIO(), stderr=err)
    assert "slow.txt: took longer than 0.3 s to analyse" in err.getvalue()


# --- links and special files ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_links_out_of_the_folder_and_special_files_are_refused_and_reported(tmp_path):
    folder = folder_with_seeds(tmp_path)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "same.txt").symlink_to(folder / seed_path("003").name)  # inside the folder: fine
    (folder / "sub").mkdir()
    os.mkfifo(folder / "sub" / "pipe.txt")  # opened for reading, a FIFO would block the run forever
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.txt").write_text(seed_path("001").read_text(encoding="utf-8"))
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="3 of 9 files could not be imported"):
        call_command("import_articles", str(folder), "--no-progress", stdout=out, stderr=err)
    failures = err.getvalue()
    assert (f"{folder / 'passwd.txt'}: a symbolic link to /etc/passwd, outside the folder being imported "
            f"({folder.resolve()}); not followed (use --follow-symlinks to import it)") in failures
    assert f"{folder / 'linked-folder'}: a symbolic link to {outside.resolve()}, outside" in failures
    assert f"{folder / 'sub' / 'pipe.txt'}: not a regular file (a FIFO), not a text" in failures
    assert "imported 5, updated 0, unchanged 1, failed 3" in out.getvalue()  # same.txt: the 003 text again
    assert not Article.objects.filter(raw_text__contains="root:").exists()


@pytest.mark.django_db
def test_follow_symlinks_imports_what_links_lead_to(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.txt").write_text(seed_path("001").read_text(encoding="utf-8"))
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside / "other.txt")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (outside / "loop").symlink_to(outside, target_is_directory=True)  # a cycle is walked once
    out, _ = run_import(str(folder), "--follow-symlinks")
    assert "imported 1, updated 0, unchanged 1, failed 0" in out


@pytest.mark.django_db
def test_a_link_to_another_folder_inside_the_import_is_followed(tmp_path):
    folder = tmp_path / "texts"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copy(seed_path("003"), folder / "a" / "real.txt")
    (folder / "b" / "link.txt").symlink_to(Path("..") / "a" / "real.txt")  # out of its folder, inside the import
    out, _ = run_import(str(folder))
    assert "imported 1, updated 0, unchanged 1, failed 0" in out
    (article,) = Article.objects.all()
    assert sorted(article.origins.values_list("path", flat=True)) == ["a/real.txt", "b/link.txt"]
    # Given alone, the link leads out of its own folder: refused.
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(folder / "b" / "link.txt"), "--no-progress", stdout=io.StringIO(),
                     stderr=err)
    assert "link.txt: a symbolic link to" in err.getvalue() and "outside the folder being imported" in err.getvalue()


def test_a_named_device_is_refused_without_reading_it():
    from archive.ingest.reading.reader import UnreadableText, read_text_file

    with pytest.raises(UnreadableText, match=r"not a regular file \(a device\)"):
        read_text_file(Path("/dev/zero"))


# --- options ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--max-size", "nan"], "argument --max-size: 'nan': must be a finite number above 0"),
    (["--max-size", "inf"], "argument --max-size: 'inf': must be a finite number above 0"),
    (["--max-size", "-3"], "argument --max-size: '-3': must be a finite number above 0"),
    (["--max-size", "0"], "argument --max-size: '0': must be a finite number above 0"),
    (["--max-size", "five"], "argument --max-size: 'five' is not a number"),
    (["--workers", "0"], "argument --workers: '0': must be 1 or more"),
    (["--workers", "-1"], "argument --workers: '-1': must be 1 or more"),
    (["--workers", "two"], "argument --workers: 'two' is not a whole number"),
    (["--batch-size", "0"], "argument --batch-size: '0': must be 1 or more"),
    (["--text-timeout", "nan"], "argument --text-timeout: 'nan': must be a finite number above 0"),
    (["--text-timeout", "0"], "argument --text-timeout: '0': must be a finite number above 0"),
    (["--text-timeout", "soon"], "argument --text-timeout: 'soon' is not a number"),
])
def test_bad_options_are_command_errors(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_articles", *args)


@pytest.mark.parametrize(("options", "message"), [
    ({"max_size": float("nan")}, "--max-size must be a finite number above 0"),
    ({"text_timeout": -1.0}, "--text-timeout must be a finite number above 0"),
    ({"workers": 0}, "--workers must be a whole number of 1 or more"),
    ({"batch_size": -5}, "--batch-size must be a whole number of 1 or more"),
])
def test_bad_options_given_in_code_are_command_errors_too(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_articles", **options)


# --- dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [" date 0001-03-16", "16.03.2099, 10:15", "16.03.1989, 10:15"])
def test_a_date_outside_1990_to_next_year_is_kept_only_for_review(line):
    parsed = parse_text(f"{line}\n\nЗаголовок статьи о реформе\n\nТекст статьи о Конституции и референдуме.")
    assert parsed.published_on is not None  # what the text says is kept for the editor to judge
    last = dt.datetime.now(dt.UTC).year + 1
    assert parsed.review_reasons == (f"date {parsed.published_on.isoformat()} is outside 1990–{last}; check it",)


@pytest.mark.parametrize("line", [" date 1990-01-01", "16.03.2026, 10:15"])
def test_a_date_in_range_needs_no_review(line):
    parsed = parse_text(f"{line}\n\nЗаголовок статьи о реформе\n\nТекст статьи о Конституции и референдуме.")
    assert parsed.review_reasons == ()


# --- processes: an unmigrated database, a killed import ---------------------------------------------------------


def command_env(tmp_path: Path) -> dict[str, str]:
    """A manage.py of its own: its own SQLite file and data folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    return env | {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "DATA_DIR": str(tmp_path / "data"),
                  "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_unmigrated_database_says_run_migrate(tmp_path, dry_run):
    args = [sys.executable, "manage.py", "import_articles", "--no-progress", str(SEEDS_DIR)]
    done = subprocess.run(args + (["--dry-run"] if dry_run else []), cwd=ROOT, env=command_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: the database is not migrated: run `manage.py migrate` first"
    assert "Traceback" not in done.stderr + done.stdout


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, command line) of every process we can see."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":  # a zombie has ended; it only waits to be reaped
                found[int(entry.name)] = (int(fields[1]), cmdline)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_pool_workers_end_with_a_killed_import(tmp_path):
    from bench.corpus import generate_corpus
    from bench.import_stage import write_texts

    texts = tmp_path / "many-texts"
    write_texts(generate_corpus(400, seed=5), texts)
    env = command_env(tmp_path)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=180)
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", "--workers", "2", "--batch-size", "50", "--no-progress",
         str(texts)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and importer.poll() is None:
            workers = {pid for pid, (parent, _) in _processes().items() if parent == importer.pid}
            time.sleep(0.05)
        assert len(workers) >= 2, "the import never started its workers"
        time.sleep(0.5)  # mid-run: the workers are extracting
        assert importer.poll() is None
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            alive = {pid for pid, (parent, cmdline) in _processes().items()
                     if pid in workers or parent == importer.pid or str(texts) in cmdline}
            if not alive:
                break
            time.sleep(0.1)
        assert not alive, f"workers outlived the killed import: {alive}"
    finally:
        if importer.poll() is None:
            importer.kill()


# --- encodings, end to end ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_garbled_text_is_never_stored_as_good(tmp_path):
    """The issue's reproductions through the command: what each file becomes in the database."""
    from archive.ingest import add_text
    from archive.models import ReviewStatus

    russian = seed_path("003").read_text(encoding="utf-8")
    data = russian.encode("utf-8")
    cut = len(russian[:200].encode("utf-8"))
    koi8 = russian.replace("–", "-").replace("«", '"').replace("»", '"')
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "one-bad-byte.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    (folder / "cp1251-tail.txt").write_bytes(
        seed_path("000").read_bytes() + "\n\nДополнение редакции: текст обновлён.".encode("cp1251"))
    (folder / "koi8.txt").write_bytes(koi8.encode("koi8-r"))
    (folder / "random.txt").write_bytes(b"\x8f\xd3\x1a\xe7\x02\xb9\x44")
    (folder / "bom-nul.txt").write_bytes(b"\xef\xbb\xbf\x00\x00\x00\x00")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 of 5 files could not be imported"):
        call_command("import_articles", str(folder), "--no-progress", stdout=out, stderr=err)
    assert f"{folder / 'random.txt'}: not UTF-8, and read as Windows-1251 or KOI8-R it does not read" in err.getvalue()
    assert f"{folder / 'bom-nul.txt'}: binary data: the text (utf-8-sig) contains NUL characters" in err.getvalue()

    one_bad = Article.objects.get(origin="one-bad-byte.txt")
    assert one_bad.raw_text == russian[:200] + "\ufffd" + russian[200:]
    assert one_bad.review_status == ReviewStatus.NEEDS_REVIEW
    assert f"1 byte was not valid UTF-8 and was replaced with � (at byte {cut})" in one_bad.review_notes
    tail = Article.objects.get(origin="cp1251-tail.txt")
    assert tail.raw_text.startswith(seed_path("000").read_text(encoding="utf-8"))
    assert "РЎ" not in tail.raw_text and "were not valid UTF-8" in tail.review_notes
    assert Article.objects.get(origin="koi8.txt").raw_text == koi8
    assert not Article.objects.filter(raw_text__contains="лПОУФЙФХГЙС").exists()

    added = add_text(b"\xef\xbb\xbf" + data[:cut] + b"\xc0\xc1" + data[cut:], origin="upload:pasted.txt")
    assert "2 bytes were not valid UTF-8" in Article.objects.get(pk=added.article_id).review_notes


@pytest.mark.django_db(transaction=True)
def test_a_text_that_kills_its_worker_fails_alone(tmp_path, monkeypatch):
    marker = "Эта статья роняет процесс"
    victim = seed_path("002").read_text(encoding="utf-8") + f"\n\n{marker}."
    folder = folder_with_seeds(tmp_path, ("victim.txt", victim.encode()))
    real = prepare.extract_in_any_script

    def crash(body, **kwargs):
        if marker in body:
            os.kill(os.getpid(), signal.SIGKILL)  # as a segfault in a C extension would end it
        return real(body, **kwargs)

    monkeypatch.setattr(prepare, "extract_in_any_script", crash)
    run = import_files(sorted(folder.glob("*.txt")), workers=2)
    (failure,) = run.report.failures
    assert failure.path.name == "victim.txt"
    assert failure.reason == f"the process analysing it crashed (exit code -{signal.SIGKILL}); not stored"
    assert Article.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_text_that_hangs_beyond_its_alarm_is_killed_and_fails_alone(tmp_path, monkeypatch):
    from archive.ingest import pool

    marker = "Эта статья не отвечает на сигналы"
    victim = seed_path("002").read_text(encoding="utf-8") + f"\n\n{marker}."
    folder = folder_with_seeds(tmp_path, ("victim.txt", victim.encode()))
    real = prepare.extract_in_any_script

    def hang(body, **kwargs):
        if marker in body:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as a loop inside C code would ignore it
            time.sleep(60)
        return real(body, **kwargs)

    monkeypatch.setattr(prepare, "extract_in_any_script", hang)
    monkeypatch.setattr(pool, "HANG_GRACE_S", 1.0)
    started = time.monotonic()
    run = import_files(sorted(folder.glob("*.txt")), workers=2, text_timeout=0.5)
    assert time.monotonic() - started < 30
    (failure,) = run.report.failures
    assert failure.path.name == "victim.txt"
    assert failure.reason.startswith("took longer than 0.5 s to analyse, and did not stop when asked")
    assert Article.objects.count() == 5
