#!/usr/bin/env bash
# Builds Cairn's Linux installers: a jlinked runtime, a jpackage app-image, a .deb, and an .rpm
# where rpmbuild is installed. Output in target/dist/. Run from anywhere; needs JDK 25 and Maven.
#
#   packaging/jpackage/build.sh [--skip-maven] [--types "app-image deb rpm"]
#
# The layout and the reasons are in docs/decisions/0006-installers.md. In short: the JDK modules
# are jlinked into a small runtime; every jar (JavaFX included) goes on the class path, which is why
# the main class is dev.cairn.Main and not a javafx.application.Application; other platforms' native
# libraries are cut out of the jars (ONNX Runtime, DJL tokenizers, JNA); the PostgreSQL + pgvector
# archive and both embedding models travel inside the jars.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

skip_maven=
types="app-image deb rpm"
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-maven) skip_maven=1; shift ;;
    --types) types=$2; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "build: unknown argument $1" >&2; exit 2 ;;
  esac
done

say() { echo "build: $*" >&2; }
die() { say "$*"; exit 1; }
mib() { du -sm "$1" | cut -f1; }
t0=$SECONDS
lap() { say "$1 ($((SECONDS - t0)) s so far)"; }

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "this script builds Linux x86-64 installers; see packaging/README.md for Windows and macOS"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ] || die "set JAVA_HOME to a JDK 25 (it needs jlink and jpackage)"
export PATH="$JAVA_HOME/bin:$PATH"
command -v zip >/dev/null || die "zip is needed to cut other platforms' libraries out of the jars (apt-get install zip)"

