#!/bin/sh
# run.sh OUTDIR: the PostgreSQL manual's page titles as queries, as written and with one typo (see pgtypos.py).
# Downloads postgresql-doc-15 with apt-get (Debian 12 has it; run apt-get update first on a new machine; nothing
# is committed), ingests its HTML into OUTDIR/kb with this checkout's ./cairn (once: a finished ingest leaves
# OUTDIR/kb/.ingested; delete OUTDIR/kb to ingest again), searches in text and hybrid mode and writes
# OUTDIR/scores.txt with the load average.
set -eu
out=${1:?usage: run.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
if ! ls "$out"/postgresql-doc-15_*.deb >/dev/null 2>&1; then
    (cd "$out" && apt-get download postgresql-doc-15)
fi
html=$out/pkg/usr/share/doc/postgresql-doc-15/html
[ -d "$html" ] || dpkg-deb -x "$(ls "$out"/postgresql-doc-15_*.deb | head -n 1)" "$out/pkg"
python3 "$here/pgtypos.py" build "$html" "$out/queries.jsonl"
if [ ! -f "$out/kb/.ingested" ]; then
    rm -rf "$out/kb"
    "$root/cairn" ingest "$html" --data-dir "$out/kb" > "$out/ingest.txt" 2>&1
    touch "$out/kb/.ingested"
fi
{
    echo "checkout: $root ($(git -C "$root" log -1 --format='%h %s' | cut -c1-80))"
    echo "load at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/scores.txt"
for mode in text hybrid; do
    "$root/cairn" search --queries "$out/queries.jsonl" --top 10 --json --mode "$mode" --data-dir "$out/kb" \
        > "$out/$mode.jsonl" 2> "$out/$mode.err"
    echo "== $mode" >> "$out/scores.txt"
    python3 "$here/pgtypos.py" score "$out/queries.jsonl" "$out/$mode.jsonl" >> "$out/scores.txt"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/scores.txt"
cat "$out/scores.txt"
