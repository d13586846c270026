"""Production settings are safe by default and configurable from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
