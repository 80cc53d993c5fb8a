#!/usr/bin/env bash
# Runs the whole test suite on an existing build and prints one summary line
# ("N passed, N failed, N skipped") that CI can read.
set -uo pipefail
config="${1:-Release}"
cd "$(dirname "$0")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test DwpFarm.sln -c "$config" --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# dotnet test ends each project with "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T".
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { f += $2; p += $4; s += $6 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$rc"
