#!/usr/bin/env bash
# Regenerates packaging/cds/desktop.classlist, the classes a desktop start loads, from which ./cairn
# builds its class-data-sharing archive (see ./cairn). Starts the desktop under Xvfb with
# -XX:DumpLoadedClassList, waits for the window and the bundled database, quits with Ctrl+Q, and keeps
# the class names in load order. Run after ./cairn has built once; needs xvfb-run and xdotool.
# A stale list only means fewer classes in the archive: classes missing from it load as usual.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
if [ "${1:-}" != --in-display ]; then
  exec xvfb-run -a "$0" --in-display
fi
die() { echo "make-classlist: $*" >&2; exit 1; }
. packaging/app-session.sh
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CAIRN_DATA_DIR=$work/data CAIRN_LOG_LEVEL=INFO "$JAVA_HOME/bin/java" \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Xshare:off -XX:DumpLoadedClassList="$work/loaded.classlist" \
  -cp "target/cairn-app.jar:$(cat target/classpath.txt)" dev.cairn.Main > "$work/app.log" 2>&1 &
app=$!
app_follow "$work/app.log" 120
app_await "with pgvector" >/dev/null
app_unfollow
window=$(app_window)
app_quit "$window" "$app" 60
[ "$app_status" = 0 ] || die "the app exited with status $app_status"
# "name id: N" lines to bare names, first occurrence kept; the @-lines need the ids, so they go.
grep -v '^#' "$work/loaded.classlist" | grep -v '^@' | awk '{print $1}' | awk '!seen[$0]++' > packaging/cds/desktop.classlist
echo "make-classlist: $(wc -l < packaging/cds/desktop.classlist) classes in packaging/cds/desktop.classlist" >&2
