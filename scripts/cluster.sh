#!/usr/bin/env bash
# A local cluster by hand: a private PostgreSQL server and N silo processes on loopback.
#   scripts/cluster.sh up [N]   (make cluster-up)    start PostgreSQL, apply the schema, start N silos (default 3)
#   scripts/cluster.sh down     (make cluster-down)  stop the silos and PostgreSQL; the data stays
#   scripts/cluster.sh clean                         down, then delete the cluster folder
#   scripts/cluster.sh env                           print the variables the CLI and silos need
# Everything lives in $DWPFARM_CLUSTER_DIR (default: /tmp/dwpfarm-cluster).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${DWPFARM_CLUSTER_DIR:-/tmp/dwpfarm-cluster}"
pg_port="${DWPFARM_PG_PORT:-55432}"
config="${CONFIG:-Release}"
silo_bin="$root/src/Silo/bin/$config/net10.0/dwpfarm-silo"

pg_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$bin/pg_ctl" ] || { echo "cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$bin"
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# As root, PostgreSQL runs as the postgres user, which must pass through every folder above its
# own. A cluster folder of root's that it cannot pass through, such as one from `mktemp -d`
# (0700), lets the postgres group through and no one else (0710, group postgres); folders further
# up are not ours to open, so then refuse with the reason.
pg_can_reach() {
  runuser -u postgres -- test -w "$dir/pg" && return 0
  local parent
  parent="$(dirname "$(readlink -f "$dir")")"
  if [ "$(stat -c %u:%g "$dir")" = 0:0 ] && runuser -u postgres -- test -x "$parent"; then
    chgrp postgres "$dir"
    chmod g+x "$dir"
    echo "cluster: $dir is now group postgres, mode $(stat -c %a "$dir"), so that PostgreSQL (user postgres) reaches $dir/pg"
    runuser -u postgres -- test -w "$dir/pg" && return 0
  fi
  echo "cluster: PostgreSQL runs as user postgres, which cannot reach $dir/pg: a folder above it is closed to that user; set DWPFARM_CLUSTER_DIR to a folder it can reach, such as one under /tmp" >&2
  exit 1
}

# Every silo keeps a pool of connections. As in deploy/k8s: pools of 20 against max_connections=300 (below) leave
# room for 14 silos and the CLI; Npgsql's default of 100 a pool ran PostgreSQL's default 100 out on 3 silos.
connection() {
  echo "Host=127.0.0.1;Port=$pg_port;Database=dwpfarm;Username=dwpfarm;Password=$(cat "$dir/pg/password");Maximum Pool Size=20"
}

up() {
  local silos="${1:-3}" bin
  bin="$(pg_bin)"
  mkdir -p "$dir/pg" "$dir/silos" "$dir/data"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg" && pg_can_reach
  if [ ! -f "$dir/pg/data/PG_VERSION" ]; then
    # A password for host connections, readable only by its owner.
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/pg/password")
    as_pg "$bin/initdb" -D "$dir/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w \
      -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  fi
  # The farm's own role and database, once.
  if ! as_pg "$bin/psql" -h "$dir/pg" -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'dwpfarm'" | grep -q 1; then
    as_pg "$bin/psql" -h "$dir/pg" -p "$pg_port" -U postgres -q \
      -c "CREATE ROLE dwpfarm LOGIN PASSWORD '$(cat "$dir/pg/password")';" -c "CREATE DATABASE dwpfarm OWNER dwpfarm;"
  fi
  echo "cluster: PostgreSQL on 127.0.0.1:$pg_port ($dir/pg)"

  [ -x "$silo_bin" ] || { echo "cluster: build first (make cluster-up does)" >&2; exit 1; }
  Database__ConnectionString="$(connection)" "$root/dwpfarm" db init --postgres

  local gateways=()
  for i in $(seq 0 $((silos - 1))); do
    local pidfile="$dir/silos/$i.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "cluster: silo $i already running (pid $(cat "$pidfile"))"
    else
      Database__Provider=Postgres Database__ConnectionString="$(connection)" DWPFARM_DATA="$dir/data" \
        nohup "$silo_bin" --Farm:Clustering=Postgres --Farm:SiloPort=$((11111 + i)) --Farm:GatewayPort=$((30000 + i)) \
        --Urls="http://127.0.0.1:$((8080 + i))" >"$dir/silos/$i.log" 2>&1 &
      echo $! >"$pidfile"
      echo "cluster: silo $i started (pid $!, gateway 127.0.0.1:$((30000 + i)), http://127.0.0.1:$((8080 + i))/metrics, log $dir/silos/$i.log)"
    fi
    gateways+=("127.0.0.1:$((30000 + i))")
  done
  for i in $(seq 0 $((silos - 1))); do
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$((8080 + i))/healthz" >/dev/null 2>&1 && break
      kill -0 "$(cat "$dir/silos/$i.pid")" 2>/dev/null || { echo "cluster: silo $i exited; see $dir/silos/$i.log" >&2; tail -n 5 "$dir/silos/$i.log" >&2; exit 1; }
      sleep 0.5
    done
  done
  (IFS=,; echo "${gateways[*]}") >"$dir/gateways"
  echo "cluster: ready; run: export DWPFARM_GATEWAY=$(cat "$dir/gateways")"
}

down() {
  for pidfile in "$dir"/silos/*.pid; do
    [ -f "$pidfile" ] || continue
    local pid
    pid="$(cat "$pidfile")"
    # SIGTERM: each silo hands its running units back to the queue before it exits.
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$pidfile"
  done
  if [ -f "$dir/pg/data/PG_VERSION" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  echo "cluster: stopped (data kept in $dir)"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down ;;
  clean) down; rm -rf "$dir"; echo "cluster: removed $dir" ;;
  env)
    echo "export DWPFARM_GATEWAY=$(cat "$dir/gateways")"
    echo "export Database__Provider=Postgres Database__ConnectionString='$(connection)'"
    ;;
  *) sed -n '2,7p' "$0" >&2; exit 64 ;;
esac
