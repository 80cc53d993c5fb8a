#!/usr/bin/env bash
# Runs the whole test suite N times in a row (default 5) while a second process keeps every core busy, and stops at
# the first failing run. What it checks: no test depends on an idle machine (timing, races between slots).
# Usage: scripts/test-under-load.sh [RUNS] [CONFIG]   (after `make build`)
set -uo pipefail
runs="${1:-5}"
config="${2:-Release}"
cd "$(dirname "$0")/.."
load=()
for _ in $(seq "$(nproc)"); do
  (while :; do :; done) &
  load+=("$!")
done
trap 'kill "${load[@]}" 2>/dev/null' EXIT
for run in $(seq "$runs"); do
  start=$(date +%s)
  if ! bash scripts/test.sh "$config"; then
    echo "under load: run $run of $runs failed after $(( $(date +%s) - start )) s"
    exit 1
  fi
  echo "under load: run $run of $runs passed in $(( $(date +%s) - start )) s"
done
echo "under load: $runs of $runs runs passed"
