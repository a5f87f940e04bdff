#!/usr/bin/env bash
# The training run behind the app-image's AOT cache (called by build.sh under xvfb-run): starts the
# app-image's launcher, whose configuration asks the JVM to write an AOT cache at exit
# (-XX:AOTCacheOutput), waits for the window and for the bundled database (what every start does),
# then quits as a person would, with Ctrl+Q. Usage: train-aot.sh LAUNCHER WORK_DIR
set -euo pipefail
launcher=$1 work=$2
say() { echo "train-aot: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

rm -rf "$work" && mkdir -p "$work"
log=$work/app.log
CAIRN_DATA_DIR=$work/data CAIRN_LOG_LEVEL=INFO "$launcher" > "$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT
# Wait for log lines as the log grows (no polling); 180 s covers a cold, busy machine.
exec {lines}< <(exec timeout 180 tail -n +1 -F "$log" 2>/dev/null)
tailer=$!
await() {
  local line
  while IFS= read -r -u "$lines" line; do
    case "$line" in *"$1"*) return 0 ;; esac
  done
  cat "$log" >&2
  die "no \"$1\" in the app's log within 180 s"
}
await "Window shown"
await "with pgvector"
kill "$tailer" 2>/dev/null || true
exec {lines}<&-
window=$(timeout 30 xdotool search --sync --onlyvisible --name '^Cairn$' | head -1)
[ -n "$window" ] || die "the window titled Cairn is not visible"
xdotool windowfocus --sync "$window" key ctrl+q
# Writing the cache happens at exit and takes a while (a second JVM assembles it).
timeout 300 tail --pid="$app" -f /dev/null || { cat "$log" >&2; die "the app did not quit within 300 s of Ctrl+Q"; }
status=0
wait "$app" || status=$?
trap - EXIT
[ "$status" = 0 ] || { cat "$log" >&2; die "the training run exited with status $status"; }
grep -h "AOTCache creation is complete" "$log" >&2 || { cat "$log" >&2; die "no AOT cache was written"; }