# Version: the pom's, without -SNAPSHOT (packages need a plain number).
pom_version=$(sed -n '/<artifactId>cairn<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml)
version=${pom_version%-SNAPSHOT}
[[ "$version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "cannot make a package version from the pom's version '$pom_version'"

work=target/jpackage
dist=target/dist
input=$work/input
rm -rf "$work" "$dist"
mkdir -p "$input" "$dist"

# 1. The jar and its runtime dependencies. The pg-bundle profile (active on Linux x86-64) puts the
#    PostgreSQL + pgvector archive into the jar.
if [ -z "$skip_maven" ]; then
  mvn -B -q -DskipTests package
  lap "maven package done"
fi
jar=target/cairn-$pom_version.jar
[ -f "$jar" ] || die "$jar is missing: run without --skip-maven"
unzip -l "$jar" dev/cairn/store/postgres-linux-x86_64.txz >/dev/null 2>&1 \
  || die "$jar has no bundled PostgreSQL (dev/cairn/store/postgres-linux-x86_64.txz): build it with packaging/pgvector/build-bundle.sh and do not pass -Dcairn.pg.skipBundle"
cp "$jar" "$input/cairn.jar"
while IFS= read -r dep; do cp "$dep" "$input/"; done < <(tr ':' '\n' < target/classpath.txt | grep -v '^$')
# JavaFX's classifier-less jars are empty stubs that point at the platform jars beside them.
find "$input" -name 'javafx-*.jar' ! -name 'javafx-*-linux.jar' -delete
before=$(mib "$input")

# 2. Other platforms' native libraries out of the jars. A file (not a class) is another platform's when
#    a folder on its path names another OS or architecture (onnxruntime: native/osx-x64/...,
#    tokenizers: native/lib/win-x86_64/..., jna: com/sun/jna/aix-ppc/...). Linux x86-64's folders go by
#    four names. Signed jars would break: refuse them.
other_platform() {
  awk -F/ '
    /\/$/ || /\.class$/ { next }
    {
      for (i = 1; i < NF; i++) {
        d = $i
        if (d ~ /^(linux-x64|linux-x86_64|linux-x86-64|linux-amd64)$/) continue
        if (d ~ /^linux-./ || d ~ /^(osx|darwin|mac|macos|win|win32|windows|aix|sunos|freebsd|openbsd|dragonflybsd|android)(-.*)?$/) {
          print; next
        }
      }
    }'
}
for j in "$input"/*.jar; do
  mapfile -t cut < <(unzip -Z1 "$j" | other_platform)
  [ ${#cut[@]} -gt 0 ] || continue
  if unzip -Z1 "$j" | grep -Eq '^META-INF/[^/]+\.(SF|RSA|DSA|EC)$'; then
    die "$(basename "$j") is signed; cutting files out of it would break the signature"
  fi
  size_before=$(stat -c %s "$j")
  zip -q -d "$j" "${cut[@]}" >/dev/null
  printf '%s\n' "${cut[@]}" > "$work/cut-$(basename "$j" .jar).txt"
  say "$(basename "$j"): cut ${#cut[@]} files of other platforms (list in $work/cut-$(basename "$j" .jar).txt), $((size_before / 1048576)) -> $(( $(stat -c %s "$j") / 1048576 )) MiB"
done
after=$(mib "$input")
say "application jars: $before MiB -> $after MiB"

# 3. The runtime: only the JDK modules Cairn uses (jdeps --print-module-deps over the jars, plus
#    what is reached by reflection or service loading; see docs/decisions/0006-installers.md).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http
modules+=,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml,java.xml.crypto
modules+=,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.security.auth,jdk.unsupported,jdk.zipfs
strip_native=()
command -v objcopy >/dev/null && strip_native=(--strip-native-debug-symbols exclude-debuginfo-files)
jlink --add-modules "$modules" --output "$work/runtime" --strip-debug --no-header-files --no-man-pages \
  --compress zip-6 "${strip_native[@]}"
say "runtime: $(mib "$work/runtime") MiB ($modules)"
lap "runtime linked"

# 4. The app-image; the packages are made from it (below).
common=(--name Cairn --app-version "$version" --vendor "Cairn"
        --description "Local-first knowledge base: on-device embeddings, bundled PostgreSQL with pgvector, cited answers."
        --copyright "Copyright the Cairn authors. Apache License 2.0.")
jpackage --type app-image "${common[@]}" --dest "$dist" \
  --input "$input" --main-jar cairn.jar --main-class dev.cairn.Main \
  --runtime-image "$work/runtime" --icon assets/icons/cairn-256.png \
  --java-options '--enable-native-access=ALL-UNNAMED' \
  --java-options '--sun-misc-unsafe-memory-access=allow' \
  --java-options '-XX:MaxRAMPercentage=25' --java-options '-Xms64m'
say "app-image: $dist/Cairn ($(mib "$dist/Cairn") MiB)"
lap "app-image done"

# 5. An AOT cache (JDK 25: classes loaded and linked, method profiles) from one training run of the
#    app-image: the window then shows in about 0.9 s instead of 1.8 s. The cache is keyed to this
#    runtime and these jars, not to their folder, so it holds once installed under /opt. It needs a
#    display for the training run; without xvfb-run and xdotool the app-image works, only slower to start.
cfg=$dist/Cairn/lib/app/Cairn.cfg
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
  cp "$cfg" "$work/Cairn.cfg"
  echo 'java-options=-XX:AOTCacheOutput=$APPDIR/cairn.aot' >> "$cfg"
  xvfb-run -a bash packaging/jpackage/train-aot.sh "$PWD/$dist/Cairn/bin/Cairn" "$PWD/$work/training"
  cp "$work/Cairn.cfg" "$cfg"
  [ -f "$dist/Cairn/lib/app/cairn.aot" ] || die "the training run wrote no AOT cache"
  # A cache that does not match (another JVM) is ignored; the log options keep the CLI's output clean then.
  printf '%s\n' 'java-options=-XX:AOTCache=$APPDIR/cairn.aot' 'java-options=-Xlog:aot=off' 'java-options=-Xlog:cds=off' >> "$cfg"
  say "AOT cache: $(( $(stat -c %s "$dist/Cairn/lib/app/cairn.aot") / 1048576 )) MiB"
  lap "AOT cache trained"
else
  say "no xvfb-run or xdotool: the app-image has no AOT cache (its window shows in ~1.8 s instead of ~0.9 s)"
fi

# Package scripts: jpackage's own templates (taken from the JDK that runs, so they match it), plus a
# /usr/bin/cairn link so the command line is on the PATH, and a Recommends on Tesseract (OCR of scans
# and images; Cairn runs without it, and jpackage has no option for a weak dependency). The desktop
# entry is ours (see below).
resources=$work/resources
mkdir -p "$resources"
jimage extract --dir "$work/templates" --include 'regex:/jdk.jpackage/jdk/jpackage/internal/resources/template\.(postinst|prerm|spec|control)' \
  "$JAVA_HOME/lib/modules"
tpl=$work/templates/jdk.jpackage/jdk/jpackage/internal/resources
link_in='ln -sf /opt/cairn/bin/Cairn /usr/bin/cairn'
link_out='if [ "$(readlink /usr/bin/cairn 2>/dev/null)" = /opt/cairn/bin/Cairn ]; then rm -f /usr/bin/cairn; fi'
# xdg-desktop-menu fails where the legacy menu folders are missing (servers, minimal installs, CI:
# "No writable system menu directory found"), which would fail the whole install or removal. Then
# the entry goes straight to /usr/share/applications, where today's desktops read it.
entry=/opt/cairn/lib/cairn-Cairn.desktop
menu_in="if ! (\nDESKTOP_COMMANDS_INSTALL\n) 2>/dev/null; then\n  if [ -d /usr/share/applications ]; then install -m 644 $entry /usr/share/applications/; fi\nfi"
menu_out="(\nDESKTOP_COMMANDS_UNINSTALL\n) 2>/dev/null || true\nrm -f /usr/share/applications/cairn-Cairn.desktop"
sed -e "s#^DESKTOP_COMMANDS_INSTALL\$#$menu_in\n$link_in#" "$tpl/template.postinst" > "$resources/postinst"
sed -e "s#^DESKTOP_COMMANDS_UNINSTALL\$#$menu_out\n$link_out#" "$tpl/template.prerm" > "$resources/prerm"
# rpm: %post always links; %preun unlinks only on erase ($1 = 0), not on upgrade.
sed -e "/^%post\$/,/^%/ s#^DESKTOP_COMMANDS_INSTALL\$#$menu_in\n$link_in#" \
    -e "/^%preun\$/,/^%/ s#^DESKTOP_COMMANDS_UNINSTALL\$#if [ \"\$1\" = 0 ]; then\n$menu_out\n$link_out\nfi#" \
    -e '/^Autoreq:/a Recommends: tesseract' \
    "$tpl/template.spec" > "$resources/cairn.spec"
sed -e '/^Depends:/a Recommends: tesseract-ocr, tesseract-ocr-eng' "$tpl/template.control" > "$resources/control"
for f in postinst prerm cairn.spec; do
  grep -q '/usr/bin/cairn' "$resources/$f" || die "could not add the /usr/bin/cairn link to jpackage's $f template"
done
for f in control cairn.spec; do
  grep -q '^Recommends: tesseract' "$resources/$f" || die "could not add the Recommends on Tesseract to jpackage's $f template"
done
# The menu entry: "open %F" so files dropped on the icon are added (cairn open with no files opens the window).
cat > "$resources/Cairn.desktop" <<'DESKTOP'
[Desktop Entry]
Name=Cairn
GenericName=Knowledge base
Comment=APPLICATION_DESCRIPTION
Exec=APPLICATION_LAUNCHER open %F
Icon=APPLICATION_ICON
Terminal=false
Type=Application
Categories=Office;Utility;
Keywords=documents;search;notes;questions;pdf;
StartupWMClass=dev.cairn.ui.CairnApp
DESKTOP
cp assets/icons/cairn-256.png "$resources/Cairn.png"

linux=(--resource-dir "$resources" --license-file LICENSE --install-dir /opt
       --linux-package-name cairn --linux-shortcut --linux-menu-group "Office;Utility;")
for type in $types; do
  case "$type" in
    app-image) ;;
    deb)
      command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null || die "the .deb needs dpkg-deb and fakeroot"
      # gzip, not dpkg's default xz: the payload is jars, models and an .txz that barely compress further
      # (xz: 204 MiB in ~10 min on a busy 2-core machine; gzip: 209 MiB in ~35 s), and every dpkg reads gzip.
      export DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-gzip} DPKG_DEB_COMPRESSOR_LEVEL=${DPKG_DEB_COMPRESSOR_LEVEL:-6}
      jpackage --type deb "${common[@]}" --app-image "$dist/Cairn" --dest "$dist" "${linux[@]}" \
        --linux-deb-maintainer "cairn@localhost" --linux-app-category utils
      lap "deb done" ;;
    rpm)
      if ! command -v rpmbuild >/dev/null; then say "no rpmbuild here: skipping the .rpm (apt-get install rpm)"; continue; fi
      jpackage --type rpm "${common[@]}" --app-image "$dist/Cairn" --dest "$dist" "${linux[@]}" \
        --linux-rpm-license-type Apache-2.0 --linux-app-category Applications/Productivity
      lap "rpm done" ;;
    *) die "unknown package type $type (app-image, deb, rpm)" ;;
  esac
done

say "done in $((SECONDS - t0)) s:"
(cd "$dist" && for f in *; do printf '  %-32s %s\n' "$f" "$(du -sh "$f" | cut -f1)"; done) >&2
