package dev.cairn.store;

import dev.cairn.platform.Phrase;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the PostgreSQL + pgvector archive (built by {@code packaging/pgvector/build-bundle.sh}).
 *
 * <p>Looked up in this order: the system property {@value #PROPERTY}, the environment variable
 * {@value #ENV}, then the classpath resource {@code dev/cairn/store/postgres-<os>-<arch>.txz} that
 * the build puts into the jar. The resolvers are records so that zonky, which caches unpacked
 * binaries per resolver, unpacks an archive once per process rather than once per start.
 */
final class PgBundle {

    static final String PROPERTY = "cairn.pg.bundle";
    static final String ENV = "CAIRN_PG_BUNDLE";

    private PgBundle() {}

    static PgBinaryResolver locate() {
        return locate(System.getProperty(PROPERTY), System.getenv(ENV), platform());
    }

    static PgBinaryResolver locate(String property, String env, String platform) {
        List<String> tried = new ArrayList<>();
        for (Map.Entry<String, String> choice :
                List.of(Map.entry("-D" + PROPERTY, blankToEmpty(property)), Map.entry("$" + ENV, blankToEmpty(env)))) {
            if (choice.getValue().isEmpty()) {
                continue;
            }
            Path archive = Path.of(choice.getValue()).toAbsolutePath();
            if (Files.isRegularFile(archive)) {
                return new ArchiveFile(archive);
            }
            tried.add(choice.getKey() + " = " + archive + " (no such file)");
        }
        String resource = "dev/cairn/store/postgres-" + platform + ".txz";
        if (PgBundle.class.getClassLoader().getResource(resource) != null) {
            return new ClasspathArchive(resource);
        }
        tried.add("classpath resource " + resource + " (not in this build)");
        throw new DatabaseException(Phrase.of("db.noBundle", platform, String.join("; ", tried), ENV));
    }

    /** The platform in zonky's naming, e.g. {@code linux-x86_64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String name = os.contains("win") ? "windows" : os.contains("mac") || os.contains("darwin") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch", "");
        return name + "-" + ("amd64".equals(arch) ? "x86_64" : arch);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    record ArchiveFile(Path archive) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return Files.newInputStream(archive);
        }
    }

    record ClasspathArchive(String resource) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            InputStream in = PgBundle.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("classpath resource " + resource + " disappeared");
            }
            return in;
        }
    }
}
