"""A real PostgreSQL 15 primary and its streaming replica, made for a test and dropped after it.

    with primary_and_replica() as pair:   # pair.primary_url, pair.replica_url, pair.stop_replica(), ...

Two throwaway clusters (tests/pg_cluster.py) on free ports: the primary, and the replica made from it with
`pg_basebackup -R` (a physical copy that streams the primary's WAL, read-only). Needs PostgreSQL 15's server
binaries and root (to run as the `postgres` user), as CI has. Nothing here touches the main cluster (15/main).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

from .live_gunicorn import free_port
from .pg_cluster import VERSION, Cluster, as_postgres, drop_cluster, throwaway_cluster
from .pg_cluster import available as cluster_available

DATABASE = "qujat_replicated"
BASEBACKUP = f"/usr/lib/postgresql/{VERSION}/bin/pg_basebackup"


def available() -> str:
    """Why a pair cannot be made here ("" when it can)."""
    if not os.path.exists(BASEBACKUP):
        return f"PostgreSQL {VERSION}'s pg_basebackup is not installed"
    return cluster_available()


@dataclass
class Pair:
    primary: Cluster
    replica: Cluster

    @property
    def primary_url(self) -> str:
        return self.primary.url

    @property
    def replica_url(self) -> str:
        return self.replica.url

    def psql(self, sql: str) -> str:
        """`sql` on the primary's archive database."""
        return self.primary.psql(sql, DATABASE)

    def stop_replica(self) -> None:
        self.replica.stop()

    def start_replica(self) -> None:
        self.replica.start()
        wait_ready(self.replica.port)

    def pause_replay(self) -> None:
        self.replica.psql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.replica.psql("SELECT pg_wal_replay_resume()")

    def replica_caught_up(self, timeout: float = 30) -> None:
        """Wait until the replica has replayed everything the primary has written so far."""
        target = self.primary.psql("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.replica.psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
                return
            time.sleep(0.05)
        raise TimeoutError(f"the replica did not reach {target} in {timeout} s")


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode == 0:
            return
        time.sleep(0.1)
    raise TimeoutError(f"PostgreSQL on port {port} did not start in {timeout} s")


@contextlib.contextmanager
def primary_and_replica() -> Iterator[Pair]:
    suffix = secrets.token_hex(3)
    with throwaway_cluster(free_port(), name=f"qjprimary{suffix}", database=DATABASE) as primary:
        replica = Cluster(f"qjreplica{suffix}", free_port(), DATABASE)
        try:
            as_postgres("pg_createcluster", VERSION, replica.name, "-p", str(replica.port), "--", "--no-sync")
            as_postgres("sh", "-c", f"rm -rf {replica.data_directory}/*")  # pg_basebackup fills it
            as_postgres(BASEBACKUP, "-p", str(primary.port), "-D", replica.data_directory, "-R", "-X", "stream",
                         "--checkpoint=fast", "--no-sync", timeout=120)  # fmt: skip
            pair = Pair(primary, replica)
            pair.start_replica()
            yield pair
        finally:
            drop_cluster(replica.name)
