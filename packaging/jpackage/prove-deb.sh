#!/usr/bin/env bash
# Proof that the .deb works the way a person uses it: build it, install it with dpkg -i, start the
# installed app under Xvfb until its window shows (screenshot in target/proof/), ingest a document
# and ask a question through the installed command line, then dpkg -r removes Cairn and leaves the
# user's data. .ci/run runs it after the tests.
#
#   packaging/jpackage/prove-deb.sh [--skip-build]
#
# Installing needs root (or passwordless sudo); without it the script says so and exits 0. It
# refuses to run where a cairn package is already installed, so it never replaces someone's copy
# (on CI, where the machine is the proof's own, it removes one an interrupted proof left behind).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

say() { echo "prove-deb: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }
. packaging/app-session.sh

# Phase 2, under xvfb-run (see below): start the installed app and wait for its window.
if [ "${1:-}" = --gui ]; then
  proof=$2 log=$3
  # CAIRN_LOG_LEVEL=INFO makes the app log "Window shown ..." once the stage is on screen.
  CAIRN_LOG_LEVEL=INFO /opt/cairn/bin/Cairn 2> "$log" &
  app=$!
  trap 'kill "$app" 2>/dev/null || true' EXIT # a failed check below must not leave the app running
  # Wait for log lines as the log grows, no polling; 120 s covers a cold, busy machine. First the
  # window, then the bundled database, which the window starts at once to list the library: quitting
  # is tried on a running app, as a person would, and the picture shows it ready.
  app_follow "$log" 120
  shown=$(app_await "Window shown")
  say "${shown#*- }"
  ready=$(app_await "with pgvector")
  say "${ready#*- }"
  app_unfollow
  window=$(app_window)
  say "window $window: $(xdotool getwindowgeometry "$window" | tr '\n' ' ')"
  shot=$("$JAVA_HOME/bin/java" packaging/jpackage/Screenshot.java "$proof/cairn-window.png")
  say "screenshot $proof/cairn-window.png: $shot"
  colours=$(echo "$shot" | awk '{print $2}')
  [ "$colours" -gt 50 ] || die "the screenshot looks blank ($shot)"
  # Quit as a person would (File > Quit, Ctrl+Q): JavaFX stops the app, which stops the bundled
  # PostgreSQL. (SIGTERM would also stop it, through a shutdown hook, but JavaFX itself may print a
  # RejectedExecutionException when its renderer goes down under a pulse.) 60 s to exit, or it fails.
  app_quit "$window" "$app" 60
  [ "$app_status" = 0 ] || { cat "$log" >&2; die "the app did not quit cleanly on Ctrl+Q (exit status $app_status)"; }
  say "quit with Ctrl+Q: exit status 0"
  ! grep -q "Exception" "$log" || { cat "$log" >&2; die "the app logged an exception"; }
  exit 0
fi

skip_build=
[ "${1:-}" = --skip-build ] && skip_build=1

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { say "skipped: the .deb is for Linux x86-64"; exit 0; }
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    say "skipped: installing a .deb needs root; run as root or with passwordless sudo to prove the package"
    exit 0
  fi
fi
for cmd in xvfb-run xdotool dpkg-deb fakeroot zip; do
  command -v "$cmd" >/dev/null || die "$cmd is missing (apt-get install xvfb xdotool dpkg-dev fakeroot zip)"
done
if dpkg-query -W -f='${Status}' cairn 2>/dev/null | grep -q 'ok installed'; then
  # On CI the machine is the proof's own: a package there was left by a proof that was killed
  # before its cleanup ran, and is removed. Anywhere else it may be someone's copy: refuse.
  [ "${CI:-}" = true ] || die "a cairn package is already installed here; remove it first (dpkg -r cairn) so the proof starts clean"
  say "CI: removing the cairn package an interrupted earlier proof left installed"
  "${sudo[@]}" dpkg -P cairn >/dev/null || die "dpkg -P cairn (left by an earlier proof)"
fi
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

declare -a timings=()
t_all=$SECONDS
t_step=$SECONDS
timed() { timings+=("$(printf '%-34s %4d s' "$1" $((SECONDS - t_step)))"); t_step=$SECONDS; }

proof=$root/target/proof
rm -rf "$proof"
mkdir -p "$proof"
work=$(mktemp -d "${TMPDIR:-/tmp}/cairn-proof.XXXXXX")
data=$work/data
installed=
made_menus=
cleanup() {
  # On failure, leave the machine as it was found: no cairn package, no menu folder of ours.
  if [ -n "$installed" ] && dpkg-query -W cairn >/dev/null 2>&1; then
    say "removing the package after the failure"
    "${sudo[@]}" dpkg -P cairn >/dev/null 2>&1 || true
  fi
  if [ -n "$made_menus" ]; then "${sudo[@]}" rm -rf /usr/share/applications; fi
  rm -rf "$work"
}
trap cleanup EXIT
# A signal (a cancelled CI job, a closed terminal) ends the script through exit, so cleanup runs.
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# 1. Build.
if [ -z "$skip_build" ]; then
  bash packaging/jpackage/build.sh --types deb
fi
deb=$(ls target/dist/cairn_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "no target/dist/cairn_*_amd64.deb (run packaging/jpackage/build.sh)"
timed "build app-image + .deb"

# 2. Install. A headless machine (CI) has no menu system, and the package then skips its menu
#    entry; the folder a desktop has is made for the proof, so the entry's install and removal are proven.
if [ ! -d /usr/share/applications ]; then
  "${sudo[@]}" mkdir -p /usr/share/applications
  made_menus=1
fi
installed=1
"${sudo[@]}" dpkg -i "$deb" >"$proof/dpkg-install.log" 2>&1 || { cat "$proof/dpkg-install.log" >&2; die "dpkg -i $deb"; }
[ -x /opt/cairn/bin/Cairn ] || die "/opt/cairn/bin/Cairn is not there after dpkg -i"
[ "$(readlink /usr/bin/cairn)" = /opt/cairn/bin/Cairn ] || die "/usr/bin/cairn does not point at /opt/cairn/bin/Cairn"
grep -q '^Categories=Office;Utility;' /opt/cairn/lib/cairn-Cairn.desktop || die "the desktop entry lacks Categories=Office;Utility;"
[ -f /usr/share/applications/cairn-Cairn.desktop ] || die "the menu entry was not installed in /usr/share/applications"
deb_size=$(du -h "$deb" | cut -f1)
installed_size=$(du -sh /opt/cairn | cut -f1)
say "installed $deb ($deb_size) into /opt/cairn ($installed_size)"
timed "dpkg -i"

# 3. The desktop app, with a fresh data directory, until its window shows.
export CAIRN_DATA_DIR=$data
xvfb-run -a -s "-screen 0 1280x800x24" "$0" --gui "$proof" "$proof/app.log"
[ -f "$proof/cairn-window.png" ] || die "no screenshot"
timed "app start to window (+ screenshot)"

# 4. The installed command line (the /usr/bin/cairn link): ingest a document, ask about it.
sample=$work/docs/port-ellery.md
mkdir -p "$(dirname "$sample")"
cat > "$sample" <<'DOC'
# The Port Ellery light

The lighthouse at Port Ellery was built in 1887 from granite quarried on Skerry Island.
Its first keeper, Agnes Moir, kept the lamp burning through the great storm of 1903.
On a clear night the light can be seen from twenty-two nautical miles away.
DOC
cairn ingest "$work/docs" >"$proof/ingest.txt" 2>"$proof/ingest.log" || { cat "$proof/ingest.txt" "$proof/ingest.log" >&2; die "cairn ingest"; }
say "ingest: $(tr '\n' ' ' < "$proof/ingest.txt")"
timed "cairn ingest (1 document)"
cairn ask "Who kept the lamp burning at Port Ellery?" --json >"$proof/ask.json" 2>"$proof/ask.log" \
  || { cat "$proof/ask.log" >&2; die "cairn ask"; }
grep -q 'Agnes Moir' "$proof/ask.json" || { cat "$proof/ask.json" >&2; die "the answer does not name Agnes Moir"; }
grep -qF "\"document\":\"$sample\"" "$proof/ask.json" || { cat "$proof/ask.json" >&2; die "the answer does not cite $sample"; }
say "ask: $(cut -c1-200 "$proof/ask.json")"
timed "cairn ask"

# 5. Uninstall: the program goes, the user's data stays.
"${sudo[@]}" dpkg -r cairn >"$proof/dpkg-remove.log" 2>&1 || { cat "$proof/dpkg-remove.log" >&2; die "dpkg -r cairn"; }
installed=
[ ! -e /opt/cairn ] || die "/opt/cairn is still there after dpkg -r"
[ ! -e /usr/bin/cairn ] && [ ! -L /usr/bin/cairn ] || die "/usr/bin/cairn is still there after dpkg -r"
[ ! -e /usr/share/applications/cairn-Cairn.desktop ] || die "the menu entry is still there after dpkg -r"
! dpkg-query -W -f='${Status}' cairn 2>/dev/null | grep -q 'ok installed' || die "dpkg still lists cairn as installed"
[ -f "$data/pg/PG_VERSION" ] || die "the user's database ($data/pg) is gone after dpkg -r"
if pgrep -f -- "-D $data/pg" >/dev/null; then die "a PostgreSQL for $data/pg still runs"; fi
if [ -n "$made_menus" ]; then "${sudo[@]}" rm -rf /usr/share/applications; made_menus=; fi
# dpkg -r keeps the package's record ("rc": its maintainer scripts); purge it so the machine is as found.
"${sudo[@]}" dpkg -P cairn >/dev/null 2>&1 || true
say "removed: /opt/cairn and /usr/bin/cairn gone; the data directory stays ($(du -sh "$data" | cut -f1), $(ls "$data" | tr '\n' ' '))"
timed "dpkg -r"

say "passed in $((SECONDS - t_all)) s; installer $deb_size, installed $installed_size"
printf '  %s\n' "${timings[@]}" >&2
