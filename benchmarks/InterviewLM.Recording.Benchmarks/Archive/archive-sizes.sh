#!/usr/bin/env bash
# Size report for the protobuf-brotli archive codec: every editing trace and every asciicast in ../shared/corpus,
# imported with ilmrec, against xz -9e and the jsonl-gz codec over the same session's JSONL.
# Usage: benchmarks/InterviewLM.Recording.Benchmarks/Archive/archive-sizes.sh > benchmarks/results/archive-sizes.md
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
corpus="$root/../shared/corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build -c Release -v q "$root/src/InterviewLM.Recording.Cli" >/dev/null
ilmrec() { dotnet "$root/src/InterviewLM.Recording.Cli/bin/Release/net10.0/ilmrec.dll" "$@" 2>/dev/null; }

row() { # name dir edits
  local name=$1 dir=$2 edits=$3
  ilmrec convert "$dir" --codec protobuf-brotli --out "$dir-pb"
  ilmrec convert "$dir" --codec jsonl-gz --out "$dir-gz"
  local jsonl pb gz xz
  jsonl=$(stat -c %s "$dir/events.jsonl"); pb=$(stat -c %s "$dir-pb/events.ilmb"); gz=$(stat -c %s "$dir-gz/events.jsonl.gz")
  xz=$(xz -9e -T1 -c "$dir/events.jsonl" | wc -c)
  local bpe="–"; [ "$edits" -gt 0 ] && bpe=$(awk "BEGIN{printf \"%.3f\", $pb/$edits}")
  awk -v n="$name" -v e="$edits" -v j="$jsonl" -v p="$pb" -v g="$gz" -v x="$xz" -v b="$bpe" 'BEGIN{
    printf "| %s | %s | %d | %d | %d | %d | %s | %.2f | %.3f | %s |\n", n, e, j, g, x, p, b, p/x, p/g, (p<=x && p*3<=g) ? "yes" : "**no**" }'
}

echo "# Archive sizes (protobuf-brotli)"
echo
echo "Produced by \`benchmarks/InterviewLM.Recording.Benchmarks/Archive/archive-sizes.sh > benchmarks/results/archive-sizes.md\`"
echo "on $(date -u +%Y-%m-%d) ($(xz --version | head -1)). Archive = \`ilmrec convert DIR --codec protobuf-brotli\` (Brotli q11, window 22,"
echo "blocks of up to 65,536 events); gzip = \`ilmrec convert DIR --codec jsonl-gz\` (the live codec); xz = \`xz -9e\` over the session's events.jsonl."
echo
echo "## Editing traces (\`ilmrec import-trace\`)"
echo
echo "| trace | edits | JSONL | gzip JSONL | xz -9e | archive | archive B/edit | archive/xz | archive/gzip | ≤1×xz and ≤⅓ gzip |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for trace in "$corpus"/editing-traces/sequential_traces/*.json.gz "$corpus"/editing-traces/sequential_traces/ascii_only/*.json.gz; do
  name=$(basename "$(dirname "$trace")" | sed "s/^sequential_traces$//;s/$/\//;s/^\/$//")$(basename "$trace" .json.gz)
  ilmrec import-trace "$trace" --codec jsonl --out "$work/$name"
  edits=$(grep -c '"type":"text_edit"' "$work/$name/events.jsonl" || true)
  row "$name" "$work/$name" "$edits"
done
echo
echo "## Asciicasts (\`ilmrec import-cast\`)"
echo
echo "| cast | edits | JSONL | gzip JSONL | xz -9e | archive | archive B/edit | archive/xz | archive/gzip | ≤1×xz and ≤⅓ gzip |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for cast in "$corpus"/asciicasts/*.cast "$corpus"/asciicasts/*.json; do
  name=$(basename "$cast")
  if ilmrec import-cast "$cast" --codec jsonl --out "$work/$name"; then
    row "$name" "$work/$name" 0
  else
    echo "| $name | import-cast failed | | | | | | | | |"
  fi
done
