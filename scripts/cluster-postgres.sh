#!/usr/bin/env bash
# Starts Debian's PostgreSQL (installing it if needed), creates the facealign_cluster database with the Orleans
# membership tables (src/FaceAlign3D.Cluster/postgres-membership.sql) and prints the connection string for
# `facealign cluster ... --membership postgres --postgres "<it>"`. Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version="$(ls /etc/postgresql | sort -V | tail -n 1)"
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start >&2
as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -q $*"; }
as_postgres "-tc \"SELECT 1 FROM pg_roles WHERE rolname = 'facealign'\"" | grep -q 1 \
  || as_postgres "-c \"CREATE ROLE facealign LOGIN PASSWORD 'facealign'\"" >&2
as_postgres "-tc \"SELECT 1 FROM pg_database WHERE datname = 'facealign_cluster'\"" | grep -q 1 \
  || as_postgres "-c \"CREATE DATABASE facealign_cluster OWNER facealign\"" >&2
PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=facealign psql -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -U facealign -d facealign_cluster -f src/FaceAlign3D.Cluster/postgres-membership.sql >&2
echo "Host=127.0.0.1;Database=facealign_cluster;Username=facealign;Password=facealign"
