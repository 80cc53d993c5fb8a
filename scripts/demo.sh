#!/usr/bin/env bash
# The end-to-end demo. Until the farm lands it prepares both data sets and says what is to come.
set -euo pipefail
cd "$(dirname "$0")/.."
./dwpfarm data prepare
echo
echo "demo: the data is ready. The sweep demo (examples/quick.yaml on an in-process silo) is still to come."
