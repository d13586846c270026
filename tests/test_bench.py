"""The benchmark (bench/): a reproducible corpus, and the whole pipeline at a tiny size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench.corpus import Corpus, article_record, dump_jsonl, generate_corpus, load_jsonl
from bench.queries import build_queries, collect_vocabulary

ROOT = Path(__file__).resolve().parent.parent


def records(corpus: Corpus) -> list[dict]:
    return [article_record(corpus, article) for article in corpus.articles()]


def test_it_generates_the_same_corpus_from_the_same_seed():
    first, second = generate_corpus(200, seed=7), generate_corpus(200, seed=7)
    assert records(first) == records(second)
    assert first.checksum == second.checksum
    assert records(generate_corpus(200, seed=8)) != records(first)


def test_it_splits_languages_and_spreads_dates_like_the_press():
    articles = list(generate_corpus(1000, seed=1).articles())
    languages = Counter(a.language for a in articles)
    assert set(languages) == {"ru", "kk"}
    assert 0.62 <= languages["ru"] / len(articles) <= 0.78
    dates = [a.published_on for a in articles if a.published_on]
    assert 0.005 <= 1 - len(dates) / len(articles) <= 0.07  # ~3% undated
    assert min(dates) >= "2025-09-01" and max(dates) <= "2026-04-30"
    assert len({d[:7] for d in dates}) == 8  # every month from September to April


def test_it_writes_people_into_the_text_in_both_scripts():
    corpus = generate_corpus(1000, seed=1)
    tokayev = corpus.person("касым-жомарт-токаев")
    mentioned = [a for a in corpus.articles() if any(m.slug == tokayev.slug for m in a.people)]
    assert len(mentioned) > 50  # the most mentioned person
    assert all(m.surface in a.body for a in mentioned for m in a.people)
    assert {a.language for a in mentioned if "Тоқаев" in a.body} == {"kk"}
    assert any("Токаев" in a.body for a in mentioned if a.language == "ru")


def test_it_round_trips_the_corpus_through_jsonl(tmp_path):
    corpus = generate_corpus(50, seed=3)
    path = tmp_path / "corpus.jsonl"
    assert dump_jsonl(corpus, path) == 50
    loaded = load_jsonl(path)
    assert list(loaded.articles()) == list(corpus.articles())
    assert records(loaded) == records(corpus)


def test_it_builds_the_same_queries_from_the_same_corpus():
    corpus = generate_corpus(300, seed=2)
    first = build_queries(collect_vocabulary(corpus), count=40, seed=2)
    second = build_queries(collect_vocabulary(corpus), count=40, seed=2)
    assert [q.as_dict() for q in first] == [q.as_dict() for q in second]
    assert len({q.kind for q in first}) == 20
    assert all(q.q or q.filters for q in first)


def test_it_runs_the_whole_pipeline_and_writes_the_documented_report(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # SQLite in tmp_path, never CI's database
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--articles", "150", "--queries", "10", "--name", "tiny",
         "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {"machine", "articles", "seed", "stages", "latency_ms", "pathological", "errors"} <= report.keys()
    assert report["articles"] == 150 and report["seed"] == 1
    assert report["machine"]["cpu_count"] >= 1 and report["machine"]["python"]
    stages = report["stages"]
    for key in ("generate_s", "database_s", "index_s", "index_docs_per_s", "index_mb"):
        assert stages[key] > 0, key
    assert stages["copies"]["per_text_ms"] > 0 and stages["copies"]["signatures"] > 100  # syndicated copies
    for name in ("html", "json", "html_warm", "html_repeated", "json_repeated", "engine"):
        latency = report["latency_ms"][name]
        assert latency["n"] == 10 and 0 < latency["p50"] <= latency["p95"] <= latency["max"], name
    hits = report["latency_ms"]["page_cache_hits"]
    assert hits["html_repeated"] == hits["json_repeated"] == 10  # every repeat came from the page cache
    assert hits["html"] == hits["html_warm"] == hits["json"] == 0
    assert {p["name"] for p in report["pathological"]} >= {"leading_wildcard", "short_prefix", "or_200_terms",
                                                          "words_500", "nested_300"}  # fmt: skip
    assert all(p["html_ms"] > 0 for p in report["pathological"])
    assert report["errors"]["non_200"] == 0 and report["errors"]["exceptions"] == 0
    phrases = report["frequent_phrases"]  # phrases of the most frequent words, timed cold and warm
    assert phrases["count"] == 100 and phrases["matching"] > 10 and phrases["refused_count"] == 0
    assert 0 < phrases["warm"]["p50"] <= phrases["warm"]["max"]
    for mode in ("warm_up", "no_warm_up"):  # a fresh process timed its first search
        cold = report["cold_start"][mode]
        assert cold["status"] == 200 and cold["first_search_ms"] > 0, cold
    assert report["cold_start"]["warm_up"]["warm_up_ms"] > 0 == report["cold_start"]["no_warm_up"]["warm_up_ms"]
    assert not (tmp_path / "data").exists()  # removed without --keep


def test_compare_tantivy_times_the_same_queries_in_both_engines_and_reports_ratios(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--articles", "200", "--queries", "40", "--name", "cmp",
         "--compare", "tantivy", "--compare-rounds", "1", "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    compared = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["compare"]
    assert compared["engine"] == "tantivy" and compared["build_s"] > 0 and compared["index_mb"] > 0
    rows = compared["rows"]
    assert len(rows) == 40 and all(r["ours_ms"] > 0 and r["tantivy_ms"] > 0 for r in rows)
    assert set(compared["by_group"]) == {"rare word", "frequent word", "prefix", "phrase", "name", "filtered",
                                         "empty query"}  # fmt: skip
    for summary in [*compared["by_group"].values(), compared["overall"]]:
        assert abs(summary["ratio_p50"] - summary["ours_p50"] / summary["tantivy_p50"]) < 0.02 * summary["ratio_p50"]
    # The translation is faithful: the same documents match in both engines (stemmers aside)
    same = [r for r in rows if r["ours_total"] == r["tantivy_total"]]
    assert len(same) >= 0.8 * len(rows), [(r["q"], r["ours_total"], r["tantivy_total"]) for r in rows]
    assert all(r["ours_total"] == r["tantivy_total"] for r in rows if r["kind"] in ("ru_rare", "name_latin",
                                                                                   "browse_facet"))  # fmt: skip
    assert "ours / tantivy" in completed.stdout and "phrase" in completed.stdout
    assert not (tmp_path / "tantivy").exists()  # removed without --keep


def test_via_import_fills_the_database_with_the_real_importer_and_times_each_stage(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--articles", "120", "--queries", "10", "--name", "imp",
         "--via-import", "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    imported = report["stages"]["import_stage"]
    assert imported["docs"] == 120 and imported["failed"] == 0
    for stage in ("parse", "extract", "database", "index", "total"):
        assert imported[f"{stage}_s"] > 0 and imported[f"{stage}_docs_per_s"] > 0, stage
    assert report["hits"]["queries"] == 10 and report["errors"]["non_200"] == 0
    assert "import: extract" in completed.stdout
    assert not (tmp_path / "import-work").exists()  # the texts written for the import are removed


def test_long_import_times_long_texts_through_the_real_importer_in_a_throwaway_database(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/never-used"}  # ignored: private SQLite
    out = tmp_path / "long.json"
    completed = subprocess.run(
        [sys.executable, "-m", "bench.long_import", "--sizes", "0.05", "0.1", "--shapes", "paragraphs",
         "repeated_words", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = report["rows"]
    assert rows[0]["shape"] == "warm-up"
    measured = rows[1:]
    assert [(r["shape"], r["mb"]) for r in measured] == [
        ("paragraphs", 0.05), ("paragraphs", 0.1), ("repeated_words", 0.05), ("repeated_words", 0.1)]
    for row in measured:
        assert row["failed"] == 0, row["reason"]
        assert 0.9 * row["mb"] * 1024 * 1024 <= row["bytes"] <= row["mb"] * 1024 * 1024
        assert row["total_s"] > 0 and row["cpu_s"] > 0 and row["extract_s"] > 0 and row["index_s"] > 0
        assert row["target_s"] is None  # targets are for 1 MB and 5 MB
    assert report["targets_s"] == {"1 MB": 2.0, "5 MB": 10.0}
    assert "paragraphs" in completed.stdout and "repeated_words" in completed.stdout
