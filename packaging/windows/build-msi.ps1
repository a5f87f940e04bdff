# Recipe: Cairn's .msi on Windows x64, the counterpart of packaging/jpackage/build.sh.
# NOT RUN YET: written and reviewed on Linux, where Windows cannot be tried. See packaging/README.md.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-msi.ps1 -PgBundle postgres-windows-x86_64.txz
#
# Needs: JDK 25 (JAVA_HOME; jlink, jpackage), Maven on the PATH, the WiX Toolset that jpackage uses
# (WiX 3.x candle/light on the PATH, or WiX 4+ "wix" as a .NET tool), and the PostgreSQL + pgvector
# archive for Windows, made as packaging/README.md describes ("The database bundle on Windows").
param(
    [Parameter(Mandatory = $true)][string]$PgBundle
)
$ErrorActionPreference = 'Stop'
Set-Location (Resolve-Path "$PSScriptRoot\..\..")

if (-not (Test-Path $PgBundle)) { throw "-PgBundle: no such file $PgBundle" }
if (-not $env:JAVA_HOME) { throw "set JAVA_HOME to a JDK 25" }
$bin = Join-Path $env:JAVA_HOME 'bin'
Add-Type -AssemblyName System.IO.Compression.FileSystem

$pom = [xml](Get-Content pom.xml)
$pomVersion = $pom.project.version
$version = $pomVersion -replace '-SNAPSHOT$', ''

$work = 'target\jpackage'
$dist = 'target\dist'
$input = "$work\input"
Remove-Item -Recurse -Force $work, $dist -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force $input, $dist | Out-Null

# 1. The jar (without the Linux database profile) and its dependencies.
mvn -B -q -DskipTests '-Dcairn.pg.skipBundle' package
if ($LASTEXITCODE -ne 0) { throw 'mvn package failed' }
Copy-Item "target\cairn-$pomVersion.jar" "$input\cairn.jar"
foreach ($dep in (Get-Content target\classpath.txt -Raw).Trim().Split(';')) { if ($dep) { Copy-Item $dep $input } }
Get-ChildItem $input -Filter 'javafx-*.jar' | Where-Object { $_.Name -notmatch '-win\.jar$' } | Remove-Item

# 2. The database archive goes into the jar where PgBundle looks for it (dev/cairn/store/postgres-windows-x86_64.txz).
New-Item -ItemType Directory -Force "$work\res\dev\cairn\store" | Out-Null
Copy-Item $PgBundle "$work\res\dev\cairn\store\postgres-windows-x86_64.txz"
& "$bin\jar.exe" --update --file "$input\cairn.jar" -C "$work\res" 'dev/cairn/store/postgres-windows-x86_64.txz'
if ($LASTEXITCODE -ne 0) { throw 'jar --update failed' }

# 3. Other platforms' native libraries out of the jars: an entry inside a folder named for an OS
#    (onnxruntime native/osx-x64/, tokenizers native/lib/linux-x86_64/, jna com/sun/jna/aix-ppc/) goes,
#    unless that folder is Windows x64's; classes stay (jna has a package named win32).
$osDir = '^(linux|osx|darwin|mac|macos|aix|sunos|freebsd|openbsd|dragonflybsd|android|win|win32|windows)(-.*)?$'
$keep = @('win-x64', 'win-x86_64', 'win32-x86-64')
foreach ($jar in Get-ChildItem $input -Filter '*.jar') {
    $zip = [System.IO.Compression.ZipFile]::Open($jar.FullName, 'Update')
    try {
        if ($zip.Entries | Where-Object { $_.FullName -match '^META-INF/[^/]+\.(SF|RSA|DSA|EC)$' }) { throw "$($jar.Name) is signed" }
        $cut = @($zip.Entries | Where-Object {
            $dirs = $_.FullName.Split('/') | Select-Object -SkipLast 1
            ($_.FullName -notmatch '\.class$') -and
                ($dirs | Where-Object { $_ -match $osDir -and $keep -notcontains $_ })
        })
        foreach ($e in $cut) { $e.Delete() }
        if ($cut.Count) { Write-Host "$($jar.Name): cut $($cut.Count) entries of other platforms" }
    } finally { $zip.Dispose() }
}

# 4. Runtime and the .msi (same module list as on Linux; docs/decisions/0006-installers.md).
$modules = 'java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,' +
    'java.prefs,java.scripting,java.security.jgss,java.sql,java.xml,java.xml.crypto,' +
    'jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.security.auth,jdk.unsupported,jdk.zipfs'
& "$bin\jlink.exe" --add-modules $modules --output "$work\runtime" --strip-debug --no-header-files --no-man-pages --compress zip-6
if ($LASTEXITCODE -ne 0) { throw 'jlink failed' }

# Cairn.exe is the windowed app (no console); cairn-cli.exe is the same program with a console, for the
# command line (cairn-cli doctor, cairn-cli ask ...). The upgrade code stays fixed across versions so a newer .msi replaces an older one.
& "$bin\jpackage.exe" --type msi --name Cairn --app-version $version --vendor Cairn `
    --description 'Local-first knowledge base: on-device embeddings, bundled PostgreSQL with pgvector, cited answers.' `
    --copyright 'Copyright the Cairn authors. Apache License 2.0.' --license-file LICENSE `
    --input $input --main-jar cairn.jar --main-class dev.cairn.Main `
    --runtime-image "$work\runtime" --icon assets\icons\cairn.ico `
    --win-menu --win-menu-group Cairn --win-shortcut --win-dir-chooser --win-per-user-install `
    --win-upgrade-uuid 7d1c5b2e-4f0a-4c8e-9a3d-2b6f0c1e8a47 `
    --add-launcher cairn-cli=packaging\windows\cairn-cli.properties `
    --java-options '--enable-native-access=ALL-UNNAMED' --java-options '--sun-misc-unsafe-memory-access=allow' `
    --java-options '-XX:MaxRAMPercentage=25' --java-options '-Xms64m' `
    --dest $dist
if ($LASTEXITCODE -ne 0) { throw 'jpackage failed' }
Get-ChildItem $dist
