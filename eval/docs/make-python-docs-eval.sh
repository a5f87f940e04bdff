#!/bin/sh
# make-python-docs-eval.sh OUTDIR: a documentation retrieval set from Debian's python3.11-doc.
# Downloads the package with apt-get (no install, no root needed), unpacks it under OUTDIR/pkg and
# writes OUTDIR/corpus/ and OUTDIR/queries.jsonl (see make-python-docs-eval.py). Then, as for SQuAD:
#   ./cairn ingest OUTDIR/corpus --data-dir KB
#   ./cairn search --queries OUTDIR/queries.jsonl --top 10 --json --mode hybrid --data-dir KB > results.jsonl
#   python3 ../shared/eval/score.py OUTDIR/queries.jsonl results.jsonl --split
set -eu
out=${1:?usage: make-python-docs-eval.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
if ! ls "$out"/python3.11-doc_*.deb >/dev/null 2>&1; then
    (cd "$out" && apt-get download python3.11-doc)
fi
rm -rf "$out/pkg"
dpkg-deb -x "$(ls "$out"/python3.11-doc_*.deb | head -n 1)" "$out/pkg"
python3 "$here/make-python-docs-eval.py" "$out/pkg/usr/share/doc/python3.11/html" "$out"
