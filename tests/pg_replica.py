"""A real PostgreSQL 15 primary and its streaming replica, made for a test and dropped after it.

    with primary_and_replica() as pair:   # pair.primary_url, pair.replica_url, pair.stop_replica(), ...

Two throwaway Debian clusters on free ports: the primary (`pg_createcluster`), and the replica made from it with
`pg_basebackup -R` (a physical copy that streams the primary's WAL, read-only). Needs PostgreSQL 15's server
binaries and root (to run as the `postgres` user), as CI has. Nothing here touches the main cluster (15/main).
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .live_gunicorn import free_port

VERSION = "15"
DATABASE = "qujat_replicated"
ROLE, PASSWORD = "qujat", "qujat"


def available() -> str:
    """Why a pair cannot be made here ("" when it can)."""
    if not shutil.which("pg_createcluster") or not Path(f"/usr/lib/postgresql/{VERSION}/bin/pg_basebackup").exists():
        return f"PostgreSQL {VERSION} server tools (pg_createcluster, pg_basebackup) are not installed"
    if subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip() != "0":
        return "making a cluster needs root (to act as the postgres user)"
    return ""


def as_postgres(command: list[str], timeout: float = 120) -> str:
    done = subprocess.run(["su", "postgres", "-c", " ".join(_quoted(part) for part in command)],
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-1500:]}")
    return done.stdout


def _quoted(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def psql(port: int, sql: str, database: str = "postgres") -> str:
    return as_postgres(["psql", "-h", "/var/run/postgresql", "-p", str(port), "-d", database, "-qtAc", sql]).strip()


@dataclass
class Pair:
    primary: str  # cluster names
    replica: str
    primary_port: int
    replica_port: int

    def url(self, port: int) -> str:
        return f"postgres://{ROLE}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def replica_url(self) -> str:
        return self.url(self.replica_port)

    def stop_replica(self) -> None:
        as_postgres(["pg_ctlcluster", VERSION, self.replica, "stop", "-m", "fast"])

    def start_replica(self) -> None:
        as_postgres(["pg_ctlcluster", VERSION, self.replica, "start"])
        wait_ready(self.replica_port)

    def pause_replay(self) -> None:
        psql(self.replica_port, "SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        psql(self.replica_port, "SELECT pg_wal_replay_resume()")

    def replica_caught_up(self, timeout: float = 30) -> None:
        """Wait until the replica has replayed everything the primary has written so far."""
        target = psql(self.primary_port, "SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if psql(self.replica_port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
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
def primary_and_replica():
    suffix = secrets.token_hex(3)
    pair = Pair(f"qjprimary{suffix}", f"qjreplica{suffix}", free_port(), free_port())
    try:
        as_postgres(["pg_createcluster", VERSION, pair.primary, "-p", str(pair.primary_port), "--",
                     "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])  # fmt: skip
        as_postgres(["pg_ctlcluster", VERSION, pair.primary, "start"])
        wait_ready(pair.primary_port)
        psql(pair.primary_port, f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
        psql(pair.primary_port, f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
        as_postgres(["pg_createcluster", VERSION, pair.replica, "-p", str(pair.replica_port), "--", "--no-sync"])
        data = Path(f"/var/lib/postgresql/{VERSION}/{pair.replica}")
        as_postgres(["sh", "-c", f"rm -rf {data}/*"])
        as_postgres([f"/usr/lib/postgresql/{VERSION}/bin/pg_basebackup", "-h", "/var/run/postgresql",
                     "-p", str(pair.primary_port), "-D", str(data), "-R", "-X", "stream", "--checkpoint=fast",
                     "--no-sync"])  # fmt: skip
        pair.start_replica()
        yield pair
    finally:
        for name in (pair.replica, pair.primary):
            subprocess.run(["su", "postgres", "-c", f"pg_dropcluster --stop {VERSION} {name}"], capture_output=True,
                           timeout=120)  # fmt: skip
