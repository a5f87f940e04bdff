# Sourced by the scripts that drive a real Cairn window under Xvfb (packaging/jpackage/prove-deb.sh,
# packaging/jpackage/train-aot.sh, packaging/cds/make-classlist.sh): follow the app's log without
# polling, wait for lines in it, find the window and quit as a person would, with Ctrl+Q. The caller
# defines die MESSAGE.

# app_follow LOG SECONDS: the lines of LOG, as it grows, for app_await; for at most SECONDS.
app_follow() {
  app_log=$1 app_follow_seconds=$2
  exec {app_lines}< <(exec timeout "$2" tail -n +1 -F "$1" 2>/dev/null)
  app_tailer=$!
}

# app_await TEXT: prints the next log line that contains TEXT; dies (log shown) if none comes in time.
app_await() {
  local line
  while IFS= read -r -u "$app_lines" line; do
    case "$line" in *"$1"*) echo "$line"; return 0 ;; esac
  done
  cat "$app_log" >&2
  die "no \"$1\" in the app's log within $app_follow_seconds s"
}

app_unfollow() {
  kill "$app_tailer" 2>/dev/null || true
  exec {app_lines}<&-
}

# app_window: prints the id of the visible window titled Cairn; dies if there is none within 30 s.
app_window() {
  local window
  window=$(timeout 30 xdotool search --sync --onlyvisible --name '^Cairn$' | head -1)
  [ -n "$window" ] || die "the window titled Cairn is not visible"
  echo "$window"
}

# app_quit WINDOW PID SECONDS: Ctrl+Q in WINDOW, then waits for PID to end; dies (log shown) if it
# does not within SECONDS. Sets app_status to its exit status.
app_quit() {
  xdotool windowfocus --sync "$1" key ctrl+q
  timeout "$3" tail --pid="$2" -f /dev/null || { cat "$app_log" >&2; die "the app did not quit within $3 s of Ctrl+Q"; }
  app_status=0
  wait "$2" || app_status=$?
}
