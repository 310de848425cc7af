#!/usr/bin/env bash
# Publishes tests/InterviewLM.Recording.AotSmoke with Native AOT (the libraries' trimming and AOT warnings fail the
# publish) and runs the native program, which records, stores, reads back, folds and seeks a session in every codec.
# Needs clang and zlib1g-dev (eng/prerequisites.sh installs them). Exit code 0 and "aot smoke: ok" when it held.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish "$root/tests/InterviewLM.Recording.AotSmoke" -c Release -o "$out" -nologo -clp:ErrorsOnly
"$out/InterviewLM.Recording.AotSmoke"
