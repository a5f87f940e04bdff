#!/usr/bin/env bash
# The training run behind the app-image's AOT cache (called by build.sh under xvfb-run): starts the
# app-image's launcher, whose configuration asks the JVM to write an AOT cache at exit
# (-XX:AOTCacheOutput), waits for the window and for the bundled database (what every start does),
# then quits as a person would, with Ctrl+Q. Usage: train-aot.sh LAUNCHER WORK_DIR
set -euo pipefail
launcher=$1 work=$2
say() { echo "train-aot: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

. "$(dirname "${BASH_SOURCE[0]}")/../app-session.sh"

rm -rf "$work" && mkdir -p "$work"
log=$work/app.log
CAIRN_DATA_DIR=$work/data CAIRN_LOG_LEVEL=INFO "$launcher" > "$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT
# 180 s covers a cold, busy machine.
app_follow "$log" 180
app_await "Window shown" >/dev/null
app_await "with pgvector" >/dev/null
app_unfollow
# Writing the cache happens at exit and takes a while (a second JVM assembles it).
window=$(app_window)
app_quit "$window" "$app" 300
trap - EXIT
[ "$app_status" = 0 ] || { cat "$log" >&2; die "the training run exited with status $app_status"; }
grep -h "AOTCache creation is complete" "$log" >&2 || { cat "$log" >&2; die "no AOT cache was written"; }
