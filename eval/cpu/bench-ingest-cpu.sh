#!/bin/bash
# CPU-seconds by part (JIT compiler threads, GC, parse threads, readers, writer, the model, the bundled
# server) over one `cairn bench ingest`, read from /proc every 0.5 s (docs/decisions/0008, addendum of stop 20).
#   eval/cpu/bench-ingest-cpu.sh OUT CORPUS [bench options...]     e.g. ... /tmp/run1 $PG --text-only
# Extra JVM options go through CAIRN_JAVA_OPTS as for ./cairn. Parse threads live one document each,
# too short for the sampler: their CPU is the process's less every thread seen ("short-lived threads").
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$1; corpus=$2; shift 2
mkdir -p "$out/tmp"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/load"
# the temporary library lies under $out/tmp, so the sampler finds this run's server by its data directory
CAIRN_JAVA_OPTS="-Djava.io.tmpdir=$out/tmp ${CAIRN_JAVA_OPTS:-}" \
  "$here/cairn" bench ingest "$corpus" --json "$@" > "$out/bench.json" 2> "$out/err" &
pid=$!
python3 "$here/eval/cpu/thread-cpu-sampler.py" "$pid" "$out/samples.jsonl" "$out/tmp" &
wait "$pid"; sleep 1
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load"
python3 "$here/eval/cpu/thread-cpu-table.py" "$out/samples.jsonl" "$out/bench.json" | tee "$out/table.txt"
