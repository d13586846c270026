"""docker-compose.yml and the container's start script: the services, volumes and health checks production needs,
every setting the web service is given (or knowingly left to its default), and a start that is safe to repeat.
(No Docker here: the compose file is read as data; config/container/start.sh runs for real against SQLite.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SOURCE = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")

# Read by config/settings.py but deliberately not set in the web service, each with the reason.
OPTIONAL = {
    "DEBUG": "off in production; its default",
    "CONN_MAX_AGE": "60 s persistent connections suit gunicorn's sync workers",
    "SECURE_HSTS_SECONDS": "one year by default with DEBUG off",
    "SEARCH_PAGE_CACHE_ENTRIES": "500 rendered pages per worker by default",
    "WORKER_RSS_MB": "a worker's RSS target, 400 MB by default (matters from ~1M articles)",
    "LOG_LEVEL": "WARNING by default with DEBUG off",
}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def settings_variables() -> set[str]:
    pattern = r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list|os\.environ\[)\(?\s*["']([A-Z_][A-Z0-9_]*)["']"""
    return set(re.findall(pattern, SETTINGS_SOURCE))


def test_the_settings_variables_are_found():
    found = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "RATE_LIMIT_SEARCH", "DEBUG"} <= found


def test_every_variable_the_settings_read_is_set_in_the_web_service_or_known_optional(compose):
    environment = compose["services"]["web"]["environment"]
    missing = settings_variables() - set(environment) - set(OPTIONAL)
    assert not missing, f"set these in the web service, or list them in OPTIONAL with a reason: {missing}"
    assert not set(OPTIONAL) - settings_variables(), "OPTIONAL lists a variable the settings no longer read"
    assert not set(OPTIONAL) & set(environment), "a variable listed as optional is set after all"


