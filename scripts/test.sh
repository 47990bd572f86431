#!/usr/bin/env bash
# Runs every test project and ends with one "N passed, N failed" line for CI.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
config="${1:-Release}"
log="$(mktemp)"
dotnet test "$root/ExtProcRouter.sln" -c "$config" --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
