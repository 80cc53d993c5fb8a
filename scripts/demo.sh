#!/usr/bin/env bash
# The end-to-end demo: examples/quick.yaml on an in-process silo with SQLite, live
# progress, the comparison table, and the report in ./dwpfarm-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
./dwpfarm data prepare
./dwpfarm demo --spec examples/quick.yaml --out dwpfarm-out "$@"
