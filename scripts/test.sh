#!/usr/bin/env bash
# Runs the whole test suite on an existing build and prints one summary line
# ("N passed, N failed, N skipped") that CI can read.
set -uo pipefail
config="${1:-Release}"
cd "$(dirname "$0")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# --blame names the test that was running when a test host crashes.
dotnet test DwpFarm.sln -c "$config" --no-build -nologo --blame --logger "console;verbosity=normal" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Each project ends with "Total tests: T" then indented "Passed: P", "Failed: F", "Skipped: S" lines.
awk '/^ +Passed: +[0-9]+$/ { p += $2 } /^ +Failed: +[0-9]+$/ { f += $2 } /^ +Skipped: +[0-9]+$/ { s += $2 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
# CI keeps only the end of this output, so say there which projects did not finish and what went wrong.
finished="$(grep -oE 'Finished: +[A-Za-z.]+' "$log" | awk '{ print $2 }' | sort -u)"
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  grep -qx "$name" <<<"$finished" || echo "tests: $name did not finish"
done
grep -E '^ +Failed [A-Za-z]|Test Run Aborted|aborted|crashed|last test|Blame' "$log" | sort -u | head -40 | sed 's/^ */tests: /'
exit "$rc"
