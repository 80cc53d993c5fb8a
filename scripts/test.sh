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
# Each project ends with "Total tests: T" then indented "Passed: P", "Failed: F", "Skipped: S" lines.
awk '/^ +Passed: +[0-9]+$/ { p += $2 } /^ +Failed: +[0-9]+$/ { f += $2 } /^ +Skipped: +[0-9]+$/ { s += $2 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$rc"
