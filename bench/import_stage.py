"""Benchmark stage: import the corpus as seed-format text files with the real importer, timed per stage.

    from bench.corpus import generate_corpus
    from bench.import_stage import import_stage
    numbers = import_stage(generate_corpus(articles=2000, seed=1), Path("/tmp/qujat-import"))

Django must be set up first (bench.run.configure_django) on a migrated database that does not hold the corpus
yet. The importer is the one `manage.py import_articles DIR` runs (archive.ingest.import_files): read, parse and
extract in worker processes, store batch by batch, then bring the search index up to date. The writing of the
files is timed apart (`write_s`), not as import.

As a script (a private, throw-away DATA_DIR under the work folder):

    .venv/bin/python -m bench.import_stage --articles 2000 [--workers 2] [--work-dir /tmp/qujat-import]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from bench.corpus import Corpus, generate_corpus

# Report keys: this stage's names for the importer's stages (archive.ingest.timings).
STAGE_KEYS = {"read_parse": "parse", "extract": "extract", "database": "database", "index": "index"}


def write_texts(corpus: Corpus, folder: Path) -> int:
    """Every article as a seed-format text file (` date …` line, headline, body), named by its number."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for article in corpus.articles():
        (folder / f"{article.number:07d}.txt").write_text(article.raw_text, encoding="utf-8")
        count += 1
    return count


def import_stage(corpus: Corpus, work_dir: Path, *, workers: int | None = None, batch_size: int | None = None) -> dict:
    """Write the corpus under work_dir/texts, import it; returns seconds and docs/s per stage.

    Keys: docs, workers, failed, write_s, and for parse (read + parse), extract, database, index and total:
    <stage>_s and <stage>_docs_per_s. parse and extract run in `workers` processes: their seconds are summed
    over the workers (docs/s per worker); `waiting_s` is the time the database waited for them. total is wall
    time from the first file read to the index committed.
    """
    from archive.ingest import collect_files, import_files
    from archive.ingest.pool import BATCH_SIZE

    texts = Path(work_dir) / "texts"
    shutil.rmtree(texts, ignore_errors=True)
    started = time.perf_counter()
    write_texts(corpus, texts)
    write_s = time.perf_counter() - started
    run = import_files(collect_files([texts]), workers=workers, batch_size=batch_size or BATCH_SIZE)
    timings = run.timings.as_dict()
    numbers: dict = {"docs": timings["texts"], "workers": timings["workers"], "failed": run.report.failed,
                     "write_s": round(write_s, 2)}
    for stage, key in (*STAGE_KEYS.items(), ("total", "total")):
        numbers[f"{key}_s"] = round(timings[f"{stage}_s"], 2)
        numbers[f"{key}_docs_per_s"] = timings[f"{stage}_per_s"]
    numbers["waiting_s"] = round(timings["waiting_s"], 2)
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--work-dir", type=Path, help="default: a temporary folder, removed at the end")
    args = parser.parse_args()
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="qujat-import-bench-"))
    try:
        from bench.run import configure_django

        configure_django(work_dir / "data")
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        print(json.dumps(import_stage(generate_corpus(args.articles, args.seed), work_dir, workers=args.workers)))
    finally:
        if args.work_dir is None:
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
