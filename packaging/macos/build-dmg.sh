#!/usr/bin/env bash
# Recipe: Cairn.dmg on macOS (Apple silicon or Intel), the counterpart of packaging/jpackage/build.sh.
# NOT RUN YET: written and reviewed on Linux, where macOS cannot be tried. See packaging/README.md.
#
#   packaging/macos/build-dmg.sh --pg-bundle postgres-darwin-<arch>.txz
#
# Needs: JDK 25 (jlink, jpackage), Maven, zip/unzip (present on macOS), and the PostgreSQL + pgvector
# archive for this Mac, made as packaging/README.md describes ("The database bundle on macOS").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

bundle=
while [ $# -gt 0 ]; do
  case "$1" in
    --pg-bundle) bundle=$2; shift 2 ;;
    *) echo "build-dmg: unknown argument $1" >&2; exit 2 ;;
  esac
done
die() { echo "build-dmg: $*" >&2; exit 1; }
[ "$(uname -s)" = Darwin ] || die "run this on macOS"
[ -f "$bundle" ] || die "--pg-bundle FILE.txz is required (see packaging/README.md)"
case "$(uname -m)" in
  # platform: Cairn's PgBundle name; keep: this Mac's folder names in onnxruntime, tokenizers and jna.
  arm64) platform=darwin-aarch64 keep='osx-aarch64|osx-arm64|darwin-aarch64|darwin-arm64|macos-aarch64' ;;
  x86_64) platform=darwin-x86_64 keep='osx-x64|osx-x86_64|darwin-x86-64|darwin-x86_64|macos-x86_64' ;;
  *) die "unsupported Mac architecture $(uname -m)" ;;
esac
: "${JAVA_HOME:=$(/usr/libexec/java_home -v 25)}"
export PATH="$JAVA_HOME/bin:$PATH"

pom_version=$(sed -n '/<artifactId>cairn<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q;}' pom.xml)
version=${pom_version%-SNAPSHOT}
# macOS wants the first number of a bundle version to be 1 or more.
case "$version" in 0.*) mac_version=1.${version#0.} ;; *) mac_version=$version ;; esac

work=target/jpackage
dist=target/dist
input=$work/input
rm -rf "$work" "$dist"
mkdir -p "$input" "$dist"

# 1. The jar (without the Linux database profile) and its dependencies.
mvn -B -q -DskipTests -Dcairn.pg.skipBundle package
cp "target/cairn-$pom_version.jar" "$input/cairn.jar"
tr ':' '\n' < target/classpath.txt | grep -v '^$' | while IFS= read -r dep; do cp "$dep" "$input/"; done
find "$input" -name 'javafx-*.jar' ! -name 'javafx-*-mac*.jar' -delete

# 2. The database archive goes into the jar where PgBundle looks for it.
mkdir -p "$work/res/dev/cairn/store"
cp "$bundle" "$work/res/dev/cairn/store/postgres-$platform.txz"
jar --update --file "$input/cairn.jar" -C "$work/res" "dev/cairn/store/postgres-$platform.txz"

# 3. Other platforms' native libraries out of the jars (a file in a folder named for another OS or
#    architecture; classes stay), and the debug symbols (.dSYM) too. As in packaging/jpackage/build.sh.
other_platform() {
  awk -F/ -v keep="^($keep)\$" '
    /\/$/ || /\.class$/ { next }
    /\.dSYM\// { print; next }
    {
      for (i = 1; i < NF; i++) {
        if ($i ~ keep) continue
        if ($i ~ /^(linux|osx|darwin|mac|macos|win|win32|windows|aix|sunos|freebsd|openbsd|dragonflybsd|android)(-.*)?$/) { print; next }
      }
    }'
}
for j in "$input"/*.jar; do
  cut=$(unzip -Z1 "$j" | other_platform)
  [ -n "$cut" ] || continue
  if unzip -Z1 "$j" | grep -Eq '^META-INF/[^/]+\.(SF|RSA|DSA|EC)$'; then die "$(basename "$j") is signed"; fi
  printf '%s\n' "$cut" | tr '\n' '\0' | xargs -0 zip -q -d "$j" >/dev/null
  echo "build-dmg: $(basename "$j"): cut $(printf '%s\n' "$cut" | wc -l) files of other platforms" >&2
done

# 4. Runtime and the .dmg (same module list as on Linux; docs/decisions/0006-installers.md).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http
modules+=,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml,java.xml.crypto
modules+=,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.security.auth,jdk.unsupported,jdk.zipfs
jlink --add-modules "$modules" --output "$work/runtime" --strip-debug --no-header-files --no-man-pages --compress zip-6

# Unsigned unless MAC_SIGNING_KEY names a "Developer ID Application" identity in the keychain.
sign=()
[ -n "${MAC_SIGNING_KEY:-}" ] && sign=(--mac-sign --mac-signing-key-user-name "$MAC_SIGNING_KEY")
jpackage --type dmg --name Cairn --app-version "$mac_version" --vendor Cairn \
  --description "Local-first knowledge base: on-device embeddings, bundled PostgreSQL with pgvector, cited answers." \
  --copyright "Copyright the Cairn authors. Apache License 2.0." --license-file LICENSE \
  --input "$input" --main-jar cairn.jar --main-class dev.cairn.Main \
  --runtime-image "$work/runtime" --icon assets/icons/cairn.icns \
  --mac-package-identifier dev.cairn.Cairn --mac-app-category public.app-category.productivity \
  --java-options '--enable-native-access=ALL-UNNAMED' --java-options '--sun-misc-unsafe-memory-access=allow' \
  --java-options '-XX:MaxRAMPercentage=25' --java-options '-Xms64m' \
  "${sign[@]}" --dest "$dist"
ls -l "$dist"
