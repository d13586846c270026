"""Reads on PostgreSQL streaming replicas (DATABASE_REPLICA_URLS), writes and a writer's own next reads on the primary.

The replicas are PostgreSQL's own (physical streaming replication): Qujat only chooses, per request, where its
reads go, and never lets the choice show as an error or a stale page to the person who just wrote:

- `ReplicaMiddleware` decides once per request. A safe request (GET/HEAD) outside the admin, from a client that
  has not written in the last REPLICA_PIN_SECONDS, reads from a healthy replica; everything else (every write,
  every admin request, the writer's next requests: read-your-writes, by a cookie set on each unsafe request) reads
  from the primary.
- A replica is healthy when it answers, is in recovery, and is not behind the primary by more than
  REPLICA_MAX_LAG_SECONDS. Health is checked at most every REPLICA_CHECK_SECONDS per process (a small query on
  each side), so a request costs no extra round trip.
- A replica that fails during a request (stopped, network gone) is marked down and the request is answered again
  from the primary: the reader sees a page, not an error. It is checked again after REPLICA_CHECK_SECONDS.
- `ReplicaRouter` sends reads where the middleware decided (the primary outside requests: commands, imports,
  the outbox), every write to the primary, and migrations only to the primary.
"""

from __future__ import annotations

import contextvars
import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PIN_COOKIE = "qujat_wrote"  # the client wrote: its reads stay on the primary until the replicas have its change
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Rate-limit counters (the database cache's table) and sign-in attempts (django-axes) are read to decide a write.
PRIMARY_APPS = frozenset({"django_cache", "axes"})

_read_alias: contextvars.ContextVar[str] = contextvars.ContextVar("qujat_read_alias", default=DEFAULT_DB_ALIAS)


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


@dataclass
class ReplicaState:
    healthy: bool = False
    checked_at: float = float("-inf")
    lag_seconds: float | None = None
    reason: str = "not checked yet"


class _Health:
    """Per-process view of each replica, refreshed lazily; one check at a time per process."""

    def __init__(self) -> None:
        self._states: dict[str, ReplicaState] = {}
        self._lock = threading.Lock()

    def state(self, alias: str) -> ReplicaState:
        return self._states.setdefault(alias, ReplicaState())

    def healthy(self) -> list[str]:
        now = time.monotonic()
        stale = [a for a in replica_aliases() if now - self.state(a).checked_at >= settings.REPLICA_CHECK_SECONDS]
        if stale and self._lock.acquire(blocking=False):
            try:
                for alias in stale:
                    self._states[alias] = check_replica(alias)
            finally:
                self._lock.release()
        return [a for a in replica_aliases() if self.state(a).healthy]

    def mark_down(self, alias: str, reason: str) -> None:
        self._states[alias] = ReplicaState(False, time.monotonic(), None, reason)

    def reset(self) -> None:
        self._states.clear()


health = _Health()


def check_replica(alias: str) -> ReplicaState:
    """Is `alias` a replica in recovery, answering, and within REPLICA_MAX_LAG_SECONDS of the primary?

    Lag: zero when the replica has replayed everything the primary has written (LSNs compared); otherwise the time
    since the replica last replayed a transaction, an upper bound of how old its answers are."""
    checked_at = time.monotonic()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = cursor.fetchone()[0]
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()),"
                " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())",
                [primary_lsn],
            )
            in_recovery, behind_bytes, since_replay = cursor.fetchone()
    except DatabaseError as exc:
        _close_quietly(alias)
        logger.warning("replica %s skipped: %s", alias, str(exc).strip()[:200])
        return ReplicaState(False, checked_at, None, f"not answering: {str(exc).strip()[:120]}")
    if not in_recovery:
        return ReplicaState(False, checked_at, None, "not a replica (not in recovery)")
    behind = behind_bytes is None or float(behind_bytes) > 0
    lag = float(since_replay or 0.0) if behind else 0.0
    if behind and (since_replay is None or lag > settings.REPLICA_MAX_LAG_SECONDS):
        return ReplicaState(False, checked_at, lag, f"lagging {lag:.1f} s behind the primary")
    return ReplicaState(True, checked_at, lag, "ok")


def _close_quietly(alias: str) -> None:
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def current_read_alias() -> str:
    return _read_alias.get()


class ReplicaRouter:
    """Reads where ReplicaMiddleware decided for this request; writes and migrations on the primary."""

    def db_for_read(self, model, **hints) -> str:
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:  # read-modify-write: read what the transaction sees
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_APPS:  # counters read and written at once: never a stale copy
            return DEFAULT_DB_ALIAS
        return _read_alias.get()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, seen through several connections

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Chooses where this request reads (see the module's docstring) and answers again from the primary when the
    chosen replica fails midway. Placed last in MIDDLEWARE (see settings)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        alias = self._choose(request)
        token = _read_alias.set(alias)
        request.read_alias = alias
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if request.method not in SAFE_METHODS and replica_aliases():
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=not settings.DEBUG)  # fmt: skip
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        alias = getattr(request, "read_alias", DEFAULT_DB_ALIAS)
        if alias == DEFAULT_DB_ALIAS or not isinstance(exception, DatabaseError):
            return None
        if check_replica(alias).healthy:  # the replica is fine: the error is the primary's or the query's own
            return None
        health.mark_down(alias, f"failed during a request: {str(exception).strip()[:120]}")
        _close_quietly(alias)
        logger.warning("replica %s failed during %s; answered from the primary", alias, request.path)
        request.read_alias = DEFAULT_DB_ALIAS
        token = _read_alias.set(DEFAULT_DB_ALIAS)
        try:
            return self.get_response(request)
        finally:
            _read_alias.reset(token)

    @staticmethod
    def _choose(request: HttpRequest) -> str:
        if not replica_aliases() or request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
            return DEFAULT_DB_ALIAS
        if request.path.startswith(settings.PRIMARY_ONLY_PATHS):
            return DEFAULT_DB_ALIAS
        healthy = health.healthy()
        return random.choice(healthy) if healthy else DEFAULT_DB_ALIAS


def replicas_status() -> list[dict]:
    """For /healthz: each replica's last known state (a replica down is not a failure: reads fall back)."""
    health.healthy()
    return [
        {"alias": alias, "healthy": state.healthy, "reason": state.reason,
         "lag_seconds": None if state.lag_seconds is None else round(state.lag_seconds, 3)}
        for alias in replica_aliases() for state in [health.state(alias)]
    ]  # fmt: skip
