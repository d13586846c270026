#!/bin/sh
# The primary's first start (docker-entrypoint-initdb.d): a role that streaming replicas connect as, and the
# pg_hba.conf line that lets it replicate. Runs once, when the data volume is new.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD:-$POSTGRES_PASSWORD}';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
