#!/bin/sh
# run.sh OUTDIR [LANG ...]: the Debian Reference known-item eval (issue 21, point 3; see debref.py).
# Downloads the debian-reference-LANG packages with apt-get (nothing is committed), builds a corpus
# and queries per language, ingests each language into a library of its own (OUTDIR/kb-LANG) with
# this checkout's ./cairn, searches each language's queries in text and hybrid mode and writes
# OUTDIR/scores.txt: R@1/5/10 and MRR@10 per language and mode, with the load average.
# Languages default to en de fr es it ja zh-cn (Debian packages no Russian translation; pt, pt-br, id and
# zh-tw exist too). KB_SETTINGS (KEY=VALUE lines) go into each library's
# settings.properties before its ingest.
set -eu
out=${1:?usage: run.sh OUTDIR [LANG ...]}
shift
langs=${*:-en de fr es it ja zh-cn}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$out/debs"
for l in $langs; do
    if [ ! -d "$out/debs/$l" ]; then
        (cd "$out/debs" && apt-get download "debian-reference-$l" >/dev/null)
        mkdir -p "$out/debs/$l"
        dpkg-deb -x "$out/debs/debian-reference-${l}_"*.deb "$out/debs/$l"
    fi
done
python3 "$here/debref.py" build "$out/debs" "$out/data" > "$out/build.txt"
{
    echo "checkout: $root ($(git -C "$root" log -1 --format='%h %s' | cut -c1-80))"
    echo "load at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/scores.txt"
for l in $langs; do
    kb="$out/kb-$l"
    if [ ! -d "$kb" ]; then
        mkdir -p "$kb"
        printf '%s\n' ${KB_SETTINGS:-} > "$kb/settings.properties"
        "$root/cairn" ingest "$out/data/corpus/$l" --data-dir "$kb" > "$out/ingest-$l.txt" 2>&1
    fi
    for mode in text hybrid; do
        "$root/cairn" search --queries "$out/data/queries/$l.jsonl" --top 10 --json --mode "$mode" \
            --data-dir "$kb" > "$out/$l.$mode.jsonl" 2> "$out/$l.$mode.err"
        echo "$l $mode $(python3 "$here/debref.py" score "$out/data/queries/$l.jsonl" "$out/$l.$mode.jsonl")" >> "$out/scores.txt"
    done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/scores.txt"
cat "$out/scores.txt"