def test_every_variable_is_documented_in_the_settings_docstring_and_the_readme():
    docstring = SETTINGS_SOURCE.split('"""')[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in settings_variables():
        assert re.search(rf"^\s+{name}\b", docstring, re.MULTILINE), f"{name} is not in the settings docstring"
        assert f"`{name}`" in readme, f"{name} is not in the README's configuration table"


def test_the_services_and_their_dependencies(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "db-replica", "web-2"}
    assert {name for name, service in services.items() if "profiles" not in service} == {"db", "redis", "web"}
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:")
    web = services["web"]
    assert web["depends_on"] == {"db": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://qujat:") and "@db:5432/" in web["environment"][
        "DATABASE_URL"]
    assert web["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")  # no default secret, ever


def test_volumes_keep_the_database_and_the_index(compose):
    assert set(compose["volumes"]) == {"pgdata", "index", "pgreplica", "index-2"}
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    web = compose["services"]["web"]
    assert "index:/data" in web["volumes"]
    assert web["environment"]["DATA_DIR"] == "/data" and web["environment"]["SEARCH_INDEX_DIR"].startswith("/data/")


def test_the_scale_profile_adds_a_streaming_replica_and_a_second_web_container(compose):
    services = compose["services"]
    replica, second = services["db-replica"], services["web-2"]
    assert replica["profiles"] == second["profiles"] == ["scale"]
    assert replica["image"] == services["db"]["image"] and replica["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pgreplica:/var/lib/postgresql/data" in replica["volumes"]
    assert "pg_isready" in " ".join(replica["healthcheck"]["test"])
    script = (ROOT / "config" / "container" / "replica.sh").read_text(encoding="utf-8")
    assert "pg_basebackup -h db" in script and " -R " in script and "exec postgres" in script
    assert replica["entrypoint"] == ["sh", "/replica.sh"] and "./config/container/replica.sh:/replica.sh:ro" in \
        replica["volumes"]
    init = (ROOT / "config" / "container" / "primary-init.sh").read_text(encoding="utf-8")
    assert "WITH REPLICATION LOGIN" in init and "host replication replicator" in init
    assert any(volume.startswith("./config/container/primary-init.sh:/docker-entrypoint-initdb.d/")
               for volume in services["db"]["volumes"])  # fmt: skip
    # The second web container is the first one's definition (a YAML merge), on its own port and index volume,
    # started once the first has migrated, imported and indexed.
    assert second["environment"] == services["web"]["environment"]
    assert second["command"] == services["web"]["command"] and second["healthcheck"] == services["web"]["healthcheck"]
    assert second["ports"] == ["8001:8000"] and second["volumes"] == ["index-2:/data"]
    assert second["depends_on"] == {"web": {"condition": "service_healthy"},
                                    "db-replica": {"condition": "service_healthy"}}  # fmt: skip
    web = services["web"]["environment"]
    assert web["SEARCH_BACKEND"] == "${SEARCH_BACKEND:-whoosh}" and web["DATABASE_REPLICA_URLS"] == \
        "${DATABASE_REPLICA_URLS:-}"


def test_health_checks(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    web = services["web"]["healthcheck"]
    assert "http://127.0.0.1:8000/healthz" in " ".join(web["test"])
    assert web["start_period"]  # the first import and index build come before gunicorn listens


def test_the_web_health_check_command_is_valid_python(compose):
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    compile(test[3], "healthcheck", "exec")


def test_the_web_service_and_the_image_start_through_the_start_script(compose):
    assert compose["services"]["web"]["command"] == ["sh", "config/container/start.sh"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["sh", "config/container/start.sh"]' in dockerfile
    script = (ROOT / "config" / "container" / "start.sh").read_text(encoding="utf-8")
    steps = ["migrate --noinput", "createcachetable", "collectstatic --noinput", "import_articles"]
    positions = [script.index(step) for step in steps]
    positions += [script.rindex("rebuild_index"), script.index("exec gunicorn -c config/gunicorn.py config.wsgi")]
    assert positions == sorted(positions), "the start script's steps are out of order"


# --- config/container/start.sh, run for real: first start imports and indexes; later starts do neither unless needed


def start(tmp_path: Path) -> str:
    """config/container/start.sh with `gunicorn` replaced by a stub that says it would serve (and checks that
    config.wsgi loads)."""
    stub_dir = tmp_path / "bin"
    stub_dir.mkdir(exist_ok=True)
    stub = stub_dir / "gunicorn"
    stub.write_text(f'#!/bin/sh\nexec {sys.executable} -c "import config.wsgi; print(\'gunicorn would serve\')"\n')
    stub.chmod(0o755)
    python_dir = Path(sys.executable).parent  # the environment's `python`, as the image's is on its PATH
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(PATH=f"{stub_dir}:{python_dir}:{env['PATH']}", DATA_DIR=str(tmp_path / "data"),
               SECRET_KEY="start-script-test-" + "s3cr3t-" * 6, ALLOWED_HOSTS="127.0.0.1", PYTHONPATH=str(ROOT),
               SEARCH_INDEX_DIR=str(tmp_path / "data" / "index"))  # fmt: skip
    done = subprocess.run(["sh", "config/container/start.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_the_start_script_imports_once_and_rebuilds_the_index_only_when_needed(tmp_path):
    first = start(tmp_path)
    assert "empty database; importing seeds/" in first and "gunicorn would serve" in first
    assert (tmp_path / "data" / "staticfiles" / "staticfiles.json").exists()
    second = start(tmp_path)
    assert "the database holds articles" in second and "importing" not in second
    assert "gunicorn would serve" in second
    shutil.rmtree(tmp_path / "data" / "index")  # a lost index volume: the next start rebuilds it
    third = start(tmp_path)
    assert "the database holds articles" in third and "gunicorn would serve" in third
    assert (tmp_path / "data" / "index").is_dir()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env |= {"DEBUG": "1", "DATA_DIR": str(tmp_path / "data"), "SEARCH_INDEX_DIR": str(tmp_path / "data" / "index")}
    check = subprocess.run([sys.executable, "manage.py", "check_index"], cwd=ROOT, capture_output=True, text=True,
                           env=env, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
