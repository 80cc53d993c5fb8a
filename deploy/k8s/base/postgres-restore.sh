#!/bin/sh
# Restores the farm's database from a dump that postgres-backup.sh made: drops the database,
# creates it empty and restores the dump into it. Stop the silos first (scale the Deployment to
# 0): it refuses while anything is connected to the database. The connection comes from libpq's
# variables, as for the backup; the user must be allowed to drop and create the database.
#   postgres-restore.sh DUMP
set -eu
[ $# = 1 ] || { echo "usage: postgres-restore.sh DUMP" >&2; exit 64; }
dump="$1"
db="${PGDATABASE:?PGDATABASE names the database to restore}"
[ -f "$dump" ] || { echo "restore: no dump $dump" >&2; exit 1; }
# pg_restore reads the archive's table of contents: a truncated or foreign file fails here,
# before anything is dropped.
pg_restore --list "$dump" >/dev/null
sessions="$(echo "SELECT count(*) FROM pg_stat_activity WHERE datname = :'db';" | psql --dbname=postgres -X -q -tA -v ON_ERROR_STOP=1 -v db="$db")"
if [ "$sessions" != 0 ]; then
  echo "restore: $sessions sessions are connected to $db; stop the silos first (kubectl -n dwpfarm scale deployment/dwpfarm-silo --replicas=0)" >&2
  exit 1
fi
dropdb --if-exists "$db"
createdb "$db"
# Owners and grants are left out: the restoring user owns what it restores, as the silos' user
# owned it before.
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$db" "$dump"
echo "restore: $db restored from $dump"
