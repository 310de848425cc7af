#!/usr/bin/env bash
# Packs every package under src/ (the libraries and the ilmrec tool) into a local folder: artifacts/packages, or the
# folder given as $1. Release and deterministic: ContinuousIntegrationBuild maps the repository to /_/ in the PDBs, so no
# machine path ships. Each .nupkg carries its README and XML docs, with its symbols in a .snupkg beside it.
# Any warning fails the pack (-warnaserror). Usage: bash eng/pack.sh [FOLDER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
default_out="$root/artifacts/packages"
out="$(realpath -m "${1:-$default_out}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The build folder stays inside the repository, at one path, so generated sources fall under the mapped root and two
# packs of the same commit give the same bytes; the lock keeps two packs from building in it at once.
build="$root/artifacts/pack-build"
mkdir -p "$build" "$out"
exec 9>"$build/.lock"
flock 9

# A solution filter of every project under src/, so one build graph packs them all.
slnf="$build/packages.slnf"
{
  printf '{\n  "solution": {\n    "path": "%s",\n    "projects": [\n' "$root/InterviewLM.Recording.sln"
  first=1
  for project in "$root"/src/*/*.csproj; do
    ((first)) || printf ',\n'
    first=0
    printf '      "%s"' "${project#"$root/"}"
  done
  printf '\n    ]\n  }\n}\n'
} >"$slnf"

dotnet pack "$slnf" -c Release -o "$out" --artifacts-path "$build" -p:ContinuousIntegrationBuild=true \
  -warnaserror -nodeReuse:false -nologo

# samples/IntroPackageConsumer restores into its own cache (its nuget.config); the packages keep their version while
# they change, so this pack's packages replace the ones cached there.
if [ "$out" = "$default_out" ]; then
  rm -rf "$root/artifacts/sample-packages"/interviewlm.recording.* "$root/artifacts/sample-packages/ilmrec"
fi
echo "packed into $out:"
(cd "$out" && ls -1 -- *.nupkg *.snupkg)
