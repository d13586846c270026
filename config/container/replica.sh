#!/bin/sh
# A streaming replica of the `db` service (docker-compose profile `scale`): on its first start, a physical copy of
# the primary made by pg_basebackup -R (which also writes the settings that make it follow the primary's WAL);
# every start then runs PostgreSQL as a hot standby: read-only, a few milliseconds behind.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -h db -p 5432 -q; do sleep 1; done
    PGPASSWORD="${REPLICATION_PASSWORD:-$POSTGRES_PASSWORD}" \
        pg_basebackup -h db -p 5432 -U replicator -D "$PGDATA" -R -X stream --checkpoint=fast
    chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
