package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.platform.Phrase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the PostgreSQL archive comes from: the system property, the environment, the jar. */
class PgBundleTest {

    @TempDir
    Path dir;

    @Test
    void theSystemPropertyComesFirst() throws Exception {
        Path fromProperty = Files.createFile(dir.resolve("a.txz"));
        Path fromEnv = Files.createFile(dir.resolve("b.txz"));
        assertThat(PgBundle.locate(fromProperty.toString(), fromEnv.toString(), "linux-x86_64"))
                .isEqualTo(new PgBundle.ArchiveFile(fromProperty));
    }

    @Test
    void theEnvironmentIsUsedWhenThePropertyPointsNowhere() throws Exception {
        Path fromEnv = Files.createFile(dir.resolve("b.txz"));
        assertThat(PgBundle.locate(dir.resolve("missing.txz").toString(), fromEnv.toString(), "linux-x86_64"))
                .isEqualTo(new PgBundle.ArchiveFile(fromEnv));
    }

    @Test
    void withoutAnArchiveTheMessageNamesBothWaysOut() {
        assertThatThrownBy(() -> PgBundle.locate(dir.resolve("missing.txz").toString(), " ", "plan9-mips"))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                        .contains("missing.txz (no such file)")
                        .contains("postgres-plan9-mips.txz")
                        .contains(PgBundle.ENV)
                        .contains("--db-url"));
    }

    @Test
    void aDamagedArchiveIsNamedAsSuchWithTheWayOut() throws Exception {
        Path damaged =
                Files.write(dir.resolve("damaged.txz"), new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 1, 2, 3});
        assertThatThrownBy(() -> PgPrograms.unpack(new PgBundle.ArchiveFile(damaged), dir.resolve("cache")))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                        .contains(damaged.toString())
                        .contains("damaged or incomplete")
                        .contains("build-bundle.sh"));
    }

    @Test
    void resolversAreValuesSoUnpackedBinariesAreReused() {
        assertThat(new PgBundle.ClasspathArchive("x")).isEqualTo(new PgBundle.ClasspathArchive("x"));
    }
}
