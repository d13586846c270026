"""A PostgreSQL cluster of a test's own, to stop and start under a live server (Debian's postgresql-common tools).

    with throwaway_cluster(5439) as cluster:
        env["DATABASE_URL"] = cluster.url
        ...
        cluster.stop()    # the server's database is gone: pages must answer 503
        cluster.start()   # and come back on the next request

The cluster is created (a leftover of a killed run is dropped first), started, given the qujat role and a
database, and dropped on exit, whatever happened. It never touches the main cluster (15/main on 5432), which may
be running (the PostgreSQL pass) or stopped (the SQLite pass). Needs root (CI runs as root) or the postgres user;
`available()` says why not otherwise, for a skip reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

VERSION = os.environ.get("QUJAT_PG_VERSION", "15")
ROLE, PASSWORD, DATABASE = "qujat", "qujat", "qujat_throwaway"


def as_postgres(*command: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
    """Runs a PostgreSQL tool as the postgres user (directly when we are that user)."""
    if os.geteuid() == 0:
        command = ("runuser", "-u", "postgres", "--", *command)
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-1000:]}")
    return done


def available() -> str:
    """'' when a cluster can be made here, else why not."""
    if shutil.which("pg_createcluster") is None or not os.path.isdir(f"/usr/lib/postgresql/{VERSION}/bin"):
        return f"PostgreSQL {VERSION} server tools (postgresql-common) are not installed"
    if os.geteuid() != 0:
        import pwd

        if pwd.getpwuid(os.geteuid()).pw_name != "postgres":
            return "creating a PostgreSQL cluster needs root or the postgres user"
    return ""


@dataclass
class Cluster:
    name: str
    port: int
    database: str = DATABASE

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{self.database}"

    def stop(self) -> None:
        """A fast shutdown: open connections are cut, as when the server crashes or is restarted."""
        as_postgres("pg_ctlcluster", VERSION, self.name, "stop", "-m", "fast")

    def start(self) -> None:
        as_postgres("pg_ctlcluster", VERSION, self.name, "start")  # waits until it accepts connections

    def psql(self, sql: str, database: str = "postgres") -> str:
        return as_postgres("psql", "-p", str(self.port), "-d", database, "-X", "-q", "-At", "-c", sql).stdout.strip()

    @property
    def data_directory(self) -> str:
        return f"/var/lib/postgresql/{VERSION}/{self.name}"


def drop_cluster(name: str) -> None:
    as_postgres("pg_dropcluster", "--stop", VERSION, name, check=False)


@contextmanager
def throwaway_cluster(port: int, name: str | None = None, database: str = DATABASE) -> Iterator[Cluster]:
    """A fresh cluster on `port` with the qujat role and database (see the module's docstring)."""
    reason = available()
    if reason:
        pytest.skip(reason)
    cluster = Cluster(name or f"qujat{port}", port, database)
    drop_cluster(cluster.name)  # a leftover of a run that was killed before it could clean up
    try:
        # A test server: no durability needed, so no fsync; small memory (TCP on localhost, the default).
        as_postgres("pg_createcluster", VERSION, cluster.name, "-p", str(port),
                     "-o", "fsync=off", "-o", "synchronous_commit=off", "-o", "full_page_writes=off",
                     "-o", "shared_buffers=16MB",
                     "--", "--no-sync", "--auth-local=peer", "--auth-host=scram-sha-256")  # fmt: skip
        cluster.start()
        cluster.psql(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
        cluster.psql(f"CREATE DATABASE {database} OWNER {ROLE}")
        yield cluster
    finally:
        drop_cluster(cluster.name)


@pytest.fixture(scope="module")
def pg_throwaway(request) -> Iterator[Cluster]:
    """Module-scoped throwaway cluster; the port comes from the module's PG_PORT (default 5439)."""
    with throwaway_cluster(getattr(request.module, "PG_PORT", 5439)) as cluster:
        yield cluster
