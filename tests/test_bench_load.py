"""The load test (bench/load.py) against real gunicorn, briefly, on a tiny benchmark archive."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.load import rss_limit_mb

ROOT = Path(__file__).resolve().parent.parent
LOAD = ROOT / "bench" / "load.py"


def clean_env() -> dict[str, str]:
    """Without pytest-django's settings module or CI's DATABASE_URL: the scripts choose their own."""
    return {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A kept 150-article benchmark data dir: SQLite, index and queries.json, as `bench/run.py --keep` leaves it."""
    out = tmp_path_factory.mktemp("bench")
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--articles", "150", "--queries", "10", "--name", "tiny",
         "--out", str(out), "--keep"],
        cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    return out / "data"


def gunicorns_on(port: int) -> list[int]:
    """Processes whose command line binds this port: none may outlive the script."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "gunicorn" in cmdline and f"127.0.0.1:{port}" in cmdline:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_it_serves_a_mixed_load_with_gunicorn_and_reports_worker_memory(data_dir, tmp_path):
    out = tmp_path / "load.json"
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, str(LOAD), "--data-dir", str(data_dir), "--workers", "2", "--clients", "3", "--seconds", "3",
         "--out", str(out)],
        cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert time.monotonic() - started < 60
    report = json.loads(out.read_text(encoding="utf-8"))
    load = report["load"]
    assert load["requests"] > 0 and load["requests_per_s"] > 0
    assert load["errors"] == 0, load["error_examples"]
    assert report["warmup"]["errors"] == 0, report["warmup"]["error_examples"]
    assert load["by_kind"]["search"]["requests"] > 0  # ~70% of the mix
    assert 0 < load["latency_ms"]["p50"] <= load["latency_ms"]["p95"] <= load["latency_ms"]["max"]
    memory = report["memory"]
    assert len(memory["workers"]) == 2
    for worker in memory["workers"]:
        assert 0 < worker["rss_mb"] <= worker["hwm_mb"]
        assert worker["peak_sampled_mb"] > 0
    assert memory["max_worker_peak_mb"] > 0 and memory["samples"] >= 3
    assert memory["limit_mb"] == 300  # a 150-article archive is held to issue 5's target
    assert memory["under_limit"] == (memory["max_worker_peak_mb"] < 300)
    assert report["stop"]["survivors"] == []
    pids = [report["gunicorn"]["master_pid"], *report["gunicorn"]["worker_pids"]]
    assert not [pid for pid in pids if alive(pid)]
    assert gunicorns_on(report["gunicorn"]["port"]) == []
    assert "p95 ms" in completed.stdout and "HWM MB" in completed.stdout  # the printed table


def test_the_worker_memory_target_follows_the_archive_size():
    assert [rss_limit_mb(n) for n in (150, 100_000, 100_001, 1_000_000, 3_000_000)] == [300, 300, 500, 500, 500]


def test_ctrl_c_stops_gunicorn_too(data_dir, tmp_path):
    process = subprocess.Popen(
        [sys.executable, str(LOAD), "--data-dir", str(data_dir), "--workers", "2", "--clients", "2", "--seconds", "60",
         "--out", str(tmp_path / "load.json")],
        cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        port = None
        deadline = time.monotonic() + 60
        for line in process.stderr:  # "gunicorn up in 1.2 s on 127.0.0.1:PORT, ..." once it answers
            if line.startswith("gunicorn up"):
                port = int(line.split("127.0.0.1:")[1].split(",")[0])
                break
            assert time.monotonic() < deadline
        assert port and gunicorns_on(port)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert not (tmp_path / "load.json").exists()  # interrupted: no report
    assert gunicorns_on(port) == []
