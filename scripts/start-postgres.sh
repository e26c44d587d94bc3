#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster on loopback for the Service tests and prints the administrative URL to use as
# LINEAGE_POSTGRES_URL. Needs root and the Debian package `postgresql` (.ci/run installs it). Idempotent.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    pg_ctlcluster "$version" main start -- -o "-c listen_addresses=127.0.0.1" >/dev/null 2>&1 \
        || pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
    su postgres -c "psql -h 127.0.0.1 -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
    su postgres -c "psql -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
done
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'lineage-test'\"" >/dev/null
echo "postgres://postgres:lineage-test@127.0.0.1:5432/postgres"
