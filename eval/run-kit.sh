#!/bin/sh
# run-kit.sh CORPUS QUERIES OUTDIR [KEY=VALUE ...]: ingests CORPUS into a new knowledge base in
# OUTDIR/kb with this checkout's ./cairn (settings.properties given the KEY=VALUE lines first, e.g.
# embedding.model=all-minilm-l6-v2-q chunk.overlap=0), then searches QUERIES with --mode text, vector
# and hybrid and scores each with the eval kit's score.py --split (EVAL_KIT, default ../shared/eval).
# Writes OUTDIR/ingest.txt, OUTDIR/<mode>.jsonl and OUTDIR/scores.txt (with the load average).
set -eu
corpus=${1:?usage: run-kit.sh CORPUS QUERIES OUTDIR [KEY=VALUE ...]}
queries=${2:?}
out=${3:?}
shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
kit=${EVAL_KIT:-$root/../shared/eval}
rm -rf "$out/kb"
mkdir -p "$out/kb"
for kv in "$@"; do
    echo "$kv" >> "$out/kb/settings.properties"
done
{
    echo "checkout: $root ($(git -C "$root" log -1 --format='%h %s' | cut -c1-80))"
    echo "settings: $*"
    echo "load before ingest: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/scores.txt"
start=$(date +%s)
"$root/cairn" ingest "$corpus" --data-dir "$out/kb" > "$out/ingest.txt" 2>&1
echo "ingest: $(( $(date +%s) - start )) s, load after: $(cut -d' ' -f1-3 /proc/loadavg); $(tail -n 3 "$out/ingest.txt" | tr '\n' ' ')" >> "$out/scores.txt"
for mode in text vector hybrid; do
    "$root/cairn" search --queries "$queries" --top 10 --json --mode "$mode" --data-dir "$out/kb" > "$out/$mode.jsonl"
    echo "== $mode" >> "$out/scores.txt"
    python3 "$kit/score.py" "$queries" "$out/$mode.jsonl" --split >> "$out/scores.txt"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/scores.txt"
cat "$out/scores.txt"
