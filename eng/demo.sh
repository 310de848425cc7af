#!/usr/bin/env bash
# The main job on the embedded default: records the scripted demo session into ./demo-session, then summarizes and verifies it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/InterviewLM.Recording.Cli -c Release -nologo -clp:ErrorsOnly
ilmrec="dotnet $root/src/InterviewLM.Recording.Cli/bin/Release/net10.0/ilmrec.dll"
rm -rf demo-session
$ilmrec demo --out demo-session
$ilmrec info demo-session
$ilmrec verify demo-session
