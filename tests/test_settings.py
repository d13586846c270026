"""Production settings are safe by default and configurable from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    configured = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "DATA_DIR", "DATABASE_URL",
                  "SEARCH_INDEX_DIR", "ALLOWED_HOSTS"}
    clean = {k: v for k, v in os.environ.items() if k not in configured}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="qujat.example", DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_a_secret_key_production_refuses_to_start(tmp_path):
    result = run_manage("check", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_mode_runs_without_configuration(tmp_path):
    result = run_manage("check", DEBUG="1", DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_database_url_selects_the_database(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.SEARCH_INDEX_DIR)"
    result = run_manage("shell", "--no-imports", "-c", code, DEBUG="1", DATA_DIR=str(tmp_path),
                        DATABASE_URL="postgres://u:p@db.example:5432/qujat", SEARCH_INDEX_DIR="/srv/index")
    assert result.stdout.split() == ["django.db.backends.postgresql", "/srv/index"], result.stderr


def test_replicas_need_postgresql_on_both_sides(tmp_path):
    result = run_manage("check", DEBUG="1", DATA_DIR=str(tmp_path),
                        DATABASE_REPLICA_URLS="postgres://qujat:qujat@127.0.0.1:5433/qujat")  # fmt: skip
    assert result.returncode != 0 and "DATABASE_REPLICA_URLS needs PostgreSQL replicas" in result.stderr


def test_replicas_become_read_aliases_behind_the_router(tmp_path):
    shown = run_manage(
        "shell", "-c",
        "from django.conf import settings as s; print(s.DATABASE_REPLICAS, s.DATABASE_ROUTERS, "
        "s.DATABASES['replica_2']['PORT'], s.DATABASES['replica_2']['OPTIONS'])",
        DEBUG="1", DATA_DIR=str(tmp_path), DATABASE_URL="postgres://qujat:qujat@127.0.0.1:5432/qujat",
        DATABASE_REPLICA_URLS="postgres://qujat:qujat@10.0.0.2:5432/qujat,postgres://qujat:qujat@10.0.0.3:6432/qujat",
    )
    assert shown.returncode == 0, shown.stderr
    expected = "['replica_1', 'replica_2'] ['archive.replicas.ReplicaRouter'] 6432 {'connect_timeout': 2}"
    assert shown.stdout.strip().splitlines()[-1] == expected


STRONG_KEY = "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize(("key", "reason"), [
    ("tests-only-not-a-secret", "it has 23 characters; use at least 50"),
    ("ab" * 30, "only 2 distinct characters"),
    ("django-insecure-" + "0123456789abcdef" * 3, "published, well-known value"),
])  # fmt: skip
def test_production_refuses_a_weak_secret_key(tmp_path, key, reason):
    for command in (["check", "--deploy"], ["migrate", "--noinput"]):
        result = run_manage(*command, SECRET_KEY=key, ALLOWED_HOSTS="qujat.example", DATA_DIR=str(tmp_path))
        assert result.returncode != 0
        assert "SECRET_KEY is too weak for production" in result.stderr and reason in result.stderr
        assert "secrets.token_urlsafe(50)" in result.stderr  # how to make a good one


def test_a_weak_secret_key_is_fine_with_debug(tmp_path):
    result = run_manage("check", SECRET_KEY="dev", DEBUG="1", DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def import_wsgi(data_dir) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi; print('served')"], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env={k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
        | {"SECRET_KEY": STRONG_KEY, "DATA_DIR": str(data_dir), "ALLOWED_HOSTS": "qujat.example"},
    )


def test_the_server_refuses_to_start_without_collected_static_files_and_starts_after_collectstatic(tmp_path):
    refused = import_wsgi(tmp_path)
    assert refused.returncode != 0 and "served" not in refused.stdout
    assert "Static files are not collected" in refused.stderr and "collectstatic --noinput" in refused.stderr
    # `check --deploy` (make check-deploy) runs before collectstatic and stays clean.
    checked = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=STRONG_KEY,
                         ALLOWED_HOSTS="qujat.example", DATA_DIR=str(tmp_path))
    assert checked.returncode == 0, checked.stderr
    collected = run_manage("collectstatic", "--noinput", "-v0", SECRET_KEY=STRONG_KEY, DATA_DIR=str(tmp_path))
    assert collected.returncode == 0, collected.stderr
    started = import_wsgi(tmp_path)
    assert started.returncode == 0 and started.stdout.strip() == "served", started.stderr


def test_a_server_started_under_gunicorn_without_static_files_exits_saying_why(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env |= {"SECRET_KEY": STRONG_KEY, "DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "127.0.0.1"}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", "127.0.0.1:0",
                             "config.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0  # gunicorn stops: a worker that cannot boot is not retried for ever
    assert "Static files are not collected" in result.stderr


def test_a_malformed_rate_limit_stops_the_start(tmp_path):
    result = run_manage("check", DEBUG="1", DATA_DIR=str(tmp_path), RATE_LIMIT_EXPORT="20 per minute")
    assert result.returncode != 0
    assert "RATE_LIMIT_EXPORT='20 per minute': expected N/s, N/m, N/h or N/d" in result.stderr
