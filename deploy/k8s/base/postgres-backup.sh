#!/bin/sh
# A pg_dump of the farm's database into $BACKUP_DIR, keeping the newest $BACKUP_KEEP dumps.
# CronJob/dwpfarm-postgres-backup runs it; the connection comes from libpq's variables PGHOST,
# PGPORT, PGUSER, PGPASSWORD and PGDATABASE. postgres-restore.sh restores a dump (docs/deploy.md,
# "Backup and restore").
set -eu
dir="${BACKUP_DIR:?BACKUP_DIR names the folder of the dumps}"
keep="${BACKUP_KEEP:-7}"
name="dwpfarm-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$dir/.$name.partial"
trap 'rm -f "$partial"' EXIT
# Custom format: compressed, and read by pg_restore. Written under a temporary name and renamed
# once complete, so a dump that fails half-way is never taken for a backup.
pg_dump --format=custom --file="$partial"
mv "$partial" "$dir/$name"
echo "backup: $dir/$name, $(wc -c <"$dir/$name") bytes"
# The names sort by time: keep the newest.
ls -1 "$dir"/dwpfarm-*.dump | sort -r | tail -n +"$((keep + 1))" | while read -r old; do
  rm -f -- "$old"
  echo "backup: removed $old"
done
