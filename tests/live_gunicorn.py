"""A real gunicorn for the suites that drive one live server across many requests (the way production runs), and
a free port for it or for any other server a test starts (PostgreSQL clusters, Redis)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(env: dict[str, str], *, workers: int = 2, log: Path | None = None) -> Iterator[str]:
    """Real gunicorn (sync workers, config/gunicorn.py) on a free port; yields its base URL, stopped at the end.

    Its stderr goes to `log` (or nowhere), never to a pipe nobody reads: a worker writing more than a pipe holds
    would block mid-request and the test would see a hang instead of the server's answer.
    """
    port = free_port()
    stderr = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--timeout", "60", "config.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except urllib.error.HTTPError:
                break  # it answers (a 503 is an answer: the tests look at what it names)
            except OSError:
                said = log.read_text(errors="replace")[-2000:] if log else ""
                assert process.poll() is None, f"gunicorn ended at start: {said}"
                assert time.monotonic() < deadline, f"gunicorn did not answer in 60 s: {said}"
                time.sleep(0.1)
        yield base
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if log:
            stderr.close()
