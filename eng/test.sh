#!/usr/bin/env bash
# Runs every test of the solution, after installing what the tests need. Prints "N passed, N failed, N skipped" last.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash eng/prerequisites.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build InterviewLM.Recording.sln -c Release -nologo -clp:ErrorsOnly
log="$(mktemp)"
status=0
dotnet test InterviewLM.Recording.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?
# The Native AOT smoke program: its publish fails on any trimming or AOT warning of the libraries, and it must run.
bash eng/aot-smoke.sh || status=$?
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped", p, f, s}')
rm -f "$log"
echo
echo "$summary"
exit "$status"
