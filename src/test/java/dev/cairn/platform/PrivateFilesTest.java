package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path parent;

    @BeforeEach
    void posixOnly() {
        assumeTrue(PrivateFiles.posix(), "POSIX file modes");
    }

    @Test
    void aNewDataDirectoryAndWhatIsMadeInItArePrivateFromTheStart() throws Exception {
        Path dataDir = parent.resolve("new").resolve("cairn");

        PrivateFiles.secureDataDir(dataDir);
        Path logs = PrivateFiles.createDirectories(dataDir.resolve("logs"));
        Path log = PrivateFiles.createFile(logs.resolve("x.log"));

        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(logs)).isEqualTo("rwx------");
        assertThat(mode(log)).isEqualTo("rw-------");
        assertThat(PrivateFiles.looserThanPrivate(dataDir)).isEmpty();
    }

    @Test
    void aDirectoryFromAnOlderVersionIsTightenedWholeAtStart() throws Exception {
        Path dataDir = Files.createDirectories(parent.resolve("old"));
        Path imports = Files.createDirectories(dataDir.resolve("imports"));
        Path journal = Files.writeString(imports.resolve("a.import"), "+/home/me/secret.pdf\n");
        Path settings = Files.writeString(dataDir.resolve("settings.properties"), "model=x\n");
        for (Path p : List.of(dataDir, imports)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(journal, settings)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertThat(PrivateFiles.looserThanPrivate(dataDir))
                .containsExactlyInAnyOrder(dataDir, imports, journal, settings);

        assertThat(PrivateFiles.secureDataDir(dataDir)).isEqualTo(3); // the directory itself is made private first

        assertThat(PrivateFiles.looserThanPrivate(dataDir)).isEmpty();
        assertThat(mode(journal)).isEqualTo("rw-------");
        assertThat(mode(imports)).isEqualTo("rwx------");
    }

    @Test
    void aPrivateDirectoryLeavesPostgresqlsOwnClusterToPostgresql() throws Exception {
        Path dataDir = PrivateFiles.createDirectories(parent.resolve("cairn"));
        Path deep = Files.createDirectories(dataDir.resolve("pg").resolve("base"));
        Path file = Files.writeString(deep.resolve("16384"), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Path report = Files.writeString(dataDir.resolve("bench-report.md"), "# bench");
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.secureDataDir(dataDir);

        assertThat(mode(report)).isEqualTo("rw-------");
        assertThat(mode(file))
                .as("not walked: PostgreSQL keeps its files itself")
                .isEqualTo("rw-r-----");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
